//! A test driver for worlds: `Harness::new(scenario, seed).act(..).run(secs)`.
//!
//! Like a protocol state-machine test, the harness owns the world and steps it; tests then
//! assert on its counters, samples and events. Actions the world refuses fail the test.

use super::action::Action;
use super::world::{Scenario, World};

#[derive(Clone, Debug)]
pub struct Harness {
    world: World,
}

impl Harness {
    pub fn new(scenario: Scenario, seed: u64) -> Self {
        Harness { world: World::new(scenario, seed) }
    }

    /// Applies an action at the current step; panics if the world refuses it.
    pub fn act(mut self, action: Action) -> Self {
        if let Err(refusal) = self.world.apply(action) {
            panic!("the world refused {action:?}: {refusal:?}");
        }
        self
    }

    /// Runs whole simulated seconds.
    pub fn run(mut self, seconds: u64) -> Self {
        self.world.run_seconds(seconds);
        self
    }

    /// Runs single steps.
    pub fn run_steps(mut self, steps: u64) -> Self {
        self.world.run_steps(steps);
        self
    }

    pub fn world(&self) -> &World {
        &self.world
    }

    pub fn into_world(self) -> World {
        self.world
    }
}
