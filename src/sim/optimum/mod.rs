//! The model's own answer to "what is the best setup that meets this goal?".
//!
//! Nothing is typed in: the answer comes from running the model itself.
//! - Chapter 1 asks for the lowest monthly cost that keeps p95 latency under a target at a given
//!   load: [`FarmSearch`] tries server counts from the bare minimum upwards.
//! - Chapter 5 asks for `/api` answered fast during static spikes with one server slow:
//!   [`BalanceSearch`] tries every algorithm with every way of splitting the servers into pools
//!   and finds the lowest `/api` p95 any of them holds.
//! - Chapter 6 asks for the success rate kept up while nodes fail at random: [`ClusterSearch`]
//!   tries node counts from two upwards, each with a grid of health checks and retries, and
//!   finds the fewest nodes any of them keeps it with.
//! - Chapters 2 and 3's placement search ([`super::host::optimum`]) takes microseconds and is
//!   answered at once.
//!
//! Each candidate runs the goal's scenario from a cold start with several seeds, and must meet
//! the goal every time. A run stops at the first second that settles it, so a plainly poor
//! candidate costs a few seconds, not the whole hold. A long search must not freeze a page, so
//! the farm searches run in slices: each call does a bounded amount of work, counted in
//! simulated requests, never in wall time (the model reads no clock).

mod balance;
mod cluster;
mod farm;

pub use self::balance::{BalanceSearch, Candidate};
pub use self::cluster::{ClusterSearch, ClusterSetting, CLUSTER_SEEDS};
pub use self::farm::FarmSearch;
use super::clock::STEPS_PER_SECOND;
use super::goal::{evaluate, out_of_reach, Goal, Optimum};
use super::host::catalog::SERVER;
use super::host::optimum::{fewest_servers, Rules};
use super::host::RackScenario;
use super::metrics::Metric;
use super::world::World;

/// Seeds each candidate must pass with; more than one keeps a lucky run from setting the bar.
pub const OPTIMUM_SEEDS: u64 = 3;
/// Seconds the service gets to settle before the goal's hold period starts.
pub const WARM_UP_SECONDS: u64 = 10;
/// Steps of one server that cost about as much as one request (measured natively: a server's
/// step with nothing to do takes ~15 ns, a request 300-600 ns).
const SERVER_STEPS_PER_REQUEST: u64 = 25;
/// Work for one slice of a search between two frames: 3-5 ms natively, so within ~20 ms in a
/// slow phone's browser.
pub const SLICE_WORK: u64 = 10_000;

/// How far a search for an optimum has got.
#[derive(Clone, Debug, PartialEq)]
pub enum SearchProgress {
    /// Not finished: advance it again.
    Searching,
    /// The best setup that meets the goal.
    Found(Optimum),
    /// No setup the scenario allows meets the goal.
    NoneMeets,
}

/// The search for any scenario's optimum, advanced in slices; only a farm's or a cluster's
/// takes more than one.
#[derive(Clone, Debug)]
pub enum OptimumSearch {
    Farm(Box<FarmSearch>),
    Balance(Box<BalanceSearch>),
    Cluster(Box<ClusterSearch>),
    /// Answered when it was made.
    Done(SearchProgress),
}

impl OptimumSearch {
    /// Chapters 2 and 3: the fewest servers placing every service under `rules`, answered at once.
    pub fn placement(rack: &RackScenario, rules: Rules) -> OptimumSearch {
        let found = fewest_servers(&rack.services, &rack.offered, rules).filter(|s| *s <= rack.max_hosts);
        OptimumSearch::Done(found.map_or(SearchProgress::NoneMeets, |servers| {
            SearchProgress::Found(servers_optimum(servers, SERVER.cost_per_month))
        }))
    }

    /// Does up to `budget` more work (in simulated requests) and says where the search is. At
    /// least one simulated second runs, so that every call moves on.
    pub fn advance(&mut self, budget: u64) -> SearchProgress {
        match self {
            OptimumSearch::Farm(search) => search.advance(budget),
            OptimumSearch::Balance(search) => search.advance(budget),
            OptimumSearch::Cluster(search) => search.advance(budget),
            OptimumSearch::Done(progress) => progress.clone(),
        }
    }

    /// Runs the search to the end.
    pub fn finish(mut self) -> SearchProgress {
        self.advance(u64::MAX)
    }

    /// Where the search is, without working on it: a placement's answer, or a farm search that
    /// ended before it began (the load is beyond what the most servers can serve).
    pub fn progress(&self) -> &SearchProgress {
        match self {
            OptimumSearch::Farm(search) => search.progress(),
            OptimumSearch::Balance(search) => search.progress(),
            OptimumSearch::Cluster(search) => search.progress(),
            OptimumSearch::Done(progress) => progress,
        }
    }
}

/// The optimum of a search over server counts: the servers and what they cost a month.
fn servers_optimum(servers: u32, cost_per_server: u32) -> Optimum {
    Optimum(vec![(Metric::Servers, f64::from(servers)), (Metric::CostPerMonth, f64::from(servers * cost_per_server))])
}

/// The work of one simulated second of a farm: its requests, and its servers' steps.
/// Whether a candidate's run from a cold start has decided `goal`, held `hold_seconds` after
/// the warm-up: `Some(true)` met at the run's end, `Some(false)` out of reach before it, `None`
/// still open.
fn run_verdict(world: &World, goal: &Goal, hold_seconds: u32) -> Option<bool> {
    let run_seconds = WARM_UP_SECONDS + u64::from(hold_seconds);
    let seconds_left = run_seconds.saturating_sub(world.now().0 / STEPS_PER_SECOND);
    let (history, none) = (world.history(), &Optimum::default());
    if seconds_left == 0 {
        Some(evaluate(goal, history, none).met)
    } else if out_of_reach(goal, history, none, seconds_left as u32) {
        Some(false)
    } else {
        None
    }
}

fn second_work(rps: u32, servers: u32) -> u64 {
    u64::from(rps) + u64::from(servers) * STEPS_PER_SECOND / SERVER_STEPS_PER_REQUEST
}
