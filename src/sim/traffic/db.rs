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
//! lost. The failed node comes back `repair` later as a replica.
//!
//! Quorum in one step: the link between the primary and the replicas can be cut while both
//! sides keep running. The replicas stop hearing the primary and, after `notice`, the most
//! up-to-date one asks to take over. Without a witness it simply does: two primaries take
//! writes (the application servers on each side of the cut write to their own), which is split
//! brain; when the link heals the newer primary wins and the old one's writes since the cut are
//! lost. With a witness (a third voter that holds no data, on a third site) a replica needs two
//! of the three votes; the witness still hears the primary and refuses, so nothing is promoted
//! and the primary keeps its quorum. Left out: reads, replicas that fail, a primary that steps
//! down when it loses quorum, and the copy a rejoining node makes.

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
    /// A third voter on another site, so a replica needs a majority to take over.
    #[serde(default)]
    pub witness: bool,
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
    Witness {
        on: bool,
    },
    /// The link between the primary and the replicas is cut.
    LinkCut,
    /// `node` asked to take over and the witness refused: no quorum, no promotion.
    NoQuorum {
        node: u32,
    },
    /// `new` promoted itself while `old` still runs: two primaries.
    SplitBrain {
        old: u32,
        new: u32,
    },
    /// The link is back; `lost` writes the losing primary took since the cut are thrown away.
    LinkHealed {
        lost: u64,
    },
}

/// The newest failover's milestones, as the lab's timeline shows them: each is the event the
/// log wrote then.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Timeline {
    /// When the primary failed and writes paused.
    pub failed: (u64, DbEvent),
    /// When the replicas noticed, and which one was chosen.
    pub noticed: Option<(u64, DbEvent)>,
    /// When it became the primary and writes went on.
    pub promoted: Option<(u64, DbEvent)>,
}

impl Timeline {
    /// The milestones reached, in order.
    pub fn steps(&self) -> impl Iterator<Item = (u64, DbEvent)> {
        [Some(self.failed), self.noticed, self.promoted].into_iter().flatten()
    }
}

/// A cut link between the primary and the replicas.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Cut {
    at_us: u64,
    /// Whether the replicas have decided (promoted one, or been refused).
    decided: bool,
    /// Split brain: the old primary, and the writes it took that the new one lacks.
    split: Option<(usize, u64)>,
    /// Which primary the next write goes to during split brain.
    to_old: bool,
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
    witness: bool,
    cut: Option<Cut>,
    paused: u64,
    lost: u64,
    /// How long the newest completed failover kept writes paused.
    last_pause_us: Option<u64>,
    timeline: Option<Timeline>,
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
            witness: setup.witness,
            cut: None,
            paused: 0,
            lost: 0,
            last_pause_us: None,
            timeline: None,
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

    /// The newest failover's milestones so far.
    pub fn timeline(&self) -> Option<Timeline> {
        self.timeline
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
        if let Some(cut) = &mut self.cut {
            if let Some((_, old_writes)) = &mut cut.split {
                cut.to_old = !cut.to_old;
                if cut.to_old {
                    *old_writes += 1;
                    return;
                }
            }
        }
        self.committed += 1;
        self.recent.push_back(at_us);
        let longest = self.nodes.iter().map(|n| n.lag_us).max().unwrap_or(0);
        while self.recent.front().is_some_and(|&t| t + longest < at_us) {
            self.recent.pop_front();
        }
    }

    pub fn witness(&self) -> bool {
        self.witness
    }

    pub fn set_witness(&mut self, on: bool, now_us: u64) {
        self.witness = on;
        self.events.push((now_us, DbEvent::Witness { on }));
    }

    pub fn set_synchronous(&mut self, on: bool, now_us: u64) {
        self.synchronous = on;
        self.events.push((now_us, DbEvent::Synchronous { on }));
    }

    /// The primary dies at `now_us`. `false` if there is none (a failover is under way).
    pub fn fail_primary(&mut self, now_us: u64) -> bool {
        if self.cut.is_some() {
            return false;
        }
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
        let failed = (now_us, DbEvent::PrimaryFailed { node: id });
        self.timeline = Some(Timeline { failed, noticed: None, promoted: None });
        self.events.push(failed);
        true
    }

    /// Whether the link between the primary and the replicas is cut.
    pub fn link_cut(&self) -> bool {
        self.cut.is_some()
    }

    /// Cuts the link at `now_us`: the replicas keep what they have. `false` during a failover.
    pub fn cut_link(&mut self, now_us: u64) -> bool {
        if self.failover.is_some() || self.cut.is_some() {
            return false;
        }
        for i in 0..self.nodes.len() {
            if self.nodes[i].role == DbRole::Replica {
                self.nodes[i].frozen_position = Some(self.position(&self.nodes[i], now_us));
            }
        }
        self.cut = Some(Cut { at_us: now_us, decided: false, split: None, to_old: false });
        self.events.push((now_us, DbEvent::LinkCut));
        true
    }

    /// The link is back at `now_us`; the newer primary wins. `false` if it was not cut.
    pub fn heal_link(&mut self, now_us: u64) -> bool {
        let Some(cut) = self.cut.take() else { return false };
        let lost = cut.split.map_or(0, |(old, old_writes)| {
            self.nodes[old].role = DbRole::Replica;
            old_writes
        });
        self.lost += lost;
        for node in &mut self.nodes {
            node.frozen_position = None;
        }
        self.events.push((now_us, DbEvent::LinkHealed { lost }));
        true
    }

    /// Once the replicas of a cut link notice, one takes over, or the witness refuses it.
    fn decide_over_cut(&mut self, now_us: u64) {
        let Some(cut) = self.cut.filter(|c| !c.decided && c.at_us + self.notice_us <= now_us) else { return };
        let at_us = cut.at_us + self.notice_us;
        self.cut = Some(Cut { decided: true, ..cut });
        let (Some(chosen), Some(old)) =
            (self.most_up_to_date(), self.nodes.iter().position(|n| n.role == DbRole::Primary))
        else {
            return;
        };
        let node = self.nodes[chosen].id;
        if self.witness {
            self.events.push((at_us, DbEvent::NoQuorum { node }));
            return;
        }
        let position = self.nodes[chosen].frozen_position.unwrap_or(0);
        let old_writes = self.committed - position.min(self.committed);
        self.committed = position;
        self.recent.clear();
        self.nodes[chosen].role = DbRole::Primary;
        self.nodes[chosen].frozen_position = None;
        self.cut = Some(Cut { decided: true, split: Some((old, old_writes)), ..cut });
        self.events.push((at_us, DbEvent::SplitBrain { old: self.nodes[old].id, new: node }));
    }

    /// Moves the failover and repairs on to `now_us`.
    pub fn advance(&mut self, now_us: u64) {
        self.decide_over_cut(now_us);
        if let Some(mut failover) = self.failover {
            let noticed_us = failover.failed_at_us + self.notice_us;
            if failover.chosen.is_none() && noticed_us <= now_us {
                failover.chosen = self.most_up_to_date();
                match failover.chosen {
                    Some(i) => {
                        let behind = self.committed - self.nodes[i].frozen_position.unwrap_or(self.committed);
                        self.lost += behind;
                        let noticed = (noticed_us, DbEvent::FailureNoticed { node: self.nodes[i].id, behind });
                        if let Some(timeline) = &mut self.timeline {
                            timeline.noticed = Some(noticed);
                        }
                        self.events.push(noticed);
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
        let promoted = (at_us, DbEvent::Promoted { node: self.nodes[i].id, paused });
        if let Some(timeline) = &mut self.timeline {
            timeline.promoted = Some(promoted);
        }
        self.events.push(promoted);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database(synchronous: bool) -> Database {
        let setup =
            DbSetup { replica_lag_ms: vec![100, 10], notice_ms: 1_000, promote_ms: 500, synchronous, witness: false };
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
        let timeline: Vec<_> = db.timeline().expect("a failover").steps().collect();
        assert_eq!(
            timeline,
            [
                (1_000_000, DbEvent::PrimaryFailed { node: 1 }),
                (2_000_000, DbEvent::FailureNoticed { node: 3, behind: 9 }),
                (2_500_000, DbEvent::Promoted { node: 3, paused: 1 }),
            ]
        );
    }

    /// Two database nodes and a cut link, with or without a witness: writes every millisecond
    /// for 1 s, the cut, 2 s more, the link back.
    fn cut_for_two_seconds(witness: bool) -> Database {
        let setup =
            DbSetup { replica_lag_ms: vec![10], notice_ms: 1_000, promote_ms: 500, synchronous: false, witness };
        let mut db = Database::new(&setup, 60_000_000);
        for ms in 0..1_000 {
            db.write(ms * 1000);
        }
        assert!(db.cut_link(1_000_000));
        assert!(!db.fail_primary(1_000_000), "no failover over a cut link");
        for ms in 1_000..3_000 {
            db.advance(ms * 1000);
            db.write(ms * 1000);
        }
        db
    }

    #[test]
    fn without_a_witness_a_cut_link_splits_the_brain_and_loses_writes() {
        let mut db = cut_for_two_seconds(false);
        assert_eq!(db.nodes().iter().filter(|n| n.role == DbRole::Primary).count(), 2);
        assert!(db.take_events().contains(&(2_000_000, DbEvent::SplitBrain { old: 1, new: 2 })));
        assert!(db.heal_link(3_000_000));
        // The old primary took the 9 writes the replica lacked at the cut, the 1,000 made until
        // the replica noticed, then every other one of the last 1,000.
        assert_eq!(db.lost(), 9 + 1_000 + 500);
        assert_eq!(db.primary(), Some(2));
    }

    #[test]
    fn a_witness_keeps_the_quorum_with_the_primary() {
        let mut db = cut_for_two_seconds(true);
        assert_eq!(db.nodes().iter().filter(|n| n.role == DbRole::Primary).count(), 1);
        assert!(db.take_events().contains(&(2_000_000, DbEvent::NoQuorum { node: 2 })));
        assert!(db.heal_link(3_000_000));
        assert_eq!((db.lost(), db.primary(), db.committed()), (0, Some(1), 3_000));
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
