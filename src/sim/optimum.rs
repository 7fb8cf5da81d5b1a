//! The model's own answer to "what is the cheapest setup that meets this goal?".
//!
//! Chapter 1's challenge asks for the lowest monthly cost that keeps p95 latency under a target
//! at a given load. The cheapest farm is found by search over the model itself: for each server
//! count from the bare minimum upwards, run the goal's scenario from a cold start with several
//! seeds and keep the first count that meets the goal every time. Nothing is typed in.

use super::goal::{evaluate, Goal, Optimum};
use super::metrics::Metric;
use super::traffic::FarmScenario;
use super::world::{Scenario, World};

/// Seeds each candidate must pass with; more than one keeps a lucky run from setting the bar.
pub const OPTIMUM_SEEDS: u64 = 3;
/// Seconds the service gets to settle before the goal's hold period starts.
pub const WARM_UP_SECONDS: u64 = 10;

/// The fewest servers meeting `goal` at `rps`, and its cost; `None` if even the maximum fails.
/// `goal` must not itself refer to the optimum cost (it is what is being computed).
pub fn cheapest_farm(scenario: &FarmScenario, rps: u32, goal: &Goal, hold_seconds: u32, seed: u64) -> Option<Optimum> {
    let capacity = scenario.capacity_rps_per_server();
    let lower = ((f64::from(rps) / capacity).floor() as u32).max(1);
    (lower..=scenario.max_servers).find_map(|servers| {
        let candidate = FarmScenario { arrival_rps: rps, servers, ..scenario.clone() };
        let meets = (0..OPTIMUM_SEEDS).all(|k| {
            let mut world = World::new(Scenario::Farm(candidate.clone()), seed.wrapping_add(k));
            world.run_seconds(WARM_UP_SECONDS + u64::from(hold_seconds));
            evaluate(goal, world.history(), &Optimum::default()).met
        });
        meets.then(|| {
            Optimum(vec![
                (Metric::Servers, f64::from(servers)),
                (Metric::CostPerMonth, f64::from(servers * scenario.server_cost_per_month)),
            ])
        })
    })
}
