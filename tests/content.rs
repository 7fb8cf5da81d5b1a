//! Every written chapter's prose files parse, agree across languages, and state the figures
//! the challenge actually checks.

use std::fs;

use server_lab::content::{text_path, ChapterText, TextError};
use server_lab::course::{
    ChapterId, BALANCING_API_P95_MS, BALANCING_HOLD_SECONDS, BALANCING_SPIKE_RPS, CLUSTERS_FAILOVER_CHALLENGE,
    CLUSTERS_FAILOVER_HOLD_SECONDS, CLUSTERS_FAILOVER_PAUSE_MS, HOLD_SECONDS, HOSTS_HOLD_SECONDS, REDEPLOY_LIMIT_S,
    SERVERS_CHALLENGE_P95_MS, SERVERS_CHALLENGE_RPS, WHY_BUILD_LIMIT_S, WHY_HOLD_SECONDS, WHY_SUCCESS_PERCENT,
};

use server_lab::sim::traffic::FarmScenario;

fn load(id: ChapterId, lang: &str) -> ChapterText {
    let path = text_path(id.slug(), lang);
    let json = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    ChapterText::parse(&json).unwrap_or_else(|e| panic!("{path}: {e:?}"))
}

fn ready() -> impl Iterator<Item = ChapterId> {
    ChapterId::ALL.into_iter().filter(|c| c.is_ready())
}

#[test]
fn both_languages_ask_the_same_questions_with_the_same_answers() {
    for id in ready() {
        let (ko, en) = (load(id, "ko"), load(id, "en"));
        let shape =
            |t: &ChapterText| t.quiz.iter().map(|q| (q.id.clone(), q.choices.len(), q.correct)).collect::<Vec<_>>();
        assert_eq!(shape(&ko), shape(&en), "{}", id.slug());
        for q in &ko.quiz {
            assert!(q.id.starts_with(&format!("{}/", id.slug())), "{} belongs to {}", q.id, id.slug());
        }
    }
}

/// Chapters 0-3 open their lab with a prediction, the same in both languages, with one label for
/// each figure the chapter's experiment measures.
#[test]
fn the_labs_open_with_the_same_prediction_in_both_languages() {
    use server_lab::predict::Experiment;
    for id in [ChapterId::WhyServers, ChapterId::Server, ChapterId::VirtualMachines, ChapterId::Containers] {
        assert!(Experiment::for_chapter(id).is_some(), "{}: the lab measures the answer", id.slug());
        let (ko, en) = (load(id, "ko").predict, load(id, "en").predict);
        let (ko, en) = (ko.expect("a Korean prediction"), en.expect("an English prediction"));
        assert_eq!(ko.id, format!("{}/predict", id.slug()));
        assert_eq!((&ko.id, ko.choices.len(), ko.correct), (&en.id, en.choices.len(), en.correct), "{}", id.slug());
        for p in [&ko, &en] {
            assert_eq!(p.figures.len(), Experiment::FIGURES, "{}: a label per figure", p.id);
            let parts = [&p.prompt, &p.how, &p.explanation].into_iter().chain(&p.choices).chain(&p.figures);
            assert!(parts.into_iter().all(|t| !t.trim().is_empty()), "{}", p.id);
        }
    }
}

#[test]
fn a_prediction_of_the_wrong_shape_is_refused() {
    let good = fs::read_to_string(text_path("servers", "en")).expect("servers.en.json");
    let mut value: serde_json::Value = serde_json::from_str(&good).expect("json");
    let with = |change: &dyn Fn(&mut serde_json::Value)| {
        let mut v = value.clone();
        change(&mut v["predict"]);
        ChapterText::parse(&v.to_string())
    };
    assert_eq!(with(&|p| p["correct"] = 4.into()), Err(TextError::BadPrediction));
    assert_eq!(with(&|p| p["choices"] = serde_json::json!(["a", "b"])), Err(TextError::BadPrediction));
    assert_eq!(with(&|p| p["figures"] = serde_json::json!([])), Err(TextError::BadPrediction));
    assert!(matches!(with(&|p| p["correct"] = "1".into()), Err(TextError::Malformed(_))));
    assert!(matches!(with(&|p| *p = serde_json::json!([])), Err(TextError::Malformed(_))));
    assert!(matches!(with(&|p| p["how"] = serde_json::Value::Null), Err(TextError::Malformed(_))));
    value.as_object_mut().expect("an object").remove("predict");
    assert_eq!(ChapterText::parse(&value.to_string()).map(|t| t.predict), Ok(None), "a chapter may have none");
}

/// The lab's steps are numbered on screen, so a teacher can say "step 3" to a class reading
/// either language.
#[test]
fn both_languages_list_the_same_number_of_steps_to_try() {
    for id in ready() {
        assert_eq!(load(id, "ko").try_this.len(), load(id, "en").try_this.len(), "{}", id.slug());
    }
}

#[test]
fn every_part_has_text() {
    for id in ready() {
        for lang in ["ko", "en"] {
            let t = load(id, lang);
            assert!(!t.intro.is_empty() && !t.try_this.is_empty(), "{} {lang}", id.slug());
            assert!(t.try_this.iter().all(|step| !step.is_empty()), "{} {lang}", id.slug());
            for s in t.intro.iter().chain(&t.after) {
                assert!(!s.heading.is_empty() && s.paragraphs.iter().all(|p| !p.is_empty()));
            }
            assert!(t.quiz.iter().all(|q| !q.explanation.is_empty()));
        }
    }
}

/// Whether `text` states `phrase` (a figure with its unit) on its own, not as the tail of a
/// larger number: "116 MiB" and "16,016 MiB" do not state "16 MiB".
fn states(text: &str, phrase: &str) -> bool {
    text.match_indices(phrase)
        .any(|(at, _)| !text[..at].ends_with(|c: char| c.is_ascii_digit() || c == ',' || c == '.'))
}

/// A number of seconds as the prose writes it: `30초`, `30 seconds`, or for a hold
/// `30 simulated seconds`.
fn seconds(n: impl std::fmt::Display, lang: &str, simulated: bool) -> String {
    match lang {
        "ko" => format!("{n}초"),
        _ if simulated => format!("{n} simulated seconds"),
        _ => format!("{n} seconds"),
    }
}

#[test]
fn challenge_text_states_the_goal_figures() {
    let figures = |id: ChapterId, lang: &str| -> Vec<String> {
        let hold = |n: u32| seconds(n, lang, true);
        match id {
            ChapterId::WhyServers => {
                vec![format!("{WHY_SUCCESS_PERCENT}%"), seconds(WHY_BUILD_LIMIT_S, lang, false), hold(WHY_HOLD_SECONDS)]
            }
            ChapterId::Server => vec![
                match lang {
                    "ko" => format!("초당 {} 요청", grouped(SERVERS_CHALLENGE_RPS)),
                    _ => format!("{} requests per second", grouped(SERVERS_CHALLENGE_RPS)),
                },
                format!("{SERVERS_CHALLENGE_P95_MS} ms"),
                hold(HOLD_SECONDS),
            ],
            ChapterId::VirtualMachines => vec![hold(HOSTS_HOLD_SECONDS)],
            ChapterId::Containers => vec![hold(HOSTS_HOLD_SECONDS), seconds(REDEPLOY_LIMIT_S, lang, false)],
            ChapterId::LoadBalancing => vec![
                match lang {
                    "ko" => format!("초당 {} 요청", grouped(FarmScenario::chapter_five().arrival_rps)),
                    _ => format!("{} requests per second", grouped(FarmScenario::chapter_five().arrival_rps)),
                },
                format!("{BALANCING_API_P95_MS} ms"),
                match lang {
                    "ko" => format!("초당 {} 요청", grouped(BALANCING_SPIKE_RPS as u32)),
                    _ => format!("{} extra requests per second", grouped(BALANCING_SPIKE_RPS as u32)),
                },
                hold(BALANCING_HOLD_SECONDS),
            ],
            _ => vec![],
        }
    };
    let further = |challenge: &str, lang: &str| -> Vec<String> {
        match challenge {
            CLUSTERS_FAILOVER_CHALLENGE => vec![
                seconds(CLUSTERS_FAILOVER_HOLD_SECONDS, lang, true),
                seconds(CLUSTERS_FAILOVER_PAUSE_MS / 1000.0, lang, false),
            ],
            _ => panic!("{challenge}: say which figures its text states"),
        }
    };
    for id in ready() {
        for lang in ["ko", "en"] {
            let texts = load(id, lang).challenges;
            assert_eq!(texts.len(), id.challenge_ids().len(), "{} {lang}: one text per challenge", id.slug());
            for (n, (challenge, text)) in id.challenge_ids().iter().zip(texts).enumerate() {
                let figures = if n == 0 { figures(id, lang) } else { further(challenge, lang) };
                for figure in figures {
                    let text = &text.text;
                    assert!(states(text, &figure), "{challenge} {lang} does not say {figure:?}: {text}");
                }
            }
        }
    }
}

#[test]
fn wrong_shapes_are_refused_with_a_reason() {
    let good = fs::read_to_string(text_path("servers", "en")).expect("servers.en.json");
    assert!(ChapterText::parse(&good).is_ok());
    assert!(matches!(ChapterText::parse("[]"), Err(TextError::Malformed(_))));
    assert!(matches!(ChapterText::parse("{"), Err(TextError::Malformed(_))));
    let no_quiz = good.replacen("\"quiz\"", "\"quizz\"", 1);
    assert!(matches!(ChapterText::parse(&no_quiz), Err(TextError::Malformed(_))));
    let bad_answer = good.replacen("\"correct\": ", "\"correct\": 9", 1);
    assert!(ChapterText::parse(&bad_answer).is_err());
    let steps_as_one_text = good.replacen("\"try_this\": [", "\"try_this\": \"one text\", \"was\": [", 1);
    assert!(matches!(ChapterText::parse(&steps_as_one_text), Err(TextError::Malformed(_))));
    assert_eq!(ChapterText::parse(&" ".repeat(70_000)), Err(TextError::TooLarge));
}

/// index.html starts the chapter's prose download before the wasm arrives, for the chapters it
/// lists as written; a chapter missing there loads slower, and one listed without prose would
/// request a file that does not exist.
#[test]
fn the_prose_preload_lists_exactly_the_written_chapters() {
    let html = fs::read_to_string("index.html").expect("index.html");
    let list = html
        .split("const written = [")
        .nth(1)
        .and_then(|rest| rest.split(']').next())
        .expect("index.html's preload script lists the written chapters");
    let listed: Vec<&str> = list.split(',').map(|s| s.trim().trim_matches('\'')).collect();
    let written: Vec<&str> = ready().map(ChapterId::slug).collect();
    assert_eq!(listed, written);
}

/// `16384` -> `"16,384"`, as the prose writes figures.
fn grouped(n: u32) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[test]
fn the_placement_chapters_state_the_catalogs_figures() {
    use server_lab::sim::host::catalog::{HostKind, ServiceKind, SERVER};
    let base = |k: HostKind| k.layer().base.memory_mib;
    let per_service = |k: HostKind| k.layer().per_service.memory_mib;
    let database = ServiceKind::Database.spec().memory_mib;
    let others: u32 = ServiceKind::ALL.iter().filter(|s| !s.spec().dedicated).map(|s| s.spec().memory_mib).sum();
    let guest_boot_s = HostKind::Hypervisor.layer().unit_start_ms / 1000;
    let figures = [
        (
            ChapterId::VirtualMachines,
            vec![
                SERVER.memory_mib,
                base(HostKind::Hypervisor),
                per_service(HostKind::Hypervisor),
                base(HostKind::HostedHypervisor),
                database,
                others,
            ],
        ),
        (
            ChapterId::Containers,
            vec![
                per_service(HostKind::Hypervisor),
                base(HostKind::ContainerEngine),
                per_service(HostKind::ContainerEngine),
                database,
            ],
        ),
    ];
    for (id, mebibytes) in figures {
        for lang in ["ko", "en"] {
            let path = text_path(id.slug(), lang);
            let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            let phrases = mebibytes.iter().map(|n| format!("{} MiB", grouped(*n)));
            for phrase in phrases.chain([seconds(guest_boot_s, lang, false)]) {
                assert!(states(&text, &phrase), "{path} should state the model's {phrase:?} (the catalog changed?)");
            }
        }
    }
}

/// A fair quiz or prediction gives nothing away by its shape: across the course (both
/// languages), the right answer is not usually the longest choice, nor usually in the same place.
#[test]
fn right_answers_are_neither_usually_longest_nor_usually_in_one_place() {
    let mut questions = 0usize;
    let mut longest = 0usize;
    let mut at = [0usize; 4];
    for id in ready() {
        for lang in ["ko", "en"] {
            let text = load(id, lang);
            let predictions = text.predict.iter().map(|p| (p.choices.clone(), p.correct));
            for (choices, correct) in text.quiz.iter().map(|q| (q.choices.clone(), q.correct)).chain(predictions) {
                let length = |c: &String| c.chars().count();
                let right = length(&choices[usize::from(correct)]);
                questions += 1;
                if choices.iter().all(|c| length(c) <= right) {
                    longest += 1;
                }
                at[usize::from(correct)] += 1;
            }
        }
    }
    let share = |n: usize| n as f64 / questions as f64;
    assert!(
        share(longest) <= 0.4,
        "the right answer is the longest choice in {longest} of {questions} questions (at most 40 % allowed)"
    );
    for (position, n) in at.iter().enumerate() {
        assert!(
            share(*n) <= 0.4,
            "the right answer is choice {} in {n} of {questions} questions (at most 40 % allowed)",
            position + 1
        );
    }
}
