//! The shape of a chapter's prose, written once per language.
//!
//! Each chapter has a Korean and an English [`ChapterCopy`]; neither is a translation of the
//! other. Paragraphs are plain text (no markup), short, and use only the documentation
//! addresses and names that the content brief allows.

/// A heading and its paragraphs.
pub struct Section {
    pub heading: &'static str,
    pub paragraphs: &'static [&'static str],
}

/// A multiple-choice question with an explanation shown after any answer.
pub struct Question {
    /// Stable id saved in progress, e.g. "servers/q1".
    pub id: &'static str,
    pub prompt: &'static str,
    /// Two to four choices.
    pub choices: &'static [&'static str],
    /// Index of the right choice.
    pub correct: u8,
    pub explanation: &'static str,
}

/// Everything a chapter says in one language.
pub struct ChapterCopy {
    pub title: &'static str,
    /// One sentence for the table of contents.
    pub summary: &'static str,
    /// Text before the interactive.
    pub intro: &'static [Section],
    /// One or two sentences telling the learner what to try in the interactive.
    pub try_this: &'static str,
    /// Text after the interactive, before the challenge.
    pub after: &'static [Section],
    pub challenge_title: &'static str,
    /// The task, with its figures (they must match the challenge's goal in `course.rs`).
    pub challenge_text: &'static str,
    pub challenge_hint: &'static str,
    pub challenge_solved: &'static str,
    pub quiz: &'static [Question],
}

/// Title and one-line summary of a chapter that is not written yet, for the contents.
pub struct ChapterStub {
    pub title: &'static str,
    pub summary: &'static str,
}
