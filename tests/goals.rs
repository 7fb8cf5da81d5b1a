//! Goals, scenarios and recorded actions survive a JSON round trip unchanged (a goal read back
//! equals the original, so the pure `evaluate` judges it the same), and malformed goal files are
//! errors.

// proptest is a native-only dev-dependency; the wasm32 build runs tests/browser.rs.
#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::sample::Index;
use serde::de::DeserializeOwned;
use serde::Serialize;
use server_lab::course::{clusters_challenge_start, Challenge, ChapterId, DEFAULT_SEED, SERVERS_CHALLENGE_RPS};
use server_lab::sim::laptop::{LaptopScenario, Place, Service};
use server_lab::sim::traffic::cluster::ClusterScenario;
use server_lab::sim::traffic::FarmScenario;
use server_lab::sim::{Action, Cmp, Goal, Metric, Optimum, Scenario, Stamped, Step, Target, World};

/// Serializes a value and reads it back, failing the test on any error.
fn round_trip<T: Serialize + DeserializeOwned>(value: &T) -> T {
    let json = serde_json::to_string(value).expect("serializes");
    serde_json::from_str(&json).unwrap_or_else(|e| panic!("reads back {json}: {e}"))
}

fn challenge(chapter: ChapterId) -> Challenge {
    Challenge::for_chapter(chapter).expect("the chapter has a challenge")
}

/// A goal mixing `All`, `Any`, both kinds of target, every comparison and empty parts.
fn nested_goal() -> Goal {
    let value = |value| Target::Value { value };
    Goal::Any {
        goals: vec![
            Goal::All {
                goals: vec![
                    Goal::hold(Metric::P95LatencyMs, Cmp::Below, value(150.0), 5),
                    Goal::hold(Metric::CostPerMonth, Cmp::AtMost, Target::Optimum, 5),
                    Goal::Any {
                        goals: vec![
                            Goal::hold(Metric::MaxCpuPercent, Cmp::Above, value(0.1), 3),
                            Goal::hold(Metric::ThroughputRps, Cmp::AtLeast, value(999.5), 2),
                            Goal::Any { goals: Vec::new() },
                        ],
                    },
                    Goal::All { goals: Vec::new() },
                ],
            },
            Goal::hold(Metric::TimedOutPerSec, Cmp::AtLeast, value(1.0), 1),
        ],
    }
}

/// Every goal under test, with the optimum it is judged against.
fn goals() -> Vec<(&'static str, Goal, Optimum)> {
    let servers = challenge(ChapterId::Server);
    let why = challenge(ChapterId::WhyServers);
    let servers_optimum = servers.optimum(DEFAULT_SEED);
    // Chapter 6's optimum takes a search of its own (tests/cluster_search.rs); its shape is this.
    let clusters = Challenge::built_in(ChapterId::Clusters).expect("chapter 6 has a challenge");
    let nodes = Optimum(vec![(Metric::Servers, 3.0), (Metric::CostPerMonth, 180.0)]);
    vec![
        ("why/move-out", why.goal.clone(), why.optimum(DEFAULT_SEED)),
        ("servers/lowest-cost", servers.goal, servers_optimum.clone()),
        ("clusters/fewest-nodes-through-failures", clusters.goal, nodes),
        ("nested", nested_goal(), servers_optimum),
    ]
}

/// A scripted run: actions applied at the start of the given seconds.
struct Run {
    scenario: Scenario,
    script: Vec<(u64, Action)>,
    seconds: u64,
}

/// A chapter-0 run that moves out, and a chapter-1 run that is overloaded, then rescued with
/// the optimum's servers: recorded actions to write, read back and replay.
fn runs() -> Vec<Run> {
    let optimum = challenge(ChapterId::Server).optimum(DEFAULT_SEED);
    let servers = optimum.get(Metric::Servers).expect("chapter 1 has an optimum") as usize;
    let to_server = |service| (5, Action::MoveService { service, to: Place::Server });
    let challenge_load = (0, Action::SetArrivalRate { rps: SERVERS_CHALLENGE_RPS });
    let rescue = (20, Action::AddServer);
    vec![
        Run {
            scenario: Scenario::Laptop(LaptopScenario::chapter_zero()),
            script: Service::ALL.into_iter().map(to_server).collect(),
            seconds: 20,
        },
        Run {
            scenario: Scenario::Farm(FarmScenario::chapter_one()),
            script: [vec![challenge_load], vec![rescue; servers - 1]].concat(),
            seconds: 25,
        },
    ]
}

/// Plays a run.
fn play(run: &Run) -> World {
    let mut world = World::new(run.scenario.clone(), DEFAULT_SEED);
    for second in 0..run.seconds {
        for &(_, action) in run.script.iter().filter(|(at, _)| *at == second) {
            world.apply(action).expect("the script's actions are accepted");
        }
        world.run_seconds(1);
    }
    world
}

#[test]
fn goals_and_optima_round_trip() {
    for (name, goal, optimum) in goals() {
        assert_eq!(round_trip(&goal), goal, "{name}");
        assert_eq!(round_trip(&optimum), optimum, "{name}");
    }
}

#[test]
fn goal_files_use_snake_case_names() {
    // Teachers write goals by hand: these names are the file format.
    let json = r#"{
        "kind": "all",
        "goals": [
            {
                "kind": "hold",
                "seconds": 30,
                "condition": {
                    "metric": "p95_latency_ms",
                    "cmp": "below",
                    "target": {"kind": "value", "value": 150}
                }
            },
            {
                "kind": "hold",
                "seconds": 30,
                "condition": {
                    "metric": "cost_per_month",
                    "cmp": "at_most",
                    "target": {"kind": "optimum"}
                }
            }
        ]
    }"#;
    let goal: Goal = serde_json::from_str(json).expect("a hand-written goal parses");
    let expected = Goal::All {
        goals: vec![
            Goal::hold(Metric::P95LatencyMs, Cmp::Below, Target::Value { value: 150.0 }, 30),
            Goal::hold(Metric::CostPerMonth, Cmp::AtMost, Target::Optimum, 30),
        ],
    };
    assert_eq!(goal, expected);
    // Chapter 6's failure rate, as a file names it.
    let failures = r#"{"kind": "hold", "seconds": 600,
        "condition": {"metric": "failures_per_hour", "cmp": "at_least", "target": {"kind": "value", "value": 120}}}"#;
    let goal: Goal = serde_json::from_str(failures).expect("a hand-written goal parses");
    assert_eq!(goal, Goal::hold(Metric::FailuresPerHour, Cmp::AtLeast, Target::Value { value: 120.0 }, 600));
}

#[test]
fn scenarios_and_recorded_actions_round_trip() {
    for scenario in [
        Scenario::Farm(FarmScenario::chapter_one()),
        Scenario::Farm(FarmScenario { timeout_ms: None, service_mean_ms: 0.125, ..FarmScenario::chapter_one() }),
        Scenario::Laptop(LaptopScenario::chapter_zero()),
        Scenario::Cluster(ClusterScenario::chapter_six()),
    ] {
        assert_eq!(round_trip(&scenario), scenario);
    }
    for world in runs().iter().map(play) {
        let actions: Vec<Stamped> = round_trip(&world.actions().to_vec());
        assert_eq!(actions, world.actions());
        assert!(!actions.is_empty());
        let scenario = round_trip(world.scenario());
        let replayed = World::replay(scenario, world.seed(), &actions, world.now());
        assert_eq!(replayed.digest(), world.digest());
    }
    let every_kind = [
        Action::SetArrivalRate { rps: u32::MAX },
        Action::AddServer,
        Action::RemoveServer,
        Action::MoveService { service: Service::Database, to: Place::Laptop },
        Action::SetLaptopAwake { awake: false },
        clusters_challenge_start(),
    ];
    for (step, action) in every_kind.into_iter().enumerate() {
        let stamped = Stamped { step: Step(u64::MAX - step as u64), action };
        assert_eq!(round_trip(&stamped), stamped);
    }
}

/// A one-part goal file with the given JSON values spliced in.
fn hold_json(seconds: &str, metric: &str, cmp: &str, target: &str) -> String {
    format!(r#"{{"kind":"hold","seconds":{seconds},"condition":{{"metric":{metric},"cmp":{cmp},"target":{target}}}}}"#)
}

#[test]
fn malformed_goals_are_errors() {
    const SECONDS: &str = "30";
    const METRIC: &str = r#""p95_latency_ms""#;
    const CMP: &str = r#""below""#;
    const TARGET: &str = r#"{"kind":"value","value":150}"#;
    // The control: with every part well formed, the file parses.
    let valid = hold_json(SECONDS, METRIC, CMP, TARGET);
    assert!(serde_json::from_str::<Goal>(&valid).is_ok(), "{valid}");

    let deep = format!("{}{}", r#"{"kind":"all","goals":["#.repeat(10_000), "]}".repeat(10_000));
    let malformed = [
        String::new(),
        "null".into(),
        "[]".into(),
        "{".into(),
        valid[..valid.len() - 1].into(),
        r#"{"kind":"hold"}"#.into(),
        r#"{"kind":"maybe","goals":[]}"#.into(),
        r#"{"goals":[]}"#.into(),
        r#"{"kind":"all","goals":{}}"#.into(),
        hold_json("-1", METRIC, CMP, TARGET),
        hold_json("4294967296", METRIC, CMP, TARGET),
        hold_json("1.5", METRIC, CMP, TARGET),
        hold_json(SECONDS, r#""p999_latency_ms""#, CMP, TARGET),
        hold_json(SECONDS, r#""P95LatencyMs""#, CMP, TARGET),
        hold_json(SECONDS, METRIC, r#""under""#, TARGET),
        hold_json(SECONDS, METRIC, "null", TARGET),
        hold_json(SECONDS, METRIC, CMP, r#"{"kind":"value","value":"150"}"#),
        hold_json(SECONDS, METRIC, CMP, r#"{"kind":"value","value":NaN}"#),
        hold_json(SECONDS, METRIC, CMP, r#"{"kind":"value"}"#),
        hold_json(SECONDS, METRIC, CMP, r#"{"kind":"best"}"#),
        deep,
    ];
    for json in &malformed {
        let shown: String = json.chars().take(120).collect();
        assert!(serde_json::from_str::<Goal>(json).is_err(), "accepted {shown}");
    }
}

#[test]
fn every_truncation_of_a_goal_is_an_error() {
    for (name, goal, _) in goals() {
        let json = serde_json::to_string(&goal).expect("serializes");
        for end in (0..json.len()).filter(|&end| json.is_char_boundary(end)) {
            assert!(serde_json::from_str::<Goal>(&json[..end]).is_err(), "{name}: accepted {}", &json[..end]);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// A goal file damaged anywhere is either an error or a goal that round-trips; never a panic.
    #[test]
    fn damaged_goal_files_never_panic(
        edits in prop::collection::vec((any::<Index>(), damage()), 1..=4),
    ) {
        let mut json = serde_json::to_string(&nested_goal()).expect("serializes").into_bytes();
        for (at, byte) in edits {
            let at = at.index(json.len());
            json[at] = byte;
        }
        let text = String::from_utf8(json).expect("ASCII edits keep the text UTF-8");
        if let Ok(goal) = serde_json::from_str::<Goal>(&text) {
            prop_assert_eq!(round_trip(&goal), goal);
        }
    }
}

/// A byte to damage a goal file with: structure, quotes, escapes, digits, signs, letters.
fn damage() -> impl Strategy<Value = u8> {
    prop::sample::select(b"{}[]\"\\:,0-9.e ".to_vec())
}

#[test]
fn a_teachers_lighter_load_has_a_cheaper_optimum() {
    let built_in = challenge(ChapterId::Server);
    let lighter = built_in.clone().with_teacher_goal("400,150,30", DEFAULT_SEED);
    let cost = |c: &Challenge| c.optimum(DEFAULT_SEED).get(Metric::CostPerMonth).expect("an optimum");
    assert!(cost(&lighter) < cost(&built_in), "400 rps needs fewer servers than 1,000");
}
