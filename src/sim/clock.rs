//! Fixed-step simulated time, and the frame clock that turns real time into whole steps.
//!
//! The world advances only in whole steps of [`STEP_MS`] simulated milliseconds. The view's
//! animation loop hands real elapsed time to a [`FrameClock`], which multiplies it by the speed,
//! accumulates it, and says how many whole steps to run now. So frame rate, tab throttling and
//! speed changes never change results: a run depends only on (scenario, seed, stamped actions).

use serde::{Deserialize, Serialize};

/// Length of one simulation step, in simulated milliseconds.
pub const STEP_MS: u64 = 10;
/// Steps per simulated second.
pub const STEPS_PER_SECOND: u64 = 1000 / STEP_MS;
/// At most this many steps run in one animation frame; a longer backlog (a stalled tab) is
/// dropped rather than replayed in a burst.
pub const MAX_STEPS_PER_FRAME: u32 = 50;

/// The speeds the player offers, slowest first.
pub const SPEEDS: [f64; 5] = [0.25, 0.5, 1.0, 2.0, 4.0];

/// A step number: simulated time is `step * STEP_MS` milliseconds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Step(pub u64);

impl Step {
    pub fn millis(self) -> u64 {
        self.0 * STEP_MS
    }

    pub fn micros(self) -> u64 {
        self.millis() * 1000
    }

    /// True when this step ends a whole simulated second.
    pub fn ends_second(self) -> bool {
        self.0 > 0 && self.0.is_multiple_of(STEPS_PER_SECOND)
    }
}

/// Converts real elapsed time into whole simulation steps at a chosen speed.
#[derive(Clone, Debug, PartialEq)]
pub struct FrameClock {
    speed: f64,
    carried_ms: f64,
}

impl Default for FrameClock {
    fn default() -> Self {
        FrameClock { speed: 1.0, carried_ms: 0.0 }
    }
}

impl FrameClock {
    pub fn speed(&self) -> f64 {
        self.speed
    }

    /// Sets the speed; values outside [`SPEEDS`] are refused and the speed is unchanged.
    pub fn set_speed(&mut self, speed: f64) -> Result<(), f64> {
        if SPEEDS.contains(&speed) {
            self.speed = speed;
            Ok(())
        } else {
            Err(speed)
        }
    }

    /// Adds `real_ms` of real time and returns how many whole steps are due now.
    pub fn advance(&mut self, real_ms: f64) -> u32 {
        if !real_ms.is_finite() || real_ms <= 0.0 {
            return 0;
        }
        self.carried_ms += real_ms * self.speed;
        let due = (self.carried_ms / STEP_MS as f64).floor();
        if due >= f64::from(MAX_STEPS_PER_FRAME) {
            self.carried_ms = 0.0;
            return MAX_STEPS_PER_FRAME;
        }
        self.carried_ms -= due * STEP_MS as f64;
        due as u32
    }

    /// Forgets any partial step (on pause or reset).
    pub fn clear(&mut self) {
        self.carried_ms = 0.0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_second_of_real_time_is_one_hundred_steps_at_1x() {
        let mut clock = FrameClock::default();
        let steps: u32 = (0..60).map(|_| clock.advance(1000.0 / 60.0)).sum();
        assert!((99..=100).contains(&steps), "{steps}");
    }

    #[test]
    fn double_speed_gives_twice_the_steps() {
        let mut slow = FrameClock::default();
        let mut fast = FrameClock::default();
        fast.set_speed(2.0).unwrap();
        let (a, b): (u32, u32) = (0..120).fold((0, 0), |(a, b), _| (a + slow.advance(16.0), b + fast.advance(16.0)));
        assert_eq!(b, 2 * a);
    }

    #[test]
    fn a_long_stall_is_capped() {
        let mut clock = FrameClock::default();
        assert_eq!(clock.advance(60_000.0), MAX_STEPS_PER_FRAME);
        assert_eq!(clock.advance(5.0), 0);
    }

    #[test]
    fn unknown_speed_is_refused() {
        let mut clock = FrameClock::default();
        assert_eq!(clock.set_speed(3.0), Err(3.0));
        assert_eq!(clock.speed(), 1.0);
    }

    #[test]
    fn bad_real_time_is_ignored() {
        let mut clock = FrameClock::default();
        assert_eq!(clock.advance(f64::NAN), 0);
        assert_eq!(clock.advance(-5.0), 0);
    }

    #[test]
    fn seconds_end_on_multiples_of_a_hundred_steps() {
        assert!(!Step(0).ends_second());
        assert!(Step(100).ends_second());
        assert!(!Step(150).ends_second());
    }
}
