//! The simulation core: pure, deterministic models of the systems the course teaches.
//!
//! No web crates, no wall clock, no global state. A world is built from a scenario and a seed,
//! changed only by [`Action`]s, and advanced in fixed steps; the same inputs give the same run
//! on native and wasm32 (integer time, a seeded PCG32, `libm` for logarithms).

pub mod action;
pub mod balance;
pub mod clock;
pub mod event;
pub mod goal;
pub mod harness;
pub mod host;
pub mod laptop;
pub mod metrics;
pub mod net;
pub mod optimum;
pub mod rng;
pub mod shell;
pub mod traffic;
pub mod world;

pub use action::{Action, Refusal, Stamped};
pub use clock::{FrameClock, Step};
pub use goal::{evaluate, Cmp, Condition, Goal, GoalStatus, Optimum, Target};
pub use harness::Harness;
pub use metrics::{Metric, Sample};
pub use world::{Scenario, World};
