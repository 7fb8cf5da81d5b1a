//! A learner's result file and the teacher's class table built from many of them.
//!
//! A learner exports a small JSON file from the tools page (name, chapters read, challenges
//! solved, quiz score); a teacher imports many at once into a table they can sort and save as
//! CSV. Parsing is strict and bounded: a file of another shape is refused with a reason.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::course::{Challenge, ChapterId, GoalRefusal, Route, TeacherGoal, TeacherSolve};
use crate::sim::goal::{Condition, Target};

/// Marks a result file, so a progress file or anything else is not taken for one.
pub const RESULT_KIND: &str = "server-lab-result";
pub const RESULT_VERSION: u32 = 1;
/// Longest result file accepted, in bytes.
pub const MAX_RESULT_BYTES: usize = 16 * 1024;
const MAX_NAME_CHARS: usize = 80;
/// Most entries in a result file's lists.
const MAX_LIST: usize = 64;

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
    /// Solves of teachers' challenges, as saved progress keeps them (`TeacherSolve::to_entry`).
    /// Absent from files written before teachers' challenges existed.
    #[serde(default)]
    pub teacher: Vec<String>,
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
            teacher: Vec::new(),
        }
    }

    /// The result with the learner's solves of teachers' challenges, picked out of saved
    /// progress's solved list (built-in ids and anything else are left out).
    pub fn with_teacher_solves<'a>(mut self, solved: impl Iterator<Item = &'a String>) -> Self {
        self.teacher = solved.filter(|e| TeacherSolve::from_entry(e).is_some()).take(MAX_LIST).cloned().collect();
        self
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
            && result.solved.len() <= MAX_LIST
            && result.teacher.len() <= MAX_LIST
            && result.teacher.iter().all(|e| TeacherSolve::from_entry(e).is_some());
        consistent.then_some(result).ok_or(ResultError::Inconsistent)
    }
}

/// Marks a teacher's challenge file.
pub const CHALLENGE_KIND: &str = "server-lab-challenge";
pub const CHALLENGE_VERSION: u32 = 1;
/// Longest challenge file accepted, in bytes.
pub const MAX_CHALLENGE_BYTES: usize = 2 * 1024;
const CHALLENGE_FIELDS: [&str; 5] = ["kind", "version", "chapter", "seed", "goal"];

/// A teacher's version of a built-in challenge: its chapter, the seed to start from and the
/// figures of its goal. Shared as a link ([`TeacherChallenge::link`]) or a small JSON file.
#[derive(Clone, Debug, PartialEq)]
pub struct TeacherChallenge {
    pub chapter: ChapterId,
    pub seed: u64,
    pub goal: TeacherGoal,
}

/// Why a teacher's challenge (a form or a file) was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChallengeError {
    /// Not JSON, or JSON of another shape (not a challenge file).
    NotAChallenge,
    UnknownVersion,
    /// No written chapter with a challenge has this name.
    UnknownChapter,
    /// The seed is not a whole number from 0 to 18446744073709551615.
    BadSeed,
    /// The goal's figures cannot make the chapter's challenge, for this reason.
    Goal(GoalRefusal),
}

impl TeacherChallenge {
    /// Checks `figures` (`"99,15,0,3"`: each value threshold, then the hold in seconds) against
    /// the chapter's built-in goal, as a learner's page will ([`Challenge::for_teacher`]).
    pub fn new(chapter: ChapterId, seed: u64, figures: &str) -> Result<TeacherChallenge, ChallengeError> {
        let challenge = Challenge::for_chapter(chapter).ok_or(ChallengeError::UnknownChapter)?;
        let goal = TeacherGoal::parse(figures).ok_or(ChallengeError::Goal(GoalRefusal::BadFigures))?;
        challenge.for_teacher(&goal, seed).map_err(ChallengeError::Goal)?;
        Ok(TeacherChallenge { chapter, seed, goal })
    }

    /// What the teacher typed in the form: the seed, each threshold and the hold.
    pub fn from_form(
        chapter: ChapterId,
        seed: &str,
        values: &[String],
        hold: &str,
    ) -> Result<TeacherChallenge, ChallengeError> {
        let seed = seed.trim().parse().map_err(|_| ChallengeError::BadSeed)?;
        let mut figures: Vec<&str> = values.iter().map(|v| v.trim()).collect();
        figures.push(hold.trim());
        TeacherChallenge::new(chapter, seed, &figures.join(","))
    }

    /// Reads a challenge file; anything but a whole, valid file is refused with the reason.
    pub fn parse(json: &str) -> Result<TeacherChallenge, ChallengeError> {
        if json.len() > MAX_CHALLENGE_BYTES {
            return Err(ChallengeError::NotAChallenge);
        }
        let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(json) else {
            return Err(ChallengeError::NotAChallenge);
        };
        let field = |name| fields.get(name);
        if field("kind").and_then(Value::as_str) != Some(CHALLENGE_KIND)
            || !fields.keys().all(|k| CHALLENGE_FIELDS.contains(&k.as_str()))
        {
            return Err(ChallengeError::NotAChallenge);
        }
        if field("version").and_then(Value::as_u64) != Some(u64::from(CHALLENGE_VERSION)) {
            return Err(ChallengeError::UnknownVersion);
        }
        let chapter = field("chapter")
            .and_then(Value::as_str)
            .and_then(ChapterId::from_slug)
            .filter(|c| c.is_ready())
            .ok_or(ChallengeError::UnknownChapter)?;
        let seed = field("seed").and_then(Value::as_u64).ok_or(ChallengeError::BadSeed)?;
        let figures = field("goal").and_then(Value::as_str).ok_or(ChallengeError::Goal(GoalRefusal::BadFigures))?;
        TeacherChallenge::new(chapter, seed, figures)
    }

    /// The chapter's route with the teacher's figures: `#/containers?seed=7&goal=...`.
    pub fn fragment(&self) -> String {
        let route = Route::Chapter { id: self.chapter, seed: Some(self.seed) };
        format!("{}&goal={}", route.href(), self.goal.to_param())
    }

    /// The link to the challenge in the learner's app, relative to the site:
    /// `index.html#/containers?seed=7&goal=...`.
    pub fn link(&self) -> String {
        format!("index.html{}", self.fragment())
    }

    /// The challenge file.
    pub fn to_json(&self) -> String {
        format!(
            r#"{{"kind":"{CHALLENGE_KIND}","version":{CHALLENGE_VERSION},"chapter":"{}","seed":{},"goal":"{}"}}"#,
            self.chapter.slug(),
            self.seed,
            self.goal.to_param()
        )
    }

    /// The challenge a learner's solve was of, read from its key
    /// (`why/move-out/s7/g99-15-0-3`).
    pub fn of_solve(solve: &TeacherSolve) -> Option<TeacherChallenge> {
        let (id, seed, goal) = TeacherGoal::from_key(&solve.key)?;
        let chapter = ChapterId::ALL.into_iter().find(|c| c.challenge_id() == Some(id))?;
        Some(TeacherChallenge { chapter, seed, goal })
    }
}

/// The conditions of a chapter's built-in goal a teacher may set, in the order their figures
/// are written (those compared with the model's optimum stay the model's).
pub fn value_thresholds(chapter: ChapterId) -> Vec<Condition> {
    Challenge::for_chapter(chapter)
        .map(|c| c.goal.holds())
        .unwrap_or_default()
        .into_iter()
        .filter(|(c, _)| matches!(c.target, Target::Value { .. }))
        .map(|(c, _)| c)
        .collect()
}

/// A column of the class table.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Column {
    Learner,
    ChaptersRead,
    Solved,
    QuizRight,
    Teacher,
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
                Column::Teacher => a.teacher.len().cmp(&b.teacher.len()),
            };
            if ascending {
                order
            } else {
                order.reverse()
            }
        });
    }

    /// The table as CSV (RFC 4180 quoting), with the given header row; `describe` writes one
    /// solve of a teacher's challenge (the entries are joined with "; "). Cells that a
    /// spreadsheet would run as a formula are prefixed with an apostrophe.
    pub fn to_csv(&self, header: [&str; 8], describe: impl Fn(&str) -> String) -> String {
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
                    r.teacher.len().to_string(),
                    r.teacher.iter().map(|e| describe(e)).collect::<Vec<_>>().join("; "),
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
        table.rows[1].teacher = vec![SOLVE.to_string(), SOLVE.replace("/s7/", "/s8/")];
        let csv = table.to_csv(["name", "read", "solved", "ids", "right", "total", "teacher", "solves"], |e| {
            format!("-{}", &e[..16])
        });
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert_eq!(lines[0], "name,read,solved,ids,right,total,teacher,solves");
        assert_eq!(lines[1], "\"Park, \"\"J\"\"\",1,1,why/move-out,1,7,0,");
        assert!(lines[2].starts_with("\"'=HYPERLINK("), "{}", lines[2]);
        assert!(lines[2].ends_with(",0,7,2,'-why/move-out/s7/; -why/move-out/s8/"), "{}", lines[2]);
    }

    const SOLVE: &str = "why/move-out/s7/g99-15-0-3/t12-40/f100-3-0";

    #[test]
    fn result_files_carry_teachers_challenges_and_older_files_still_read() {
        let solved: Vec<String> =
            ["why/move-out", SOLVE, "servers/lowest-cost/s7/g1-0/t1-2/f3"].map(String::from).into();
        let r = result("Kim", 1, &["why/move-out"], 0).with_teacher_solves(solved.iter());
        assert_eq!(r.teacher, [SOLVE]);
        assert_eq!(r.solved, ["why/move-out"]);
        assert_eq!(LearnerResult::parse(&r.to_json()), Ok(r.clone()));
        let older = r.to_json().replace(&format!(",\n  \"teacher\": [\n    \"{SOLVE}\"\n  ]"), "");
        assert!(!older.contains("teacher"), "{older}");
        assert_eq!(LearnerResult::parse(&older).map(|o| o.teacher), Ok(vec![]));
        let forged = r.to_json().replace(SOLVE, "why/move-out/s7/g99-15-0-3/tsoon/f1");
        assert_eq!(LearnerResult::parse(&forged), Err(ResultError::Inconsistent));

        let mut table = ClassTable::default();
        table.add(r);
        table.add(result("Lee", 1, &[], 0));
        table.sort(Column::Teacher, false);
        assert_eq!(table.rows[0].learner, "Kim");
        table.sort(Column::Teacher, true);
        assert_eq!(table.rows[0].learner, "Lee");
    }

    #[test]
    fn a_teachers_challenge_becomes_a_link_and_a_file() {
        let why = TeacherChallenge::new(ChapterId::WhyServers, 7, "99,15,0,3").expect("fits chapter 0");
        assert_eq!(why.link(), "index.html#/why?seed=7&goal=99,15,0,3");
        let json = why.to_json();
        assert_eq!(json, r#"{"kind":"server-lab-challenge","version":1,"chapter":"why","seed":7,"goal":"99,15,0,3"}"#);
        assert_eq!(TeacherChallenge::parse(&json), Ok(why.clone()));
        let vms = TeacherChallenge::new(ChapterId::Containers, u64::MAX, "7,0,0,0,20,60").expect("fits chapter 3");
        assert_eq!(vms.link(), format!("index.html#/containers?seed={}&goal=7,0,0,0,20,60", u64::MAX));
        assert_eq!(TeacherChallenge::parse(&vms.to_json()), Ok(vms));
        // The link is what the course reads back.
        let fragment = why.link().split_once('#').map(|(_, f)| f.to_string()).unwrap_or_default();
        assert_eq!(Route::parse(&fragment), Route::Chapter { id: ChapterId::WhyServers, seed: Some(7) });
        assert_eq!(crate::course::teacher_goal_param(&fragment), Some("99,15,0,3"));
    }

    #[test]
    fn the_form_checks_what_the_teacher_typed() {
        let values = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let why = TeacherChallenge::from_form(ChapterId::WhyServers, " 7 ", &values(&["99", "15 ", "0"]), "3");
        assert_eq!(why.map(|c| c.goal.to_param()), Ok("99,15,0,3".to_string()));
        for (seed, figures, hold, why) in [
            ("", &["99", "15", "0"][..], "3", ChallengeError::BadSeed),
            ("-1", &["99", "15", "0"], "3", ChallengeError::BadSeed),
            ("18446744073709551616", &["99", "15", "0"], "3", ChallengeError::BadSeed),
            ("7", &["99", "1.5", "0"], "3", ChallengeError::Goal(GoalRefusal::BadFigures)),
            ("7", &["99", "", "0"], "3", ChallengeError::Goal(GoalRefusal::BadFigures)),
            ("7", &["99", "15", "0"], "0", ChallengeError::Goal(GoalRefusal::BadFigures)),
            ("7", &["99", "15", "0"], "601", ChallengeError::Goal(GoalRefusal::BadFigures)),
            ("7", &["99", "15"], "3", ChallengeError::Goal(GoalRefusal::FiguresDoNotFit)),
        ] {
            assert_eq!(TeacherChallenge::from_form(ChapterId::WhyServers, seed, &values(figures), hold), Err(why));
        }
        assert_eq!(TeacherChallenge::new(ChapterId::Fleets, 7, "1,3"), Err(ChallengeError::UnknownChapter));
    }

    #[test]
    fn figures_the_model_can_never_meet_are_refused_with_the_reason() {
        use crate::sim::{Cmp, Metric};
        let out_of_range = |metric, cmp, figure, limit| GoalRefusal::OutOfRange { metric, cmp, figure, limit };
        for (chapter, figures, why) in [
            // 9 services running of the 7 on the shelf.
            (ChapterId::Containers, "9,0,0,0,10,60", out_of_range(Metric::ServicesRunning, Cmp::AtLeast, 9, 7)),
            // p95 latency below 0 ms.
            (ChapterId::Server, "1000,0,30", out_of_range(Metric::P95LatencyMs, Cmp::Below, 0, 0)),
            // More load than the users slider goes to.
            (ChapterId::Server, "6000,150,30", out_of_range(Metric::OfferedRps, Cmp::AtLeast, 6000, 5000)),
            // Success above 100 %.
            (ChapterId::WhyServers, "101,15,0,3", out_of_range(Metric::SuccessPercent, Cmp::AtLeast, 101, 100)),
            // A build faster than on every core of the laptop (80 core-seconds on 8 cores).
            (ChapterId::WhyServers, "99,10,0,3", out_of_range(Metric::BuildSeconds, Cmp::Below, 10, 10)),
            // The search engine alone takes 15 s to start on any host: no redeploy within 10 s.
            (ChapterId::Containers, "7,0,0,0,10,60", GoalRefusal::Unreachable),
        ] {
            assert_eq!(TeacherChallenge::new(chapter, 7, figures), Err(ChallengeError::Goal(why)), "{figures}");
        }
        for (chapter, figures) in [
            (ChapterId::Containers, "7,0,0,0,20,60"),
            (ChapterId::Containers, "5,0,3,0,60,60"),
            (ChapterId::Server, "5000,150,30"),
            (ChapterId::Server, "1,1000,30"),
            (ChapterId::WhyServers, "100,11,3,3"),
            (ChapterId::VirtualMachines, "7,0,0,600"),
        ] {
            assert!(TeacherChallenge::new(chapter, 7, figures).is_ok(), "{figures}");
        }
    }

    #[test]
    fn challenge_files_of_another_shape_are_refused_with_a_reason() {
        let good = r#"{"kind":"server-lab-challenge","version":1,"chapter":"why","seed":7,"goal":"99,15,0,3"}"#;
        for (raw, why) in [
            ("nope", ChallengeError::NotAChallenge),
            ("[]", ChallengeError::NotAChallenge),
            (r#"{"version":1,"visited":[]}"#, ChallengeError::NotAChallenge),
            (&good.replace("server-lab-challenge", "server-lab-result"), ChallengeError::NotAChallenge),
            (&good.replace("\"seed\"", "\"extra\":1,\"seed\""), ChallengeError::NotAChallenge),
            (&good.replace(":1,", ":2,"), ChallengeError::UnknownVersion),
            (&good.replace("\"why\"", "\"fleets\""), ChallengeError::UnknownChapter),
            (&good.replace("\"why\"", "\"nope\""), ChallengeError::UnknownChapter),
            (&good.replace(":7,", ":-7,"), ChallengeError::BadSeed),
            (&good.replace(":7,", ":\"7\","), ChallengeError::BadSeed),
            (&good.replace("99,15,0,3", "99,15,0,x"), ChallengeError::Goal(GoalRefusal::BadFigures)),
            (&good.replace("\"99,15,0,3\"", "[99,15,0,3]"), ChallengeError::Goal(GoalRefusal::BadFigures)),
            (&good.replace("99,15,0,3", "1,2"), ChallengeError::Goal(GoalRefusal::FiguresDoNotFit)),
            (&" ".repeat(MAX_CHALLENGE_BYTES + 1), ChallengeError::NotAChallenge),
        ] {
            assert_eq!(TeacherChallenge::parse(raw), Err(why), "{raw}");
        }
        assert!(TeacherChallenge::parse(good).is_ok());
    }

    #[test]
    fn a_solve_names_its_challenge_and_the_thresholds_are_the_goals() {
        let solve = TeacherSolve::from_entry(SOLVE).expect("a solve");
        let of = TeacherChallenge::of_solve(&solve).expect("its challenge");
        assert_eq!((of.chapter, of.seed, of.goal.to_param()), (ChapterId::WhyServers, 7, "99,15,0,3".to_string()));
        let vms = TeacherSolve::from_entry("virtual-machines/fewest-servers/s2026/g7-0-0-60/t70-90/f7-0-0-3")
            .and_then(|s| TeacherChallenge::of_solve(&s));
        assert_eq!(vms.map(|c| (c.chapter, c.seed)), Some((ChapterId::VirtualMachines, 2026)));
        let metrics: Vec<_> = value_thresholds(ChapterId::Server).iter().map(|c| c.metric).collect();
        assert_eq!(metrics, [crate::sim::Metric::OfferedRps, crate::sim::Metric::P95LatencyMs]);
        assert_eq!(value_thresholds(ChapterId::WhyServers).len(), 3);
        assert_eq!(value_thresholds(ChapterId::Containers).len(), 5);
        assert_eq!(value_thresholds(ChapterId::Network).len(), 2);
        assert_eq!(value_thresholds(ChapterId::Clusters).len(), 3);
        assert!(value_thresholds(ChapterId::Fleets).is_empty());
    }
}
