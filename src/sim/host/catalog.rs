//! The figures behind chapters 2 and 3: one kind of server, the layers a host can run between
//! its hardware and its services, and the services a learner places.
//!
//! Memory is in MiB, CPU in millicores (1,000 = one core), time in milliseconds, disk in GB.
//! The values are typical rather than measured on one product; where each comes from is noted
//! beside it. Left out: network, disk bandwidth as a number (the database's need for steady
//! disk is a rule in `Rack`), memory that grows over time, licences.

use serde::{Deserialize, Serialize};

/// The one server model the rack offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hardware {
    pub cores_milli: u32,
    pub memory_mib: u32,
    pub disk_gb: u32,
    pub cost_per_month: u32,
}

/// A common mid-size rented server: 8 cores, 16 GiB, 500 GB SSD.
pub const SERVER: Hardware = Hardware { cores_milli: 8_000, memory_mib: 16_384, disk_gb: 500, cost_per_month: 120 };

/// How long a whole server takes to come back after a kernel panic: firmware checks and the
/// operating system's boot (real servers often take minutes; shortened so the lab stays lively).
pub const HOST_REBOOT_MS: u64 = 30_000;

/// What runs between a host's hardware and its services.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum HostKind {
    /// One operating system; services run straight on it and share it.
    BareMetal,
    /// A type 1 hypervisor on the hardware (KVM, Xen, ESXi, Hyper-V); one VM per service.
    Hypervisor,
    /// A type 2 (hosted) hypervisor: an application on a host operating system.
    HostedHypervisor,
    /// A container engine on one Linux kernel; one container per service.
    ContainerEngine,
}

impl HostKind {
    pub const ALL: [HostKind; 4] =
        [HostKind::BareMetal, HostKind::Hypervisor, HostKind::HostedHypervisor, HostKind::ContainerEngine];

    /// The figures of this kind's layers.
    pub fn layer(self) -> Layer {
        match self {
            // A minimal Linux server install idles in a few hundred MiB.
            HostKind::BareMetal => Layer {
                base: Cost { memory_mib: 512, cpu_milli: 100, disk_gb: 10 },
                per_service: Cost::ZERO,
                unit_start_ms: 0,
                cpu_overhead_percent: 0,
                isolates: false,
            },
            // KVM on a small Linux host, or ESXi, keeps about 1 GiB for itself. Each VM carries a
            // guest OS (a small Linux server guest is usually given 1-2 GiB and a 10 GB disk)
            // plus the emulated devices and page tables of its virtual machine; the guest boots
            // in tens of seconds. Hardware-assisted virtualisation costs a few percent of CPU.
            HostKind::Hypervisor => Layer {
                base: Cost { memory_mib: 1_024, cpu_milli: 200, disk_gb: 10 },
                per_service: Cost { memory_mib: 1_280, cpu_milli: 100, disk_gb: 10 },
                unit_start_ms: 30_000,
                cpu_overhead_percent: 3,
                isolates: true,
            },
            // A desktop-class host OS (2 GiB) plus the hypervisor application (VirtualBox, VMware
            // Workstation); the guest's work also passes through the host OS, so more CPU.
            HostKind::HostedHypervisor => Layer {
                base: Cost { memory_mib: 2_560, cpu_milli: 400, disk_gb: 20 },
                per_service: Cost { memory_mib: 1_280, cpu_milli: 100, disk_gb: 10 },
                unit_start_ms: 30_000,
                cpu_overhead_percent: 10,
                isolates: true,
            },
            // A Linux host plus dockerd and containerd (a few hundred MiB); a container is a
            // process in its own namespaces and cgroup, with a small shim, started in about a
            // second. Its image holds only the application and its libraries.
            HostKind::ContainerEngine => Layer {
                base: Cost { memory_mib: 768, cpu_milli: 150, disk_gb: 10 },
                per_service: Cost { memory_mib: 16, cpu_milli: 0, disk_gb: 0 },
                unit_start_ms: 1_000,
                cpu_overhead_percent: 0,
                isolates: true,
            },
        }
    }
}

/// Memory, CPU and disk a layer takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Cost {
    pub memory_mib: u32,
    pub cpu_milli: u32,
    pub disk_gb: u32,
}

impl Cost {
    pub const ZERO: Cost = Cost { memory_mib: 0, cpu_milli: 0, disk_gb: 0 };
}

/// A host kind's overhead and behaviour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layer {
    /// The operating system, hypervisor or engine itself.
    pub base: Cost,
    /// Added for every service: a VM's guest OS, or a container's shim.
    pub per_service: Cost,
    /// Time before a service's own start-up can begin: a guest OS boot, or creating a container.
    pub unit_start_ms: u64,
    /// Extra CPU on top of every service's own use.
    pub cpu_overhead_percent: u32,
    /// Whether each service gets its own space (VM or container) with its own packages;
    /// otherwise they all share one OS. CPU and memory limits are [`super::HostSetup`]'s.
    pub isolates: bool,
}

/// The services on the shelf.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    WebApp,
    Api,
    Database,
    Cache,
    BatchJob,
    Search,
    Reports,
}

/// A system package a service needs, at the version it needs. The OS's package manager keeps
/// one version of a package installed (apt, dnf): two apps that need different versions of the
/// same package cannot both have theirs on one OS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Package {
    pub name: &'static str,
    pub version: &'static str,
}

/// Django as the OS packages it (`apt install python3-django`): today's release for the web app
/// and the API, and the old release the reports app was never ported off.
const DJANGO_4_2: Package = Package { name: "python3-django", version: "4.2" };
const DJANGO_3_2: Package = Package { name: "python3-django", version: "3.2" };

/// A CPU burst that repeats: the batch job's runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Burst {
    pub cpu_milli: u32,
    pub every_s: u64,
    pub lasts_s: u64,
}

/// What a service needs and how it behaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServiceSpec {
    pub memory_mib: u32,
    /// Typical CPU use; it varies by ±10 % from second to second.
    pub cpu_milli: u32,
    /// vCPUs in a VM, or the cgroup CPU quota in a container.
    pub limit_milli: u32,
    /// The application's own start-up work.
    pub start_ms: u64,
    pub disk_gb: u32,
    pub package: Option<Package>,
    /// Response time when the CPU is not contended, for services users wait on.
    pub response_ms: Option<u32>,
    /// Wants a server to itself: steady disk, all the memory and cores it can use.
    pub dedicated: bool,
    pub burst: Option<Burst>,
}

impl ServiceKind {
    pub const ALL: [ServiceKind; 7] = [
        ServiceKind::WebApp,
        ServiceKind::Api,
        ServiceKind::Database,
        ServiceKind::Cache,
        ServiceKind::BatchJob,
        ServiceKind::Search,
        ServiceKind::Reports,
    ];

    pub fn spec(self) -> ServiceSpec {
        let base = ServiceSpec {
            memory_mib: 0,
            cpu_milli: 0,
            limit_milli: 1_000,
            start_ms: 0,
            disk_gb: 1,
            package: None,
            response_ms: None,
            dedicated: false,
            burst: None,
        };
        match self {
            // A Python (Django) web app: a few hundred MiB of worker processes, starts in seconds.
            ServiceKind::WebApp => ServiceSpec {
                memory_mib: 512,
                cpu_milli: 1_000,
                limit_milli: 2_000,
                start_ms: 2_000,
                package: Some(DJANGO_4_2),
                response_ms: Some(40),
                ..base
            },
            ServiceKind::Api => ServiceSpec {
                memory_mib: 1_024,
                cpu_milli: 1_500,
                limit_milli: 2_000,
                start_ms: 3_000,
                package: Some(DJANGO_4_2),
                response_ms: Some(60),
                ..base
            },
            // PostgreSQL-style: shared buffers plus the OS page cache it relies on; recovery
            // checks at start-up take seconds.
            ServiceKind::Database => ServiceSpec {
                memory_mib: 6_144,
                cpu_milli: 3_000,
                limit_milli: 4_000,
                start_ms: 10_000,
                disk_gb: 200,
                dedicated: true,
                ..base
            },
            // Redis-style in-memory cache: memory is the point; single-threaded, starts at once.
            ServiceKind::Cache => {
                ServiceSpec { memory_mib: 2_048, cpu_milli: 500, limit_milli: 1_000, start_ms: 1_000, ..base }
            }
            // A nightly-report or image-processing job that grabs every core it can when it runs.
            ServiceKind::BatchJob => ServiceSpec {
                memory_mib: 1_024,
                cpu_milli: 500,
                limit_milli: 2_000,
                start_ms: 2_000,
                disk_gb: 5,
                burst: Some(Burst { cpu_milli: 8_000, every_s: 30, lasts_s: 10 }),
                ..base
            },
            // A JVM search engine: a large heap, and a JVM that warms up for many seconds.
            ServiceKind::Search => ServiceSpec {
                memory_mib: 3_072,
                cpu_milli: 1_000,
                limit_milli: 2_000,
                start_ms: 15_000,
                disk_gb: 20,
                ..base
            },
            // An old internal Django app that still needs Django 3.2.
            ServiceKind::Reports => ServiceSpec {
                memory_mib: 512,
                cpu_milli: 300,
                limit_milli: 1_000,
                start_ms: 4_000,
                package: Some(DJANGO_3_2),
                ..base
            },
        }
    }
}

impl ServiceSpec {
    /// Whether two services cannot share one operating system's packages.
    pub fn clashes_with(&self, other: &ServiceSpec) -> bool {
        matches!((self.package, other.package), (Some(a), Some(b)) if a.name == b.name && a.version != b.version)
    }
}

/// Time from "start everything" until this service answers, on a host of `kind` that is up.
pub fn start_ms(kind: HostKind, service: ServiceKind) -> u64 {
    kind.layer().unit_start_ms + service.spec().start_ms
}

/// Memory a service takes on a host of `kind`: its own plus its VM or container.
pub fn footprint_mib(kind: HostKind, service: ServiceKind) -> u32 {
    service.spec().memory_mib + kind.layer().per_service.memory_mib
}

/// Disk a service takes on a host of `kind`.
pub fn footprint_disk_gb(kind: HostKind, service: ServiceKind) -> u32 {
    service.spec().disk_gb + kind.layer().per_service.disk_gb
}
