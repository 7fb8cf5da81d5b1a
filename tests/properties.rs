//! Random learner scripts against every chapter model: no panic, refusals exactly where the
//! rules say and without side effects, the request accounting after every step (a server removed
//! mid-run fails exactly the requests it held, and the per-second figures show every ending
//! once), memory never overcommitted and every service in exactly one place, and runs that are
//! determined by (scenario, seed, actions) and replay to the same digest; every figure within its
//! metric's range. Layouts the placement search accepts run in a live rack without interference.

// proptest is a native-only dev-dependency; the wasm32 build runs tests/browser.rs.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeMap;

use proptest::prelude::*;
use server_lab::sim::event::EventKind;
use server_lab::sim::host::catalog::{HostKind, ServiceKind, SERVER};
use server_lab::sim::host::optimum::{cheapest_layout, group_fits, Layout, Rules};
use server_lab::sim::host::{RackScenario, Status};
use server_lab::sim::laptop::{LaptopScenario, Place, Service};
use server_lab::sim::traffic::{FarmRefusal, FarmScenario, Outcomes, MAX_RPS, MIN_RPS};
use server_lab::sim::{Action, Metric, Refusal, Scenario, Stamped, World};

/// Longest script, and most steps run after one action (200 steps are two simulated seconds).
const MAX_ACTIONS: usize = 30;
const MAX_STEPS: u64 = 200;

/// An action and the steps to run after it.
type Script = Vec<(Action, u64)>;

fn service() -> impl Strategy<Value = Service> {
    prop::sample::select(Service::ALL.to_vec())
}

fn place() -> impl Strategy<Value = Place> {
    prop::sample::select(vec![Place::Laptop, Place::Server])
}

fn laptop_action() -> impl Strategy<Value = Action> {
    prop_oneof![
        3 => (service(), place()).prop_map(|(service, to)| Action::MoveService { service, to }),
        1 => any::<bool>().prop_map(|awake| Action::SetLaptopAwake { awake }),
    ]
}

fn farm_action() -> impl Strategy<Value = Action> {
    let rps = prop_oneof![
        4 => MIN_RPS..=MAX_RPS,
        1 => any::<u32>(),
        1 => prop::sample::select(vec![0, MIN_RPS, MAX_RPS, MAX_RPS + 1, u32::MAX]),
    ];
    prop_oneof![
        4 => rps.prop_map(|rps| Action::SetArrivalRate { rps }),
        3 => Just(Action::AddServer),
        3 => Just(Action::RemoveServer),
    ]
}

fn script(action: impl Strategy<Value = Action>) -> impl Strategy<Value = Script> {
    prop::collection::vec((action, 0..=MAX_STEPS), 0..=MAX_ACTIONS)
}

/// Chapter 1's farm, with a small maximum so that scripts also run into it, and a starting load
/// that often keeps servers busy when a script removes one.
fn farm_scenario() -> impl Strategy<Value = Scenario> {
    (1..=5u32).prop_flat_map(|max_servers| (0..=max_servers, Just(max_servers), MIN_RPS..=2_000)).prop_map(
        |(servers, max_servers, arrival_rps)| {
            Scenario::Farm(FarmScenario { servers, max_servers, arrival_rps, ..FarmScenario::chapter_one() })
        },
    )
}

/// Chapter 0's laptop with some of its services, so that moving a missing one is possible.
fn laptop_scenario() -> impl Strategy<Value = Scenario> {
    prop::sample::subsequence(LaptopScenario::chapter_zero().services, 0..=Service::ALL.len())
        .prop_map(|services| Scenario::Laptop(LaptopScenario { services, ..LaptopScenario::chapter_zero() }))
}

/// Placement-lab actions, with ids a little past the real ones so unknown ones are tried too.
fn rack_action() -> impl Strategy<Value = Action> {
    let service = 0..9u16;
    let host = 0..8u32;
    prop_oneof![
        6 => (service.clone(), host.clone()).prop_map(|(service, host)| Action::Place { service, host }),
        2 => service.clone().prop_map(|service| Action::Unplace { service }),
        2 => prop::sample::select(HostKind::ALL.to_vec()).prop_map(|kind| Action::AddHost { kind }),
        1 => host.clone().prop_map(|host| Action::RemoveHost { host }),
        1 => service.prop_map(|service| Action::LeakMemory { service }),
        1 => (host.clone(), any::<bool>()).prop_map(|(host, on)| Action::SwitchLimits { host, on }),
        1 => host.prop_map(|host| Action::PanicKernel { host }),
    ]
}

/// Chapter 2's or 3's rack, with a small maximum so scripts also run into it.
fn rack_scenario() -> impl Strategy<Value = Scenario> {
    (any::<bool>(), 2..=6u32).prop_map(|(containers, max_hosts)| {
        let base = if containers { RackScenario::chapter_three() } else { RackScenario::chapter_two() };
        Scenario::Rack(RackScenario { max_hosts, ..base })
    })
}

/// Memory and disk within every host, and every service on the shelf or on one existing host,
/// with a status that fits where it is.
fn check_rack(world: &World) -> Result<(), TestCaseError> {
    let rack = world.rack().expect("a rack world");
    prop_assert!(rack.memory_within_hardware(), "memory or disk overcommitted at {:?}", world.now());
    for host in rack.hosts() {
        let load = rack.load(host.id).expect("a measured host");
        prop_assert!(load.memory_used_mib <= SERVER.memory_mib);
        prop_assert!(load.cpu_used_milli <= SERVER.cores_milli);
    }
    let on_hosts: usize = rack.hosts().iter().map(|h| rack.on_host(h.id).len()).sum();
    prop_assert_eq!(on_hosts, rack.services().iter().filter(|s| s.host.is_some()).count());
    for s in rack.services() {
        match s.host {
            None => prop_assert_eq!(s.status, Status::Shelf),
            Some(h) => {
                prop_assert!(rack.hosts().iter().any(|host| host.id == h), "{:?} on a missing host", s.kind);
                prop_assert!(s.status != Status::Shelf);
            }
        }
    }
    prop_assert!(rack.hosts().len() as u32 <= rack.scenario().max_hosts);
    Ok(())
}

/// Runs a script, ignoring refusals (a replayed run only records accepted actions).
fn run(scenario: &Scenario, seed: u64, script: &Script) -> World {
    let mut world = World::new(scenario.clone(), seed);
    for &(action, steps) in script {
        let _ = world.apply(action);
        world.run_steps(steps);
    }
    world
}

/// What the farm's rules say about an action, from the state before it.
fn farm_verdict(world: &World, action: Action) -> Result<(), Refusal> {
    let farm = world.farm().expect("a farm world");
    let servers = farm.servers().len() as u32;
    let max = farm.scenario().max_servers;
    let refusal = match action {
        Action::SetArrivalRate { rps } if !(MIN_RPS..=MAX_RPS).contains(&rps) => {
            Refusal::Farm(FarmRefusal::RateOutOfRange { min: MIN_RPS, max: MAX_RPS })
        }
        Action::AddServer if servers >= max => Refusal::Farm(FarmRefusal::TooManyServers { max }),
        Action::RemoveServer if servers == 0 => Refusal::Farm(FarmRefusal::NoServerToRemove),
        Action::MoveService { .. } | Action::SetLaptopAwake { .. } => Refusal::NotInThisScenario,
        _ => return Ok(()),
    };
    Err(refusal)
}

/// The laptop as the rules describe it: where each of the scenario's services runs, and
/// whether the lid is open.
struct LaptopModel {
    places: BTreeMap<Service, Place>,
    awake: bool,
}

impl LaptopModel {
    fn new(scenario: &LaptopScenario) -> Self {
        LaptopModel { places: scenario.services.iter().map(|s| (s.service, Place::Laptop)).collect(), awake: true }
    }

    /// What the rules say about an action, and whether it changes anything; updates the model.
    fn apply(&mut self, action: Action) -> (Result<(), Refusal>, bool) {
        match action {
            Action::MoveService { service, to } => match self.places.get_mut(&service) {
                Some(at) => (Ok(()), std::mem::replace(at, to) != to),
                None => (Err(Refusal::UnknownService), false),
            },
            Action::SetLaptopAwake { awake } => (Ok(()), std::mem::replace(&mut self.awake, awake) != awake),
            _ => (Err(Refusal::NotInThisScenario), false),
        }
    }

    fn check(&self, world: &World) -> Result<(), TestCaseError> {
        let laptop = world.laptop().expect("a laptop world");
        prop_assert_eq!(laptop.awake(), self.awake);
        for service in Service::ALL {
            prop_assert_eq!(laptop.place_of(service), self.places.get(&service).copied());
        }
        // On the laptop and reached from outside: the database only by the shop on the server.
        let shop_on_server = self.places.get(&Service::WebShop) == Some(&Place::Server);
        let exposed = self
            .places
            .iter()
            .filter(|(service, place)| **place == Place::Laptop && (**service != Service::Database || shop_on_server))
            .count();
        prop_assert_eq!(laptop.exposed() as usize, exposed);
        Ok(())
    }
}

/// Applies `action` and checks it against `verdict`; a refused action must change nothing, and
/// only an action that changed something is recorded.
fn apply_checked(world: &mut World, action: Action, verdict: Result<(), Refusal>) -> Result<bool, TestCaseError> {
    let before = world.clone();
    prop_assert_eq!(world.apply(action), verdict, "{:?} at {:?}", action, world.now());
    let recorded = world.actions().len() > before.actions().len();
    if verdict.is_err() {
        prop_assert_eq!(world.digest(), before.digest());
        prop_assert!(*world == before, "refused {:?} changed the world", action);
    } else if recorded {
        let stamped = Stamped { step: world.now(), action };
        prop_assert_eq!(world.actions().last(), Some(&stamped));
    }
    Ok(recorded)
}

fn check_accounting(world: &World) -> Result<(), TestCaseError> {
    let farm = world.farm().expect("a farm world");
    let o = farm.outcomes();
    prop_assert_eq!(o.created, o.served + o.failed + o.timed_out + farm.in_flight(), "at {:?}", world.now());
    Ok(())
}

/// Every figure the world measured in the second it just closed lies within its metric's range
/// (the bounds a teacher's goal is checked against).
fn check_ranges(world: &World) -> Result<(), TestCaseError> {
    if !world.now().ends_second() {
        return Ok(());
    }
    let sample = world.history().latest().expect("a second just closed");
    for metric in Metric::ALL {
        if let Some(value) = sample.get(metric) {
            let range = metric.range(world.scenario());
            prop_assert!(
                f64::from(range.min) <= value && value <= f64::from(range.max),
                "{:?} {} outside {:?} at {:?}",
                metric,
                value,
                range,
                world.now()
            );
        }
    }
    Ok(())
}

/// Checks the sample a step has just taken, if it closed a second.
fn check_farm_sample(world: &World) -> Result<(), TestCaseError> {
    if !world.now().ends_second() {
        return Ok(());
    }
    check_ranges(world)?;
    let farm = world.farm().expect("a farm world");
    let sample = world.history().latest().expect("a second just closed");
    prop_assert_eq!(sample.get(Metric::Servers), Some(farm.servers().len() as f64));
    let cpu = sample.get(Metric::MaxCpuPercent).unwrap_or(f64::NAN);
    prop_assert!((0.0..=100.0).contains(&cpu), "CPU {}", cpu);
    let timeout_ms = farm.scenario().timeout_ms.map_or(f64::INFINITY, |t| t as f64);
    if let Some(p95) = sample.get(Metric::P95LatencyMs) {
        prop_assert!(p95 <= timeout_ms, "p95 {} past the timeout", p95);
    }
    // The per-second figures add up to the counters: each ended request is shown in one second
    // only, a failure on a removed server included.
    let o = farm.outcomes();
    for (metric, total) in
        [(Metric::ThroughputRps, o.served), (Metric::TimedOutPerSec, o.timed_out), (Metric::FailedPerSec, o.failed)]
    {
        let shown: f64 = world.history().newest_first().filter_map(|s| s.get(metric)).sum();
        prop_assert_eq!(shown, total as f64, "{:?} over the run", metric);
    }
    Ok(())
}

/// What removing the newest server must do: fail exactly the requests it held (`held`, counted
/// before), end nothing else, and log how many.
fn check_removal(world: &World, before: Outcomes, id: u32, held: u64) -> Result<(), TestCaseError> {
    let after = world.farm().expect("a farm world").outcomes();
    prop_assert_eq!(after, Outcomes { failed: before.failed + held, ..before });
    let logged = world.events().newest_first().next().map(|e| e.kind);
    prop_assert_eq!(logged, Some(EventKind::ServerRemoved { id, failed: held }));
    Ok(())
}

fn check_laptop_step(world: &World, served_failed_before: (u64, u64)) -> Result<(), TestCaseError> {
    let laptop = world.laptop().expect("a laptop world");
    let (served, failed) = (laptop.served(), laptop.failed());
    prop_assert!(served >= served_failed_before.0 && failed >= served_failed_before.1);
    let any_on = |place| Service::ALL.into_iter().any(|s| laptop.place_of(s) == Some(place));
    if !laptop.awake() && !any_on(Place::Server) {
        prop_assert_eq!(served, served_failed_before.0, "an asleep laptop answered");
    }
    if !any_on(Place::Laptop) {
        prop_assert_eq!(failed, served_failed_before.1, "the server failed a request");
    }
    let now_ms = world.now().millis();
    for event in world.events().newest_first().take_while(|e| e.at_ms == now_ms) {
        if let EventKind::ProbeReachedLaptop(probe) = event.kind {
            prop_assert!(
                laptop.place_of(probe.service) == Some(Place::Laptop),
                "probe of {:?}, which is not on the laptop",
                probe.service
            );
            prop_assert!((1..=254).contains(&probe.from_host));
        }
    }
    if world.now().ends_second() {
        check_ranges(world)?;
        let sample = world.history().latest().expect("a second just closed");
        for metric in [Metric::SuccessPercent, Metric::LaptopCpuPercent] {
            let value = sample.get(metric).unwrap_or(f64::NAN);
            prop_assert!((0.0..=100.0).contains(&value), "{:?} {}", metric, value);
        }
        prop_assert_eq!(sample.get(Metric::ExposedOnLaptop), Some(f64::from(laptop.exposed())));
        let build = sample.get(Metric::BuildSeconds).unwrap_or(f64::NAN);
        prop_assert!(build.is_finite() && build > 0.0, "build {}", build);
    }
    Ok(())
}

/// Two runs of the same script agree, and replaying the recorded actions reproduces the run.
fn check_determinism(scenario: &Scenario, seed: u64, script: &Script) -> Result<(), TestCaseError> {
    let first = run(scenario, seed, script);
    let second = run(scenario, seed, script);
    prop_assert_eq!(first.digest(), second.digest());
    prop_assert!(first.history() == second.history(), "the histories differ");
    prop_assert_eq!(first.actions(), second.actions());

    let replayed = World::replay(scenario.clone(), seed, first.actions(), first.now());
    prop_assert_eq!(replayed.now(), first.now());
    prop_assert_eq!(replayed.digest(), first.digest());
    prop_assert!(replayed.history() == first.history(), "the replayed history differs");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn farm_scripts_follow_the_rules_and_account_for_every_request(
        scenario in farm_scenario(),
        seed in any::<u64>(),
        script in script(prop_oneof![5 => farm_action(), 1 => laptop_action()]),
    ) {
        let mut world = World::new(scenario, seed);
        check_accounting(&world)?;
        for (action, steps) in script {
            let verdict = farm_verdict(&world, action);
            let farm = world.farm().expect("a farm world");
            let (before, newest) = (farm.outcomes(), farm.servers().last().map(|s| (s.id, s.in_flight() as u64)));
            apply_checked(&mut world, action, verdict)?;
            check_accounting(&world)?;
            if let (Action::RemoveServer, Ok(()), Some((id, held))) = (action, verdict, newest) {
                check_removal(&world, before, id, held)?;
            }
            for _ in 0..steps {
                world.step();
                check_accounting(&world)?;
                check_farm_sample(&world)?;
            }
        }
    }

    #[test]
    fn farm_runs_are_determined_by_seed_and_actions(
        scenario in farm_scenario(),
        seed in any::<u64>(),
        script in script(prop_oneof![5 => farm_action(), 1 => laptop_action()]),
    ) {
        check_determinism(&scenario, seed, &script)?;
    }

    #[test]
    fn laptop_scripts_follow_the_rules(
        scenario in laptop_scenario(),
        seed in any::<u64>(),
        script in script(prop_oneof![5 => laptop_action(), 1 => farm_action()]),
    ) {
        let Scenario::Laptop(start) = &scenario else { unreachable!("a laptop scenario") };
        let mut model = LaptopModel::new(start);
        let mut world = World::new(scenario.clone(), seed);
        for (action, steps) in script {
            let (verdict, changes) = model.apply(action);
            let recorded = apply_checked(&mut world, action, verdict)?;
            prop_assert_eq!(recorded, changes, "{:?}", action);
            model.check(&world)?;
            for _ in 0..steps {
                let laptop = world.laptop().expect("a laptop world");
                let before = (laptop.served(), laptop.failed());
                world.step();
                check_laptop_step(&world, before)?;
            }
        }
    }

    #[test]
    fn laptop_runs_are_determined_by_seed_and_actions(
        scenario in laptop_scenario(),
        seed in any::<u64>(),
        script in script(prop_oneof![5 => laptop_action(), 1 => farm_action()]),
    ) {
        check_determinism(&scenario, seed, &script)?;
    }

    #[test]
    fn rack_scripts_never_overcommit_or_lose_a_service(
        scenario in rack_scenario(),
        seed in any::<u64>(),
        script in script(prop_oneof![8 => rack_action(), 1 => farm_action()]),
    ) {
        let mut world = World::new(scenario, seed);
        check_rack(&world)?;
        for (action, steps) in script {
            let before = world.clone();
            if world.apply(action).is_err() {
                prop_assert!(world == before, "refused {:?} changed the world", action);
            }
            check_rack(&world)?;
            for _ in 0..steps {
                world.step();
                check_rack(&world)?;
                check_ranges(&world)?;
            }
        }
    }

    #[test]
    fn rack_runs_are_determined_by_seed_and_actions(
        scenario in rack_scenario(),
        seed in any::<u64>(),
        script in script(rack_action()),
    ) {
        check_determinism(&scenario, seed, &script)?;
    }
}

/// Services of chapter 3's shelf dealt into up to this many groups.
const MAX_GROUPS: usize = 4;

/// A layout the placement search accepts: its own answer for chapter 2 or 3 (with and without
/// the isolation and start-up rules), or the shelf dealt at random into groups on random host
/// kinds, keeping the groups the fit check accepts.
fn accepted_layout() -> impl Strategy<Value = Layout> {
    let all = ServiceKind::ALL;
    let no_containers = RackScenario::chapter_two().offered;
    let strict = Rules { isolate_all: true, startup_limit_ms: Some(20_000) };
    let searched: Vec<Layout> = [(&no_containers[..], Rules::default()), (&HostKind::ALL[..], Rules::default())]
        .into_iter()
        .chain([(&HostKind::ALL[..], strict)])
        .filter_map(|(offered, rules)| cheapest_layout(&all, offered, rules))
        .collect();
    let dealt = (prop::collection::vec(0..MAX_GROUPS, all.len()), prop::collection::vec(kind(), MAX_GROUPS)).prop_map(
        move |(group_of, kinds)| {
            (0..MAX_GROUPS)
                .map(|g| (kinds[g], all.iter().zip(&group_of).filter(|(_, n)| **n == g).map(|(s, _)| *s).collect()))
                .filter(|(kind, group): &(HostKind, Vec<ServiceKind>)| {
                    !group.is_empty() && group_fits(*kind, group, Rules::default())
                })
                .collect()
        },
    );
    prop_oneof![1 => prop::sample::select(searched), 3 => dealt]
}

fn kind() -> impl Strategy<Value = HostKind> {
    prop::sample::select(HostKind::ALL.to_vec())
}

/// Seconds to run a placed layout: the slowest start (a VM's boot, then the search engine's JVM,
/// 45 s) and then two periods of the batch job's bursts (every 30 s, lasting 10 s) and more.
const LAYOUT_SECONDS: u64 = 45 + 75;

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn layouts_the_search_accepts_never_interfere(layout in accepted_layout(), seed in any::<u64>()) {
        let scenario = RackScenario {
            services: ServiceKind::ALL.to_vec(),
            offered: HostKind::ALL.to_vec(),
            hosts: layout.iter().map(|(kind, _)| *kind).collect(),
            max_hosts: layout.len() as u32,
        };
        let mut world = World::new(Scenario::Rack(scenario), seed);
        let host_ids: Vec<u32> = world.rack().expect("a rack world").hosts().iter().map(|h| h.id).collect();
        for ((_, group), host) in layout.iter().zip(host_ids) {
            for service in group {
                let id = ServiceKind::ALL.iter().position(|s| s == service).expect("on the shelf") as u16;
                prop_assert_eq!(world.apply(Action::Place { service: id, host }), Ok(()));
            }
        }
        let placed: usize = layout.iter().map(|(_, group)| group.len()).sum();
        for _ in 0..LAYOUT_SECONDS {
            world.run_seconds(1);
            prop_assert_eq!(world.latest(Metric::InterferenceEvents), Some(0.0), "{:?} at {:?}", layout, world.now());
        }
        // Every placed service ran through the bursts: the check above had something to see.
        prop_assert_eq!(world.latest(Metric::ServicesRunning), Some(placed as f64), "{:?}", layout);
    }
}
