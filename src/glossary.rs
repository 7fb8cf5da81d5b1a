//! The glossary: every term the written chapters teach, in Korean and English, with a short
//! definition in each language, the chapter that teaches it, and the spellings to avoid.
//!
//! One file, `content/glossary.json`, is the single source: the glossary page (`#/glossary`)
//! shows it, and a native test (`tests/glossary.rs`) holds the interface strings and the
//! chapter prose to its spellings. Like chapter prose it is fetched when the page opens, not
//! compiled in, and parsed strictly by walking a `serde_json::Value` (never panicking). It
//! leaves out plurals, inflections and synonyms: a term is one exact spelling per language.

use serde_json::Value;

use crate::content::not_json;
use crate::course::ChapterId;

/// Where the glossary is, relative to the site's root.
pub const GLOSSARY_PATH: &str = "content/glossary.json";

/// Longest glossary file accepted, in bytes.
pub const MAX_GLOSSARY_BYTES: usize = 128 * 1024;

/// Most entries accepted (a guard against a runaway file, far above what the course needs).
pub const MAX_ENTRIES: usize = 500;

/// A term as one language writes it.
#[derive(Clone, Debug, PartialEq)]
pub struct Wording {
    pub term: String,
    /// One or two sentences.
    pub definition: String,
    /// Spellings of the same thing that the interface and the prose must not use.
    pub avoid: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    /// Stable id, e.g. "oom-killer": lowercase ASCII letters, digits and hyphens.
    pub id: String,
    /// The written chapter that teaches the term.
    pub chapter: ChapterId,
    pub ko: Wording,
    pub en: Wording,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Glossary {
    pub entries: Vec<Entry>,
}

/// Why a glossary file was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum GlossaryError {
    TooLarge,
    Malformed(String),
    /// Two entries share this id.
    DuplicateId(String),
    /// This entry names a chapter that does not exist or is not written yet.
    UnknownChapter(String),
}

impl Glossary {
    pub fn parse(json: &str) -> Result<Glossary, GlossaryError> {
        if json.len() > MAX_GLOSSARY_BYTES {
            return Err(GlossaryError::TooLarge);
        }
        let value: Value = serde_json::from_str(json).map_err(|e| malformed(&not_json(&e)))?;
        let terms = value.get("terms").and_then(Value::as_array).ok_or_else(|| malformed("no list of terms"))?;
        if terms.is_empty() || terms.len() > MAX_ENTRIES {
            return Err(malformed("the number of terms"));
        }
        let mut entries: Vec<Entry> = Vec::with_capacity(terms.len());
        for term in terms {
            let entry = entry(term)?;
            if entries.iter().any(|e| e.id == entry.id) {
                return Err(GlossaryError::DuplicateId(entry.id));
            }
            entries.push(entry);
        }
        Ok(Glossary { entries })
    }

    /// The entries in the order a reader of `lang` ("ko" or "en") looks them up: by their term
    /// in that language, ignoring the case of ASCII letters (Hangul syllables sort in 가나다
    /// order by code point, which UTF-8 bytes keep; terms use no other cased letters, and
    /// Unicode case tables would cost the page kilobytes).
    pub fn sorted(&self, lang: &str) -> Vec<&Entry> {
        let letters = |e: &Entry| e.wording(lang).term.to_ascii_lowercase();
        let mut entries: Vec<&Entry> = self.entries.iter().collect();
        entries.sort_unstable_by_key(|e| letters(e));
        entries
    }
}

impl Entry {
    /// The wording in `lang` ("ko", else English).
    pub fn wording(&self, lang: &str) -> &Wording {
        if lang == "ko" {
            &self.ko
        } else {
            &self.en
        }
    }
}

fn malformed(what: &str) -> GlossaryError {
    GlossaryError::Malformed(what.to_string())
}

fn text<'a>(value: &'a Value, key: &str, within: &str) -> Result<&'a str, GlossaryError> {
    value
        .get(key)
        .and_then(Value::as_str)
        .filter(|s| !s.trim().is_empty())
        .ok_or_else(|| malformed(&format!("{within} has no {key}")))
}

fn entry(value: &Value) -> Result<Entry, GlossaryError> {
    let id = text(value, "id", "a term")?;
    let valid_id = id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid_id {
        return Err(malformed(&format!("the id {id:?}")));
    }
    let slug = text(value, "chapter", id)?;
    let chapter = ChapterId::from_slug(slug)
        .filter(|c| c.is_ready())
        .ok_or_else(|| GlossaryError::UnknownChapter(id.to_string()))?;
    Ok(Entry { id: id.to_string(), chapter, ko: wording(value, "ko", id)?, en: wording(value, "en", id)? })
}

fn wording(entry: &Value, lang: &str, id: &str) -> Result<Wording, GlossaryError> {
    let within = format!("{id} {lang}");
    let value = entry.get(lang).ok_or_else(|| malformed(&format!("{id} has no {lang}")))?;
    let avoid = value
        .get("avoid")
        .and_then(Value::as_array)
        .ok_or_else(|| malformed(&format!("{within} has no avoid list")))?
        .iter()
        .map(|a| a.as_str().filter(|s| !s.trim().is_empty()).map(str::to_string))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| malformed(&format!("{within} avoids something that is not text")))?;
    Ok(Wording {
        term: text(value, "term", &within)?.to_string(),
        definition: text(value, "definition", &within)?.to_string(),
        avoid,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(id: &str, chapter: &str, ko_term: &str, en_term: &str) -> String {
        format!(
            r#"{{"id":"{id}","chapter":"{chapter}",
                "ko":{{"term":"{ko_term}","definition":"정의예요.","avoid":["딴말"]}},
                "en":{{"term":"{en_term}","definition":"A definition.","avoid":[]}}}}"#
        )
    }

    fn file(entries: &[String]) -> String {
        format!(r#"{{"terms":[{}]}}"#, entries.join(","))
    }

    #[test]
    fn a_good_file_reads_in_both_languages() {
        let json =
            file(&[one("queue", "servers", "대기열", "queue"), one("host", "virtual-machines", "호스트", "host")]);
        let glossary = Glossary::parse(&json).expect("valid");
        assert_eq!(glossary.entries.len(), 2);
        let queue = &glossary.entries[0];
        assert_eq!((queue.id.as_str(), queue.chapter), ("queue", ChapterId::Server));
        assert_eq!(queue.wording("ko").term, "대기열");
        assert_eq!(queue.wording("ko").avoid, vec!["딴말".to_string()]);
        assert_eq!(queue.wording("en").definition, "A definition.");
    }

    #[test]
    fn entries_sort_by_the_readers_language() {
        let json = file(&[
            one("queue", "servers", "대기열", "queue"),
            one("host", "virtual-machines", "호스트", "host"),
            one("cgroup", "containers", "cgroup", "cgroup"),
            one("kernel", "containers", "커널", "Kernel"),
        ]);
        let glossary = Glossary::parse(&json).expect("valid");
        let ids = |lang| glossary.sorted(lang).iter().map(|e| e.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids("ko"), ["cgroup", "queue", "kernel", "host"]);
        assert_eq!(ids("en"), ["cgroup", "host", "kernel", "queue"]);
    }

    #[test]
    fn wrong_files_are_refused_with_a_reason() {
        let good = one("queue", "servers", "대기열", "queue");
        assert!(matches!(Glossary::parse("{"), Err(GlossaryError::Malformed(_))));
        assert!(matches!(Glossary::parse("[]"), Err(GlossaryError::Malformed(_))));
        assert!(matches!(Glossary::parse(r#"{"terms":[]}"#), Err(GlossaryError::Malformed(_))));
        assert_eq!(
            Glossary::parse(&file(&[good.clone(), good.clone()])),
            Err(GlossaryError::DuplicateId("queue".into()))
        );
        for (bad, chapter) in [("coming", "fleets"), ("nowhere", "nope")] {
            let refused = Glossary::parse(&file(&[one(bad, chapter, "낱말", "word")]));
            assert_eq!(refused, Err(GlossaryError::UnknownChapter(bad.into())), "{chapter}");
        }
        for broken in [
            good.replace(r#""en":"#, r#""fr":"#),
            good.replace(r#""term":"대기열""#, r#""term":"""#),
            good.replace(r#""avoid":[]"#, r#""avoid":[3]"#),
            good.replace(r#""avoid":[]"#, r#""avoid":"none""#),
            good.replace(r#""definition":"A definition.""#, r#""definition":7"#),
            good.replace(r#""id":"queue""#, r#""id":"Queue Two""#),
        ] {
            assert!(
                matches!(Glossary::parse(&file(std::slice::from_ref(&broken))), Err(GlossaryError::Malformed(_))),
                "{broken}"
            );
        }
        assert_eq!(Glossary::parse(&" ".repeat(MAX_GLOSSARY_BYTES + 1)), Err(GlossaryError::TooLarge));
    }
}
