//! The scripted runs the browser tests replay, pinned in `tests/fixtures/`: a change to the
//! model that moves their figures or digests fails here first.
//!
//! After an intended change to the model, regenerate the files with
//! `UPDATE_FIXTURES=1 cargo test --test fixtures` (and update [`PINNED_DIGEST`] by hand).

use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use server_lab::course::DEFAULT_SEED;
use server_lab::sim::traffic::FarmScenario;
use server_lab::sim::{Action, Harness, Metric, Scenario, World};

/// The digest of the run in `tests/fixtures/digest.json`, which the wasm build must reproduce.
const PINNED_DIGEST: u64 = 4_381_996_804_699_374_864;

/// What the end-to-end test sees after its script: chapter 1 at 600 requests/s on 3 servers.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServersScript {
    seed: u64,
    rps: u32,
    servers: u32,
    seconds: u64,
    p95_ms: u64,
    p50_ms: u64,
    cost_per_month: u64,
    throughput_rps: u64,
    /// `World::digest` in decimal: JavaScript numbers cannot hold every `u64`.
    digest: String,
}

/// The second pinned run, whose digest native and wasm32 builds must agree on.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PinnedDigest {
    seed: u64,
    rps: u32,
    seconds: u64,
    digest: String,
}

/// Runs `world` through a script: each action at its second, then on to `seconds`.
fn play(world: &mut World, actions: &[(u64, Action)], seconds: u64) {
    use server_lab::sim::clock::STEPS_PER_SECOND;
    for (second, action) in actions {
        world.run_seconds(second - world.now().0 / STEPS_PER_SECOND);
        world.apply(*action).unwrap_or_else(|r| panic!("{action:?} refused: {r:?}"));
    }
    world.run_seconds(seconds - world.now().0 / STEPS_PER_SECOND);
}

fn fixture_path(name: &str) -> PathBuf {
    [env!("CARGO_MANIFEST_DIR"), "tests", "fixtures", name].iter().collect()
}

/// Compares `actual` with the committed fixture, or rewrites the fixture when
/// `UPDATE_FIXTURES=1`.
fn check_fixture<T>(name: &str, actual: &T)
where
    T: std::fmt::Debug + PartialEq + Serialize + for<'de> Deserialize<'de>,
{
    let path = fixture_path(name);
    if std::env::var_os("UPDATE_FIXTURES").is_some_and(|v| v == "1") {
        let json = serde_json::to_string_pretty(actual).expect("a fixture serializes");
        std::fs::write(&path, json + "\n").unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let committed: T =
        serde_json::from_str(&committed).unwrap_or_else(|e| panic!("{} is malformed: {e}", path.display()));
    assert_eq!(
        *actual,
        committed,
        "the run no longer matches {}; if the model changed on purpose, \
         rerun with UPDATE_FIXTURES=1",
        path.display()
    );
}

/// Chapter 1 from its opening scenario, with the slider set to `rps` and `extra_servers`
/// rented at step 0, run for `seconds`.
fn chapter_one_run(seed: u64, rps: u32, extra_servers: u32, seconds: u64) -> World {
    let mut harness =
        Harness::new(Scenario::Farm(FarmScenario::chapter_one()), seed).act(Action::SetArrivalRate { rps });
    for _ in 0..extra_servers {
        harness = harness.act(Action::AddServer);
    }
    harness.run(seconds).into_world()
}

fn latest(world: &World, metric: Metric) -> f64 {
    world.latest(metric).unwrap_or_else(|| panic!("the run measured {metric:?}"))
}

#[test]
fn the_servers_script_matches_its_fixture() {
    let (rps, seconds) = (600, 20);
    let world = chapter_one_run(DEFAULT_SEED, rps, 2, seconds);
    let servers = world.farm().expect("a farm world").servers().len() as u32;
    assert_eq!(servers, 3);
    let actual = ServersScript {
        seed: DEFAULT_SEED,
        rps,
        servers,
        seconds,
        p95_ms: latest(&world, Metric::P95LatencyMs).round() as u64,
        p50_ms: latest(&world, Metric::P50LatencyMs).round() as u64,
        cost_per_month: latest(&world, Metric::CostPerMonth) as u64,
        throughput_rps: latest(&world, Metric::ThroughputRps) as u64,
        digest: world.digest().to_string(),
    };
    check_fixture("servers_script.json", &actual);
}

#[test]
fn the_pinned_digest_is_reproduced() {
    let (seed, rps, seconds) = (7, 900, 15);
    let digest = chapter_one_run(seed, rps, 0, seconds).digest();
    let actual = PinnedDigest { seed, rps, seconds, digest: digest.to_string() };
    check_fixture("digest.json", &actual);
    assert_eq!(digest, PINNED_DIGEST, "update PINNED_DIGEST if the model changed on purpose");
}

/// What the placement lab shows after its script: chapter 3's rack with the database alone on
/// bare metal (server 1) and every other service in a container on server 2.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlacementScript {
    chapter: String,
    seed: u64,
    /// `[service, host]` pairs, placed in order at step 0 (service slugs as the page's test ids).
    placements: Vec<(String, u32)>,
    seconds: u64,
    servers: u32,
    cost_per_month: u64,
    running: u64,
    rack_cpu_percent: u64,
    memory_used_mib: u64,
    overhead_mib: u64,
    idle_memory_mib: u64,
    /// Redeploy time in tenths of a second (the page shows one decimal).
    redeploy_tenths: u64,
    interference: u64,
    /// Per host: `[id, memory used MiB, layers MiB, CPU used millicores]`.
    hosts: Vec<[u64; 4]>,
    digest: String,
}

#[test]
fn the_placement_script_matches_its_fixture() {
    use server_lab::sim::host::{RackScenario, ServiceKind};
    let placements: Vec<(ServiceKind, &str, u32)> = vec![
        (ServiceKind::Database, "database", 1),
        (ServiceKind::WebApp, "web-app", 2),
        (ServiceKind::Api, "api", 2),
        (ServiceKind::Cache, "cache", 2),
        (ServiceKind::BatchJob, "batch-job", 2),
        (ServiceKind::Search, "search", 2),
        (ServiceKind::Reports, "reports", 2),
    ];
    let seconds = 20;
    let mut harness = Harness::new(Scenario::Rack(RackScenario::chapter_three()), DEFAULT_SEED);
    for (kind, _, host) in &placements {
        let service = ServiceKind::ALL.iter().position(|k| k == kind).expect("a service") as u16;
        harness = harness.act(Action::Place { service, host: *host });
    }
    let world = harness.run(seconds).into_world();
    let rack = world.rack().expect("a rack world");
    let hosts = rack
        .hosts()
        .iter()
        .map(|h| {
            let load = rack.load(h.id).expect("measured");
            [
                u64::from(h.id),
                u64::from(load.memory_used_mib),
                u64::from(load.memory_overhead_mib),
                u64::from(load.cpu_used_milli),
            ]
        })
        .collect();
    let actual = PlacementScript {
        chapter: "containers".to_string(),
        seed: DEFAULT_SEED,
        placements: placements.iter().map(|(_, slug, host)| (slug.to_string(), *host)).collect(),
        seconds,
        servers: rack.hosts().len() as u32,
        cost_per_month: latest(&world, Metric::CostPerMonth) as u64,
        running: latest(&world, Metric::ServicesRunning) as u64,
        rack_cpu_percent: latest(&world, Metric::RackCpuPercent).round() as u64,
        memory_used_mib: latest(&world, Metric::MemoryUsedMib) as u64,
        overhead_mib: latest(&world, Metric::OverheadMib) as u64,
        idle_memory_mib: latest(&world, Metric::IdleMemoryMib) as u64,
        redeploy_tenths: (latest(&world, Metric::StartupSeconds) * 10.0).round() as u64,
        interference: latest(&world, Metric::InterferenceEvents) as u64,
        hosts,
        digest: world.digest().to_string(),
    };
    assert_eq!((actual.servers, actual.running, actual.interference), (2, 7, 0), "the script solves chapter 3");
    check_fixture("placement_script.json", &actual);
}

/// Chapter 4's scripted run: the site published at home, the TTL lowered, the wait, the move to
/// the rented server, with requests along the way. The browser test replays the same actions
/// from this file and must reach the same digest.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NetworkScript {
    seed: u64,
    /// `[second, action]`: each action applied once the world reaches that second.
    actions: Vec<(u64, Action)>,
    seconds: u64,
    site_reachable: f64,
    old_address_window_s: f64,
    digest: String,
}

#[test]
fn the_network_script_matches_its_fixture() {
    use server_lab::sim::net::lab::{App, Client, Host, NetScenario, SiteName, Target};
    use server_lab::sim::net::network::{ROUTER_PUBLIC, SERVER};
    let apex = Target::Name(SiteName::Apex);
    let actions = vec![
        (0, Action::Request { from: Client::Phone, target: apex, port: 80 }),
        (1, Action::SetRecord { address: ROUTER_PUBLIC, ttl_s: 3_600 }),
        (1, Action::Listen { host: Host::Home, app: App::Web, port: 80 }),
        (2, Action::SetFirewall { host: Host::Home, port: 80, open: true }),
        (2, Action::Forward { public_port: 80, inside_port: 80 }),
        (3, Action::Request { from: Client::Laptop, target: apex, port: 80 }),
        (5, Action::SetRecord { address: ROUTER_PUBLIC, ttl_s: 60 }),
        (3_545, Action::SetRecord { address: SERVER, ttl_s: 60 }),
        (3_546, Action::Request { from: Client::Phone, target: Target::Name(SiteName::Www), port: 80 }),
    ];
    let seconds = 3_560;
    let mut world = World::new(Scenario::Net(NetScenario::chapter_four()), DEFAULT_SEED);
    play(&mut world, &actions, seconds);
    let actual = NetworkScript {
        seed: DEFAULT_SEED,
        actions,
        seconds,
        site_reachable: latest(&world, Metric::SiteReachable),
        old_address_window_s: latest(&world, Metric::OldAddressWindowS),
        digest: world.digest().to_string(),
    };
    assert_eq!((actual.site_reachable, actual.old_address_window_s), (100.0, 60.0), "the script solves chapter 4");
    check_fixture("network_script.json", &actual);
}

/// Chapter 5 in compare mode: round robin against least connections through a static spike,
/// with the files pool split off halfway.
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BalancingScript {
    seed: u64,
    /// (second, action)
    actions: Vec<(u64, Action)>,
    seconds: u64,
    p95_ms: u64,
    second_p95_ms: u64,
    api_p95_ms: u64,
    digest: String,
}

#[test]
fn the_balancing_script_matches_its_fixture() {
    use server_lab::sim::balance::Algorithm;
    use server_lab::sim::traffic::{Path, Pool};
    let actions = vec![
        (0, Action::SetCompare { second: Some(Algorithm::LeastConnections) }),
        (5, Action::SetSpikeRate { rps: 1_500 }),
        (20, Action::SetPool { server: 4, pool: Pool::Files }),
        (20, Action::SetRoute { path: Path::Static, to: Pool::Files }),
        (20, Action::SetRoute { path: Path::Api, to: Pool::Api }),
        (25, Action::SetRetries { retries: 2 }),
    ];
    let seconds = 40;
    let mut world = World::new(Scenario::Balance(FarmScenario::chapter_five()), DEFAULT_SEED);
    play(&mut world, &actions, seconds);
    let ms = |metric| latest(&world, metric).round() as u64;
    let actual = BalancingScript {
        seed: DEFAULT_SEED,
        actions,
        seconds,
        p95_ms: ms(Metric::P95LatencyMs),
        second_p95_ms: ms(Metric::SecondP95LatencyMs),
        api_p95_ms: ms(Metric::ApiP95LatencyMs),
        digest: world.digest().to_string(),
    };
    assert!(actual.second_p95_ms < actual.p95_ms, "least connections beats round robin: {actual:?}");
    check_fixture("balancing_script.json", &actual);
}

/// Chapter 6: node 2 unplugged and node 3's process killed, random failures on, the database's
/// primary failed, node 2 plugged back in; the success rate, availability and writes lost at
/// the end, and the digest the wasm build must reach too (tests/browser.rs).
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClusterScript {
    seed: u64,
    /// (second, action)
    actions: Vec<(u64, Action)>,
    seconds: u64,
    success_percent: f64,
    availability_percent: f64,
    writes_lost: u64,
    digest: String,
}

#[test]
fn the_cluster_script_matches_its_fixture() {
    use server_lab::sim::traffic::cluster::ClusterScenario;
    let actions = vec![
        (3, Action::Unplug { node: 2 }),
        (5, Action::KillProcess { node: 3 }),
        (10, Action::SetRandomFailures { per_hour: 120 }),
        (12, Action::FailPrimary),
        (20, Action::PlugIn { node: 2 }),
        (25, Action::SetRetries { retries: 0 }),
    ];
    let seconds = 40;
    let mut world = World::new(Scenario::Cluster(ClusterScenario::chapter_six()), DEFAULT_SEED);
    play(&mut world, &actions, seconds);
    let actual = ClusterScript {
        seed: DEFAULT_SEED,
        actions,
        seconds,
        success_percent: latest(&world, Metric::SuccessRatePercent),
        availability_percent: latest(&world, Metric::AvailabilityPercent),
        writes_lost: latest(&world, Metric::WritesLost) as u64,
        digest: world.digest().to_string(),
    };
    assert!(actual.availability_percent < 100.0, "the failures cost some requests: {actual:?}");
    check_fixture("cluster_script.json", &actual);
}

/// Chapter 7's terminal session: a closed port and its timeout, the host-key question, the
/// deploy, a rebuilt server and its changed host key; the screen's last lines and the digest
/// the wasm build must reach too (tests/browser.rs).
#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SshScript {
    seed: u64,
    /// Typed lines and the console's actions, in order.
    session: Vec<SessionStep>,
    last_lines: Vec<String>,
    digest: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
enum SessionStep {
    Line(String),
    Action(Action),
}

#[test]
fn the_ssh_script_matches_its_fixture() {
    use server_lab::sim::net::lab::Host;
    use server_lab::sim::shell::ssh::SshScenario;
    let line = |text: &str| SessionStep::Line(text.to_string());
    let session = vec![
        SessionStep::Action(Action::SetFirewall { host: Host::Rented, port: 22, open: false }),
        line("ssh deploy@203.0.113.10"),
        SessionStep::Action(Action::SetFirewall { host: Host::Rented, port: 22, open: true }),
        line("ssh deploy@example.com"),
        line("yes"),
        line("cd app"),
        line("git pull"),
        line("sudo systemctl restart app"),
        line("systemctl status app"),
        SessionStep::Action(Action::RebuildServer),
        line("ssh deploy@example.com"),
        line("ssh-keygen -R example.com"),
        line("ssh deploy@example.com"),
        line("yes"),
        line("journalctl -u app"),
    ];
    let mut world = World::new(Scenario::Ssh(SshScenario::chapter_seven()), DEFAULT_SEED);
    for step in &session {
        match step {
            SessionStep::Line(text) => world.enter(text).expect("an ssh world takes lines"),
            SessionStep::Action(action) => world.apply(*action).unwrap_or_else(|r| panic!("{action:?}: {r:?}")),
        }
    }
    let screen = world.terminal().expect("a terminal");
    let last_lines = screen.lines().skip(screen.lines().len() - 4).map(|l| l.text.clone()).collect();
    let actual = SshScript { seed: DEFAULT_SEED, session, last_lines, digest: world.digest().to_string() };
    check_fixture("ssh_script.json", &actual);
}
