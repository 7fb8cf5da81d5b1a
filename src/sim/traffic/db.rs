//! Chapter 6's database: one primary that takes the writes, replicas that copy them, and the
//! failover that promotes a replica when the primary dies.
//!
//! Every `/api` request the cluster serves writes one row. The primary commits it; each replica
//! applies it `lag` later (asynchronous streaming replication, as PostgreSQL does by default).
//! With synchronous replication on, a write commits only once the first replica (the
//! synchronous standby) has it too: that replica is never behind, and each `/api` request
//! holds its worker [`SYNC_COMMIT_US`] longer, the round trip to the standby.
//!
//! When the primary fails, writes pause. The replicas notice after `notice` (they stop hearing
//! from it: Patroni's TTL, a Multi-AZ failover's detection), the most up-to-date replica is
//! chosen and promoted, which takes `promote`; writes then go on on the new primary, the paused
//! ones first. What the old primary had committed and the new one had not yet received is
//! lost. The failed node comes back `repair` later as a replica. Left out: reads, replicas that
//! fail, split brain (a network cut between the nodes), and the copy a rejoining node makes.

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

/// The most replicas a database keeps (a scenario from outside may ask for more).
pub const MAX_REPLICAS: usize = 4;

/// A synchronous commit waits this long for the standby's acknowledgement: a round trip to
/// another availability zone and the standby's disk flush.
pub const SYNC_COMMIT_US: u64 = 5_000;

/// A chapter-6 database as a scenario sets it up.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DbSetup {
    /// Each replica's replication lag, in milliseconds; the first is the synchronous standby
    /// when synchronous replication is on.
    pub replica_lag_ms: Vec<u32>,
    /// How long replicas take to notice the primary is gone, in milliseconds.
    pub notice_ms: u32,
    /// How long promoting a replica takes, in milliseconds.
    pub promote_ms: u32,
    pub synchronous: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DbRole {
    Primary,
    Replica,
    Failed,
}

/// One database node. Ids start at 1; node 1 starts as the primary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbNode {
    pub id: u32,
    pub role: DbRole,
    lag_us: u64,
    /// Writes it holds, fixed when the primary it followed failed.
    frozen_position: Option<u64>,
    /// When a failed node comes back as a replica.
    back_at_us: Option<u64>,
}

/// What happened to the database, for the event log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "db", rename_all = "snake_case")]
pub enum DbEvent {
    PrimaryFailed {
        node: u32,
    },
    /// The replicas noticed; `node` is the most up-to-date one, `behind` writes behind the old
    /// primary (those are lost).
    FailureNoticed {
        node: u32,
        behind: u64,
    },
    /// No replica is left to promote: writes stay paused.
    NoReplica,
    /// `node` is the new primary; `paused` writes waited for it.
    Promoted {
        node: u32,
        paused: u64,
    },
    Rejoined {
        node: u32,
    },
    Synchronous {
        on: bool,
    },
}

/// A failover under way.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Failover {
    /// When the replicas start counting towards noticing.
    failed_at_us: u64,
    /// When writes stopped.
    paused_since_us: u64,
    /// The chosen replica, once the others noticed.
    chosen: Option<usize>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Database {
    nodes: Vec<DbNode>,
    notice_us: u64,
    promote_us: u64,
    repair_us: u64,
    synchronous: bool,
    /// Writes the current primary has committed.
    committed: u64,
    /// Commit times of the newest writes (as far back as the longest lag), oldest first.
    recent: VecDeque<u64>,
    failover: Option<Failover>,
    paused: u64,
    lost: u64,
    /// How long the newest completed failover kept writes paused.
    last_pause_us: Option<u64>,
    events: Vec<(u64, DbEvent)>,
}

impl Database {
    pub fn new(setup: &DbSetup, repair_us: u64) -> Self {
        let replica = |(i, lag): (usize, &u32)| DbNode {
            id: i as u32 + 2,
            role: DbRole::Replica,
            lag_us: u64::from(*lag) * 1000,
            frozen_position: None,
            back_at_us: None,
        };
        // The first primary lags like the first replica once it follows another.
        let lag_us = setup.replica_lag_ms.first().map_or(0, |&ms| u64::from(ms) * 1000);
        let mut nodes = vec![DbNode { id: 1, role: DbRole::Primary, lag_us, frozen_position: None, back_at_us: None }];
        nodes.extend(setup.replica_lag_ms.iter().take(MAX_REPLICAS).enumerate().map(replica));
        Database {
            nodes,
            notice_us: u64::from(setup.notice_ms) * 1000,
            promote_us: u64::from(setup.promote_ms) * 1000,
            repair_us,
            synchronous: setup.synchronous,
            committed: 0,
            recent: VecDeque::new(),
            failover: None,
            paused: 0,
            lost: 0,
            last_pause_us: None,
            events: Vec::new(),
        }
    }

    pub fn nodes(&self) -> &[DbNode] {
        &self.nodes
    }

    pub fn primary(&self) -> Option<u32> {
        self.nodes.iter().find(|n| n.role == DbRole::Primary).map(|n| n.id)
    }

    pub fn synchronous(&self) -> bool {
        self.synchronous
    }

    /// Writes committed on the current primary.
    pub fn committed(&self) -> u64 {
        self.committed
    }

    /// Writes waiting for a primary.
    pub fn paused(&self) -> u64 {
        self.paused
    }

    /// Writes committed on a primary that died before any replica had them.
    pub fn lost(&self) -> u64 {
        self.lost
    }

    /// How long the newest completed failover kept writes paused.
    pub fn last_pause_us(&self) -> Option<u64> {
        self.last_pause_us
    }

    pub fn take_events(&mut self) -> Vec<(u64, DbEvent)> {
        std::mem::take(&mut self.events)
    }

    /// The writes replica `node` holds at `at_us` while its primary runs.
    fn position(&self, node: &DbNode, at_us: u64) -> u64 {
        let lag_us = if self.synchronous && self.is_standby(node) { 0 } else { node.lag_us };
        let since = at_us.saturating_sub(lag_us);
        self.committed - self.recent.iter().rev().take_while(|&&t| t > since).count() as u64
    }

    /// The synchronous standby: the first replica.
    fn is_standby(&self, node: &DbNode) -> bool {
        self.nodes.iter().find(|n| n.role == DbRole::Replica).is_some_and(|n| n.id == node.id)
    }

    /// How many writes replica `id` holds now (`None` for no such replica).
    pub fn replica_position(&self, id: u32, now_us: u64) -> Option<u64> {
        let node = self.nodes.iter().find(|n| n.id == id && n.role == DbRole::Replica)?;
        Some(node.frozen_position.unwrap_or_else(|| self.position(node, now_us)))
    }

    /// One write at `at_us`: committed, or paused while there is no primary.
    pub fn write(&mut self, at_us: u64) {
        if self.failover.is_some() {
            self.paused += 1;
            return;
        }
        self.committed += 1;
        self.recent.push_back(at_us);
        let longest = self.nodes.iter().map(|n| n.lag_us).max().unwrap_or(0);
        while self.recent.front().is_some_and(|&t| t + longest < at_us) {
            self.recent.pop_front();
        }
    }

    pub fn set_synchronous(&mut self, on: bool, now_us: u64) {
        self.synchronous = on;
        self.events.push((now_us, DbEvent::Synchronous { on }));
    }

    /// The primary dies at `now_us`. `false` if there is none (a failover is under way).
    pub fn fail_primary(&mut self, now_us: u64) -> bool {
        let Some(p) = self.nodes.iter().position(|n| n.role == DbRole::Primary) else { return false };
        for i in 0..self.nodes.len() {
            if self.nodes[i].role == DbRole::Replica {
                self.nodes[i].frozen_position = Some(self.position(&self.nodes[i], now_us));
            }
        }
        let id = self.nodes[p].id;
        self.nodes[p].frozen_position = Some(self.committed);
        self.nodes[p].role = DbRole::Failed;
        self.nodes[p].back_at_us = Some(now_us + self.repair_us);
        self.failover = Some(Failover { failed_at_us: now_us, paused_since_us: now_us, chosen: None });
        self.events.push((now_us, DbEvent::PrimaryFailed { node: id }));
        true
    }

    /// Moves the failover and repairs on to `now_us`.
    pub fn advance(&mut self, now_us: u64) {
        if let Some(mut failover) = self.failover {
            let noticed_us = failover.failed_at_us + self.notice_us;
            if failover.chosen.is_none() && noticed_us <= now_us {
                failover.chosen = self.most_up_to_date();
                match failover.chosen {
                    Some(i) => {
                        let behind = self.committed - self.nodes[i].frozen_position.unwrap_or(self.committed);
                        self.lost += behind;
                        self.events.push((noticed_us, DbEvent::FailureNoticed { node: self.nodes[i].id, behind }));
                    }
                    None => self.events.push((noticed_us, DbEvent::NoReplica)),
                }
                self.failover = Some(failover);
            }
            if let Some(i) = failover.chosen.filter(|_| noticed_us + self.promote_us <= now_us) {
                self.promote(i, noticed_us + self.promote_us, failover.paused_since_us);
            }
        }
        for i in 0..self.nodes.len() {
            if self.nodes[i].back_at_us.is_some_and(|t| t <= now_us) {
                self.nodes[i].back_at_us = None;
                self.nodes[i].role = DbRole::Replica;
                self.events.push((now_us, DbEvent::Rejoined { node: self.nodes[i].id }));
                match self.failover {
                    // A failover with none to promote looks again at once: the node that is
                    // back still holds every write it had.
                    Some(f) if f.chosen.is_none() => {
                        let failed_at_us = now_us.saturating_sub(self.notice_us);
                        self.failover = Some(Failover { failed_at_us, chosen: None, ..f });
                    }
                    // Otherwise it copies what it lacks from the primary (left out) and follows it.
                    _ => self.nodes[i].frozen_position = None,
                }
            }
        }
    }

    /// The replica holding the most writes (the lowest id among equals).
    fn most_up_to_date(&self) -> Option<usize> {
        let mut best: Option<usize> = None;
        for (i, node) in self.nodes.iter().enumerate().filter(|(_, n)| n.role == DbRole::Replica) {
            let position = node.frozen_position.unwrap_or(0);
            if best.is_none_or(|b| position > self.nodes[b].frozen_position.unwrap_or(0)) {
                best = Some(i);
            }
        }
        best
    }

    fn promote(&mut self, i: usize, at_us: u64, paused_since_us: u64) {
        self.committed = self.nodes[i].frozen_position.unwrap_or(0);
        self.recent.clear();
        for node in &mut self.nodes {
            node.frozen_position = None;
        }
        self.nodes[i].role = DbRole::Primary;
        self.failover = None;
        let paused = std::mem::take(&mut self.paused);
        for _ in 0..paused {
            self.write(at_us);
        }
        self.last_pause_us = Some(at_us - paused_since_us);
        self.events.push((at_us, DbEvent::Promoted { node: self.nodes[i].id, paused }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database(synchronous: bool) -> Database {
        let setup = DbSetup { replica_lag_ms: vec![100, 10], notice_ms: 1_000, promote_ms: 500, synchronous };
        Database::new(&setup, 60_000_000)
    }

    /// A write every millisecond for a second, then the primary fails at 1 s.
    fn fail_after_a_second(db: &mut Database) {
        for ms in 0..1_000 {
            db.write(ms * 1000);
        }
        assert!(db.fail_primary(1_000_000));
    }

    #[test]
    fn a_replica_lacks_the_writes_of_its_lag_and_the_closest_one_is_promoted() {
        let mut db = database(false);
        fail_after_a_second(&mut db);
        // Writes at 0..=900 ms reached the replica 100 ms behind; 0..=990 the one 10 ms behind.
        assert_eq!(db.replica_position(2, 1_000_000), Some(901));
        assert_eq!(db.replica_position(3, 1_000_000), Some(991));
        db.write(1_200_000);
        db.advance(2_000_000);
        assert_eq!(db.primary(), None, "noticed at 2 s, promoting until 2.5 s");
        assert_eq!(db.lost(), 9);
        db.advance(2_500_000);
        assert_eq!(db.primary(), Some(3));
        assert_eq!(db.committed(), 992, "the paused write went through");
        assert_eq!(db.last_pause_us(), Some(1_500_000));
    }

    #[test]
    fn the_synchronous_standby_has_every_write() {
        let mut db = database(true);
        fail_after_a_second(&mut db);
        assert_eq!(db.replica_position(2, 1_000_000), Some(1_000));
        db.advance(2_500_000);
        assert_eq!(db.primary(), Some(2));
        assert_eq!(db.lost(), 0);
    }
}
