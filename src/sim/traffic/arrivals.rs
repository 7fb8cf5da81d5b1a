//! Where requests come from: users sending at a steady rate, plus spikes of static files.
//!
//! Two Poisson processes. The steady one runs at the users' rate all the time; a share of its
//! requests are for `/static` files, the rest for `/api`. The spike one sends only `/static`
//! requests, at its own rate, during the last [`SPIKE_LASTS_S`] seconds of every
//! [`SPIKE_EVERY_S`] (a popular page's images, fetched all at once). Each request's user (one
//! of `clients`), path and work are drawn as it is made.
//!
//! Gaps come from one random stream and the requests' users and work from another, both apart
//! from the world's and from any balancer's: two balancers fed these arrivals (compare mode)
//! see exactly the same requests whatever they draw. Left out: users' think time and sessions.

use super::{Path, Request};
use crate::sim::rng::Pcg32;

const GAP_STREAM: u64 = 0x6172;
const REQUEST_STREAM: u64 = 0x7271;
const SPIKE_STREAM: u64 = 0x7370;

/// A spike comes once in every this many seconds...
pub const SPIKE_EVERY_S: u64 = 10;
/// ...and lasts this long, ending as the period does.
pub const SPIKE_LASTS_S: u64 = 2;

/// What each request asks of a server, by path.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Mix {
    pub clients: u32,
    /// Percent of the steady requests that are for `/static`.
    pub static_percent: u32,
    /// Mean work of an `/api` request at full speed, in microseconds (exponential).
    pub api_mean_us: f64,
    pub static_mean_us: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Arrivals {
    gaps: Pcg32,
    requests: Pcg32,
    spikes: Pcg32,
    /// The next steady arrival (µs).
    next_us: u64,
    /// The next spike arrival, counted in spike time: microseconds of spike windows only.
    next_spike: Option<u64>,
}

/// Spike time → simulated time: spike windows laid end to end.
fn spike_to_wall(spike_us: u64) -> u64 {
    let (window, into) = (spike_us / (SPIKE_LASTS_S * 1_000_000), spike_us % (SPIKE_LASTS_S * 1_000_000));
    window * SPIKE_EVERY_S * 1_000_000 + (SPIKE_EVERY_S - SPIKE_LASTS_S) * 1_000_000 + into
}

/// Simulated time → spike time: the spike time at `wall_us`, or at the next window's start.
fn wall_to_spike(wall_us: u64) -> u64 {
    let (period, into) = (wall_us / (SPIKE_EVERY_S * 1_000_000), wall_us % (SPIKE_EVERY_S * 1_000_000));
    let calm = (SPIKE_EVERY_S - SPIKE_LASTS_S) * 1_000_000;
    period * SPIKE_LASTS_S * 1_000_000 + into.saturating_sub(calm)
}

/// Whether a spike is under way at `wall_us`.
pub fn spiking(wall_us: u64) -> bool {
    wall_us % (SPIKE_EVERY_S * 1_000_000) >= (SPIKE_EVERY_S - SPIKE_LASTS_S) * 1_000_000
}

impl Arrivals {
    pub fn new(seed: u64, rps: u32, spike_rps: u32) -> Self {
        let mut arrivals = Arrivals {
            gaps: Pcg32::with_stream(seed, GAP_STREAM),
            requests: Pcg32::with_stream(seed, REQUEST_STREAM),
            spikes: Pcg32::with_stream(seed, SPIKE_STREAM),
            next_us: 0,
            next_spike: None,
        };
        arrivals.set_rate(rps, 0);
        arrivals.set_spike_rate(spike_rps, 0);
        arrivals
    }

    /// Poisson arrivals are memoryless: drawing the next gap afresh at a new rate is exact.
    pub fn set_rate(&mut self, rps: u32, now_us: u64) {
        self.next_us = now_us + self.gaps.exponential_us(1_000_000.0 / f64::from(rps.max(1))).max(1);
    }

    pub fn set_spike_rate(&mut self, rps: u32, now_us: u64) {
        self.next_spike = (rps > 0).then(|| wall_to_spike(now_us) + self.spike_gap(rps));
    }

    fn spike_gap(&mut self, rps: u32) -> u64 {
        self.spikes.exponential_us(1_000_000.0 / f64::from(rps.max(1))).max(1)
    }

    /// The next request made before `end_us`, if any, in time order.
    pub fn next_before(&mut self, end_us: u64, rps: u32, spike_rps: u32, mix: &Mix) -> Option<Request> {
        let spike_at = self.next_spike.map(spike_to_wall);
        if spike_at.is_some_and(|at| at < end_us && at < self.next_us) {
            let at = spike_at.unwrap_or_default();
            self.next_spike = self.next_spike.map(|s| s + self.spike_gap(spike_rps));
            return Some(self.request(at, Path::Static, mix));
        }
        if self.next_us >= end_us {
            return None;
        }
        let at = self.next_us;
        self.next_us = at + self.gaps.exponential_us(1_000_000.0 / f64::from(rps.max(1))).max(1);
        let path = if self.requests.below(100) < mix.static_percent { Path::Static } else { Path::Api };
        Some(self.request(at, path, mix))
    }

    fn request(&mut self, at_us: u64, path: Path, mix: &Mix) -> Request {
        let client = self.requests.below(mix.clients.max(1));
        let mean = match path {
            Path::Api => mix.api_mean_us,
            Path::Static => mix.static_mean_us,
        };
        Request { sent_us: at_us, client, path, work_us: self.requests.exponential_us(mean).max(1), attempt: 0 }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spike_time_maps_onto_the_last_seconds_of_each_period() {
        assert_eq!(spike_to_wall(0), 8_000_000);
        assert_eq!(spike_to_wall(2_000_000), 18_000_000);
        assert_eq!(wall_to_spike(3_000_000), 0);
        assert_eq!(wall_to_spike(9_000_000), 1_000_000);
        assert_eq!(wall_to_spike(12_000_000), 2_000_000);
        for spike in [0, 1, 1_999_999, 2_000_000, 7_654_321] {
            assert_eq!(wall_to_spike(spike_to_wall(spike)), spike);
            assert!(spiking(spike_to_wall(spike)));
        }
        assert!(!spiking(7_999_999));
    }
}
