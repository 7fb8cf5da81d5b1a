//! Chapter 4's lab as a learner drives it: publishing the site takes the record, the port, the
//! firewall and the forwarding rule; requests give their three answers and "address already in
//! use"; caches keep a changed record's old answer until its TTL runs out; and a move is safe
//! exactly from the moment the model computes.

use std::net::Ipv4Addr;

use server_lab::course::{Challenge, ChapterId, DEFAULT_SEED};
use server_lab::predict::{Experiment, Reading, Trial};
use server_lab::sim::action::Refusal;
use server_lab::sim::goal::evaluate;
use server_lab::sim::net::lab::{
    AnsweredBy, App, Client, Host, NetLab, NetRefusal, NetScenario, RequestResult, SiteName, Target, MOVE_WINDOW_S,
    START_TTL_S,
};
use server_lab::sim::net::network::{Drop, HOME_SERVER, ROUTER_PUBLIC, SERVER};
use server_lab::sim::{Action, Metric, Optimum, Scenario, World};

fn world() -> World {
    World::new(Scenario::Net(NetScenario::chapter_four()), DEFAULT_SEED)
}

fn apply(world: &mut World, action: Action) {
    world.apply(action).unwrap_or_else(|r| panic!("{action:?} refused: {r:?}"));
}

fn lab(world: &World) -> &NetLab {
    world.net().expect("a network world")
}

/// The four fixes that publish the site from the home server, in the order a learner might.
fn publish() -> [Action; 4] {
    [
        Action::SetRecord { address: ROUTER_PUBLIC, ttl_s: START_TTL_S },
        Action::Listen { host: Host::Home, app: App::Web, port: 80 },
        Action::SetFirewall { host: Host::Home, port: 80, open: true },
        Action::Forward { public_port: 80, inside_port: 80 },
    ]
}

fn request(world: &mut World, from: Client, target: Target, port: u16) -> RequestResult {
    apply(world, Action::Request { from, target, port });
    lab(world).last_attempt().expect("a request").result
}

const APEX: Target = Target::Name(SiteName::Apex);

#[test]
fn the_site_is_reachable_only_once_record_port_firewall_and_forwarding_are_all_right() {
    // Any three of the four fixes leave it unreachable; all four make it reachable.
    for left_out in 0..4 {
        let mut w = world();
        for (i, action) in publish().into_iter().enumerate() {
            if i != left_out {
                apply(&mut w, action);
            }
        }
        w.run_seconds(1);
        assert_eq!(w.latest(Metric::SiteReachable), Some(0.0), "without fix {left_out}");
    }
    let mut w = world();
    w.run_seconds(1);
    assert_eq!(w.latest(Metric::SiteReachable), Some(0.0), "not at the start");
    for action in publish() {
        apply(&mut w, action);
    }
    w.run_seconds(1);
    assert_eq!(w.latest(Metric::SiteReachable), Some(100.0));
}

#[test]
fn each_missing_fix_gives_its_own_answer() {
    let mut w = world();
    // The record holds a private address: the internet drops it.
    let private = request(&mut w, Client::Phone, APEX, 80);
    assert_eq!(private, RequestResult::TimedOut { why: Drop::NotRoutable });
    apply(&mut w, Action::SetRecord { address: ROUTER_PUBLIC, ttl_s: START_TTL_S });
    // The phone's cache still holds the old, private answer for the hour.
    assert_eq!(request(&mut w, Client::Phone, APEX, 80), private);
    // By address: no forwarding rule at the router.
    let to_router = Target::Address(ROUTER_PUBLIC);
    let no_rule = request(&mut w, Client::Phone, to_router, 80);
    assert_eq!(no_rule, RequestResult::TimedOut { why: Drop::NoForwardingRule { port: 80 } });
    apply(&mut w, Action::Forward { public_port: 80, inside_port: 80 });
    // The home server's firewall drops port 80.
    let firewalled = request(&mut w, Client::Phone, to_router, 80);
    assert_eq!(firewalled, RequestResult::TimedOut { why: Drop::Firewall { port: 80 } });
    apply(&mut w, Action::SetFirewall { host: Host::Home, port: 80, open: true });
    // Nothing listens on 80 (the web service is on 8080): refused at once.
    assert_eq!(request(&mut w, Client::Phone, to_router, 80), RequestResult::Refused);
    apply(&mut w, Action::Listen { host: Host::Home, app: App::Web, port: 80 });
    assert_eq!(request(&mut w, Client::Phone, to_router, 80), RequestResult::Connected { app: App::Web });
    let trace = lab(&w).last_attempt().and_then(|a| a.trace.clone()).expect("a trace");
    assert!(trace.hops.iter().any(|h| h.translated), "the router forwarded it inside");
}

#[test]
fn a_taken_port_is_refused_and_a_refusal_changes_nothing() {
    let mut w = world();
    let before = w.clone();
    let taken = Action::Listen { host: Host::Home, app: App::Web, port: 22 };
    assert_eq!(w.apply(taken), Err(Refusal::Net(NetRefusal::AddressInUse { port: 22, holder: App::Ssh })));
    for refused in [
        Action::Listen { host: Host::Rented, app: App::Database, port: 0 },
        Action::Unforward { public_port: 80 },
        Action::SetRecord { address: SERVER, ttl_s: 604_801 },
    ] {
        assert!(w.apply(refused).is_err(), "{refused:?}");
    }
    assert!(w == before, "refusals left the world as it was");
    apply(&mut w, Action::Forward { public_port: 80, inside_port: 80 });
    let twice = w.apply(Action::Forward { public_port: 80, inside_port: 8080 });
    assert_eq!(twice, Err(Refusal::Net(NetRefusal::AlreadyForwarded { public_port: 80 })));
    // Moving a service to a free port frees its old one.
    apply(&mut w, Action::Listen { host: Host::Home, app: App::Web, port: 80 });
    assert_eq!(lab(&w).port_of(Host::Home, App::Web), Some(80));
    apply(&mut w, Action::Listen { host: Host::Home, app: App::Database, port: 8080 });
    assert_eq!(lab(&w).port_of(Host::Home, App::Database), Some(8080));
}

#[test]
fn the_second_lookup_comes_from_the_browsers_cache_until_the_ttl_runs_out() {
    let mut w = world();
    request(&mut w, Client::Phone, APEX, 80);
    let first = lab(&w).last_attempt().and_then(|a| a.lookup.clone()).expect("a lookup");
    assert!(first.steps.len() >= 4, "root, com, example.com and the resolver's answer");
    w.run_seconds(5);
    request(&mut w, Client::Phone, APEX, 80);
    let cache = lab(&w).dns(Client::Phone).browser_cache(w.now().millis());
    assert_eq!(cache.first().map(|e| e.remaining_s), Some(START_TTL_S - 5), "the countdown");
    // The prediction's experiment reads the same two answers.
    let mut trial = Trial::default();
    Experiment::SecondLookup.observe(&w, &mut trial);
    assert!(Experiment::SecondLookup.tried(&trial));
    assert_eq!(
        Experiment::SecondLookup.figures(&trial),
        [Some(Reading::Source(AnsweredBy::NameServers)), Some(Reading::Source(AnsweredBy::BrowserCache))]
    );
    // The laptop has a browser and a resolver of its own: its first lookup walks again.
    request(&mut w, Client::Laptop, APEX, 80);
    let laptop = lab(&w).last_attempt().and_then(|a| a.lookup.clone()).expect("a lookup");
    assert!(laptop.steps.len() >= 4);
    // Exactly at the TTL the entry has expired (it was cached at 0 s).
    w.run_seconds(u64::from(START_TTL_S) - 5);
    assert!(lab(&w).dns(Client::Phone).browser_cache(w.now().millis()).is_empty());
}

#[test]
fn a_name_that_does_not_exist_is_nxdomain_and_www_follows_its_cname() {
    let mut w = world();
    for action in publish() {
        apply(&mut w, action);
    }
    assert_eq!(request(&mut w, Client::Phone, Target::Name(SiteName::Shop), 80), RequestResult::NoSuchName);
    assert_eq!(
        request(&mut w, Client::Phone, Target::Name(SiteName::Www), 80),
        RequestResult::Connected { app: App::Web }
    );
}

/// Publishes the site, lowers the TTL to `low_ttl_s` at `lower_at` seconds, and switches to the
/// rented server at `switch_at`; returns the world 20 seconds after the switch.
fn move_run(lower_at: u64, low_ttl_s: u32, switch_at: u64) -> World {
    let mut w = world();
    for action in publish() {
        apply(&mut w, action);
    }
    w.run_seconds(lower_at);
    apply(&mut w, Action::SetRecord { address: ROUTER_PUBLIC, ttl_s: low_ttl_s });
    w.run_seconds(switch_at - lower_at);
    apply(&mut w, Action::SetRecord { address: SERVER, ttl_s: low_ttl_s });
    w.run_seconds(20);
    w
}

fn goal_reached(w: &World) -> bool {
    let goal = Challenge::for_chapter(ChapterId::Network).expect("a challenge").goal;
    evaluate(&goal, w.history(), &Optimum::default()).met
}

#[test]
fn the_move_is_safe_from_the_moment_the_model_computes_and_not_a_second_before() {
    let lower_at = 30;
    let mut w = world();
    for action in publish() {
        apply(&mut w, action);
    }
    w.run_seconds(lower_at);
    assert_eq!(lab(&w).earliest_safe_move_ms(w.now().millis(), MOVE_WINDOW_S), None, "not with an hour's TTL");
    apply(&mut w, Action::SetRecord { address: ROUTER_PUBLIC, ttl_s: 60 });
    let safe_ms = lab(&w).earliest_safe_move_ms(w.now().millis(), MOVE_WINDOW_S).expect("a safe moment");
    let expected_s = lower_at + u64::from(START_TTL_S) - u64::from(MOVE_WINDOW_S);
    // A teacher's window moves the safe moment by the difference; one shorter than the TTL
    // leaves no safe moment at all.
    assert_eq!(lab(&w).earliest_safe_move_ms(w.now().millis(), 90), Some((expected_s - 30) * 1_000));
    assert_eq!(lab(&w).earliest_safe_move_ms(w.now().millis(), 30), None, "a 60 s TTL outlasts a 30 s window");
    assert_eq!(safe_ms, expected_s * 1_000, "lowered at + old TTL − the window allowed");

    let safe = move_run(lower_at, 60, expected_s);
    assert_eq!(safe.latest(Metric::OldAddressWindowS), Some(f64::from(MOVE_WINDOW_S)));
    assert_eq!(safe.latest(Metric::SiteReachable), Some(100.0), "reachable at the rented server");
    assert!(goal_reached(&safe));

    let early = move_run(lower_at, 60, expected_s - 1);
    assert_eq!(early.latest(Metric::OldAddressWindowS), Some(f64::from(MOVE_WINDOW_S + 1)));
    assert!(!goal_reached(&early));

    // Switching without lowering strands users for the whole old TTL.
    let blunt = move_run(lower_at, START_TTL_S, lower_at + 1);
    assert_eq!(blunt.latest(Metric::OldAddressWindowS), Some(f64::from(START_TTL_S)));
}

#[test]
fn only_a_move_from_a_working_site_counts() {
    let mut w = world();
    w.run_seconds(5);
    // From the private address, where nothing worked, straight to the rented server.
    apply(&mut w, Action::SetRecord { address: SERVER, ttl_s: 60 });
    w.run_seconds(20);
    assert_eq!(w.latest(Metric::SiteReachable), Some(100.0));
    assert_eq!(w.latest(Metric::OldAddressWindowS), None, "no move was made");
    assert!(!goal_reached(&w));
    let (address, ttl) = lab(&w).record();
    assert_eq!((address, ttl), (SERVER, 60));
    assert_ne!(address, HOME_SERVER);
}

#[test]
fn a_replayed_network_run_is_the_same_run() {
    let w = move_run(10, 60, 10 + 3_540);
    let replayed = World::replay(w.scenario().clone(), w.seed(), w.actions(), w.now());
    assert_eq!(replayed.digest(), w.digest());
    let other: Ipv4Addr = lab(&w).record().0;
    assert_eq!(other, SERVER);
}
