//! Chapter 5's farm as a whole: requests through DNS and the balancer to the servers, compare
//! mode, pools and routes, retries; and the conservation property over a million requests.

#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use server_lab::sim::balance::Algorithm;
use server_lab::sim::traffic::edge::Edge;
use server_lab::sim::traffic::{FarmScenario, Path, Pool, ServerFarm, MAX_RPS, MAX_SPIKE_RPS};
use server_lab::sim::{Action, Metric, Scenario, World};

fn balancing(seed: u64) -> World {
    World::new(Scenario::Balance(FarmScenario::chapter_five()), seed)
}

fn farm(world: &World) -> &ServerFarm {
    world.farm().expect("a farm world")
}

/// The mean of the last `seconds` samples of `metric`.
fn mean_of_last(world: &World, metric: Metric, seconds: usize) -> f64 {
    let values: Vec<f64> = world.history().newest_first().take(seconds).filter_map(|s| s.get(metric)).collect();
    values.iter().sum::<f64>() / values.len().max(1) as f64
}

fn with_algorithm(seed: u64, algorithm: Algorithm) -> World {
    let mut world = balancing(seed);
    world.apply(Action::SetAlgorithm { side: 0, algorithm }).expect("an algorithm");
    world
}

#[test]
fn power_of_two_choices_beats_random_on_p95_with_one_slow_server() {
    for seed in [1, 2, 3, 4, 5] {
        let p95 = |algorithm| {
            let mut world = with_algorithm(seed, algorithm);
            world.run_seconds(60);
            mean_of_last(&world, Metric::P95LatencyMs, 30)
        };
        let (two, random) = (p95(Algorithm::PowerOfTwoChoices), p95(Algorithm::Random));
        assert!(two * 3.0 < random, "seed {seed}: two choices {two} ms, random {random} ms");
    }
}

#[test]
fn the_same_seed_gives_the_same_run_and_histograms() {
    let script = [
        Action::SetCompare { second: Some(Algorithm::Random) },
        Action::SetSpikeRate { rps: 800 },
        Action::SetPool { server: 4, pool: Pool::Files },
        Action::SetRoute { path: Path::Static, to: Pool::Files },
    ];
    let run = |seed| {
        let mut world = balancing(seed);
        for action in script {
            world.apply(action).expect("a chapter-5 action");
            world.run_seconds(5);
        }
        world
    };
    let (a, b) = (run(9), run(9));
    assert_eq!(a, b);
    assert_eq!(a.history(), b.history());
    assert_eq!(a.digest(), b.digest());
    assert_ne!(a.digest(), run(10).digest());
}

/// Compare mode feeds both balancers the same requests: with the same algorithm on both sides
/// they do exactly the same; with another, only what the algorithm decides differs.
#[test]
fn compare_mode_feeds_both_balancers_the_same_requests() {
    let mut world = balancing(3);
    world.run_seconds(5);
    world.apply(Action::SetCompare { second: Some(Algorithm::RoundRobin) }).expect("compare mode");
    world.run_seconds(20);
    let sides = farm(&world).sides();
    assert_eq!(sides[0].outcomes(), sides[1].outcomes());
    assert_eq!(sides[0].servers(), sides[1].servers());
    world.apply(Action::SetAlgorithm { side: 1, algorithm: Algorithm::LeastConnections }).expect("side B");
    world.run_seconds(30);
    let sides = farm(&world).sides();
    assert_eq!(sides[0].outcomes().created, sides[1].outcomes().created);
    let work = |side: usize| -> u64 {
        sides[side].servers().iter().map(|s| s.accepted(Path::Api) + s.accepted(Path::Static)).sum()
    };
    // Round robin's timed-out requests were retried; least connections' were not (so fewer).
    assert!(work(1) < work(0));
    assert!(world.latest(Metric::SecondP95LatencyMs) < world.latest(Metric::P95LatencyMs));
    assert_eq!(world.apply(Action::SetCompare { second: None }), Ok(()));
    assert_eq!(farm(&world).sides().len(), 1);
    assert!(world.apply(Action::SetAlgorithm { side: 1, algorithm: Algorithm::Random }).is_err());
}

/// Each user keeps the balancer's address for the record's TTL: one lookup, then none until it
/// runs out.
#[test]
fn dns_answers_are_cached_per_user_for_the_ttl() {
    let ttl_s = 300;
    let mut edge = Edge::new(3, ttl_s);
    let (first, lookup) = edge.reach(0, 0);
    let took_ms = lookup.expect("the first request looks the name up");
    assert!(took_ms > 0);
    assert_eq!(first, took_ms * 1000 + edge.reach(0, 1_000_000).0 - 1_000_000);
    assert_eq!(edge.reach(1, 0).1.map(|_| ()), Some(()), "another user has a cache of its own");
    let fresh_until_us = (took_ms + u64::from(ttl_s) * 1000) * 1000;
    assert_eq!(edge.reach(0, fresh_until_us - 1000).1, None);
    assert!(edge.reach(0, fresh_until_us).1.is_some(), "the answer expired at its TTL");
    assert_eq!(edge.lookups(), 3);
}

/// 500 users at 500 requests a second look the name up about once each per TTL.
#[test]
fn a_farm_looks_up_once_per_user_per_ttl() {
    let mut world = balancing(4);
    world.run_seconds(60);
    let lookups = farm(&world).edge().map_or(0, Edge::lookups);
    assert!((450..=500).contains(&lookups), "{lookups} lookups");
}

/// Retries are counted, and past capacity they add work: more requests time out in the end.
#[test]
fn retries_make_an_overload_worse() {
    let overloaded = |retries| {
        let mut world = with_algorithm(5, Algorithm::LeastConnections);
        world.apply(Action::SetArrivalRate { rps: 1_100 }).expect("a rate");
        world.apply(Action::SetRetries { retries }).expect("retries");
        world.run_seconds(40);
        (mean_of_last(&world, Metric::ErrorPercent, 20), mean_of_last(&world, Metric::RetriesPerSec, 20))
    };
    let (errors_without, retried_without) = overloaded(0);
    let (errors_with, retried_with) = overloaded(2);
    assert_eq!(retried_without, 0.0);
    assert!(retried_with > 100.0, "{retried_with} retries a second");
    assert!(errors_with > errors_without, "{errors_with} % with retries, {errors_without} % without");
}

/// With /static routed to the files pool, a spike of static files no longer reaches the API's
/// servers, and /api p95 stays low through it.
#[test]
fn separate_pools_keep_a_static_spike_away_from_the_api() {
    let api_p95 = |split: bool| {
        let mut world = with_algorithm(6, Algorithm::LeastConnections);
        world.apply(Action::SetSpikeRate { rps: 1_500 }).expect("a spike");
        if split {
            world.apply(Action::SetPool { server: 4, pool: Pool::Files }).expect("a pool");
            world.apply(Action::SetRoute { path: Path::Static, to: Pool::Files }).expect("a route");
            world.apply(Action::SetRoute { path: Path::Api, to: Pool::Api }).expect("a route");
        }
        world.run_seconds(60);
        let api_servers_static: u64 =
            farm(&world).servers().iter().filter(|s| s.pool == Pool::Api).map(|s| s.accepted(Path::Static)).sum();
        (
            world.history().newest_first().take(30).filter_map(|s| s.get(Metric::ApiP95LatencyMs)).fold(0.0, f64::max),
            api_servers_static,
        )
    };
    let (together, _) = api_p95(false);
    let (apart, static_on_api) = api_p95(true);
    assert_eq!(static_on_api, 0);
    assert!(apart <= 200.0 && together > 300.0, "apart {apart} ms, together {together} ms");
}

// ---- Conservation, over a million requests --------------------------------------------------

fn algorithm() -> impl Strategy<Value = Algorithm> {
    prop::sample::select(Algorithm::ALL.to_vec())
}

fn pool() -> impl Strategy<Value = Pool> {
    prop::sample::select(Pool::ALL.to_vec())
}

fn path() -> impl Strategy<Value = Path> {
    prop::sample::select(Path::ALL.to_vec())
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (1u32..=MAX_RPS).prop_map(|rps| Action::SetArrivalRate { rps }),
        (0u32..=MAX_SPIKE_RPS + 10).prop_map(|rps| Action::SetSpikeRate { rps }),
        (0u32..=3).prop_map(|retries| Action::SetRetries { retries }),
        (0u8..=2, algorithm()).prop_map(|(side, algorithm)| Action::SetAlgorithm { side, algorithm }),
        prop::option::of(algorithm()).prop_map(|second| Action::SetCompare { second }),
        (0u32..=9, 0u32..=101).prop_map(|(server, percent)| Action::SetSpeed { server, percent }),
        (0u32..=9, 0u32..=11).prop_map(|(server, weight)| Action::SetWeight { server, weight }),
        (0u32..=9, pool()).prop_map(|(server, pool)| Action::SetPool { server, pool }),
        (path(), pool()).prop_map(|(path, to)| Action::SetRoute { path, to }),
        Just(Action::AddServer),
        Just(Action::RemoveServer),
    ]
}

/// On every side, every request made is served, failed, timed out, or still somewhere.
fn check_accounting(world: &World) -> Result<(), TestCaseError> {
    let farm = farm(world);
    let travelling = farm.travelling().count() as u64;
    for side in farm.sides() {
        let o = side.outcomes();
        prop_assert_eq!(o.created, o.served + o.failed + o.timed_out + side.in_flight() + travelling);
    }
    Ok(())
}

/// Requests each server has been handed, by path, on every side.
fn handed(world: &World) -> Vec<Vec<(u32, Pool, [u64; 2])>> {
    farm(world)
        .sides()
        .iter()
        .map(|side| {
            side.servers().iter().map(|s| (s.id, s.pool, [s.accepted(Path::Api), s.accepted(Path::Static)])).collect()
        })
        .collect()
}

/// Between two moments with the same routes and pools, no server was handed a request of a
/// path routed to a pool it is not in.
fn check_routing(before: &[Vec<(u32, Pool, [u64; 2])>], world: &World) -> Result<(), TestCaseError> {
    let routes = farm(world).routes();
    for (side, was) in handed(world).iter().zip(before) {
        for ((id, pool, now), (_, _, then)) in side.iter().zip(was) {
            for path in Path::ALL {
                if !pool.serves(routes[path as usize]) {
                    prop_assert_eq!(now[path as usize], then[path as usize], "server {} got {:?}", id, path);
                }
            }
        }
    }
    Ok(())
}

/// Cases run at least this many requests each, so the property covers a million in all.
const REQUESTS_PER_CASE: u64 = 50_000;

proptest! {
    #![proptest_config(ProptestConfig { cases: 20, ..ProptestConfig::default() })]

    #[test]
    fn every_request_ends_once_and_only_in_its_pool(
        seed in any::<u64>(),
        rps in 2_000u32..=MAX_RPS,
        script in prop::collection::vec((action(), 1u64..=300), 1..=12),
    ) {
        let mut world = balancing(seed);
        world.apply(Action::SetArrivalRate { rps }).expect("a rate");
        for (action, steps) in script.iter().copied().cycle() {
            let made = farm(&world).sides()[0].outcomes().created;
            if made >= REQUESTS_PER_CASE {
                break;
            }
            // Refusals change nothing; accepted actions change routes, so check between them.
            let _ = world.apply(action);
            if farm(&world).arrival_rps() < 200 {
                world.apply(Action::SetArrivalRate { rps }).expect("a rate");
            }
            let before = handed(&world);
            for _ in 0..steps {
                world.step();
                check_accounting(&world)?;
            }
            check_routing(&before, &world)?;
        }
    }
}
