//! Chapters 1 and 5: users send requests to a group of servers behind a load balancer.
//!
//! A discrete-event model at request level, run inside the world's fixed steps:
//! - arrivals are Poisson processes ([`arrivals`]); each request's user, path and work are
//!   drawn as it is made, from streams of their own;
//! - in chapter 5 a request first finds the balancer: a DNS lookup when the user's cached
//!   answer has expired, then the trip over the network ([`edge`]); in chapter 1 it is at the
//!   balancer at once;
//! - the balancer sends it to a server of the pool its path is routed to, by its algorithm
//!   ([`crate::sim::balance`]); each server is a queue in front of workers ([`server`]);
//! - a server that has not answered within the timeout has timed out; the balancer may retry
//!   the request on another server after [`RETRY_PAUSE_US`] (retries counted: the first
//!   server still finishes the work it started, so under overload retries add work);
//! - in compare mode a second side (its own balancer and copies of the servers) gets exactly
//!   the same requests, so only the algorithm differs;
//! - removing a server fails what it holds; with no server in a pool, its requests fail at once.
//!
//! Every request ends exactly once, on every side:
//! `created = served + failed + timed_out + in_flight`. Left out: keep-alive, the balancer's
//! own capacity.
//!
//! Chapter 6 ([`cluster`]) adds failing servers, the balancer's health checks ([`health`]) and
//! a database ([`db`]) to the same farm: a request sent to a killed process is refused at once
//! and, like one that timed out, may be retried on another server.

pub mod arrivals;
pub mod cluster;
pub mod db;
pub mod edge;
pub mod health;
pub mod server;

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use self::arrivals::{Arrivals, Mix};
use self::cluster::{
    Cluster, ClusterEvent, ClusterRefusal, ClusterScenario, ClusterSetup, Failure, MAX_FAILURES_PER_HOUR,
};
use self::edge::Edge;
use self::health::{HealthCheck, HealthChecker, Verdict};
pub use self::server::{NodeState, Pool, Server, Settled, VisitEnd};
use super::balance::{Algorithm, Backend, Balancer};
use super::metrics::{LatencyWindow, Metric, Sample};

/// What a chapter-1 or chapter-5 world starts with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FarmScenario {
    /// Requests per second at the start.
    pub arrival_rps: u32,
    pub servers: u32,
    /// Workers (cores) per server.
    pub workers_per_server: u32,
    /// Mean work of an `/api` request at full speed, in milliseconds (exponential).
    pub service_mean_ms: f64,
    /// How long the balancer waits for a server's answer; `None` turns timeouts off.
    pub timeout_ms: Option<u64>,
    /// Monthly price of one server, in dollars.
    pub server_cost_per_month: u32,
    pub max_servers: u32,
    /// Chapter 5's balancer, network and traffic mix; chapter 1 has none of them.
    #[serde(default)]
    pub balance: Option<BalanceSetup>,
}

/// Chapter 5's additions to a farm.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BalanceSetup {
    pub algorithm: Algorithm,
    /// Servers (by id) that start slow, at `slow_speed_percent`.
    pub slow_servers: Vec<u32>,
    pub slow_speed_percent: u32,
    /// Percent of the steady requests that are for `/static`.
    pub static_percent: u32,
    pub static_mean_ms: f64,
    /// Extra `/static` requests per second during spikes (0: no spikes).
    pub spike_rps: u32,
    /// How many times the balancer retries a request that timed out.
    pub retries: u32,
    /// How many users send the requests (each keeps its own DNS answer).
    pub clients: u32,
    /// The TTL of `www.example.com`'s record.
    pub dns_ttl_s: u32,
}

/// Limits of the users slider.
pub const MIN_RPS: u32 = 1;
pub const MAX_RPS: u32 = 5_000;
/// Limits of the spike slider.
pub const MAX_SPIKE_RPS: u32 = 5_000;
pub const MAX_RETRIES: u32 = 2;
pub const MAX_WEIGHT: u32 = 10;
/// A slow server runs at this fraction of full speed.
pub const SLOW_SPEED_PERCENT: u32 = 25;
/// The balancer waits this long before retrying a request that timed out (one world step, so
/// a retry always comes after everything the step has processed).
pub const RETRY_PAUSE_US: u64 = 10_000;
/// How long an answer stays on the diagram after it reaches its user (sim time).
pub const ANSWER_SHOWN_US: u64 = 150_000;

impl FarmScenario {
    /// The scenario chapter 1 opens with.
    pub fn chapter_one() -> Self {
        FarmScenario {
            arrival_rps: 100,
            servers: 1,
            workers_per_server: 4,
            service_mean_ms: 20.0,
            timeout_ms: Some(1_000),
            server_cost_per_month: 60,
            max_servers: 40,
            balance: None,
        }
    }

    /// The scenario chapter 5 opens with: four servers, the third slow, round robin.
    pub fn chapter_five() -> Self {
        FarmScenario {
            arrival_rps: 500,
            servers: 4,
            max_servers: 8,
            balance: Some(BalanceSetup {
                algorithm: Algorithm::RoundRobin,
                slow_servers: vec![3],
                slow_speed_percent: SLOW_SPEED_PERCENT,
                static_percent: 30,
                static_mean_ms: 5.0,
                spike_rps: 0,
                retries: 1,
                clients: 500,
                dns_ttl_s: 300,
            }),
            ..FarmScenario::chapter_one()
        }
    }

    /// Requests per second one full-speed server can finish when always busy (`/api` work).
    pub fn capacity_rps_per_server(&self) -> f64 {
        f64::from(self.workers_per_server) * 1000.0 / self.service_mean_ms
    }
}

/// Which way a request asks: chapter 5 routes by it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Path {
    Api,
    Static,
}

impl Path {
    pub const ALL: [Path; 2] = [Path::Api, Path::Static];
}

/// One request, as its user made it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Request {
    /// When the user sent it (µs), before any DNS lookup.
    pub sent_us: u64,
    pub client: u32,
    pub path: Path,
    /// Its work at full speed (µs).
    pub work_us: u64,
    /// 0 for the first try, then one more for each retry.
    pub attempt: u32,
}

/// Counters of how requests ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcomes {
    pub created: u64,
    pub served: u64,
    pub failed: u64,
    pub timed_out: u64,
    /// Retries sent (not requests: one request may be retried more than once).
    #[serde(default)]
    pub retried: u64,
}

/// How a request ended, as the diagram draws it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ending {
    Served,
    TimedOut,
    Failed,
}

/// An answer on its way back to its user.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Answer {
    /// The server it comes from (none when no server could take it).
    pub server: Option<u32>,
    pub left_us: u64,
    pub arrives_us: u64,
    pub ending: Ending,
}

/// A request on its way to the balancer (or waiting to be retried), ordered by when it gets
/// there, then by when it was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct Due {
    at_us: u64,
    seq: u64,
    /// The server a retry should avoid.
    avoid: Option<u32>,
    /// When its DNS lookup ended, if it needed one.
    resolved_us: Option<u64>,
    request: RequestKey,
}

/// [`Request`] in a form that orders (by its fields, after `Due`'s own).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct RequestKey {
    sent_us: u64,
    client: u32,
    path: Path,
    work_us: u64,
    attempt: u32,
}

/// Puts `due` in its place in a queue kept in order (nearly always at the back: requests are
/// mostly due in the order they are made).
fn enqueue(queue: &mut VecDeque<Due>, due: Due) {
    let at = queue.partition_point(|d| *d < due);
    queue.insert(at, due);
}

impl From<Request> for RequestKey {
    fn from(r: Request) -> Self {
        RequestKey { sent_us: r.sent_us, client: r.client, path: r.path, work_us: r.work_us, attempt: r.attempt }
    }
}

impl From<RequestKey> for Request {
    fn from(r: RequestKey) -> Self {
        Request { sent_us: r.sent_us, client: r.client, path: r.path, work_us: r.work_us, attempt: r.attempt }
    }
}

/// A change to chapter 5's balancer, servers or traffic, as the event log records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "change", rename_all = "snake_case")]
pub enum BalanceChange {
    Spike { rps: u32 },
    Retries { retries: u32 },
    Algorithm { side: u8, algorithm: Algorithm },
    Compare { second: Option<Algorithm> },
    Speed { server: u32, percent: u32 },
    Weight { server: u32, weight: u32 },
    Pool { server: u32, pool: Pool },
    Route { path: Path, to: Pool },
}

/// Why an action on the farm was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FarmRefusal {
    RateOutOfRange {
        min: u32,
        max: u32,
    },
    TooManyServers {
        max: u32,
    },
    NoServerToRemove,
    NoSuchServer {
        id: u32,
    },
    OutOfRange {
        min: u32,
        max: u32,
    },
    /// Compare mode is off, so there is no second balancer.
    NoSecondSide,
    /// A setting that only chapter 5's farm has.
    NotBalanced,
}

/// One balancer and the servers it sends to. Compare mode has two, with the same servers.
#[derive(Clone, Debug, PartialEq)]
pub struct Side {
    algorithm: Algorithm,
    /// One balancer per routing target (all servers, the API pool, the files pool), each with
    /// the state its algorithm keeps between requests.
    balancers: [Balancer; 3],
    servers: Vec<Server>,
    /// Requests waiting to be retried, in the order they are due.
    retrying: VecDeque<Due>,
    outcomes: Outcomes,
    latencies: LatencyWindow,
    api_latencies: LatencyWindow,
    served_latency_us: u64,
    /// Outcome counters when the current second began, for per-second rates.
    second_start: Outcomes,
    answers: VecDeque<Answer>,
    /// Scratch space for a pick: the candidates and their indexes in `servers`.
    pool: Vec<Backend>,
    pool_index: Vec<usize>,
    settled: Vec<Settled>,
    /// Chapter 6: the balancer's health checks, if on, and what they concluded lately.
    health: Option<HealthChecker>,
    verdicts: Vec<(u64, Verdict)>,
    /// Chapter 6: when each `/api` request served lately was answered (its write).
    writes: Vec<u64>,
}

/// What a side needs to know of the farm while it routes.
#[derive(Clone, Copy)]
struct Rules {
    routes: [Pool; 2],
    timeout_us: Option<u64>,
    retries: u32,
    back_us: u64,
    /// Whether served `/api` requests are written to a database.
    writes: bool,
}

impl Side {
    fn new(algorithm: Algorithm, seed: u64) -> Self {
        Side {
            algorithm,
            balancers: std::array::from_fn(|_| Balancer::new(algorithm, seed)),
            servers: Vec::new(),
            retrying: VecDeque::new(),
            outcomes: Outcomes::default(),
            latencies: LatencyWindow::default(),
            api_latencies: LatencyWindow::default(),
            served_latency_us: 0,
            second_start: Outcomes::default(),
            answers: VecDeque::new(),
            pool: Vec::new(),
            pool_index: Vec::new(),
            settled: Vec::new(),
            health: None,
            verdicts: Vec::new(),
            writes: Vec::new(),
        }
    }

    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    pub fn servers(&self) -> &[Server] {
        &self.servers
    }

    pub fn outcomes(&self) -> Outcomes {
        self.outcomes
    }

    /// Requests created and not yet ended: at servers or waiting to be retried.
    pub fn in_flight(&self) -> u64 {
        self.servers.iter().map(|s| s.in_flight() as u64).sum::<u64>() + self.retrying.len() as u64
    }

    /// Answers on their way back, and those shown for a moment after they arrived.
    pub fn answers(&self) -> impl Iterator<Item = &Answer> {
        self.answers.iter()
    }

    /// Retries waiting for their pause to end.
    pub fn retrying(&self) -> usize {
        self.retrying.len()
    }

    fn set_algorithm(&mut self, algorithm: Algorithm, seed: u64) {
        self.algorithm = algorithm;
        self.balancers = std::array::from_fn(|_| Balancer::new(algorithm, seed));
    }

    /// Sends a request that reached the balancer at `at_us` to a server.
    fn route(&mut self, due: Due, at_us: u64, rules: &Rules) {
        let request = Request::from(due.request);
        let target = rules.routes[request.path as usize];
        self.pool.clear();
        self.pool_index.clear();
        self.pool_index.extend(
            (0..self.servers.len()).filter(|&i| self.servers[i].pool.serves(target) && self.servers[i].in_pool()),
        );
        // Algorithms that look at load see it as of now.
        let by_load = matches!(self.algorithm, Algorithm::LeastConnections | Algorithm::PowerOfTwoChoices);
        if by_load {
            for k in 0..self.pool_index.len() {
                let i = self.pool_index[k];
                self.servers[i].advance(at_us, rules.timeout_us, &mut self.settled);
            }
        }
        for &i in &self.pool_index {
            let s = &self.servers[i];
            self.pool.push(Backend { weight: s.weight, in_flight: s.in_flight() as u32 });
        }
        let balancer = &mut self.balancers[target as usize];
        let mut pick = balancer.pick(&self.pool, request.client);
        // A retry goes to another server of the pool, if it has another: the balancer picks
        // again (moving round robin on), and if it insists, the next server in the pool does.
        let avoided = |k: Option<usize>| k.is_some_and(|k| Some(self.servers[self.pool_index[k]].id) == due.avoid);
        if self.pool.len() > 1 && avoided(pick) {
            pick = balancer.pick(&self.pool, request.client);
            if avoided(pick) {
                pick = pick.map(|k| (k + 1) % self.pool.len());
            }
        }
        match pick.map(|k| self.pool_index[k]) {
            Some(i) => {
                let server = &mut self.servers[i];
                server.advance(at_us, rules.timeout_us, &mut self.settled);
                server.accept(request, at_us, rules.timeout_us, &mut self.settled);
            }
            None => self.end(request, None, at_us, Ending::Failed, rules),
        }
        self.settle(rules);
    }

    /// Records what the servers' queues and workers have finished.
    fn settle(&mut self, rules: &Rules) {
        let mut settled = std::mem::take(&mut self.settled);
        for s in settled.drain(..) {
            if s.end == VisitEnd::Answered {
                self.end(s.request, Some(s.server), s.at_us, Ending::Served, rules);
            } else if s.end == VisitEnd::ServerError {
                self.end(s.request, Some(s.server), s.at_us, Ending::Failed, rules);
            } else if s.request.attempt < rules.retries {
                self.outcomes.retried += 1;
                let request = Request { attempt: s.request.attempt + 1, ..s.request };
                let due = Due {
                    at_us: s.at_us + RETRY_PAUSE_US,
                    seq: self.outcomes.retried,
                    avoid: Some(s.server),
                    resolved_us: None,
                    request: request.into(),
                };
                enqueue(&mut self.retrying, due);
            } else if s.end == VisitEnd::TimedOut {
                self.end(s.request, Some(s.server), s.at_us, Ending::TimedOut, rules);
            } else {
                self.end(s.request, Some(s.server), s.at_us, Ending::Failed, rules);
            }
        }
        self.settled = settled;
    }

    /// A request's last word, at `at_us` at the balancer's side.
    fn end(&mut self, request: Request, server: Option<u32>, at_us: u64, ending: Ending, rules: &Rules) {
        let arrives_us = at_us + rules.back_us;
        let latency = arrives_us - request.sent_us;
        match ending {
            Ending::Served => {
                self.outcomes.served += 1;
                self.served_latency_us += latency;
                if rules.writes && request.path == Path::Api {
                    self.writes.push(at_us);
                }
            }
            Ending::TimedOut => self.outcomes.timed_out += 1,
            Ending::Failed => self.outcomes.failed += 1,
        }
        if ending != Ending::Failed {
            self.latencies.record(arrives_us / 1000, latency);
            if request.path == Path::Api {
                self.api_latencies.record(arrives_us / 1000, latency);
            }
        }
        self.answers.push_back(Answer { server, left_us: at_us, arrives_us, ending });
    }

    /// Runs the side to `end_us`: the requests reaching the balancer before it (in time order,
    /// merged with retries due), then every server's events up to and including it.
    fn run_until(&mut self, reaching: &[Due], end_us: u64, rules: &Rules) {
        if let Some(checker) = &mut self.health {
            checker.send_rounds(end_us, &self.servers);
        }
        let mut next = reaching.iter().peekable();
        loop {
            let retry = self.retrying.front().copied().filter(|r| r.at_us < end_us);
            let due = match (next.peek(), retry) {
                (Some(&&arrival), Some(retry)) if retry < arrival => self.retrying.pop_front(),
                (Some(_), _) => next.next().copied(),
                (None, Some(_)) => self.retrying.pop_front(),
                (None, None) => break,
            };
            if let Some(due) = due {
                // The balancer knows every check result in by then.
                self.apply_checks(due.at_us);
                self.route(due, due.at_us, rules);
            }
        }
        self.apply_checks(end_us.saturating_sub(1));
        for server in &mut self.servers {
            server.advance(end_us, rules.timeout_us, &mut self.settled);
        }
        self.settle(rules);
        let shown_from = end_us.saturating_sub(ANSWER_SHOWN_US);
        while self.answers.front().is_some_and(|a| a.arrives_us < shown_from) {
            self.answers.pop_front();
        }
    }

    fn apply_checks(&mut self, until_us: u64) {
        if let Some(checker) = &mut self.health {
            checker.apply_until(until_us, &mut self.servers, &mut self.verdicts);
        }
    }

    /// Fails server `id` at `now_us` (between steps); how many requests it held (0 if this
    /// side has no such server).
    fn fail_server(&mut self, id: u32, failure: Failure, now_us: u64, rules: &Rules) -> u64 {
        let Some(server) = self.servers.iter_mut().find(|s| s.id == id) else { return 0 };
        server.advance(now_us, rules.timeout_us, &mut self.settled);
        let held = server.in_flight() as u64;
        match failure {
            Failure::Unplugged => server.unplug(now_us),
            Failure::ProcessKilled => server.kill(now_us, &mut self.settled),
        }
        self.settle(rules);
        held
    }

    /// Cuts server `id` off from the balancer at `now_us`, or joins it again (nothing happens if
    /// this side has no such server).
    fn cut_off_server(&mut self, id: u32, cut: bool, now_us: u64, rules: &Rules) {
        let Some(server) = self.servers.iter_mut().find(|s| s.id == id) else { return };
        server.advance(now_us, rules.timeout_us, &mut self.settled);
        server.set_cut_off(cut, now_us);
        self.settle(rules);
    }

    /// Servers that finished draining leave; their ids.
    fn remove_drained(&mut self) -> Vec<u32> {
        let drained: Vec<u32> = self
            .servers
            .iter()
            .filter(|s| s.state() == NodeState::Draining && s.in_flight() == 0)
            .map(|s| s.id)
            .collect();
        self.servers.retain(|s| !drained.contains(&s.id));
        drained
    }

    /// Removes the newest server; what it holds fails.
    fn remove_server(&mut self) {
        if let Some(mut server) = self.servers.pop() {
            self.outcomes.failed += server.shut_down() as u64;
        }
    }

    fn close_second(&mut self, end_us: u64) -> (Outcomes, Outcomes) {
        for server in &mut self.servers {
            server.close_second(end_us);
        }
        self.latencies.expire(end_us / 1000);
        self.api_latencies.expire(end_us / 1000);
        let now = self.outcomes;
        (std::mem::replace(&mut self.second_start, now), now)
    }
}

/// Errors (timed out or failed) as a share of the requests that ended in a second, 0-100.
fn error_percent(last: Outcomes, now: Outcomes) -> f64 {
    let errors = (now.timed_out - last.timed_out) + (now.failed - last.failed);
    let ended = errors + (now.served - last.served);
    if ended == 0 {
        0.0
    } else {
        errors as f64 * 100.0 / ended as f64
    }
}

/// The chapter-1 and chapter-5 model: users, the balancer (or two, in compare mode), servers.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerFarm {
    scenario: FarmScenario,
    seed: u64,
    arrival_rps: u32,
    spike_rps: u32,
    retries: u32,
    mix: Mix,
    arrivals: Arrivals,
    edge: Option<Edge>,
    /// Requests on their way to the balancer, in the order they get there.
    travelling: VecDeque<Due>,
    made: u64,
    /// Where each path goes: every server, or a pool.
    routes: [Pool; 2],
    sides: Vec<Side>,
    next_server_id: u32,
    /// Scratch: the requests reaching the balancer in the current step.
    reaching: Vec<Due>,
    /// Chapter 6's failures, database and figures.
    cluster: Option<Cluster>,
    /// Where the farm's time has reached (µs).
    now_us: u64,
}

impl ServerFarm {
    pub fn new(scenario: FarmScenario, seed: u64) -> Self {
        ServerFarm::build(scenario, None, seed)
    }

    /// Chapter 6: a farm that is a cluster.
    pub fn with_cluster(scenario: &ClusterScenario, seed: u64) -> Self {
        ServerFarm::build(scenario.farm.clone(), Some(&scenario.cluster), seed)
    }

    fn build(scenario: FarmScenario, cluster: Option<&ClusterSetup>, seed: u64) -> Self {
        let balance = scenario.balance.as_ref();
        let mix = Mix {
            clients: balance.map_or(1, |b| b.clients),
            static_percent: balance.map_or(0, |b| b.static_percent),
            api_mean_us: scenario.service_mean_ms * 1000.0,
            static_mean_us: balance.map_or(0.0, |b| b.static_mean_ms * 1000.0),
        };
        let arrival_rps = scenario.arrival_rps.clamp(MIN_RPS, MAX_RPS);
        let spike_rps = balance.map_or(0, |b| b.spike_rps.min(MAX_SPIKE_RPS));
        let algorithm = balance.map_or(Algorithm::RoundRobin, |b| b.algorithm);
        let mut farm = ServerFarm {
            seed,
            arrival_rps,
            spike_rps,
            retries: balance.map_or(0, |b| b.retries.min(MAX_RETRIES)),
            mix,
            arrivals: Arrivals::new(seed, arrival_rps, spike_rps),
            edge: balance.map(|b| Edge::new(b.clients, b.dns_ttl_s)),
            travelling: VecDeque::new(),
            made: 0,
            routes: [Pool::All, Pool::All],
            sides: vec![Side::new(algorithm, seed)],
            next_server_id: 1,
            reaching: Vec::new(),
            cluster: cluster.map(|c| Cluster::new(c, seed)),
            now_us: 0,
            scenario,
        };
        // A scenario (from a link or a file) with checks the actions would refuse starts with
        // none.
        if let Some(check) = cluster.and_then(|c| c.health) {
            if check.problem().is_none() {
                farm.sides[0].health = Some(HealthChecker::new(check, 0));
            }
        }
        for _ in 0..farm.scenario.servers.min(farm.scenario.max_servers) {
            farm.push_server();
        }
        if let Some(b) = farm.scenario.balance.clone() {
            for id in b.slow_servers {
                // Ids the scenario does not have are ignored.
                let _ = farm.set_speed(id, b.slow_speed_percent);
            }
        }
        farm
    }

    pub fn scenario(&self) -> &FarmScenario {
        &self.scenario
    }

    pub fn arrival_rps(&self) -> u32 {
        self.arrival_rps
    }

    pub fn spike_rps(&self) -> u32 {
        self.spike_rps
    }

    pub fn retries(&self) -> u32 {
        self.retries
    }

    pub fn routes(&self) -> [Pool; 2] {
        self.routes
    }

    pub fn edge(&self) -> Option<&Edge> {
        self.edge.as_ref()
    }

    /// The first side: the only one outside compare mode.
    pub fn main(&self) -> &Side {
        &self.sides[0]
    }

    pub fn sides(&self) -> &[Side] {
        &self.sides
    }

    pub fn servers(&self) -> &[Server] {
        self.main().servers()
    }

    pub fn outcomes(&self) -> Outcomes {
        self.main().outcomes()
    }

    /// Requests created and not yet ended on the first side, counted where they are.
    pub fn in_flight(&self) -> u64 {
        self.travelling.len() as u64 + self.main().in_flight()
    }

    /// Requests on their way to the balancer: when each was sent, when its DNS lookup ended
    /// (if it needed one) and when it gets there.
    pub fn travelling(&self) -> impl Iterator<Item = (u64, Option<u64>, u64)> + '_ {
        self.travelling.iter().map(|d| (d.request.sent_us, d.resolved_us, d.at_us))
    }

    pub fn cost_per_month(&self) -> u32 {
        self.servers().len() as u32 * self.scenario.server_cost_per_month
    }

    /// Mean response time of every served request so far, in milliseconds.
    pub fn mean_served_latency_ms(&self) -> Option<f64> {
        let side = self.main();
        (side.outcomes.served > 0).then(|| side.served_latency_us as f64 / side.outcomes.served as f64 / 1000.0)
    }

    fn push_server(&mut self) {
        let id = self.next_server_id;
        self.next_server_id += 1;
        let commit_wait_us = self.cluster.as_ref().map_or(0, Cluster::commit_wait_us);
        for side in &mut self.sides {
            let mut server = Server::new(id, self.scenario.workers_per_server);
            server.commit_wait_us = commit_wait_us;
            side.servers.push(server);
        }
    }

    /// Chapter 6's cluster, if this farm is one.
    pub fn cluster(&self) -> Option<&Cluster> {
        self.cluster.as_ref()
    }

    fn rules(&self) -> Rules {
        Rules {
            routes: self.routes,
            timeout_us: self.scenario.timeout_ms.map(|ms| ms * 1000),
            retries: self.retries,
            back_us: self.edge.as_ref().map_or(0, Edge::back_us),
            writes: self.cluster.is_some(),
        }
    }

    /// The same change to server `id` on every side.
    fn each_server(&mut self, id: u32, change: impl Fn(&mut Server)) -> Result<(), FarmRefusal> {
        if !self.servers().iter().any(|s| s.id == id) {
            return Err(FarmRefusal::NoSuchServer { id });
        }
        for server in self.sides.iter_mut().flat_map(|s| s.servers.iter_mut()).filter(|s| s.id == id) {
            change(server);
        }
        Ok(())
    }

    fn balanced(&self) -> Result<(), FarmRefusal> {
        self.scenario.balance.as_ref().map(|_| ()).ok_or(FarmRefusal::NotBalanced)
    }

    pub fn set_arrival_rate(&mut self, rps: u32, now_us: u64) -> Result<(), FarmRefusal> {
        if !(MIN_RPS..=MAX_RPS).contains(&rps) {
            return Err(FarmRefusal::RateOutOfRange { min: MIN_RPS, max: MAX_RPS });
        }
        self.arrival_rps = rps;
        self.arrivals.set_rate(rps, now_us);
        Ok(())
    }

    pub fn set_spike_rate(&mut self, rps: u32, now_us: u64) -> Result<(), FarmRefusal> {
        self.balanced()?;
        if rps > MAX_SPIKE_RPS {
            return Err(FarmRefusal::OutOfRange { min: 0, max: MAX_SPIKE_RPS });
        }
        self.spike_rps = rps;
        self.arrivals.set_spike_rate(rps, now_us);
        Ok(())
    }

    pub fn set_retries(&mut self, retries: u32) -> Result<(), FarmRefusal> {
        self.balanced()?;
        if retries > MAX_RETRIES {
            return Err(FarmRefusal::OutOfRange { min: 0, max: MAX_RETRIES });
        }
        self.retries = retries;
        Ok(())
    }

    /// Sets side `side`'s algorithm (0, or 1 in compare mode); its balancers start afresh.
    pub fn set_algorithm(&mut self, side: usize, algorithm: Algorithm) -> Result<(), FarmRefusal> {
        self.balanced()?;
        let seed = self.seed;
        let side = self.sides.get_mut(side).ok_or(FarmRefusal::NoSecondSide)?;
        side.set_algorithm(algorithm, seed);
        Ok(())
    }

    /// Compare mode: on, a second side starts as an exact copy of the first (queues, counts,
    /// figures, and the balancers' state when the algorithm is the same) with its own
    /// algorithm, and from then on gets the same requests; off, it goes.
    pub fn set_compare(&mut self, second: Option<Algorithm>) -> Result<(), FarmRefusal> {
        self.balanced()?;
        self.sides.truncate(1);
        if let Some(algorithm) = second {
            let mut copy = self.sides[0].clone();
            // With the same algorithm, B goes on exactly as A would.
            if algorithm != copy.algorithm {
                copy.set_algorithm(algorithm, self.seed);
            }
            self.sides.push(copy);
        }
        Ok(())
    }

    pub fn set_speed(&mut self, id: u32, percent: u32) -> Result<(), FarmRefusal> {
        self.balanced()?;
        if !(1..=100).contains(&percent) {
            return Err(FarmRefusal::OutOfRange { min: 1, max: 100 });
        }
        self.each_server(id, |s| s.speed_percent = percent)
    }

    pub fn set_weight(&mut self, id: u32, weight: u32) -> Result<(), FarmRefusal> {
        self.balanced()?;
        if !(1..=MAX_WEIGHT).contains(&weight) {
            return Err(FarmRefusal::OutOfRange { min: 1, max: MAX_WEIGHT });
        }
        self.each_server(id, |s| s.weight = weight)
    }

    /// Puts a server in the API or the files pool.
    pub fn set_pool(&mut self, id: u32, pool: Pool) -> Result<(), FarmRefusal> {
        self.balanced()?;
        if pool == Pool::All {
            return Err(FarmRefusal::OutOfRange { min: Pool::Api as u32, max: Pool::Files as u32 });
        }
        self.each_server(id, |s| s.pool = pool)
    }

    /// Routes `path` to every server or to one pool.
    pub fn set_route(&mut self, path: Path, to: Pool) -> Result<(), FarmRefusal> {
        self.balanced()?;
        self.routes[path as usize] = to;
        Ok(())
    }

    pub fn add_server(&mut self) -> Result<u32, FarmRefusal> {
        if self.servers().len() as u32 >= self.scenario.max_servers {
            return Err(FarmRefusal::TooManyServers { max: self.scenario.max_servers });
        }
        self.push_server();
        Ok(self.next_server_id - 1)
    }

    /// Removes the newest server; the requests it held fail.
    pub fn remove_server(&mut self) -> Result<u32, FarmRefusal> {
        let id = self.servers().last().map(|s| s.id).ok_or(FarmRefusal::NoServerToRemove)?;
        for side in &mut self.sides {
            side.remove_server();
        }
        Ok(id)
    }

    fn cluster_mut(&mut self) -> Result<&mut Cluster, ClusterRefusal> {
        self.cluster.as_mut().ok_or(ClusterRefusal::NotACluster)
    }

    /// Server `id`'s state, in a cluster.
    fn node_state(&self, id: u32) -> Result<NodeState, ClusterRefusal> {
        self.cluster.as_ref().ok_or(ClusterRefusal::NotACluster)?;
        self.servers().iter().find(|s| s.id == id).map(Server::state).ok_or(ClusterRefusal::NoSuchNode { id })
    }

    fn note(&mut self, at_us: u64, event: ClusterEvent) {
        if let Some(cluster) = &mut self.cluster {
            cluster.note(at_us, event);
        }
    }

    /// Fails server `id` on every side; how many requests it held on the first.
    fn fail(&mut self, id: u32, failure: Failure, now_us: u64) -> u64 {
        let rules = self.rules();
        let held: Vec<u64> = self.sides.iter_mut().map(|side| side.fail_server(id, failure, now_us, &rules)).collect();
        held.first().copied().unwrap_or(0)
    }

    fn bring_back(&mut self, id: u32) -> bool {
        let mut changed = false;
        for server in self.sides.iter_mut().flat_map(|s| s.servers.iter_mut()).filter(|s| s.id == id) {
            changed |= server.bring_back();
        }
        changed
    }

    /// Chapter 6: pulls server `id`'s plug at `now_us`.
    pub fn unplug(&mut self, id: u32, now_us: u64) -> Result<(), ClusterRefusal> {
        if self.node_state(id)? == NodeState::Unplugged {
            return Err(ClusterRefusal::AlreadyDown { id });
        }
        self.fail(id, Failure::Unplugged, now_us);
        self.note(now_us, ClusterEvent::Unplugged { node: id });
        Ok(())
    }

    /// Chapter 6: kills server `id`'s process at `now_us`.
    pub fn kill_process(&mut self, id: u32, now_us: u64) -> Result<(), ClusterRefusal> {
        if !self.node_state(id)?.answers() {
            return Err(ClusterRefusal::AlreadyDown { id });
        }
        let reset = self.fail(id, Failure::ProcessKilled, now_us);
        self.note(now_us, ClusterEvent::ProcessKilled { node: id, reset });
        Ok(())
    }

    /// Chapter 6: plugs an unplugged server back in (it is up at once).
    pub fn plug_in(&mut self, id: u32, now_us: u64) -> Result<(), ClusterRefusal> {
        if self.node_state(id)? != NodeState::Unplugged {
            return Err(ClusterRefusal::NotDown { id });
        }
        self.bring_back(id);
        self.cluster_mut()?.forget_repair(id);
        self.note(now_us, ClusterEvent::PluggedIn { node: id });
        Ok(())
    }

    /// Chapter 6: starts a killed server process again.
    pub fn restart_process(&mut self, id: u32, now_us: u64) -> Result<(), ClusterRefusal> {
        if self.node_state(id)? != NodeState::ProcessKilled {
            return Err(ClusterRefusal::NotDown { id });
        }
        self.bring_back(id);
        self.cluster_mut()?.forget_repair(id);
        self.note(now_us, ClusterEvent::ProcessRestarted { node: id });
        Ok(())
    }

    /// Chapter 6: cuts (or mends) the link between server `id` and the private network at
    /// `now_us`; the server is cut off if the graph then has no path to it from the balancer.
    pub fn set_server_link(&mut self, id: u32, cut: bool, now_us: u64) -> Result<(), ClusterRefusal> {
        self.node_state(id)?;
        let edge = self.edge.as_mut().ok_or(ClusterRefusal::NotACluster)?;
        if edge.server_link_up(id) != cut {
            return Err(ClusterRefusal::LinkAlready { id, cut });
        }
        let reached = edge.set_server_link(id, !cut);
        let rules = self.rules();
        for side in &mut self.sides {
            side.cut_off_server(id, !reached, now_us, &rules);
        }
        self.note(now_us, ClusterEvent::Link { node: id, cut });
        Ok(())
    }

    /// Chapter 6: fills (or frees) server `id`'s disk at `now_us`, on every side.
    pub fn set_disk_full(&mut self, id: u32, full: bool, now_us: u64) -> Result<(), ClusterRefusal> {
        self.node_state(id)?;
        let mut changed = false;
        for server in self.sides.iter_mut().flat_map(|s| s.servers.iter_mut()).filter(|s| s.id == id) {
            changed |= server.set_disk_full(full);
        }
        if !changed {
            return Err(ClusterRefusal::DiskAlready { id, full });
        }
        self.note(now_us, ClusterEvent::Disk { node: id, full });
        Ok(())
    }

    /// Chapter 6: planned removal of server `id`: out of the pool at once, gone once it has
    /// finished what it holds.
    pub fn drain(&mut self, id: u32, now_us: u64) -> Result<(), ClusterRefusal> {
        if self.node_state(id)? != NodeState::Up {
            return Err(ClusterRefusal::NotUp { id });
        }
        for server in self.sides.iter_mut().flat_map(|s| s.servers.iter_mut()).filter(|s| s.id == id) {
            server.drain();
        }
        let holding = self.servers().iter().find(|s| s.id == id).map_or(0, |s| s.in_flight() as u64);
        self.note(now_us, ClusterEvent::DrainStarted { node: id, holding });
        Ok(())
    }

    /// Chapter 6: the balancer's health checks, from `now_us` on; `None` turns them off (and
    /// every server is in the pool again).
    pub fn set_health_check(&mut self, check: Option<HealthCheck>, now_us: u64) -> Result<(), ClusterRefusal> {
        self.cluster_mut()?;
        if let Some(problem) = check.and_then(|c| c.problem()) {
            return Err(problem.into());
        }
        for side in &mut self.sides {
            side.health = check.map(|c| HealthChecker::new(c, now_us));
            if check.is_none() {
                health::forget(&mut side.servers);
            }
        }
        let event = check.map_or(ClusterEvent::HealthChecksOff, |check| ClusterEvent::HealthCheckSet { check });
        self.note(now_us, event);
        Ok(())
    }

    /// The balancer's health checks, if on.
    pub fn health_check(&self) -> Option<HealthCheck> {
        self.main().health.as_ref().map(HealthChecker::check)
    }

    /// Chapter 6: random failures across the cluster, per hour (0 turns them off).
    pub fn set_random_failures(&mut self, per_hour: u32, now_us: u64) -> Result<(), ClusterRefusal> {
        let cluster = self.cluster_mut()?;
        if per_hour > MAX_FAILURES_PER_HOUR {
            return Err(ClusterRefusal::FailureRate { max: MAX_FAILURES_PER_HOUR });
        }
        cluster.set_failure_rate(per_hour, now_us);
        cluster.note(now_us, ClusterEvent::RandomFailures { per_hour });
        Ok(())
    }

    /// Chapter 6: the database's primary fails.
    pub fn fail_primary(&mut self, now_us: u64) -> Result<(), ClusterRefusal> {
        self.cluster_mut()?.fail_primary(now_us)
    }

    /// Chapter 6: cuts the link between the database's primary and its replicas, or heals it.
    pub fn set_db_link(&mut self, cut: bool, now_us: u64) -> Result<(), ClusterRefusal> {
        self.cluster_mut()?.set_db_link(cut, now_us)
    }

    /// Chapter 6: the database's witness on or off (it counts when a replica next asks to
    /// take over).
    pub fn set_witness(&mut self, on: bool, now_us: u64) -> Result<(), ClusterRefusal> {
        self.cluster_mut()?.set_witness(on, now_us);
        Ok(())
    }

    /// Chapter 6: synchronous replication on or off; each `/api` request's commit waits for
    /// the standby while it is on.
    pub fn set_synchronous(&mut self, on: bool, now_us: u64) -> Result<(), ClusterRefusal> {
        let cluster = self.cluster_mut()?;
        cluster.set_synchronous(on, now_us);
        let wait_us = cluster.commit_wait_us();
        for server in self.sides.iter_mut().flat_map(|s| s.servers.iter_mut()) {
            server.commit_wait_us = wait_us;
        }
        Ok(())
    }

    /// Chapter 6's events since the last call, in time order (µs); none in other chapters.
    pub fn take_events(&mut self) -> Vec<(u64, ClusterEvent)> {
        self.cluster.as_mut().map_or_else(Vec::new, Cluster::take_events)
    }

    /// Chapter 6, at a step's start: repairs and random failures due, the database's failover.
    fn open_step(&mut self) {
        let now_us = self.now_us;
        let Some(cluster) = &mut self.cluster else { return };
        cluster.advance_database(now_us);
        let repaired = cluster.repairs_due(now_us);
        let failing = cluster.failures_due(now_us, self.sides[0].servers());
        for node in repaired {
            if self.bring_back(node) {
                self.note(now_us, ClusterEvent::Repaired { node });
            }
        }
        for (node, failure) in failing {
            self.fail(node, failure, now_us);
            self.note(now_us, ClusterEvent::FailedAtRandom { node, failure });
        }
    }

    /// Chapter 6, at a step's end: what the health checks concluded, drained servers leaving,
    /// the step's writes.
    fn close_step(&mut self, end_us: u64) {
        self.now_us = end_us;
        let Some(cluster) = &mut self.cluster else { return };
        for (i, side) in self.sides.iter_mut().enumerate() {
            let drained = side.remove_drained();
            if i > 0 {
                side.verdicts.clear();
                side.writes.clear();
                continue;
            }
            for (at_us, verdict) in side.verdicts.drain(..) {
                cluster.note(at_us, verdict.into());
            }
            for node in drained {
                cluster.note(end_us, ClusterEvent::Drained { node });
            }
            cluster.write(&mut side.writes);
        }
    }

    /// Runs simulated time up to `end_us`: requests made before it set off (a DNS lookup, the
    /// trip), those reaching the balancer before it are routed in time order on every side,
    /// then every server's events up to and including it. A request reaching the balancer at
    /// exactly `end_us` waits for the next call.
    pub fn run_until(&mut self, end_us: u64) {
        self.open_step();
        while let Some(request) = self.arrivals.next_before(end_us, self.arrival_rps, self.spike_rps, &self.mix) {
            let (at_us, resolved_us) = match &mut self.edge {
                Some(edge) => {
                    let (at, lookup_ms) = edge.reach(request.client, request.sent_us);
                    (at, lookup_ms.map(|ms| request.sent_us + ms * 1000))
                }
                None => (request.sent_us, None),
            };
            self.made += 1;
            for side in &mut self.sides {
                side.outcomes.created += 1;
            }
            let due = Due { at_us, seq: self.made, avoid: None, resolved_us, request: request.into() };
            enqueue(&mut self.travelling, due);
        }
        self.reaching.clear();
        while let Some(due) = self.travelling.pop_front_if(|d| d.at_us < end_us) {
            self.reaching.push(due);
        }
        let rules = self.rules();
        for side in &mut self.sides {
            side.run_until(&self.reaching, end_us, &rules);
        }
        self.close_step(end_us);
    }

    /// Closes the second ending at `end_us` and measures it.
    pub fn sample(&mut self, end_us: u64, sample: &mut Sample) {
        let balanced = self.scenario.balance.is_some();
        let servers = self.servers().len();
        let slow = self.servers().iter().filter(|s| s.is_slow()).count();
        let cost = self.cost_per_month();
        let mut first = None;
        for (i, side) in self.sides.iter_mut().enumerate() {
            let (last, now) = side.close_second(end_us);
            if i == 0 {
                first = Some((last, now));
            }
            if i == 1 {
                if let Some([p95]) = side.latencies.percentiles_ms([95]) {
                    sample.set(Metric::SecondP95LatencyMs, p95);
                }
                sample.set(Metric::SecondErrorPercent, error_percent(last, now));
                continue;
            }
            let max_cpu = side.servers.iter().map(Server::cpu_percent).fold(0.0, f64::max);
            sample.set(Metric::OfferedRps, f64::from(self.arrival_rps));
            sample.set(Metric::ThroughputRps, (now.served - last.served) as f64);
            sample.set(Metric::TimedOutPerSec, (now.timed_out - last.timed_out) as f64);
            sample.set(Metric::FailedPerSec, (now.failed - last.failed) as f64);
            sample.set(Metric::MaxCpuPercent, max_cpu);
            sample.set(Metric::Servers, servers as f64);
            sample.set(Metric::CostPerMonth, f64::from(cost));
            if let Some([p50, p95, p99]) = side.latencies.percentiles_ms([50, 95, 99]) {
                sample.set(Metric::P50LatencyMs, p50);
                sample.set(Metric::P95LatencyMs, p95);
                if balanced {
                    sample.set(Metric::P99LatencyMs, p99);
                }
            }
            if balanced {
                sample.set(Metric::ErrorPercent, error_percent(last, now));
                sample.set(Metric::RetriesPerSec, (now.retried - last.retried) as f64);
                sample.set(Metric::SpikeRps, f64::from(self.spike_rps));
                sample.set(Metric::SlowServers, slow as f64);
                if let Some([p95]) = side.api_latencies.percentiles_ms([95]) {
                    sample.set(Metric::ApiP95LatencyMs, p95);
                }
            }
        }
        if let (Some(cluster), Some((last, now))) = (&mut self.cluster, first) {
            cluster.sample(last, now, &self.sides[0].servers, sample);
        }
    }

    /// Every side's counts, for a world's fingerprint.
    pub fn fingerprint(&self) -> Vec<u64> {
        let mut counts = vec![self.travelling.len() as u64];
        for side in &self.sides {
            let o = side.outcomes;
            counts.extend([o.created, o.served, o.failed, o.timed_out, o.retried, side.in_flight()]);
        }
        if let Some(cluster) = &self.cluster {
            counts.extend(cluster.fingerprint());
        }
        counts
    }
}
