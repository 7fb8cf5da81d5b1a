//! How fast the simulation runs: one step and one simulated second of chapter 1 under the
//! slider's heaviest load, the search for the chapter-1 challenge's optimum, and the placement
//! lab's once-a-second evaluation of a large rack (50 hosts, 500 services) and its optimum,
//! chapter 4's route lookup on a 1,000-node topology, one simulated second of 1,000 DNS
//! lookups a second, the network lab's skip ahead of 10 simulated minutes, one step of
//! chapter 5's balancers with more than 10,000 requests in flight, and one simulated minute of
//! chapter 6's cluster at 50 nodes and 5,000 requests a second with a failure every second,
//! chapter 7's terminal parsing and running 10,000 typed lines, and chapter 8's Docker lab doing
//! the same (builds, runs, ports, removals).
//!
//! `cargo bench --bench sim` (add `-- --quick` for a short run).

// criterion is a native-only dev-dependency: on wasm32 this target is an empty program.
#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
criterion::criterion_main!(native::benches);

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;
    use std::net::Ipv4Addr;
    use std::time::{Duration, Instant};

    use criterion::{criterion_group, Criterion};
    use server_lab::course::{Challenge, ChapterId, DEFAULT_SEED};
    use server_lab::sim::balance::Algorithm;
    use server_lab::sim::clock::STEPS_PER_SECOND;
    use server_lab::sim::host::{HostKind, Rack, RackScenario, ServiceKind};
    use server_lab::sim::net::dns::{parse_name, Dns, Latency, Name, Record, RecordData, RecordType, Zone};
    use server_lab::sim::net::lab::NetScenario;
    use server_lab::sim::net::topology::{LinkId, NodeId, Role, Topology};
    use server_lab::sim::rng::Pcg32;
    use server_lab::sim::traffic::cluster::ClusterScenario;
    use server_lab::sim::traffic::{FarmScenario, MAX_RPS};
    use server_lab::sim::{Action, Sample};
    use server_lab::sim::{Scenario, World};

    /// Chapter 1 at 5,000 requests/s on 20 servers (4,000/s of capacity), after 10 simulated
    /// seconds to fill the queues.
    fn busy_farm() -> World {
        let scenario = FarmScenario { arrival_rps: MAX_RPS, servers: 20, ..FarmScenario::chapter_one() };
        let mut world = World::new(Scenario::Farm(scenario), DEFAULT_SEED);
        world.run_seconds(10);
        world
    }

    /// Times `iters` consecutive runs of `run` on a clone of `warm`. The clone first runs one
    /// untimed step: a clone's buffers are allocated to fit exactly, and the first push into
    /// each would otherwise be timed as a reallocation that a long-running world never pays.
    fn time_consecutive(warm: &World, iters: u64, mut run: impl FnMut(&mut World)) -> Duration {
        let mut world = warm.clone();
        world.step();
        let start = Instant::now();
        for _ in 0..iters {
            run(&mut world);
        }
        let elapsed = start.elapsed();
        black_box(world);
        elapsed
    }

    fn farm(c: &mut Criterion) {
        let warm = busy_farm();
        let mut group = c.benchmark_group("chapter 1, 5000 rps, 20 servers");
        // Consecutive steps, so one in a hundred also closes a second (percentiles, CPU, sample).
        group.bench_function("one step (10 ms)", |b| {
            b.iter_custom(|iters| time_consecutive(&warm, iters, World::step));
        });
        group.bench_function("one simulated second", |b| {
            b.iter_custom(|iters| time_consecutive(&warm, iters, |world| world.run_steps(STEPS_PER_SECOND)));
        });
        group.finish();
    }

    fn optimum(c: &mut Criterion) {
        let challenge = Challenge::for_chapter(ChapterId::Server).expect("chapter 1 has a challenge");
        let mut group = c.benchmark_group("chapter 1 challenge");
        group.sample_size(10).measurement_time(Duration::from_secs(5));
        group.bench_function("optimum search", |b| b.iter(|| challenge.optimum(black_box(DEFAULT_SEED))));
        group.finish();
    }

    /// 50 hosts of every kind and 500 services dealt onto them (those that fit), all started.
    fn large_rack() -> Rack {
        let kinds = HostKind::ALL;
        let scenario = RackScenario {
            services: (0..500).map(|i| ServiceKind::ALL[i % ServiceKind::ALL.len()]).collect(),
            offered: kinds.to_vec(),
            hosts: (0..50).map(|i| kinds[i % kinds.len()]).collect(),
            max_hosts: 50,
        };
        let mut rng = Pcg32::new(DEFAULT_SEED);
        let mut rack = Rack::new(scenario, &mut rng);
        for service in 0..500u16 {
            for offset in 0..50u32 {
                if rack.place(service, 1 + (u32::from(service) + offset) % 50).is_ok() {
                    break;
                }
            }
        }
        rack.run_until(120_000);
        rack
    }

    fn placement(c: &mut Criterion) {
        let mut rack = large_rack();
        let placed = rack.services().iter().filter(|s| s.host.is_some()).count();
        assert!(placed >= 250, "the bench rack holds {placed} services");
        let mut rng = Pcg32::new(1);
        let mut second = 120;
        let mut group = c.benchmark_group("placement lab, 50 hosts, 500 services");
        group.bench_function("evaluate every host (one simulated second)", |b| {
            b.iter(|| {
                let mut sample = Sample::new(second);
                rack.sample(second, &mut rng, &mut sample);
                second += 1;
                black_box(sample)
            });
        });
        group.finish();
        let challenge = Challenge::for_chapter(ChapterId::VirtualMachines).expect("chapter 2 has a challenge");
        c.bench_function("chapter 2 challenge optimum search", |b| b.iter(|| challenge.optimum(black_box(0))));
    }

    /// A 1,000-node network: a 40 × 25 grid of routers, each linked to its right and lower
    /// neighbours with latencies from a seeded generator.
    fn grid() -> (Topology, Vec<NodeId>, LinkId) {
        let (width, height) = (40, 25);
        let mut rng = Pcg32::new(DEFAULT_SEED);
        let mut topology = Topology::default();
        let nodes: Vec<NodeId> =
            (0..width * height).map(|i| topology.add_node(&format!("r{i}"), Role::Router)).collect();
        let mut first = None;
        for y in 0..height {
            for x in 0..width {
                let here = nodes[y * width + x];
                if x + 1 < width {
                    let link = topology.link(here, nodes[y * width + x + 1], 1 + rng.below(20));
                    first.get_or_insert(link);
                }
                if y + 1 < height {
                    topology.link(here, nodes[(y + 1) * width + x], 1 + rng.below(20));
                }
            }
        }
        (topology, nodes, first.expect("a link"))
    }

    fn network(c: &mut Criterion) {
        let mut group = c.benchmark_group("chapter 4");
        let (mut topology, nodes, link) = grid();
        let (from, to) = (nodes[0], nodes[nodes.len() - 1]);
        let mut up = true;
        group.bench_function("route lookup, corner to corner of 1,000 nodes, after a link change", |b| {
            b.iter(|| {
                up = !up;
                topology.set_link_up(link, up);
                black_box(topology.path(from, to).map(<[NodeId]>::len))
            })
        });
        group.bench_function("route lookup, cached", |b| {
            b.iter(|| black_box(topology.path(from, to).map(<[NodeId]>::len)))
        });
        let lab = World::new(Scenario::Net(NetScenario::chapter_four()), DEFAULT_SEED);
        group.bench_function("the lab's skip ahead: 10 simulated minutes", |b| {
            b.iter_batched(
                || lab.clone(),
                |mut world| {
                    world.run_seconds(600);
                    black_box(world.digest())
                },
                criterion::BatchSize::SmallInput,
            )
        });
        let names: Vec<Name> = (0..100).map(|i| parse_name(&format!("host{i}.example.com")).expect("a name")).collect();
        let records = names
            .iter()
            .enumerate()
            .map(|(i, name)| Record {
                name: name.clone(),
                ttl_s: 30 + i as u32,
                data: RecordData::A(Ipv4Addr::new(203, 0, 113, i as u8)),
            })
            .collect();
        let zone = Zone { origin: parse_name("example.com").expect("a name"), records, negative_ttl_s: 300 };
        let latency = Latency { resolver: 10, root: 20, tld: 25, authoritative: 30 };
        let dns = Dns::new(vec![zone], latency);
        group.bench_function("one simulated second of 1,000 DNS lookups", |b| {
            b.iter_batched(
                || (dns.clone(), Pcg32::new(DEFAULT_SEED + 1)),
                |(mut dns, mut rng)| {
                    for i in 0..1_000u64 {
                        let name = &names[rng.below(names.len() as u32) as usize];
                        black_box(dns.lookup(name, RecordType::A, i));
                    }
                },
                criterion::BatchSize::SmallInput,
            )
        });
        group.finish();
    }

    /// Chapter 5 at 5,000 requests/s on its four servers, all slow, with a 2 s timeout and
    /// least connections (which looks at every server before each pick), in compare mode
    /// against power of two choices: more than 10,000 requests in flight once warm.
    fn crowded_balancer() -> World {
        let mut scenario = FarmScenario::chapter_five();
        scenario.arrival_rps = MAX_RPS;
        scenario.timeout_ms = Some(2_000);
        if let Some(balance) = scenario.balance.as_mut() {
            balance.algorithm = Algorithm::LeastConnections;
            balance.slow_servers = vec![1, 2, 3, 4];
        }
        let mut world = World::new(Scenario::Balance(scenario), DEFAULT_SEED);
        world.apply(Action::SetCompare { second: Some(Algorithm::PowerOfTwoChoices) }).expect("compare mode");
        world.run_seconds(5);
        world
    }

    fn balancing(c: &mut Criterion) {
        let warm = crowded_balancer();
        let in_flight: u64 = warm.farm().map_or(0, |f| f.sides().iter().map(|s| s.in_flight()).sum());
        assert!(in_flight >= 10_000, "the bench balancer holds {in_flight} requests");
        let mut group = c.benchmark_group("chapter 5, 5000 rps, 10,000+ in flight, compare mode");
        group.bench_function("one step (10 ms)", |b| {
            b.iter_custom(|iters| time_consecutive(&warm, iters, World::step));
        });
        group.finish();
    }

    /// Chapter 6 grown to 50 servers at 5,000 requests/s (about half their capacity), with
    /// health checks on and random failures about once a second across the cluster.
    fn big_cluster() -> World {
        let mut scenario = ClusterScenario::chapter_six();
        scenario.farm = FarmScenario { arrival_rps: MAX_RPS, servers: 50, max_servers: 50, ..scenario.farm };
        let mut world = World::new(Scenario::Cluster(scenario), DEFAULT_SEED);
        world.apply(Action::SetRandomFailures { per_hour: 3_600 }).expect("a failure rate");
        world
    }

    fn cluster(c: &mut Criterion) {
        let mut group = c.benchmark_group("chapter 6, 50 nodes, 5000 rps, a failure a second");
        group.sample_size(10);
        group.bench_function("one simulated minute", |b| {
            b.iter_batched(
                big_cluster,
                |mut world| {
                    world.run_seconds(60);
                    world
                },
                criterion::BatchSize::LargeInput,
            )
        });
        group.finish();
    }

    /// Chapter 7: 10,000 lines through the parser and the interpreter, cycling through a
    /// session (connect, answer, look around, deploy, an error, exit) at one line a second.
    fn terminal(c: &mut Criterion) {
        use server_lab::sim::shell::ssh::{SshLab, SshScenario};
        const SESSION: [&str; 10] = [
            "ssh deploy@203.0.113.10",
            "yes",
            "cd app",
            "ls -a",
            "git pull",
            "sudo systemctl restart app",
            "systemctl status app",
            "kubectl 'get' \"pods\"",
            "journalctl -u app",
            "exit",
        ];
        terminal_session(
            c,
            "chapter 7, the terminal",
            &SESSION,
            || SshLab::new(SshScenario::chapter_seven(), DEFAULT_SEED),
            |lab, n, line| {
                black_box(lab.enter(line, n as u64 * 1_000));
            },
        );
    }

    /// Chapter 8: a Docker session that builds, edits the code, rebuilds, publishes, curls,
    /// collides on a port and cleans up, round and round.
    fn docker(c: &mut Criterion) {
        use server_lab::sim::shell::docker::DockerLab;
        const SESSION: [&str; 12] = [
            "docker build -t web .",
            "docker network create shop",
            "docker run -d --name cache --network shop redis:7",
            "docker run -d -p 8080:80 --name web --network shop web",
            "curl localhost:8080",
            "docker run -d -p 8080:80 --name web2 web",
            "docker ps -a",
            "docker logs web",
            "docker stats",
            "docker rm -f web web2 cache",
            "docker images",
            "docker build -t web .",
        ];
        terminal_session(
            c,
            "chapter 8, docker",
            &SESSION,
            || DockerLab::new(DEFAULT_SEED),
            |lab, n, line| {
                if n % SESSION.len() == 0 {
                    _ = lab.edit_code();
                }
                black_box(lab.enter(line, n as u64 * 1_000));
            },
        );
    }

    /// 10,000 lines through a terminal lab made fresh by `new`, cycling through `session` at
    /// one line a second: `enter` types line `n`.
    fn terminal_session<L>(
        c: &mut Criterion,
        group: &str,
        session: &[&str],
        new: fn() -> L,
        enter: fn(&mut L, usize, &str),
    ) {
        let mut group = c.benchmark_group(group);
        group.sample_size(10);
        group.bench_function("parse and run 10,000 lines", |b| {
            b.iter_batched(
                new,
                |mut lab| {
                    for (n, line) in session.iter().cycle().take(10_000).enumerate() {
                        enter(&mut lab, n, line);
                    }
                    lab
                },
                criterion::BatchSize::LargeInput,
            )
        });
        group.finish();
    }

    criterion_group!(benches, farm, optimum, placement, network, balancing, cluster, terminal, docker);
}
