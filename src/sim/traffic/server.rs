//! One backend server: a FIFO queue in front of a fixed number of workers (one per core).
//!
//! A request's work is drawn when it is created (so two balancers fed the same requests see the
//! same work); a server at `speed_percent` takes `work × 100 / speed_percent` to do it. A
//! request still unanswered `timeout` after it reached the server has timed out: if it is
//! waiting it leaves the queue; if it is being served the worker finishes the (now wasted)
//! work. Left out: memory, keep-alive, slow start.
//!
//! Chapter 6 gives a server a [`NodeState`]. A killed process leaves the machine up with its
//! port closed: the kernel answers every connection with a reset, so what the server held and
//! every request sent to it fails at once ("connection refused"). An unplugged machine answers
//! nothing: what it held and what is sent to it wait, unanswered, until the balancer gives up
//! at its timeout (or after [`DEAD_PEER_US`] with timeouts off). A draining server finishes
//! what it holds and takes nothing new.
//!
//! A server's disk can also fill up, whatever its state. The process keeps running: it serves
//! static files and its health page, which only read, but every `/api` request it is handed
//! writes (an order, a session) and fails at once with a 500. That is an answer, so the
//! balancer neither retries it nor learns anything from its health checks; the disk stays full
//! until someone frees it, through restarts and unplugs.
//!
//! A cut link leaves the machine running but out of the balancer's reach: like an unplugged
//! one, it answers nothing the balancer sends, checks included, and the answers to what it
//! held cannot come back (that work is dropped rather than finished for nobody). Left out:
//! boot time after the plug goes back in, requests already held when the disk fills (they
//! finish as before).

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::{Path, Request};

/// How long a balancer with timeouts off waits on a machine that never answers: nginx's
/// default `proxy_read_timeout`, 60 s.
pub const DEAD_PEER_US: u64 = 60_000_000;

/// Whether a server is running, as the machine itself knows it (the balancer may not know yet).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeState {
    Up,
    /// Planned removal: takes no new requests, finishes those it holds, then leaves.
    Draining,
    /// The machine is up, the server process is not: connections are refused at once.
    ProcessKilled,
    /// The machine is off: nothing answers.
    Unplugged,
}

impl NodeState {
    /// Whether the machine answers requests and health checks.
    pub fn answers(self) -> bool {
        matches!(self, NodeState::Up | NodeState::Draining)
    }
}

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

/// How a visit to a server ended, as the balancer sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VisitEnd {
    Answered,
    /// No answer within the timeout.
    TimedOut,
    /// The connection was refused or reset (a killed process).
    Refused,
    /// Answered with a 500 (a full disk): the balancer passes it on and does not retry it.
    ServerError,
}

/// How a visit to a server ended, for the side's ledger.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Settled {
    pub request: Request,
    pub server: u32,
    pub at_us: u64,
    pub end: VisitEnd,
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
    /// Extra time every `/api` request holds a worker while its write waits for a synchronous
    /// replica's acknowledgement (chapter 6; 0 elsewhere).
    pub commit_wait_us: u64,
    state: NodeState,
    /// The disk is full: `/api` requests, which write, fail with a 500.
    disk_full: bool,
    /// Its link is cut: the balancer does not reach it (the topology decides, the server keeps
    /// the answer).
    cut_off: bool,
    /// When the machine or its process last failed, until it is back up.
    failed_at_us: Option<u64>,
    /// What the health checker thinks of it (always in the pool without health checks).
    pub(super) watch: super::health::Watch,
    workers: Vec<Worker>,
    queue: VecDeque<Visit>,
    /// Requests held by or sent to an unplugged machine, oldest first: the balancer waits for
    /// answers that never come.
    unanswered: VecDeque<Visit>,
    /// When the balancer last handed it a request.
    last_accepted_us: Option<u64>,
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
            commit_wait_us: 0,
            state: NodeState::Up,
            disk_full: false,
            cut_off: false,
            failed_at_us: None,
            watch: super::health::Watch::default(),
            workers: vec![Worker { busy_until_us: 0, job: None }; workers.max(1) as usize],
            queue: VecDeque::new(),
            unanswered: VecDeque::new(),
            last_accepted_us: None,
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

    /// Requests this server holds: waiting, or in service with no outcome yet (on an unplugged
    /// machine, those the balancer still waits on).
    pub fn in_flight(&self) -> usize {
        self.queue.len() + self.in_service() + self.unanswered.len()
    }

    pub fn state(&self) -> NodeState {
        self.state
    }

    /// Whether its link is cut, out of the balancer's reach.
    pub fn cut_off(&self) -> bool {
        self.cut_off
    }

    /// Whether the balancer hears nothing from it: unplugged, or its link cut.
    pub fn silent(&self) -> bool {
        self.cut_off || self.state == NodeState::Unplugged
    }

    /// Whether its disk is full.
    pub fn disk_full(&self) -> bool {
        self.disk_full
    }

    /// When it failed, while it is down.
    pub fn failed_at_us(&self) -> Option<u64> {
        self.failed_at_us
    }

    /// Whether the balancer may send it new requests: its health checker has not marked it
    /// down and it is not draining. Whether it is really up is another matter.
    pub fn in_pool(&self) -> bool {
        self.watch.in_pool() && self.state != NodeState::Draining
    }

    /// The health checker's view of it.
    pub fn watch(&self) -> &super::health::Watch {
        &self.watch
    }

    /// When the balancer last handed it a request.
    pub fn last_accepted_us(&self) -> Option<u64> {
        self.last_accepted_us
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

    fn service_us(&self, request: &Request) -> u64 {
        let wait = if request.path == Path::Api { self.commit_wait_us } else { 0 };
        request.work_us * 100 / u64::from(self.speed_percent.max(1)) + wait
    }

    /// Starts a visit on an idle worker at `at_us`.
    fn start(&mut self, worker: usize, visit: Visit, at_us: u64, timeout_us: Option<u64>) {
        let service = self.service_us(&visit.request);
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

    fn settle(&mut self, visit: Visit, at_us: u64, end: VisitEnd, settled: &mut Vec<Settled>) {
        if end == VisitEnd::Answered {
            self.served += 1;
        } else {
            self.errors += 1;
        }
        settled.push(Settled { request: visit.request, server: self.id, at_us, end });
    }

    fn timed_out_if(timed_out: bool) -> VisitEnd {
        if timed_out {
            VisitEnd::TimedOut
        } else {
            VisitEnd::Answered
        }
    }

    /// Processes every event up to and including `now_us`, in time order, adding what ended to
    /// `settled`.
    pub fn advance(&mut self, now_us: u64, timeout_us: Option<u64>, settled: &mut Vec<Settled>) {
        let give_up_us = timeout_us.unwrap_or(DEAD_PEER_US);
        while let Some(&visit) = self.unanswered.front().filter(|v| v.arrived_us + give_up_us <= now_us) {
            self.unanswered.pop_front();
            self.settle(visit, visit.arrived_us + give_up_us, VisitEnd::TimedOut, settled);
        }
        loop {
            for w in 0..self.workers.len() {
                if let Some(job) = self.workers[w].job.filter(|j| j.settles_us <= now_us) {
                    self.workers[w].job = None;
                    self.settle(job.visit, job.settles_us, Self::timed_out_if(job.timed_out), settled);
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
                    self.settle(head, deadline, VisitEnd::TimedOut, settled);
                }
                _ if free_at <= now_us => {
                    self.queue.pop_front();
                    self.start(worker, head, free_at, timeout_us);
                }
                _ => return,
            }
        }
    }

    /// A request arrives at `at_us` (the server has been advanced to it). A killed process
    /// refuses it at once, into `settled`.
    pub fn accept(&mut self, request: Request, at_us: u64, timeout_us: Option<u64>, settled: &mut Vec<Settled>) {
        self.accepted[request.path as usize] += 1;
        self.last_accepted_us = Some(at_us);
        let visit = Visit { request, arrived_us: at_us };
        if self.cut_off {
            return self.unanswered.push_back(visit);
        }
        match self.state {
            NodeState::ProcessKilled => return self.settle(visit, at_us, VisitEnd::Refused, settled),
            NodeState::Unplugged => return self.unanswered.push_back(visit),
            NodeState::Up | NodeState::Draining if self.disk_full && request.path == Path::Api => {
                return self.settle(visit, at_us, VisitEnd::ServerError, settled)
            }
            NodeState::Up | NodeState::Draining => {}
        }
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

    /// Takes every request the server holds off its workers and queue, oldest first; the work
    /// started is not done.
    fn drop_held(&mut self, now_us: u64) -> Vec<Visit> {
        let mut held: Vec<Visit> = self.workers.iter().filter_map(|w| w.job.map(|j| j.visit)).collect();
        held.extend(self.queue.drain(..));
        held.sort_by_key(|v| v.arrived_us);
        for worker in &mut self.workers {
            self.busy_us = self.busy_us.saturating_sub(worker.busy_until_us.saturating_sub(now_us));
            *worker = Worker { busy_until_us: worker.busy_until_us.min(now_us), job: None };
        }
        held
    }

    /// Kills the server process at `now_us` (the server has been advanced to it): the kernel
    /// resets every connection it held, into `settled`. Nothing happens if it was not running.
    pub fn kill(&mut self, now_us: u64, settled: &mut Vec<Settled>) {
        if !self.state.answers() {
            return;
        }
        for visit in self.drop_held(now_us) {
            self.settle(visit, now_us, VisitEnd::Refused, settled);
        }
        self.state = NodeState::ProcessKilled;
        self.failed_at_us = Some(now_us);
    }

    /// Pulls the plug at `now_us` (the server has been advanced to it): what it held is never
    /// answered. Nothing happens if it was already off.
    pub fn unplug(&mut self, now_us: u64) {
        if self.state == NodeState::Unplugged {
            return;
        }
        self.go_silent(now_us);
        self.state = NodeState::Unplugged;
    }

    /// Stops answering at `now_us`, unplugged or cut off: what it held is never answered, and
    /// its outage starts unless one already runs.
    fn go_silent(&mut self, now_us: u64) {
        let held = self.drop_held(now_us);
        self.unanswered.extend(held);
        self.failed_at_us.get_or_insert(now_us);
    }

    /// The machine and its process are back (plugged in, restarted or repaired). `false` if it
    /// was not down.
    pub fn bring_back(&mut self) -> bool {
        if self.state.answers() {
            return false;
        }
        self.state = NodeState::Up;
        if !self.cut_off {
            self.failed_at_us = None;
        }
        true
    }

    /// Cuts it off from the balancer at `now_us`, or joins it again (the server has been
    /// advanced to it): what it held is never answered. `false` if it already was so.
    pub fn set_cut_off(&mut self, cut: bool, now_us: u64) -> bool {
        if self.cut_off == cut {
            return false;
        }
        self.cut_off = cut;
        if cut {
            self.go_silent(now_us);
        } else if self.state.answers() {
            self.failed_at_us = None;
        }
        true
    }

    /// Fills or frees its disk; `false` if it already was so.
    pub fn set_disk_full(&mut self, full: bool) -> bool {
        std::mem::replace(&mut self.disk_full, full) != full
    }

    /// Starts draining: no new requests, those held finish. Only a server that is up drains.
    pub fn drain(&mut self) {
        if self.state == NodeState::Up {
            self.state = NodeState::Draining;
        }
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
