//! Chapter 6's search: the fewest nodes that keep the success rate up while nodes fail at random
//! and are repaired later, with the health checks and retries a learner may set.
//!
//! A candidate is a node count with a health check and a retry count, from a small listed grid
//! (`settings`): every node count from [`FEWEST_NODES`] up to the scenario's most, each with a
//! check every 1, 2 or 5 s, a timeout of 0.5 or 1 s, 1, 2 or 3 failures to mark a node down
//! (2 passes to bring it back) and 0, 1 or 2 retries; a timeout must be below the interval, so
//! 1 s checks wait 0.5 s: 45 settings a node count. Each runs the challenge's world (the goal's
//! users) from a cold start, set up through the learner's own actions at the first step (random
//! failures turned on at the goal's rate, then the nodes, the checks and the retries), on
//! [`CLUSTER_SEEDS`] seeds from the learner's; a candidate passes when the goal holds on every
//! one. Node counts are tried from the fewest up, and the search ends at
//! the first candidate that passes: its node count is the optimum.
//!
//! Early stops lose nothing: a run stops at the first second that puts the goal out of reach (a
//! success rate below the goal's in the hold), and a candidate at its first failing seed, and
//! neither can change whether it passes. A run that could still pass goes to its end. Each
//! candidate tries its seeds in the order the ones before it suggest (those not run yet, then
//! those that failed soonest: the same unlucky burst of failures mostly fails a whole node
//! count), which changes its cost, never its verdict: on the chapter's goal it halves it.
//!
//! Left out: other check intervals, timeouts and thresholds than the grid's, a healthy threshold
//! other than 2, more retries, other algorithms, a learner changing settings during the hold
//! (the search's candidates keep theirs from the start).

use super::{run_verdict, second_work, servers_optimum, SearchProgress, WARM_UP_SECONDS};
use crate::sim::action::Action;
use crate::sim::clock::STEPS_PER_SECOND;
use crate::sim::goal::Goal;
use crate::sim::metrics::Metric;
use crate::sim::traffic::cluster::{ClusterScenario, MAX_FAILURES_PER_HOUR};
use crate::sim::traffic::health::HealthCheck;
use crate::sim::traffic::{MAX_RPS, MIN_RPS};
use crate::sim::world::{Scenario, World};

/// Seeds each candidate must pass with (the learner's seed first, then the next ones).
pub const CLUSTER_SEEDS: u64 = 3;
const SEEDS: usize = CLUSTER_SEEDS as usize;
/// The fewest nodes tried: one node alone has nothing to fail over to.
pub const FEWEST_NODES: u32 = 2;
/// The grid's health-check intervals, timeouts and unhealthy thresholds, and retries; tried in
/// this order (the quickest detection and the most retries first, so that at the optimum's node
/// count a passing candidate tends to come early).
pub const INTERVALS_MS: [u32; 3] = [1_000, 2_000, 5_000];
pub const TIMEOUTS_MS: [u32; 2] = [500, 1_000];
pub const UNHEALTHY: [u32; 3] = [1, 2, 3];
pub const RETRIES: [u32; 3] = [2, 1, 0];
/// Passes in a row that bring a node back, in every candidate.
pub const HEALTHY: u32 = 2;

/// One setup the search tries: what a learner sets.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ClusterSetting {
    pub nodes: u32,
    pub check: HealthCheck,
    pub retries: u32,
}

impl ClusterSetting {
    /// What a learner would do, in order, to set this up in a world that starts with
    /// `start_nodes` nodes.
    pub fn actions(&self, start_nodes: u32) -> Vec<Action> {
        let resize = if self.nodes >= start_nodes { Action::AddServer } else { Action::RemoveServer };
        let mut actions = vec![resize; self.nodes.abs_diff(start_nodes) as usize];
        let HealthCheck { interval_ms, timeout_ms, unhealthy, healthy } = self.check;
        actions.push(Action::SetHealthCheck { interval_ms, timeout_ms, unhealthy, healthy });
        actions.push(Action::SetRetries { retries: self.retries });
        actions
    }
}

/// The search, one simulated second at a time.
#[derive(Clone, Debug)]
pub struct ClusterSearch {
    /// The scenario at the goal's users.
    scenario: ClusterScenario,
    /// The random failures the goal asks for at least, turned on at the first step.
    failures_per_hour: u32,
    goal: Goal,
    hold_seconds: u32,
    seed: u64,
    settings: Vec<ClusterSetting>,
    /// The candidate being tried, and how many of its seeded runs have passed.
    index: usize,
    run: u64,
    /// The order the current candidate tries its seeds in (as offsets from the learner's).
    order: [u64; SEEDS],
    /// What each seed's latest run showed: the second it failed at, 0 before it has run, and
    /// `u64::MAX` once it passed. Candidates with similar settings mostly fail on the same
    /// unlucky run of failures, so each tries first the seeds not run yet, then those that
    /// failed soonest.
    outcome: [u64; SEEDS],
    world: World,
    work_done: u64,
    progress: SearchProgress,
}

impl ClusterSearch {
    /// The search for the fewest nodes meeting `goal` (which must not refer to the optimum),
    /// held for `hold_seconds`, from the learner's `seed`.
    pub fn new(scenario: &ClusterScenario, goal: &Goal, hold_seconds: u32, seed: u64) -> ClusterSearch {
        let scenario = at_goal(scenario, goal);
        let settings = settings(&scenario);
        let failures_per_hour = failures_per_hour(&scenario, goal);
        ClusterSearch {
            // Never empty: the scenario allows at least its own nodes, and the grid is fixed.
            world: candidate_world(&scenario, failures_per_hour, &settings[0], seed),
            scenario,
            failures_per_hour,
            goal: goal.clone(),
            hold_seconds,
            seed,
            settings,
            index: 0,
            run: 0,
            order: std::array::from_fn(|k| k as u64),
            outcome: [0; SEEDS],
            work_done: 0,
            progress: SearchProgress::Searching,
        }
    }

    /// The most work the search can take: every candidate running every seed to the end.
    pub fn worst_case_work(scenario: &ClusterScenario, goal: &Goal, hold_seconds: u32) -> u64 {
        let scenario = at_goal(scenario, goal);
        let run_seconds = CLUSTER_SEEDS * (WARM_UP_SECONDS + u64::from(hold_seconds));
        let rps = scenario.farm.arrival_rps;
        settings(&scenario).iter().map(|s| run_seconds * second_work(rps, s.nodes)).sum()
    }

    /// Every setup the search tries, in order.
    pub fn settings(&self) -> &[ClusterSetting] {
        &self.settings
    }

    /// The setting that met the goal with the fewest nodes, once the search has found it.
    pub fn found(&self) -> Option<&ClusterSetting> {
        matches!(self.progress, SearchProgress::Found(_)).then(|| &self.settings[self.index])
    }

    pub fn progress(&self) -> &SearchProgress {
        &self.progress
    }

    /// Work done so far, in requests (see [`ClusterSearch::worst_case_work`]).
    pub fn work_done(&self) -> u64 {
        self.work_done
    }

    /// Runs as many simulated seconds as fit in `budget` work (in requests), or until the search
    /// ends, and says where it is. At least one second runs.
    pub fn advance(&mut self, budget: u64) -> SearchProgress {
        let start = self.work_done;
        while self.progress == SearchProgress::Searching {
            self.run_one_second();
            let next = second_work(self.scenario.farm.arrival_rps, self.settings[self.index].nodes);
            if (self.work_done - start).saturating_add(next) > budget {
                break;
            }
        }
        self.progress.clone()
    }

    fn run_one_second(&mut self) {
        self.world.run_seconds(1);
        self.work_done += second_work(self.scenario.farm.arrival_rps, self.settings[self.index].nodes);
        let Some(passed) = run_verdict(&self.world, &self.goal, self.hold_seconds) else { return };
        // The run is decided: on to the candidate's next seed, or the next candidate.
        let second = self.world.now().0 / STEPS_PER_SECOND;
        self.outcome[self.offset() as usize] = if passed { u64::MAX } else { second };
        if passed && self.run + 1 == CLUSTER_SEEDS {
            let nodes = self.settings[self.index].nodes;
            self.progress = SearchProgress::Found(servers_optimum(nodes, self.scenario.farm.server_cost_per_month));
            return;
        }
        if passed {
            self.run += 1;
        } else if self.index + 1 < self.settings.len() {
            self.index += 1;
            self.run = 0;
            self.order.sort_by_key(|&k| (self.outcome[k as usize], k));
        } else {
            self.progress = SearchProgress::NoneMeets;
            return;
        }
        let seed = self.seed.wrapping_add(self.offset());
        self.world = candidate_world(&self.scenario, self.failures_per_hour, &self.settings[self.index], seed);
    }

    /// The seed of the current run, as an offset from the learner's.
    fn offset(&self) -> u64 {
        self.order[self.run as usize]
    }
}

/// `scenario` from a cold start with `seed`, with random failures turned on at `per_hour` and
/// set up as `setting`, by a learner's actions at the first step.
fn candidate_world(scenario: &ClusterScenario, per_hour: u32, setting: &ClusterSetting, seed: u64) -> World {
    let mut world = World::new(Scenario::Cluster(scenario.clone()), seed);
    let failures = Action::SetRandomFailures { per_hour };
    for action in std::iter::once(failures).chain(setting.actions(scenario.farm.servers)) {
        // Node counts within the scenario's bounds and checks of the grid: nothing is refused.
        let _ = world.apply(action);
    }
    world
}

/// The scenario as the goal sets it, where it names a figure: the users' rate (a teacher's may
/// differ from the chapter's).
fn at_goal(scenario: &ClusterScenario, goal: &Goal) -> ClusterScenario {
    let mut scenario = scenario.clone();
    if let Some(rps) = goal.value_for(Metric::OfferedRps) {
        scenario.farm.arrival_rps = (rps as u32).clamp(MIN_RPS, MAX_RPS);
    }
    scenario
}

/// The random failures a candidate runs with: the least the goal asks for, or else the
/// scenario's own.
fn failures_per_hour(scenario: &ClusterScenario, goal: &Goal) -> u32 {
    let asked = goal.value_for(Metric::FailuresPerHour).map(|v| (v.ceil() as u32).min(MAX_FAILURES_PER_HOUR));
    asked.unwrap_or(scenario.cluster.failures_per_hour)
}

/// Every setting of the grid for `scenario`, the fewest nodes first.
fn settings(scenario: &ClusterScenario) -> Vec<ClusterSetting> {
    let most = scenario.farm.max_servers.max(FEWEST_NODES);
    let mut settings = Vec::new();
    for nodes in FEWEST_NODES..=most {
        for interval_ms in INTERVALS_MS {
            for unhealthy in UNHEALTHY {
                for timeout_ms in TIMEOUTS_MS {
                    for retries in RETRIES {
                        let check = HealthCheck { interval_ms, timeout_ms, unhealthy, healthy: HEALTHY };
                        // A timeout must be below the interval: 1 s checks wait at most 0.5 s.
                        if check.problem().is_none() {
                            settings.push(ClusterSetting { nodes, check, retries });
                        }
                    }
                }
            }
        }
    }
    settings
}
