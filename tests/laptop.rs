//! Chapter 0's laptop model: services on the laptop slow the build, draw strangers' probes and
//! stop answering when the lid closes; moving them to the server meets the chapter's challenge.

use server_lab::course::{Challenge, ChapterId, DEFAULT_SEED, WHY_BUILD_LIMIT_S, WHY_SUCCESS_PERCENT};
use server_lab::sim::event::EventKind;
use server_lab::sim::laptop::{LaptopScenario, Place, Probe, Service};
use server_lab::sim::{evaluate, Action, Harness, Metric, Scenario, World};

fn chapter_zero() -> Harness {
    Harness::new(Scenario::Laptop(LaptopScenario::chapter_zero()), DEFAULT_SEED)
}

fn move_everything(mut harness: Harness, to: Place) -> Harness {
    for service in Service::ALL {
        harness = harness.act(Action::MoveService { service, to });
    }
    harness
}

fn probes(world: &World) -> Vec<Probe> {
    world
        .events()
        .newest_first()
        .filter_map(|e| match e.kind {
            EventKind::ProbeReachedLaptop(probe) => Some(probe),
            _ => None,
        })
        .collect()
}

/// The mean of a metric over every second the world has measured.
fn mean(world: &World, metric: Metric) -> f64 {
    let values: Vec<f64> =
        world.history().newest_first().map(|s| s.get(metric).expect("the laptop measures it every second")).collect();
    values.iter().sum::<f64>() / values.len() as f64
}

#[test]
fn with_everything_on_the_laptop_builds_are_slow_and_probes_arrive() {
    let world = chapter_zero().run(60).into_world();
    let scenario = LaptopScenario::chapter_zero();

    // The services' work: 120·15 + 200·10 + 30·60 ms of CPU per second, 5.6 of 8 cores.
    let cpu = mean(&world, Metric::LaptopCpuPercent);
    assert!((cpu - 70.0).abs() < 3.0, "mean laptop CPU {cpu} %");
    let alone = f64::from(scenario.build_core_seconds) / f64::from(scenario.cores);
    let build = mean(&world, Metric::BuildSeconds);
    assert!(build > WHY_BUILD_LIMIT_S && build > 2.0 * alone, "a build takes {build} s on average (alone: {alone} s)");
    // The web shop and the chat bot face the internet; the database serves only the shop beside it.
    assert_eq!(world.latest(Metric::ExposedOnLaptop), Some(2.0));
    assert_eq!(world.latest(Metric::SuccessPercent), Some(100.0));

    // Two exposed services at 6 probes a minute each: about 12 in a minute.
    let probes = probes(&world);
    assert!((3..=30).contains(&probes.len()), "{} probes in a minute", probes.len());
    assert!(probes.iter().all(|p| (1..=254).contains(&p.from_host)));
    for service in [Service::WebShop, Service::ChatBot] {
        assert!(probes.iter().any(|p| p.service == service), "no probe reached {service:?}");
    }
    assert!(probes.iter().all(|p| p.service != Service::Database), "the database is not open to the internet");
}

#[test]
fn moving_every_service_to_the_server_meets_the_challenge_within_20_seconds() {
    let challenge = Challenge::for_chapter(ChapterId::WhyServers).expect("chapter 0 has a challenge");
    assert_eq!(challenge.scenario, Scenario::Laptop(LaptopScenario::chapter_zero()));
    let optimum = challenge.optimum(DEFAULT_SEED);
    let mut world = move_everything(Harness::new(challenge.scenario.clone(), DEFAULT_SEED), Place::Server).into_world();

    let met_at = (1..=20).find(|_| {
        world.run_seconds(1);
        evaluate(&challenge.goal, world.history(), &optimum).met
    });
    assert!(met_at.is_some(), "not met within 20 s: {:?}", world.history().latest());

    let events_before = world.events().total();
    world.run_seconds(60);
    assert_eq!(world.events().total(), events_before, "nothing is exposed, so no probe arrives");
    assert!(evaluate(&challenge.goal, world.history(), &optimum).met);
}

#[test]
fn with_everything_on_the_laptop_the_challenge_is_never_met() {
    let challenge = Challenge::for_chapter(ChapterId::WhyServers).expect("chapter 0 has a challenge");
    let mut world = World::new(challenge.scenario.clone(), DEFAULT_SEED);
    let optimum = challenge.optimum(DEFAULT_SEED);
    for _ in 0..60 {
        world.run_seconds(1);
        assert!(!evaluate(&challenge.goal, world.history(), &optimum).met, "met at {} s", world.seconds());
    }
}

#[test]
fn closing_the_lid_fails_the_services_on_the_laptop() {
    let world = chapter_zero().run(5).act(Action::SetLaptopAwake { awake: false }).run(5).into_world();
    let success = world.latest(Metric::SuccessPercent).expect("the laptop is measured");
    assert!(success < WHY_SUCCESS_PERCENT, "success {success} % with the lid closed");
    assert!(world.events().newest_first().any(|e| e.kind == EventKind::LaptopSlept));

    let world = Harness::new(world.scenario().clone(), DEFAULT_SEED)
        .act(Action::SetLaptopAwake { awake: false })
        .act(Action::MoveService { service: Service::WebShop, to: Place::Server })
        .run(5)
        .into_world();
    let success = world.latest(Metric::SuccessPercent).expect("the laptop is measured");
    assert!(success > 0.0 && success < WHY_SUCCESS_PERCENT, "only the web shop answers: {success} %");

    let world =
        move_everything(chapter_zero(), Place::Server).act(Action::SetLaptopAwake { awake: false }).run(5).into_world();
    assert_eq!(world.latest(Metric::SuccessPercent), Some(100.0), "the server does not sleep");
}

#[test]
fn runs_are_determined_by_the_seed() {
    let script = |seed| {
        Harness::new(Scenario::Laptop(LaptopScenario::chapter_zero()), seed)
            .run(10)
            .act(Action::MoveService { service: Service::ChatBot, to: Place::Server })
            .run(10)
            .act(Action::SetLaptopAwake { awake: false })
            .run(3)
            .into_world()
    };
    let (a, b) = (script(DEFAULT_SEED), script(DEFAULT_SEED));
    assert_eq!(a.digest(), b.digest());
    assert!(a.history() == b.history(), "the histories differ");
    assert!(a.events() == b.events(), "the events differ");
    assert_eq!(probes(&a), probes(&b));

    let other = script(DEFAULT_SEED + 1);
    assert_ne!(other.digest(), a.digest());
    assert_ne!(probes(&other), probes(&a));
}

#[test]
fn the_database_faces_the_internet_only_when_the_shop_leaves_it_behind() {
    let mut world = World::new(Scenario::Laptop(LaptopScenario::chapter_zero()), DEFAULT_SEED);
    let exposed = |world: &mut World| {
        world.run_seconds(1);
        world.latest(Metric::ExposedOnLaptop)
    };
    assert_eq!(exposed(&mut world), Some(2.0), "the shop and the chat bot");
    world.apply(Action::MoveService { service: Service::WebShop, to: Place::Server }).expect("a service");
    assert_eq!(exposed(&mut world), Some(2.0), "the chat bot, and the database the shop now reaches from outside");
    world.run_seconds(120);
    assert!(probes(&world).iter().any(|p| p.service == Service::Database), "strangers find the database's port");
    world.apply(Action::MoveService { service: Service::Database, to: Place::Server }).expect("a service");
    assert_eq!(exposed(&mut world), Some(1.0));
}
