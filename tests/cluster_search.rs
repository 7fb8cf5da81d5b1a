//! Chapter 6's optimum: the fewest nodes that keep the success rate at or above 99.5 % for ten
//! minutes while nodes fail at random, computed by the model's search and checked here by whole
//! runs without its early stops.

#![cfg(not(target_arch = "wasm32"))]

use std::time::Instant;

use server_lab::course::{
    clusters_challenge_start, Challenge, ChapterId, GoalRefusal, Origin, CLUSTERS_FAILURES_PER_HOUR,
    CLUSTERS_HOLD_SECONDS, DEFAULT_SEED,
};
use server_lab::sim::optimum::{
    ClusterSearch, ClusterSetting, OptimumSearch, SearchProgress, CLUSTER_SEEDS, SLICE_WORK, WARM_UP_SECONDS,
};
use server_lab::sim::traffic::cluster::ClusterScenario;
use server_lab::sim::traffic::health::HealthCheck;
use server_lab::sim::{evaluate, Action, Goal, Metric, Optimum, Scenario, World};

fn challenge() -> Challenge {
    Challenge::built_in(ChapterId::Clusters).expect("chapter 6 has a challenge")
}

fn cluster(challenge: &Challenge) -> &ClusterScenario {
    let Scenario::Cluster(cluster) = &challenge.scenario else { panic!("chapter 6 starts from a cluster") };
    cluster
}

fn search(challenge: &Challenge) -> ClusterSearch {
    let goal = challenge.goal.without_optimum();
    ClusterSearch::new(cluster(challenge), &goal, challenge.goal.hold_seconds(), DEFAULT_SEED)
}

/// The lab's world on `seed` with the challenge started, set up as `setting` by a learner's
/// actions (each accepted), run through warm-up and the whole hold: no early stop.
fn whole_run(challenge: &Challenge, setting: &ClusterSetting, seed: u64) -> World {
    let mut world = World::new(challenge.scenario.clone(), seed);
    world.apply(clusters_challenge_start()).expect("the challenge starts");
    for action in setting.actions(cluster(challenge).farm.servers) {
        world.apply(action).expect("a setting a learner can make");
    }
    world.run_seconds(WARM_UP_SECONDS + u64::from(challenge.goal.hold_seconds()));
    world
}

/// Whether `setting` meets the goal's figures on every seed, by whole runs.
fn passes_by_whole_runs(challenge: &Challenge, goal: &Goal, setting: &ClusterSetting) -> bool {
    (0..CLUSTER_SEEDS).all(|k| {
        let world = whole_run(challenge, setting, DEFAULT_SEED + k);
        evaluate(goal, world.history(), &Optimum::default()).met
    })
}

/// The search at once, with its time and work.
fn found() -> (ClusterSearch, Optimum) {
    let mut search = search(&challenge());
    let SearchProgress::Found(optimum) = search.advance(u64::MAX) else { panic!("the challenge can be met") };
    (search, optimum)
}

#[test]
fn the_challenge_turns_failures_on_and_asks_to_keep_them() {
    let challenge = challenge();
    assert_eq!(challenge.id, "clusters/fewest-nodes-through-failures");
    // The lab starts as the chapter does, without failures; the challenge turns them on.
    assert_eq!(challenge.scenario, Scenario::Cluster(ClusterScenario::chapter_six()));
    assert_eq!(cluster(&challenge).cluster.failures_per_hour, 0);
    assert_eq!(clusters_challenge_start(), Action::SetRandomFailures { per_hour: CLUSTERS_FAILURES_PER_HOUR });
    assert_eq!(challenge.goal.hold_seconds(), CLUSTERS_HOLD_SECONDS);
    assert_eq!(challenge.goal.value_for(Metric::SuccessRatePercent), Some(99.5));
    assert_eq!(challenge.goal.value_for(Metric::FailuresPerHour), Some(f64::from(CLUSTERS_FAILURES_PER_HOUR)));
    assert_eq!(challenge.goal.value_for(Metric::OfferedRps), Some(400.0));
    // The chapter is written: its page shows this challenge.
    assert!(ChapterId::Clusters.is_ready());
    assert_eq!(Challenge::for_chapter(ChapterId::Clusters).map(|c| c.id), Some(challenge.id));
    // Not starting the challenge, or turning failures off after it, is no way out; with them on,
    // ten quiet seconds meet these figures.
    let goal = challenge.goal.without_optimum().with_values(&[99.5, 85.0, 400.0], 10).expect("three figures");
    let mut world = World::new(challenge.scenario.clone(), DEFAULT_SEED);
    world.run_seconds(20);
    assert!(!evaluate(&goal, world.history(), &Optimum::default()).met);
    world.apply(clusters_challenge_start()).expect("the challenge starts");
    world.run_seconds(10);
    assert!(evaluate(&goal, world.history(), &Optimum::default()).met);
    world.apply(Action::SetRandomFailures { per_hour: 0 }).expect("a learner may");
    world.run_seconds(1);
    assert!(!evaluate(&goal, world.history(), &Optimum::default()).met);
}

#[test]
fn the_starting_settings_fail_the_goal_on_the_default_seed() {
    let challenge = challenge();
    let start = cluster(&challenge);
    let balance = start.farm.balance.as_ref().expect("a balancer");
    let as_it_starts = ClusterSetting {
        nodes: start.farm.servers,
        check: start.cluster.health.expect("HAProxy's checks"),
        retries: balance.retries,
    };
    assert_eq!((as_it_starts.nodes, as_it_starts.check, as_it_starts.retries), (4, HealthCheck::HAPROXY, 1));
    let world = whole_run(&challenge, &as_it_starts, DEFAULT_SEED);
    let lowest = world.history().newest_first().take(600).filter_map(|s| s.get(Metric::SuccessRatePercent));
    let lowest = lowest.fold(100.0, f64::min);
    assert!(lowest < 99.5, "{lowest} %");
    assert!(!evaluate(&challenge.goal.without_optimum(), world.history(), &Optimum::default()).met);
}

#[test]
fn the_optimum_is_the_fewest_nodes_that_whole_runs_find() {
    let challenge = challenge();
    let (search, optimum) = found();
    let winner = *search.found().expect("a setting");
    let nodes = optimum.get(Metric::Servers).expect("a node count") as u32;
    assert_eq!(winner.nodes, nodes);
    // The figures the report and the page show.
    assert_eq!(nodes, 5, "{winner:?}");
    assert_eq!(
        optimum.get(Metric::CostPerMonth),
        Some(f64::from(nodes * cluster(&challenge).farm.server_cost_per_month))
    );

    // Without early stops: every setting with fewer nodes fails on some seed, and the winner
    // passes on every one, and so does no setting tried before it with as many nodes.
    let goal = challenge.goal.without_optimum();
    let index = search.settings().iter().position(|s| *s == winner).expect("a setting of the grid");
    for setting in &search.settings()[..index] {
        assert!(!passes_by_whole_runs(&challenge, &goal, setting), "{setting:?} passes");
    }
    assert!(passes_by_whole_runs(&challenge, &goal, &winner));
}

#[test]
fn the_found_setting_meets_the_goal_in_the_lab_by_the_learners_actions() {
    let challenge = challenge();
    let (search, optimum) = found();
    let winner = search.found().expect("a setting");
    let world = whole_run(&challenge, winner, DEFAULT_SEED);
    assert!(evaluate(&challenge.goal, world.history(), &optimum).met, "{winner:?}");
    // On the lab's own seed the same checks and retries pass with a node fewer too (the search
    // adds it for the unlucky bursts of its other seeds): a learner may tune and keep 4 nodes.
    let fewer = ClusterSetting { nodes: winner.nodes - 1, ..*winner };
    let world = whole_run(&challenge, &fewer, DEFAULT_SEED);
    assert!(evaluate(&challenge.goal, world.history(), &optimum).met, "{fewer:?}");
}

#[test]
fn the_grid_is_every_node_count_with_45_settings() {
    let search = search(&challenge());
    let settings = search.settings();
    assert_eq!(settings.len(), 7 * 45);
    assert!(settings.windows(2).all(|w| w[0].nodes <= w[1].nodes));
    assert_eq!((settings[0].nodes, settings[settings.len() - 1].nodes), (2, 8));
    assert!(settings.iter().all(|s| s.check.problem().is_none() && s.check.healthy == 2 && s.retries <= 2));
}

#[test]
fn a_search_in_slices_finds_what_a_search_at_once_finds() {
    let challenge = challenge();
    let at_once = challenge.optimum_search(DEFAULT_SEED).finish();
    let mut sliced = challenge.optimum_search(DEFAULT_SEED);
    assert!(matches!(sliced, OptimumSearch::Cluster(_)));
    let mut slices = 1;
    while sliced.advance(SLICE_WORK) == SearchProgress::Searching {
        slices += 1;
    }
    assert_eq!(sliced.progress(), &at_once);
    assert!(slices > 100, "{slices} slices");
}

#[test]
fn the_search_takes_a_few_million_requests_of_work() {
    let start = Instant::now();
    let (search, _) = found();
    let elapsed = start.elapsed();
    let challenge = challenge();
    let worst = ClusterSearch::worst_case_work(cluster(&challenge), &challenge.goal, challenge.goal.hold_seconds());
    println!("cluster search: {:?}, {} requests of work (worst case {worst})", elapsed, search.work_done());
    assert!(search.work_done() < 6_000_000, "{}", search.work_done());
    // Generous for a shared machine; about a second natively.
    assert!(elapsed.as_secs_f64() < 6.0, "{elapsed:?}");
}

#[test]
fn a_teachers_ten_minute_hold_is_refused_for_its_cost_and_a_short_one_is_not() {
    let built_in = challenge();
    // Figures in the goal's order: success rate, failures an hour, users; then the hold.
    let long = built_in.clone().with_teacher_goal("99,85,400,600", DEFAULT_SEED);
    assert!(matches!(long.origin, Origin::RefusedLink(GoalRefusal::SearchTooCostly { .. })), "{:?}", long.origin);
    let short = built_in.clone().with_teacher_goal("99,85,400,60", DEFAULT_SEED);
    assert!(matches!(short.origin, Origin::Teacher { .. }), "{:?}", short.origin);
    let out_of_range = built_in.with_teacher_goal("99,4000,400,60", DEFAULT_SEED);
    assert!(matches!(out_of_range.origin, Origin::RefusedLink(GoalRefusal::OutOfRange { .. })));
}
