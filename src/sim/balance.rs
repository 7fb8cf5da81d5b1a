//! Chapter 5's load balancer: which backend of a pool each request goes to.
//!
//! Six algorithms: round robin; weighted round robin (the smooth kind nginx uses, which spreads
//! a heavy backend's turns through the cycle instead of sending them in a row); least
//! connections; IP hash (a client sticks to one backend while the pool is unchanged); random;
//! and the power of two random choices (two backends drawn, the less busy one taken).
//!
//! A balancer draws from its own random stream, never the world's arrivals or service times, so
//! two balancers fed the same requests (compare mode) see the same requests whatever they draw.
//! The balancer only picks: the caller passes what it may know of each backend (its weight and
//! the requests it has in flight). Left out: slow start, health (chapter 6 marks backends down
//! by leaving them out of the pool), and consistent hashing (IP hash here moves clients when
//! the pool changes, which is its lesson).

use serde::{Deserialize, Serialize};

use super::rng::Pcg32;

/// The random stream a balancer draws from, apart from the world's.
const BALANCER_STREAM: u64 = 0x6c62;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Algorithm {
    RoundRobin,
    WeightedRoundRobin,
    LeastConnections,
    IpHash,
    Random,
    PowerOfTwoChoices,
}

impl Algorithm {
    pub const ALL: [Algorithm; 6] = [
        Algorithm::RoundRobin,
        Algorithm::WeightedRoundRobin,
        Algorithm::LeastConnections,
        Algorithm::IpHash,
        Algorithm::Random,
        Algorithm::PowerOfTwoChoices,
    ];
}

/// What the balancer knows of one backend when it picks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backend {
    /// Share of the turns under weighted round robin (at least 1).
    pub weight: u32,
    /// Requests sent to it and not yet answered.
    pub in_flight: u32,
}

/// A balancer's state between requests.
#[derive(Clone, Debug, PartialEq)]
pub struct Balancer {
    algorithm: Algorithm,
    /// Round robin's next backend; where least connections starts looking among equals.
    cursor: usize,
    /// Smooth weighted round robin's running scores, one per backend.
    scores: Vec<i64>,
    rng: Pcg32,
}

impl Balancer {
    /// A balancer for `algorithm`, drawing from `seed`'s balancer stream.
    pub fn new(algorithm: Algorithm, seed: u64) -> Balancer {
        Balancer { algorithm, cursor: 0, scores: Vec::new(), rng: Pcg32::with_stream(seed, BALANCER_STREAM) }
    }

    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The index in `pool` of the backend a request from `client` goes to; `None` for an empty
    /// pool.
    pub fn pick(&mut self, pool: &[Backend], client: u32) -> Option<usize> {
        let n = pool.len();
        if n == 0 {
            return None;
        }
        let chosen = match self.algorithm {
            Algorithm::RoundRobin => {
                let chosen = self.cursor % n;
                self.cursor = (chosen + 1) % n;
                chosen
            }
            Algorithm::WeightedRoundRobin => self.smooth_weighted(pool),
            Algorithm::LeastConnections => {
                // The fewest in flight; among equals, the first from the cursor on, so ties
                // take turns instead of always landing on the first backend.
                let start = self.cursor % n;
                let chosen = (0..n).map(|k| (start + k) % n).min_by_key(|&i| pool[i].in_flight).unwrap_or(start);
                self.cursor = (chosen + 1) % n;
                chosen
            }
            Algorithm::IpHash => (mix(client) % n as u64) as usize,
            Algorithm::Random => self.rng.below(n as u32) as usize,
            Algorithm::PowerOfTwoChoices => {
                let first = self.rng.below(n as u32) as usize;
                if n == 1 {
                    return Some(0);
                }
                // A second draw among the others, so the two are distinct.
                let second = (first + 1 + self.rng.below(n as u32 - 1) as usize) % n;
                if pool[second].in_flight < pool[first].in_flight {
                    second
                } else {
                    first
                }
            }
        };
        Some(chosen)
    }

    /// Smooth weighted round robin: every backend's score grows by its weight, the highest
    /// score is chosen and pays back the total. Over any run of `total` picks each backend gets
    /// exactly its weight's turns.
    fn smooth_weighted(&mut self, pool: &[Backend]) -> usize {
        if self.scores.len() != pool.len() {
            self.scores = vec![0; pool.len()];
        }
        let mut total = 0;
        for (score, backend) in self.scores.iter_mut().zip(pool) {
            let weight = i64::from(backend.weight.max(1));
            *score += weight;
            total += weight;
        }
        let mut chosen = 0;
        for (i, score) in self.scores.iter().enumerate() {
            if *score > self.scores[chosen] {
                chosen = i;
            }
        }
        self.scores[chosen] -= total;
        chosen
    }
}

/// A client address mixed into a well-spread 64-bit value (SplitMix64's finaliser), so
/// neighbouring addresses land on unrelated backends.
fn mix(client: u32) -> u64 {
    let mut z = u64::from(client).wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}
