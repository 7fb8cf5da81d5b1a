//! Chapter 1's queueing model against queueing theory, its accounting, its refusals, its
//! built-in challenge, and the search for a challenge's optimum.

use server_lab::course::{
    Challenge, ChapterId, GoalRefusal, Origin, DEFAULT_SEED, MAX_SEARCH_WORK, SERVERS_CHALLENGE_RPS,
};
use server_lab::sim::clock::STEPS_PER_SECOND;
use server_lab::sim::event::EventKind;
use server_lab::sim::optimum::{FarmSearch, OptimumSearch, SearchProgress, OPTIMUM_SEEDS, SLICE_WORK, WARM_UP_SECONDS};
use server_lab::sim::traffic::{FarmRefusal, FarmScenario, ServerFarm, MAX_RPS, MIN_RPS};
use server_lab::sim::{evaluate, Action, Goal, Harness, Metric, Optimum, Refusal, Sample, Scenario, World};

/// One server with one worker, exponential service, no timeouts: an M/M/1 queue.
fn mm1(rho: f64, requests: u64) -> (f64, f64) {
    let service_mean_ms = 2.0;
    let rps = (rho * 1000.0 / service_mean_ms).round() as u32;
    let scenario = FarmScenario {
        arrival_rps: rps,
        servers: 1,
        workers_per_server: 1,
        service_mean_ms,
        timeout_ms: None,
        server_cost_per_month: 1,
        max_servers: 1,
        balance: None,
    };
    // 1 % more time than the mean needs: arrivals are random, and the run must serve `requests`.
    let seconds = requests * 101 / 100 / u64::from(rps) + 1;
    let world = Harness::new(Scenario::Farm(scenario), 11).run(seconds).into_world();
    let farm = world.farm().expect("a farm world");
    assert!(farm.outcomes().served >= requests);
    let expected = service_mean_ms / (1.0 - f64::from(rps) * service_mean_ms / 1000.0);
    (farm.mean_served_latency_ms().expect("requests were served"), expected)
}

#[test]
fn mean_response_matches_mm1_at_half_load() {
    let (measured, expected) = mm1(0.5, 1_000_000);
    assert!((measured - expected).abs() / expected < 0.03, "measured {measured} ms, M/M/1 says {expected} ms");
}

#[test]
fn mean_response_matches_mm1_at_eighty_percent_load() {
    let (measured, expected) = mm1(0.8, 3_000_000);
    assert!((measured - expected).abs() / expected < 0.03, "measured {measured} ms, M/M/1 says {expected} ms");
}

fn farm_world(scenario: FarmScenario, seed: u64) -> World {
    World::new(Scenario::Farm(scenario), seed)
}

/// Panics unless every request the farm created has ended exactly once or is still in flight.
fn assert_accounted(world: &World) {
    let farm = world.farm().expect("a farm world");
    let o = farm.outcomes();
    let in_flight = farm.in_flight();
    assert_eq!(
        o.created,
        o.served + o.failed + o.timed_out + in_flight,
        "at step {:?}: {o:?}, in flight {in_flight}",
        world.now()
    );
}

/// Runs `steps` steps, checking the accounting identity after every one.
fn run_accounted(world: &mut World, steps: u64) {
    for _ in 0..steps {
        world.step();
        assert_accounted(world);
    }
}

/// Runs `seconds` seconds, checking the accounting identity after every step.
fn run_accounted_seconds(world: &mut World, seconds: u64) {
    run_accounted(world, seconds * STEPS_PER_SECOND);
}

fn apply(world: &mut World, action: Action) {
    if let Err(refusal) = world.apply(action) {
        panic!("the world refused {action:?} at {:?}: {refusal:?}", world.now());
    }
}

/// Every per-second sample the world still holds, oldest first.
fn samples(world: &World) -> Vec<&Sample> {
    let mut samples: Vec<_> = world.history().newest_first().collect();
    samples.reverse();
    samples
}

fn assert_cpu_in_range(world: &World) {
    for sample in samples(world) {
        let cpu = sample.get(Metric::MaxCpuPercent).expect("every farm sample measures CPU");
        assert!((0.0..=100.0).contains(&cpu), "second {}: CPU {cpu} %", sample.second);
    }
}

#[test]
fn overload_with_timeouts_keeps_every_request_accounted() {
    let mut world = farm_world(FarmScenario::chapter_one(), DEFAULT_SEED);
    run_accounted_seconds(&mut world, 5);
    apply(&mut world, Action::SetArrivalRate { rps: 2_000 });
    run_accounted_seconds(&mut world, 20);
    apply(&mut world, Action::AddServer);
    apply(&mut world, Action::SetArrivalRate { rps: MAX_RPS });
    run_accounted_seconds(&mut world, 10);
    apply(&mut world, Action::SetArrivalRate { rps: 100 });
    run_accounted_seconds(&mut world, 10);

    let o = world.farm().expect("a farm world").outcomes();
    assert!(o.timed_out > 0 && o.served > 0, "{o:?}");
    assert_cpu_in_range(&world);
}

#[test]
fn removing_servers_with_requests_queued_keeps_every_request_accounted() {
    let scenario = FarmScenario { arrival_rps: 2_000, servers: 5, ..FarmScenario::chapter_one() };
    let mut world = farm_world(scenario, DEFAULT_SEED);
    run_accounted_seconds(&mut world, 5);
    let mut queued_at_removal = 0;
    while let Some(newest) = world.farm().and_then(|f| f.servers().last()) {
        queued_at_removal += newest.queue_len();
        apply(&mut world, Action::RemoveServer);
        assert_accounted(&world);
        run_accounted(&mut world, 37);
    }
    assert!(queued_at_removal > 0, "the script meant to remove servers with queues");
    run_accounted_seconds(&mut world, 3);
    apply(&mut world, Action::AddServer);
    run_accounted_seconds(&mut world, 3);
    assert_cpu_in_range(&world);
}

#[test]
fn with_zero_servers_every_arrival_fails_at_once() {
    let scenario = FarmScenario { servers: 0, ..FarmScenario::chapter_one() };
    let mut world = farm_world(scenario, DEFAULT_SEED);
    run_accounted_seconds(&mut world, 10);

    let farm = world.farm().expect("a farm world");
    let o = farm.outcomes();
    assert!(o.created > 500, "{o:?}");
    assert_eq!((o.failed, o.served, o.timed_out, farm.in_flight()), (o.created, 0, 0, 0));
    let latest = world.history().latest().expect("ten seconds were measured");
    assert_eq!(latest.get(Metric::ThroughputRps), Some(0.0));
    assert!(latest.get(Metric::FailedPerSec).is_some_and(|f| f > 0.0));
    assert_eq!(latest.get(Metric::CostPerMonth), Some(0.0));
    assert_eq!(latest.get(Metric::P95LatencyMs), None, "nothing finished, so no latency");
    assert_cpu_in_range(&world);

    apply(&mut world, Action::AddServer);
    run_accounted_seconds(&mut world, 10);
    let o = world.farm().expect("a farm world").outcomes();
    assert!(o.served > 500, "one server takes the load again: {o:?}");
}

#[test]
fn requests_time_out_under_overload_with_the_timeout_as_latency() {
    for timeout_ms in [1_000, 250] {
        // 1,000 requests/s against one server that finishes 200/s.
        let scenario = FarmScenario { arrival_rps: 1_000, timeout_ms: Some(timeout_ms), ..FarmScenario::chapter_one() };
        let world = Harness::new(Scenario::Farm(scenario), DEFAULT_SEED).run(20).into_world();
        let timeout = timeout_ms as f64;

        assert!(world.farm().expect("a farm world").outcomes().timed_out > 0);
        assert!(world.latest(Metric::TimedOutPerSec).is_some_and(|n| n > 500.0));
        assert!(world.events().newest_first().any(|e| matches!(e.kind, EventKind::TimeoutsBegan { .. })));
        for sample in samples(&world) {
            let p95 = sample.get(Metric::P95LatencyMs).expect("requests finish every second");
            assert!(p95 <= timeout, "second {}: nobody waits past the timeout, p95 {p95}", sample.second);
        }
        // Most requests time out, so the 95th percentile is a timed-out request's latency.
        assert_eq!(world.latest(Metric::P95LatencyMs), Some(timeout));
    }
}

/// Runs a farm where no request can finish before the timeout, so every one times out.
fn all_time_out(workers_per_server: u32, arrival_rps: u32) -> World {
    let scenario = FarmScenario {
        arrival_rps,
        servers: 1,
        workers_per_server,
        // A mean service time of almost three hours: P(service < 300 ms) is about 3e-5.
        service_mean_ms: 1e7,
        timeout_ms: Some(300),
        server_cost_per_month: 1,
        max_servers: 1,
        balance: None,
    };
    let mut world = farm_world(scenario, DEFAULT_SEED);
    run_accounted_seconds(&mut world, 10);
    world
}

#[test]
fn timed_out_requests_count_the_timeout_whether_queued_or_in_service() {
    // One worker: the first request holds it; every later one gives up in the queue.
    let queued = all_time_out(1, 100);
    // More workers than requests: every request starts at once and gives up in service.
    let in_service = all_time_out(1_000, 50);
    for world in [queued, in_service] {
        let o = world.farm().expect("a farm world").outcomes();
        assert_eq!(o.served, 0, "{o:?}");
        assert!(o.timed_out > 300, "{o:?}");
        for sample in samples(&world) {
            assert_eq!(sample.get(Metric::P50LatencyMs), Some(300.0), "second {}", sample.second);
            assert_eq!(sample.get(Metric::P95LatencyMs), Some(300.0), "second {}", sample.second);
        }
    }
}

#[test]
fn removing_a_server_fails_exactly_what_it_held() {
    let scenario = FarmScenario { arrival_rps: 1_500, servers: 4, ..FarmScenario::chapter_one() };
    let mut world = farm_world(scenario, DEFAULT_SEED);
    world.run_seconds(3);
    for _ in 0..4 {
        let farm = world.farm().expect("a farm world");
        let newest = farm.servers().last().expect("a server to remove");
        let (id, held) = (newest.id, newest.in_flight() as u64);
        assert!(held > 0, "server {id} should be busy under this load");
        let before = farm.outcomes();
        let in_flight_before = farm.in_flight();

        apply(&mut world, Action::RemoveServer);

        let farm = world.farm().expect("a farm world");
        let after = farm.outcomes();
        assert_eq!(after.failed - before.failed, held);
        assert_eq!((after.created, after.served, after.timed_out), (before.created, before.served, before.timed_out));
        assert_eq!(farm.in_flight(), in_flight_before - held);
        let logged = world.events().newest_first().next().map(|e| e.kind);
        assert_eq!(logged, Some(EventKind::ServerRemoved { id, failed: held }));
        world.run_steps(20);
    }
}

/// Applies an action the world must refuse, and checks that the world did not change.
fn assert_refused(world: &mut World, action: Action, expected: Refusal) {
    let before = world.clone();
    let digest = world.digest();
    assert_eq!(world.apply(action), Err(expected), "{action:?}");
    assert_eq!(world.digest(), digest, "{action:?} changed the digest");
    assert_eq!(world.actions(), before.actions(), "{action:?} was recorded");
    assert!(*world == before, "{action:?} changed the world");
}

#[test]
fn rates_outside_the_slider_are_refused_and_change_nothing() {
    let mut world = farm_world(FarmScenario::chapter_one(), DEFAULT_SEED);
    world.run_seconds(2);
    let out_of_range = Refusal::Farm(FarmRefusal::RateOutOfRange { min: MIN_RPS, max: MAX_RPS });
    for rps in [0, MAX_RPS + 1, u32::MAX] {
        assert_refused(&mut world, Action::SetArrivalRate { rps }, out_of_range);
    }
    for rps in [MIN_RPS, MAX_RPS] {
        apply(&mut world, Action::SetArrivalRate { rps });
        assert_eq!(world.farm().map(ServerFarm::arrival_rps), Some(rps));
    }
}

#[test]
fn adding_past_the_maximum_and_removing_from_none_are_refused() {
    let scenario = FarmScenario::chapter_one();
    let max = scenario.max_servers;
    let mut world = farm_world(scenario, DEFAULT_SEED);
    while world.farm().is_some_and(|f| (f.servers().len() as u32) < max) {
        apply(&mut world, Action::AddServer);
    }
    world.run_seconds(1);
    assert_refused(&mut world, Action::AddServer, Refusal::Farm(FarmRefusal::TooManyServers { max }));
    assert_eq!(world.latest(Metric::Servers), Some(f64::from(max)));

    for _ in 0..max {
        apply(&mut world, Action::RemoveServer);
    }
    world.run_seconds(1);
    assert_refused(&mut world, Action::RemoveServer, Refusal::Farm(FarmRefusal::NoServerToRemove));
    assert_eq!(world.latest(Metric::Servers), Some(0.0));
}

#[test]
fn cpu_matches_utilisation_at_moderate_load() {
    // 1 server, 4 workers, 20 ms mean service, 100 requests/s: utilisation λ·S/c = 0.5.
    let scenario = FarmScenario::chapter_one();
    let utilisation =
        f64::from(scenario.arrival_rps) * scenario.service_mean_ms / 1000.0 / f64::from(scenario.workers_per_server);
    assert_eq!(utilisation, 0.5);
    let world = Harness::new(Scenario::Farm(scenario), DEFAULT_SEED).run(40).into_world();
    assert_cpu_in_range(&world);

    let last_30: Vec<f64> = world
        .history()
        .newest_first()
        .take(30)
        .map(|s| s.get(Metric::MaxCpuPercent).expect("every farm sample measures CPU"))
        .collect();
    let mean = last_30.iter().sum::<f64>() / last_30.len() as f64;
    assert!((mean - utilisation * 100.0).abs() < 3.0, "mean CPU {mean} %");
}

#[test]
fn cpu_saturates_at_one_hundred_percent_under_overload() {
    let scenario = FarmScenario { arrival_rps: 1_000, ..FarmScenario::chapter_one() };
    let world = Harness::new(Scenario::Farm(scenario), DEFAULT_SEED).run(10).into_world();
    assert_cpu_in_range(&world);
    assert!(world.latest(Metric::MaxCpuPercent).is_some_and(|cpu| cpu > 99.0));
}

/// The part of an `All` goal that checks `metric`.
fn part_on(goal: &Goal, metric: Metric) -> Goal {
    let Goal::All { goals } = goal else {
        panic!("the chapter-1 challenge is a conjunction: {goal:?}");
    };
    goals
        .iter()
        .find(|g| g.holds().iter().any(|(c, _)| c.metric == metric))
        .cloned()
        .unwrap_or_else(|| panic!("the challenge has no part on {metric:?}"))
}

/// A learner's chapter-1 world after moving the slider to the challenge's load and renting
/// Actions that turn a fresh chapter-1 world into a farm of `servers` servers at `rps`.
fn actions_to_reach(from: &FarmScenario, rps: u32, servers: u32) -> Vec<Action> {
    let mut actions = vec![Action::SetArrivalRate { rps }];
    actions.extend((0..servers.saturating_sub(from.servers)).map(|_| Action::AddServer));
    actions.extend((0..from.servers.saturating_sub(servers)).map(|_| Action::RemoveServer));
    actions
}

/// `servers` servers at the very start.
fn learner_world(challenge: &Challenge, servers: u32) -> World {
    let Scenario::Farm(start) = &challenge.scenario else {
        panic!("chapter 1 starts from a farm");
    };
    assert_eq!(*start, FarmScenario::chapter_one());
    let mut world = World::new(challenge.scenario.clone(), DEFAULT_SEED);
    for action in actions_to_reach(start, SERVERS_CHALLENGE_RPS, servers) {
        apply(&mut world, action);
    }
    world
}

/// Runs `seconds` seconds and returns the first second at the end of which `goal` was met.
fn first_met(world: &mut World, goal: &Goal, optimum: &Optimum, seconds: u64) -> Option<u64> {
    (1..=seconds).find(|_| {
        world.run_seconds(1);
        evaluate(goal, world.history(), optimum).met
    })
}

#[test]
fn the_chapter_one_optimum_meets_the_challenge_and_one_server_fewer_never_does() {
    let challenge = Challenge::for_chapter(ChapterId::Server).expect("chapter 1 has a challenge");
    let optimum = challenge.optimum(DEFAULT_SEED);
    let servers = optimum.get(Metric::Servers).expect("the model found a farm that meets the goal") as u32;
    let Scenario::Farm(start) = &challenge.scenario else {
        panic!("chapter 1 starts from a farm");
    };
    assert_eq!(optimum.get(Metric::CostPerMonth), Some(f64::from(servers * start.server_cost_per_month)));
    assert!(servers > 1, "the challenge should need more than the starting server");

    let mut enough = learner_world(&challenge, servers);
    let met = first_met(&mut enough, &challenge.goal, &optimum, 60);
    assert!(met.is_some(), "{servers} servers should meet the challenge within 60 s");
    assert_eq!(enough.latest(Metric::Servers), Some(f64::from(servers)));

    // One server fewer is never fast enough, even given five minutes.
    let latency = part_on(&challenge.goal, Metric::P95LatencyMs);
    let mut too_few = learner_world(&challenge, servers - 1);
    assert_eq!(first_met(&mut too_few, &latency, &optimum, 300), None);

    // One server more is fast enough, but costs more than the optimum.
    let mut too_many = learner_world(&challenge, servers + 1);
    let mut fast_enough = false;
    for _ in 0..60 {
        too_many.run_seconds(1);
        fast_enough |= evaluate(&latency, too_many.history(), &optimum).met;
        assert!(!evaluate(&challenge.goal, too_many.history(), &optimum).met);
    }
    assert!(fast_enough, "{} servers should be fast enough", servers + 1);
}

/// The search as it was before a run stopped at its first failing second: every run of every
/// candidate lasts the whole warm-up and hold, and is judged at its end. The fewest servers.
fn fewest_servers_by_whole_runs(challenge: &Challenge, seed: u64) -> Option<u32> {
    let Scenario::Farm(farm) = &challenge.scenario else { panic!("a farm challenge") };
    let rps = challenge.goal.value_for(Metric::OfferedRps).expect("a load") as u32;
    let (goal, hold) = (challenge.goal.without_optimum(), u64::from(challenge.goal.hold_seconds()));
    let lower = ((f64::from(rps) / farm.capacity_rps_per_server()).floor() as u32).max(1);
    (lower..=farm.max_servers).find(|&servers| {
        (0..OPTIMUM_SEEDS).all(|k| {
            let candidate = FarmScenario { arrival_rps: rps, servers, ..farm.clone() };
            let mut world = World::new(Scenario::Farm(candidate), seed.wrapping_add(k));
            world.run_seconds(WARM_UP_SECONDS + hold);
            evaluate(&goal, world.history(), &Optimum::default()).met
        })
    })
}

#[test]
fn stopping_a_failing_run_early_finds_the_same_optimum() {
    let built_in = Challenge::for_chapter(ChapterId::Server).expect("chapter 1 has a challenge");
    for goal in [None, Some("1200,120,30"), Some("400,150,30"), Some("2500,100,20")] {
        let challenge = goal.map_or(built_in.clone(), |g| built_in.clone().with_teacher_goal(g, 7));
        assert!(!matches!(challenge.origin, Origin::RefusedLink(_)), "{goal:?}");
        for seed in [DEFAULT_SEED, 7] {
            let servers = challenge.optimum(seed).get(Metric::Servers).map(|s| s as u32);
            assert_eq!(servers, fewest_servers_by_whole_runs(&challenge, seed), "{goal:?}, seed {seed}");
        }
    }
}

/// Advances `search` a slice at a time to its end; returns the answer and the slices taken.
fn in_slices(mut search: OptimumSearch) -> (SearchProgress, u32) {
    let mut slices = 1;
    loop {
        match search.advance(SLICE_WORK) {
            SearchProgress::Searching => slices += 1,
            done => return (done, slices),
        }
    }
}

#[test]
fn a_search_in_slices_finds_what_a_search_at_once_finds() {
    let built_in = Challenge::for_chapter(ChapterId::Server).expect("chapter 1 has a challenge");
    let at_once = built_in.optimum_search(DEFAULT_SEED).finish();
    assert_eq!(at_once, SearchProgress::Found(built_in.optimum(DEFAULT_SEED)));
    let (sliced, slices) = in_slices(built_in.optimum_search(DEFAULT_SEED));
    assert_eq!(sliced, at_once);
    assert!(slices > 10, "{slices} slices: the search is spread over frames");
    // Each slice runs the whole seconds that fit its budget: short of it by less than a second.
    let Scenario::Farm(farm) = &built_in.scenario else { panic!("a farm challenge") };
    let mut search = FarmSearch::new(farm, SERVERS_CHALLENGE_RPS, &built_in.goal.without_optimum(), 30, DEFAULT_SEED);
    let mut before = 0;
    while search.advance(SLICE_WORK) == SearchProgress::Searching {
        let slice = search.work_done() - before;
        let a_second = 2 * u64::from(SERVERS_CHALLENGE_RPS);
        assert!((SLICE_WORK - a_second..=SLICE_WORK).contains(&slice), "{slice}");
        before = search.work_done();
    }
}

#[test]
fn a_heavy_load_held_for_long_is_refused_and_its_runs_stop_at_the_first_failing_second() {
    let built_in = Challenge::for_chapter(ChapterId::Server).expect("chapter 1 has a challenge");
    // 5,000 requests/s, p95 under 1 ms (less than any request's service), held 10 minutes.
    let heavy = built_in.clone().with_teacher_goal("5000,1,600", 7);
    let Origin::RefusedLink(GoalRefusal::SearchTooCostly { work, cap }) = heavy.origin else {
        panic!("refused for its cost: {:?}", heavy.origin);
    };
    assert_eq!((cap, heavy.goal), (MAX_SEARCH_WORK, built_in.goal.clone()));
    assert!(work > MAX_SEARCH_WORK);
    // Searched anyway, it ends after one second past the warm-up for each candidate.
    let Scenario::Farm(farm) = &built_in.scenario else { panic!("a farm challenge") };
    let goal = built_in.goal.with_values(&[5000.0, 1.0], 600).expect("two figures").without_optimum();
    let mut search = FarmSearch::new(farm, 5000, &goal, 600, 7);
    assert_eq!(search.advance(u64::MAX), SearchProgress::NoneMeets);
    let one_second_past_warm_up = FarmSearch::worst_case_work(farm, 5000, 1) / OPTIMUM_SEEDS;
    assert_eq!(search.work_done(), one_second_past_warm_up);
    assert!(search.work_done() * 100 < work, "{} of a worst case of {work}", search.work_done());
}

#[test]
fn figures_no_farm_can_meet_are_found_unreachable() {
    let built_in = Challenge::for_chapter(ChapterId::Server).expect("chapter 1 has a challenge");
    // p95 under 30 ms: half of what a request's service alone takes at the 95th percentile
    // (20 ms × ln 20 ≈ 60 ms), however many servers share the load. Only the search can tell.
    let too_fast = built_in.clone().with_teacher_goal("1000,30,30", 7);
    assert!(matches!(too_fast.origin, Origin::Teacher { .. }), "{:?}", too_fast.origin);
    assert_eq!(too_fast.optimum_search(7).finish(), SearchProgress::NoneMeets);
    let refused = too_fast.refused(GoalRefusal::Unreachable);
    assert_eq!(refused, Challenge { origin: Origin::RefusedLink(GoalRefusal::Unreachable), ..built_in.clone() });
    // More load than the most servers allowed can serve on average is refused at once.
    let Scenario::Farm(farm) = &built_in.scenario else { panic!("a farm challenge") };
    let small = Challenge { scenario: Scenario::Farm(FarmScenario { max_servers: 10, ..farm.clone() }), ..built_in };
    let overloaded = small.clone().with_teacher_goal("2200,150,30", 7);
    assert_eq!(overloaded.origin, Origin::RefusedLink(GoalRefusal::Unreachable));
    assert!(matches!(small.with_teacher_goal("1800,150,30", 7).origin, Origin::Teacher { .. }));
}
