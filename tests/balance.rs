//! Chapter 5's balancer on its own: each algorithm's choice, checked over many picks.

use server_lab::sim::balance::{Algorithm, Backend, Balancer};

fn even(n: usize) -> Vec<Backend> {
    vec![Backend { weight: 1, in_flight: 0 }; n]
}

fn counts(balancer: &mut Balancer, pool: &[Backend], picks: u32) -> Vec<u32> {
    let mut counts = vec![0; pool.len()];
    for client in 0..picks {
        let chosen = balancer.pick(pool, client).expect("a backend");
        counts[chosen] += 1;
    }
    counts
}

#[test]
fn every_algorithm_refuses_an_empty_pool_and_takes_the_only_backend() {
    for algorithm in Algorithm::ALL {
        let mut balancer = Balancer::new(algorithm, 1);
        assert_eq!(balancer.pick(&[], 7), None, "{algorithm:?}");
        assert_eq!(balancer.pick(&even(1), 7), Some(0), "{algorithm:?}");
    }
}

#[test]
fn round_robin_goes_round_in_order() {
    let mut balancer = Balancer::new(Algorithm::RoundRobin, 1);
    let order: Vec<usize> = (0..7).filter_map(|c| balancer.pick(&even(3), c)).collect();
    assert_eq!(order, [0, 1, 2, 0, 1, 2, 0]);
}

#[test]
fn weights_are_respected_over_10_000_requests_within_1_percent() {
    let weights = [5, 3, 1, 1];
    let pool: Vec<Backend> = weights.iter().map(|&weight| Backend { weight, in_flight: 0 }).collect();
    let mut balancer = Balancer::new(Algorithm::WeightedRoundRobin, 1);
    let counts = counts(&mut balancer, &pool, 10_000);
    for (count, weight) in counts.iter().zip(weights) {
        let expected = 10_000.0 * f64::from(weight) / 10.0;
        assert!((f64::from(*count) - expected).abs() <= expected * 0.01, "{counts:?}");
    }
    // Smooth: the heavy backend never gets more than two turns in a row.
    let mut balancer = Balancer::new(Algorithm::WeightedRoundRobin, 1);
    let cycle: Vec<usize> = (0..10).filter_map(|c| balancer.pick(&pool, c)).collect();
    assert!(cycle.windows(3).all(|w| !(w[0] == 0 && w[1] == 0 && w[2] == 0)), "{cycle:?}");
}

#[test]
fn least_connections_picks_the_minimum_and_ties_take_turns() {
    let busy = |in_flight: [u32; 4]| in_flight.map(|in_flight| Backend { weight: 1, in_flight }).to_vec();
    let mut balancer = Balancer::new(Algorithm::LeastConnections, 1);
    assert_eq!(balancer.pick(&busy([4, 2, 9, 3]), 0), Some(1));
    assert_eq!(balancer.pick(&busy([0, 5, 5, 0]), 0), Some(3), "the first minimum after the last choice");
    assert_eq!(balancer.pick(&busy([0, 5, 5, 0]), 0), Some(0));
}

#[test]
fn ip_hash_keeps_a_client_on_one_backend_while_the_pool_is_unchanged() {
    let mut balancer = Balancer::new(Algorithm::IpHash, 1);
    let pool = even(5);
    for client in [0xc000_0232_u32, 0xc633_6407, 7, 8] {
        let first = balancer.pick(&pool, client);
        assert!((0..20).all(|_| balancer.pick(&pool, client) == first), "client {client:#x}");
    }
    // Many clients spread over every backend.
    let spread = counts(&mut balancer, &pool, 10_000);
    assert!(spread.iter().all(|&c| (1_700..=2_300).contains(&c)), "{spread:?}");
}

#[test]
fn random_and_two_choices_draw_from_the_seed_and_two_choices_avoids_the_busiest() {
    let pool = even(4);
    let run = |algorithm, seed| counts(&mut Balancer::new(algorithm, seed), &pool, 1_000);
    assert_eq!(run(Algorithm::Random, 7), run(Algorithm::Random, 7), "same seed, same draws");
    assert_ne!(run(Algorithm::Random, 7), run(Algorithm::Random, 8));
    // Two distinct backends are compared, so the busiest of four is never chosen.
    let mut loaded = pool.clone();
    loaded[2].in_flight = 50;
    let mut balancer = Balancer::new(Algorithm::PowerOfTwoChoices, 7);
    assert_eq!(counts(&mut balancer, &loaded, 10_000)[2], 0);
}
