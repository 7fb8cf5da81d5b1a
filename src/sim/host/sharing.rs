//! The rules of sharing one host, written once: what a second on a host of some kind does to the
//! services placed on it. The live [`Rack`](super::Rack) applies them every simulated second to
//! the demands it drew; the placement search ([`super::optimum`]) applies them to every service
//! at its peak, the worst second there can be. Because both read these rules, a layout the search
//! accepts can never show interference in the rack.
//!
//! - CPU: a service asks for its typical use, varying by ±[`JITTER_PERMILLE`] from second to
//!   second, or for its burst while one is on (the batch job). Demand beyond the cores slows every
//!   running service; with two or more running, that is interference (one alone is just slow).
//! - Libraries: on one shared operating system, a service that needs another version of a library
//!   an earlier-placed service holds cannot start. VMs and containers bring their own libraries.
//! - Disk: a service that wants dedicated hardware suffers whenever it shares its host.
//!
//! Memory and disk space are not interference: placing never overcommits them (see
//! [`super::HostLoad::within_hardware`]).

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
/// earlier service holding a library it clashes with, which keeps it from starting; `None` for
/// a service that may start. The earlier service keeps its version.
pub fn library_holders(kind: HostKind, placed: &[ServiceKind]) -> Vec<Option<usize>> {
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
    /// For each placed service, in placement order: the earlier one whose library it clashes
    /// with, so it cannot start (see [`library_holders`]).
    pub refused_by: Vec<Option<usize>>,
    /// For each placed service: it wants dedicated hardware and shares the host.
    pub disk_contended: Vec<bool>,
    /// CPU demand beyond the cores slowed two or more running services.
    pub cpu_contended: bool,
}

impl Sharing {
    /// A second on a host of `kind` holding `placed` (in placement order), of which `running`
    /// asked for the given millicores.
    pub fn of(kind: HostKind, placed: &[ServiceKind], running: &[(ServiceKind, u32)]) -> Sharing {
        let load = load_of(kind, placed, running);
        Sharing {
            load,
            refused_by: library_holders(kind, placed),
            disk_contended: placed.iter().map(|s| s.spec().dedicated && placed.len() > 1).collect(),
            cpu_contended: load.contended() && running.len() > 1,
        }
    }

    /// The worst second `placed` can have on a host of `kind`: every service that can start is
    /// running at its peak, bursts together. CPU demand only grows with each service's demand,
    /// so no drawn second can contend where this one does not.
    pub fn at_peak(kind: HostKind, placed: &[ServiceKind]) -> Sharing {
        let running: Vec<(ServiceKind, u32)> = placed
            .iter()
            .zip(library_holders(kind, placed))
            .filter(|(_, holder)| holder.is_none())
            .map(|(s, _)| (*s, peak_demand_milli(*s)))
            .collect();
        Sharing::of(kind, placed, &running)
    }

    /// Whether anything interfered: CPU contention, a library clash, or shared disk.
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
    fn the_earlier_service_keeps_its_library_on_a_shared_os_only() {
        let placed = [ServiceKind::Reports, ServiceKind::Cache, ServiceKind::WebApp, ServiceKind::Api];
        assert_eq!(library_holders(HostKind::BareMetal, &placed), [None, None, Some(0), Some(0)]);
        assert_eq!(library_holders(HostKind::ContainerEngine, &placed), [None; 4]);
        let sharing = Sharing::at_peak(HostKind::BareMetal, &placed);
        assert!(sharing.interferes());
        assert!(!Sharing::at_peak(HostKind::ContainerEngine, &placed).interferes());
    }

    #[test]
    fn a_dedicated_service_suffers_only_when_it_shares() {
        let alone = Sharing::at_peak(HostKind::BareMetal, &[ServiceKind::Database]);
        assert!(!alone.interferes());
        let shared = Sharing::at_peak(HostKind::Hypervisor, &[ServiceKind::Database, ServiceKind::Cache]);
        assert_eq!(shared.disk_contended, [true, false]);
    }

    #[test]
    fn the_batch_jobs_burst_contends_only_with_company() {
        assert!(!Sharing::at_peak(HostKind::BareMetal, &[ServiceKind::BatchJob]).interferes());
        let with_reports = Sharing::at_peak(HostKind::BareMetal, &[ServiceKind::BatchJob, ServiceKind::Reports]);
        assert!(with_reports.cpu_contended, "{:?}", with_reports.load);
        // In a container the burst is held to the job's CPU limit.
        let contained = Sharing::at_peak(HostKind::ContainerEngine, &[ServiceKind::BatchJob, ServiceKind::Reports]);
        assert!(!contained.interferes(), "{:?}", contained.load);
    }
}
