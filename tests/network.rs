//! Chapter 4's network: forwarding decided by address at every hop over the petgraph topology,
//! NAT and port forwarding, the three answers a port can give, and paths that follow cut links.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use server_lab::sim::net::network::{
    Drop, HomeAndServer, ListenError, Outcome, PortForward, CONNECT_TIMEOUT_MS, HOME_SERVER, LAPTOP, NAT_IDLE_MS,
    ROUTER_PUBLIC, SERVER,
};
use server_lab::sim::net::topology::{Role, Topology};

fn at(address: Ipv4Addr, port: u16) -> SocketAddr {
    SocketAddr::new(IpAddr::V4(address), port)
}

#[test]
fn a_path_in_the_graph_is_not_a_route_the_internet_drops_private_addresses() {
    let mut lab = HomeAndServer::new();
    lab.network.listen(lab.home_server, 80, "web").expect("a free port");
    // The links exist: phone → internet → router → home server.
    let path = lab.network.topology.path(lab.phone, lab.home_server).map(<[_]>::to_vec);
    assert_eq!(path, Some(vec![lab.phone, lab.internet, lab.router, lab.home_server]));
    let trace = lab.network.connect(lab.phone, at(HOME_SERVER, 80), 0);
    assert_eq!(trace.outcome, Outcome::TimedOut { at: lab.internet, why: Drop::NotRoutable });
    assert_eq!(trace.hops.len(), 1, "it got as far as the internet");
}

#[test]
fn the_routers_public_address_leads_inside_only_through_a_port_forwarding_rule() {
    let mut lab = HomeAndServer::new();
    lab.network.listen(lab.home_server, 80, "web").expect("a free port");
    let before = lab.network.connect(lab.phone, at(ROUTER_PUBLIC, 80), 0);
    assert_eq!(before.outcome, Outcome::TimedOut { at: lab.router, why: Drop::NoForwardingRule { port: 80 } });

    let nat = lab.network.machine_mut(lab.router).and_then(|m| m.nat.as_mut()).expect("the router's NAT");
    nat.forwards.push(PortForward { public_port: 80, inside: at(HOME_SERVER, 80) });
    let after = lab.network.connect(lab.phone, at(ROUTER_PUBLIC, 80), 0);
    assert_eq!(after.outcome, Outcome::Connected { service: "web".into(), round_trip_ms: 2 * (20 + 10 + 1) });
    let into_home = after.hops.iter().find(|h| h.from == lab.router && !h.reply).expect("the router passed it in");
    assert!(into_home.translated);
    assert_eq!(into_home.dst, at(HOME_SERVER, 80));
    // The answer leaves from the public address, so the phone sees the address it asked for.
    let last = after.hops.last().expect("a reply");
    assert!(last.reply);
    assert_eq!(last.src, at(ROUTER_PUBLIC, 80));
}

#[test]
fn an_outgoing_connection_is_translated_and_leaves_a_nat_entry_only_its_remote_can_use() {
    let mut lab = HomeAndServer::new();
    let trace = lab.network.connect(lab.laptop, at(SERVER, 80), 1_000);
    assert_eq!(trace.outcome, Outcome::Connected { service: "web".into(), round_trip_ms: 2 * (1 + 10 + 5) });
    let first = trace.hops[0];
    assert_eq!((first.src, first.dst), (at(LAPTOP, 49_152), at(SERVER, 80)));
    let outside = trace.hops.iter().find(|h| h.from == lab.router && !h.reply).expect("out through the router");
    assert!(outside.translated);
    assert_eq!(outside.src, at(ROUTER_PUBLIC, 40_000));
    let arrived = trace.hops.iter().rev().find(|h| h.reply).expect("the reply");
    assert_eq!(arrived.dst, at(LAPTOP, 49_152), "translated back to the laptop");

    let entries = lab.network.machine(lab.router).and_then(|m| m.nat.as_ref()).map(|n| n.entries.clone());
    let entry = entries.as_deref().and_then(|e| e.first()).copied().expect("one NAT entry");
    assert_eq!((entry.inside, entry.public_port, entry.remote), (at(LAPTOP, 49_152), 40_000, at(SERVER, 80)));
    assert_eq!(entry.expires_ms, 1_000 + NAT_IDLE_MS);

    // Someone else knocking on that public port is not the remote the entry was opened to.
    let stranger = lab.network.connect(lab.phone, at(ROUTER_PUBLIC, 40_000), 2_000);
    assert_eq!(stranger.outcome, Outcome::TimedOut { at: lab.router, why: Drop::NoForwardingRule { port: 40_000 } });
    // Idle entries expire exactly at their time.
    lab.network.connect(lab.phone, at(SERVER, 22), 1_000 + NAT_IDLE_MS - 1);
    assert_eq!(lab.network.machine(lab.router).and_then(|m| m.nat.as_ref()).map(|n| n.entries.len()), Some(1));
    lab.network.connect(lab.phone, at(SERVER, 22), 1_000 + NAT_IDLE_MS);
    assert_eq!(lab.network.machine(lab.router).and_then(|m| m.nat.as_ref()).map(|n| n.entries.len()), Some(0));
}

#[test]
fn a_closed_a_firewalled_and_an_open_port_answer_three_ways() {
    let mut lab = HomeAndServer::new();
    let firewalled = lab.network.connect(lab.phone, at(SERVER, 443), 0);
    assert_eq!(firewalled.outcome, Outcome::TimedOut { at: lab.server, why: Drop::Firewall { port: 443 } });
    lab.network.machine_mut(lab.server).map(|m| m.set_firewall(443, true));
    let closed = lab.network.connect(lab.phone, at(SERVER, 443), 0);
    assert_eq!(closed.outcome, Outcome::Refused { round_trip_ms: 2 * (20 + 5) });
    assert_eq!(closed.outcome.waited_ms(), 50, "a refusal comes back at once");
    assert_eq!(firewalled.outcome.waited_ms(), CONNECT_TIMEOUT_MS, "a drop is waited out");
    lab.network.listen(lab.server, 443, "web-tls").expect("a free port");
    let open = lab.network.connect(lab.phone, at(SERVER, 443), 0);
    assert_eq!(open.outcome, Outcome::Connected { service: "web-tls".into(), round_trip_ms: 50 });
    assert_eq!(lab.network.listen(lab.server, 80, "other"), Err(ListenError::AddressInUse { holder: "web".into() }));
}

#[test]
fn loopback_never_leaves_the_machine() {
    let mut lab = HomeAndServer::new();
    let trace = lab.network.connect(lab.server, at(Ipv4Addr::LOCALHOST, 22), 0);
    assert_eq!(trace.outcome, Outcome::Connected { service: "sshd".into(), round_trip_ms: 0 });
    assert!(trace.hops.is_empty());
}

#[test]
fn cutting_the_servers_only_link_leaves_no_route_until_it_is_mended() {
    let mut lab = HomeAndServer::new();
    let (link, _) = lab.network.topology.link_between(lab.internet, lab.server).expect("linked");
    assert_eq!(lab.network.topology.set_link_up(link, false), Some(true));
    let cut = lab.network.connect(lab.phone, at(SERVER, 80), 0);
    assert_eq!(cut.outcome, Outcome::TimedOut { at: lab.internet, why: Drop::NoRoute });
    assert_eq!(lab.network.topology.set_link_up(link, true), Some(true));
    assert!(matches!(lab.network.connect(lab.phone, at(SERVER, 80), 0).outcome, Outcome::Connected { .. }));
}

#[test]
fn paths_take_the_fewest_milliseconds_and_change_when_a_link_is_cut_or_mended() {
    // a — b — d is 2 + 2 ms; a — c — d is 1 + 5 ms.
    let mut t = Topology::default();
    let [a, b, c, d] = ["a", "b", "c", "d"].map(|n| t.add_node(n, Role::Router));
    let ab = t.link(a, b, 2);
    t.link(b, d, 2);
    t.link(a, c, 1);
    t.link(c, d, 5);
    assert_eq!(t.path(a, d), Some(&[a, b, d][..]));
    assert_eq!(t.set_link_up(ab, false), Some(true));
    assert_eq!(t.path(a, d), Some(&[a, c, d][..]));
    assert_eq!(t.set_link_up(ab, false), Some(false), "already down: nothing changed");
    assert_eq!(t.next_hop(d, a), Some(c));
    assert_eq!(t.set_link_up(ab, true), Some(true));
    assert_eq!(t.path(a, d), Some(&[a, b, d][..]));
    let cd = t.link_between(c, d).map(|(id, _)| id).expect("linked");
    t.set_link_up(cd, false);
    t.set_link_up(ab, false);
    assert_eq!(t.path(a, d), None);
    assert_eq!(t.next_hop(a, d), None);
}
