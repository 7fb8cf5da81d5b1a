//! One term for one thing: the glossary (`content/glossary.json`) parses, each term is used by
//! the chapter it links to, and neither the interface strings nor the prose (nor the glossary's
//! own definitions) use a spelling the glossary says to avoid. Units are written with a space
//! before them ("16 GiB").

use std::fs;

use serde_json::Value;
use server_lab::content::text_path;
use server_lab::glossary::{Glossary, GLOSSARY_PATH};

fn glossary() -> Glossary {
    let json = fs::read_to_string(GLOSSARY_PATH).unwrap_or_else(|e| panic!("{GLOSSARY_PATH}: {e}"));
    Glossary::parse(&json).unwrap_or_else(|e| panic!("{GLOSSARY_PATH}: {e:?}"))
}

/// Whether a text is Korean: it has Hangul syllables.
fn is_korean(text: &str) -> bool {
    text.chars().any(|c| ('가'..='힣').contains(&c))
}

/// The string literals of a Rust source file (comments skipped), where the interface keeps its
/// words; a file mixes both languages, so each literal is judged by its own script.
fn string_literals(source: &str) -> Vec<String> {
    let mut literals = Vec::new();
    let mut chars = source.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '/' if chars.peek() == Some(&'/') => {
                chars.by_ref().find(|&c| c == '\n');
            }
            '\'' => {
                // A char literal ('"', '\'') is skipped whole; a lifetime ('a) is left alone.
                let mut ahead = chars.clone();
                match (ahead.next(), ahead.next()) {
                    (Some('\\'), _) => {
                        chars.by_ref().take_while(|&c| c != '\'').count();
                        chars.next();
                    }
                    (Some(_), Some('\'')) => {
                        chars.nth(1);
                    }
                    _ => {}
                }
            }
            '"' => {
                let mut literal = String::new();
                while let Some(c) = chars.next() {
                    match c {
                        '\\' => literal.extend(chars.next()),
                        '"' => break,
                        c => literal.push(c),
                    }
                }
                literals.push(literal);
            }
            _ => {}
        }
    }
    literals
}

/// Every text the learner reads, as (where, language, text): the interface's string literals and
/// every written chapter's prose.
fn texts() -> Vec<(String, &'static str, String)> {
    let mut texts = Vec::new();
    let mut sources: Vec<String> = ["src/i18n", "src/tools", "src/chapters", "src/ui"]
        .iter()
        .flat_map(|dir| fs::read_dir(dir).unwrap_or_else(|e| panic!("{dir}: {e}")))
        .filter_map(|e| e.ok().map(|e| e.path().display().to_string()))
        .filter(|p| p.ends_with(".rs"))
        .collect();
    sources.push("src/app.rs".to_string());
    sources.sort();
    for path in sources {
        let source = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        for literal in string_literals(&source) {
            let lang = if is_korean(&literal) { "ko" } else { "en" };
            texts.push((path.clone(), lang, literal));
        }
    }
    for id in server_lab::course::ChapterId::ALL.into_iter().filter(|c| c.is_ready()) {
        for lang in ["ko", "en"] {
            let path = text_path(id.slug(), lang);
            let prose = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let value: Value = serde_json::from_str(&prose).unwrap_or_else(|e| panic!("{path}: {e}"));
            let mut strings = Vec::new();
            strings_in(&value, &mut strings);
            texts.extend(strings.into_iter().map(|s| (path.clone(), lang, s)));
        }
    }
    texts
}

/// Every string in a JSON value.
fn strings_in(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings_in(v, out)),
        Value::Object(fields) => fields.values().for_each(|v| strings_in(v, out)),
        _ => {}
    }
}

/// The avoided spellings `text` (in `lang`) uses. A spelling that starts or ends with an ASCII
/// letter or digit counts only as a whole word there ("OS" is not in "macOS"), and one inside
/// an occurrence of another glossary term is that term, not the avoided one ("층" in "계층").
fn avoided_in<'g>(glossary: &'g Glossary, lang: &str, text: &str) -> Vec<&'g str> {
    let terms: Vec<&str> = glossary.entries.iter().map(|e| e.wording(lang).term.as_str()).collect();
    let covered = |start: usize, end: usize| {
        terms.iter().any(|term| {
            text.match_indices(term).any(|(at, t)| at <= start && end <= at + t.len() && t.len() > end - start)
        })
    };
    let alnum = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    let edge = |inner: Option<char>, outer: Option<char>| !alnum(inner) || !alnum(outer);
    let mut found = Vec::new();
    for entry in &glossary.entries {
        for avoid in &entry.wording(lang).avoid {
            let used = text.match_indices(avoid.as_str()).any(|(at, a)| {
                let end = at + a.len();
                let starts = edge(a.chars().next(), text[..at].chars().next_back());
                let ends = edge(a.chars().next_back(), text[end..].chars().next());
                starts && ends && !covered(at, end)
            });
            if used {
                found.push(avoid.as_str());
            }
        }
    }
    found
}

#[test]
fn the_glossary_parses_with_every_term_in_both_languages() {
    let glossary = glossary();
    assert!(glossary.entries.len() >= 30, "the terms of chapters 0-3");
    for entry in &glossary.entries {
        for lang in ["ko", "en"] {
            let wording = entry.wording(lang);
            assert_eq!(is_korean(&wording.definition), lang == "ko", "{} {lang}: definition's language", entry.id);
            assert!(!wording.avoid.contains(&wording.term), "{} {lang} avoids its own term", entry.id);
        }
    }
}

#[test]
fn each_term_is_used_by_the_chapter_it_links_to() {
    let mut unused = Vec::new();
    for entry in glossary().entries {
        for lang in ["ko", "en"] {
            let path = text_path(entry.chapter.slug(), lang);
            let prose = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}")).to_lowercase();
            let term = entry.wording(lang).term.to_lowercase();
            if !prose.contains(&term) {
                unused.push(format!("{path} never says {term:?}, yet the glossary links {} there", entry.id));
            }
        }
    }
    assert!(unused.is_empty(), "{}", unused.join("\n"));
}

#[test]
fn the_interface_and_the_prose_spell_terms_as_the_glossary_does() {
    let glossary = glossary();
    let mut wrong = Vec::new();
    for (path, lang, text) in texts() {
        for avoided in avoided_in(&glossary, lang, &text) {
            wrong.push(format!("{path} ({lang}) writes {avoided:?}: {text:.80}"));
        }
    }
    for entry in &glossary.entries {
        for lang in ["ko", "en"] {
            let wording = entry.wording(lang);
            for text in [&wording.term, &wording.definition] {
                for avoided in avoided_in(&glossary, lang, text) {
                    wrong.push(format!("the glossary's {} ({lang}) writes {avoided:?}", entry.id));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "spellings the glossary avoids:\n{}", wrong.join("\n"));
}

#[test]
fn the_check_finds_an_avoided_spelling_and_excuses_a_longer_term() {
    let glossary = glossary();
    assert_eq!(avoided_in(&glossary, "ko", "함께 쓰는 OS의 메모리 부족 킬러가 나서요."), ["OS", "메모리 부족 킬러"]);
    assert!(avoided_in(&glossary, "ko", "게스트 OS와 호스트 OS, 그리고 macOS의 계층").is_empty());
    assert_eq!(avoided_in(&glossary, "en", "the out-of-memory killer"), ["out-of-memory killer"]);
    let source = "label: \"죽이기\", // \"OS\"\n c: '\"', l: &'static str = \"Crash\"";
    assert_eq!(string_literals(source), ["죽이기", "Crash"]);
}

/// Units of measure are written after a space, as in "16 GiB" and "20 ms" (Korean counters such
/// as 초 and 개, and %, attach to the number).
#[test]
fn units_follow_their_number_after_a_space() {
    const UNITS: [&str; 7] = ["KiB", "MiB", "GiB", "KB", "MB", "GB", "ms"];
    let mut wrong = Vec::new();
    for (path, _, text) in texts() {
        for unit in UNITS {
            for (at, _) in text.match_indices(unit) {
                let before = text[..at].chars().next_back();
                let after = text[at + unit.len()..].chars().next();
                let glued = before.is_some_and(|c| c.is_ascii_digit() || c == '}');
                if glued && !after.is_some_and(|c| c.is_ascii_alphanumeric()) {
                    let from = text[..at].char_indices().rev().nth(12).map_or(0, |(i, _)| i);
                    wrong.push(format!("{path}: {unit} glued to its number: {:.40}", &text[from..]));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
