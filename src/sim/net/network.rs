//! Connections through chapter 4's network, decided by address at every hop.
//!
//! Each node is a [`Machine`]: its addresses, a routing table (longest prefix wins; each route
//! names the node to head for, and the [`Topology`] says by which link), the services listening
//! on its ports, an inbound firewall, and for a router, NAT. A connection attempt is a SYN from
//! the client to an address and port, then a reply back; each hop is logged. So a path that
//! exists in the graph is still refused where no rule forwards the packet: the internet routes
//! no private address, and a router's public address leads inside only through a NAT entry the
//! inside opened, or a port-forwarding rule.
//!
//! A loopback address (`127.0.0.1`) never leaves the machine. Three outcomes a learner should
//! tell apart: a port nobody listens on answers with a reset
//! at once ("connection refused"); a packet a firewall or router drops gets no answer, so the
//! client waits out its timeout ("timed out"); otherwise the connection is made.
//!
//! The lab's "public" addresses are documentation ones (203.0.113.0/24 and friends): the
//! internet here routes them as a real one routes public addresses. Left out: UDP and ICMP,
//! TCP's retransmissions, IPv6 routing (addresses are IPv4 here), NAT hairpinning, and any
//! firewall rule but "this port is open".

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use serde::{Deserialize, Serialize};

use super::address::{classify, AddressClass, Cidr};
use super::topology::{NodeId, Role, Topology};

/// How long a client waits for an answer before it gives up (as `curl --connect-timeout 10`).
pub const CONNECT_TIMEOUT_MS: u64 = 10_000;
/// How long a router keeps an idle NAT entry (home routers keep TCP entries minutes to hours).
pub const NAT_IDLE_MS: u64 = 300_000;
/// First port a client picks for its own end of a connection (the IANA ephemeral range).
pub const FIRST_EPHEMERAL_PORT: u16 = 49_152;
/// Hops before a packet is given up as looping (a small IP TTL).
const MAX_HOPS: usize = 32;

/// One route: packets to `to` head for node `via`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Route {
    pub to: Cidr,
    pub via: NodeId,
}

/// A router's NAT: the inside network, the one public address, and the entries that map
/// inside connections to ports of the public address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nat {
    pub inside: Cidr,
    pub public: Ipv4Addr,
    pub entries: Vec<NatEntry>,
    pub forwards: Vec<PortForward>,
    next_port: u16,
}

/// An outgoing connection's translation: `inside` appears outside as the router's public
/// address and `public_port`, talking to `remote`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NatEntry {
    pub inside: SocketAddr,
    pub public_port: u16,
    pub remote: SocketAddr,
    pub expires_ms: u64,
}

/// A port-forwarding rule: connections to the public address's `public_port` go to `inside`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PortForward {
    pub public_port: u16,
    pub inside: SocketAddr,
}

impl Nat {
    pub fn new(inside: Cidr, public: Ipv4Addr) -> Nat {
        Nat { inside, public, entries: Vec::new(), forwards: Vec::new(), next_port: 40_000 }
    }
}

/// What a node does with packets.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Machine {
    pub addresses: Vec<IpAddr>,
    pub routes: Vec<Route>,
    /// Each port in use and the service listening on it, in port order.
    pub listeners: Vec<(u16, String)>,
    /// Inbound ports a firewall lets through, in order; `None` when the machine has no firewall.
    pub firewall: Option<Vec<u16>>,
    pub nat: Option<Nat>,
}

impl Machine {
    /// The service listening on `port`, if any.
    pub fn listener(&self, port: u16) -> Option<&String> {
        self.listeners.iter().find(|(p, _)| *p == port).map(|(_, service)| service)
    }

    /// Stops whatever listens on `port`.
    pub fn stop_listening(&mut self, port: u16) {
        self.listeners.retain(|(p, _)| *p != port);
    }

    /// Opens or closes `port` in the firewall; whether that changed anything (never, on a
    /// machine without a firewall).
    pub fn set_firewall(&mut self, port: u16, open: bool) -> bool {
        let Some(ports) = &mut self.firewall else { return false };
        match (ports.binary_search(&port), open) {
            (Err(at), true) => ports.insert(at, port),
            (Ok(at), false) => {
                ports.remove(at);
            }
            _ => return false,
        }
        true
    }
}

/// One packet crossing one link, as the trace lists it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Hop {
    pub from: NodeId,
    pub to: NodeId,
    pub src: SocketAddr,
    pub dst: SocketAddr,
    /// Milliseconds since the attempt began, when the packet arrived.
    pub at_ms: u64,
    /// The SYN going out, or the reply coming back.
    pub reply: bool,
    /// The node sending it rewrote the addresses (NAT).
    pub translated: bool,
}

/// Why a packet went no further.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "why", rename_all = "snake_case")]
pub enum Drop {
    /// The machine's firewall does not let this port in.
    Firewall { port: u16 },
    /// A packet to a router's public address matched no NAT entry and no port-forwarding rule.
    NoForwardingRule { port: u16 },
    /// The internet routes no private, loopback or link-local address.
    NotRoutable,
    /// No route, or every path to it is cut.
    NoRoute,
    /// The packet went round in circles.
    Looped,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Connected {
        service: String,
        round_trip_ms: u64,
    },
    /// Nobody listens on the port: a reset came straight back.
    Refused {
        round_trip_ms: u64,
    },
    /// No answer: the client gave up after [`CONNECT_TIMEOUT_MS`].
    TimedOut {
        at: NodeId,
        why: Drop,
    },
}

impl Outcome {
    /// How long the client waited for this answer.
    pub fn waited_ms(&self) -> u64 {
        match self {
            Outcome::Connected { round_trip_ms, .. } | Outcome::Refused { round_trip_ms } => *round_trip_ms,
            Outcome::TimedOut { .. } => CONNECT_TIMEOUT_MS,
        }
    }
}

/// A connection attempt, hop by hop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Trace {
    pub hops: Vec<Hop>,
    pub outcome: Outcome,
}

/// Why a service could not start listening.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ListenError {
    /// "Address already in use": another service holds the port.
    AddressInUse {
        holder: String,
    },
    UnknownNode,
}

/// The topology and what every node does.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    pub topology: Topology,
    /// What each node of the topology does, in the order they were added.
    machines: Vec<(NodeId, Machine)>,
    next_client_port: u16,
}

/// Where a packet stands after a node has looked at it.
enum Step {
    Arrived,
    Onward { next: NodeId, translated: bool },
    Dropped(Drop),
}

impl Default for Network {
    /// An empty network whose clients pick ports from the ephemeral range.
    fn default() -> Network {
        Network { topology: Topology::default(), machines: Vec::new(), next_client_port: FIRST_EPHEMERAL_PORT }
    }
}

impl Network {
    /// Adds a node and what it does.
    pub fn add(&mut self, name: &str, role: Role, machine: Machine) -> NodeId {
        let id = self.topology.add_node(name, role);
        self.machines.push((id, machine));
        id
    }

    pub fn machine(&self, node: NodeId) -> Option<&Machine> {
        self.machines.iter().find(|(id, _)| *id == node).map(|(_, m)| m)
    }

    pub fn machine_mut(&mut self, node: NodeId) -> Option<&mut Machine> {
        self.machines.iter_mut().find(|(id, _)| *id == node).map(|(_, m)| m)
    }

    /// Starts `service` listening on `port` of `node`.
    pub fn listen(&mut self, node: NodeId, port: u16, service: &str) -> Result<(), ListenError> {
        let machine = self.machine_mut(node).ok_or(ListenError::UnknownNode)?;
        if let Some(holder) = machine.listener(port) {
            return Err(ListenError::AddressInUse { holder: holder.clone() });
        }
        let at = machine.listeners.partition_point(|(p, _)| *p < port);
        machine.listeners.insert(at, (port, service.to_string()));
        Ok(())
    }

    /// `client` tries to connect to `dst` at simulated time `now_ms`.
    pub fn connect(&mut self, client: NodeId, dst: SocketAddr, now_ms: u64) -> Trace {
        let Some(src_ip) = self.machine(client).and_then(|m| m.addresses.first().copied()) else {
            return Trace { hops: Vec::new(), outcome: Outcome::TimedOut { at: client, why: Drop::NoRoute } };
        };
        let src = SocketAddr::new(src_ip, self.next_client_port);
        self.next_client_port = self.next_client_port.checked_add(1).unwrap_or(FIRST_EPHEMERAL_PORT);
        for (_, machine) in &mut self.machines {
            if let Some(nat) = &mut machine.nat {
                nat.entries.retain(|e| e.expires_ms > now_ms);
            }
        }
        let mut hops = Vec::new();
        let (server, arrived) = match self.carry(client, src, dst, now_ms, false, &mut hops) {
            Ok(delivered) => delivered,
            Err((at, why)) => return Trace { hops, outcome: Outcome::TimedOut { at, why } },
        };
        let Some(machine) = self.machine(server) else {
            unreachable!("a packet arrives only at a node with a machine")
        };
        if let Some(open) = &machine.firewall {
            if !open.contains(&arrived.dst.port()) {
                let why = Drop::Firewall { port: arrived.dst.port() };
                return Trace { hops, outcome: Outcome::TimedOut { at: server, why } };
            }
        }
        let service = machine.listener(arrived.dst.port()).cloned();
        match self.carry(server, arrived.dst, arrived.src, now_ms, true, &mut hops) {
            Ok(_) => {
                let round_trip_ms = hops.last().map_or(0, |h| h.at_ms);
                let outcome = match service {
                    Some(service) => Outcome::Connected { service, round_trip_ms },
                    None => Outcome::Refused { round_trip_ms },
                };
                Trace { hops, outcome }
            }
            Err((at, why)) => Trace { hops, outcome: Outcome::TimedOut { at, why } },
        }
    }

    /// Moves one packet from `from` until a node takes it as its own: that node and the
    /// packet's addresses as it arrived; or where and why it was dropped.
    fn carry(
        &mut self,
        from: NodeId,
        mut src: SocketAddr,
        mut dst: SocketAddr,
        now_ms: u64,
        reply: bool,
        hops: &mut Vec<Hop>,
    ) -> Result<(NodeId, Arrival), (NodeId, Drop)> {
        let mut at = from;
        for _ in 0..MAX_HOPS {
            match self.decide(at, &mut src, &mut dst, now_ms) {
                Step::Arrived => return Ok((at, Arrival { src, dst })),
                Step::Dropped(why) => return Err((at, why)),
                Step::Onward { next, translated } => {
                    let latency = self.topology.link_between(at, next).map_or(0, |(_, l)| l.latency_ms);
                    let at_ms = hops.last().map_or(0, |h| h.at_ms) + u64::from(latency);
                    hops.push(Hop { from: at, to: next, src, dst, at_ms, reply, translated });
                    at = next;
                }
            }
        }
        Err((at, Drop::Looped))
    }

    /// What node `at` does with a packet: take it, translate and pass it on, or drop it.
    fn decide(&mut self, at: NodeId, src: &mut SocketAddr, dst: &mut SocketAddr, now_ms: u64) -> Step {
        let role = self.topology.node(at).map(|n| n.role);
        let Some(machine) = self.machine_mut(at) else { return Step::Dropped(Drop::NoRoute) };
        let mut translated = false;
        if let Some(nat) = &mut machine.nat {
            if dst.ip() == IpAddr::V4(nat.public) {
                match inbound(nat, *src, *dst, now_ms) {
                    Some(inside) => {
                        *dst = inside;
                        translated = true;
                    }
                    None => return Step::Dropped(Drop::NoForwardingRule { port: dst.port() }),
                }
            } else if nat.inside.contains(src.ip()) && !nat.inside.contains(dst.ip()) {
                *src = outbound(nat, *src, *dst, now_ms);
                translated = true;
            }
        }
        if !translated && (machine.addresses.contains(&dst.ip()) || dst.ip().is_loopback()) {
            return Step::Arrived;
        }
        if role == Some(Role::Internet) && !routable_on_internet(dst.ip()) {
            return Step::Dropped(Drop::NotRoutable);
        }
        let route = machine.routes.iter().filter(|r| r.to.contains(dst.ip())).max_by_key(|r| r.to.prefix);
        let Some(via) = route.map(|r| r.via) else { return Step::Dropped(Drop::NoRoute) };
        match self.topology.next_hop(at, via) {
            Some(next) => Step::Onward { next, translated },
            None => Step::Dropped(Drop::NoRoute),
        }
    }
}

/// A packet as it reached the node that took it.
#[derive(Clone, Copy)]
struct Arrival {
    src: SocketAddr,
    dst: SocketAddr,
}

/// Whether the internet carries packets to `address`: public ones, and in this lab the
/// documentation ranges that stand in for them.
pub fn routable_on_internet(address: IpAddr) -> bool {
    matches!(classify(address), AddressClass::Public | AddressClass::Documentation)
}

/// The inside address a packet to the public address goes to: a reply on an entry the inside
/// opened (from the remote it was opened to), else a port-forwarding rule.
fn inbound(nat: &mut Nat, src: SocketAddr, dst: SocketAddr, now_ms: u64) -> Option<SocketAddr> {
    if let Some(entry) = nat.entries.iter_mut().find(|e| e.public_port == dst.port() && e.remote == src) {
        entry.expires_ms = now_ms + NAT_IDLE_MS;
        return Some(entry.inside);
    }
    nat.forwards.iter().find(|f| f.public_port == dst.port()).map(|f| f.inside)
}

/// The public source an inside connection to `remote` goes out as, adding a NAT entry for it
/// when it has none.
fn outbound(nat: &mut Nat, inside: SocketAddr, remote: SocketAddr, now_ms: u64) -> SocketAddr {
    let public = IpAddr::V4(nat.public);
    if let Some(entry) = nat.entries.iter_mut().find(|e| e.inside == inside && e.remote == remote) {
        entry.expires_ms = now_ms + NAT_IDLE_MS;
        return SocketAddr::new(public, entry.public_port);
    }
    // A forwarded inside service answering goes out from its forwarded port.
    if let Some(forward) = nat.forwards.iter().find(|f| f.inside == inside) {
        return SocketAddr::new(public, forward.public_port);
    }
    let public_port = nat.next_port;
    nat.next_port = nat.next_port.checked_add(1).unwrap_or(40_000);
    nat.entries.push(NatEntry { inside, public_port, remote, expires_ms: now_ms + NAT_IDLE_MS });
    SocketAddr::new(public, public_port)
}

/// Chapter 4's network: a home network (a laptop, and a web server at home) behind a router with
/// NAT, the internet, a rented server with a public address, a phone outside, and the DNS
/// servers: the home's and the phone's resolvers, a root server, the `com` server and
/// example.com's authoritative server. DNS queries are not forwarded packet by packet; the
/// graph gives their round trips ([`Topology::path_ms`]).
#[derive(Clone, Debug, PartialEq)]
pub struct HomeAndServer {
    pub network: Network,
    pub laptop: NodeId,
    pub home_server: NodeId,
    pub router: NodeId,
    pub internet: NodeId,
    pub server: NodeId,
    pub phone: NodeId,
    /// The home internet provider's resolver, which the laptop asks.
    pub home_resolver: NodeId,
    /// The mobile network's resolver, which the phone asks.
    pub phone_resolver: NodeId,
    pub root: NodeId,
    pub tld: NodeId,
    pub authoritative: NodeId,
}

pub const HOME_NETWORK: [u8; 4] = [192, 168, 0, 0];
pub const ROUTER_INSIDE: Ipv4Addr = Ipv4Addr::new(192, 168, 0, 1);
pub const HOME_SERVER: Ipv4Addr = Ipv4Addr::new(192, 168, 0, 10);
pub const LAPTOP: Ipv4Addr = Ipv4Addr::new(192, 168, 0, 20);
pub const ROUTER_PUBLIC: Ipv4Addr = Ipv4Addr::new(198, 51, 100, 7);
pub const SERVER: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 10);
pub const PHONE: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 50);

impl HomeAndServer {
    pub fn new() -> HomeAndServer {
        let v4 = |a: Ipv4Addr| IpAddr::V4(a);
        let host_route = |a: Ipv4Addr, via| Route { to: Cidr { address: v4(a), prefix: 32 }, via };
        let default_via = |via| Route { to: Cidr { address: v4(Ipv4Addr::UNSPECIFIED), prefix: 0 }, via };
        let home = Cidr { address: v4(Ipv4Addr::from(HOME_NETWORK)), prefix: 24 };
        let mut network = Network::default();
        let internet = network.add("internet", Role::Internet, Machine::default());
        let router = network.add(
            "router",
            Role::Router,
            Machine {
                addresses: vec![v4(ROUTER_INSIDE), v4(ROUTER_PUBLIC)],
                nat: Some(Nat::new(home, ROUTER_PUBLIC)),
                ..Machine::default()
            },
        );
        let inside = |address| Machine {
            addresses: vec![v4(address)],
            routes: vec![Route { to: home, via: router }, default_via(router)],
            ..Machine::default()
        };
        let laptop = network.add("laptop", Role::Client, inside(LAPTOP));
        let home_server = network.add("home-server", Role::Server, inside(HOME_SERVER));
        let outside = |address| Machine {
            addresses: vec![v4(address)],
            routes: vec![default_via(internet)],
            ..Machine::default()
        };
        let server = network.add(
            "server",
            Role::Server,
            Machine {
                firewall: Some(vec![22, 80]),
                listeners: vec![(22, "sshd".to_string()), (80, "web".to_string())],
                ..outside(SERVER)
            },
        );
        let phone = network.add("phone", Role::Client, outside(PHONE));
        if let Some(m) = network.machine_mut(router) {
            m.routes = vec![host_route(HOME_SERVER, home_server), host_route(LAPTOP, laptop), default_via(internet)];
        }
        if let Some(m) = network.machine_mut(internet) {
            m.routes = vec![host_route(ROUTER_PUBLIC, router), host_route(SERVER, server), host_route(PHONE, phone)];
        }
        network.topology.link(laptop, router, 1);
        network.topology.link(home_server, router, 1);
        network.topology.link(router, internet, 10);
        network.topology.link(internet, server, 5);
        network.topology.link(phone, internet, 20);
        let mut name_server = |name: &str, role: Role, latency_ms: u32| {
            let node = network.add(name, role, Machine::default());
            network.topology.link(node, internet, latency_ms);
            node
        };
        let home_resolver = name_server("home-resolver", Role::Resolver, 5);
        let phone_resolver = name_server("phone-resolver", Role::Resolver, 5);
        let root = name_server("root", Role::NameServer, 10);
        let tld = name_server("com", Role::NameServer, 10);
        let authoritative = name_server("ns.example.com", Role::NameServer, 15);
        HomeAndServer {
            network,
            laptop,
            home_server,
            router,
            internet,
            server,
            phone,
            home_resolver,
            phone_resolver,
            root,
            tld,
            authoritative,
        }
    }
}

impl Default for HomeAndServer {
    fn default() -> Self {
        HomeAndServer::new()
    }
}
