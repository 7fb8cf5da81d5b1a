//! Chapter 6's health checks: how the balancer learns that a server is down, and when.
//!
//! Every `interval` the balancer asks each server of the pool for a health page (HAProxy's
//! `inter`, an AWS target group's interval). A running server passes at once; a killed process
//! refuses the connection, so the check fails at once; an unplugged machine does not answer, so
//! the check fails when its `timeout` runs out. After `unhealthy` failures in a row the server
//! is marked down and leaves the balancer's pool; after `healthy` passes in a row it comes back.
//! Until then the balancer keeps sending it requests, which fail or time out: the gap between
//! a server being down and being known to be down is this module's lesson.
//!
//! Checks are sent in rounds, to every server at once, `interval` apart from when checking was
//! set. A failure at time `f` is therefore marked down between `(unhealthy - 1) × interval` and
//! `unhealthy × interval` after `f`, plus the timeout for an unplugged machine. Results are
//! applied in time order with the requests the balancer routes, so no request is sent to a
//! server after the moment it was marked down. Left out: a check's own trip time, checks that
//! fail because a busy server answers slowly, and jitter between servers' timers.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::server::{NodeState, Server};

/// Bounds of the settings, as load balancers allow them (AWS: interval 5-300 s, thresholds
/// 2-10; HAProxy allows a threshold of 1 and intervals of a fraction of a second).
pub const MIN_INTERVAL_MS: u32 = 100;
pub const MAX_INTERVAL_MS: u32 = 300_000;
pub const MIN_TIMEOUT_MS: u32 = 10;
pub const MAX_THRESHOLD: u32 = 10;

/// How a balancer checks its servers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HealthCheck {
    pub interval_ms: u32,
    /// How long a check waits for an answer; below the interval.
    pub timeout_ms: u32,
    /// Failures in a row that mark a server down.
    pub unhealthy: u32,
    /// Passes in a row that bring a marked-down server back.
    pub healthy: u32,
}

impl HealthCheck {
    /// HAProxy's defaults: a check every 2 s, down after 3 failures, back after 2 passes; a
    /// 1 s timeout.
    pub const HAPROXY: HealthCheck = HealthCheck { interval_ms: 2_000, timeout_ms: 1_000, unhealthy: 3, healthy: 2 };

    /// Why these settings cannot be used, if they cannot.
    pub fn problem(&self) -> Option<HealthProblem> {
        if !(MIN_INTERVAL_MS..=MAX_INTERVAL_MS).contains(&self.interval_ms) {
            return Some(HealthProblem::Interval { min_ms: MIN_INTERVAL_MS, max_ms: MAX_INTERVAL_MS });
        }
        if self.timeout_ms < MIN_TIMEOUT_MS || self.timeout_ms >= self.interval_ms {
            return Some(HealthProblem::Timeout { min_ms: MIN_TIMEOUT_MS, below_ms: self.interval_ms });
        }
        if !(1..=MAX_THRESHOLD).contains(&self.unhealthy) || !(1..=MAX_THRESHOLD).contains(&self.healthy) {
            return Some(HealthProblem::Threshold { min: 1, max: MAX_THRESHOLD });
        }
        None
    }
}

/// What is wrong with health-check settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HealthProblem {
    Interval {
        min_ms: u32,
        max_ms: u32,
    },
    /// The timeout must be at least `min_ms` and below the interval.
    Timeout {
        min_ms: u32,
        below_ms: u32,
    },
    Threshold {
        min: u32,
        max: u32,
    },
}

/// What the health checker thinks of one server.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Watch {
    passes_in_a_row: u32,
    fails_in_a_row: u32,
    /// When it was marked down, while it is.
    down_since_us: Option<u64>,
    /// When the server failed, if it had when it was marked down.
    failed_at_us: Option<u64>,
    /// The latest check's result: when the balancer learned it, and whether it passed.
    last_check: Option<(u64, bool)>,
}

impl Watch {
    pub fn in_pool(&self) -> bool {
        self.down_since_us.is_none()
    }

    pub fn down_since_us(&self) -> Option<u64> {
        self.down_since_us
    }

    /// When the balancer learned the latest check's result, and whether it passed.
    pub fn last_check(&self) -> Option<(u64, bool)> {
        self.last_check
    }

    /// Checks passed and failed in a row, as the balancer counts them now: failures while the
    /// server is in the pool, passes while it is out.
    pub fn streak(&self) -> (u32, u32) {
        (self.passes_in_a_row, self.fails_in_a_row)
    }
}

/// What the health checker noticed, for the event log.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// A server in the pool failed check `count` of the `of` that mark it down.
    Failed { node: u32, count: u32, of: u32 },
    /// Marked down: out of the pool. `detect_us` is how long after the failure, if it failed.
    MarkedDown { node: u32, detect_us: Option<u64> },
    /// A marked-down server passed check `count` of the `of` that bring it back.
    Passed { node: u32, count: u32, of: u32 },
    /// Back in the pool; `recover_us` after it failed, if it had.
    MarkedUp { node: u32, recover_us: Option<u64> },
    /// The pool has no server left: every request fails at once (HTTP 503).
    NoneHealthy,
    /// The pool has a server again.
    SomeHealthy,
}

/// A check's result, when the balancer learns it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct CheckResult {
    at_us: u64,
    node: u32,
    passed: bool,
}

/// The balancer's health checker: its settings, the next round, the results on their way.
#[derive(Clone, Debug, PartialEq)]
pub struct HealthChecker {
    check: HealthCheck,
    next_round_us: u64,
    /// Results on their way, in the order the balancer learns them.
    pending: VecDeque<CheckResult>,
}

impl HealthChecker {
    /// Checks every `check.interval_ms` from `now_us` on (the first round one interval later).
    pub fn new(check: HealthCheck, now_us: u64) -> Self {
        HealthChecker { check, next_round_us: now_us + u64::from(check.interval_ms) * 1000, pending: VecDeque::new() }
    }

    pub fn check(&self) -> HealthCheck {
        self.check
    }

    /// Sends every round due before `end_us`; the servers' states hold for the whole step.
    pub fn send_rounds(&mut self, end_us: u64, servers: &[Server]) {
        let interval_us = u64::from(self.check.interval_ms) * 1000;
        while self.next_round_us < end_us {
            let sent_us = self.next_round_us;
            for server in servers {
                let (passed, at_us) = match server.state() {
                    // Unplugged, or its link cut: no answer, the check times out.
                    _ if server.silent() => (false, sent_us + u64::from(self.check.timeout_ms) * 1000),
                    NodeState::Up | NodeState::Draining => (true, sent_us),
                    NodeState::ProcessKilled | NodeState::Unplugged => (false, sent_us),
                };
                let result = CheckResult { at_us, node: server.id, passed };
                let place = self.pending.partition_point(|r| *r < result);
                self.pending.insert(place, result);
            }
            self.next_round_us += interval_us;
        }
    }

    /// Applies the results the balancer has by `until_us` (included), in time order.
    pub fn apply_until(&mut self, until_us: u64, servers: &mut [Server], verdicts: &mut Vec<(u64, Verdict)>) {
        while let Some(result) = self.pending.pop_front_if(|r| r.at_us <= until_us) {
            let was_empty = !servers.iter().any(Server::in_pool);
            let Some(server) = servers.iter_mut().find(|s| s.id == result.node) else { continue };
            judge(self.check, server, result, verdicts);
            server.watch.last_check = Some((result.at_us, result.passed));
            let is_empty = !servers.iter().any(Server::in_pool);
            match (was_empty, is_empty) {
                (false, true) => verdicts.push((result.at_us, Verdict::NoneHealthy)),
                (true, false) => verdicts.push((result.at_us, Verdict::SomeHealthy)),
                _ => {}
            }
        }
    }
}

/// One result's effect on one server's watch.
fn judge(check: HealthCheck, server: &mut Server, result: CheckResult, verdicts: &mut Vec<(u64, Verdict)>) {
    let node = server.id;
    let failed_at = server.failed_at_us();
    let watch = &mut server.watch;
    let at = result.at_us;
    if result.passed {
        watch.fails_in_a_row = 0;
        if watch.down_since_us.is_none() {
            return;
        }
        watch.passes_in_a_row += 1;
        verdicts.push((at, Verdict::Passed { node, count: watch.passes_in_a_row, of: check.healthy }));
        if watch.passes_in_a_row >= check.healthy {
            let recover_us = watch.failed_at_us.map(|f| at.saturating_sub(f));
            *watch = Watch::default();
            verdicts.push((at, Verdict::MarkedUp { node, recover_us }));
        }
    } else {
        watch.passes_in_a_row = 0;
        if watch.down_since_us.is_some() {
            return;
        }
        watch.fails_in_a_row += 1;
        verdicts.push((at, Verdict::Failed { node, count: watch.fails_in_a_row, of: check.unhealthy }));
        if watch.fails_in_a_row >= check.unhealthy {
            watch.down_since_us = Some(at);
            watch.failed_at_us = failed_at;
            watch.fails_in_a_row = 0;
            verdicts.push((at, Verdict::MarkedDown { node, detect_us: failed_at.map(|f| at.saturating_sub(f)) }));
        }
    }
}

/// Forgets every mark: with health checks off, the balancer sends to every server.
pub fn forget(servers: &mut [Server]) {
    for server in servers {
        server.watch = Watch::default();
    }
}
