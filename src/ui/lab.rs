//! A world on a page: the plain simulation struct plus two signals that say "it changed".
//!
//! The world is not reactive inside: views read it through [`Lab::with`], which subscribes to a
//! version counter that moves on every change, so a frame that runs ten steps wakes the view
//! once; or through [`Lab::with_record`], which moves only when the world records something (a
//! new per-second sample or an event), for the figures, charts, feeds and goal checks that
//! change once a simulated second.

use leptos::prelude::*;

use crate::sim::{Action, Refusal, Scenario, World};

#[derive(Clone, Copy)]
pub struct Lab {
    world: StoredValue<World>,
    version: RwSignal<u64>,
    /// Moves when [`Record::of`] the world does.
    record: RwSignal<Record>,
}

/// What the world has recorded so far: the second of its latest sample and how many events.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Record {
    latest_second: Option<u64>,
    events: u64,
}

impl Record {
    fn of(world: &World) -> Record {
        Record { latest_second: world.history().latest().map(|s| s.second), events: world.events().total() }
    }
}

impl Lab {
    pub fn new(scenario: Scenario, seed: u64) -> Self {
        Lab {
            world: StoredValue::new(World::new(scenario, seed)),
            version: RwSignal::new(0),
            record: RwSignal::new(Record::default()),
        }
    }

    /// Reads the world and re-runs the caller when it changes.
    pub fn with<T>(&self, read: impl FnOnce(&World) -> T) -> T {
        self.version.track();
        self.world.with_value(read)
    }

    /// Reads the world and re-runs the caller only when it records a sample or an event.
    pub fn with_record<T>(&self, read: impl FnOnce(&World) -> T) -> T {
        self.record.track();
        self.world.with_value(read)
    }

    pub fn with_untracked<T>(&self, read: impl FnOnce(&World) -> T) -> T {
        self.world.with_value(read)
    }

    fn changed(&self) {
        self.version.update(|v| *v += 1);
        let record = self.world.with_value(Record::of);
        if record != self.record.get_untracked() {
            self.record.set(record);
        }
    }

    pub fn apply(&self, action: Action) -> Result<(), Refusal> {
        let result = self.world.try_update_value(|w| w.apply(action)).unwrap_or(Err(Refusal::NotInThisScenario));
        if result.is_ok() {
            self.changed();
        }
        result
    }

    /// Runs a line typed in the terminal (see [`World::enter`]).
    pub fn enter(&self, line: &str) {
        if self.world.try_update_value(|w| w.enter(line)).is_some_and(|r| r.is_ok()) {
            self.changed();
        }
    }

    /// Ctrl+C in the terminal with `typed` in its input.
    pub fn interrupt(&self, typed: &str) {
        self.world.update_value(|w| w.interrupt(typed));
        self.changed();
    }

    pub fn clear_terminal(&self) {
        self.world.update_value(World::clear_terminal);
        self.changed();
    }

    pub fn run_steps(&self, steps: u64) {
        if steps > 0 {
            self.world.update_value(|w| w.run_steps(steps));
            self.changed();
        }
    }

    /// Back to the scenario's start, same seed.
    pub fn reset(&self) {
        self.world.update_value(|w| *w = World::new(w.scenario().clone(), w.seed()));
        self.changed();
    }
}
