//! The rules of sharing one host, written once: what a second on a host of some kind does to the
//! services placed on it. The live [`Rack`](super::Rack) applies them every simulated second to
//! the demands it drew; the placement search ([`super::optimum`]) applies them to every service
//! at its peak, the worst second there can be. Because both read these rules, a layout the search
//! accepts can never show interference in the rack.
//!
//! - CPU: a service asks for its typical use, varying by ±[`JITTER_PERMILLE`] from second to
//!   second, or for its burst while one is on (the batch job). A VM is held to its vCPUs, and a
//!   container to its CPU limit when the engine sets one ([`HostSetup::holds_to_limits`]); on one
//!   shared OS, or in containers without limits, nothing holds a greedy service back. Demand
//!   beyond the cores slows every running service; with two or more running, that is
//!   interference (one alone is just slow).
//! - Packages: on one shared operating system, a service that needs another version of a package
//!   an earlier-placed service holds cannot start. VMs and containers bring their own.
//! - Disk: a service that wants dedicated hardware suffers whenever it shares its host.
//!
//! Memory and disk space are not interference: placing never overcommits them (see
//! [`super::HostLoad::within_hardware`]). What a memory leak does to the neighbours is in
//! [`super::Rack::leak_memory`].

use super::catalog::{HostKind, ServiceKind};
use super::{load_of, HostLoad};

/// How far a service's typical CPU use varies from one second to the next, per mille either way
/// (±10 %: the everyday noise of requests and garbage collection).
pub const JITTER_PERMILLE: u32 = 100;

/// The CPU `service` asks for in one second, in millicores: its burst while one is on, else its
/// typical use, scaled by `jitter_permille` (from 1,000 − [`JITTER_PERMILLE`] to 1,000 +
/// [`JITTER_PERMILLE`]).
pub fn demand_milli(service: ServiceKind, bursting: bool, jitter_permille: u32) -> u32 {
    let spec = service.spec();
    let base = match spec.burst {
        Some(burst) if bursting => burst.cpu_milli,
        _ => spec.cpu_milli,
    };
    base * jitter_permille / 1_000
}

/// The most CPU `service` can ask for in one second: at the top of the jitter, bursting if it
/// ever bursts.
pub fn peak_demand_milli(service: ServiceKind) -> u32 {
    let top = 1_000 + JITTER_PERMILLE;
    demand_milli(service, false, top).max(demand_milli(service, true, top))
}

/// A host as the sharing rules see it: its kind and, for a container engine, whether it starts
/// each container with a CPU and memory limit (`docker run --cpus … --memory …`; Docker's own
/// default is no limit).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HostSetup {
    pub kind: HostKind,
    pub limits: bool,
}

impl HostSetup {
    /// A host of `kind` as the lab builds it: a container engine sets every container's limits.
    pub fn with_limits(kind: HostKind) -> HostSetup {
        HostSetup { kind, limits: true }
    }

    /// Whether each service is held to its CPU and memory limit: a VM always (its vCPUs and its
    /// memory are all it has), a container only when the engine sets limits, bare metal never.
    pub fn holds_to_limits(self) -> bool {
        match self.kind {
            HostKind::BareMetal => false,
            HostKind::Hypervisor | HostKind::HostedHypervisor => true,
            HostKind::ContainerEngine => self.limits,
        }
    }
}

/// Whether the services on a host of `kind` share one operating system: bare metal with two or
/// more placed.
pub fn shares_an_os(kind: HostKind, placed: usize) -> bool {
    !kind.layer().isolates && placed > 1
}

/// Whether a service has a server to itself: alone on bare metal.
pub fn has_dedicated_hardware(kind: HostKind, placed: usize) -> bool {
    kind == HostKind::BareMetal && placed == 1
}

/// For each of `placed` (in the order they were placed on a host of `kind`): the index of the
/// earlier service holding a package it clashes with, which keeps it from starting; `None` for
/// a service that may start. The earlier service keeps its version.
pub fn package_holders(kind: HostKind, placed: &[ServiceKind]) -> Vec<Option<usize>> {
    let mut holders: Vec<usize> = Vec::new();
    let mut refused_by = Vec::with_capacity(placed.len());
    for (index, service) in placed.iter().enumerate() {
        let holder = if kind.layer().isolates {
            None
        } else {
            holders.iter().copied().find(|h| service.spec().clashes_with(&placed[*h].spec()))
        };
        if holder.is_none() {
            holders.push(index);
        }
        refused_by.push(holder);
    }
    refused_by
}

/// What sharing one host did in one second.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sharing {
    /// The host's figures: memory and disk of every placed service, CPU of those running.
    pub load: HostLoad,
    /// For each placed service, in placement order: the earlier one whose package it clashes
    /// with, so it cannot start (see [`package_holders`]).
    pub refused_by: Vec<Option<usize>>,
    /// For each placed service: it wants dedicated hardware and shares the host.
    pub disk_contended: Vec<bool>,
    /// CPU demand beyond the cores slowed two or more running services.
    pub cpu_contended: bool,
}

impl Sharing {
    /// A second on `host` holding `placed` (in placement order), of which `running` asked for
    /// the given millicores.
    pub fn of(host: HostSetup, placed: &[ServiceKind], running: &[(ServiceKind, u32)]) -> Sharing {
        let load = load_of(host, placed, running);
        Sharing {
            load,
            refused_by: package_holders(host.kind, placed),
            disk_contended: placed.iter().map(|s| s.spec().dedicated && placed.len() > 1).collect(),
            cpu_contended: load.contended() && running.len() > 1,
        }
    }

    /// The worst second `placed` can have on `host`: every service that can start is running at
    /// its peak, bursts together. CPU demand only grows with each service's demand, so no drawn
    /// second can contend where this one does not.
    pub fn at_peak(host: HostSetup, placed: &[ServiceKind]) -> Sharing {
        let running: Vec<(ServiceKind, u32)> = placed
            .iter()
            .zip(package_holders(host.kind, placed))
            .filter(|(_, holder)| holder.is_none())
            .map(|(s, _)| (*s, peak_demand_milli(*s)))
            .collect();
        Sharing::of(host, placed, &running)
    }

    /// Whether anything interfered: CPU contention, a package clash, or shared disk.
    pub fn interferes(&self) -> bool {
        self.cpu_contended || self.refused_by.iter().any(Option::is_some) || self.disk_contended.contains(&true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demand_stays_within_the_jitter_and_bursts_replace_typical_use() {
        let batch = ServiceKind::BatchJob.spec();
        let burst = batch.burst.map_or(0, |b| b.cpu_milli);
        assert_eq!(demand_milli(ServiceKind::BatchJob, false, 1_000), batch.cpu_milli);
        assert_eq!(demand_milli(ServiceKind::BatchJob, true, 1_000), burst);
        assert_eq!(peak_demand_milli(ServiceKind::BatchJob), burst * 11 / 10);
        // A service that never bursts asks for its typical use while "bursting".
        let web = ServiceKind::WebApp.spec().cpu_milli;
        assert_eq!(demand_milli(ServiceKind::WebApp, true, 900), web * 9 / 10);
        assert_eq!(peak_demand_milli(ServiceKind::WebApp), web * 11 / 10);
    }

    #[test]
    fn the_earlier_service_keeps_its_package_on_a_shared_os_only() {
        let placed = [ServiceKind::Reports, ServiceKind::Cache, ServiceKind::WebApp, ServiceKind::Api];
        assert_eq!(package_holders(HostKind::BareMetal, &placed), [None, None, Some(0), Some(0)]);
        assert_eq!(package_holders(HostKind::ContainerEngine, &placed), [None; 4]);
        let sharing = Sharing::at_peak(bare_metal(), &placed);
        assert!(sharing.interferes());
        assert!(!Sharing::at_peak(engine(true), &placed).interferes());
        // Limits are about CPU and memory: without them each image still brings its own packages.
        assert_eq!(Sharing::at_peak(engine(false), &placed).refused_by, [None; 4]);
    }

    fn bare_metal() -> HostSetup {
        HostSetup::with_limits(HostKind::BareMetal)
    }

    fn engine(limits: bool) -> HostSetup {
        HostSetup { kind: HostKind::ContainerEngine, limits }
    }

    #[test]
    fn a_dedicated_service_suffers_only_when_it_shares() {
        let alone = Sharing::at_peak(bare_metal(), &[ServiceKind::Database]);
        assert!(!alone.interferes());
        let shared = Sharing::at_peak(
            HostSetup::with_limits(HostKind::Hypervisor),
            &[ServiceKind::Database, ServiceKind::Cache],
        );
        assert_eq!(shared.disk_contended, [true, false]);
    }

    #[test]
    fn the_batch_jobs_burst_contends_only_with_company() {
        let pair = [ServiceKind::BatchJob, ServiceKind::Reports];
        assert!(!Sharing::at_peak(bare_metal(), &[ServiceKind::BatchJob]).interferes());
        let with_reports = Sharing::at_peak(bare_metal(), &pair);
        assert!(with_reports.cpu_contended, "{:?}", with_reports.load);
        // In a container the burst is held to the job's CPU limit, if the engine sets one.
        let contained = Sharing::at_peak(engine(true), &pair);
        assert!(!contained.interferes(), "{:?}", contained.load);
        let unlimited = Sharing::at_peak(engine(false), &pair);
        assert!(unlimited.cpu_contended, "{:?}", unlimited.load);
    }
}
