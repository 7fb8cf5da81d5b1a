//! Chapter 1: users send requests to a group of identical servers behind an even splitter.
//!
//! A discrete-event model at request level, run inside the world's fixed steps:
//! - arrivals are a Poisson process at the users' rate (exponential gaps, microseconds);
//! - a load balancer sends each request to the next server in turn (round robin);
//! - each server is a FIFO queue in front of a fixed number of workers (one per core); service
//!   times are exponential with a fixed mean;
//! - a request still unanswered `timeout_ms` after it arrived has timed out: if it is waiting it
//!   leaves the queue; if it is being served the worker finishes the (now wasted) work;
//! - removing a server fails what it holds; with no servers, arrivals fail at once.
//!
//! Left out: network delay, keep-alive, retries, slow start, memory. Every request ends exactly
//! once: `created = served + failed + timed_out + in_flight`.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::metrics::{LatencyWindow, Metric, Sample};
use super::rng::Pcg32;

/// What a chapter-1 world starts with.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FarmScenario {
    /// Requests per second at the start.
    pub arrival_rps: u32,
    pub servers: u32,
    /// Workers (cores) per server.
    pub workers_per_server: u32,
    /// Mean of the exponential service time, in milliseconds.
    pub service_mean_ms: f64,
    /// `None` turns timeouts off.
    pub timeout_ms: Option<u64>,
    /// Monthly price of one server, in dollars.
    pub server_cost_per_month: u32,
    pub max_servers: u32,
}

/// Limits of the users slider.
pub const MIN_RPS: u32 = 1;
pub const MAX_RPS: u32 = 5_000;

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
        }
    }

    /// Requests per second one server can finish when always busy.
    pub fn capacity_rps_per_server(&self) -> f64 {
        f64::from(self.workers_per_server) * 1000.0 / self.service_mean_ms
    }
}

/// Counters of how requests ended.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Outcomes {
    pub created: u64,
    pub served: u64,
    pub failed: u64,
    pub timed_out: u64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Worker {
    /// The worker is busy until this time (µs); idle once time reaches it.
    busy_until_us: u64,
    /// The request it holds, until its outcome is recorded.
    job: Option<Job>,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Job {
    arrived_us: u64,
    /// When the outcome is known: the end of service, or the deadline if that comes first.
    settles_us: u64,
    timed_out: bool,
}

/// One server: a FIFO queue and its workers.
#[derive(Clone, Debug, PartialEq)]
pub struct Server {
    pub id: u32,
    workers: Vec<Worker>,
    /// Arrival times (µs) of waiting requests, oldest first.
    queue: VecDeque<u64>,
    /// Worker-busy microseconds attributed to the current second so far.
    busy_us: u64,
    cpu_percent: f64,
}

impl Server {
    fn new(id: u32, workers: u32) -> Self {
        Server {
            id,
            workers: vec![Worker { busy_until_us: 0, job: None }; workers as usize],
            queue: VecDeque::new(),
            busy_us: 0,
            cpu_percent: 0.0,
        }
    }

    /// CPU use over the last whole second, 0-100.
    pub fn cpu_percent(&self) -> f64 {
        self.cpu_percent
    }

    pub fn queue_len(&self) -> usize {
        self.queue.len()
    }

    /// Requests this server holds: waiting, or in service with no outcome yet.
    pub fn in_flight(&self) -> usize {
        self.queue.len() + self.workers.iter().filter(|w| w.job.is_some()).count()
    }
}

/// Where a server's finished requests are written down.
struct Ledger<'a> {
    outcomes: &'a mut Outcomes,
    latencies: &'a mut LatencyWindow,
    served_latency_us: &'a mut u64,
    timeout_us: Option<u64>,
}

impl Ledger<'_> {
    fn settle(&mut self, job: Job) {
        let latency = job.settles_us - job.arrived_us;
        if job.timed_out {
            self.outcomes.timed_out += 1;
        } else {
            self.outcomes.served += 1;
            *self.served_latency_us += latency;
        }
        self.latencies.record(job.settles_us / 1000, latency);
    }

    fn deadline(&self, arrived_us: u64) -> Option<u64> {
        self.timeout_us.map(|t| arrived_us + t)
    }
}

impl Server {
    /// Starts the request that arrived at `arrived_us` on an idle worker at `at_us`.
    fn start(&mut self, worker: usize, arrived_us: u64, at_us: u64, service_us: u64, ledger: &Ledger) {
        let done = at_us + service_us;
        let settles_us = ledger.deadline(arrived_us).map_or(done, |d| d.min(done));
        self.workers[worker] =
            Worker { busy_until_us: done, job: Some(Job { arrived_us, settles_us, timed_out: settles_us < done }) };
        self.busy_us += service_us;
    }

    /// The worker that frees up first, and when.
    fn first_free(&self) -> (usize, u64) {
        self.workers
            .iter()
            .enumerate()
            .map(|(i, w)| (i, w.busy_until_us))
            .min_by_key(|&(_, t)| t)
            .unwrap_or((0, u64::MAX))
    }

    /// Processes every event up to and including `now_us`, in time order.
    fn advance(&mut self, now_us: u64, rng: &mut Pcg32, mean_us: f64, ledger: &mut Ledger) {
        loop {
            for worker in &mut self.workers {
                if let Some(job) = worker.job.filter(|j| j.settles_us <= now_us) {
                    ledger.settle(job);
                    worker.job = None;
                }
            }
            let Some(&head) = self.queue.front() else {
                return;
            };
            let (worker, free_at) = self.first_free();
            match ledger.deadline(head) {
                // The user gives up before any worker is free.
                Some(deadline) if deadline <= free_at && deadline <= now_us => {
                    self.queue.pop_front();
                    ledger.settle(Job { arrived_us: head, settles_us: deadline, timed_out: true });
                }
                _ if free_at <= now_us => {
                    self.queue.pop_front();
                    let service = rng.exponential_us(mean_us);
                    self.start(worker, head, free_at, service, ledger);
                }
                _ => return,
            }
        }
    }

    /// A request arrives at `at_us` (the server has been advanced to it).
    fn accept(&mut self, at_us: u64, rng: &mut Pcg32, mean_us: f64, ledger: &Ledger) {
        let (worker, free_at) = self.first_free();
        if free_at <= at_us {
            let service = rng.exponential_us(mean_us);
            self.start(worker, at_us, at_us, service, ledger);
        } else {
            self.queue.push_back(at_us);
        }
    }

    /// Closes the second that ends at `end_us`: work that runs past it belongs to the next one.
    fn close_second(&mut self, end_us: u64) {
        let carried: u64 = self.workers.iter().map(|w| w.busy_until_us.saturating_sub(end_us)).sum();
        let capacity_us = self.workers.len() as u64 * 1_000_000;
        let used = self.busy_us.saturating_sub(carried).min(capacity_us);
        self.cpu_percent = used as f64 * 100.0 / capacity_us as f64;
        self.busy_us = carried;
    }
}

/// Why an action on the farm was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FarmRefusal {
    RateOutOfRange { min: u32, max: u32 },
    TooManyServers { max: u32 },
    NoServerToRemove,
}

/// The chapter-1 model: users, an even splitter, and the servers.
#[derive(Clone, Debug, PartialEq)]
pub struct ServerFarm {
    scenario: FarmScenario,
    arrival_rps: u32,
    servers: Vec<Server>,
    next_server_id: u32,
    next_arrival_us: u64,
    round_robin: usize,
    outcomes: Outcomes,
    latencies: LatencyWindow,
    served_latency_us: u64,
    /// Outcome counters when the current second began, for per-second rates.
    second_start: Outcomes,
}

impl ServerFarm {
    pub fn new(scenario: FarmScenario, rng: &mut Pcg32) -> Self {
        let mut farm = ServerFarm {
            arrival_rps: scenario.arrival_rps.clamp(MIN_RPS, MAX_RPS),
            servers: Vec::new(),
            next_server_id: 1,
            next_arrival_us: 0,
            round_robin: 0,
            outcomes: Outcomes::default(),
            latencies: LatencyWindow::default(),
            served_latency_us: 0,
            second_start: Outcomes::default(),
            scenario,
        };
        for _ in 0..farm.scenario.servers.min(farm.scenario.max_servers) {
            farm.push_server();
        }
        farm.next_arrival_us = farm.arrival_gap(rng);
        farm
    }

    pub fn scenario(&self) -> &FarmScenario {
        &self.scenario
    }

    pub fn arrival_rps(&self) -> u32 {
        self.arrival_rps
    }

    pub fn servers(&self) -> &[Server] {
        &self.servers
    }

    pub fn outcomes(&self) -> Outcomes {
        self.outcomes
    }

    /// Requests created and not yet ended, counted from the servers themselves.
    pub fn in_flight(&self) -> u64 {
        self.servers.iter().map(|s| s.in_flight() as u64).sum()
    }

    pub fn cost_per_month(&self) -> u32 {
        self.servers.len() as u32 * self.scenario.server_cost_per_month
    }

    /// Mean response time of every served request so far, in milliseconds.
    pub fn mean_served_latency_ms(&self) -> Option<f64> {
        (self.outcomes.served > 0).then(|| self.served_latency_us as f64 / self.outcomes.served as f64 / 1000.0)
    }

    fn arrival_gap(&self, rng: &mut Pcg32) -> u64 {
        rng.exponential_us(1_000_000.0 / f64::from(self.arrival_rps)).max(1)
    }

    fn push_server(&mut self) {
        let id = self.next_server_id;
        self.next_server_id += 1;
        self.servers.push(Server::new(id, self.scenario.workers_per_server.max(1)));
    }

    pub fn set_arrival_rate(&mut self, rps: u32, now_us: u64, rng: &mut Pcg32) -> Result<(), FarmRefusal> {
        if !(MIN_RPS..=MAX_RPS).contains(&rps) {
            return Err(FarmRefusal::RateOutOfRange { min: MIN_RPS, max: MAX_RPS });
        }
        self.arrival_rps = rps;
        // Poisson arrivals are memoryless: drawing the next gap afresh at the new rate is exact.
        self.next_arrival_us = now_us + self.arrival_gap(rng);
        Ok(())
    }

    pub fn add_server(&mut self) -> Result<u32, FarmRefusal> {
        if self.servers.len() as u32 >= self.scenario.max_servers {
            return Err(FarmRefusal::TooManyServers { max: self.scenario.max_servers });
        }
        self.push_server();
        Ok(self.next_server_id - 1)
    }

    /// Removes the newest server; the requests it held fail.
    pub fn remove_server(&mut self) -> Result<u32, FarmRefusal> {
        let server = self.servers.pop().ok_or(FarmRefusal::NoServerToRemove)?;
        self.outcomes.failed += server.in_flight() as u64;
        Ok(server.id)
    }

    fn ledger(&mut self) -> (Ledger<'_>, &mut Vec<Server>) {
        (
            Ledger {
                outcomes: &mut self.outcomes,
                latencies: &mut self.latencies,
                served_latency_us: &mut self.served_latency_us,
                timeout_us: self.scenario.timeout_ms.map(|ms| ms * 1000),
            },
            &mut self.servers,
        )
    }

    /// Runs simulated time up to `end_us`: the arrivals before it, then every server's events up
    /// to and including it. An arrival at exactly `end_us` waits for the next call, where it
    /// still comes after the servers' events of that instant, as it would within one call.
    pub fn run_until(&mut self, end_us: u64, rng: &mut Pcg32) {
        let mean_us = self.scenario.service_mean_ms * 1000.0;
        while self.next_arrival_us < end_us {
            let at = self.next_arrival_us;
            self.outcomes.created += 1;
            if self.servers.is_empty() {
                self.outcomes.failed += 1;
            } else {
                let index = self.round_robin % self.servers.len();
                self.round_robin = (index + 1) % self.servers.len();
                let (mut ledger, servers) = self.ledger();
                let server = &mut servers[index];
                server.advance(at, rng, mean_us, &mut ledger);
                server.accept(at, rng, mean_us, &ledger);
            }
            self.next_arrival_us = at + self.arrival_gap(rng);
        }
        let (mut ledger, servers) = self.ledger();
        for server in servers.iter_mut() {
            server.advance(end_us, rng, mean_us, &mut ledger);
        }
    }

    /// Closes the second ending at `end_us` and measures it.
    pub fn sample(&mut self, end_us: u64, sample: &mut Sample) {
        for server in &mut self.servers {
            server.close_second(end_us);
        }
        let now = self.outcomes;
        let last = std::mem::replace(&mut self.second_start, now);
        self.latencies.expire(end_us / 1000);
        let max_cpu = self.servers.iter().map(Server::cpu_percent).fold(0.0, f64::max);
        sample.set(Metric::OfferedRps, f64::from(self.arrival_rps));
        sample.set(Metric::ThroughputRps, (now.served - last.served) as f64);
        sample.set(Metric::TimedOutPerSec, (now.timed_out - last.timed_out) as f64);
        sample.set(Metric::FailedPerSec, (now.failed - last.failed) as f64);
        sample.set(Metric::MaxCpuPercent, max_cpu);
        sample.set(Metric::Servers, self.servers.len() as f64);
        sample.set(Metric::CostPerMonth, f64::from(self.cost_per_month()));
        if let Some([p50, p95]) = self.latencies.percentiles_ms([50, 95]) {
            sample.set(Metric::P50LatencyMs, p50);
            sample.set(Metric::P95LatencyMs, p95);
        }
    }
}
