//! A small seeded random source: PCG32 (O'Neill 2014, `pcg32_xsh_rr`).
//!
//! The world owns one generator; every random draw in the simulation comes from it, so the same
//! seed and the same actions give the same run on native and wasm32. Only integer arithmetic
//! and `libm` are used, which behave identically on both targets.

use serde::{Deserialize, Serialize};

const MULTIPLIER: u64 = 6_364_136_223_846_793_005;

/// PCG32: 64-bit state, 32-bit output, period 2^64.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Pcg32 {
    state: u64,
    increment: u64,
}

impl Pcg32 {
    /// A generator for `seed` on the default stream.
    pub fn new(seed: u64) -> Self {
        Self::with_stream(seed, 0xda3e_39cb_94b9_5bdb)
    }

    /// A generator for `seed` on stream `stream`; different streams never overlap.
    pub fn with_stream(seed: u64, stream: u64) -> Self {
        let mut rng = Pcg32 { state: 0, increment: (stream << 1) | 1 };
        rng.next_u32();
        rng.state = rng.state.wrapping_add(seed);
        rng.next_u32();
        rng
    }

    /// The generator's whole state, for fingerprints of a world.
    pub fn state(&self) -> (u64, u64) {
        (self.state, self.increment)
    }

    pub fn next_u32(&mut self) -> u32 {
        let old = self.state;
        self.state = old.wrapping_mul(MULTIPLIER).wrapping_add(self.increment);
        let xorshifted = (((old >> 18) ^ old) >> 27) as u32;
        let rot = (old >> 59) as u32;
        xorshifted.rotate_right(rot)
    }

    /// A uniform float in [0, 1) with 53 random bits.
    pub fn next_f64(&mut self) -> f64 {
        let hi = u64::from(self.next_u32()) << 21;
        let lo = u64::from(self.next_u32() >> 11);
        (hi | lo) as f64 / (1u64 << 53) as f64
    }

    /// A uniform integer in `0..bound` (Lemire's unbiased method). `bound` must be positive.
    pub fn below(&mut self, bound: u32) -> u32 {
        debug_assert!(bound > 0);
        let threshold = bound.wrapping_neg() % bound;
        loop {
            let product = u64::from(self.next_u32()) * u64::from(bound);
            if (product as u32) >= threshold {
                return (product >> 32) as u32;
            }
        }
    }

    /// An exponentially distributed duration with the given mean, in whole microseconds
    /// (inverse transform; `libm::log` keeps it bit-identical across targets).
    pub fn exponential_us(&mut self, mean_us: f64) -> u64 {
        let u = 1.0 - self.next_f64(); // (0, 1]: log never sees zero
        let sample = -mean_us * libm::log(u);
        libm::round(sample) as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence() {
        let mut a = Pcg32::new(42);
        let mut b = Pcg32::new(42);
        for _ in 0..1000 {
            assert_eq!(a.next_u32(), b.next_u32());
        }
    }

    #[test]
    fn different_seeds_differ() {
        let mut a = Pcg32::new(1);
        let mut b = Pcg32::new(2);
        let same = (0..100).filter(|_| a.next_u32() == b.next_u32()).count();
        assert!(same < 3);
    }

    #[test]
    fn matches_reference_output() {
        // First outputs of the reference pcg32 demo (seed 42, stream 54).
        let mut rng = Pcg32::with_stream(42, 54);
        let got: Vec<u32> = (0..6).map(|_| rng.next_u32()).collect();
        assert_eq!(got, [0xa15c02b7, 0x7b47f409, 0xba1d3330, 0x83d2f293, 0xbfa4784b, 0xcbed606e]);
    }

    #[test]
    fn floats_are_in_unit_interval_with_mean_near_half() {
        let mut rng = Pcg32::new(7);
        let n = 100_000;
        let mut sum = 0.0;
        for _ in 0..n {
            let x = rng.next_f64();
            assert!((0.0..1.0).contains(&x));
            sum += x;
        }
        assert!((sum / n as f64 - 0.5).abs() < 0.01);
    }

    #[test]
    fn below_stays_in_range_and_covers_it() {
        let mut rng = Pcg32::new(9);
        let mut seen = [false; 7];
        for _ in 0..1000 {
            let x = rng.below(7) as usize;
            seen[x] = true;
        }
        assert!(seen.iter().all(|s| *s));
    }

    #[test]
    fn exponential_has_the_requested_mean() {
        let mut rng = Pcg32::new(3);
        let n = 200_000;
        let total: u64 = (0..n).map(|_| rng.exponential_us(10_000.0)).sum();
        let mean = total as f64 / n as f64;
        assert!((mean - 10_000.0).abs() / 10_000.0 < 0.01, "mean {mean}");
    }
}
