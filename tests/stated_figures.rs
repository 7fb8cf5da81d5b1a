//! Every figure the chapters' prose states, reproduced in that chapter's lab.
//!
//! Each test is named after a statement and quotes it. It reads the figures from the prose
//! itself, in both languages (they must agree), sets the lab's model up at the stated point
//! through the actions the lab's controls send, and checks what the lab then shows within a
//! stated tolerance. A figure changed in the text, or a model that drifts from it, fails here.

use std::fs;

use server_lab::content::{text_path, ChapterText};
use server_lab::course::{ChapterId, DEFAULT_SEED};
use server_lab::sim::balance::Algorithm;
use server_lab::sim::host::catalog::{HostKind, ServiceKind};
use server_lab::sim::host::{HostId, HostLoad, RackRefusal, RackScenario, Service, Status};
use server_lab::sim::laptop::{LaptopScenario, Place, Service as LaptopService};
use server_lab::sim::metrics::LatencyWindow;
use server_lab::sim::traffic::{FarmScenario, Path, Server};
use server_lab::sim::{Action, Metric, Refusal, Sample, Scenario, World};

/// Every string of a chapter's prose in one language, in reading order.
fn prose(id: ChapterId, lang: &str) -> Vec<String> {
    let path = text_path(id.slug(), lang);
    let json = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let text = ChapterText::parse(&json).unwrap_or_else(|e| panic!("{path}: {e:?}"));
    let sections = text.intro.into_iter().chain(text.after).flat_map(|s| s.paragraphs);
    let challenge = text.challenges.into_iter().flat_map(|c| [c.text, c.hint, c.solved]);
    let quiz = text.quiz.into_iter().flat_map(|q| [q.prompt].into_iter().chain(q.choices).chain([q.explanation]));
    let predict =
        text.predict.into_iter().flat_map(|p| [p.prompt].into_iter().chain(p.choices).chain([p.how, p.explanation]));
    sections.chain(text.try_this).chain(challenge).chain(quiz).chain(predict).collect()
}

/// The number at the start of `text` as the prose writes it ("1,000", "0.5"), and its length.
fn leading_number(text: &str) -> Option<(f64, usize)> {
    let len = text.find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.')).unwrap_or(text.len());
    let digits = text[..len].trim_end_matches(['.', ',']);
    let value = digits.replace(',', "").parse().ok()?;
    Some((value, digits.len()))
}

/// A pattern's literal pieces and, for each figure between them, its place in the result: `{}`
/// takes the next place, `{2}` the third, so that each language can word the figures in its order.
fn parse_pattern(pattern: &str) -> (Vec<&str>, Vec<usize>) {
    let (mut literals, mut places) = (Vec::new(), Vec::new());
    let mut rest = pattern;
    while let Some((literal, after)) = rest.split_once('{') {
        let (place, after) = after.split_once('}').expect("a closed placeholder");
        literals.push(literal);
        places.push(place.parse().unwrap_or(places.len()));
        rest = after;
    }
    literals.push(rest);
    (literals, places)
}

/// The figures where `pattern` (literal text with a placeholder for each figure) occurs in
/// `text`, in the places the placeholders give.
fn match_at(text: &str, pattern: &str) -> Option<Vec<f64>> {
    let (literals, places) = parse_pattern(pattern);
    text.match_indices(literals[0]).find_map(|(at, first)| {
        let mut rest = &text[at + first.len()..];
        let mut figures = vec![f64::NAN; places.len()];
        for (&place, literal) in places.iter().zip(&literals[1..]) {
            let (value, len) = leading_number(rest)?;
            *figures.get_mut(place)? = value;
            rest = rest[len..].strip_prefix(literal)?;
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
        // Wait for a step where the server to be removed holds a request.
        while world.farm().and_then(|f| f.servers().last()).is_some_and(|s| s.in_flight() == 0) {
            world.step();
        }
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

/// Chapter 2's lab (bare metal and a type 1 hypervisor in the rack) or chapter 3's (bare metal
/// and a container engine), with `extra` hosts added through the lab's button.
fn rack_lab(chapter: ChapterId, extra: &[HostKind]) -> World {
    let scenario = match chapter {
        ChapterId::Containers => RackScenario::chapter_three(),
        _ => RackScenario::chapter_two(),
    };
    let mut world = World::new(Scenario::Rack(scenario), DEFAULT_SEED);
    for &kind in extra {
        world.apply(Action::AddHost { kind }).unwrap_or_else(|r| panic!("the lab refused a {kind:?}: {r:?}"));
    }
    world
}

/// The id of the first host of `kind` in the rack.
fn host_of(world: &World, kind: HostKind) -> HostId {
    let rack = world.rack().expect("a rack lab");
    rack.hosts().iter().find(|h| h.kind == kind).map(|h| h.id).unwrap_or_else(|| panic!("no {kind:?} in the rack"))
}

fn service_id(world: &World, kind: ServiceKind) -> u16 {
    let rack = world.rack().expect("a rack lab");
    rack.services().iter().position(|s| s.kind == kind).expect("on the shelf") as u16
}

fn place(world: &mut World, kind: ServiceKind, host: HostId) -> Result<(), Refusal> {
    let service = service_id(world, kind);
    world.apply(Action::Place { service, host })
}

/// `service` alone on the first empty host of `kind` in `chapter`'s lab: the memory it added
/// (MiB), and the CPU it added (millicores) in each of `seconds` seconds after `settle` more.
fn alone_on(chapter: ChapterId, kind: HostKind, service: ServiceKind, settle: u64, seconds: usize) -> (f64, Vec<f64>) {
    let mut world = rack_lab(chapter, &[]);
    let host = host_of(&world, kind);
    world.run_seconds(1);
    let empty = load(&world, host);
    place(&mut world, service, host).expect("room for it");
    world.run_seconds(settle);
    let cpu = (0..seconds)
        .map(|_| {
            world.run_seconds(1);
            f64::from(load(&world, host).cpu_used_milli - empty.cpu_used_milli)
        })
        .collect();
    (f64::from(load(&world, host).memory_used_mib - empty.memory_used_mib), cpu)
}

fn load(world: &World, host: HostId) -> HostLoad {
    world.rack().and_then(|r| r.load(host)).expect("a measured host")
}

fn service(world: &World, kind: ServiceKind) -> Service {
    let id = service_id(world, kind);
    *world.rack().and_then(|r| r.service(id)).expect("a service")
}

/// Seconds after placing `kind` on a host of `host_kind` before the lab shows it running.
fn seconds_to_run(chapter: ChapterId, host_kind: HostKind, kind: ServiceKind) -> u64 {
    let mut world = rack_lab(chapter, &[]);
    let host = host_of(&world, host_kind);
    place(&mut world, kind, host).expect("room for it");
    (1..=120)
        .find(|_| {
            world.run_seconds(1);
            service(&world, kind).status == Status::Running
        })
        .unwrap_or_else(|| panic!("{kind:?} never ran on {host_kind:?}"))
}

/// "Every server in this lab is the same machine, with 8 cores and 16,384 MiB (16 GiB) of
/// memory, and each one costs $120 a month."
#[test]
fn every_server_has_8_cores_16384_mib_and_costs_120_dollars_a_month() {
    let [cores, mib, gib, dollars] = stated(
        ChapterId::VirtualMachines,
        "코어 {}개와 메모리 {} MiB({} GiB)를 갖추고 한 대에 매달 {}달러",
        "with {} cores and {} MiB ({} GiB) of memory, and each one costs ${} a month",
    );
    assert_eq!(mib, gib * 1024.0);
    let mut world = rack_lab(ChapterId::VirtualMachines, &[]);
    world.run_seconds(1);
    let hosts = world.rack().map_or(0, |r| r.hosts().len()) as f64;
    assert_eq!(world.latest(Metric::CostPerMonth), Some(dollars * hosts));
    // Fill the hypervisor until the lab refuses: what it holds plus what it says is free.
    let host = host_of(&world, HostKind::Hypervisor);
    for kind in [ServiceKind::Database, ServiceKind::Search, ServiceKind::Cache] {
        place(&mut world, kind, host).expect("room for it");
    }
    match place(&mut world, ServiceKind::WebApp, host) {
        Err(Refusal::Rack(RackRefusal::NotEnoughMemory { free_mib, .. })) => {
            assert_eq!(f64::from(load(&world, host).memory_used_mib + free_mib), mib);
        }
        other => panic!("the web app should not fit: {other:?}"),
    }
    // The batch job's burst alone on bare metal uses every core there is, and no more.
    let bare = host_of(&world, HostKind::BareMetal);
    place(&mut world, ServiceKind::BatchJob, bare).expect("room for it");
    let most = (0..60).map(|_| {
        world.run_seconds(1);
        load(&world, bare).cpu_used_milli
    });
    assert_eq!(most.max().map(f64::from), Some(cores * 1000.0));
}

/// "the web app, for one, usually needs about 1 core and 512 MiB", and quiz
/// virtual-machines/q1's "about 1 of a server's 8 cores and 512 of its 16,384 MiB".
#[test]
fn the_web_app_needs_about_1_core_and_512_mib() {
    let [core, mib] = stated(
        ChapterId::VirtualMachines,
        "보통 코어 {}개와 메모리 {} MiB쯤만",
        "usually needs about {} core and {} MiB",
    );
    let [quiz_core, _, quiz_mib, _] = stated(
        ChapterId::VirtualMachines,
        "코어 {1}개 가운데 {0}개, 메모리 {3} MiB 가운데 {2} MiB쯤",
        "about {} of a server's {} cores and {} of its {} MiB",
    );
    assert_eq!((quiz_core, quiz_mib), (core, mib));
    let (memory, cpu) = alone_on(ChapterId::VirtualMachines, HostKind::BareMetal, ServiceKind::WebApp, 10, 60);
    assert_eq!(memory, mib);
    assert!(near(mean(&cpu), core * 1000.0, 0.05), "the web app uses {} millicores", mean(&cpu));
}

/// "then every 30 seconds it tries to take all 8 cores for 10 seconds"
#[test]
fn the_batch_job_tries_to_take_all_8_cores_for_10_seconds_every_30() {
    let [every_s, cores, lasts_s] = stated(
        ChapterId::VirtualMachines,
        "{0}초마다 {2}초 동안 코어 {1}개를 모두",
        "every {} seconds it tries to take all {} cores for {} seconds",
    );
    let mut world = rack_lab(ChapterId::VirtualMachines, &[]);
    let host = host_of(&world, HostKind::BareMetal);
    place(&mut world, ServiceKind::BatchJob, host).expect("room for it");
    let demand: Vec<f64> = (0..150)
        .map(|_| {
            world.run_seconds(1);
            f64::from(service(&world, ServiceKind::BatchJob).demand_milli)
        })
        .collect();
    // Quiet is a small share of one core; a burst asks for about every core (±10 % a second).
    let bursting: Vec<bool> = demand.iter().map(|d| *d > cores * 1000.0 / 2.0).collect();
    let asked: Vec<f64> = demand.iter().zip(&bursting).filter(|(_, b)| **b).map(|(d, _)| *d).collect();
    assert!(near(mean(&asked), cores * 1000.0, 0.05), "a burst asks for {} millicores", mean(&asked));
    let starts: Vec<usize> = (1..bursting.len()).filter(|&i| bursting[i] && !bursting[i - 1]).collect();
    assert!(starts.len() >= 3, "bursts start at {starts:?}");
    for pair in starts.windows(2) {
        assert_eq!((pair[1] - pair[0]) as f64, every_s, "bursts start at {starts:?}");
    }
    let length = bursting[starts[0]..].iter().take_while(|b| **b).count();
    assert_eq!(length as f64, lasts_s, "a burst lasts {length} s");
}

/// Chapter 2: "the batch job's burst stays within its VM's 2 vCPUs"; chapter 3: "This lab's
/// container engine sets a CPU limit (2 cores for the batch job)".
#[test]
fn the_batch_jobs_burst_stays_within_2_vcpus_in_a_vm_and_2_cores_in_a_container() {
    let [vcpus] = stated(ChapterId::VirtualMachines, "자기 vCPU {}개 안에서", "within its VM's {} vCPUs");
    let [cores] =
        stated(ChapterId::Containers, "CPU 한도(배치 작업은 코어 {}개)", "CPU limit ({} cores for the batch job)");
    for (chapter, kind, limit) in [
        (ChapterId::VirtualMachines, HostKind::Hypervisor, vcpus),
        (ChapterId::Containers, HostKind::ContainerEngine, cores),
    ] {
        let (_, used) = alone_on(chapter, kind, ServiceKind::BatchJob, 0, 150);
        let most = used.iter().copied().fold(0.0, f64::max);
        // The layer's own share of the work rides on top: at most a tenth more.
        assert!(most >= limit * 1000.0 && most <= limit * 1000.0 * 1.1, "{kind:?}: at most {most} millicores");
    }
}

/// Chapter 2: "Every VM needs a guest OS (1,024 MiB) plus virtual hardware (256 MiB), 1,280 MiB
/// of memory in all, and 10 GB of disk, and the guest OS takes 30 seconds to boot." Chapter 3:
/// "one VM takes 1,280 MiB of memory and 10 GB of disk, and its guest OS needs 30 seconds to
/// boot before the service can even begin to start".
#[test]
fn a_vm_takes_1280_mib_and_10_gb_and_its_guest_os_boots_in_30_seconds() {
    let [guest, hardware, vm_mib, vm_gb, boot_s] = stated(
        ChapterId::VirtualMachines,
        "게스트 OS {} MiB와 가상 하드웨어 {} MiB, 합쳐 {} MiB의 메모리와 디스크 {} GB를 쓰고, 게스트 OS가 부팅하는 데 {}초가",
        "a guest OS ({} MiB) plus virtual hardware ({} MiB), {} MiB of memory in all, and {} GB of disk, and the guest OS takes {} seconds to boot",
    );
    assert_eq!(guest + hardware, vm_mib);
    let again: [f64; 3] = stated(
        ChapterId::Containers,
        "VM 하나는 메모리 {} MiB와 디스크 {} GB를 쓰고, 서비스가 시작하기도 전에 게스트 OS 부팅에만 {}초가",
        "one VM takes {} MiB of memory and {} GB of disk, and its guest OS needs {} seconds to boot",
    );
    assert_eq!(again, [vm_mib, vm_gb, boot_s]);
    // The web app in a VM: what the VM adds to the web app's own memory and disk.
    let mut world = rack_lab(ChapterId::VirtualMachines, &[]);
    let hypervisor = host_of(&world, HostKind::Hypervisor);
    world.run_seconds(1);
    let empty = load(&world, hypervisor);
    place(&mut world, ServiceKind::WebApp, hypervisor).expect("room for it");
    world.run_seconds(1);
    let in_vm = load(&world, hypervisor);
    let web = ServiceKind::WebApp.spec();
    assert_eq!(f64::from(in_vm.memory_used_mib - empty.memory_used_mib - web.memory_mib), vm_mib);
    assert_eq!(f64::from(in_vm.disk_used_gb - empty.disk_used_gb), vm_gb + f64::from(web.disk_gb));
    let boot = seconds_to_run(ChapterId::VirtualMachines, HostKind::Hypervisor, ServiceKind::WebApp)
        - seconds_to_run(ChapterId::VirtualMachines, HostKind::BareMetal, ServiceKind::WebApp);
    assert_eq!(boot as f64, boot_s, "a VM starts its service {boot} s later than bare metal");
}

/// The slope of `extra` against `work`, by least squares.
fn slope(points: &[(f64, f64)]) -> f64 {
    let n = points.len() as f64;
    let (mx, my) = (points.iter().map(|p| p.0).sum::<f64>() / n, points.iter().map(|p| p.1).sum::<f64>() / n);
    let cov: f64 = points.iter().map(|(x, y)| (x - mx) * (y - my)).sum();
    let var: f64 = points.iter().map(|(x, _)| (x - mx) * (x - mx)).sum();
    cov / var
}

/// "In this lab a type 1 hypervisor takes 1,024 MiB of memory, and virtualisation adds 3% to the
/// CPU work", and type 2's "a 2,048 MiB host OS plus a 512 MiB hypervisor app, 2,560 MiB in all,
/// and 10% extra CPU work".
#[test]
fn type_1_takes_1024_mib_and_3_percent_type_2_2560_mib_and_10_percent() {
    let [type_1_mib, type_1_percent] = stated(
        ChapterId::VirtualMachines,
        "1형 하이퍼바이저는 메모리 {} MiB를 쓰고, 가상화로 CPU 일이 {}% 늘어요",
        "a type 1 hypervisor takes {} MiB of memory, and virtualisation adds {}% to the CPU work",
    );
    let [host_os, app, type_2_mib, type_2_percent] = stated(
        ChapterId::VirtualMachines,
        "호스트 OS {} MiB에 하이퍼바이저 앱 {} MiB, 합쳐 {} MiB가 들고, CPU 일도 {}% 늘어요",
        "a {} MiB host OS plus a {} MiB hypervisor app, {} MiB in all, and {}% extra CPU work",
    );
    assert_eq!(host_os + app, type_2_mib);
    for (kind, mib, percent) in
        [(HostKind::Hypervisor, type_1_mib, type_1_percent), (HostKind::HostedHypervisor, type_2_mib, type_2_percent)]
    {
        let mut world = rack_lab(ChapterId::VirtualMachines, &[HostKind::HostedHypervisor]);
        let host = host_of(&world, kind);
        world.run_seconds(1);
        assert_eq!(f64::from(load(&world, host).memory_used_mib), mib, "{kind:?} empty");
        // The API's work varies from second to second; what the host adds grows with it.
        place(&mut world, ServiceKind::Api, host).expect("room for it");
        world.run_seconds(40);
        let points: Vec<(f64, f64)> = (0..120)
            .map(|_| {
                world.run_seconds(1);
                let work = f64::from(service(&world, ServiceKind::Api).demand_milli);
                (work, f64::from(load(&world, host).cpu_used_milli) - work)
            })
            .collect();
        let added = slope(&points) * 100.0;
        assert!((added - percent).abs() < 1.0, "{kind:?} adds {added} % to the CPU work");
    }
}

/// Chapters 2 and 3: "The database uses 6,144 MiB and a steady 3 cores".
#[test]
fn the_database_uses_6144_mib_and_a_steady_3_cores() {
    for chapter in [ChapterId::VirtualMachines, ChapterId::Containers] {
        let [mib, cores] =
            stated(chapter, "데이터베이스는 메모리 {} MiB와 코어 {}개를 꾸준히", "uses {} MiB and a steady {} cores");
        let (memory, cpu) = alone_on(chapter, HostKind::BareMetal, ServiceKind::Database, 20, 60);
        assert_eq!(memory, mib);
        assert!(cpu.iter().all(|m| near(*m, cores * 1000.0, 0.1)), "{}: {cpu:?}", chapter.slug());
    }
}

/// The hint: "In VMs on a type 1 hypervisor they need 1,024 MiB for the hypervisor, 6 × 1,280 MiB
/// for the VMs and 8,192 MiB for the services themselves: add it up and compare it with a
/// server's 16,384 MiB."
#[test]
fn six_services_in_vms_need_1024_plus_6_times_1280_plus_8192_mib() {
    let [hypervisor, vms, vm_mib, services, server] = stated(
        ChapterId::VirtualMachines,
        "하이퍼바이저에 {} MiB, VM 여섯 개에 {} × {} MiB, 서비스들 자신에게 {} MiB 들어요. 더해서 서버 한 대의 {} MiB",
        "they need {} MiB for the hypervisor, {} × {} MiB for the VMs and {} MiB for the services themselves: add it up and compare it with a server's {} MiB",
    );
    let needed = hypervisor + vms * vm_mib + services;
    let mut world = rack_lab(ChapterId::VirtualMachines, &[]);
    let host = host_of(&world, HostKind::Hypervisor);
    let six: Vec<ServiceKind> = ServiceKind::ALL.into_iter().filter(|s| *s != ServiceKind::Database).collect();
    assert_eq!(six.len() as f64, vms);
    let mut refused = None;
    for kind in six {
        match place(&mut world, kind, host) {
            Ok(()) => {}
            Err(Refusal::Rack(RackRefusal::NotEnoughMemory { needs_mib, free_mib })) => {
                refused = Some((needs_mib, free_mib));
                break;
            }
            Err(other) => panic!("{kind:?}: {other:?}"),
        }
    }
    let (needs_mib, free_mib) = refused.expect("the six do not fit one server in VMs");
    let placed = load(&world, host).memory_used_mib;
    assert_eq!(f64::from(placed + free_mib), server);
    // What the lab held plus what it refused is the sum, as long as only the last one failed.
    let on_host = world.rack().map_or(0, |r| r.on_host(host).len()) as f64;
    if on_host == vms - 1.0 {
        assert_eq!(f64::from(placed + needs_mib), needed);
    }
    assert!(needed > server);
}

/// Chapter 3: "In this lab a container costs just 16 MiB, and the host's OS and the engine
/// together take 768 MiB."
#[test]
fn a_container_costs_16_mib_and_the_engine_768() {
    let [container, engine] = stated(
        ChapterId::Containers,
        "컨테이너 하나는 {} MiB만 더 쓰고, 호스트 OS와 엔진을 합쳐도 {} MiB",
        "a container costs just {} MiB, and the host's OS and the engine together take {} MiB",
    );
    let mut world = rack_lab(ChapterId::Containers, &[]);
    let host = host_of(&world, HostKind::ContainerEngine);
    world.run_seconds(1);
    assert_eq!(f64::from(load(&world, host).memory_used_mib), engine);
    place(&mut world, ServiceKind::WebApp, host).expect("room for it");
    world.run_seconds(1);
    let web = f64::from(ServiceKind::WebApp.spec().memory_mib);
    assert_eq!(f64::from(load(&world, host).memory_used_mib), engine + container + web);
}

/// Chapter 3's hint: "A container takes 1 second plus the app's own start-up, so even the
/// slowest, search, is ready in 1 + 15 = 16 seconds", and "a service in a VM waits 30 seconds
/// for its guest OS to boot on every redeploy, so it can never be done within 20".
#[test]
fn search_in_a_container_is_ready_in_16_seconds_and_a_vm_never_within_20() {
    let [container_s, search_s, ready_s] =
        stated(ChapterId::Containers, "가장 느린 검색도 {} + {} = {}초", "is ready in {} + {} = {} seconds");
    let [boot_s, limit_s] = stated(
        ChapterId::Containers,
        "게스트 OS 부팅 {}초를 기다려야 해서 {}초 안에",
        "waits {} seconds for its guest OS to boot on every redeploy, so it can never be done within {}",
    );
    assert_eq!(container_s + search_s, ready_s);
    let in_container = seconds_to_run(ChapterId::Containers, HostKind::ContainerEngine, ServiceKind::Search);
    let on_bare = seconds_to_run(ChapterId::Containers, HostKind::BareMetal, ServiceKind::Search);
    assert_eq!((in_container as f64, on_bare as f64), (ready_s, search_s));
    // The redeploy figure the challenge checks, with search in a container and then in a VM.
    let mut world = rack_lab(ChapterId::Containers, &[HostKind::Hypervisor]);
    let (engine, hypervisor) = (host_of(&world, HostKind::ContainerEngine), host_of(&world, HostKind::Hypervisor));
    place(&mut world, ServiceKind::Search, engine).expect("room for it");
    world.run_seconds(1);
    assert_eq!(world.latest(Metric::StartupSeconds), Some(ready_s));
    place(&mut world, ServiceKind::Search, hypervisor).expect("room for it");
    world.run_seconds(1);
    let redeploy = world.latest(Metric::StartupSeconds).unwrap_or_default();
    assert!(redeploy >= boot_s && redeploy > limit_s, "a VM's redeploy takes {redeploy} s");
}

/// Chapter 0's challenge, "Keep the success rate at 99% or higher, the build time under 15
/// seconds and no service exposed on the laptop, all three together, for 10 simulated seconds",
/// and its hint, "Move all three services to the server. Any service left on the laptop has to
/// be open to the internet."
#[test]
fn moving_all_three_services_keeps_99_percent_success_and_builds_under_15_seconds() {
    let [success_percent, build_s, hold_s] = stated(
        ChapterId::WhyServers,
        "성공률 {}% 이상, 빌드 시간 {}초 미만, 노트북에 열린 서비스 0개. 이 세 조건을 시뮬레이션 시간으로 {}초",
        "success rate at {}% or higher, the build time under {} seconds and no service exposed on the laptop, all three together, for {} simulated seconds",
    );
    let three = |lang, words| prose(ChapterId::WhyServers, lang).iter().any(|t| t.contains(words));
    assert!(three("ko", "서비스 세 개를 모두 서버로") && three("en", "Move all three services"));
    let scenario = LaptopScenario::chapter_zero();
    assert_eq!(scenario.services.len(), 3);
    let mut world = World::new(Scenario::Laptop(scenario), DEFAULT_SEED);
    world.run_seconds(20);
    let slowest = world.history().newest_first().filter_map(|s| s.get(Metric::BuildSeconds)).fold(0.0, f64::max);
    assert!(slowest >= build_s, "with every service on the laptop a build takes {slowest} s: the limit means nothing");
    for (moved, service) in LaptopService::ALL.into_iter().enumerate() {
        world.apply(Action::MoveService { service, to: Place::Server }).expect("a service of the lab");
        world.run_seconds(1);
        let exposed = world.latest(Metric::ExposedOnLaptop).unwrap_or_default();
        assert_eq!(
            exposed,
            (LaptopService::ALL.len() - moved - 1) as f64,
            "every service left on the laptop is exposed"
        );
    }
    // Once the last one has left, every second meets all three conditions.
    world.run_seconds(30);
    for sample in last(&world, hold_s as usize) {
        let (success, build) = (sample.get(Metric::SuccessPercent), sample.get(Metric::BuildSeconds));
        assert!(success.is_some_and(|s| s >= success_percent), "second {}: success {success:?}", sample.second);
        assert!(build.is_some_and(|b| b < build_s), "second {}: build {build:?}", sample.second);
    }
}

/// Chapter 4's world, with the phone's request to `target` on port 80 sent at once.
fn network_request(target: server_lab::sim::net::lab::Target) -> World {
    use server_lab::sim::net::lab::{Client, NetScenario};
    let mut world = World::new(Scenario::Net(NetScenario::chapter_four()), DEFAULT_SEED);
    let request = Action::Request { from: Client::Phone, target, port: 80 };
    world.apply(request).unwrap_or_else(|r| panic!("{request:?} refused: {r:?}"));
    world
}

#[test]
fn both_records_start_with_ttl_3600_and_a_drop_is_waited_out_for_10_seconds() {
    use server_lab::sim::net::lab::{SiteName, Target};
    use server_lab::sim::net::network::CONNECT_TIMEOUT_MS;
    let [ttl] = stated(ChapterId::Network, "두 레코드 모두 TTL {}", "Both records start with TTL {}");
    let [timeout] = stated(ChapterId::Network, "연결 제한 시간 {}초", "after its {}-second connect timeout");
    let world = network_request(Target::Name(SiteName::Www));
    let lab = world.net().expect("a network world");
    let cached = lab.dns(server_lab::sim::net::lab::Client::Phone).resolver_cache(0);
    assert_eq!(cached.len(), 2, "www and the name it is an alias for: {cached:?}");
    assert!(cached.iter().all(|e| f64::from(e.remaining_s) == ttl), "{cached:?}");
    // The record holds a private address: the internet drops the request, and the phone waits.
    let trace = lab.last_attempt().and_then(|a| a.trace.clone()).expect("a connection");
    assert_eq!(trace.outcome.waited_ms() as f64, timeout * 1_000.0);
    assert_eq!(CONNECT_TIMEOUT_MS as f64, timeout * 1_000.0);
}

#[test]
fn no_such_name_is_cached_for_300_seconds() {
    use server_lab::sim::net::lab::{Client, SiteName, Target};
    let [negative] = stated(ChapterId::Network, "example.com은 {}초", "negative TTL: {} seconds for example.com");
    let world = network_request(Target::Name(SiteName::Shop));
    let lab = world.net().expect("a network world");
    let cached = lab.dns(Client::Phone).browser_cache(0);
    let shop = cached.iter().find(|e| e.name.as_str() == "shop.example.com").expect("NXDOMAIN cached");
    assert_eq!(f64::from(shop.remaining_s), negative);
    assert!(lab.dns(Client::Phone).browser_cache((negative * 1_000.0) as u64).is_empty(), "gone at the TTL");
}

// ---- Chapter 5: load balancing ------------------------------------------------------------------

fn balancing_lab(seed: u64, actions: &[Action], seconds: u64) -> World {
    let mut world = World::new(Scenario::Balance(FarmScenario::chapter_five()), seed);
    for action in actions {
        world.apply(*action).unwrap_or_else(|r| panic!("{action:?} refused: {r:?}"));
    }
    world.run_seconds(seconds);
    world
}

/// "The lab starts with 4 servers, and each has 4 workers. 70% of requests are for /api, which
/// takes 20 ms of work on average on a server of normal speed; the other 30% are for /static
/// files and take 5 ms on average. … Users send 500 requests per second. The load balancer
/// gives a server 1 second to answer." And the TTL of 300 seconds.
#[test]
fn the_lab_starts_with_4_servers_of_4_workers_500_a_second_70_percent_api_and_a_1_second_timeout() {
    let [servers, workers] = stated(
        ChapterId::LoadBalancing,
        "서버 {}대로 시작하고, 서버마다 워커가 {}개",
        "starts with {} servers, and each has {} workers",
    );
    let [api_percent, api_ms] = stated(
        ChapterId::LoadBalancing,
        "요청의 {}%는 /api 요청으로, 보통 속도의 서버에서 평균 {} ms",
        "{}% of requests are for /api, which takes {} ms of work on average",
    );
    let [static_percent, static_ms] = stated(
        ChapterId::LoadBalancing,
        "나머지 {}%는 /static 파일 요청으로, 평균 {} ms",
        "the other {}% are for /static files and take {} ms on average",
    );
    let [rps] = stated(ChapterId::LoadBalancing, "사용자는 초당 {} 요청을 보내요", "Users send {} requests per second");
    let [timeout_s] = stated(ChapterId::LoadBalancing, "답할 시간을 {}초", "gives a server {} second to answer");
    let [ttl_s] = stated(ChapterId::LoadBalancing, "TTL인 {}초", "its TTL, {} seconds");
    // Every server at full speed, so that the work measured is the stated one.
    let world = balancing_lab(5, &[Action::SetSpeed { server: 3, percent: 100 }], 120);
    let farm = world.farm().expect("a farm lab");
    assert_eq!(farm.servers().len() as f64, servers);
    assert_eq!(world.latest(Metric::OfferedRps), Some(rps));
    let handed = |path| farm.servers().iter().map(|s| s.accepted(path)).sum::<u64>() as f64;
    let (api, files) = (handed(Path::Api), handed(Path::Static));
    assert!(near(api * 100.0 / (api + files), api_percent, 0.02) && near(static_percent, 100.0 - api_percent, 0.0));
    // Busy time in the last second: utilisation × workers × 1,000 ms, against the stated work.
    let cpu: f64 = farm.servers().iter().map(|s| s.cpu_percent()).sum::<f64>() / 100.0 * workers * 1000.0;
    let mix_ms = (api_ms * api_percent + static_ms * static_percent) / 100.0;
    assert!(near(cpu, rps * mix_ms, 0.15), "{cpu} worker-ms a second for {rps} requests of {mix_ms} ms");
    let most_at_once = farm.servers().iter().map(|s| s.in_service()).max().unwrap_or(0);
    assert!(most_at_once as f64 <= workers);
    let scenario = farm.scenario();
    assert_eq!(scenario.timeout_ms, Some((timeout_s * 1000.0) as u64));
    assert_eq!(scenario.balance.as_ref().map(|b| f64::from(b.dns_ttl_s)), Some(ttl_s));
}

/// "Server 3 gets a quarter of the requests like everyone else, at a quarter of the speed, so
/// its queue keeps growing and its requests wait until they time out" — round robin; and
/// "Least connections … ends up with fewer requests, roughly in step with its speed."
#[test]
fn round_robin_swamps_the_slow_server_and_least_connections_sends_it_fewer() {
    for seed in [1, 2, 3] {
        let world = balancing_lab(seed, &[], 30);
        let farm = world.farm().expect("a farm lab");
        let slow = farm.servers().iter().find(|s| s.is_slow()).expect("server 3 is slow");
        assert!(slow.queue_len() > 20 && slow.errors() > 0, "seed {seed}: {slow:?}");
        assert!(world.latest(Metric::P95LatencyMs).is_some_and(|p95| p95 >= 1_000.0), "seed {seed}");
        let least = [Action::SetAlgorithm { side: 0, algorithm: Algorithm::LeastConnections }];
        let world = balancing_lab(seed, &least, 60);
        let farm = world.farm().expect("a farm lab");
        let handed = |s: &Server| s.accepted(Path::Api) + s.accepted(Path::Static);
        let fast: Vec<u64> = farm.servers().iter().filter(|s| !s.is_slow()).map(handed).collect();
        let slow = farm.servers().iter().find(|s| s.is_slow()).map(handed).unwrap_or(0);
        let share = slow as f64 * fast.len() as f64 / fast.iter().sum::<u64>() as f64;
        assert!((0.15..=0.45).contains(&share), "seed {seed}: the slow server got {share} of a fast one's");
        assert_eq!(farm.servers().iter().map(Server::errors).sum::<u64>(), 0, "seed {seed}");
    }
}

/// "Weighted round robin can do the same if you know the speeds: give server 3 a quarter of the
/// others' weight."
#[test]
fn weighted_round_robin_with_a_quarter_weight_does_the_same() {
    for seed in [1, 2, 3] {
        let mut actions = vec![Action::SetAlgorithm { side: 0, algorithm: Algorithm::WeightedRoundRobin }];
        actions.extend([1, 2, 4].map(|server| Action::SetWeight { server, weight: 4 }));
        let world = balancing_lab(seed, &actions, 60);
        let p95 = mean(&metric(&last(&world, 30), Metric::P95LatencyMs));
        assert!(p95 < 200.0, "seed {seed}: p95 {p95} ms");
    }
}

// ---- Chapter 6: clusters ------------------------------------------------------------------------

use server_lab::sim::event::EventKind;
use server_lab::sim::traffic::cluster::{nines, ClusterEvent, ClusterScenario};
use server_lab::sim::traffic::db::{DbEvent, SYNC_COMMIT_US};

/// Chapter 6's lab as it starts, after `actions`.
fn cluster_lab(seed: u64, actions: &[Action]) -> World {
    let mut world = World::new(Scenario::Cluster(ClusterScenario::chapter_six()), seed);
    for action in actions {
        world.apply(*action).unwrap_or_else(|r| panic!("{action:?} refused: {r:?}"));
    }
    world
}

/// The cluster's events so far, oldest first, with their times in ms.
fn cluster_events(world: &World) -> Vec<(u64, ClusterEvent)> {
    let mut events: Vec<(u64, ClusterEvent)> = world
        .events()
        .newest_first()
        .filter_map(|e| match e.kind {
            EventKind::Cluster(c) => Some((e.at_ms, c)),
            _ => None,
        })
        .collect();
    events.reverse();
    events
}

/// Steps the lab at which a node is failed: 10 s in, and at other points of the 2 s check cycle.
const FAIL_AT_STEPS: [u64; 4] = [1_000, 1_037, 1_133, 1_190];

/// What a learner sees after failing node 2 with `fail` at `at_step`, having set `actions`
/// first: the time to detect (ms), and during the next 20 s node 2's errors, requests failed,
/// timed out and the highest p95 (ms).
struct NodeFailure {
    detect_ms: f64,
    node_errors: u64,
    failed: u64,
    timed_out: u64,
    worst_p95_ms: f64,
}

fn fail_node_2(seed: u64, actions: &[Action], fail: Action, at_step: u64) -> NodeFailure {
    let mut world = cluster_lab(seed, actions);
    world.run_steps(at_step);
    let farm = world.farm().expect("a farm lab");
    let before = farm.outcomes();
    let node_errors = |w: &World| w.farm().and_then(|f| f.servers().iter().find(|s| s.id == 2).map(Server::errors));
    let errors_before = node_errors(&world).expect("node 2");
    world.apply(fail).unwrap_or_else(|r| panic!("{fail:?} refused: {r:?}"));
    world.run_seconds(20);
    let after = world.farm().expect("a farm lab").outcomes();
    NodeFailure {
        detect_ms: world.latest(Metric::TimeToDetectMs).expect("node 2 was noticed"),
        node_errors: node_errors(&world).expect("node 2") - errors_before,
        failed: after.failed - before.failed,
        timed_out: after.timed_out - before.timed_out,
        worst_p95_ms: metric(&last(&world, 20), Metric::P95LatencyMs).into_iter().fold(0.0, f64::max),
    }
}

/// "The lab starts with 4 nodes behind a load balancer, and users send 400 requests per second.
/// The balancer uses round robin, gives a node 1 second to answer, and retries a request that
/// got no answer once … a check every 2 seconds, a node marked down after 3 failed checks in a
/// row and back in the pool after 2 passed checks in a row. A check waits 1 second."
#[test]
fn the_cluster_lab_starts_with_4_nodes_400_a_second_and_haproxys_checks() {
    let id = ChapterId::Clusters;
    let [nodes] = stated(id, "노드 {}대로 시작하고", "starts with {} nodes");
    let [rps] = stated(id, "사용자는 초당 {} 요청을 보내요", "users send {} requests per second");
    let [timeout_s] = stated(id, "노드에게 답할 시간을 {}초", "gives a node {} second to answer");
    let [interval_s, unhealthy, healthy] = stated(
        id,
        "{}초마다 체크하고, {}번 연달아 실패하면 고장으로 표시하고, {}번 연달아 통과하면",
        "a check every {} seconds, a node marked down after {} failed checks in a row and back in the pool after {} passed",
    );
    let [check_timeout_s] = stated(id, "체크 하나는 답을 {}초 기다려요", "A check waits {} second for an answer");
    let world = cluster_lab(DEFAULT_SEED, &[]);
    let farm = world.farm().expect("a farm lab");
    assert_eq!(farm.servers().len() as f64, nodes);
    assert_eq!(farm.scenario().timeout_ms, Some((timeout_s * 1000.0) as u64));
    assert_eq!(farm.retries(), 1, "one retry");
    let scenario = ClusterScenario::chapter_six();
    assert_eq!(scenario.farm.balance.as_ref().map(|b| b.algorithm), Some(Algorithm::RoundRobin));
    let check = scenario.cluster.health.expect("health checks on");
    assert_eq!(f64::from(check.interval_ms), interval_s * 1000.0);
    assert_eq!(f64::from(check.timeout_ms), check_timeout_s * 1000.0);
    assert_eq!((f64::from(check.unhealthy), f64::from(check.healthy)), (unhealthy, healthy));
    let mut world = world;
    world.run_seconds(30);
    assert_eq!(world.latest(Metric::OfferedRps), Some(rps));
    // A node plugged back in returns after the stated number of passes.
    world.apply(Action::Unplug { node: 4 }).expect("node 4 is up");
    world.run_seconds(15);
    world.apply(Action::PlugIn { node: 4 }).expect("node 4 is unplugged");
    world.run_seconds(10);
    let passes =
        cluster_events(&world).iter().filter(|(_, e)| matches!(e, ClusterEvent::CheckPassed { node: 4, .. })).count();
    assert_eq!(passes as f64, healthy);
    assert_eq!(world.latest(Metric::NodesInPool), Some(nodes));
}

/// The prediction: after the plug is pulled, "node 2 leaves the pool 5 to 7 seconds after you
/// unplug it … round robin keeps sending it every fourth request: about 100 a second, several
/// hundred in all. With one retry, each of them waits out the 1-second timeout and is then sent
/// to another node, so those users wait about a second longer, but none of them gets an error.
/// With retries at 0, every one of them times out." And after the lab: "4 to 6 seconds for a
/// killed process and 5 to 7 seconds for an unplugged machine".
#[test]
fn an_unplugged_node_is_noticed_in_5_to_7_seconds_and_gets_about_100_requests_a_second_till_then() {
    let id = ChapterId::Clusters;
    let [low_s, high_s] =
        stated(id, "전원을 뽑은 뒤 {}초에서 {}초 사이에", "leaves the pool {} to {} seconds after you unplug");
    let [per_s] = stated(id, "초당 {}개쯤, 모두 합치면", "every fourth request: about {} a second");
    let [killed_low, killed_high, unplugged_low, unplugged_high] = stated(
        id,
        "프로세스를 종료했을 때 {}초에서 {}초, 전원을 뽑았을 때 {}초에서 {}초",
        "that is {} to {} seconds for a killed process and {} to {} seconds for an unplugged machine",
    );
    assert_eq!((unplugged_low, unplugged_high), (low_s, high_s));
    let within = |ms: f64, low: f64, high: f64| (low * 1000.0..=high * 1000.0).contains(&ms);
    for seed in SEEDS {
        for at_step in FAIL_AT_STEPS {
            let unplugged = fail_node_2(seed, &[], Action::Unplug { node: 2 }, at_step);
            assert!(
                within(unplugged.detect_ms, low_s, high_s),
                "seed {seed}: noticed after {} ms",
                unplugged.detect_ms
            );
            let rate = unplugged.node_errors as f64 * 1000.0 / unplugged.detect_ms;
            assert!(near(rate, per_s, 0.15), "seed {seed}: {rate} a second sent to the dead node");
            assert!((200..1_000).contains(&unplugged.node_errors), "several hundred: {}", unplugged.node_errors);
            assert_eq!((unplugged.failed, unplugged.timed_out), (0, 0), "seed {seed}: the retry hides them");
            assert!((1_000.0..1_200.0).contains(&unplugged.worst_p95_ms), "about a second longer");
            let no_retry = fail_node_2(seed, &[Action::SetRetries { retries: 0 }], Action::Unplug { node: 2 }, at_step);
            assert_eq!(no_retry.timed_out, no_retry.node_errors, "seed {seed}: every one of them times out");
            assert_eq!(no_retry.failed, 0);
            let killed = fail_node_2(seed, &[], Action::KillProcess { node: 2 }, at_step);
            assert!(within(killed.detect_ms, killed_low, killed_high), "seed {seed}: {} ms", killed.detect_ms);
            assert_eq!((killed.failed, killed.timed_out), (0, 0), "refusals are retried at once");
            assert!(killed.worst_p95_ms < 200.0, "a refused request's retry costs almost nothing");
        }
    }
    // Without health checks, a quarter of the requests go to the unplugged node as long as it is.
    let mut world = cluster_lab(DEFAULT_SEED, &[Action::StopHealthChecks, Action::SetRetries { retries: 0 }]);
    world.run_seconds(5);
    world.apply(Action::Unplug { node: 2 }).expect("node 2 is up");
    world.run_seconds(60);
    assert_eq!(world.latest(Metric::NodesInPool), Some(4.0));
    let timed_out = mean(&metric(&last(&world, 30), Metric::TimedOutPerSec));
    assert!(near(timed_out, per_s, 0.15), "{timed_out} a second");
}

/// "every check passes while 80% of what that node receives fails. With the lab's traffic that
/// is about 80 failed requests a second, and the success rate stays near 80% until you free the
/// disk. Restarting the process does not help."
#[test]
fn a_full_disk_fails_80_percent_of_its_node_s_requests_while_every_check_passes() {
    let id = ChapterId::Clusters;
    let [share] = stated(id, "그 노드가 받는 요청의 {}%가 실패해요", "every check passes while {}% of what that node");
    let [per_s] = stated(id, "1초에 약 {}개가 실패하고", "about {} failed requests a second");
    let [success] = stated(id, "성공률은 {}% 언저리에", "the success rate stays near {}%");
    for seed in SEEDS {
        let mut world = cluster_lab(seed, &[]);
        world.run_seconds(5);
        let node_2 =
            |w: &World| w.farm().and_then(|f| f.servers().iter().find(|s| s.id == 2).cloned()).expect("node 2");
        let before = node_2(&world);
        world.apply(Action::SetDiskFull { node: 2, full: true }).expect("node 2's disk has room");
        world.run_seconds(30);
        let after = node_2(&world);
        let (errors, served) = (after.errors() - before.errors(), after.served() - before.served());
        let failing = errors as f64 * 100.0 / (errors + served) as f64;
        assert!(near(failing, share, 0.05), "seed {seed}: {failing}% of node 2's requests failed");
        assert!(after.in_pool() && after.watch().streak() == (0, 0), "seed {seed}: every check passed");
        let samples = last(&world, 20);
        assert!(near(mean(&metric(&samples, Metric::FailedPerSec)), per_s, 0.1), "seed {seed}");
        assert!(near(mean(&metric(&samples, Metric::SuccessRatePercent)), success, 0.03), "seed {seed}");
        world.apply(Action::KillProcess { node: 2 }).expect("node 2 is up");
        world.apply(Action::RestartProcess { node: 2 }).expect("node 2 is killed");
        world.run_seconds(20);
        assert!(near(mean(&metric(&last(&world, 5), Metric::FailedPerSec)), per_s, 0.15), "seed {seed}: restarted");
        world.apply(Action::SetDiskFull { node: 2, full: false }).expect("node 2's disk is full");
        world.run_seconds(12);
        assert_eq!(metric(&last(&world, 10), Metric::FailedPerSec), vec![0.0; 10], "seed {seed}: freed");
    }
}

/// "Cut a node's network link … checks time out as they do for an unplugged machine, so it
/// leaves the pool after the same 5 to 7 seconds, and requests sent to it meanwhile wait out the
/// timeout."
#[test]
fn a_node_whose_link_is_cut_leaves_the_pool_after_the_same_5_to_7_seconds() {
    let id = ChapterId::Clusters;
    let [low_s, high_s] =
        stated(id, "똑같이 {}초에서 {}초 뒤에 풀에서", "leaves the pool after the same {} to {} seconds");
    let [unplugged_low, unplugged_high] =
        stated(id, "전원을 뽑은 뒤 {}초에서 {}초 사이에", "leaves the pool {} to {} seconds after you unplug");
    assert_eq!((low_s, high_s), (unplugged_low, unplugged_high), "the same as unplugged");
    for seed in SEEDS {
        for at_step in FAIL_AT_STEPS {
            let cut = fail_node_2(
                seed,
                &[Action::SetRetries { retries: 0 }],
                Action::SetServerLink { node: 2, cut: true },
                at_step,
            );
            assert!((low_s * 1000.0..=high_s * 1000.0).contains(&cut.detect_ms), "seed {seed}: {} ms", cut.detect_ms);
            assert_eq!(cut.timed_out, cut.node_errors, "seed {seed}: what it was sent waited out the timeout");
            assert!(cut.node_errors > 200, "seed {seed}: {}", cut.node_errors);
        }
    }
}

/// "When you turn on random failures, nodes fail on their own, either way, and each is repaired
/// 30 seconds later."
#[test]
fn a_node_that_fails_at_random_is_repaired_30_seconds_later() {
    let [repair_s] = stated(ChapterId::Clusters, "{}초 뒤에 고쳐져요", "each is repaired {} seconds later");
    let mut world = cluster_lab(DEFAULT_SEED, &[Action::SetRandomFailures { per_hour: 120 }]);
    // Gathered second by second, as the log keeps only the newest events.
    let mut events = Vec::new();
    for _ in 0..600 {
        let seen = world.events().total();
        world.run_seconds(1);
        let fresh = (world.events().total() - seen) as usize;
        let mut new: Vec<(u64, ClusterEvent)> = world
            .events()
            .newest_first()
            .take(fresh)
            .filter_map(|e| match e.kind {
                EventKind::Cluster(c) => Some((e.at_ms, c)),
                _ => None,
            })
            .collect();
        new.reverse();
        events.extend(new);
    }
    let mut repairs = 0;
    for &(at, event) in &events {
        if let ClusterEvent::FailedAtRandom { node, .. } = event {
            let repaired = events.iter().find(|&&(t, e)| t >= at && e == ClusterEvent::Repaired { node });
            if let Some(&(t, _)) = repaired {
                repairs += 1;
                assert!(((t - at) as f64 - repair_s * 1000.0).abs() <= 10.0, "node {node}: {} ms", t - at);
            }
        }
    }
    assert!(repairs > 5, "{repairs} repairs in 10 minutes");
}

/// "one is 20 ms behind the primary, the other 200 ms. If the primary fails, the replicas
/// notice after 5 seconds without a word from it, and promoting one of them takes another 3
/// seconds"; "In the lab, writes wait for those 8 seconds"; "A replica 20 ms behind lacks the
/// last 20 ms of writes"; synchronous replication, "in the lab, 5 ms more on every /api request".
#[test]
fn failover_notices_in_5_seconds_promotes_in_3_and_loses_the_last_20_ms_unless_synchronous() {
    let id = ChapterId::Clusters;
    let [near_ms, far_ms] = stated(
        id,
        "하나는 프라이머리보다 {} ms, 다른 하나는 {} ms",
        "one is {} ms behind the primary, the other {} ms",
    );
    let [notice_s] = stated(id, "{}초 동안 아무 소식이 없어야 알아채고", "notice after {} seconds without a word");
    let [promote_s] = stated(id, "승격하는 데 {}초가 더 걸려요", "takes another {} seconds");
    let [notice_again_s] = stated(id, "제한 시간(실험실에서는 {}초)", "wait out a timeout ({} seconds in the lab)");
    let [promote_again_s] =
        stated(id, "시간이 걸려요(실험실에서는 {}초)", "which takes time too ({} seconds in the lab)");
    let [paused_s] = stated(id, "쓰기가 그 {}초 동안 기다렸다가", "writes wait for those {} seconds");
    let [behind_ms, lacks_ms] =
        stated(id, "{} ms 뒤처진 레플리카에는 마지막 {} ms", "A replica {} ms behind lacks the last {} ms");
    let [sync_ms] = stated(id, "/api 요청마다 {} ms씩", "in the lab, {} ms more on every /api request");
    assert_eq!((notice_again_s, promote_again_s, paused_s), (notice_s, promote_s, notice_s + promote_s));
    assert_eq!((behind_ms, lacks_ms), (near_ms, near_ms));
    let database = ClusterScenario::chapter_six().cluster.database;
    let lags: Vec<f64> = database.replica_lag_ms.iter().map(|&ms| f64::from(ms)).collect();
    assert_eq!(lags, [near_ms, far_ms]);
    assert!(!database.synchronous && !database.witness);
    assert_eq!(SYNC_COMMIT_US as f64, sync_ms * 1000.0);
    let failover = |seed: u64, synchronous: bool| {
        let mut world = cluster_lab(seed, &[Action::SetSyncReplication { on: synchronous }]);
        world.run_seconds(10);
        world.apply(Action::FailPrimary).expect("a primary");
        world.run_seconds(15);
        world
    };
    for seed in SEEDS {
        let world = failover(seed, false);
        let noticed = cluster_events(&world).into_iter().find_map(|(at, e)| match e {
            ClusterEvent::Database { event: DbEvent::FailureNoticed { node, .. } } => Some((at, node)),
            _ => None,
        });
        assert_eq!(noticed, Some((10_000 + (notice_s * 1000.0) as u64, 2)), "the replica 20 ms behind is chosen");
        assert_eq!(world.latest(Metric::FailoverMs), Some(paused_s * 1000.0));
        // The writes of the last 20 ms: about 20 ms × 400 a second × the /api share.
        let api_share =
            1.0 - f64::from(ClusterScenario::chapter_six().farm.balance.expect("balance").static_percent) / 100.0;
        let expected = near_ms / 1000.0 * 400.0 * api_share;
        let lost = world.latest(Metric::WritesLost).expect("measured");
        assert!((1.0..=2.0 * expected).contains(&lost), "seed {seed}: {lost} lost, about {expected} expected");
        let synchronous = failover(seed, true);
        assert_eq!(synchronous.latest(Metric::WritesLost), Some(0.0), "seed {seed}");
        let p50 =
            |w: &World| w.history().newest_first().nth(14).and_then(|s| s.get(Metric::P50LatencyMs)).expect("p50");
        let cost = p50(&synchronous) - p50(&world);
        assert!(near(cost, sync_ms, 0.4), "seed {seed}: synchronous commits cost {cost} ms at p50");
    }
}

/// "Cut the database link in the lab and both sides keep running. After 5 seconds a replica
/// takes over … everything the old primary took since the cut is thrown away"; with the
/// witness, "nothing is promoted and no write is lost".
#[test]
fn a_cut_link_splits_the_brain_after_5_seconds_and_the_witness_prevents_it() {
    let [notice_s] = stated(ChapterId::Clusters, "{}초 뒤 레플리카 하나가", "After {} seconds a replica takes over");
    for witness in [false, true] {
        let mut scenario = ClusterScenario::chapter_six();
        scenario.cluster.database.witness = witness;
        let mut world = World::new(Scenario::Cluster(scenario), DEFAULT_SEED);
        world.run_seconds(10);
        world.apply(Action::SetDbLink { cut: true }).expect("a link");
        world.run_seconds(10);
        world.apply(Action::SetDbLink { cut: false }).expect("a cut link");
        world.run_seconds(1);
        let decided = 10_000 + (notice_s * 1000.0) as u64;
        let events = cluster_events(&world);
        let lost = world.latest(Metric::WritesLost).expect("measured");
        let primary = world.farm().and_then(|f| f.cluster()).and_then(|c| c.database().primary());
        if witness {
            assert!(events.contains(&(decided, ClusterEvent::Database { event: DbEvent::NoQuorum { node: 2 } })));
            assert_eq!((lost, primary), (0.0, Some(1)));
            // "Had the primary really died, the witness would not hear it either, and the
            // replica would get its two votes."
            world.apply(Action::FailPrimary).expect("a primary");
            world.run_seconds(10);
            let primary = world.farm().and_then(|f| f.cluster()).and_then(|c| c.database().primary());
            assert_eq!(primary, Some(2), "a real failure is failed over, witness or not");
        } else {
            assert!(
                events.contains(&(decided, ClusterEvent::Database { event: DbEvent::SplitBrain { old: 1, new: 2 } }))
            );
            assert!(lost > 1_000.0, "the old primary's writes since the cut: {lost}");
            assert_eq!(primary, Some(2), "the newer primary wins");
        }
    }
}

/// "99% allows about 3.65 days of downtime, 99.9% about 8.8 hours, 99.99% about 53 minutes and
/// 99.999% about 5.3 minutes. In a 30-day month, 99.9% allows about 43 minutes"; "99.95% is
/// about 3.3 nines"; "1,000 requests without an error prove three nines, 10,000 prove four".
#[test]
fn the_nines_allow_what_the_text_says() {
    let id = ChapterId::Clusters;
    let [days, hours, minutes_4, minutes_5] = stated(
        id,
        "99%는 약 {}일, 99.9%는 약 {}시간, 99.99%는 약 {}분, 99.999%는 약 {}분",
        "99% allows about {} days of downtime, 99.9% about {} hours, 99.99% about {} minutes and 99.999% about {} minutes",
    );
    let [month_minutes] = stated(id, "한 달로는 99.9%가 약 {}분", "In a 30-day month, 99.9% allows about {} minutes");
    let [fractional] = stated(id, "99.95%는 나인 약 {}개", "99.95% is about {} nines");
    let [three, four] = stated(
        id,
        "오류 없는 요청 {}개는 나인 셋을, {}개는 나인 넷을",
        "{} requests without an error prove three nines, {} prove four",
    );
    let year_h = 365.0 * 24.0;
    for (said, exact) in [
        (days, year_h * 0.01 / 24.0),
        (hours, year_h * 0.001),
        (minutes_4, year_h * 60.0 * 0.0001),
        (minutes_5, year_h * 60.0 * 0.00001),
        (month_minutes, 30.0 * 24.0 * 60.0 * 0.001),
    ] {
        assert!(near(exact, said, 0.01), "{exact} rounds to {said}?");
    }
    let close = |a: Option<f64>, b: f64, tolerance: f64| a.is_some_and(|a| (a - b).abs() <= tolerance);
    assert!(close(nines(19_990, 20_000), fractional, 0.05));
    assert!(close(nines(999, 1_000), 3.0, 1e-9) && close(nines(9_999, 10_000), 4.0, 1e-9));
    assert!(close(nines(three as u64, three as u64), 3.0, 1e-9));
    assert!(close(nines(four as u64, four as u64), 4.0, 1e-9));
}

/// "With retries at 0, one unplugged node that takes 5 to 7 seconds to notice loses about 100
/// requests a second until then. In a 10-minute run at 400 requests a second, that single
/// failure leaves availability at about 99.75%, short of three nines."
#[test]
fn one_unnoticed_node_leaves_a_10_minute_run_at_about_99_75_percent() {
    let [low_s, high_s, per_s] = stated(
        ChapterId::Clusters,
        "알아채는 데 {}초에서 {}초가 걸리는 노드 하나의 전원이 뽑혔을 때 그때까지 초당 {}개쯤",
        "takes {} to {} seconds to notice loses about {} requests a second",
    );
    let [minutes, rps, percent] = stated(
        ChapterId::Clusters,
        "초당 {1} 요청으로 {0}분 동안 돌리면 그 고장 하나만으로 가용성이 약 {2}%",
        "In a {}-minute run at {} requests a second, that single failure leaves availability at about {}%",
    );
    assert_eq!((low_s, high_s, per_s), (5.0, 7.0, 100.0), "as the prediction says, proved above");
    for seed in SEEDS {
        for at_step in FAIL_AT_STEPS {
            let mut world = cluster_lab(seed, &[Action::SetRetries { retries: 0 }]);
            world.run_steps(at_step);
            world.apply(Action::Unplug { node: 2 }).expect("node 2 is up");
            world.run_steps((minutes * 6_000.0) as u64 - at_step);
            assert_eq!(world.latest(Metric::OfferedRps), Some(rps));
            let availability = world.latest(Metric::AvailabilityPercent).expect("measured");
            assert!((availability - percent).abs() <= 0.06, "seed {seed}, step {at_step}: {availability} %");
            assert!(world.latest(Metric::AvailabilityNines).is_some_and(|n| n < 3.0));
        }
    }
}

#[test]
fn a_closed_port_22_makes_ssh_give_up_after_10_seconds() {
    use server_lab::sim::net::lab::Host;
    use server_lab::sim::shell::ssh::SshScenario;
    let id = ChapterId::Ssh;
    let [timeout_s] = stated(id, "ssh가 {}초 뒤에 포기한다는 뜻이에요", "ssh gives up after {} seconds");
    let [again_s] = stated(id, "ConnectTimeout의 {}초가 지나면", "After the {} seconds of ConnectTimeout");
    assert_eq!(again_s, timeout_s);
    for seed in SEEDS {
        let mut world = World::new(Scenario::Ssh(SshScenario::chapter_seven()), seed);
        world.apply(Action::SetFirewall { host: Host::Rented, port: 22, open: false }).expect("the console's box");
        world.enter("ssh deploy@203.0.113.10").expect("a terminal");
        assert_eq!(world.latest(Metric::SshWaitMs), Some(timeout_s * 1000.0), "seed {seed}");
        assert!(world.now().millis() >= (timeout_s * 1000.0) as u64, "the terminal waited as long");
    }
}

#[test]
fn the_deploy_takes_the_app_from_1_4_0_to_1_5_0() {
    use server_lab::sim::shell::ssh::SshScenario;
    // Versions are not single figures: the prose must name the model's own, in both languages.
    let scenario = SshScenario::chapter_seven();
    for lang in ["ko", "en"] {
        let text = prose(ChapterId::Ssh, lang).join(" ");
        for version in [scenario.running, scenario.released] {
            assert!(text.contains(&version.to_string()), "ssh {lang} never names {version}");
        }
    }
    let mut world = World::new(Scenario::Ssh(scenario), DEFAULT_SEED);
    assert_eq!(world.ssh().map(|l| l.running()), Some(scenario.running));
    for line in ["ssh deploy@203.0.113.10", "yes", "cd app", "git pull", "sudo systemctl restart app"] {
        world.enter(line).expect("a terminal");
    }
    assert_eq!(world.ssh().map(|l| l.running()), Some(scenario.released));
}
