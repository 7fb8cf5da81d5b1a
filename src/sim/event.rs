//! What happened in a world, in order: the source of the event log and the live region.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::host::RackEvent;
use super::laptop::{Place, Probe, Service};
use super::net::lab::NetEvent;
use super::shell::ssh::SshEvent;
use super::traffic::cluster::ClusterEvent;
use super::traffic::BalanceChange;

/// How many events a world keeps.
pub const EVENT_LOG_LEN: usize = 200;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum EventKind {
    RateChanged {
        rps: u32,
    },
    ServerAdded {
        id: u32,
    },
    /// A server was removed; `failed` requests it held were lost.
    ServerRemoved {
        id: u32,
        failed: u64,
    },
    /// Requests began timing out (a second with timeouts after one without).
    TimeoutsBegan {
        per_second: u64,
    },
    /// A second passed with no timeouts after one with some.
    TimeoutsStopped,
    ServiceMoved {
        service: Service,
        to: Place,
    },
    LaptopSlept,
    LaptopWoke,
    ProbeReachedLaptop(Probe),
    Rack(RackEvent),
    Net(NetEvent),
    Balance(BalanceChange),
    /// Chapter 6: failures, health checks, draining, the database.
    Cluster(ClusterEvent),
    /// Chapter 7: connections, the host-key question, the deploy, the firewall.
    Ssh(SshEvent),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Event {
    /// Simulated time, in milliseconds.
    pub at_ms: u64,
    pub kind: EventKind,
}

/// The newest [`EVENT_LOG_LEN`] events, with a running count of all of them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventLog {
    recent: VecDeque<Event>,
    total: u64,
}

impl EventLog {
    pub fn push(&mut self, at_ms: u64, kind: EventKind) {
        if self.recent.len() == EVENT_LOG_LEN {
            self.recent.pop_front();
        }
        self.recent.push_back(Event { at_ms, kind });
        self.total += 1;
    }

    /// Events ever logged, including those no longer kept.
    pub fn total(&self) -> u64 {
        self.total
    }

    pub fn newest_first(&self) -> impl Iterator<Item = &Event> {
        self.recent.iter().rev()
    }
}
