//! Every change a learner can make to a world, as a value.
//!
//! A run is `(scenario, seed, stamped actions)`: actions are recorded with the step they applied
//! at, so a run replays exactly, serializes into a share link or file, and drives reset.

use serde::{Deserialize, Serialize};

use super::clock::Step;
use super::laptop::{Place, Service};
use super::traffic::FarmRefusal;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Action {
    /// Chapter 1: the users slider, in requests per second.
    SetArrivalRate { rps: u32 },
    /// Chapter 1: rent one more server.
    AddServer,
    /// Chapter 1: give back the newest server.
    RemoveServer,
    /// Chapter 0: run a service on the laptop or on the server.
    MoveService { service: Service, to: Place },
    /// Chapter 0: open (awake) or close (asleep) the laptop's lid.
    SetLaptopAwake { awake: bool },
}

/// An action and the step it applied at.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stamped {
    pub step: Step,
    pub action: Action,
}

/// Why the world refused an action; the world is unchanged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Refusal {
    Farm(FarmRefusal),
    /// The action belongs to another chapter's model.
    NotInThisScenario,
    /// The scenario has no such service.
    UnknownService,
}

impl From<FarmRefusal> for Refusal {
    fn from(refusal: FarmRefusal) -> Self {
        Refusal::Farm(refusal)
    }
}
