//! Chapter 5's search: the lowest `/api` p95 that any balancer setup holds while the goal's
//! other conditions hold too (the users' rate, the static spike, the slow server kept).
//!
//! A candidate is an algorithm and a way of routing the two paths:
//! - every algorithm; weighted round robin gives each server a weight in proportion to its
//!   speed (with equal weights it would be round robin again);
//! - either both paths to every server, or `/api` to the API pool and `/static` to the files
//!   pool, for every split of the servers that leaves both pools with a server. Splits that
//!   differ only in which of two equally fast servers is where are tried once.
//!
//! The users' rate, the spike, the number of slow servers and of servers are the goal's figures
//! (a teacher's may differ from the chapter's start); the speeds, the timeout and the retries are
//! the scenario's. A candidate's score is the highest `/api` p95 of any second of
//! its hold over every seed: the tightest target it keeps. A candidate stops early once the goal
//! is out of its reach or its score can no longer beat the best so far.
//!
//! Left out: other weights, rules that send one path to every server and the other to a pool,
//! changing retries.

use super::{second_work, SearchProgress, OPTIMUM_SEEDS, WARM_UP_SECONDS};
use crate::sim::action::Action;
use crate::sim::balance::Algorithm;
use crate::sim::clock::STEPS_PER_SECOND;
use crate::sim::goal::{evaluate, out_of_reach, Goal, Optimum};
use crate::sim::metrics::Metric;
use crate::sim::traffic::arrivals::{SPIKE_EVERY_S, SPIKE_LASTS_S};
use crate::sim::traffic::{BalanceSetup, FarmScenario, Path, Pool, MAX_WEIGHT};
use crate::sim::world::{Scenario, World};

/// One setup the search tries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub algorithm: Algorithm,
    /// Servers (by id) that serve `/static` while the others serve `/api`; empty: no split, both
    /// paths go to every server.
    pub files_pool: Vec<u32>,
    /// Each server's weight under weighted round robin, by id.
    pub weights: Vec<(u32, u32)>,
}

impl Candidate {
    /// What a learner would do to set this candidate up, in order.
    pub fn actions(&self) -> Vec<Action> {
        let mut actions = vec![Action::SetAlgorithm { side: 0, algorithm: self.algorithm }];
        if self.algorithm == Algorithm::WeightedRoundRobin {
            actions.extend(self.weights.iter().map(|&(server, weight)| Action::SetWeight { server, weight }));
        }
        if !self.files_pool.is_empty() {
            actions.extend(self.weights.iter().map(|&(server, _)| Action::SetPool {
                server,
                pool: if self.files_pool.contains(&server) { Pool::Files } else { Pool::Api },
            }));
            actions.push(Action::SetRoute { path: Path::Api, to: Pool::Api });
            actions.push(Action::SetRoute { path: Path::Static, to: Pool::Files });
        }
        actions
    }
}

/// The search, one simulated second at a time.
#[derive(Clone, Debug)]
pub struct BalanceSearch {
    /// The scenario at the goal's rate and spike.
    scenario: FarmScenario,
    goal: Goal,
    hold_seconds: u32,
    seed: u64,
    candidates: Vec<Candidate>,
    /// The candidate being tried, and which of its seeded runs.
    index: usize,
    run: u64,
    world: World,
    /// The highest `/api` p95 of the candidate's hold seconds so far, over its runs.
    worst_ms: f64,
    /// The best candidate so far, and its score.
    best: Option<(usize, f64)>,
    work_done: u64,
    progress: SearchProgress,
}

impl BalanceSearch {
    /// The search for the lowest `/api` p95 meeting `goal` (which must not refer to the optimum),
    /// held for `hold_seconds`.
    pub fn new(scenario: &FarmScenario, goal: &Goal, hold_seconds: u32, seed: u64) -> BalanceSearch {
        let scenario = at_goal_load(scenario, goal);
        let candidates = candidates(&scenario);
        BalanceSearch {
            // Never empty: every algorithm is tried without a split.
            world: candidate_world(&scenario, &candidates[0], seed),
            scenario,
            goal: goal.clone(),
            hold_seconds,
            seed,
            candidates,
            index: 0,
            run: 0,
            worst_ms: 0.0,
            best: None,
            work_done: 0,
            progress: SearchProgress::Searching,
        }
    }

    /// The most work the search can take: every candidate running every seed to the end.
    pub fn worst_case_work(scenario: &FarmScenario, goal: &Goal, hold_seconds: u32) -> u64 {
        let scenario = at_goal_load(scenario, goal);
        let run_seconds = OPTIMUM_SEEDS * (WARM_UP_SECONDS + u64::from(hold_seconds));
        candidates(&scenario).len() as u64 * run_seconds * second_work(mean_rps(&scenario), scenario.servers)
    }

    /// Every setup the search tries, in order.
    pub fn candidates(&self) -> &[Candidate] {
        &self.candidates
    }

    /// The best candidate found so far and its score (the highest `/api` p95 of its holds).
    pub fn best(&self) -> Option<(&Candidate, f64)> {
        self.best.map(|(i, score)| (&self.candidates[i], score))
    }

    pub fn progress(&self) -> &SearchProgress {
        &self.progress
    }

    /// Work done so far, in requests (see [`BalanceSearch::worst_case_work`]).
    pub fn work_done(&self) -> u64 {
        self.work_done
    }

    /// Runs as many simulated seconds as fit in `budget` work (in requests), or until the search
    /// ends, and says where it is. At least one second runs.
    pub fn advance(&mut self, budget: u64) -> SearchProgress {
        let start = self.work_done;
        let per_second = second_work(mean_rps(&self.scenario), self.scenario.servers);
        while self.progress == SearchProgress::Searching {
            self.run_one_second(per_second);
            if (self.work_done - start).saturating_add(per_second) > budget {
                break;
            }
        }
        self.progress.clone()
    }

    fn run_one_second(&mut self, work: u64) {
        self.world.run_seconds(1);
        self.work_done += work;
        let second = self.world.now().0 / STEPS_PER_SECOND;
        if second > WARM_UP_SECONDS {
            if let Some(p95) = self.world.latest(Metric::ApiP95LatencyMs) {
                self.worst_ms = self.worst_ms.max(p95);
            }
        }
        let seconds_left = (WARM_UP_SECONDS + u64::from(self.hold_seconds)).saturating_sub(second);
        let (history, none) = (self.world.history(), &Optimum::default());
        let beaten = self.best.is_some_and(|(_, best)| self.worst_ms >= best);
        if beaten || out_of_reach(&self.goal, history, none, seconds_left as u32) {
            return self.next_candidate();
        }
        if seconds_left > 0 {
            return;
        }
        if !evaluate(&self.goal, history, none).met {
            return self.next_candidate();
        }
        self.run += 1;
        if self.run == OPTIMUM_SEEDS {
            self.best = Some((self.index, self.worst_ms));
            return self.next_candidate();
        }
        self.start_run();
    }

    fn next_candidate(&mut self) {
        self.index += 1;
        self.run = 0;
        self.worst_ms = 0.0;
        if self.index < self.candidates.len() {
            self.start_run();
        } else {
            self.progress = match self.best {
                Some((_, p95)) => SearchProgress::Found(Optimum(vec![(Metric::ApiP95LatencyMs, p95)])),
                None => SearchProgress::NoneMeets,
            };
        }
    }

    /// A cold start of the current candidate's current run.
    fn start_run(&mut self) {
        let seed = self.seed.wrapping_add(self.run);
        self.world = candidate_world(&self.scenario, &self.candidates[self.index], seed);
    }
}

/// `scenario` from a cold start with `seed`, set up as `candidate`.
fn candidate_world(scenario: &FarmScenario, candidate: &Candidate, seed: u64) -> World {
    let mut world = World::new(Scenario::Balance(scenario.clone()), seed);
    for action in candidate.actions() {
        // Candidates are made from the scenario's own servers, so nothing here is refused.
        let _ = world.apply(action);
    }
    world
}

/// The scenario as the goal sets it, where it names a figure: the users' rate, the spike and the
/// slow servers it asks for at least, and the servers it allows at most.
fn at_goal_load(scenario: &FarmScenario, goal: &Goal) -> FarmScenario {
    let figure = |metric| goal.value_for(metric).map(|v| v as u32);
    let servers = figure(Metric::Servers).map_or(scenario.servers, |n| n.clamp(1, scenario.max_servers));
    let balance = scenario.balance.clone().map(|b| {
        // The scenario's slow servers first, then the lowest other ids, as many as the goal keeps.
        let wanted = figure(Metric::SlowServers).map_or(b.slow_servers.len(), |n| n as usize);
        let others = (1..=servers).filter(|id| !b.slow_servers.contains(id));
        let slow_servers =
            b.slow_servers.iter().copied().filter(|id| *id <= servers).chain(others).take(wanted).collect();
        BalanceSetup { spike_rps: figure(Metric::SpikeRps).unwrap_or(b.spike_rps), slow_servers, ..b }
    });
    FarmScenario {
        arrival_rps: figure(Metric::OfferedRps).unwrap_or(scenario.arrival_rps),
        servers,
        balance,
        ..scenario.clone()
    }
}

/// Requests per second on average: the users' and the spikes' share.
fn mean_rps(scenario: &FarmScenario) -> u32 {
    let spike = scenario.balance.as_ref().map_or(0, |b| b.spike_rps);
    scenario.arrival_rps + (u64::from(spike) * SPIKE_LASTS_S / SPIKE_EVERY_S) as u32
}

/// Every candidate for `scenario`'s servers: each algorithm with no split, then each split.
fn candidates(scenario: &FarmScenario) -> Vec<Candidate> {
    let world = World::new(Scenario::Balance(scenario.clone()), 0);
    let speeds: Vec<(u32, u32)> =
        world.farm().map(|f| f.servers().iter().map(|s| (s.id, s.speed_percent)).collect()).unwrap_or_default();
    let common = speeds.iter().fold(0, |g, &(_, speed)| gcd(g, speed)).max(1);
    let weights = speeds.iter().map(|&(id, speed)| (id, (speed / common).clamp(1, MAX_WEIGHT))).collect::<Vec<_>>();
    // Servers of one speed are alike, so a split is known by how many servers of each speed its
    // files pool holds: only the first split of each kind is tried.
    let mut kinds: Vec<u32> = Vec::new();
    for &(_, speed) in &speeds {
        if !kinds.contains(&speed) {
            kinds.push(speed);
        }
    }
    let mut splits: Vec<Vec<u32>> = vec![Vec::new()];
    let mut seen: Vec<Vec<usize>> = Vec::new();
    for mask in 1..(1u32 << speeds.len()).saturating_sub(1) {
        let (files, pool_speeds): (Vec<u32>, Vec<u32>) =
            speeds.iter().enumerate().filter(|(i, _)| mask & (1 << i) != 0).map(|(_, &(id, s))| (id, s)).unzip();
        let kind = kinds.iter().map(|&k| pool_speeds.iter().filter(|&&s| s == k).count()).collect();
        if !seen.contains(&kind) {
            seen.push(kind);
            splits.push(files);
        }
    }
    splits
        .into_iter()
        .flat_map(|files_pool| {
            let weights = weights.clone();
            Algorithm::ALL.into_iter().map(move |algorithm| Candidate {
                algorithm,
                files_pool: files_pool.clone(),
                weights: weights.clone(),
            })
        })
        .collect()
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}
