//! Korean particles after a word whose ending is not known in advance (a service's name, a
//! server's number, "VM", "API"): 을/를, 이/가, 은/는, 과/와 and 으로/로 depend on whether the
//! word, as a reader says it, ends in a consonant (받침), and 으로/로 on whether that consonant
//! is ㄹ.
//!
//! How a word is read: a Hangul syllable by its final consonant; a number by its Sino-Korean
//! reading (3 삼, 10 십, 100 백, 1,000 천); a Latin letter by its English name (M 엠, L 엘,
//! API 에이피아이). Marks after the word (a closing bracket, a quote, a full stop) are skipped.
//! Left out: Latin words read as words rather than letters ("nginx") are read letter by letter,
//! and a word with no letter or digit at all counts as ending in a vowel.

/// A particle that changes with the word before it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Particle {
    /// 을/를, the object.
    Object,
    /// 이/가, the subject.
    Subject,
    /// 은/는, the topic.
    Topic,
    /// 과/와, "and".
    And,
    /// 으로/로, "to" or "as".
    Toward,
}

/// How a word's last sound ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ending {
    Vowel,
    /// ㄹ, which takes 로 rather than 으로.
    Rieul,
    Consonant,
}

/// `word` followed by the form of `particle` that fits it: `with("서버 3", Particle::Object)`
/// is "서버 3을", `with("API", Particle::Subject)` is "API가".
pub fn with(word: &str, particle: Particle) -> String {
    format!("{word}{}", particle_after(word, particle))
}

/// The form of `particle` that follows `word`.
pub fn particle_after(word: &str, particle: Particle) -> &'static str {
    let ending = ending(word);
    let after_consonant = ending != Ending::Vowel;
    match particle {
        Particle::Object => pick(after_consonant, "을", "를"),
        Particle::Subject => pick(after_consonant, "이", "가"),
        Particle::Topic => pick(after_consonant, "은", "는"),
        Particle::And => pick(after_consonant, "과", "와"),
        Particle::Toward => pick(ending == Ending::Consonant, "으로", "로"),
    }
}

fn pick(first: bool, yes: &'static str, no: &'static str) -> &'static str {
    if first {
        yes
    } else {
        no
    }
}

fn ending(word: &str) -> Ending {
    // A gloss in brackets at the end is not read: "킬러(OOM killer)" ends in 러.
    let word = word.trim_end();
    let word = word.strip_suffix(')').and_then(|inner| inner.rfind('(').map(|open| &inner[..open])).unwrap_or(word);
    let spoken = word.trim_end_matches(|c: char| !(c.is_ascii_alphanumeric() || is_hangul_syllable(c)));
    let Some(last) = spoken.chars().next_back() else { return Ending::Vowel };
    if is_hangul_syllable(last) {
        return match (u32::from(last) - 0xAC00) % 28 {
            0 => Ending::Vowel,
            8 => Ending::Rieul,
            _ => Ending::Consonant,
        };
    }
    if last.is_ascii_digit() {
        return number_ending(spoken);
    }
    match last.to_ascii_uppercase() {
        // 엘, 알
        'L' | 'R' => Ending::Rieul,
        // 엠, 엔
        'M' | 'N' => Ending::Consonant,
        _ => Ending::Vowel,
    }
}

/// The ending of the number that closes `text` (digits, maybe grouped with commas), read in
/// Sino-Korean.
fn number_ending(text: &str) -> Ending {
    let digits: Vec<char> = text.chars().rev().take_while(|c| c.is_ascii_digit() || *c == ',').collect();
    let digits: Vec<char> = digits.into_iter().filter(char::is_ascii_digit).collect();
    let zeros = digits.iter().take_while(|d| **d == '0').count();
    if zeros == digits.len() {
        // 영
        return Ending::Consonant;
    }
    if zeros > 0 {
        // 십, 백, 천, 만 (십만, 백만, 천만), 억: all end in a consonant other than ㄹ.
        return Ending::Consonant;
    }
    // 일 이 삼 사 오 육 칠 팔 구
    match digits[0] {
        '1' | '7' | '8' => Ending::Rieul,
        '2' | '4' | '5' | '9' => Ending::Vowel,
        _ => Ending::Consonant,
    }
}

fn is_hangul_syllable(c: char) -> bool {
    ('\u{AC00}'..='\u{D7A3}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Particle::*;

    #[test]
    fn hangul_words_by_their_final_consonant() {
        for (word, particle, want) in [
            ("서버", Object, "서버를"),
            ("데이터베이스", Subject, "데이터베이스가"),
            ("검색", Object, "검색을"),
            ("웹 앱", Topic, "웹 앱은"),
            ("캐시", And, "캐시와"),
            ("배치 작업", And, "배치 작업과"),
            ("서버", Toward, "서버로"),
            ("선반", Toward, "선반으로"),
            ("레거시 보고서 앱", Toward, "레거시 보고서 앱으로"),
            ("파일", Toward, "파일로"),
            ("파일", Object, "파일을"),
            ("하늘", Subject, "하늘이"),
        ] {
            assert_eq!(with(word, particle), want);
        }
    }

    #[test]
    fn numbers_as_they_are_read() {
        for (word, particle, want) in [
            ("서버 1", Object, "서버 1을"),
            ("서버 2", Object, "서버 2를"),
            ("서버 3", Subject, "서버 3이"),
            ("서버 4", Subject, "서버 4가"),
            ("서버 6", Topic, "서버 6은"),
            ("서버 7", Toward, "서버 7로"),
            ("서버 3", Toward, "서버 3으로"),
            ("서버 9", Toward, "서버 9로"),
            ("10", Object, "10을"),
            ("100", Subject, "100이"),
            ("1,000", Topic, "1,000은"),
            ("0", Subject, "0이"),
            ("20", Toward, "20으로"),
        ] {
            assert_eq!(with(word, particle), want);
        }
    }

    #[test]
    fn latin_letters_by_their_names() {
        for (word, particle, want) in [
            ("VM", Object, "VM을"),
            ("API", Subject, "API가"),
            ("OS", Topic, "OS는"),
            ("SSL", Toward, "SSL로"),
            ("libssl", Object, "libssl을"),
            ("CPU", And, "CPU와"),
            ("DNS", Subject, "DNS가"),
            ("LAN", Toward, "LAN으로"),
        ] {
            assert_eq!(with(word, particle), want);
        }
    }

    #[test]
    fn marks_after_the_word_are_not_read() {
        assert_eq!(with("메모리 부족 킬러(OOM killer)", Particle::Subject), "메모리 부족 킬러(OOM killer)가");
        assert_eq!(with("'웹 앱'", Particle::Object), "'웹 앱'을");
        assert_eq!(with("", Particle::Object), "를");
        assert_eq!(with("?!", Particle::Topic), "?!는");
    }
}
