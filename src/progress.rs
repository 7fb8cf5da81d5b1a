//! What a learner has done: chapters read, challenges solved, quiz answers, and the predictions
//! that open the labs.
//!
//! Saved as versioned JSON in the browser's localStorage. Loading never fails: corrupt or
//! unknown data gives defaults, and a damaged entry is dropped while the valid ones are kept;
//! either way the caller gets a [`LoadNotice`] to show the learner.

use serde::{Serialize, Serializer};

use crate::course::ChapterId;
use serde_json::Value;

/// The format written now.
pub const VERSION: u32 = 1;
/// Saved data longer than this is not ours (localStorage allows megabytes).
pub const MAX_SAVED_BYTES: usize = 64 * 1024;
const MAX_ENTRIES: usize = 500;
/// Long enough for a teacher's challenge solve (`course::TeacherSolve`).
const MAX_KEY_LEN: usize = 256;
/// Quiz questions have at most this many choices.
pub const MAX_CHOICES: u8 = 4;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub version: u32,
    /// Slugs of chapters the learner opened.
    pub visited: Keys,
    /// Ids of challenges solved, and solves of teachers' challenges (`course::TeacherSolve`).
    pub solved: Keys,
    /// Question id -> index of the chosen answer.
    pub quiz: Keyed<u8>,
    /// Prediction id -> the learner's guess. Added after version 1 was first written: files
    /// without it load with none, and it is written only when there is one, so a learner with no
    /// guess saves exactly what earlier builds read (see docs/decisions.md).
    #[serde(skip_serializing_if = "Keyed::is_empty")]
    pub predictions: Keyed<Guess>,
}

/// Keys (chapter slugs, challenge ids) in order, each once, saved as a JSON array. A sorted
/// `Vec`, not a `BTreeSet`, whose code the wasm would carry for this key type alone
/// (docs/decisions.md).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Keys(Vec<String>);

impl Keys {
    pub fn contains(&self, key: &str) -> bool {
        self.0.binary_search_by(|k| k.as_str().cmp(key)).is_ok()
    }

    /// Adds `key`; `true` when it is new.
    pub fn insert(&mut self, key: String) -> bool {
        match self.0.binary_search(&key) {
            Ok(_) => false,
            Err(at) => {
                self.0.insert(at, key);
                true
            }
        }
    }

    pub fn iter(&self) -> std::slice::Iter<'_, String> {
        self.0.iter()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// Values by key, in key order, saved as a JSON object: a sorted `Vec` of pairs, as [`Keys`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keyed<V>(Vec<(String, V)>);

impl<V> Default for Keyed<V> {
    fn default() -> Self {
        Keyed(Vec::new())
    }
}

impl<V> Keyed<V> {
    fn find(&self, key: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(k, _)| k.as_str().cmp(key))
    }

    pub fn get(&self, key: &str) -> Option<&V> {
        self.find(key).ok().map(|at| &self.0[at].1)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut V> {
        self.find(key).ok().map(|at| &mut self.0[at].1)
    }

    /// Sets `key`'s value, replacing the one it had.
    pub fn insert(&mut self, key: String, value: V) {
        match self.find(&key) {
            Ok(at) => self.0[at].1 = value,
            Err(at) => self.0.insert(at, (key, value)),
        }
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<V: Serialize> Serialize for Keyed<V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

/// A prediction locked in before trying the lab.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Guess {
    /// Index of the chosen answer.
    pub choice: u8,
    /// Whether the lab has since been tried at the point the question is about.
    pub tried: bool,
}

/// Why an imported progress file was refused; the learner's current progress is untouched.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Not JSON, or JSON of another shape (not a progress file).
    NotProgress,
    /// A progress file from a version this site does not know.
    UnknownVersion,
    /// A progress file with damaged entries.
    Damaged,
}

const FIELDS: [&str; 5] = ["version", "visited", "solved", "quiz", "predictions"];

/// Why loaded progress is not exactly what was saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LoadNotice {
    /// Nothing readable: started afresh.
    Unreadable,
    /// Saved by a newer or unknown version: started afresh.
    UnknownVersion,
    /// Some entries were damaged and dropped; the rest were kept.
    PartlyKept,
}

impl Progress {
    pub fn new() -> Self {
        Progress { version: VERSION, ..Progress::default() }
    }

    /// Reads saved progress. `None` (nothing saved) is a fresh start with no notice.
    pub fn load(saved: Option<&str>) -> (Progress, Option<LoadNotice>) {
        let Some(raw) = saved else {
            return (Progress::new(), None);
        };
        if raw.len() > MAX_SAVED_BYTES {
            return (Progress::new(), Some(LoadNotice::Unreadable));
        }
        let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(raw) else {
            return (Progress::new(), Some(LoadNotice::Unreadable));
        };
        if fields.get("version").and_then(Value::as_u64) != Some(u64::from(VERSION)) {
            return (Progress::new(), Some(LoadNotice::UnknownVersion));
        }
        let mut damaged = false;
        let mut progress = Progress::new();
        progress.visited = read_set(fields.get("visited"), &mut damaged);
        progress.solved = read_set(fields.get("solved"), &mut damaged);
        match fields.get("quiz") {
            Some(Value::Object(answers)) => {
                for (question, choice) in answers.iter().take(MAX_ENTRIES) {
                    match choice.as_u64() {
                        Some(c) if c < u64::from(MAX_CHOICES) && valid_key(question) => {
                            progress.quiz.insert(question.clone(), c as u8);
                        }
                        _ => damaged = true,
                    }
                }
                damaged |= answers.len() > MAX_ENTRIES;
            }
            None => {}
            Some(_) => damaged = true,
        }
        match fields.get("predictions") {
            Some(Value::Object(guesses)) => {
                for (id, guess) in guesses.iter().take(MAX_ENTRIES) {
                    match read_guess(guess) {
                        Some(guess) if valid_key(id) => {
                            progress.predictions.insert(id.clone(), guess);
                        }
                        _ => damaged = true,
                    }
                }
                damaged |= guesses.len() > MAX_ENTRIES;
            }
            None => {}
            Some(_) => damaged = true,
        }
        (progress, damaged.then_some(LoadNotice::PartlyKept))
    }

    /// Reads a progress file the learner chose. Unlike [`Progress::load`] it accepts only a
    /// whole, undamaged file: importing replaces what the learner has, so half a file is
    /// refused rather than silently merged.
    pub fn import(raw: &str) -> Result<Progress, ImportError> {
        let has_only_known_fields = serde_json::from_str::<Value>(raw)
            .ok()
            .and_then(|v| v.as_object().map(|o| o.keys().all(|k| FIELDS.contains(&k.as_str()))))
            .unwrap_or(false);
        match Progress::load(Some(raw)) {
            _ if !has_only_known_fields => Err(ImportError::NotProgress),
            (progress, None) => Ok(progress),
            (_, Some(LoadNotice::Unreadable)) => Err(ImportError::NotProgress),
            (_, Some(LoadNotice::UnknownVersion)) => Err(ImportError::UnknownVersion),
            (_, Some(LoadNotice::PartlyKept)) => Err(ImportError::Damaged),
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Records a visit; `true` when it is new.
    pub fn visit(&mut self, slug: &str) -> bool {
        self.visited.insert(slug.to_string())
    }

    pub fn solve(&mut self, challenge: &str) -> bool {
        self.solved.insert(challenge.to_string())
    }

    /// How many of the chapter's built-in challenges are solved.
    pub fn challenges_solved(&self, chapter: ChapterId) -> usize {
        chapter.challenge_ids().iter().filter(|id| self.solved.contains(id)).count()
    }

    /// Whether the chapter has challenges and every one is solved.
    pub fn chapter_solved(&self, chapter: ChapterId) -> bool {
        let all = chapter.challenge_ids().len();
        all > 0 && self.challenges_solved(chapter) == all
    }

    pub fn answer(&mut self, question: &str, choice: u8) {
        self.quiz.insert(question.to_string(), choice);
    }

    /// Locks in a prediction, not yet tried.
    pub fn predict(&mut self, id: &str, choice: u8) {
        self.predictions.insert(id.to_string(), Guess { choice, tried: false });
    }

    /// Marks a locked-in prediction as tried; `true` when that is news.
    pub fn tried(&mut self, id: &str) -> bool {
        self.predictions.get_mut(id).is_some_and(|g| !std::mem::replace(&mut g.tried, true))
    }
}

/// `{"choice": 1, "tried": false}`; anything else is damaged.
fn read_guess(value: &Value) -> Option<Guess> {
    let fields = value.as_object()?;
    if fields.len() != 2 {
        return None;
    }
    let choice = fields.get("choice")?.as_u64().filter(|c| *c < u64::from(MAX_CHOICES))?;
    Some(Guess { choice: choice as u8, tried: fields.get("tried")?.as_bool()? })
}

fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= MAX_KEY_LEN
        && key.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"/-".contains(&b))
}

fn read_set(value: Option<&Value>, damaged: &mut bool) -> Keys {
    let mut set = Keys::default();
    match value {
        None => {}
        Some(Value::Array(items)) => {
            *damaged |= items.len() > MAX_ENTRIES;
            for item in items.iter().take(MAX_ENTRIES) {
                match item.as_str() {
                    Some(key) if valid_key(key) => {
                        set.insert(key.to_string());
                    }
                    _ => *damaged = true,
                }
            }
        }
        Some(_) => *damaged = true,
    }
    set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chapter_is_solved_once_every_challenge_of_it_is() {
        let mut p = Progress::new();
        let [fewest_nodes, no_lost_writes] = ChapterId::Clusters.challenge_ids() else { panic!("two challenges") };
        p.solve(no_lost_writes);
        assert_eq!((p.challenges_solved(ChapterId::Clusters), p.chapter_solved(ChapterId::Clusters)), (1, false));
        p.solve(fewest_nodes);
        assert_eq!((p.challenges_solved(ChapterId::Clusters), p.chapter_solved(ChapterId::Clusters)), (2, true));
        p.solve("why/move-out");
        assert!(p.chapter_solved(ChapterId::WhyServers));
        assert!(!p.chapter_solved(ChapterId::Fleets), "a chapter without challenges is never solved");
    }

    #[test]
    fn import_takes_only_whole_progress_files() {
        let mut p = Progress::new();
        p.visit("why");
        p.answer("why/q1", 1);
        assert_eq!(Progress::import(&p.to_json()), Ok(p));
        for (raw, why) in [
            ("not json", ImportError::NotProgress),
            ("[]", ImportError::NotProgress),
            (r#"{"name":"a scenario","goal":{}}"#, ImportError::NotProgress),
            (r#"{"version":1,"visited":[],"extra":true}"#, ImportError::NotProgress),
            (r#"{"version":2,"visited":[]}"#, ImportError::UnknownVersion),
            (r#"{"visited":["why"]}"#, ImportError::UnknownVersion),
            (r#"{"version":1,"visited":["why",3]}"#, ImportError::Damaged),
        ] {
            assert_eq!(Progress::import(raw), Err(why), "{raw}");
        }
    }

    #[test]
    fn round_trips() {
        let mut p = Progress::new();
        p.visit("servers");
        p.solve("servers/lowest-cost");
        p.answer("servers/q1", 2);
        p.predict("servers/predict", 1);
        assert!(p.tried("servers/predict") && !p.tried("servers/predict"));
        p.predict("containers/predict", 3);
        assert!(!p.tried("why/predict"), "no guess, nothing to mark");
        assert_eq!(Progress::load(Some(&p.to_json())), (p.clone(), None));
        assert_eq!(Progress::import(&p.to_json()), Ok(p));
    }

    #[test]
    fn files_saved_before_predictions_still_load_whole() {
        let raw = r#"{"version":1,"visited":["why"],"solved":["why/move-out"],"quiz":{"why/q1":2}}"#;
        let (p, notice) = Progress::load(Some(raw));
        assert_eq!(notice, None);
        assert!(p.predictions.is_empty() && p.quiz.len() == 1 && p.visited.len() == 1);
        assert!(Progress::import(raw).is_ok());
        assert!(!p.to_json().contains("predictions"), "written only when there is a guess");
    }

    #[test]
    fn damaged_guesses_are_dropped_and_the_rest_kept() {
        let raw = r#"{"version":1,"quiz":{"servers/q1":1},"predictions":{
            "servers/predict":{"choice":1,"tried":true},
            "virtual-machines/predict":{"choice":7,"tried":false},
            "containers/predict":{"choice":1},
            "why/predict":{"choice":0,"tried":"yes"},
            "<b>":{"choice":0,"tried":false},
            "network/predict":{"choice":0,"tried":false,"extra":1}}}"#;
        let (p, notice) = Progress::load(Some(raw));
        assert_eq!(notice, Some(LoadNotice::PartlyKept));
        assert_eq!(p.predictions.len(), 1);
        assert_eq!(p.predictions.get("servers/predict"), Some(&Guess { choice: 1, tried: true }));
        assert_eq!(p.quiz.get("servers/q1"), Some(&1));
        let (p, notice) = Progress::load(Some(r#"{"version":1,"predictions":[1]}"#));
        assert_eq!((p.predictions.len(), notice), (0, Some(LoadNotice::PartlyKept)));
        assert_eq!(Progress::import(raw), Err(ImportError::Damaged));
    }

    #[test]
    fn nothing_saved_is_a_quiet_fresh_start() {
        assert_eq!(Progress::load(None), (Progress::new(), None));
    }

    #[test]
    fn garbage_gives_defaults_and_a_notice() {
        for raw in ["", "{", "null", "[1,2]", "\"hi\"", "{\"version\":\"1\"}"] {
            let (p, notice) = Progress::load(Some(raw));
            assert_eq!(p, Progress::new(), "{raw}");
            assert!(notice.is_some(), "{raw}");
        }
        let huge = format!("{{\"version\":1,\"visited\":[\"{}\"]}}", "a".repeat(MAX_SAVED_BYTES));
        assert_eq!(Progress::load(Some(&huge)).1, Some(LoadNotice::Unreadable));
    }

    #[test]
    fn unknown_version_starts_afresh() {
        let (p, notice) = Progress::load(Some(r#"{"version":99,"visited":["why"]}"#));
        assert_eq!((p, notice), (Progress::new(), Some(LoadNotice::UnknownVersion)));
    }

    #[test]
    fn damaged_entries_are_dropped_and_the_rest_kept() {
        let raw =
            r#"{"version":1,"visited":["why",7,"<script>"],"solved":"oops","quiz":{"servers/q1":1,"servers/q2":9}}"#;
        let (p, notice) = Progress::load(Some(raw));
        assert_eq!(notice, Some(LoadNotice::PartlyKept));
        assert!(p.visited.contains("why") && p.visited.len() == 1);
        assert!(p.solved.is_empty());
        assert_eq!(p.quiz.get("servers/q1"), Some(&1));
        assert_eq!(p.quiz.len(), 1);
    }
}
