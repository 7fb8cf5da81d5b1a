//! Every change a learner can make to a world, as a value.
//!
//! A run is `(scenario, seed, stamped actions)`: actions are recorded with the step they applied
//! at, so a run replays exactly, serializes into a share link or file, and drives reset.

use serde::{Deserialize, Serialize};

use super::balance::Algorithm;
use super::clock::Step;
use super::host::RackRefusal;
use super::host::{HostId, HostKind, ServiceId};
use super::laptop::{Place, Service};
use super::net::lab::{App, Client, Host, NetRefusal, Target};
use super::traffic::cluster::ClusterRefusal;
use super::traffic::{FarmRefusal, Path, Pool};
use std::net::Ipv4Addr;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    /// Chapter 1: the users slider, in requests per second.
    SetArrivalRate { rps: u32 },
    /// Chapter 1: rent one more server.
    AddServer,
    /// Chapter 1: give back the newest server.
    RemoveServer,
    /// Chapter 0: run a service on the laptop or on the server.
    MoveService { service: Service, to: Place },
    /// Chapter 0: open (awake) or close (asleep) the laptop's lid.
    SetLaptopAwake { awake: bool },
    /// Chapters 2-3: rent a server of this kind.
    AddHost { kind: HostKind },
    /// Chapters 2-3: give a server back; its services return to the shelf.
    RemoveHost { host: HostId },
    /// Chapters 2-3: put a service on a host (moving it if it is elsewhere).
    Place { service: ServiceId, host: HostId },
    /// Chapters 2-3: take a service back to the shelf.
    Unplace { service: ServiceId },
    /// Chapters 2-3: make a running service leak memory until none is left to take.
    LeakMemory { service: ServiceId },
    /// Chapter 3: switch a container engine's CPU and memory limits on or off.
    SwitchLimits { host: HostId, on: bool },
    /// Chapters 2-3: make a host's kernel panic.
    PanicKernel { host: HostId },
    /// Chapter 4: start a service listening on a port (or move it to that port).
    Listen { host: Host, app: App, port: u16 },
    /// Chapter 4: stop a service.
    StopService { host: Host, app: App },
    /// Chapter 4: open or close a port in a host's firewall.
    SetFirewall { host: Host, port: u16, open: bool },
    /// Chapter 4: forward the home router's public port to the home server's port.
    Forward { public_port: u16, inside_port: u16 },
    /// Chapter 4: remove a port-forwarding rule.
    Unforward { public_port: u16 },
    /// Chapter 4: point example.com's A record at an address, with a TTL in seconds.
    SetRecord { address: Ipv4Addr, ttl_s: u32 },
    /// Chapter 4: send a request from a client to a name or address, on a port.
    Request { from: Client, target: Target, port: u16 },
    /// Chapter 5: extra `/static` requests per second during spikes.
    SetSpikeRate { rps: u32 },
    /// Chapter 5: how many times the balancer retries a request that timed out.
    SetRetries { retries: u32 },
    /// Chapter 5: a balancer's algorithm (side 0, or 1 in compare mode).
    SetAlgorithm { side: u8, algorithm: Algorithm },
    /// Chapter 5: compare mode on (with the second balancer's algorithm) or off.
    SetCompare { second: Option<Algorithm> },
    /// Chapter 5: a server's speed, percent of full.
    SetSpeed { server: u32, percent: u32 },
    /// Chapter 5: a server's weight under weighted round robin.
    SetWeight { server: u32, weight: u32 },
    /// Chapter 5: the pool a server belongs to.
    SetPool { server: u32, pool: Pool },
    /// Chapter 5: where requests for a path go.
    SetRoute { path: Path, to: Pool },
    /// Chapter 6: pull a server's plug (nothing answers until it is plugged in).
    Unplug { node: u32 },
    /// Chapter 6: plug an unplugged server back in.
    PlugIn { node: u32 },
    /// Chapter 6: kill a server's process (the machine refuses connections).
    KillProcess { node: u32 },
    /// Chapter 6: start a killed server process again.
    RestartProcess { node: u32 },
    /// Chapter 6: cut (or mend) the link between a server and the private network.
    SetServerLink { node: u32, cut: bool },
    /// Chapter 6: fill a server's disk (its `/api` writes fail) or free it.
    SetDiskFull { node: u32, full: bool },
    /// Chapter 6: planned removal: no new requests, finish those held, then leave.
    Drain { node: u32 },
    /// Chapter 6: the balancer's health checks.
    SetHealthCheck { interval_ms: u32, timeout_ms: u32, unhealthy: u32, healthy: u32 },
    /// Chapter 6: turn the balancer's health checks off.
    StopHealthChecks,
    /// Chapter 6: random failures across the cluster, per hour (0: off).
    SetRandomFailures { per_hour: u32 },
    /// Chapter 6: the database's primary fails.
    FailPrimary,
    /// Chapter 6: synchronous replication on or off.
    SetSyncReplication { on: bool },
    /// Chapter 6: cut (or heal) the link between the database's primary and its replicas.
    SetDbLink { cut: bool },
    /// Chapter 6: a witness, a third voter on another site, for the database on or off.
    SetWitness { on: bool },
    /// Chapter 7: the provider's console rebuilds the server (a new host key, the app and the
    /// firewall as they started).
    RebuildServer,
}

/// An action and the step it applied at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamped {
    pub step: Step,
    pub action: Action,
}

/// Why the world refused an action; the world is unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    Farm(FarmRefusal),
    /// The action belongs to another chapter's model.
    NotInThisScenario,
    /// The scenario has no such service.
    UnknownService,
    Rack(RackRefusal),
    Net(NetRefusal),
    Cluster(ClusterRefusal),
}

impl From<ClusterRefusal> for Refusal {
    fn from(refusal: ClusterRefusal) -> Self {
        Refusal::Cluster(refusal)
    }
}

impl From<NetRefusal> for Refusal {
    fn from(refusal: NetRefusal) -> Self {
        Refusal::Net(refusal)
    }
}

impl From<RackRefusal> for Refusal {
    fn from(refusal: RackRefusal) -> Self {
        Refusal::Rack(refusal)
    }
}

impl From<FarmRefusal> for Refusal {
    fn from(refusal: FarmRefusal) -> Self {
        Refusal::Farm(refusal)
    }
}
