//! One backend server: a FIFO queue in front of a fixed number of workers (one per core).
//!
//! A request's work is drawn when it is created (so two balancers fed the same requests see the
//! same work); a server at `speed_percent` takes `work × 100 / speed_percent` to do it. A
//! request still unanswered `timeout` after it reached the server has timed out: if it is
//! waiting it leaves the queue; if it is being served the worker finishes the (now wasted)
//! work. Left out: memory, keep-alive, slow start.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::{Path, Request};

/// The pools a server can belong to; a routing rule sends a path to one pool, or to every
/// server.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Pool {
    /// Every server, whatever its pool: where both paths go until a rule says otherwise.
    All,
    Api,
    Files,
}

impl Pool {
    pub const ALL: [Pool; 3] = [Pool::All, Pool::Api, Pool::Files];

    /// Whether a server in `self` serves a request routed to `target`.
    pub fn serves(self, target: Pool) -> bool {
        target == Pool::All || target == self
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Worker {
    /// The worker is busy until this time (µs); idle once time reaches it.
    busy_until_us: u64,
    /// The request it holds, until its outcome is recorded.
    job: Option<Job>,
}

/// A request at a server, and when it got there.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Visit {
    request: Request,
    arrived_us: u64,
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Job {
    visit: Visit,
    /// When the outcome is known: the end of service, or the deadline if that comes first.
    settles_us: u64,
    timed_out: bool,
}

/// How a visit to a server ended, for the side's ledger.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settled {
    pub request: Request,
    pub server: u32,
    pub at_us: u64,
    pub timed_out: bool,
}

/// One server: a FIFO queue and its workers.
#[derive(Clone, Debug, PartialEq)]
pub struct Server {
    pub id: u32,
    /// 100 is full speed; a slow server does the same work in proportionally more time.
    pub speed_percent: u32,
    /// Its share of turns under weighted round robin.
    pub weight: u32,
    pub pool: Pool,
    workers: Vec<Worker>,
    queue: VecDeque<Visit>,
    /// Worker-busy microseconds attributed to the current second so far.
    busy_us: u64,
    cpu_percent: f64,
    served: u64,
    errors: u64,
    /// Requests handed to it, by path.
    accepted: [u64; 2],
}

impl Server {
    pub fn new(id: u32, workers: u32) -> Self {
        Server {
            id,
            speed_percent: 100,
            weight: 1,
            pool: Pool::Api,
            workers: vec![Worker { busy_until_us: 0, job: None }; workers.max(1) as usize],
            queue: VecDeque::new(),
            busy_us: 0,
            cpu_percent: 0.0,
            served: 0,
            errors: 0,
            accepted: [0; 2],
        }
    }

    /// CPU use over the last whole second, 0-100.
    pub fn cpu_percent(&self) -> f64 {
        self.cpu_percent
    }

    pub fn queue_len(&self) -> usize {
        self.queue.len()
    }

    /// Requests being worked on (outcome not yet known).
    pub fn in_service(&self) -> usize {
        self.workers.iter().filter(|w| w.job.is_some()).count()
    }

    /// Requests this server holds: waiting, or in service with no outcome yet.
    pub fn in_flight(&self) -> usize {
        self.queue.len() + self.in_service()
    }

    /// Requests it answered in time.
    pub fn served(&self) -> u64 {
        self.served
    }

    /// Requests that timed out here or failed with it.
    pub fn errors(&self) -> u64 {
        self.errors
    }

    /// Requests for `path` the balancer has handed it.
    pub fn accepted(&self, path: Path) -> u64 {
        self.accepted[path as usize]
    }

    pub fn is_slow(&self) -> bool {
        self.speed_percent < 100
    }

    /// Arrival times of the requests it holds, waiting ones first (oldest first), then those in
    /// service with the time their work ends: what a diagram draws.
    pub fn waiting(&self) -> impl Iterator<Item = (Path, u64)> + '_ {
        self.queue.iter().map(|v| (v.request.path, v.arrived_us))
    }

    pub fn serving(&self) -> impl Iterator<Item = (Path, u64, u64)> + '_ {
        self.workers.iter().filter_map(|w| w.job.map(|j| (j.visit.request.path, j.visit.arrived_us, w.busy_until_us)))
    }

    fn service_us(&self, work_us: u64) -> u64 {
        work_us * 100 / u64::from(self.speed_percent.max(1))
    }

    /// Starts a visit on an idle worker at `at_us`.
    fn start(&mut self, worker: usize, visit: Visit, at_us: u64, timeout_us: Option<u64>) {
        let service = self.service_us(visit.request.work_us);
        let done = at_us + service;
        let settles_us = timeout_us.map_or(done, |t| done.min(visit.arrived_us + t));
        self.workers[worker] =
            Worker { busy_until_us: done, job: Some(Job { visit, settles_us, timed_out: settles_us < done }) };
        self.busy_us += service;
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

    fn settle(&mut self, visit: Visit, at_us: u64, timed_out: bool, settled: &mut Vec<Settled>) {
        if timed_out {
            self.errors += 1;
        } else {
            self.served += 1;
        }
        settled.push(Settled { request: visit.request, server: self.id, at_us, timed_out });
    }

    /// Processes every event up to and including `now_us`, in time order, adding what ended to
    /// `settled`.
    pub fn advance(&mut self, now_us: u64, timeout_us: Option<u64>, settled: &mut Vec<Settled>) {
        loop {
            for w in 0..self.workers.len() {
                if let Some(job) = self.workers[w].job.filter(|j| j.settles_us <= now_us) {
                    self.workers[w].job = None;
                    self.settle(job.visit, job.settles_us, job.timed_out, settled);
                }
            }
            let Some(&head) = self.queue.front() else {
                return;
            };
            let (worker, free_at) = self.first_free();
            match timeout_us.map(|t| head.arrived_us + t) {
                // The balancer gives up before any worker is free.
                Some(deadline) if deadline <= free_at && deadline <= now_us => {
                    self.queue.pop_front();
                    self.settle(head, deadline, true, settled);
                }
                _ if free_at <= now_us => {
                    self.queue.pop_front();
                    self.start(worker, head, free_at, timeout_us);
                }
                _ => return,
            }
        }
    }

    /// A request arrives at `at_us` (the server has been advanced to it).
    pub fn accept(&mut self, request: Request, at_us: u64, timeout_us: Option<u64>) {
        self.accepted[request.path as usize] += 1;
        let visit = Visit { request, arrived_us: at_us };
        let (worker, free_at) = self.first_free();
        if free_at <= at_us {
            self.start(worker, visit, at_us, timeout_us);
        } else {
            self.queue.push_back(visit);
        }
    }

    /// Takes the server out of service: what it holds fails.
    pub fn shut_down(&mut self) -> usize {
        let held = self.in_flight();
        self.errors += held as u64;
        held
    }

    /// Closes the second that ends at `end_us`: work that runs past it belongs to the next one.
    pub fn close_second(&mut self, end_us: u64) {
        let carried: u64 = self.workers.iter().map(|w| w.busy_until_us.saturating_sub(end_us)).sum();
        let capacity_us = self.workers.len() as u64 * 1_000_000;
        let used = self.busy_us.saturating_sub(carried).min(capacity_us);
        self.cpu_percent = used as f64 * 100.0 / capacity_us as f64;
        self.busy_us = carried;
    }
}
