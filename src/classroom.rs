//! A learner's result file and the teacher's class table built from many of them.
//!
//! A learner exports a small JSON file from the tools page (name, chapters read, challenges
//! solved, quiz score); a teacher imports many at once into a table they can sort and save as
//! CSV. Parsing is strict and bounded: a file of another shape is refused with a reason.

use serde::{Deserialize, Serialize};

/// Marks a result file, so a progress file or anything else is not taken for one.
pub const RESULT_KIND: &str = "server-lab-result";
pub const RESULT_VERSION: u32 = 1;
/// Longest result file accepted, in bytes.
pub const MAX_RESULT_BYTES: usize = 16 * 1024;
const MAX_NAME_CHARS: usize = 80;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LearnerResult {
    pub kind: String,
    pub version: u32,
    pub learner: String,
    pub chapters_read: u32,
    /// Ids of the built-in challenges solved.
    pub solved: Vec<String>,
    pub quiz_right: u32,
    pub quiz_answered: u32,
    pub quiz_total: u32,
}

/// Why a result file was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ResultError {
    TooLarge,
    NotAResult,
    UnknownVersion,
    /// The file claims impossible figures (more right answers than answered, ...).
    Inconsistent,
}

impl LearnerResult {
    pub fn new(learner: &str, chapters_read: u32, solved: Vec<String>, quiz: (u32, u32, u32)) -> Self {
        LearnerResult {
            kind: RESULT_KIND.to_string(),
            version: RESULT_VERSION,
            learner: learner.trim().chars().take(MAX_NAME_CHARS).collect(),
            chapters_read,
            solved,
            quiz_right: quiz.0,
            quiz_answered: quiz.1,
            quiz_total: quiz.2,
        }
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    pub fn parse(json: &str) -> Result<LearnerResult, ResultError> {
        if json.len() > MAX_RESULT_BYTES {
            return Err(ResultError::TooLarge);
        }
        let value: serde_json::Value = serde_json::from_str(json).map_err(|_| ResultError::NotAResult)?;
        if value.get("kind").and_then(|k| k.as_str()) != Some(RESULT_KIND) {
            return Err(ResultError::NotAResult);
        }
        if value.get("version").and_then(|v| v.as_u64()) != Some(u64::from(RESULT_VERSION)) {
            return Err(ResultError::UnknownVersion);
        }
        let result: LearnerResult = serde_json::from_value(value).map_err(|_| ResultError::NotAResult)?;
        let consistent = result.quiz_right <= result.quiz_answered
            && result.quiz_answered <= result.quiz_total
            && result.learner.chars().count() <= MAX_NAME_CHARS
            && result.solved.len() <= 64;
        consistent.then_some(result).ok_or(ResultError::Inconsistent)
    }
}

/// A column of the class table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Learner,
    ChaptersRead,
    Solved,
    QuizRight,
}

/// Results of a class, in the order the teacher chose.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClassTable {
    pub rows: Vec<LearnerResult>,
}

impl ClassTable {
    /// Adds a learner's result, replacing an earlier one with the same name.
    pub fn add(&mut self, result: LearnerResult) {
        self.rows.retain(|r| r.learner != result.learner);
        self.rows.push(result);
    }

    /// Sorts by a column; ties keep their order (stable).
    pub fn sort(&mut self, column: Column, ascending: bool) {
        self.rows.sort_by(|a, b| {
            let order = match column {
                Column::Learner => a.learner.cmp(&b.learner),
                Column::ChaptersRead => a.chapters_read.cmp(&b.chapters_read),
                Column::Solved => a.solved.len().cmp(&b.solved.len()),
                Column::QuizRight => a.quiz_right.cmp(&b.quiz_right),
            };
            if ascending {
                order
            } else {
                order.reverse()
            }
        });
    }

    /// The table as CSV (RFC 4180 quoting), with the given header row. Cells that a
    /// spreadsheet would run as a formula are prefixed with an apostrophe.
    pub fn to_csv(&self, header: [&str; 6]) -> String {
        let mut out = csv_row(header.iter().map(|h| h.to_string()));
        for r in &self.rows {
            out.push_str(&csv_row(
                [
                    r.learner.clone(),
                    r.chapters_read.to_string(),
                    r.solved.len().to_string(),
                    r.solved.join(" "),
                    r.quiz_right.to_string(),
                    r.quiz_total.to_string(),
                ]
                .into_iter(),
            ));
        }
        out
    }
}

fn csv_row(cells: impl Iterator<Item = String>) -> String {
    let cells: Vec<String> = cells.map(|c| csv_cell(&c)).collect();
    format!("{}\r\n", cells.join(","))
}

fn csv_cell(cell: &str) -> String {
    let cell = if cell.starts_with(['=', '+', '-', '@']) { format!("'{cell}") } else { cell.to_string() };
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(name: &str, read: u32, solved: &[&str], right: u32) -> LearnerResult {
        LearnerResult::new(name, read, solved.iter().map(|s| s.to_string()).collect(), (right, 4, 7))
    }

    #[test]
    fn result_files_round_trip() {
        let r = result("Kim", 2, &["why/move-out"], 3);
        assert_eq!(LearnerResult::parse(&r.to_json()), Ok(r));
    }

    #[test]
    fn other_files_are_refused_with_a_reason() {
        let progress = r#"{"version":1,"visited":["why"],"solved":[],"quiz":{}}"#;
        assert_eq!(LearnerResult::parse(progress), Err(ResultError::NotAResult));
        assert_eq!(LearnerResult::parse("nope"), Err(ResultError::NotAResult));
        let newer = result("A", 1, &[], 0).to_json().replace("\"version\": 1", "\"version\": 2");
        assert_eq!(LearnerResult::parse(&newer), Err(ResultError::UnknownVersion));
        let extra = result("A", 1, &[], 0).to_json().replacen('{', "{\"x\":1,", 1);
        assert_eq!(LearnerResult::parse(&extra), Err(ResultError::NotAResult));
        let mut impossible = result("A", 1, &[], 0);
        impossible.quiz_right = 9;
        assert_eq!(LearnerResult::parse(&impossible.to_json()), Err(ResultError::Inconsistent));
        assert_eq!(LearnerResult::parse(&" ".repeat(MAX_RESULT_BYTES + 1)), Err(ResultError::TooLarge));
    }

    #[test]
    fn the_class_table_sorts_and_replaces_by_name() {
        let mut table = ClassTable::default();
        table.add(result("Lee", 1, &[], 2));
        table.add(result("Kim", 2, &["why/move-out", "servers/lowest-cost"], 4));
        table.add(result("Lee", 2, &["why/move-out"], 3));
        assert_eq!(table.rows.len(), 2);
        table.sort(Column::Learner, true);
        assert_eq!(table.rows[0].learner, "Kim");
        table.sort(Column::QuizRight, true);
        assert_eq!(table.rows[0].learner, "Lee");
        table.sort(Column::Solved, false);
        assert_eq!(table.rows[0].learner, "Kim");
    }

    #[test]
    fn csv_is_quoted_and_safe_to_open_in_a_spreadsheet() {
        let mut table = ClassTable::default();
        table.add(result("Park, \"J\"", 1, &["why/move-out"], 1));
        table.add(result("=HYPERLINK(\"x\")", 0, &[], 0));
        let csv = table.to_csv(["name", "read", "solved", "ids", "right", "total"]);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "name,read,solved,ids,right,total");
        assert_eq!(lines[1], "\"Park, \"\"J\"\"\",1,1,why/move-out,1,7");
        assert!(lines[2].starts_with("\"'=HYPERLINK("), "{}", lines[2]);
    }
}
