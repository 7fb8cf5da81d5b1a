//! What a terminal shows and remembers: the scrollback, the history of typed lines that Up and
//! Down walk through, and Tab completion. All bounded, whatever is typed.

use std::collections::VecDeque;

use super::parse::{cap_line, words, ParseError};
use super::Hint;

/// Lines the scrollback keeps; older ones scroll away.
pub const MAX_SCREEN_LINES: usize = 1_000;
/// Typed lines the history keeps.
pub const MAX_HISTORY: usize = 500;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LineKind {
    /// The prompt and what the learner typed.
    Typed,
    Output,
    /// Output a program wrote as an error.
    Error,
    /// A note for the learner, worded in their language by the view.
    Hint(Hint),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line {
    pub kind: LineKind,
    /// Empty for a hint.
    pub text: String,
}

/// The scrollback: the newest [`MAX_SCREEN_LINES`] lines, with a count of every line ever
/// printed (so a view can key lines that scroll away).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Screen {
    lines: VecDeque<Line>,
    printed: u64,
}

impl Screen {
    /// Echoes a typed line after `prompt`, cut to the cap (with a hint) if it is longer; the
    /// line as it was kept.
    pub fn echo<'a>(&mut self, prompt: &str, line: &'a str) -> &'a str {
        let (line, cut) = cap_line(line);
        self.print(LineKind::Typed, format!("{prompt}{line}"));
        if cut {
            self.hint(Hint::LineCut);
        }
        line
    }

    /// Echoes what was typed when Ctrl+C was pressed, after `prompt`.
    pub fn echo_interrupt(&mut self, prompt: &str, typed: &str) {
        let (typed, _) = cap_line(typed);
        self.print(LineKind::Typed, format!("{prompt}{typed}^C"));
    }

    /// A line's words as bash splits them; an unclosed quote gets bash's own error and a hint
    /// instead.
    pub fn words(&mut self, line: &str) -> Option<Vec<String>> {
        match words(line) {
            Ok(words) => Some(words),
            Err(ParseError::UnclosedQuote(quote)) => {
                self.err(&format!("bash: unexpected EOF while looking for matching `{quote}'"));
                self.hint(Hint::UnclosedQuote);
                None
            }
        }
    }

    pub fn print(&mut self, kind: LineKind, text: impl Into<String>) {
        if self.lines.len() == MAX_SCREEN_LINES {
            self.lines.pop_front();
        }
        self.lines.push_back(Line { kind, text: text.into() });
        self.printed += 1;
    }

    /// Prints each line of `text` as output.
    pub fn out(&mut self, text: &str) {
        for line in text.lines() {
            self.print(LineKind::Output, line);
        }
    }

    /// Prints each line of `text` as an error.
    pub fn err(&mut self, text: &str) {
        for line in text.lines() {
            self.print(LineKind::Error, line);
        }
    }

    pub fn hint(&mut self, hint: Hint) {
        self.print(LineKind::Hint(hint), "");
    }

    /// `clear`: the scrollback empties; the count goes on.
    pub fn clear(&mut self) {
        self.lines.clear();
    }

    pub fn lines(&self) -> impl ExactSizeIterator<Item = &Line> + DoubleEndedIterator {
        self.lines.iter()
    }

    /// Lines printed since the start, including those scrolled away or cleared.
    pub fn printed(&self) -> u64 {
        self.printed
    }
}

/// Typed lines, newest last, and where Up and Down have got to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct History {
    entries: VecDeque<String>,
    /// The entry shown, counted from the oldest; `None` while editing a new line.
    at: Option<usize>,
    /// The new line being edited when Up was first pressed, given back by Down.
    draft: String,
}

impl History {
    /// Remembers a typed line without its trailing blanks (not a blank one, nor a repeat of the
    /// last) and goes back to a new line.
    pub fn push(&mut self, line: &str) {
        let line = line.trim_end();
        self.at = None;
        self.draft.clear();
        if line.trim().is_empty() || self.entries.back().is_some_and(|last| last == line) {
            return;
        }
        if self.entries.len() == MAX_HISTORY {
            self.entries.pop_front();
        }
        self.entries.push_back(line.to_string());
    }

    /// Up: the line before the one shown, or `None` at the oldest. `editing` is what the input
    /// holds now, kept for Down when leaving a new line.
    pub fn older(&mut self, editing: &str) -> Option<&str> {
        let at = match self.at {
            None if self.entries.is_empty() => return None,
            None => {
                self.draft = editing.to_string();
                self.entries.len() - 1
            }
            Some(0) => return None,
            Some(at) => at - 1,
        };
        self.at = Some(at);
        self.entries.get(at).map(String::as_str)
    }

    /// Down: the line after the one shown, or the line being edited before Up.
    pub fn newer(&mut self) -> Option<&str> {
        let at = self.at?;
        if at + 1 < self.entries.len() {
            self.at = Some(at + 1);
            return self.entries.get(at + 1).map(String::as_str);
        }
        self.at = None;
        Some(&self.draft)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

/// What Tab does to a line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Completion {
    /// Nothing starts with what was typed.
    Nothing,
    /// The line, its last word completed: one candidate matched, and a space follows it.
    Done(String),
    /// Several matched: the line with the last word extended as far as they agree, and the
    /// candidates (a second Tab lists them, as bash does).
    Several { line: String, candidates: Vec<String> },
}

/// Completes the last word of `line` (the empty word after a trailing blank) from
/// `candidates`.
pub fn complete(line: &str, candidates: &[String]) -> Completion {
    let start = line.rfind([' ', '\t']).map_or(0, |blank| blank + 1);
    let (head, word) = line.split_at(start);
    let matching: Vec<&String> = candidates.iter().filter(|c| c.starts_with(word)).collect();
    match matching.as_slice() {
        [] => Completion::Nothing,
        [only] => Completion::Done(format!("{head}{only} ")),
        [first, rest @ ..] => {
            // The longest start every candidate shares, on a character boundary.
            let common = rest.iter().fold(first.len(), |len, other| {
                let differs = first[..len].char_indices().zip(other.chars()).find(|((_, a), b)| a != b);
                differs.map_or(len.min(other.len()), |((at, _), _)| at)
            });
            Completion::Several {
                line: format!("{head}{}", &first[..common]),
                candidates: matching.iter().map(|c| c.to_string()).collect(),
            }
        }
    }
}
