//! Chapter prose: the text, challenge wording and quiz of a chapter in one language.
//!
//! Prose lives in `content/<slug>.<lang>.json`, outside the wasm, and is fetched when a chapter
//! opens, so the first load stays small however many chapters there are. Parsing is strict
//! (every field present and of the right type, sizes, the shape of the quiz and of the lab's
//! opening prediction, which a chapter may leave out) and never panics; a native test checks
//! every file. It walks a `serde_json::Value` by hand: the derive-generated
//! deserializers cost more wasm than the prose they would read.

use serde_json::{Map, Value};

/// Longest prose file accepted, in bytes.
pub const MAX_TEXT_BYTES: usize = 64 * 1024;

#[derive(Clone, Debug, PartialEq)]
pub struct Section {
    pub heading: String,
    pub paragraphs: Vec<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    /// Stable id saved in progress, e.g. "servers/q1".
    pub id: String,
    pub prompt: String,
    pub choices: Vec<String>,
    /// Index of the right choice.
    pub correct: u8,
    pub explanation: String,
}

/// The question that opens a chapter's lab: the learner predicts, then finds the answer by
/// trying the lab (see `predict`), and the explanation comes after.
#[derive(Clone, Debug, PartialEq)]
pub struct Prediction {
    /// Stable id saved in progress, e.g. "servers/predict".
    pub id: String,
    pub prompt: String,
    pub choices: Vec<String>,
    /// Index of the right choice.
    pub correct: u8,
    /// What to do in the lab to find out.
    pub how: String,
    /// Labels of the lab's figures that answer the question, in the order
    /// `predict::Experiment::figures` gives them.
    pub figures: Vec<String>,
    /// Said once the learner has tried the lab.
    pub explanation: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChallengeText {
    pub title: String,
    /// The task, with its figures (they must match the goal in `course.rs`).
    pub text: String,
    pub hint: String,
    /// Said once the goal is met.
    pub solved: String,
}

/// Everything a written chapter says in one language, apart from its title and summary.
#[derive(Clone, Debug, PartialEq)]
pub struct ChapterText {
    /// Text before the interactive.
    pub intro: Vec<Section>,
    /// The question the lab opens with, if the chapter has one.
    pub predict: Option<Prediction>,
    /// What to try in the interactive, a step each, in order.
    pub try_this: Vec<String>,
    /// Text after the interactive.
    pub after: Vec<Section>,
    /// One per built-in challenge of the chapter, in the order of `ChapterId::challenge_ids`.
    pub challenges: Vec<ChallengeText>,
    pub quiz: Vec<Question>,
}

/// Why a prose file was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TextError {
    TooLarge,
    Malformed(String),
    /// A quiz needs 2-4 questions of 2-4 choices, the right one among them.
    BadQuiz(String),
    /// A prediction needs 3-4 choices, the right one among them, and 1-3 figures.
    BadPrediction,
}

impl ChapterText {
    pub fn parse(json: &str) -> Result<ChapterText, TextError> {
        if json.len() > MAX_TEXT_BYTES {
            return Err(TextError::TooLarge);
        }
        let value: Value = serde_json::from_str(json).map_err(|e| TextError::Malformed(not_json(&e)))?;
        let root = Fields::of(&value, "chapter")?;
        let text = ChapterText {
            intro: root.list("intro", section)?,
            predict: root.0.get("predict").map(prediction).transpose()?,
            try_this: root.list("try_this", |s| as_string(s, "step"))?,
            after: root.list("after", section)?,
            challenges: root.list("challenges", challenge)?,
            quiz: root.list("quiz", question)?,
        };
        if !(2..=4).contains(&text.quiz.len()) {
            return Err(TextError::BadQuiz(format!("{} questions", text.quiz.len())));
        }
        for q in &text.quiz {
            if !(2..=4).contains(&q.choices.len()) || usize::from(q.correct) >= q.choices.len() {
                return Err(TextError::BadQuiz(q.id.clone()));
            }
        }
        if let Some(p) = &text.predict {
            if !(3..=4).contains(&p.choices.len())
                || usize::from(p.correct) >= p.choices.len()
                || !(1..=3).contains(&p.figures.len())
            {
                return Err(TextError::BadPrediction);
            }
        }
        Ok(text)
    }
}

/// Where a file stopped being JSON. Not `serde_json`'s own message: the browser drops these
/// errors (a file that does not parse is simply not shown), and formatting that message would
/// link its wording of every kind of error, I/O included, into the wasm for nothing.
pub(crate) fn not_json(error: &serde_json::Error) -> String {
    format!("not JSON at line {}, column {}", error.line(), error.column())
}

/// An object's fields, read with errors that name what is wrong.
struct Fields<'a>(&'a Map<String, Value>, &'static str);

impl<'a> Fields<'a> {
    fn of(value: &'a Value, what: &'static str) -> Result<Self, TextError> {
        value
            .as_object()
            .map(|m| Fields(m, what))
            .ok_or_else(|| TextError::Malformed(format!("{what} is not an object")))
    }

    fn get(&self, key: &str) -> Result<&'a Value, TextError> {
        self.0.get(key).ok_or_else(|| TextError::Malformed(format!("{} has no {key}", self.1)))
    }

    fn string(&self, key: &str) -> Result<String, TextError> {
        as_string(self.get(key)?, key)
    }

    fn list<T>(&self, key: &str, item: fn(&Value) -> Result<T, TextError>) -> Result<Vec<T>, TextError> {
        self.get(key)?
            .as_array()
            .ok_or_else(|| TextError::Malformed(format!("{key} is not a list")))?
            .iter()
            .map(item)
            .collect()
    }
}

fn as_string(value: &Value, what: &str) -> Result<String, TextError> {
    value.as_str().map(str::to_string).ok_or_else(|| TextError::Malformed(format!("{what} is not text")))
}

fn section(value: &Value) -> Result<Section, TextError> {
    let fields = Fields::of(value, "section")?;
    Ok(Section {
        heading: fields.string("heading")?,
        paragraphs: fields.list("paragraphs", |p| as_string(p, "paragraph"))?,
    })
}

fn challenge(value: &Value) -> Result<ChallengeText, TextError> {
    let fields = Fields::of(value, "challenge")?;
    Ok(ChallengeText {
        title: fields.string("title")?,
        text: fields.string("text")?,
        hint: fields.string("hint")?,
        solved: fields.string("solved")?,
    })
}

fn question(value: &Value) -> Result<Question, TextError> {
    let fields = Fields::of(value, "question")?;
    Ok(Question {
        id: fields.string("id")?,
        prompt: fields.string("prompt")?,
        choices: fields.list("choices", |c| as_string(c, "choice"))?,
        correct: small(fields.get("correct")?)?,
        explanation: fields.string("explanation")?,
    })
}

fn prediction(value: &Value) -> Result<Prediction, TextError> {
    let fields = Fields::of(value, "predict")?;
    Ok(Prediction {
        id: fields.string("id")?,
        prompt: fields.string("prompt")?,
        choices: fields.list("choices", |c| as_string(c, "choice"))?,
        correct: small(fields.get("correct")?)?,
        how: fields.string("how")?,
        figures: fields.list("figures", |f| as_string(f, "figure"))?,
        explanation: fields.string("explanation")?,
    })
}

fn small(value: &Value) -> Result<u8, TextError> {
    value
        .as_u64()
        .and_then(|c| u8::try_from(c).ok())
        .ok_or_else(|| TextError::Malformed("correct is not a small whole number".into()))
}

/// Where a chapter's prose is, relative to the site's root.
pub fn text_path(slug: &str, lang: &str) -> String {
    format!("content/{slug}.{lang}.json")
}
