//! Per-second measurements of a world, and the latency window they are computed from.
//!
//! Every figure a chapter shows or a goal checks is a [`Metric`] in a [`Sample`] the world takes
//! at the end of each simulated second. Latencies are integer microseconds; percentiles use the
//! nearest-rank method over the last [`LATENCY_WINDOW_MS`] of finished requests, where a request
//! that timed out counts with the timeout as its latency (the user waited that long).

use std::collections::VecDeque;

use serde::{Deserialize, Serialize};

use super::host::catalog::SERVER;
use super::net::lab::MAX_TTL_S;
use super::net::network::CONNECT_TIMEOUT_MS;
use super::shell::docker::build::MAX_BUILD_STEPS;
use super::traffic::cluster::MAX_FAILURES_PER_HOUR;
use super::traffic::{MAX_RPS, MAX_SPIKE_RPS, MIN_RPS};
use super::world::Scenario;

/// How far back percentiles look, in simulated milliseconds.
pub const LATENCY_WINDOW_MS: u64 = 5_000;
/// How many per-second samples a world keeps.
pub const HISTORY_SECONDS: usize = 600;

/// A named measurement. Goals refer to these by name, so the names are part of the file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Metric {
    /// Requests per second the users send (the slider).
    OfferedRps,
    /// Requests per second answered in the last second.
    ThroughputRps,
    P50LatencyMs,
    P95LatencyMs,
    /// Requests that timed out in the last second.
    TimedOutPerSec,
    /// Requests that failed (no server, server removed) in the last second.
    FailedPerSec,
    /// Busiest server's CPU use in the last second, 0-100.
    MaxCpuPercent,
    Servers,
    CostPerMonth,
    /// Chapter 0: how long one build of your own project takes on the laptop, in seconds.
    BuildSeconds,
    /// Chapter 0: laptop CPU use in the last second, 0-100.
    LaptopCpuPercent,
    /// Chapter 0: share of user requests answered in the last second, 0-100.
    SuccessPercent,
    /// Chapter 0: services reachable from the internet on your personal laptop (see
    /// [`super::laptop::Laptop::exposed`]).
    ExposedOnLaptop,
    /// Chapters 2-3: services up and answering.
    ServicesRunning,
    /// Chapters 2-3: interference going on in the last second (CPU contention, library clashes,
    /// disk contention) plus neighbours a crash took down.
    InterferenceEvents,
    /// Chapters 2-3: placed services that share an operating system with another.
    NotIsolated,
    /// Chapters 2-3: services wanting dedicated hardware that are not alone on bare metal.
    NotDedicated,
    /// Chapters 2-3: time for every placed service to start from scratch (a redeploy), seconds.
    StartupSeconds,
    /// Chapters 2-3: CPU used across every host, 0-100.
    RackCpuPercent,
    /// Chapters 2-3: memory reserved across every host, MiB.
    MemoryUsedMib,
    /// Chapters 2-3: of which the layers (OS, hypervisor, guest OSes, engine), MiB.
    OverheadMib,
    /// Chapters 2-3: memory paid for and not used, MiB.
    IdleMemoryMib,
    /// Chapter 4: 100 (%) when a new visitor outside reaches the web service at `http://example.com`.
    SiteReachable,
    /// Chapter 4: after example.com moved from a working site, how long users may still be sent
    /// to the old address, in seconds (not measured before a move).
    OldAddressWindowS,
    /// Chapter 5: the 99th percentile of response times over the latency window.
    P99LatencyMs,
    /// Chapter 5: requests that timed out or failed, as a share of those that ended in the
    /// last second, 0-100.
    ErrorPercent,
    /// Chapter 5: retries the balancer sent in the last second.
    RetriesPerSec,
    /// Chapter 5: the 95th percentile of `/api` response times.
    ApiP95LatencyMs,
    /// Chapter 5: extra `/static` requests per second during spikes (the spike slider).
    SpikeRps,
    /// Chapter 5: servers running slower than full speed.
    SlowServers,
    /// Chapter 5, compare mode: the second balancer's p95.
    SecondP95LatencyMs,
    /// Chapter 5, compare mode: the second balancer's error rate, 0-100.
    SecondErrorPercent,
    /// Chapter 6: requests served as a share of those that ended over the last
    /// [`super::traffic::cluster::SUCCESS_WINDOW_S`] seconds, 0-100.
    SuccessRatePercent,
    /// Chapter 6: requests served as a share of those that ended since the start, 0-100.
    AvailabilityPercent,
    /// Chapter 6: the same availability in "nines" (3 for 99.9 %).
    AvailabilityNines,
    /// Chapter 6: servers in the balancer's pool (not marked down by health checks, not
    /// draining).
    NodesInPool,
    /// Chapter 6: servers actually up.
    NodesUp,
    /// Chapter 6: how long after its failure the newest detected one was marked down, ms.
    TimeToDetectMs,
    /// Chapter 6: how long the newest recovered server was out, from its failure to its return
    /// to the pool, ms.
    TimeToRecoverMs,
    /// Chapter 6: how long the newest database failover kept writes paused, ms.
    FailoverMs,
    /// Chapter 6: writes committed on a failed primary that no replica had (lost).
    WritesLost,
    /// Chapter 6: the rate of random failures across the cluster, per hour (0: off).
    FailuresPerHour,
    /// Chapter 7: 100 (%) when the new version runs and `systemctl status` was read after its
    /// restart.
    DeployVerified,
    /// Chapter 7: 100 (%) when a new SSH connection from the laptop would reach sshd.
    SshLoginPossible,
    /// Chapter 7: how long the latest `ssh` waited for its TCP connection, ms.
    SshWaitMs,
    /// Chapter 8: 100 (%) when the shop answers on the host's port 8080 with its cache.
    ShopServed,
    /// Chapter 8: build steps that ran in the latest `docker build` rather than came from the
    /// cache.
    StepsRebuilt,
    /// Chapter 8: how long the latest `docker build` took, ms.
    BuildMs,
}

const _: () = assert!(Metric::BuildMs as usize + 1 == Metric::COUNT);

/// The values a metric can take in a world, in its unit, both ends included. The ends are whole
/// numbers, widened outwards where the model's bound is not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MetricRange {
    pub min: u32,
    /// `u32::MAX` when the model sets no upper end.
    pub max: u32,
}

impl MetricRange {
    const UNBOUNDED: MetricRange = MetricRange { min: 0, max: u32::MAX };

    fn up_to(max: u32) -> MetricRange {
        MetricRange { min: 0, max }
    }
}

impl Metric {
    pub const COUNT: usize = 48;

    pub const ALL: [Metric; Metric::COUNT] = [
        Metric::OfferedRps,
        Metric::ThroughputRps,
        Metric::P50LatencyMs,
        Metric::P95LatencyMs,
        Metric::TimedOutPerSec,
        Metric::FailedPerSec,
        Metric::MaxCpuPercent,
        Metric::Servers,
        Metric::CostPerMonth,
        Metric::BuildSeconds,
        Metric::LaptopCpuPercent,
        Metric::SuccessPercent,
        Metric::ExposedOnLaptop,
        Metric::ServicesRunning,
        Metric::InterferenceEvents,
        Metric::NotIsolated,
        Metric::NotDedicated,
        Metric::StartupSeconds,
        Metric::RackCpuPercent,
        Metric::MemoryUsedMib,
        Metric::OverheadMib,
        Metric::IdleMemoryMib,
        Metric::SiteReachable,
        Metric::OldAddressWindowS,
        Metric::P99LatencyMs,
        Metric::ErrorPercent,
        Metric::RetriesPerSec,
        Metric::ApiP95LatencyMs,
        Metric::SpikeRps,
        Metric::SlowServers,
        Metric::SecondP95LatencyMs,
        Metric::SecondErrorPercent,
        Metric::SuccessRatePercent,
        Metric::AvailabilityPercent,
        Metric::AvailabilityNines,
        Metric::NodesInPool,
        Metric::NodesUp,
        Metric::TimeToDetectMs,
        Metric::TimeToRecoverMs,
        Metric::FailoverMs,
        Metric::WritesLost,
        Metric::FailuresPerHour,
        Metric::DeployVerified,
        Metric::SshLoginPossible,
        Metric::SshWaitMs,
        Metric::ShopServed,
        Metric::StepsRebuilt,
        Metric::BuildMs,
    ];

    /// The values this metric can take in a world of `scenario`: what a goal may ask of it. A
    /// metric of another chapter's model is left unbounded (such a world never measures it).
    pub fn range(self, scenario: &Scenario) -> MetricRange {
        let (farm, laptop, rack) = match scenario {
            Scenario::Farm(f) | Scenario::Balance(f) => (Some(f), None, None),
            Scenario::Cluster(c) => (Some(&c.farm), None, None),
            Scenario::Laptop(l) => (None, Some(l), None),
            Scenario::Rack(r) => (None, None, Some(r)),
            Scenario::Net(_) | Scenario::Ssh(_) => (None, None, None),
        };
        // The most servers a world may have, and what each costs a month.
        let servers = farm
            .map(|f| (f.max_servers, f.server_cost_per_month))
            .or(rack.map(|r| (r.max_hosts, SERVER.cost_per_month)));
        let services = laptop.map(|l| l.services.len()).or(rack.map(|r| r.services.len()));
        let bounded = |max: Option<u32>| max.map_or(MetricRange::UNBOUNDED, MetricRange::up_to);
        match self {
            // The users slider's limits.
            Metric::OfferedRps => farm.map_or(MetricRange::UNBOUNDED, |_| MetricRange { min: MIN_RPS, max: MAX_RPS }),
            // A backlog can be served, time out or fail faster than requests arrive.
            Metric::ThroughputRps | Metric::TimedOutPerSec | Metric::FailedPerSec => MetricRange::UNBOUNDED,
            // A timed-out request counts with the timeout as its latency.
            // Chapter 5 adds the network and retries, each with its own timeout.
            Metric::P50LatencyMs | Metric::P95LatencyMs => bounded(
                farm.filter(|f| f.balance.is_none())
                    .and_then(|f| f.timeout_ms)
                    .map(|ms| u32::try_from(ms).unwrap_or(u32::MAX)),
            ),
            Metric::P99LatencyMs | Metric::ApiP95LatencyMs | Metric::SecondP95LatencyMs | Metric::RetriesPerSec => {
                MetricRange::UNBOUNDED
            }
            Metric::ErrorPercent | Metric::SecondErrorPercent => MetricRange::up_to(100),
            Metric::SpikeRps => MetricRange::up_to(MAX_SPIKE_RPS),
            Metric::SlowServers => bounded(servers.map(|(most, _)| most)),
            Metric::MaxCpuPercent | Metric::LaptopCpuPercent | Metric::SuccessPercent | Metric::RackCpuPercent => {
                MetricRange::up_to(100)
            }
            Metric::Servers => bounded(servers.map(|(most, _)| most)),
            Metric::CostPerMonth => bounded(servers.map(|(most, cost)| most.saturating_mul(cost))),
            // From every core free for the build to a quarter of one core left for it.
            Metric::BuildSeconds => laptop.map_or(MetricRange::UNBOUNDED, |l| MetricRange {
                min: l.build_seconds(0).floor() as u32,
                max: l.build_seconds(u64::MAX).ceil() as u32,
            }),
            // The database faces the internet only in place of the shop, which has moved away.
            Metric::ExposedOnLaptop => {
                bounded(laptop.map(|l| {
                    l.services.iter().filter(|s| s.service != super::laptop::Service::Database).count() as u32
                }))
            }
            Metric::ServicesRunning | Metric::NotIsolated | Metric::NotDedicated => bounded(services.map(|n| n as u32)),
            Metric::InterferenceEvents | Metric::StartupSeconds => MetricRange::UNBOUNDED,
            Metric::MemoryUsedMib | Metric::OverheadMib | Metric::IdleMemoryMib => {
                bounded(rack.map(|r| r.max_hosts.saturating_mul(SERVER.memory_mib)))
            }
            Metric::SiteReachable
            | Metric::SuccessRatePercent
            | Metric::AvailabilityPercent
            | Metric::DeployVerified
            | Metric::SshLoginPossible
            | Metric::ShopServed => MetricRange::up_to(100),
            Metric::StepsRebuilt => MetricRange::up_to(MAX_BUILD_STEPS as u32),
            Metric::BuildMs => MetricRange::UNBOUNDED,
            Metric::SshWaitMs => MetricRange::up_to(CONNECT_TIMEOUT_MS as u32),
            Metric::NodesInPool | Metric::NodesUp => bounded(servers.map(|(most, _)| most)),
            Metric::AvailabilityNines
            | Metric::TimeToDetectMs
            | Metric::TimeToRecoverMs
            | Metric::FailoverMs
            | Metric::WritesLost => MetricRange::UNBOUNDED,
            Metric::FailuresPerHour => MetricRange::up_to(MAX_FAILURES_PER_HOUR),
            // The longest TTL the record can have been served with.
            Metric::OldAddressWindowS => MetricRange::up_to(MAX_TTL_S),
        }
    }
}

/// The measurements taken at the end of one simulated second. Indexed by metric (a plain
/// array: a map would cost more wasm and time for a few dozen slots).
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    /// The second this sample closes (1 for the first).
    pub second: u64,
    values: [Option<f64>; Metric::COUNT],
}

impl Default for Sample {
    fn default() -> Self {
        Sample::new(0)
    }
}

impl Sample {
    pub fn new(second: u64) -> Self {
        Sample { second, values: [None; Metric::COUNT] }
    }

    pub fn get(&self, metric: Metric) -> Option<f64> {
        self.values[metric as usize]
    }

    pub fn set(&mut self, metric: Metric, value: f64) {
        self.values[metric as usize] = Some(value);
    }

    /// Every measured metric's value, as (metric index, value).
    pub fn measured(&self) -> impl Iterator<Item = (u8, f64)> + '_ {
        self.values.iter().enumerate().filter_map(|(i, v)| v.map(|v| (i as u8, v)))
    }
}

/// The last [`HISTORY_SECONDS`] samples, oldest first.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    samples: VecDeque<Sample>,
}

impl History {
    pub fn push(&mut self, sample: Sample) {
        if self.samples.len() == HISTORY_SECONDS {
            self.samples.pop_front();
        }
        self.samples.push_back(sample);
    }

    pub fn latest(&self) -> Option<&Sample> {
        self.samples.back()
    }

    /// Samples from newest to oldest.
    pub fn newest_first(&self) -> impl Iterator<Item = &Sample> {
        self.samples.iter().rev()
    }

    pub fn len(&self) -> usize {
        self.samples.len()
    }

    pub fn is_empty(&self) -> bool {
        self.samples.is_empty()
    }
}

/// Latencies of recently finished requests, for percentiles.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LatencyWindow {
    /// (finish time in ms, latency in µs), in the order they were recorded: step by step, but
    /// within a step as each server is advanced in turn, so finish times may be out of order by
    /// less than one step and the window's far edge is exact to a step.
    entries: VecDeque<(u64, u64)>,
}

impl LatencyWindow {
    pub fn record(&mut self, finished_ms: u64, latency_us: u64) {
        self.entries.push_back((finished_ms, latency_us));
    }

    /// Drops entries older than the window before `now_ms`.
    pub fn expire(&mut self, now_ms: u64) {
        let oldest = now_ms.saturating_sub(LATENCY_WINDOW_MS);
        while self.entries.front().is_some_and(|(at, _)| *at < oldest) {
            self.entries.pop_front();
        }
    }

    /// The given percentiles (0-100, ascending), in milliseconds, or `None` when nothing
    /// finished lately.
    pub fn percentiles_ms<const N: usize>(&self, ranks: [u32; N]) -> Option<[f64; N]> {
        if self.entries.is_empty() {
            return None;
        }
        let mut latencies: Vec<u64> = self.entries.iter().map(|(_, l)| *l).collect();
        let mut done = 0;
        Some(ranks.map(|p| {
            // Ranks ascend, so each selection only needs the part above the previous one.
            let k = nearest_rank_index(latencies.len(), p).max(done);
            let value = *latencies[done..].select_nth_unstable(k - done).1;
            done = k;
            value as f64 / 1000.0
        }))
    }
}

/// The 0-based index of the nearest-rank percentile in sorted data of length `len` (> 0).
pub fn nearest_rank_index(len: usize, percentile: u32) -> usize {
    let n = len as u64;
    ((u64::from(percentile) * n).div_ceil(100).clamp(1, n) - 1) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nearest_rank(data: &[u64], percentile: u32) -> u64 {
        let mut sorted = data.to_vec();
        sorted.sort_unstable();
        sorted[nearest_rank_index(data.len(), percentile)]
    }

    #[test]
    fn nearest_rank_matches_the_textbook_example() {
        let data = [35, 20, 50, 15, 40];
        assert_eq!(nearest_rank(&data, 5), 15);
        assert_eq!(nearest_rank(&data, 30), 20);
        assert_eq!(nearest_rank(&data, 40), 20);
        assert_eq!(nearest_rank(&data, 50), 35);
        assert_eq!(nearest_rank(&data, 100), 50);
    }

    #[test]
    fn several_percentiles_at_once_match_one_at_a_time() {
        let mut w = LatencyWindow::default();
        let mut rng = crate::sim::rng::Pcg32::new(8);
        let all: Vec<u64> = (0..501).map(|_| u64::from(rng.below(10_000))).collect();
        for l in &all {
            w.record(0, *l);
        }
        let got = w.percentiles_ms([50, 95, 99]).expect("data");
        let want = [50, 95, 99].map(|p| nearest_rank(&all, p) as f64 / 1000.0);
        assert_eq!(got, want);
    }

    #[test]
    fn window_forgets_old_latencies() {
        let mut w = LatencyWindow::default();
        w.record(0, 900_000);
        w.record(6_000, 1_000);
        w.expire(6_000);
        assert_eq!(w.percentiles_ms([95]), Some([1.0]));
        w.expire(20_000);
        assert_eq!(w.percentiles_ms([95]), None);
    }

    #[test]
    fn every_metric_is_listed_once_in_order() {
        assert!(Metric::ALL.iter().enumerate().all(|(i, m)| *m as usize == i));
    }

    #[test]
    fn ranges_come_from_the_scenario() {
        use crate::sim::host::RackScenario;
        use crate::sim::laptop::LaptopScenario;
        use crate::sim::traffic::FarmScenario;
        let farm = Scenario::Farm(FarmScenario::chapter_one());
        assert_eq!(Metric::OfferedRps.range(&farm), MetricRange { min: MIN_RPS, max: MAX_RPS });
        assert_eq!(Metric::P95LatencyMs.range(&farm), MetricRange { min: 0, max: 1_000 });
        assert_eq!(Metric::CostPerMonth.range(&farm), MetricRange { min: 0, max: 40 * 60 });
        let laptop = Scenario::Laptop(LaptopScenario::chapter_zero());
        // 80 core-seconds of build on 8 free cores, or on a quarter of one.
        assert_eq!(Metric::BuildSeconds.range(&laptop), MetricRange { min: 10, max: 320 });
        assert_eq!(Metric::SuccessPercent.range(&laptop), MetricRange { min: 0, max: 100 });
        assert_eq!(Metric::ExposedOnLaptop.range(&laptop), MetricRange { min: 0, max: 2 });
        let rack = Scenario::Rack(RackScenario::chapter_three());
        assert_eq!(Metric::ServicesRunning.range(&rack), MetricRange { min: 0, max: 7 });
        assert_eq!(Metric::Servers.range(&rack), MetricRange { min: 0, max: 8 });
        assert_eq!(Metric::P95LatencyMs.range(&rack), MetricRange::UNBOUNDED);
    }

    #[test]
    fn history_keeps_a_bounded_tail() {
        let mut h = History::default();
        for s in 0..(HISTORY_SECONDS as u64 + 10) {
            h.push(Sample::new(s));
        }
        assert_eq!(h.len(), HISTORY_SECONDS);
        assert_eq!(h.latest().map(|s| s.second), Some(HISTORY_SECONDS as u64 + 9));
    }
}
