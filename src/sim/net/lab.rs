//! Chapter 4's lab: the home network and rented server of [`HomeAndServer`], the DNS that
//! example.com is looked up through, and what a learner changes in them.
//!
//! The learner runs services on ports of the home server and the rented server, opens and closes
//! their firewalls, adds port-forwarding rules on the home router, edits example.com's A record,
//! and sends requests from the phone (outside) or the laptop (inside) to a name or an address.
//! Each request is a DNS lookup through that client's browser cache and resolver, then a
//! connection traced hop by hop; the latest one is kept for the trace list.
//!
//! Once a second the lab asks whether a new visitor outside (no cache) reaches the web service
//! at `http://example.com`. And it keeps, for every address example.com has pointed at, until
//! when some cache may still hold it: the lab's site is a popular one, so it assumes that some
//! resolver somewhere fetched the record just before every change, and kept it for the TTL then
//! served. So a move to a new address strands users at the old one for as long as the longest
//! TTL that old address was ever served with, counted from when it was last served. Left out:
//! resolvers that cap or stretch TTLs, IPv6 (records and routes are IPv4 here), and the time a
//! request takes beyond its connection (no HTTP).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use serde::{Deserialize, Serialize};

use super::dns::{parse_name, Answer, Dns, Latency, Lookup, Name, Record, RecordData, RecordType, Server, Zone};
use super::network::{Drop, HomeAndServer, ListenError, Outcome, PortForward, Trace, HOME_SERVER};
use super::topology::NodeId;
use crate::sim::metrics::{Metric, Sample};

/// example.com's A record's TTL at the start, in seconds (an hour, a common default).
pub const START_TTL_S: u32 = 3_600;
/// How long resolvers keep "no such name" from example.com (its SOA minimum), in seconds.
pub const NEGATIVE_TTL_S: u32 = 300;
/// The longest TTL the record editor takes: a week.
pub const MAX_TTL_S: u32 = 604_800;
/// How long after a move users may still reach the old address, at most, for the move to count
/// as safe (the challenge's figure), in seconds.
pub const MOVE_WINDOW_S: u32 = 60;

/// A machine whose services and firewall the learner controls.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Host {
    /// The server at home, `192.168.0.10`, behind the router.
    Home,
    /// The rented server, `203.0.113.10`.
    Rented,
}

/// A service a host can run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum App {
    Web,
    Ssh,
    Database,
}

impl App {
    pub const ALL: [App; 3] = [App::Web, App::Ssh, App::Database];

    /// The process's name, as `ss -ltnp` would show it.
    pub fn process(self) -> &'static str {
        match self {
            App::Web => "web",
            App::Ssh => "sshd",
            App::Database => "postgres",
        }
    }

    /// The port it is normally found on.
    pub fn usual_port(self) -> u16 {
        match self {
            App::Web => 80,
            App::Ssh => 22,
            App::Database => 5432,
        }
    }

    fn of_process(name: &str) -> Option<App> {
        App::ALL.into_iter().find(|app| app.process() == name)
    }
}

/// Where a request starts.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Client {
    /// The phone on mobile data, outside: how a user meets the site.
    Phone,
    /// The laptop at home, inside.
    Laptop,
}

/// The names a request can be sent to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SiteName {
    /// `example.com`: the A record the learner edits.
    Apex,
    /// `www.example.com`: a CNAME to the apex.
    Www,
    /// `shop.example.com`: no such name.
    Shop,
}

impl SiteName {
    pub const ALL: [SiteName; 3] = [SiteName::Apex, SiteName::Www, SiteName::Shop];

    pub fn text(self) -> &'static str {
        match self {
            SiteName::Apex => "example.com",
            SiteName::Www => "www.example.com",
            SiteName::Shop => "shop.example.com",
        }
    }

    fn name(self) -> Name {
        parse_name(self.text()).unwrap_or_else(|_| unreachable!("the lab's names are valid"))
    }
}

/// What a request is sent to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "to", rename_all = "snake_case")]
pub enum Target {
    Name(SiteName),
    Address(Ipv4Addr),
}

/// Who gave a name's answer to a client: where the lookup stopped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AnsweredBy {
    BrowserCache,
    ResolverCache,
    /// The resolver walked to the name servers: root, TLD, authoritative (or stopped at one
    /// that said the name does not exist).
    NameServers,
}

/// How a request ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "result", rename_all = "snake_case")]
pub enum RequestResult {
    Connected {
        app: App,
    },
    /// Nobody listens on the port.
    Refused,
    /// A firewall or router dropped it; the client waited out its timeout.
    TimedOut {
        why: Drop,
    },
    /// The name does not exist (NXDOMAIN), or has no address.
    NoSuchName,
}

/// A change the lab made, for the event log.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "net", rename_all = "snake_case")]
pub enum NetEvent {
    Listening {
        host: Host,
        app: App,
        port: u16,
    },
    Stopped {
        host: Host,
        app: App,
    },
    Firewall {
        host: Host,
        port: u16,
        open: bool,
    },
    Forwarded {
        public_port: u16,
        inside_port: u16,
    },
    Unforwarded {
        public_port: u16,
    },
    RecordChanged {
        address: Ipv4Addr,
        ttl_s: u32,
    },
    Requested {
        from: Client,
        target: Target,
        port: u16,
        answered_by: Option<AnsweredBy>,
        result: RequestResult,
    },
    /// example.com moved from an address where the site worked; users may reach the old one for
    /// `window_s` more seconds.
    Moved {
        from: Ipv4Addr,
        to: Ipv4Addr,
        window_s: u32,
    },
    /// A new visitor outside now reaches the site (or no longer does).
    SiteReachable {
        reachable: bool,
    },
}

/// Why the lab refused a change; nothing changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NetRefusal {
    /// "Address already in use": `holder` listens on the port.
    AddressInUse {
        port: u16,
        holder: App,
    },
    /// Port 0 is not a port a service can be reached on.
    PortZero,
    /// The router already forwards this public port.
    AlreadyForwarded {
        public_port: u16,
    },
    /// The router forwards no such port.
    NotForwarded {
        public_port: u16,
    },
    TtlTooLong {
        max_s: u32,
    },
}

/// Chapter 4's starting figures.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NetScenario {
    /// Where example.com points at the start.
    pub address: Ipv4Addr,
    pub ttl_s: u32,
}

impl NetScenario {
    /// The start of chapter 4: the site half set up at home. The record holds the home server's
    /// private address, the web service listens on the development port 8080, the home
    /// server's firewall lets in only SSH, and the router forwards nothing.
    pub fn chapter_four() -> NetScenario {
        NetScenario { address: HOME_SERVER, ttl_s: START_TTL_S }
    }
}

/// The latest request, as the trace list shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub from: Client,
    pub target: Target,
    pub port: u16,
    pub at_ms: u64,
    pub lookup: Option<Lookup>,
    /// The address the connection went to (none when the name did not resolve).
    pub address: Option<Ipv4Addr>,
    pub trace: Option<Trace>,
    pub result: RequestResult,
}

/// A move of example.com to a new address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Move {
    pub at_ms: u64,
    pub from: Ipv4Addr,
    pub to: Ipv4Addr,
    /// How long after the move users may still be sent to `from`, in milliseconds.
    pub window_ms: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct NetLab {
    pub net: HomeAndServer,
    /// The phone's and the laptop's browser and resolver; each holds the same zones.
    phone_dns: Dns,
    laptop_dns: Dns,
    record: (Ipv4Addr, u32),
    /// Until when some cache may hold each address example.com pointed at before (ms).
    cached_until: Vec<(Ipv4Addr, u64)>,
    latest_move: Option<Move>,
    reachable: bool,
    last: Option<Attempt>,
    requests: u64,
}

impl NetLab {
    pub fn new(scenario: &NetScenario) -> NetLab {
        let mut net = HomeAndServer::new();
        let home = net.home_server;
        // Set up as the scenario says: these cannot clash on a fresh network.
        for (port, app) in [(22, App::Ssh), (8080, App::Web), (5432, App::Database)] {
            let _ = net.network.listen(home, port, app.process());
        }
        if let Some(machine) = net.network.machine_mut(home) {
            machine.firewall = Some(vec![22]);
        }
        let zones = vec![Zone {
            origin: SiteName::Apex.name(),
            records: records(scenario.address, scenario.ttl_s),
            negative_ttl_s: NEGATIVE_TTL_S,
        }];
        let (phone, phone_resolver, laptop, home_resolver) =
            (net.phone, net.phone_resolver, net.laptop, net.home_resolver);
        let phone_dns = Dns::new(zones.clone(), latency(&mut net, phone, phone_resolver));
        let laptop_dns = Dns::new(zones, latency(&mut net, laptop, home_resolver));
        NetLab {
            net,
            phone_dns,
            laptop_dns,
            record: (scenario.address, scenario.ttl_s),
            cached_until: Vec::new(),
            latest_move: None,
            reachable: false,
            last: None,
            requests: 0,
        }
    }

    pub fn node(&self, host: Host) -> NodeId {
        match host {
            Host::Home => self.net.home_server,
            Host::Rented => self.net.server,
        }
    }

    pub fn client_node(&self, client: Client) -> NodeId {
        match client {
            Client::Phone => self.net.phone,
            Client::Laptop => self.net.laptop,
        }
    }

    pub fn dns(&self, client: Client) -> &Dns {
        match client {
            Client::Phone => &self.phone_dns,
            Client::Laptop => &self.laptop_dns,
        }
    }

    /// The port each app listens on, on `host`.
    pub fn listening(&self, host: Host) -> Vec<(App, u16)> {
        let listeners = self.net.network.machine(self.node(host)).map(|m| &m.listeners);
        listeners.into_iter().flatten().filter_map(|(port, process)| Some((App::of_process(process)?, *port))).collect()
    }

    pub fn port_of(&self, host: Host, app: App) -> Option<u16> {
        self.listening(host).into_iter().find(|(a, _)| *a == app).map(|(_, port)| port)
    }

    /// The ports `host`'s firewall lets in.
    pub fn open_ports(&self, host: Host) -> Vec<u16> {
        let machine = self.net.network.machine(self.node(host));
        machine.and_then(|m| m.firewall.clone()).unwrap_or_default()
    }

    pub fn forwards(&self) -> &[PortForward] {
        self.net.network.machine(self.net.router).and_then(|m| m.nat.as_ref()).map_or(&[], |nat| &nat.forwards)
    }

    /// example.com's A record: its address and TTL.
    pub fn record(&self) -> (Ipv4Addr, u32) {
        self.record
    }

    pub fn last_attempt(&self) -> Option<&Attempt> {
        self.last.as_ref()
    }

    pub fn latest_move(&self) -> Option<Move> {
        self.latest_move
    }

    /// Whether a new visitor outside reached the site at the end of the last second.
    pub fn reachable(&self) -> bool {
        self.reachable
    }

    /// The earliest time from which moving example.com away from its current address keeps
    /// every user off the old one within `window_s` of the switch ([`MOVE_WINDOW_S`] in the
    /// built-in challenge); `None` while the record's TTL is longer than that (no moment is
    /// safe until it is lowered).
    pub fn earliest_safe_move_ms(&self, now_ms: u64, window_s: u32) -> Option<u64> {
        let (address, ttl_s) = self.record;
        if ttl_s > window_s {
            return None;
        }
        let window_ms = u64::from(window_s) * 1_000;
        let earlier = self.cached_until.iter().find(|(a, _)| *a == address).map_or(0, |(_, until)| *until);
        Some(now_ms.max(earlier.saturating_sub(window_ms)))
    }

    /// Starts `app` on `port` of `host`, or moves it there from the port it was on.
    pub fn listen(&mut self, host: Host, app: App, port: u16) -> Result<Option<NetEvent>, NetRefusal> {
        if port == 0 {
            return Err(NetRefusal::PortZero);
        }
        let node = self.node(host);
        let was = self.port_of(host, app);
        if was == Some(port) {
            return Ok(None);
        }
        if let Some(holder) = self.listening(host).into_iter().find(|(_, p)| *p == port).map(|(a, _)| a) {
            return Err(NetRefusal::AddressInUse { port, holder });
        }
        if let (Some(was), Some(machine)) = (was, self.net.network.machine_mut(node)) {
            machine.stop_listening(was);
        }
        match self.net.network.listen(node, port, app.process()) {
            Ok(()) => Ok(Some(NetEvent::Listening { host, app, port })),
            Err(ListenError::AddressInUse { .. } | ListenError::UnknownNode) => {
                unreachable!("the port was checked free on a node of this network")
            }
        }
    }

    pub fn stop(&mut self, host: Host, app: App) -> Option<NetEvent> {
        let port = self.port_of(host, app)?;
        let node = self.node(host);
        self.net.network.machine_mut(node)?.stop_listening(port);
        Some(NetEvent::Stopped { host, app })
    }

    pub fn set_firewall(&mut self, host: Host, port: u16, open: bool) -> Result<Option<NetEvent>, NetRefusal> {
        if port == 0 {
            return Err(NetRefusal::PortZero);
        }
        let node = self.node(host);
        let changed = self.net.network.machine_mut(node).is_some_and(|m| m.set_firewall(port, open));
        Ok(changed.then_some(NetEvent::Firewall { host, port, open }))
    }

    /// Forwards the router's `public_port` to the home server's `inside_port`.
    pub fn forward(&mut self, public_port: u16, inside_port: u16) -> Result<NetEvent, NetRefusal> {
        if public_port == 0 || inside_port == 0 {
            return Err(NetRefusal::PortZero);
        }
        let router = self.net.router;
        let nat = self.net.network.machine_mut(router).and_then(|m| m.nat.as_mut());
        let Some(nat) = nat else { unreachable!("the home router has NAT") };
        if nat.forwards.iter().any(|f| f.public_port == public_port) {
            return Err(NetRefusal::AlreadyForwarded { public_port });
        }
        let inside = SocketAddr::new(IpAddr::V4(HOME_SERVER), inside_port);
        nat.forwards.push(PortForward { public_port, inside });
        Ok(NetEvent::Forwarded { public_port, inside_port })
    }

    pub fn unforward(&mut self, public_port: u16) -> Result<NetEvent, NetRefusal> {
        let router = self.net.router;
        let nat = self.net.network.machine_mut(router).and_then(|m| m.nat.as_mut());
        let Some(nat) = nat else { unreachable!("the home router has NAT") };
        let before = nat.forwards.len();
        nat.forwards.retain(|f| f.public_port != public_port);
        if nat.forwards.len() == before {
            return Err(NetRefusal::NotForwarded { public_port });
        }
        Ok(NetEvent::Unforwarded { public_port })
    }

    /// Points example.com at `address` with `ttl_s`. A change of address away from one where the
    /// site worked is a move, and records how long users may still reach the old one.
    pub fn set_record(&mut self, address: Ipv4Addr, ttl_s: u32, now_ms: u64) -> Result<Vec<NetEvent>, NetRefusal> {
        if ttl_s > MAX_TTL_S {
            return Err(NetRefusal::TtlTooLong { max_s: MAX_TTL_S });
        }
        let (old, old_ttl_s) = self.record;
        if (old, old_ttl_s) == (address, ttl_s) {
            return Ok(Vec::new());
        }
        let was_working = self.site_works_at(old, now_ms);
        let cached = now_ms + u64::from(old_ttl_s) * 1_000;
        let old_until = match self.cached_until.iter_mut().find(|(a, _)| *a == old) {
            Some((_, until)) => {
                *until = (*until).max(cached);
                *until
            }
            None => {
                self.cached_until.push((old, cached));
                cached
            }
        };
        self.record = (address, ttl_s);
        for dns in [&mut self.phone_dns, &mut self.laptop_dns] {
            if let Some(zone) = dns.zone_mut(&SiteName::Apex.name()) {
                zone.records = records(address, ttl_s);
            }
        }
        let mut events = vec![NetEvent::RecordChanged { address, ttl_s }];
        if address != old && was_working {
            let moved = Move { at_ms: now_ms, from: old, to: address, window_ms: old_until - now_ms };
            self.latest_move = Some(moved);
            events.push(NetEvent::Moved { from: old, to: address, window_s: moved.window_ms.div_ceil(1_000) as u32 });
        }
        Ok(events)
    }

    /// Sends a request from `from` to `target`'s `port`: a lookup if it is a name, then a
    /// connection.
    pub fn request(&mut self, from: Client, target: Target, port: u16, now_ms: u64) -> NetEvent {
        self.requests += 1;
        let (lookup, address) = match target {
            Target::Address(address) => (None, Some(address)),
            Target::Name(name) => {
                let dns = match from {
                    Client::Phone => &mut self.phone_dns,
                    Client::Laptop => &mut self.laptop_dns,
                };
                let lookup = dns.lookup(&name.name(), RecordType::A, now_ms);
                let address = first_address(&lookup.answer);
                (Some(lookup), address)
            }
        };
        let answered_by = lookup.as_ref().map(answered_by);
        let trace = address.map(|a| {
            let node = self.client_node(from);
            self.net.network.connect(node, SocketAddr::new(IpAddr::V4(a), port), now_ms)
        });
        let result = trace.as_ref().map_or(RequestResult::NoSuchName, |t| result_of(&t.outcome));
        self.last = Some(Attempt { from, target, port, at_ms: now_ms, lookup, address, trace, result });
        NetEvent::Requested { from, target, port, answered_by, result }
    }

    /// Whether a new visitor on the phone, with no cache, reaches the web service at
    /// `address` on port 80. Tries a connection (the network's NAT entries and ports move).
    fn site_works_at(&mut self, address: Ipv4Addr, now_ms: u64) -> bool {
        let to = SocketAddr::new(IpAddr::V4(address), 80);
        let trace = self.net.network.connect(self.net.phone, to, now_ms);
        matches!(result_of(&trace.outcome), RequestResult::Connected { app: App::Web })
    }

    /// The end of a simulated second: whether a new visitor reaches the site now.
    pub fn sample(&mut self, now_ms: u64) -> Option<NetEvent> {
        let reachable = self.site_works_at(self.record.0, now_ms);
        let changed = reachable != self.reachable;
        self.reachable = reachable;
        changed.then_some(NetEvent::SiteReachable { reachable })
    }

    /// The second's figures.
    pub fn measure(&self, sample: &mut Sample) {
        sample.set(Metric::SiteReachable, if self.reachable { 100.0 } else { 0.0 });
        if let Some(moved) = self.latest_move {
            sample.set(Metric::OldAddressWindowS, moved.window_ms.div_ceil(1_000) as f64);
        }
    }

    /// Figures that two equal runs share, for the world's digest.
    pub fn fingerprint(&self) -> [u64; 5] {
        let (address, ttl_s) = self.record;
        let window = self.latest_move.map_or(u64::MAX, |m| m.window_ms);
        [u64::from(u32::from(address)), u64::from(ttl_s), window, u64::from(self.reachable), self.requests]
    }
}

/// example.com's records: the A record the learner edits, and `www` as a CNAME to it.
fn records(address: Ipv4Addr, ttl_s: u32) -> Vec<Record> {
    vec![
        Record { name: SiteName::Apex.name(), ttl_s, data: RecordData::A(address) },
        Record { name: SiteName::Www.name(), ttl_s: START_TTL_S, data: RecordData::Cname(SiteName::Apex.name()) },
    ]
}

/// Round trips from `client` to its resolver and from the resolver to each name server, from
/// the links' latencies.
fn latency(net: &mut HomeAndServer, client: NodeId, resolver: NodeId) -> Latency {
    let mut round_trip = |a, b| u64::from(net.network.topology.path_ms(a, b).unwrap_or(0)) * 2;
    Latency {
        resolver: round_trip(client, resolver),
        root: round_trip(resolver, net.root),
        tld: round_trip(resolver, net.tld),
        authoritative: round_trip(resolver, net.authoritative),
    }
}

fn first_address(answer: &Answer) -> Option<Ipv4Addr> {
    match answer {
        Answer::Found { records, .. } => records.iter().find_map(|r| match r.data {
            RecordData::A(address) => Some(address),
            _ => None,
        }),
        Answer::NxDomain | Answer::NoData | Answer::CnameLoop => None,
    }
}

fn answered_by(lookup: &Lookup) -> AnsweredBy {
    let asked = |server: fn(&Server) -> bool| lookup.steps.iter().any(|s| server(&s.server));
    if asked(|s| matches!(s, Server::BrowserCache)) {
        AnsweredBy::BrowserCache
    } else if asked(|s| matches!(s, Server::Root | Server::Tld(_) | Server::Authoritative(_))) {
        AnsweredBy::NameServers
    } else {
        AnsweredBy::ResolverCache
    }
}

fn result_of(outcome: &Outcome) -> RequestResult {
    match outcome {
        Outcome::Connected { service, .. } => {
            App::of_process(service).map_or(RequestResult::Refused, |app| RequestResult::Connected { app })
        }
        Outcome::Refused { .. } => RequestResult::Refused,
        Outcome::TimedOut { why, .. } => RequestResult::TimedOut { why: *why },
    }
}
