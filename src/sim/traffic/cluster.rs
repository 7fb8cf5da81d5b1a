//! Chapter 6: the farm as a cluster that keeps serving while its members fail.
//!
//! A cluster is chapter 5's farm (the same users, balancer, servers and retries, the same
//! request-level model) with three additions: servers that fail and come back
//! ([`super::server::NodeState`]), the balancer's health checks ([`super::health`]), and a
//! database with a primary and replicas ([`super::db`]). This module holds what belongs to the
//! cluster as a whole: random failures and their repairs, the database, the figures of the run
//! (success rate over a sliding window, availability and its "nines", time to detect and to
//! recover, writes lost) and the event log's entries.
//!
//! Random failures come at a rate per hour for the whole cluster (a Poisson process), each to
//! a server drawn among those up, either pulling its plug or killing its process; a server that
//! failed at random is repaired [`ClusterSetup::repair_s`] later. They draw from a random
//! stream of their own, so turning them on changes neither the requests nor the balancer's
//! draws, and the same seed gives the same failure times. Failures and repairs happen at the
//! start of a world step (10 ms). A full disk and a cut link (in chapter 5's petgraph topology,
//! [`super::edge`]) are the learner's doing only. Left out: failures of the balancer itself,
//! correlated failures (a rack losing power).
//!
//! Why a scenario of its own ([`crate::sim::Scenario::Cluster`] holding a [`ClusterScenario`])
//! rather than a cluster field in chapter 5's farm scenario: a saved run or share link names
//! its chapter, chapters 1 and 5's scenarios (and every saved copy of them) stay exactly as
//! they were, and the model is still the one [`super::ServerFarm`], so a cluster's requests go
//! through the same balancer, servers, retries and accounting.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::db::{Database, DbEvent, DbSetup, SYNC_COMMIT_US};
use super::health::{HealthCheck, HealthProblem, Verdict};
use super::server::Server;
use super::{BalanceSetup, FarmScenario, Outcomes, SLOW_SPEED_PERCENT};
use crate::sim::balance::Algorithm;
use crate::sim::metrics::{Metric, Sample};
use crate::sim::rng::Pcg32;

/// The random stream failures draw from, apart from requests' and balancers'.
const FAILURE_STREAM: u64 = 0x6661;
/// The fastest random failures: one a second across the cluster.
pub const MAX_FAILURES_PER_HOUR: u32 = 3_600;
/// The success rate looks back this many seconds.
pub const SUCCESS_WINDOW_S: usize = 10;

/// What a chapter-6 farm adds to chapter 5's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClusterSetup {
    /// The balancer's health checks at the start; `None` for none (it never notices).
    pub health: Option<HealthCheck>,
    /// Random failures per hour across the cluster (0: none).
    pub failures_per_hour: u32,
    /// How long a server that failed at random, or a failed database primary, takes to come
    /// back, in seconds.
    pub repair_s: u32,
    pub database: DbSetup,
}

/// What a chapter-6 world starts with: chapter 5's kind of farm, and the cluster's additions.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClusterScenario {
    pub farm: FarmScenario,
    pub cluster: ClusterSetup,
}

impl ClusterScenario {
    /// The scenario chapter 6 opens with: four servers behind round robin with one retry,
    /// HAProxy's health checks, no random failures yet, and a database with two asynchronous
    /// replicas (20 ms and 200 ms behind) that fails over in 8 s (5 s to notice, 3 s to
    /// promote).
    pub fn chapter_six() -> Self {
        let farm = FarmScenario {
            arrival_rps: 400,
            servers: 4,
            max_servers: 8,
            balance: Some(BalanceSetup {
                algorithm: Algorithm::RoundRobin,
                slow_servers: Vec::new(),
                slow_speed_percent: SLOW_SPEED_PERCENT,
                static_percent: 20,
                static_mean_ms: 5.0,
                spike_rps: 0,
                retries: 1,
                clients: 500,
                dns_ttl_s: 300,
            }),
            ..FarmScenario::chapter_one()
        };
        let cluster = ClusterSetup {
            health: Some(HealthCheck::HAPROXY),
            failures_per_hour: 0,
            repair_s: 30,
            database: DbSetup {
                replica_lag_ms: vec![20, 200],
                notice_ms: 5_000,
                promote_ms: 3_000,
                synchronous: false,
                witness: false,
            },
        };
        ClusterScenario { farm, cluster }
    }
}

/// How a server fails.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Failure {
    Unplugged,
    ProcessKilled,
}

/// What happened in a cluster, for the event log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "cluster", rename_all = "snake_case")]
pub enum ClusterEvent {
    Unplugged {
        node: u32,
    },
    PluggedIn {
        node: u32,
    },
    /// The server process was killed; `reset` requests it held failed at once.
    ProcessKilled {
        node: u32,
        reset: u64,
    },
    ProcessRestarted {
        node: u32,
    },
    FailedAtRandom {
        node: u32,
        failure: Failure,
    },
    Repaired {
        node: u32,
    },
    /// The link between the node and the private network was cut (`cut`) or mended.
    Link {
        node: u32,
        cut: bool,
    },
    /// The node's disk filled up (`full`) or was freed.
    Disk {
        node: u32,
        full: bool,
    },
    /// Planned removal began; the node holds `holding` requests it will finish.
    DrainStarted {
        node: u32,
        holding: u64,
    },
    /// A draining node finished its last request and left.
    Drained {
        node: u32,
    },
    CheckFailed {
        node: u32,
        count: u32,
        of: u32,
    },
    /// Marked down and out of the pool, `detect_ms` after it failed (if it had).
    RemovedFromPool {
        node: u32,
        detect_ms: Option<u64>,
    },
    CheckPassed {
        node: u32,
        count: u32,
        of: u32,
    },
    /// Back in the pool, `recover_ms` after it failed (if it had).
    ReturnedToPool {
        node: u32,
        recover_ms: Option<u64>,
    },
    /// The pool is empty: every request gets a 503 at once.
    NoHealthyNodes,
    HealthyNodesBack,
    HealthCheckSet {
        check: HealthCheck,
    },
    HealthChecksOff,
    RandomFailures {
        per_hour: u32,
    },
    Database {
        event: DbEvent,
    },
}

/// Why an action on a cluster was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClusterRefusal {
    /// The world is not a cluster.
    NotACluster,
    NoSuchNode {
        id: u32,
    },
    /// It is already unplugged, or its process already dead.
    AlreadyDown {
        id: u32,
    },
    /// It is not down in the way the action mends.
    NotDown {
        id: u32,
    },
    /// Its link is already cut (`cut`), or already up.
    LinkAlready {
        id: u32,
        cut: bool,
    },
    /// Its disk is already full (`full`), or already has room.
    DiskAlready {
        id: u32,
        full: bool,
    },
    /// Only a node that is up can be drained.
    NotUp {
        id: u32,
    },
    HealthCheck(HealthProblem),
    FailureRate {
        max: u32,
    },
    /// No primary to fail: a failover is under way.
    NoPrimary,
    /// The database's link is cut: heal it first.
    LinkCut,
    /// The database's link is not cut.
    LinkNotCut,
}

impl From<HealthProblem> for ClusterRefusal {
    fn from(problem: HealthProblem) -> Self {
        ClusterRefusal::HealthCheck(problem)
    }
}

impl From<Verdict> for ClusterEvent {
    fn from(verdict: Verdict) -> Self {
        let ms = |us: Option<u64>| us.map(|us| us / 1000);
        match verdict {
            Verdict::Failed { node, count, of } => ClusterEvent::CheckFailed { node, count, of },
            Verdict::MarkedDown { node, detect_us } => ClusterEvent::RemovedFromPool { node, detect_ms: ms(detect_us) },
            Verdict::Passed { node, count, of } => ClusterEvent::CheckPassed { node, count, of },
            Verdict::MarkedUp { node, recover_us } => ClusterEvent::ReturnedToPool { node, recover_ms: ms(recover_us) },
            Verdict::NoneHealthy => ClusterEvent::NoHealthyNodes,
            Verdict::SomeHealthy => ClusterEvent::HealthyNodesBack,
        }
    }
}

/// Availability as a percentage of the requests that ended: `None` before any ended.
pub fn availability_percent(served: u64, ended: u64) -> Option<f64> {
    (ended > 0).then(|| served as f64 * 100.0 / ended as f64)
}

/// Availability in "nines": `-log10(unavailability)`, so 99.9 % is 3 and 99.95 % about 3.3.
/// A run without errors shows what it can prove: at least `log10(ended)` nines (one error
/// more would have shown that many). `None` before any request ended.
pub fn nines(served: u64, ended: u64) -> Option<f64> {
    (ended > 0).then(|| {
        let errors = (ended - served.min(ended)).max(1);
        libm::log10(ended as f64 / errors as f64)
    })
}

/// The cluster-wide state of a chapter-6 farm.
#[derive(Clone, Debug, PartialEq)]
pub struct Cluster {
    failures_per_hour: u32,
    failures: Pcg32,
    next_failure_us: Option<u64>,
    repair_us: u64,
    /// Servers that failed at random, and when each is repaired (ordered by id).
    repairs: Vec<(u32, u64)>,
    db: Database,
    /// Requests served and ended in each of the last seconds, newest last.
    window: VecDeque<(u64, u64)>,
    last_detect_us: Option<u64>,
    last_recover_us: Option<u64>,
    events: Vec<(u64, ClusterEvent)>,
}

impl Cluster {
    pub fn new(setup: &ClusterSetup, seed: u64) -> Self {
        let repair_us = u64::from(setup.repair_s) * 1_000_000;
        let mut cluster = Cluster {
            failures_per_hour: 0,
            failures: Pcg32::with_stream(seed, FAILURE_STREAM),
            next_failure_us: None,
            repair_us,
            repairs: Vec::new(),
            db: Database::new(&setup.database, repair_us),
            window: VecDeque::new(),
            last_detect_us: None,
            last_recover_us: None,
            events: Vec::new(),
        };
        cluster.set_failure_rate(setup.failures_per_hour.min(MAX_FAILURES_PER_HOUR), 0);
        cluster
    }

    pub fn database(&self) -> &Database {
        &self.db
    }

    pub fn failures_per_hour(&self) -> u32 {
        self.failures_per_hour
    }

    /// When the next random failure comes, if they are on.
    pub fn next_failure_us(&self) -> Option<u64> {
        self.next_failure_us
    }

    /// How long the newest detected failure took to be marked down.
    pub fn last_detect_us(&self) -> Option<u64> {
        self.last_detect_us
    }

    /// How long the newest recovered server was out, from its failure to its return to the
    /// pool.
    pub fn last_recover_us(&self) -> Option<u64> {
        self.last_recover_us
    }

    /// The extra time an `/api` request holds a worker for its write's commit.
    pub fn commit_wait_us(&self) -> u64 {
        if self.db.synchronous() {
            SYNC_COMMIT_US
        } else {
            0
        }
    }

    /// Random failures at `per_hour` from `now_us` on (memoryless: the next gap is drawn
    /// afresh).
    pub fn set_failure_rate(&mut self, per_hour: u32, now_us: u64) {
        self.failures_per_hour = per_hour;
        self.next_failure_us = (per_hour > 0).then(|| now_us + self.failure_gap_us());
    }

    fn failure_gap_us(&mut self) -> u64 {
        let mean_us = 3_600_000_000.0 / f64::from(self.failures_per_hour.max(1));
        self.failures.exponential_us(mean_us).max(1)
    }

    /// The random failures due by `now_us`, each with the server it hits (drawn among those
    /// up in `servers`) and how; each is repaired later.
    pub fn failures_due(&mut self, now_us: u64, servers: &[Server]) -> Vec<(u32, Failure)> {
        let mut due = Vec::new();
        while let Some(at) = self.next_failure_us.filter(|&at| at <= now_us) {
            let up: Vec<u32> = servers
                .iter()
                .filter(|s| s.state().answers() && !due.iter().any(|&(id, _)| id == s.id))
                .map(|s| s.id)
                .collect();
            let pick = self.failures.below(up.len().max(1) as u32) as usize;
            let failure = if self.failures.below(2) == 0 { Failure::Unplugged } else { Failure::ProcessKilled };
            if let Some(&node) = up.get(pick) {
                due.push((node, failure));
                let repair = (node, now_us + self.repair_us);
                match self.repairs.binary_search_by_key(&node, |&(id, _)| id) {
                    Ok(at) => self.repairs[at] = repair,
                    Err(at) => self.repairs.insert(at, repair),
                }
            }
            self.next_failure_us = Some(at + self.failure_gap_us());
        }
        due
    }

    /// Servers whose repair is due by `now_us`.
    pub fn repairs_due(&mut self, now_us: u64) -> Vec<u32> {
        let due: Vec<u32> = self.repairs.iter().filter(|&&(_, at)| at <= now_us).map(|&(id, _)| id).collect();
        self.repairs.retain(|&(_, at)| at > now_us);
        due
    }

    /// A server mended by hand is no longer waiting for its repair.
    pub fn forget_repair(&mut self, node: u32) {
        self.repairs.retain(|&(id, _)| id != node);
    }

    pub fn note(&mut self, at_us: u64, event: ClusterEvent) {
        match event {
            ClusterEvent::RemovedFromPool { detect_ms: Some(ms), .. } => self.last_detect_us = Some(ms * 1000),
            ClusterEvent::ReturnedToPool { recover_ms: Some(ms), .. } => self.last_recover_us = Some(ms * 1000),
            _ => {}
        }
        self.events.push((at_us, event));
    }

    pub fn fail_primary(&mut self, now_us: u64) -> Result<(), ClusterRefusal> {
        if self.db.link_cut() {
            return Err(ClusterRefusal::LinkCut);
        }
        self.db.fail_primary(now_us).then_some(()).ok_or(ClusterRefusal::NoPrimary)
    }

    /// Cuts the link between the database's primary and its replicas, or heals it.
    pub fn set_db_link(&mut self, cut: bool, now_us: u64) -> Result<(), ClusterRefusal> {
        match (cut, self.db.link_cut()) {
            (true, true) => Err(ClusterRefusal::LinkCut),
            (true, false) => self.db.cut_link(now_us).then_some(()).ok_or(ClusterRefusal::NoPrimary),
            (false, _) => self.db.heal_link(now_us).then_some(()).ok_or(ClusterRefusal::LinkNotCut),
        }
    }

    pub fn set_witness(&mut self, on: bool, now_us: u64) {
        self.db.set_witness(on, now_us);
    }

    pub fn set_synchronous(&mut self, on: bool, now_us: u64) {
        self.db.set_synchronous(on, now_us);
    }

    /// Moves the database's failover and repairs on to `now_us` (a step's start).
    pub fn advance_database(&mut self, now_us: u64) {
        self.db.advance(now_us);
    }

    /// Commits (or pauses) the writes of the requests served in a step.
    pub fn write(&mut self, writes: &mut Vec<u64>) {
        writes.sort_unstable();
        for at_us in writes.drain(..) {
            self.db.write(at_us);
        }
    }

    /// Everything that happened since the last call, in time order.
    pub fn take_events(&mut self) -> Vec<(u64, ClusterEvent)> {
        let mut events = std::mem::take(&mut self.events);
        events.extend(self.db.take_events().into_iter().map(|(at, event)| (at, ClusterEvent::Database { event })));
        events.sort_by_key(|&(at, _)| at);
        events
    }

    /// Measures the second that ended: `last` and `now` are the first side's counts then and
    /// now.
    pub fn sample(&mut self, last: Outcomes, now: Outcomes, servers: &[Server], sample: &mut Sample) {
        let ended = |o: Outcomes| o.served + o.failed + o.timed_out;
        if self.window.len() == SUCCESS_WINDOW_S {
            self.window.pop_front();
        }
        self.window.push_back((now.served - last.served, ended(now) - ended(last)));
        let (served, ended_lately) = self.window.iter().fold((0, 0), |(s, e), &(ds, de)| (s + ds, e + de));
        if let Some(rate) = availability_percent(served, ended_lately) {
            sample.set(Metric::SuccessRatePercent, rate);
        }
        if let Some(percent) = availability_percent(now.served, ended(now)) {
            sample.set(Metric::AvailabilityPercent, percent);
        }
        if let Some(nines) = nines(now.served, ended(now)) {
            sample.set(Metric::AvailabilityNines, nines);
        }
        sample.set(Metric::NodesInPool, servers.iter().filter(|s| s.in_pool()).count() as f64);
        sample.set(Metric::NodesUp, servers.iter().filter(|s| s.state().answers()).count() as f64);
        sample.set(Metric::WritesLost, self.db.lost() as f64);
        sample.set(Metric::FailuresPerHour, f64::from(self.failures_per_hour));
        if let Some(us) = self.last_detect_us {
            sample.set(Metric::TimeToDetectMs, (us / 1000) as f64);
        }
        if let Some(us) = self.last_recover_us {
            sample.set(Metric::TimeToRecoverMs, (us / 1000) as f64);
        }
        if let Some(us) = self.db.last_pause_us() {
            sample.set(Metric::FailoverMs, (us / 1000) as f64);
        }
    }

    /// Counts for a world's fingerprint.
    pub fn fingerprint(&self) -> [u64; 4] {
        [self.db.committed(), self.db.lost(), self.db.paused(), self.next_failure_us.unwrap_or(0)]
    }
}
