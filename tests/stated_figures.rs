//! Every figure the chapters' prose states, reproduced in that chapter's lab.
//!
//! Each test is named after a statement and quotes it. It reads the figures from the prose
//! itself, in both languages (they must agree), sets the lab's model up at the stated point
//! through the actions the lab's controls send, and checks what the lab then shows within a
//! stated tolerance. A figure changed in the text, or a model that drifts from it, fails here.

use std::fs;

use server_lab::content::{text_path, ChapterText};
use server_lab::course::{ChapterId, DEFAULT_SEED};
use server_lab::sim::metrics::LatencyWindow;
use server_lab::sim::traffic::FarmScenario;
use server_lab::sim::{Action, Metric, Sample, Scenario, World};

/// Every string of a chapter's prose in one language, in reading order.
fn prose(id: ChapterId, lang: &str) -> Vec<String> {
    let path = text_path(id.slug(), lang);
    let json = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let text = ChapterText::parse(&json).unwrap_or_else(|e| panic!("{path}: {e:?}"));
    let sections = text.intro.into_iter().chain(text.after).flat_map(|s| s.paragraphs);
    let challenge = [text.challenge.text, text.challenge.hint, text.challenge.solved];
    let quiz = text.quiz.into_iter().flat_map(|q| [q.prompt].into_iter().chain(q.choices).chain([q.explanation]));
    sections.chain([text.try_this]).chain(challenge).chain(quiz).collect()
}

/// The number at the start of `text` as the prose writes it ("1,000", "0.5"), and its length.
fn leading_number(text: &str) -> Option<(f64, usize)> {
    let len = text.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')).unwrap_or(text.len());
    let digits = text[..len].trim_end_matches(['.', ',']);
    let value = digits.replace(',', "").parse().ok()?;
    Some((value, digits.len()))
}

/// The figures where `pattern` (literal text with `{}` for each figure) occurs in `text`.
fn match_at(text: &str, pattern: &str) -> Option<Vec<f64>> {
    let mut pieces = pattern.split("{}");
    let first = pieces.next().unwrap_or_default();
    text.match_indices(first).find_map(|(at, _)| {
        let mut rest = &text[at + first.len()..];
        let mut figures = Vec::new();
        for piece in pattern.split("{}").skip(1) {
            let (value, len) = leading_number(rest)?;
            figures.push(value);
            rest = rest[len..].strip_prefix(piece)?;
        }
        Some(figures)
    })
}

/// The figures a chapter states where `ko` and `en` occur (one pattern per language, the same
/// figures in the same order); panics unless both languages state them and agree.
fn stated<const N: usize>(id: ChapterId, ko: &str, en: &str) -> [f64; N] {
    let find = |lang: &str, pattern: &str| -> [f64; N] {
        let found = prose(id, lang).iter().find_map(|text| match_at(text, pattern));
        let figures = found.unwrap_or_else(|| panic!("{} {lang} no longer says {pattern:?}", id.slug()));
        figures.try_into().unwrap_or_else(|f| panic!("{pattern:?} has {N} figures, found {f:?}"))
    };
    let (in_korean, in_english) = (find("ko", ko), find("en", en));
    assert_eq!(in_korean, in_english, "{}: the two languages state different figures", id.slug());
    in_english
}

/// Seeds a learner's lab may run with: the chapter's own and two more.
const SEEDS: [u64; 3] = [DEFAULT_SEED, 7, 11];

/// Chapter 1's lab after the learner has set `servers` servers and `rps` requests per second
/// with its controls, run for `seconds` simulated seconds.
fn farm_lab(seed: u64, servers: u32, rps: u32, seconds: u64) -> World {
    let mut world = World::new(Scenario::Farm(FarmScenario::chapter_one()), seed);
    let start = FarmScenario::chapter_one().servers;
    let mut actions = vec![Action::SetArrivalRate { rps }];
    actions.extend((start..servers).map(|_| Action::AddServer));
    actions.extend((servers..start).map(|_| Action::RemoveServer));
    for action in actions {
        world.apply(action).unwrap_or_else(|r| panic!("the lab refused {action:?}: {r:?}"));
    }
    world.run_seconds(seconds);
    world
}

/// The samples of the last `seconds` seconds.
fn last(world: &World, seconds: usize) -> Vec<&Sample> {
    world.history().newest_first().take(seconds).collect()
}

fn metric(samples: &[&Sample], metric: Metric) -> Vec<f64> {
    samples.iter().filter_map(|s| s.get(metric)).collect()
}

fn mean(values: &[f64]) -> f64 {
    values.iter().sum::<f64>() / values.len() as f64
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

/// What a learner sees on one server at `rps` once it has settled: the CPU gauge's mean and
/// the p95 figure's median over ten minutes, for each seed.
fn one_server_at(rps: f64) -> Vec<(f64, f64)> {
    SEEDS
        .iter()
        .map(|&seed| {
            let world = farm_lab(seed, 1, rps.round() as u32, 610);
            let samples = last(&world, 600);
            (mean(&metric(&samples, Metric::MaxCpuPercent)), median(metric(&samples, Metric::P95LatencyMs)))
        })
        .collect()
}

/// Whether `measured` is within `tolerance` (a fraction) of `stated`.
fn near(measured: f64, stated: f64, tolerance: f64) -> bool {
    (measured - stated).abs() <= stated * tolerance
}

/// "In this lab each server has 4 cores, and each core works on one request at a time. A
/// request takes 20 ms on average" and the hint's "one server can finish at most
/// 4 × 1000 ÷ 20 = 200 requests per second".
#[test]
fn each_server_has_4_cores_a_request_takes_20_ms_and_one_server_finishes_200_a_second() {
    let [cores] = stated(ChapterId::Server, "서버는 코어가 {}개이고", "each server has {} cores");
    let [service_ms] = stated(ChapterId::Server, "요청 하나는 평균 {} ms가", "A request takes {} ms on average");
    let [hint_cores, per_second, hint_ms, capacity] =
        stated(ChapterId::Server, "많아야 {} × {} ÷ {} = {}개를", "at most {} × {} ÷ {} = {} requests per second");
    assert_eq!((hint_cores, per_second, hint_ms), (cores, 1000.0, service_ms));
    assert_eq!(capacity, cores * 1000.0 / service_ms, "the hint's sum");
    for seed in SEEDS {
        // The CPU gauge shows the share of the cores' time spent on requests: rps × 20 ms / 4.
        let rps = 100;
        let world = farm_lab(seed, 1, rps, 130);
        let cpu = mean(&metric(&last(&world, 120), Metric::MaxCpuPercent));
        let expected = f64::from(rps) * service_ms / (cores * 1000.0) * 100.0;
        assert!((cpu - expected).abs() < 2.0, "seed {seed}: CPU {cpu} % at {rps}/s, the text implies {expected} %");
        // 5 % under the capacity the server keeps up; 5 % over it, it cannot.
        let world = farm_lab(seed, 1, (capacity * 0.95).round() as u32, 310);
        let samples = last(&world, 300);
        assert_eq!(world.farm().map(|f| f.outcomes().timed_out), Some(0), "seed {seed}: 95 % of capacity");
        let throughput = mean(&metric(&samples, Metric::ThroughputRps));
        assert!(near(throughput, capacity * 0.95, 0.02), "seed {seed}: throughput {throughput}");
        let world = farm_lab(seed, 1, (capacity * 1.05).round() as u32, 310);
        let samples = last(&world, 60);
        assert!(mean(&metric(&samples, Metric::MaxCpuPercent)) > 99.0, "seed {seed}: 105 % of capacity");
        assert!(world.farm().is_some_and(|f| f.outcomes().timed_out > 0), "seed {seed}: 105 % of capacity");
    }
}

/// "At 50% utilisation (100 requests per second) one server's p95 here is about 60 ms, at 80%
/// (160) about 85 ms, at 90% (180) about 125 ms, and at 98% (196) mostly over 200 ms."
#[test]
fn one_servers_p95_is_about_60_85_and_125_ms_at_50_80_and_90_percent() {
    let figures: [f64; 12] = stated(
        ChapterId::Server,
        "사용률 {}%(초당 요청 {}개)에서 {} ms쯤, {}%({}개)에서 {} ms쯤, {}%({}개)에서 {} ms쯤이고, {}%({}개)에서는 대개 {} ms를 넘어요",
        "At {}% utilisation ({} requests per second) one server's p95 here is about {} ms, at {}% ({}) about {} ms, at {}% ({}) about {} ms, and at {}% ({}) mostly over {} ms",
    );
    for (i, point) in figures.chunks(3).enumerate() {
        let [percent, rps, p95_ms] = [point[0], point[1], point[2]];
        for (seed, (cpu, p95)) in SEEDS.iter().zip(one_server_at(rps)) {
            assert!((cpu - percent).abs() < 2.0, "seed {seed}: {rps}/s shows CPU {cpu} %, the text says {percent} %");
            if i < 3 {
                assert!(near(p95, p95_ms, 0.1), "seed {seed}: at {percent} % p95 is mostly {p95} ms, not {p95_ms}");
            } else {
                assert!(p95 > p95_ms, "seed {seed}: at {percent} % p95 is mostly {p95} ms, under {p95_ms}");
            }
        }
    }
}

/// Quiz servers/q2: the load rises from 50% to 90%; the right answer, "Little at first, then more
/// and more steeply", and the explanation's "In this lab, at 50%, 80% and 90% one server's p95 is
/// about 60, 85 and 125 ms, so it rises more from 80% to 90% than from 50% to 80%. Set the users
/// slider to 100, 160 and then 180 requests per second".
#[test]
fn response_time_rises_more_from_80_to_90_percent_than_from_50_to_80() {
    let [low, middle, high, low_ms, middle_ms, high_ms] = stated(
        ChapterId::Server,
        "p95는 {}%, {}%, {}%에서 각각 {}, {}, {} ms쯤",
        "at {}%, {}% and {}% one server's p95 is about {}, {} and {} ms",
    );
    let rates: [f64; 3] =
        stated(ChapterId::Server, "초당 {}, {}, {} 요청으로 차례로", "to {}, {} and then {} requests per second");
    let [first, step, second, last_step] = stated(
        ChapterId::Server,
        "{}%에서 {}%로 갈 때가 {}%에서 {}%로 갈 때보다",
        "it rises more from {}% to {}% than from {}% to {}%",
    );
    assert_eq!(
        [first, step, second, last_step],
        [middle, high, low, middle],
        "the answer names the explanation's loads"
    );
    let seen: Vec<Vec<(f64, f64)>> = rates.iter().map(|&rps| one_server_at(rps)).collect();
    for (s, seed) in SEEDS.iter().enumerate() {
        let at = |i: usize| seen[i][s];
        for (i, (percent, p95_ms)) in [(low, low_ms), (middle, middle_ms), (high, high_ms)].into_iter().enumerate() {
            let (cpu, p95) = at(i);
            assert!((cpu - percent).abs() < 2.0, "seed {seed}: {} /s shows CPU {cpu} %, not {percent} %", rates[i]);
            assert!(near(p95, p95_ms, 0.1), "seed {seed}: at {percent} % p95 is mostly {p95} ms, not {p95_ms}");
        }
        let (p50, p80, p90) = (at(0).1, at(1).1, at(2).1);
        assert!(p90 - p80 > p80 - p50, "seed {seed}: p95 {p50} -> {p80} -> {p90} ms is not steeper at the top");
        // The wrong answers: not in proportion to the load, and p95 does not stay put.
        assert!(p90 / p50 > 1.5 && (p80 - p50) / p50 < (middle - low) / low, "seed {seed}: {p50} {p80} {p90}");
    }
}

/// "Here a request with no answer after 1,000 ms has timed out: the user has given up waiting."
#[test]
fn a_request_with_no_answer_after_1000_ms_has_timed_out() {
    let [timeout_ms] = stated(
        ChapterId::Server,
        "{} ms가 지나도록 답을 못 받은 요청은 시간 초과",
        "no answer after {} ms has timed out",
    );
    for seed in SEEDS {
        // Twice what one server can finish: most requests time out, so p95 is their latency.
        let world = farm_lab(seed, 1, 400, 30);
        assert!(world.farm().is_some_and(|f| f.outcomes().timed_out > 1_000), "seed {seed}");
        for sample in last(&world, 25) {
            assert_eq!(sample.get(Metric::P95LatencyMs), Some(timeout_ms), "seed {seed}, second {}", sample.second);
        }
    }
}

/// "The lab works both out from the requests that finished in the last 5 seconds, counting a
/// timed-out request as 1,000 ms. So once more than 5% of requests time out, p95 reads 1,000 ms."
#[test]
fn once_more_than_5_percent_of_the_last_5_seconds_time_out_p95_reads_1000_ms() {
    let [window_s, timeout_ms] = stated(
        ChapterId::Server,
        "최근 {}초 동안 끝난 요청으로 둘을 계산하고, 시간 초과된 요청은 {} ms로",
        "finished in the last {} seconds, counting a timed-out request as {} ms",
    );
    let [share, reads_ms] = stated(
        ChapterId::Server,
        "요청의 {}%보다 많이 시간 초과되면 p95는 {} ms를",
        "once more than {}% of requests time out, p95 reads {} ms",
    );
    assert_eq!(reads_ms, timeout_ms);
    let window = window_s as usize;
    let (mut over, mut under) = (0, 0);
    for seed in SEEDS {
        // Just past one server's capacity: timeouts come and go, and their share wanders past 5 %.
        let world = farm_lab(seed, 1, 205, 600);
        let samples: Vec<&Sample> = world.history().newest_first().collect();
        for (i, recent) in samples.windows(window).enumerate() {
            let sum = |m| metric(recent, m).iter().sum::<f64>();
            let (timed_out, served) = (sum(Metric::TimedOutPerSec), sum(Metric::ThroughputRps));
            let timed_out_percent = timed_out * 100.0 / (timed_out + served);
            let Some(p95) = samples[i].get(Metric::P95LatencyMs) else { continue };
            // A margin for requests that finish within a step of the window's edge.
            if timed_out_percent > share + 1.0 {
                over += 1;
                assert_eq!(
                    p95, timeout_ms,
                    "seed {seed}, second {}: {timed_out_percent} % timed out",
                    samples[i].second
                );
            } else if timed_out_percent < share - 1.0 {
                under += 1;
                assert!(p95 < timeout_ms, "seed {seed}, second {}: {timed_out_percent} % timed out", samples[i].second);
            }
        }
    }
    assert!(over > 100 && under > 100, "the runs meant to cross the line both ways: {over} over, {under} under");
}

/// "Servers aren't free, though: each one costs $60 a month here."
#[test]
fn each_server_costs_60_dollars_a_month() {
    let [dollars] = stated(ChapterId::Server, "한 대에 매달 {}달러가", "each one costs ${} a month");
    for servers in [1, 2, 5, 0] {
        let world = farm_lab(DEFAULT_SEED, servers, 100, 1);
        assert_eq!(world.latest(Metric::CostPerMonth), Some(dollars * f64::from(servers)), "{servers} servers");
    }
}

/// Quiz servers/q4: "about one request in twenty takes longer than 60 ms even with no queue at
/// all, so p95 never drops below about 60 ms however many servers you add", and the right answer
/// "The monthly cost grows with each server, but p95 barely improves."
#[test]
fn p95_never_drops_below_about_60_ms_however_many_servers() {
    let [floor_ms] =
        stated(ChapterId::Server, "스무 번에 한 번은 {} ms쯤 넘게", "takes longer than {} ms even with no queue");
    let [challenge_rps] = stated(ChapterId::Server, "초당 {} 요청 이상에", "at least {} requests per second");
    let max_servers = FarmScenario::chapter_one().max_servers;
    for seed in SEEDS {
        let mut seen = Vec::new();
        for servers in [max_servers / 2, max_servers] {
            let world = farm_lab(seed, servers, challenge_rps as u32, 60);
            let p95 = metric(&last(&world, 50), Metric::P95LatencyMs);
            assert!(p95.iter().all(|ms| *ms > floor_ms * 0.9), "seed {seed}, {servers} servers: {p95:?}");
            assert!(near(median(p95.clone()), floor_ms, 0.05), "seed {seed}, {servers} servers: {p95:?}");
            seen.push((median(p95), world.latest(Metric::CostPerMonth).unwrap_or_default()));
        }
        let [(half_p95, half_cost), (all_p95, all_cost)] = [seen[0], seen[1]];
        assert!(all_cost > half_cost && half_p95 - all_p95 < floor_ms * 0.05, "seed {seed}: {seen:?}");
    }
}

/// Quiz servers/q1: "If 94% of requests take 10 ms and 6% take 1,000 ms, the average is about
/// 70 ms and looks fine, but p95 is 1,000 ms." Worked out by the lab's own p95.
#[test]
fn with_6_percent_at_1000_ms_the_average_is_about_70_but_p95_is_1000() {
    let [fast_percent, fast_ms, slow_percent, slow_ms, average_ms, p95_ms] = stated(
        ChapterId::Server,
        "요청의 {}%가 {} ms, {}%가 {} ms 걸리면 평균은 약 {} ms로 괜찮아 보이지만 p95는 {} ms예요",
        "If {}% of requests take {} ms and {}% take {} ms, the average is about {} ms and looks fine, but p95 is {} ms",
    );
    assert_eq!(fast_percent + slow_percent, 100.0);
    let mut window = LatencyWindow::default();
    let mut latencies = Vec::new();
    for (percent, ms) in [(fast_percent, fast_ms), (slow_percent, slow_ms)] {
        for _ in 0..(percent as u64 * 10) {
            window.record(0, (ms * 1000.0) as u64);
            latencies.push(ms);
        }
    }
    assert_eq!(window.percentiles_ms([95]), Some([p95_ms]));
    assert!((mean(&latencies) - average_ms).abs() < 1.0, "the average is {}", mean(&latencies));
}

/// The hint: "Run just enough servers for the load and the CPUs sit at 100%: the queues only
/// grow and requests start timing out."
#[test]
fn just_enough_servers_for_the_load_sit_at_100_percent_and_time_out() {
    let [challenge_rps] = stated(ChapterId::Server, "초당 {} 요청 이상에", "at least {} requests per second");
    let [capacity] = stated(ChapterId::Server, "= {}개를 끝내요", "= {} requests per second");
    let just_enough = (challenge_rps / capacity) as u32;
    for seed in SEEDS {
        let world = farm_lab(seed, just_enough, challenge_rps as u32, 300);
        let samples = last(&world, 290);
        assert!(mean(&metric(&samples, Metric::MaxCpuPercent)) > 99.0, "seed {seed}");
        assert!(metric(&samples, Metric::TimedOutPerSec).iter().any(|n| *n > 0.0), "seed {seed}: no timeouts");
    }
}

/// "With a single server, the whole service is down while it crashes or reboots. With two or
/// more, the load balancer sends requests to the servers left, and only the requests the failed
/// one was holding are lost." Removing a server mid-run is the lab's failure.
#[test]
fn with_two_or_more_servers_only_the_requests_the_removed_one_held_are_lost() {
    for seed in SEEDS {
        // Three servers at half their capacity: the two left can carry the load.
        let mut world = farm_lab(seed, 3, 300, 20);
        world.run_steps(37);
        let farm = world.farm().expect("a farm lab");
        let held = farm.servers().last().map_or(0, |s| s.in_flight() as u64);
        let failed_before = farm.outcomes().failed;
        assert!(held > 0 && failed_before == 0, "seed {seed}: the removed server should be busy");
        world.apply(Action::RemoveServer).expect("a server to remove");
        world.run_seconds(30);
        let o = world.farm().expect("a farm lab").outcomes();
        assert_eq!(o.failed, held, "seed {seed}: only what it held failed");
        assert_eq!(o.timed_out, 0, "seed {seed}");
        let failed_per_second = metric(&last(&world, 30), Metric::FailedPerSec);
        assert_eq!(failed_per_second.iter().sum::<f64>(), held as f64, "seed {seed}: the figure shows them");
        // With one server left, removing it takes the whole service down.
        world.apply(Action::RemoveServer).expect("a server to remove");
        world.apply(Action::RemoveServer).expect("a server to remove");
        world.run_seconds(5);
        let latest = world.history().latest().expect("measured");
        assert_eq!(latest.get(Metric::ThroughputRps), Some(0.0), "seed {seed}");
        assert!(latest.get(Metric::FailedPerSec).is_some_and(|n| n > 200.0), "seed {seed}");
    }
}
