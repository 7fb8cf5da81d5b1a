//! Chapters 2 and 3: services placed on a rack of hosts, as bare metal, VMs or containers.
//!
//! A [`Rack`] holds hosts (each of one [`HostKind`]) and the scenario's services, each on the
//! shelf or placed on one host. Placing reserves memory and disk at once and never overcommits
//! either: a placement that does not fit is refused with the figures. A placed service starts
//! (its VM boots or its container is created, then the app starts) and runs. Once a second the
//! rack measures every host: CPU demand (typical use ±10 %, plus the batch job's bursts) against
//! the cores, and the interference that sharing causes (the rules live in [`sharing`], which the
//! placement search reads too):
//! - on one shared OS (bare metal), a CPU hog slows its neighbours and two services needing
//!   different versions of one package cannot both start;
//! - in VMs each service is held to its CPU and memory and brings its own packages; containers
//!   bring their own packages and are held to limits when the engine sets them (the lab does by
//!   default; a switch per engine turns them off, Docker's own default), so only a host that is
//!   really full contends;
//! - a memory leak that fills the host (on one shared OS, or in containers without limits) makes
//!   the kernel's out-of-memory killer end one process, the largest, which is not always the
//!   leaking one, and slows the rest while memory runs short; held to a limit, the leaking service
//!   alone is ended and restarts;
//! - a service that wants dedicated hardware (the database) suffers whenever it shares a host;
//! - a kernel panic takes down everything that shares that kernel: every container on the
//!   host, every service on bare metal, and (the hypervisor being the host's kernel) every VM.
//!
//! Left out: network, memory ballooning and swap, live migration, scheduling inside a host, a
//! leak's growth over time (it fills the host at once), and Docker starting containers whose
//! memory does not fit (without `--memory` it reserves nothing; the lab plans memory as if it did).

pub mod catalog;
pub mod optimum;
pub mod sharing;

use serde::{Deserialize, Serialize};

use catalog::{footprint_disk_gb, footprint_mib, start_ms, ServiceSpec, HOST_REBOOT_MS, SERVER};
pub use catalog::{HostKind, ServiceKind};

use super::metrics::{Metric, Sample};
use super::rng::Pcg32;
pub use sharing::HostSetup;
use sharing::{demand_milli, has_dedicated_hardware, package_holders, shares_an_os, Sharing, JITTER_PERMILLE};

/// A service's index in the scenario's list.
pub type ServiceId = u16;
/// A host's number, never reused within a run.
pub type HostId = u32;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RackScenario {
    /// The services on the shelf, in order.
    pub services: Vec<ServiceKind>,
    /// Host kinds the learner may add.
    pub offered: Vec<HostKind>,
    /// Hosts in the rack at the start.
    pub hosts: Vec<HostKind>,
    pub max_hosts: u32,
}

impl RackScenario {
    /// Chapter 2: bare metal and both hypervisor types; no containers yet.
    pub fn chapter_two() -> Self {
        RackScenario {
            services: ServiceKind::ALL.to_vec(),
            offered: vec![HostKind::BareMetal, HostKind::Hypervisor, HostKind::HostedHypervisor],
            hosts: vec![HostKind::BareMetal, HostKind::Hypervisor],
            max_hosts: 8,
        }
    }

    /// Chapter 3: container engines join the rack.
    pub fn chapter_three() -> Self {
        RackScenario {
            offered: HostKind::ALL.to_vec(),
            hosts: vec![HostKind::BareMetal, HostKind::ContainerEngine],
            ..Self::chapter_two()
        }
    }
}

/// Where a service is in its life.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// Not placed.
    Shelf,
    /// Placed on a host that is rebooting.
    Waiting,
    /// Booting its VM or creating its container, then starting; up at `ready_at_ms`.
    Starting {
        ready_at_ms: u64,
    },
    Running,
    /// Placed but cannot start: another service on the same OS holds a clashing package.
    Refused {
        holder: ServiceId,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Service {
    pub kind: ServiceKind,
    pub host: Option<HostId>,
    pub status: Status,
    /// Offset of its bursts, in seconds (seeded so bursts do not line up by design).
    burst_phase_s: u64,
    /// When it was last asked to start, for `ServiceUp`.
    start_requested_ms: u64,
    /// CPU it asked for in the last second, millicores.
    pub demand_milli: u32,
    /// Response time in the last second, for services users wait on.
    pub response_ms: Option<u32>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Host {
    pub id: HostId,
    pub kind: HostKind,
    /// A container engine's containers get CPU and memory limits (see [`HostSetup`]).
    pub limits: bool,
    /// Rebooting until this time after a kernel panic.
    pub down_until_ms: Option<u64>,
    /// Memory ran short since the last measurement: every running service slows.
    memory_pressure: bool,
    /// Its services in the order they were placed: on a shared OS the earlier one keeps its
    /// package.
    services: Vec<ServiceId>,
}

impl Host {
    pub fn setup(&self) -> HostSetup {
        HostSetup { kind: self.kind, limits: self.limits }
    }
}

/// How much longer work takes in a second when memory ran short: the kernel reclaims caches and
/// pages before its out-of-memory killer acts. The lab's figure, chosen to be seen.
pub const MEMORY_PRESSURE_SLOWDOWN_PERMILLE: u32 = 2_000;

/// Why the rack refused an action; nothing changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RackRefusal {
    /// The host has not got the memory: the service (with its VM or container) needs `needs`.
    NotEnoughMemory {
        needs_mib: u32,
        free_mib: u32,
    },
    NotEnoughDisk {
        needs_gb: u32,
        free_gb: u32,
    },
    UnknownHost,
    UnknownService,
    /// This chapter's rack does not offer that kind of host.
    KindNotOffered,
    TooManyHosts {
        max: u32,
    },
    /// Removing or leaking memory needs a placed service.
    NotPlaced,
    NotRunning,
    HostAlreadyDown,
    /// Only a container engine's limits can be switched.
    NoLimitsToSwitch,
}

/// Something that happened in the rack, for the event log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum RackEvent {
    HostAdded {
        host: HostId,
        kind: HostKind,
    },
    /// A host left the rack; `returned` services went back to the shelf.
    HostRemoved {
        host: HostId,
        returned: u16,
    },
    Placed {
        service: ServiceKind,
        host: HostId,
    },
    Unplaced {
        service: ServiceKind,
    },
    /// A service answers, `after_ms` after it was asked to start.
    ServiceUp {
        service: ServiceKind,
        after_ms: u64,
    },
    /// CPU demand on a host exceeded its cores; `slowdown_permille` is how much longer work takes.
    CpuContention {
        host: HostId,
        hog: ServiceKind,
        slowdown_permille: u32,
    },
    PackageClash {
        host: HostId,
        refused: ServiceKind,
        holder: ServiceKind,
    },
    /// A service that wants dedicated hardware shares a host: its disk is no longer steady.
    DiskContention {
        host: HostId,
        service: ServiceKind,
    },
    /// A leaking service reached its own memory limit: it alone was ended, and restarts.
    HitMemoryLimit {
        service: ServiceKind,
    },
    /// A leak filled the host's memory: the out-of-memory killer ended `victim` (the largest
    /// process, perhaps the leaker itself), which restarts; `slowed` other running services
    /// slowed while memory ran short.
    OutOfMemory {
        host: HostId,
        leaker: ServiceKind,
        victim: ServiceKind,
        slowed: u16,
    },
    /// A container engine's CPU and memory limits were switched on or off.
    LimitsSwitched {
        host: HostId,
        on: bool,
    },
    KernelPanic {
        host: HostId,
        services_down: u16,
    },
    HostBack {
        host: HostId,
    },
}

/// An ongoing interference, identified so that only its start is logged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Interference {
    Cpu { host: HostId },
    Clash { refused: ServiceId },
    Disk { service: ServiceId },
}

/// A host's figures in the last measured second.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct HostLoad {
    /// Memory reserved: the layer, every placed service and its VM or container.
    pub memory_used_mib: u32,
    /// Of which the layers (OS, hypervisor, guest OSes, engine, container shims).
    pub memory_overhead_mib: u32,
    pub disk_used_gb: u32,
    /// CPU asked for, after VM and container limits, plus the layers' own use.
    pub cpu_demand_milli: u32,
    /// CPU actually used (at most the cores).
    pub cpu_used_milli: u32,
    pub cpu_overhead_milli: u32,
    /// How much longer work takes than uncontended, per mille (1,000 = no slowdown).
    pub slowdown_permille: u32,
}

impl HostLoad {
    pub fn memory_free_mib(&self) -> u32 {
        SERVER.memory_mib.saturating_sub(self.memory_used_mib)
    }

    pub fn idle_cpu_milli(&self) -> u32 {
        SERVER.cores_milli.saturating_sub(self.cpu_used_milli)
    }

    pub fn contended(&self) -> bool {
        self.slowdown_permille > 1_000
    }

    /// Whether the memory and disk reserved fit the server (placing never lets them exceed it).
    pub fn within_hardware(&self) -> bool {
        self.memory_used_mib <= SERVER.memory_mib && self.disk_used_gb <= SERVER.disk_gb
    }
}

/// Measures a host: memory and disk reserved, and CPU given `(service, demand)` for the services
/// running on it. Pure; this is the per-host work the rack does every simulated second.
pub fn load_of(host: HostSetup, placed: &[ServiceKind], running: &[(ServiceKind, u32)]) -> HostLoad {
    let kind = host.kind;
    let layer = kind.layer();
    let memory_overhead_mib = layer.base.memory_mib + layer.per_service.memory_mib * placed.len() as u32;
    let memory_used_mib = memory_overhead_mib + placed.iter().map(|s| s.spec().memory_mib).sum::<u32>();
    let disk_used_gb = layer.base.disk_gb + placed.iter().map(|s| footprint_disk_gb(kind, *s)).sum::<u32>();
    let mut cpu_overhead_milli = layer.base.cpu_milli + layer.per_service.cpu_milli * running.len() as u32;
    let mut services_milli = 0;
    for (service, demand) in running {
        let asked = if host.holds_to_limits() { (*demand).min(service.spec().limit_milli) } else { *demand };
        let extra = asked * layer.cpu_overhead_percent / 100;
        services_milli += asked;
        cpu_overhead_milli += extra;
    }
    let cpu_demand_milli = services_milli + cpu_overhead_milli;
    let cores = SERVER.cores_milli;
    let slowdown_permille =
        if cpu_demand_milli > cores { (u64::from(cpu_demand_milli) * 1_000 / u64::from(cores)) as u32 } else { 1_000 };
    HostLoad {
        memory_used_mib,
        memory_overhead_mib,
        disk_used_gb,
        cpu_demand_milli,
        cpu_used_milli: cpu_demand_milli.min(cores),
        cpu_overhead_milli,
        slowdown_permille,
    }
}

/// The running model of chapters 2 and 3.
#[derive(Clone, Debug, PartialEq)]
pub struct Rack {
    scenario: RackScenario,
    hosts: Vec<Host>,
    services: Vec<Service>,
    loads: Vec<HostLoad>,
    next_host: HostId,
    now_ms: u64,
    active: Vec<Interference>,
    /// Neighbours that memory leaks harmed since the last measurement.
    spread_since_sample: u32,
    pending_events: Vec<RackEvent>,
}

impl Rack {
    pub fn new(scenario: RackScenario, rng: &mut Pcg32) -> Self {
        let services = scenario
            .services
            .iter()
            .map(|kind| {
                let every = kind.spec().burst.map_or(1, |b| b.every_s);
                Service {
                    kind: *kind,
                    host: None,
                    status: Status::Shelf,
                    burst_phase_s: u64::from(rng.below(every as u32)),
                    start_requested_ms: 0,
                    demand_milli: 0,
                    response_ms: None,
                }
            })
            .collect::<Vec<_>>();
        let mut rack = Rack {
            hosts: Vec::new(),
            loads: Vec::new(),
            services,
            next_host: 1,
            now_ms: 0,
            active: Vec::new(),
            spread_since_sample: 0,
            pending_events: Vec::new(),
            scenario,
        };
        for kind in rack.scenario.hosts.clone() {
            rack.push_host(kind);
        }
        rack.measure_static();
        rack
    }

    pub fn scenario(&self) -> &RackScenario {
        &self.scenario
    }

    pub fn hosts(&self) -> &[Host] {
        &self.hosts
    }

    pub fn services(&self) -> &[Service] {
        &self.services
    }

    pub fn service(&self, id: ServiceId) -> Option<&Service> {
        self.services.get(usize::from(id))
    }

    /// The host's figures as last measured (memory and disk are always current).
    pub fn load(&self, host: HostId) -> Option<HostLoad> {
        self.host_index(host).map(|i| self.loads[i])
    }

    /// Services on a host, in the order they were placed.
    pub fn on_host(&self, host: HostId) -> Vec<ServiceId> {
        self.host(host).map(|h| h.services.clone()).unwrap_or_default()
    }

    pub fn cost_per_month(&self) -> u32 {
        self.hosts.len() as u32 * SERVER.cost_per_month
    }

    fn host_index(&self, host: HostId) -> Option<usize> {
        self.hosts.iter().position(|h| h.id == host)
    }

    fn host(&self, host: HostId) -> Option<&Host> {
        self.hosts.iter().find(|h| h.id == host)
    }

    fn push_host(&mut self, kind: HostKind) -> HostId {
        let id = self.next_host;
        self.next_host += 1;
        let host = Host { id, kind, limits: true, down_until_ms: None, memory_pressure: false, services: Vec::new() };
        self.loads.push(load_of(host.setup(), &[], &[]));
        self.hosts.push(host);
        id
    }

    /// Events since the last call, oldest first.
    pub fn take_events(&mut self) -> Vec<RackEvent> {
        std::mem::take(&mut self.pending_events)
    }

    pub fn add_host(&mut self, kind: HostKind) -> Result<HostId, RackRefusal> {
        if !self.scenario.offered.contains(&kind) {
            return Err(RackRefusal::KindNotOffered);
        }
        if self.hosts.len() as u32 >= self.scenario.max_hosts {
            return Err(RackRefusal::TooManyHosts { max: self.scenario.max_hosts });
        }
        let id = self.push_host(kind);
        self.pending_events.push(RackEvent::HostAdded { host: id, kind });
        Ok(id)
    }

    /// Removes a host; its services go back to the shelf.
    pub fn remove_host(&mut self, host: HostId) -> Result<(), RackRefusal> {
        let index = self.host_index(host).ok_or(RackRefusal::UnknownHost)?;
        let on_it = self.on_host(host);
        for id in &on_it {
            self.shelve(*id);
        }
        self.hosts.remove(index);
        self.loads.remove(index);
        self.pending_events.push(RackEvent::HostRemoved { host, returned: on_it.len() as u16 });
        self.measure_static();
        Ok(())
    }

    /// Places a service on a host, moving it if it is elsewhere. Placing it where it already is
    /// changes nothing and returns `Ok(false)`.
    pub fn place(&mut self, id: ServiceId, host: HostId) -> Result<bool, RackRefusal> {
        let service = *self.service(id).ok_or(RackRefusal::UnknownService)?;
        let target_kind = self.host(host).ok_or(RackRefusal::UnknownHost)?.kind;
        if service.host == Some(host) {
            return Ok(false);
        }
        let load = self.load(host).unwrap_or_default();
        let needs_mib = footprint_mib(target_kind, service.kind);
        if needs_mib > load.memory_free_mib() {
            return Err(RackRefusal::NotEnoughMemory { needs_mib, free_mib: load.memory_free_mib() });
        }
        let needs_gb = footprint_disk_gb(target_kind, service.kind);
        let free_gb = SERVER.disk_gb.saturating_sub(load.disk_used_gb);
        if needs_gb > free_gb {
            return Err(RackRefusal::NotEnoughDisk { needs_gb, free_gb });
        }
        let from = service.host;
        if from.is_some() {
            self.shelve(id);
        }
        if let Some(h) = self.hosts.iter_mut().find(|h| h.id == host) {
            h.services.push(id);
        }
        let s = &mut self.services[usize::from(id)];
        s.host = Some(host);
        s.status = Status::Waiting;
        s.demand_milli = 0;
        s.response_ms = None;
        self.pending_events.push(RackEvent::Placed { service: service.kind, host });
        if let Some(from) = from {
            self.settle(from);
        }
        self.settle(host);
        self.measure_static();
        Ok(true)
    }

    /// Takes a service off its host, back to the shelf.
    pub fn unplace(&mut self, id: ServiceId) -> Result<(), RackRefusal> {
        let service = *self.service(id).ok_or(RackRefusal::UnknownService)?;
        let from = service.host.ok_or(RackRefusal::NotPlaced)?;
        self.shelve(id);
        self.pending_events.push(RackEvent::Unplaced { service: service.kind });
        self.settle(from);
        self.measure_static();
        Ok(())
    }

    fn shelve(&mut self, id: ServiceId) {
        let from = self.services[usize::from(id)].host;
        if let Some(h) = self.hosts.iter_mut().find(|h| Some(h.id) == from) {
            h.services.retain(|s| *s != id);
        }
        let s = &mut self.services[usize::from(id)];
        s.host = None;
        s.status = Status::Shelf;
        s.demand_milli = 0;
        s.response_ms = None;
        self.active.retain(|i| !matches!(i, Interference::Clash { refused } | Interference::Disk { service: refused } if *refused == id));
    }

    /// A running service leaks memory until it has none left to take. Held to a memory limit
    /// (in a VM, or a container with limits) it alone is ended and restarts. Otherwise it fills
    /// the host: the out-of-memory killer ends the largest process, counting the leaker as its
    /// own size plus all the memory that was free, so on a nearly full host a big neighbour goes
    /// instead of the leaker; the victim restarts, and every other running service slows for
    /// the second (the leaker, if spared, gave back what it took, as if its leak stopped).
    pub fn leak_memory(&mut self, id: ServiceId) -> Result<(), RackRefusal> {
        let leaker = *self.service(id).ok_or(RackRefusal::UnknownService)?;
        let host_id = leaker.host.ok_or(RackRefusal::NotPlaced)?;
        if leaker.status != Status::Running {
            return Err(RackRefusal::NotRunning);
        }
        let index = self.host_index(host_id).ok_or(RackRefusal::UnknownHost)?;
        let host = self.hosts[index].setup();
        if host.holds_to_limits() {
            self.restart(id, host.kind);
            self.pending_events.push(RackEvent::HitMemoryLimit { service: leaker.kind });
            return Ok(());
        }
        let free_mib = self.loads[index].memory_free_mib();
        let running: Vec<ServiceId> = self
            .on_host(host_id)
            .into_iter()
            .filter(|s| self.services[usize::from(*s)].status == Status::Running)
            .collect();
        let size = |s: ServiceId| {
            let memory = self.services[usize::from(s)].kind.spec().memory_mib;
            if s == id {
                memory + free_mib
            } else {
                memory
            }
        };
        // The first placed wins a tie, so the choice never depends on more than the layout.
        let victim = running.iter().copied().rev().max_by_key(|s| size(*s)).unwrap_or(id);
        let slowed = running.iter().filter(|s| **s != victim).count() - usize::from(victim != id);
        self.restart(victim, host.kind);
        self.hosts[index].memory_pressure = true;
        self.spread_since_sample += (running.len() - 1) as u32;
        self.pending_events.push(RackEvent::OutOfMemory {
            host: host_id,
            leaker: leaker.kind,
            victim: self.services[usize::from(victim)].kind,
            slowed: slowed as u16,
        });
        Ok(())
    }

    /// Switches a container engine's CPU and memory limits on or off (`docker update` changes
    /// them on running containers). Returns `Ok(false)` when they already were so.
    pub fn switch_limits(&mut self, host: HostId, on: bool) -> Result<bool, RackRefusal> {
        let index = self.host_index(host).ok_or(RackRefusal::UnknownHost)?;
        if self.hosts[index].kind != HostKind::ContainerEngine {
            return Err(RackRefusal::NoLimitsToSwitch);
        }
        if self.hosts[index].limits == on {
            return Ok(false);
        }
        self.hosts[index].limits = on;
        self.pending_events.push(RackEvent::LimitsSwitched { host, on });
        Ok(true)
    }

    /// The host's kernel panics: everything sharing that kernel stops until the host reboots.
    pub fn panic_kernel(&mut self, host: HostId) -> Result<(), RackRefusal> {
        let index = self.host_index(host).ok_or(RackRefusal::UnknownHost)?;
        if self.hosts[index].down_until_ms.is_some() {
            return Err(RackRefusal::HostAlreadyDown);
        }
        self.hosts[index].down_until_ms = Some(self.now_ms + HOST_REBOOT_MS);
        let mut down = 0;
        for id in self.on_host(host) {
            let s = &mut self.services[usize::from(id)];
            if s.status == Status::Running {
                down += 1;
            }
            if !matches!(s.status, Status::Refused { .. }) {
                s.status = Status::Waiting;
            }
            s.demand_milli = 0;
        }
        self.pending_events.push(RackEvent::KernelPanic { host, services_down: down });
        Ok(())
    }

    /// Starts a service again from its VM boot or container creation.
    fn restart(&mut self, id: ServiceId, kind: HostKind) {
        let s = &mut self.services[usize::from(id)];
        s.status = Status::Starting { ready_at_ms: self.now_ms + start_ms(kind, s.kind) };
        s.demand_milli = 0;
        s.start_requested_ms = self.now_ms;
    }

    /// Works out who may start on a host after its services changed: on a shared OS, a service
    /// whose package clashes with an earlier-placed one is refused; the rest start if waiting.
    fn settle(&mut self, host: HostId) {
        let Some((kind, down)) = self.host(host).map(|h| (h.kind, h.down_until_ms)) else { return };
        let ids = self.on_host(host);
        let placed: Vec<ServiceKind> = ids.iter().map(|id| self.services[usize::from(*id)].kind).collect();
        for (&id, holder) in ids.iter().zip(package_holders(kind, &placed)) {
            let status = self.services[usize::from(id)].status;
            match holder {
                Some(holder) => {
                    let s = &mut self.services[usize::from(id)];
                    s.status = Status::Refused { holder: ids[holder] };
                    s.demand_milli = 0;
                    s.response_ms = None;
                }
                None => {
                    let waiting = matches!(status, Status::Waiting | Status::Refused { .. });
                    if waiting && down.is_none() {
                        self.restart(id, kind);
                    } else if down.is_some() {
                        self.services[usize::from(id)].status = Status::Waiting;
                    }
                }
            }
        }
    }

    /// Memory and disk figures change with placements, not time: refresh them at once.
    fn measure_static(&mut self) {
        for i in 0..self.hosts.len() {
            let placed: Vec<ServiceKind> =
                self.on_host(self.hosts[i].id).iter().map(|id| self.services[usize::from(*id)].kind).collect();
            let fresh = load_of(self.hosts[i].setup(), &placed, &[]);
            let load = &mut self.loads[i];
            load.memory_used_mib = fresh.memory_used_mib;
            load.memory_overhead_mib = fresh.memory_overhead_mib;
            load.disk_used_gb = fresh.disk_used_gb;
        }
    }

    /// Advances to `end_ms`: hosts finish rebooting, services finish starting.
    pub fn run_until(&mut self, end_ms: u64) {
        self.now_ms = end_ms;
        for i in 0..self.hosts.len() {
            if self.hosts[i].down_until_ms.is_some_and(|t| t <= end_ms) {
                self.hosts[i].down_until_ms = None;
                let id = self.hosts[i].id;
                self.pending_events.push(RackEvent::HostBack { host: id });
                self.settle(id);
            }
        }
        for s in self.services.iter_mut() {
            if let Status::Starting { ready_at_ms } = s.status {
                if ready_at_ms <= end_ms {
                    s.status = Status::Running;
                    let after_ms = end_ms - s.start_requested_ms;
                    self.pending_events.push(RackEvent::ServiceUp { service: s.kind, after_ms });
                }
            }
        }
    }

    /// The CPU a running service asks for in second `second`: its typical use ±10 %, or its
    /// burst while one is on.
    fn draw_demand(service: &Service, second: u64, rng: &mut Pcg32) -> u32 {
        let bursting =
            service.kind.spec().burst.is_some_and(|b| (second + service.burst_phase_s) % b.every_s < b.lasts_s);
        let jitter_permille = 1_000 - JITTER_PERMILLE + rng.below(2 * JITTER_PERMILLE + 1);
        demand_milli(service.kind, bursting, jitter_permille)
    }

    /// Measures the second that just ended into `sample`, logging interference that began.
    pub fn sample(&mut self, second: u64, rng: &mut Pcg32, sample: &mut Sample) {
        let mut active = Vec::new();
        for s in self.services.iter_mut() {
            s.demand_milli = if s.status == Status::Running { Self::draw_demand(s, second, rng) } else { 0 };
        }
        for i in 0..self.hosts.len() {
            let (host_id, setup) = (self.hosts[i].id, self.hosts[i].setup());
            let pressure = std::mem::take(&mut self.hosts[i].memory_pressure);
            let ids = self.hosts[i].services.clone();
            let placed: Vec<ServiceKind> = ids.iter().map(|id| self.services[usize::from(*id)].kind).collect();
            let running: Vec<(ServiceId, ServiceKind, u32)> = ids
                .iter()
                .map(|id| (*id, &self.services[usize::from(*id)]))
                .filter(|(_, s)| s.status == Status::Running)
                .map(|(id, s)| (id, s.kind, s.demand_milli))
                .collect();
            let demands: Vec<(ServiceKind, u32)> = running.iter().map(|(_, k, d)| (*k, *d)).collect();
            let sharing = Sharing::of(setup, &placed, &demands);
            let mut load = sharing.load;
            if pressure {
                load.slowdown_permille = load.slowdown_permille.max(MEMORY_PRESSURE_SLOWDOWN_PERMILLE);
            }
            self.loads[i] = load;
            for (id, kind, _) in &running {
                self.services[usize::from(*id)].response_ms =
                    kind.spec().response_ms.map(|ms| ms * load.slowdown_permille / 1_000);
            }
            if sharing.cpu_contended {
                let hog = running.iter().max_by_key(|(id, _, d)| (*d, std::cmp::Reverse(*id))).map(|(_, k, _)| *k);
                active.push(Interference::Cpu { host: host_id });
                if let Some(hog) = hog.filter(|_| !self.active.contains(&Interference::Cpu { host: host_id })) {
                    self.pending_events.push(RackEvent::CpuContention {
                        host: host_id,
                        hog,
                        slowdown_permille: load.slowdown_permille,
                    });
                }
            }
            for (index, id) in ids.iter().enumerate() {
                if let Some(holder) = sharing.refused_by[index] {
                    let clash = Interference::Clash { refused: *id };
                    active.push(clash);
                    if !self.active.contains(&clash) {
                        self.pending_events.push(RackEvent::PackageClash {
                            host: host_id,
                            refused: placed[index],
                            holder: placed[holder],
                        });
                    }
                }
                if sharing.disk_contended[index] {
                    let disk = Interference::Disk { service: *id };
                    active.push(disk);
                    if !self.active.contains(&disk) {
                        self.pending_events.push(RackEvent::DiskContention { host: host_id, service: placed[index] });
                    }
                }
            }
        }
        let interference = active.len() as u32 + std::mem::take(&mut self.spread_since_sample);
        self.active = active;
        self.write_sample(interference, sample);
    }

    fn write_sample(&self, interference: u32, sample: &mut Sample) {
        let placed = |s: &&Service| s.host.is_some();
        let running = self.services.iter().filter(|s| s.status == Status::Running).count();
        let not_isolated = self.services.iter().filter(placed).filter(|s| self.shares_an_os(s)).count();
        let not_dedicated =
            self.services.iter().filter(|s| s.kind.spec().dedicated && !self.alone_on_bare_metal(s)).count();
        let startup_ms =
            self.services.iter().filter_map(|s| Some(start_ms(self.host(s.host?)?.kind, s.kind))).max().unwrap_or(0);
        let cores = self.hosts.len() as u64 * u64::from(SERVER.cores_milli);
        let used: u64 = self.loads.iter().map(|l| u64::from(l.cpu_used_milli)).sum();
        let memory_used: u32 = self.loads.iter().map(|l| l.memory_used_mib).sum();
        let overhead: u32 = self.loads.iter().map(|l| l.memory_overhead_mib).sum();
        let idle_memory: u32 = self.loads.iter().map(|l| l.memory_free_mib()).sum();
        sample.set(Metric::Servers, self.hosts.len() as f64);
        sample.set(Metric::CostPerMonth, f64::from(self.cost_per_month()));
        sample.set(Metric::ServicesRunning, running as f64);
        sample.set(Metric::InterferenceEvents, f64::from(interference));
        sample.set(Metric::NotIsolated, not_isolated as f64);
        sample.set(Metric::NotDedicated, not_dedicated as f64);
        sample.set(Metric::StartupSeconds, startup_ms as f64 / 1000.0);
        sample.set(Metric::RackCpuPercent, (used * 100).checked_div(cores).unwrap_or(0) as f64);
        sample.set(Metric::MemoryUsedMib, f64::from(memory_used));
        sample.set(Metric::OverheadMib, f64::from(overhead));
        sample.set(Metric::IdleMemoryMib, f64::from(idle_memory));
    }

    /// A placed service shares an operating system with another (bare metal, 2+ services).
    fn shares_an_os(&self, s: &Service) -> bool {
        s.host.and_then(|h| self.host(h)).is_some_and(|h| shares_an_os(h.kind, h.services.len()))
    }

    fn alone_on_bare_metal(&self, s: &Service) -> bool {
        s.host.and_then(|h| self.host(h)).is_some_and(|h| has_dedicated_hardware(h.kind, h.services.len()))
    }

    /// Memory reserved on every host never exceeds the hardware; used by the property tests.
    pub fn memory_within_hardware(&self) -> bool {
        self.loads.iter().all(HostLoad::within_hardware)
    }

    /// Numbers for the world's digest.
    pub fn fingerprint(&self) -> [u64; 4] {
        let running = self.services.iter().filter(|s| s.status == Status::Running).count() as u64;
        let placed = self.services.iter().filter(|s| s.host.is_some()).count() as u64;
        let demand: u64 = self.services.iter().map(|s| u64::from(s.demand_milli)).sum();
        [self.hosts.len() as u64, placed, running, demand]
    }

    /// The spec of a service by id, for views.
    pub fn spec(&self, id: ServiceId) -> Option<ServiceSpec> {
        self.service(id).map(|s| s.kind.spec())
    }
}
