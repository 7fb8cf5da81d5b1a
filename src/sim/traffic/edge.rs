//! How chapter 5's users reach the load balancer: a DNS lookup of `www.example.com` (only when
//! the user's browser has no fresh answer: each user keeps the balancer's address for the
//! record's TTL), then the trip across chapter 4's kind of network to the balancer's public
//! address, which forwards over a private network to the servers.
//!
//! The links are a petgraph [`Topology`]; every delay here is a path over it. One resolver,
//! shared by every user, caches with TTLs as chapter 4's does ([`Dns::resolve`]). Each server
//! hangs off the private network by a link of its own, which chapter 6 can cut: whether the
//! balancer reaches a server is whether the graph has a path to it. Left out: users in
//! different places (every user is the same distance away), DNS failures, and the balancer's
//! own limits.

use std::net::Ipv4Addr;

use crate::sim::net::dns::{parse_name, Answer, Dns, Latency, Name, Record, RecordData, RecordType, Zone};
use crate::sim::net::topology::{LinkId, NodeId, Role, Topology};

/// The balancer's public address, which `www.example.com` points to.
pub const BALANCER: Ipv4Addr = Ipv4Addr::new(203, 0, 113, 10);
/// The site's name, as users type it.
pub const SITE: &str = "www.example.com";

/// A server's private address: 10.0.0.10 + its id.
pub fn server_address(id: u32) -> Ipv4Addr {
    Ipv4Addr::from(u32::from(Ipv4Addr::new(10, 0, 0, 10)) + id)
}

/// A user's address: documentation ranges, 254 to each.
pub fn client_address(client: u32) -> Ipv4Addr {
    let ranges = [[192, 0, 2, 0], [198, 51, 100, 0], [203, 0, 113, 0]];
    let range = ranges[(client / 254) as usize % ranges.len()];
    Ipv4Addr::from(u32::from(Ipv4Addr::from(range)) + client % 254 + 1)
}

#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub topology: Topology,
    pub users: NodeId,
    pub resolver: NodeId,
    pub balancer: NodeId,
    /// The private network the servers hang off.
    pub servers: NodeId,
    /// Each server's own node and its link to the private network, once asked for.
    server_links: Vec<(u32, NodeId, LinkId)>,
    dns: Dns,
    site: Name,
    /// When each user's cached answer stops being fresh (ms); 0 for none yet.
    cached_until_ms: Vec<u64>,
    to_balancer_us: u64,
    back_us: u64,
    lookups: u64,
}

impl Edge {
    pub fn new(clients: u32, ttl_s: u32) -> Edge {
        let mut topology = Topology::default();
        let internet = topology.add_node("internet", Role::Internet);
        let users = topology.add_node("users", Role::Client);
        let provider = topology.add_node("provider", Role::Router);
        let resolver = topology.add_node("resolver", Role::Resolver);
        let root = topology.add_node("root", Role::NameServer);
        let tld = topology.add_node("com", Role::NameServer);
        let authoritative = topology.add_node("ns.example.com", Role::NameServer);
        let balancer = topology.add_node("balancer", Role::LoadBalancer);
        let servers = topology.add_node("servers", Role::Server);
        // Users reach everything through their provider, whose resolver they ask.
        topology.link(users, provider, 5);
        topology.link(provider, resolver, 1);
        topology.link(provider, internet, 10);
        topology.link(root, internet, 10);
        topology.link(tld, internet, 10);
        topology.link(authoritative, internet, 15);
        topology.link(internet, balancer, 5);
        topology.link(balancer, servers, 1);
        let mut one_way = |a, b| u64::from(topology.path_ms(a, b).unwrap_or(0));
        let latency = Latency {
            resolver: one_way(users, resolver) * 2,
            root: one_way(resolver, root) * 2,
            tld: one_way(resolver, tld) * 2,
            authoritative: one_way(resolver, authoritative) * 2,
        };
        let (to_balancer, lan) = (one_way(users, balancer), one_way(balancer, servers));
        let site = parse_name(SITE).expect("the site's name is valid");
        let apex = parse_name("example.com").expect("the zone's name is valid");
        let zone = Zone {
            origin: apex,
            records: vec![Record { name: site.clone(), ttl_s, data: RecordData::A(BALANCER) }],
            negative_ttl_s: 300,
        };
        Edge {
            topology,
            users,
            resolver,
            balancer,
            servers,
            server_links: Vec::new(),
            dns: Dns::new(vec![zone], latency),
            site,
            cached_until_ms: vec![0; clients.max(1) as usize],
            // The private network's trip to the server is counted on the way in.
            to_balancer_us: (to_balancer + lan) * 1_000,
            back_us: (lan + to_balancer) * 1_000,
            lookups: 0,
        }
    }

    /// When a request `client` sends at `at_us` reaches a server, and how long its DNS lookup
    /// took (`None` when the browser's cache answered).
    pub fn reach(&mut self, client: u32, at_us: u64) -> (u64, Option<u64>) {
        let now_ms = at_us / 1_000;
        let slot = client as usize % self.cached_until_ms.len();
        if self.cached_until_ms[slot] > now_ms {
            return (at_us + self.to_balancer_us, None);
        }
        self.lookups += 1;
        let (lookup, ttl_s) = self.dns.resolve(&self.site, RecordType::A, now_ms);
        let took_ms = lookup.steps.last().map_or(0, |s| s.at_ms);
        if matches!(lookup.answer, Answer::Found { .. }) {
            self.cached_until_ms[slot] = now_ms + took_ms + u64::from(ttl_s) * 1_000;
        }
        (at_us + took_ms * 1_000 + self.to_balancer_us, Some(took_ms))
    }

    /// The answer's trip back from a server to the user.
    pub fn back_us(&self) -> u64 {
        self.back_us
    }

    /// Server `id`'s node and link, added to the graph the first time they are asked for (the
    /// link takes no time of its own: the private network's 1 ms is counted already).
    fn server_link(&mut self, id: u32) -> (NodeId, LinkId) {
        if let Some(&(_, node, link)) = self.server_links.iter().find(|(server, ..)| *server == id) {
            return (node, link);
        }
        let node = self.topology.add_node(&format!("node-{id}"), Role::Server);
        let link = self.topology.link(self.servers, node, 0);
        self.server_links.push((id, node, link));
        (node, link)
    }

    /// Cuts server `id`'s link (`up` false) or mends it; whether the balancer then reaches it.
    pub fn set_server_link(&mut self, id: u32, up: bool) -> bool {
        let (node, link) = self.server_link(id);
        self.topology.set_link_up(link, up);
        self.topology.path(self.balancer, node).is_some()
    }

    /// Whether server `id`'s link is up (a server never cut has its link up).
    pub fn server_link_up(&self, id: u32) -> bool {
        let link = self.server_links.iter().find(|(server, ..)| *server == id);
        link.is_none_or(|&(_, node, _)| self.topology.link_between(self.servers, node).is_some_and(|(_, l)| l.up))
    }

    /// DNS lookups users have made (their caches missed).
    pub fn lookups(&self) -> u64 {
        self.lookups
    }

    /// Whether `client`'s browser holds a fresh answer at `now_ms`.
    pub fn cached(&self, client: u32, now_ms: u64) -> bool {
        self.cached_until_ms.get(client as usize).is_some_and(|&until| until > now_ms)
    }
}
