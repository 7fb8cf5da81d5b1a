//! A world on a page: the plain simulation struct plus one signal that says "it changed".
//!
//! The world is not reactive inside (see STYLE.md): views read it through [`Lab::with`], which
//! subscribes to a single version counter, so a frame that runs ten steps wakes the view once.

use leptos::prelude::*;

use crate::sim::{Action, Refusal, Scenario, World};

#[derive(Clone, Copy)]
pub struct Lab {
    world: StoredValue<World>,
    version: RwSignal<u64>,
}

impl Lab {
    pub fn new(scenario: Scenario, seed: u64) -> Self {
        Lab { world: StoredValue::new(World::new(scenario, seed)), version: RwSignal::new(0) }
    }

    /// Reads the world and re-runs the caller when it changes.
    pub fn with<T>(&self, read: impl FnOnce(&World) -> T) -> T {
        self.version.track();
        self.world.with_value(read)
    }

    pub fn with_untracked<T>(&self, read: impl FnOnce(&World) -> T) -> T {
        self.world.with_value(read)
    }

    fn changed(&self) {
        self.version.update(|v| *v += 1);
    }

    pub fn apply(&self, action: Action) -> Result<(), Refusal> {
        let result = self.world.try_update_value(|w| w.apply(action)).unwrap_or(Err(Refusal::NotInThisScenario));
        if result.is_ok() {
            self.changed();
        }
        result
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
