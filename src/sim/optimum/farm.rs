//! Chapter 1's search: the fewest servers (so the lowest monthly cost) that keep a goal at its
//! load, tried from the bare minimum upwards, one simulated second at a time.

use super::{run_verdict, second_work, servers_optimum, SearchProgress, OPTIMUM_SEEDS, WARM_UP_SECONDS};
use crate::sim::goal::Goal;
use crate::sim::traffic::FarmScenario;
use crate::sim::world::{Scenario, World};

/// The search for the cheapest farm, one simulated second at a time.
#[derive(Clone, Debug)]
pub struct FarmSearch {
    /// The scenario at the goal's load; each candidate changes only the servers.
    scenario: FarmScenario,
    goal: Goal,
    hold_seconds: u32,
    seed: u64,
    /// The candidate being tried, and which of its seeded runs.
    servers: u32,
    run: u64,
    world: World,
    work_done: u64,
    progress: SearchProgress,
}

impl FarmSearch {
    /// The search for the fewest servers meeting `goal` at `rps`, held for `hold_seconds`.
    /// `goal` must not itself refer to the optimum (it is what is being computed).
    pub fn new(scenario: &FarmScenario, rps: u32, goal: &Goal, hold_seconds: u32, seed: u64) -> FarmSearch {
        let scenario = FarmScenario { arrival_rps: rps, ..scenario.clone() };
        let servers = fewest_candidate(&scenario, rps);
        let progress =
            if servers > scenario.max_servers { SearchProgress::NoneMeets } else { SearchProgress::Searching };
        FarmSearch {
            world: candidate_world(&scenario, servers, seed),
            scenario,
            goal: goal.clone(),
            hold_seconds,
            seed,
            servers,
            run: 0,
            work_done: 0,
            progress,
        }
    }

    /// The most work a search for `rps` held `hold_seconds` can take: every candidate running
    /// every seed to the end. A real search stops most candidates early, but nothing promises it.
    pub fn worst_case_work(scenario: &FarmScenario, rps: u32, hold_seconds: u32) -> u64 {
        let scenario = FarmScenario { arrival_rps: rps, ..scenario.clone() };
        let run_seconds = OPTIMUM_SEEDS * (WARM_UP_SECONDS + u64::from(hold_seconds));
        (fewest_candidate(&scenario, rps)..=scenario.max_servers).map(|s| run_seconds * second_work(rps, s)).sum()
    }

    /// Runs as many simulated seconds as fit in `budget` work (in requests), or until the search
    /// ends, and says where it is. At least one second runs, so that every call moves on.
    pub fn advance(&mut self, budget: u64) -> SearchProgress {
        let start = self.work_done;
        while self.progress == SearchProgress::Searching {
            self.run_one_second();
            let next = second_work(self.scenario.arrival_rps, self.servers);
            if (self.work_done - start).saturating_add(next) > budget {
                break;
            }
        }
        self.progress.clone()
    }

    /// Where the search is.
    pub fn progress(&self) -> &SearchProgress {
        &self.progress
    }

    /// Work done so far, in requests (see [`FarmSearch::worst_case_work`] for the most it can be).
    pub fn work_done(&self) -> u64 {
        self.work_done
    }

    fn run_one_second(&mut self) {
        self.world.run_seconds(1);
        self.work_done += second_work(self.scenario.arrival_rps, self.servers);
        let Some(passed) = run_verdict(&self.world, &self.goal, self.hold_seconds) else { return };
        // The run is decided: on to the candidate's next seed, or the next candidate.
        if passed && self.run + 1 == OPTIMUM_SEEDS {
            self.progress = SearchProgress::Found(servers_optimum(self.servers, self.scenario.server_cost_per_month));
            return;
        }
        if passed {
            self.run += 1;
        } else if self.servers < self.scenario.max_servers {
            self.servers += 1;
            self.run = 0;
        } else {
            self.progress = SearchProgress::NoneMeets;
            return;
        }
        self.world = candidate_world(&self.scenario, self.servers, self.seed.wrapping_add(self.run));
    }
}

/// The fewest servers worth trying: fewer cannot even keep up with `rps` on average.
fn fewest_candidate(scenario: &FarmScenario, rps: u32) -> u32 {
    ((f64::from(rps) / scenario.capacity_rps_per_server()).floor() as u32).max(1)
}

fn candidate_world(scenario: &FarmScenario, servers: u32, seed: u64) -> World {
    World::new(Scenario::Farm(FarmScenario { servers, ..scenario.clone() }), seed)
}
