//! Korean text picks its particles (을/를, 이/가, 은/는, 과/와, 으로/로) for the word before them,
//! through `server_lab::korean` where the word is not known in advance. The hedged forms that
//! read like a form letter ("을(를)") must not come back, in the interface, the prose or the
//! glossary.

use std::fs;

const HEDGED: [&str; 7] = ["을(를)", "를(을)", "이(가)", "은(는)", "(으)로", "와(과)", "과(와)"];

fn korean_sources() -> Vec<(String, String)> {
    let mut files: Vec<String> = fs::read_dir("src/i18n")
        .expect("src/i18n")
        .filter_map(|e| e.ok().map(|e| e.path().display().to_string()))
        .filter(|p| p.ends_with(".rs"))
        .collect();
    files.extend(
        fs::read_dir("content")
            .expect("content")
            .filter_map(|e| e.ok().map(|e| e.path().display().to_string()))
            .filter(|p| p.ends_with(".ko.json") || p.ends_with("glossary.json")),
    );
    files.sort();
    files.into_iter().map(|p| (fs::read_to_string(&p).unwrap_or_else(|e| panic!("{p}: {e}")), p)).collect()
}

#[test]
fn no_hedged_particles_in_the_interface_or_the_prose() {
    let sources = korean_sources();
    assert!(sources.len() >= 8, "the interface strings and the Korean prose files");
    for (text, path) in sources {
        for hedged in HEDGED {
            assert!(!text.contains(hedged), "{path} writes {hedged}: use server_lab::korean::with");
        }
    }
}
