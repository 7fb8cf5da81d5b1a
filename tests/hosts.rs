//! Chapters 2 and 3: the placement model's accounting, overheads, interference rules, refusals
//! and challenges.

use server_lab::course::{Challenge, ChapterId, HOSTS_HOLD_SECONDS};
use server_lab::sim::event::EventKind;
use server_lab::sim::host::catalog::{footprint_mib, start_ms, HostKind, ServiceKind, SERVER};
use server_lab::sim::host::{RackEvent, RackRefusal, RackScenario, Status};
use server_lab::sim::{evaluate, Action, Harness, Metric, Refusal, Scenario, World};

fn rack(scenario: RackScenario, seed: u64) -> World {
    World::new(Scenario::Rack(scenario), seed)
}

fn id(kind: ServiceKind) -> u16 {
    ServiceKind::ALL.iter().position(|k| *k == kind).expect("in ALL") as u16
}

fn place(world: &mut World, service: ServiceKind, host: u32) {
    world
        .apply(Action::Place { service: id(service), host })
        .unwrap_or_else(|r| panic!("{service:?} on {host}: {r:?}"));
}

fn rack_events(world: &World) -> Vec<RackEvent> {
    world
        .events()
        .newest_first()
        .filter_map(|e| match e.kind {
            EventKind::Rack(r) => Some(r),
            _ => None,
        })
        .collect()
}

#[test]
fn optimum_numbers() {
    for id in [ChapterId::VirtualMachines, ChapterId::Containers] {
        let c = Challenge::for_chapter(id).expect("challenge");
        println!("{:?} {:?}", id, c.optimum(1));
    }
}
