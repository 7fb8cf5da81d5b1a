//! Predict, then try: what a chapter's lab measures to answer the question it opens with, and
//! when the learner has tried it.
//!
//! The question, its choices and its explanation are prose (`content::Prediction`); this module
//! holds the part that reads the model. An [`Experiment`] folds the world into a [`Trial`] as the
//! lab runs: the figures that answer the question, measured only at the point the question is
//! about, and whether the lab has been there long enough to count as tried. The fold reads the
//! world's history and event log, so a frame that runs several seconds at once misses nothing,
//! and a trial survives a reset of the lab (the learner did try). Pure, and tested natively
//! with the same harness as the models.

use crate::course::ChapterId;
use crate::sim::balance::Algorithm;
use crate::sim::event::EventKind;
use crate::sim::host::{HostKind, RackEvent, ServiceKind, Status};
use crate::sim::laptop::Place;
use crate::sim::metrics::{Sample, LATENCY_WINDOW_MS};
use crate::sim::net::lab::{AnsweredBy, Client, NetEvent, SiteName, Target};
use crate::sim::shell::ssh::SshEvent;
use crate::sim::traffic::cluster::ClusterEvent;
use crate::sim::traffic::server::NodeState;
use crate::sim::{Metric, Scenario, World};

/// Seconds a load must hold before a p95 reading counts: the latency window plus the second in
/// which the load changed, so every latency in the window was measured at that load.
pub const STEADY_SECONDS: usize = (LATENCY_WINDOW_MS / 1000) as usize + 1;
/// Steady seconds at about 90 % before chapter 1's question counts as tried. One 5-second p95
/// near saturation swings widely (queues come and go); the mean of 30 settles.
pub const NEAR_FULL_SECONDS: u32 = 30;
/// Chapter 1's loads, as a share of what the servers can finish: about half, and nearly full.
pub const HALF_LOAD: (f64, f64) = (0.45, 0.55);
pub const NEAR_FULL_LOAD: (f64, f64) = (0.85, 0.95);

/// A figure the lab measured.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reading {
    Ms(f64),
    Count(u32),
    Percent(f64),
    /// Where a DNS answer came from.
    Source(AnsweredBy),
}

/// What a chapter's lab is asked to show.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Experiment {
    /// Chapter 0: the share of user requests answered with every service on the laptop, lid open
    /// and lid closed.
    LidClosed,
    /// Chapter 1: p95 at about 50 % and at about 90 % of the servers' capacity.
    NearlyFull,
    /// Chapter 2: the web app's response time on one bare-metal OS with the batch job, while the
    /// job is quiet and while it bursts.
    SharedOs,
    /// Chapter 3: a container engine server's kernel panics with two or more containers running:
    /// how many were running, and how many still run while it reboots.
    KernelPanic,
    /// Chapter 4: where the phone's answer for a name came from the first time it asked, and
    /// the next time it asked for the same name.
    SecondLookup,
    /// Chapter 5: p95 with one server of four slow, under round robin and under least
    /// connections, each once it has settled.
    SlowServer,
    /// Chapter 6: for a node unplugged while in the balancer's pool, how long the health checks
    /// took to take it out, and how many requests it failed until then (its errors).
    Unplugged,
    /// Chapter 7: how long `ssh` waited before giving up on a server whose firewall closes
    /// port 22.
    ClosedPort,
}

/// What the lab has shown so far: two figures (each a sum of readings and how many), and how far
/// the world's history and event log have been read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Trial {
    sums: [(f64, u32); 2],
    /// The newest sample read (its second).
    read_second: u64,
    /// Events read (the log's running total).
    read_events: u64,
    /// Chapter 3: the host whose panic is being watched.
    host: Option<u32>,
    /// Chapter 4: the name the phone looked up first.
    name: Option<SiteName>,
}

impl Trial {
    fn add(&mut self, figure: usize, value: f64) {
        self.sums[figure].0 += value;
        self.sums[figure].1 += 1;
    }

    fn set(&mut self, figure: usize, value: f64) {
        self.sums[figure] = (value, 1);
    }

    /// How many readings figure `figure` has.
    pub fn readings(&self, figure: usize) -> u32 {
        self.sums[figure].1
    }

    fn mean(&self, figure: usize) -> Option<f64> {
        let (sum, n) = self.sums[figure];
        (n > 0).then(|| sum / f64::from(n))
    }
}

impl Experiment {
    pub const FIGURES: usize = 2;

    pub fn for_chapter(id: ChapterId) -> Option<Experiment> {
        match id {
            ChapterId::WhyServers => Some(Experiment::LidClosed),
            ChapterId::Server => Some(Experiment::NearlyFull),
            ChapterId::VirtualMachines => Some(Experiment::SharedOs),
            ChapterId::Containers => Some(Experiment::KernelPanic),
            ChapterId::Network => Some(Experiment::SecondLookup),
            ChapterId::LoadBalancing => Some(Experiment::SlowServer),
            ChapterId::Clusters => Some(Experiment::Unplugged),
            ChapterId::Ssh => Some(Experiment::ClosedPort),
            _ => None,
        }
    }

    /// Reads what the world recorded since the last call into `trial`.
    pub fn observe(self, world: &World, trial: &mut Trial) {
        let latest = world.history().latest().map_or(0, |s| s.second);
        if latest < trial.read_second || world.events().total() < trial.read_events {
            // The lab was reset: read its new run from the start, keeping what was seen.
            trial.read_second = 0;
            trial.read_events = 0;
            trial.host = None;
            // Chapter 4: caches start empty again, so a lookup pair begins afresh unless done.
            if trial.readings(1) == 0 {
                trial.name = None;
            }
        }
        match self {
            Experiment::NearlyFull => observe_load(world, trial, latest),
            Experiment::LidClosed if latest > trial.read_second => observe_lid(world, trial, latest),
            Experiment::SharedOs if latest > trial.read_second => observe_shared_os(world, trial),
            Experiment::LidClosed | Experiment::SharedOs => {}
            Experiment::KernelPanic => observe_panic(world, trial),
            Experiment::SecondLookup => observe_lookups(world, trial),
            Experiment::SlowServer => observe_slow_server(world, trial, latest),
            Experiment::Unplugged => observe_unplugged(world, trial),
            Experiment::ClosedPort => observe_closed_port(world, trial),
        }
        trial.read_second = latest;
        trial.read_events = world.events().total();
    }

    /// Whether the lab has run at the point the question is about.
    pub fn tried(self, trial: &Trial) -> bool {
        match self {
            Experiment::NearlyFull => trial.readings(0) > 0 && trial.readings(1) >= NEAR_FULL_SECONDS,
            Experiment::SlowServer => {
                trial.readings(0) >= SLOW_SERVER_SECONDS && trial.readings(1) >= SLOW_SERVER_SECONDS
            }
            Experiment::LidClosed
            | Experiment::SharedOs
            | Experiment::KernelPanic
            | Experiment::SecondLookup
            | Experiment::Unplugged => trial.readings(0) > 0 && trial.readings(1) > 0,
            Experiment::ClosedPort => trial.readings(0) > 0,
        }
    }

    /// The figures that answer the question, in the order the prose labels them.
    pub fn figures(self, trial: &Trial) -> [Option<Reading>; Experiment::FIGURES] {
        let reading = |i: usize| {
            trial.mean(i).map(|v| match self {
                Experiment::NearlyFull | Experiment::SharedOs | Experiment::SlowServer | Experiment::ClosedPort => {
                    Reading::Ms(v)
                }
                Experiment::Unplugged if i == 0 => Reading::Ms(v),
                Experiment::Unplugged => Reading::Count(v.round() as u32),
                Experiment::KernelPanic => Reading::Count(v.round() as u32),
                Experiment::LidClosed => Reading::Percent(v),
                Experiment::SecondLookup => Reading::Source(SOURCES[(v as usize).min(SOURCES.len() - 1)]),
            })
        };
        [reading(0), reading(1)]
    }
}

/// Chapter 0: with every service on the laptop, the latest second's share of requests answered,
/// as figure 0 with the lid open and figure 1 with it closed. A second in which the lid or a
/// service moved is mixed, and left out.
fn observe_lid(world: &World, trial: &mut Trial, latest: u64) {
    let Some(laptop) = world.laptop() else { return };
    let all_on_laptop = laptop.scenario().services.iter().all(|s| laptop.place_of(s.service) == Some(Place::Laptop));
    let start_ms = latest.saturating_sub(1) * 1000;
    let moved = world
        .events()
        .newest_first()
        .take_while(|e| e.at_ms > start_ms)
        .any(|e| matches!(e.kind, EventKind::LaptopSlept | EventKind::LaptopWoke | EventKind::ServiceMoved { .. }));
    let success = world.latest(Metric::SuccessPercent).filter(|_| all_on_laptop && !moved);
    if let Some(success) = success {
        trial.add(usize::from(!laptop.awake()), success);
    }
}

/// Share of the servers' capacity the users asked for in a sample.
fn load_share(sample: &Sample, capacity_per_server: f64) -> Option<f64> {
    let servers = sample.get(Metric::Servers)?;
    let offered = sample.get(Metric::OfferedRps)?;
    (servers > 0.0).then(|| offered / (servers * capacity_per_server))
}

/// Chapter 1: every new sample that closes a steady run at half load or near full adds its p95.
fn observe_load(world: &World, trial: &mut Trial, latest: u64) {
    let Scenario::Farm(farm) = world.scenario() else { return };
    let capacity = farm.capacity_rps_per_server();
    let new = latest.saturating_sub(trial.read_second) as usize;
    let recent: Vec<&Sample> = world.history().newest_first().take(new + STEADY_SECONDS - 1).collect();
    for i in 0..new.min(recent.len()) {
        let Some(window) = recent.get(i..i + STEADY_SECONDS) else { break };
        for (figure, (low, high)) in [HALF_LOAD, NEAR_FULL_LOAD].into_iter().enumerate() {
            let steady = window.iter().all(|s| load_share(s, capacity).is_some_and(|l| (low..=high).contains(&l)));
            if let Some(p95) = recent[i].get(Metric::P95LatencyMs).filter(|_| steady) {
                trial.add(figure, p95);
            }
        }
    }
}

/// Chapter 2: the web app's response time while it shares a bare-metal OS with the batch job,
/// as figure 0 while the job is quiet and figure 1 while it bursts.
fn observe_shared_os(world: &World, trial: &mut Trial) {
    let Some(rack) = world.rack() else { return };
    let find = |kind: ServiceKind| rack.services().iter().find(|s| s.kind == kind && s.status == Status::Running);
    let (Some(web), Some(batch)) = (find(ServiceKind::WebApp), find(ServiceKind::BatchJob)) else { return };
    let shared = web.host.is_some()
        && web.host == batch.host
        && rack.hosts().iter().any(|h| Some(h.id) == web.host && h.kind == HostKind::BareMetal);
    let Some(response) = web.response_ms.filter(|_| shared) else { return };
    // Above the most its typical use can draw, the job is bursting.
    let typical = ServiceKind::BatchJob.spec().cpu_milli;
    let bursting = u64::from(batch.demand_milli) * 1_000 > u64::from(typical) * 1_100;
    trial.add(usize::from(bursting), f64::from(response));
}

/// Chapter 3: a new kernel panic on a container engine server that stopped two or more
/// services sets figure 0; while that server reboots, figure 1 is how many still run on it.
fn observe_panic(world: &World, trial: &mut Trial) {
    let Some(rack) = world.rack() else { return };
    let new = world.events().total().saturating_sub(trial.read_events) as usize;
    let panicked = world.events().newest_first().take(new).find_map(|e| match e.kind {
        EventKind::Rack(RackEvent::KernelPanic { host, services_down }) if services_down >= 2 => {
            Some((host, services_down))
        }
        _ => None,
    });
    if let Some((host, down)) = panicked {
        if rack.hosts().iter().any(|h| h.id == host && h.kind == HostKind::ContainerEngine) {
            trial.host = Some(host);
            trial.set(0, f64::from(down));
        }
    }
    let Some(host) = trial.host else { return };
    if rack.hosts().iter().any(|h| h.id == host && h.down_until_ms.is_some()) {
        let on_host = rack.on_host(host);
        let running = on_host.iter().filter(|id| rack.service(**id).is_some_and(|s| s.status == Status::Running));
        trial.set(1, running.count() as f64);
    }
}

/// Chapter 6: when the checks take an unplugged node out of the pool, figure 0 is how long that
/// took and figure 1 the node's errors: the requests sent to it meanwhile (each timed out there,
/// and was retried elsewhere if retries allow).
fn observe_unplugged(world: &World, trial: &mut Trial) {
    let Some(farm) = world.farm() else { return };
    let new = world.events().total().saturating_sub(trial.read_events) as usize;
    let removed = world.events().newest_first().take(new).find_map(|e| match e.kind {
        EventKind::Cluster(ClusterEvent::RemovedFromPool { node, detect_ms: Some(ms) }) => Some((node, ms)),
        _ => None,
    });
    let Some((node, detect_ms)) = removed else { return };
    if let Some(server) = farm.servers().iter().find(|s| s.id == node && s.state() == NodeState::Unplugged) {
        trial.set(0, detect_ms as f64);
        trial.set(1, server.errors() as f64);
    }
}

/// Chapter 7: for an `ssh` that timed out because the server's firewall closes port 22, how
/// long it waited.
fn observe_closed_port(world: &World, trial: &mut Trial) {
    let Some(lab) = world.ssh() else { return };
    let new = world.events().total().saturating_sub(trial.read_events) as usize;
    let timed_out = world
        .events()
        .newest_first()
        .take(new)
        .any(|e| e.kind == EventKind::Ssh(SshEvent::TimedOut { firewall: true }));
    if let Some(handshake) = lab.handshake().filter(|_| timed_out) {
        trial.set(0, handshake.waited_ms as f64);
    }
}

/// Chapter 5: seconds after a change before p95 counts (the slow server's queue builds up or
/// drains, then the latency window fills with the new state), and readings each algorithm needs.
pub const SLOW_SERVER_SETTLE_SECONDS: u64 = 10;
pub const SLOW_SERVER_SECONDS: u32 = 10;

/// Chapter 5: with the setup the question describes (the start's servers, one of them slow, the
/// start's rate, no spikes), each new second's p95 once nothing has changed for
/// [`SLOW_SERVER_SETTLE_SECONDS`]: figure 0 under round robin, figure 1 under least connections.
fn observe_slow_server(world: &World, trial: &mut Trial, latest: u64) {
    let Some(farm) = world.farm() else { return };
    let figure = match farm.main().algorithm() {
        Algorithm::RoundRobin => 0,
        Algorithm::LeastConnections => 1,
        _ => return,
    };
    let Scenario::Balance(start) = world.scenario() else { return };
    let slow = farm.servers().iter().filter(|s| s.is_slow()).count();
    if farm.servers().len() != start.servers as usize
        || slow != 1
        || farm.spike_rps() != 0
        || farm.arrival_rps() != start.arrival_rps
    {
        return;
    }
    let changed_ms = world
        .events()
        .newest_first()
        .find(|e| {
            matches!(
                e.kind,
                EventKind::Balance(_)
                    | EventKind::RateChanged { .. }
                    | EventKind::ServerAdded { .. }
                    | EventKind::ServerRemoved { .. }
            )
        })
        .map_or(0, |e| e.at_ms);
    let settled_from = changed_ms / 1000 + SLOW_SERVER_SETTLE_SECONDS;
    let new = latest.saturating_sub(trial.read_second) as usize;
    for sample in world.history().newest_first().take(new).filter(|s| s.second > settled_from) {
        if let Some(p95) = sample.get(Metric::P95LatencyMs) {
            trial.add(figure, p95);
        }
    }
}

/// Where an answer can come from, as chapter 4's trial stores it (the index).
const SOURCES: [AnsweredBy; 3] = [AnsweredBy::BrowserCache, AnsweredBy::ResolverCache, AnsweredBy::NameServers];

/// Chapter 4: the phone's first lookup of a name sets figure 0 to where its answer came from;
/// each later lookup of the same name sets figure 1.
fn observe_lookups(world: &World, trial: &mut Trial) {
    let new = world.events().total().saturating_sub(trial.read_events) as usize;
    let mut lookups: Vec<(SiteName, AnsweredBy)> = world
        .events()
        .newest_first()
        .take(new)
        .filter_map(|e| match e.kind {
            EventKind::Net(NetEvent::Requested {
                from: Client::Phone,
                target: Target::Name(name),
                answered_by: Some(by),
                ..
            }) => Some((name, by)),
            _ => None,
        })
        .collect();
    lookups.reverse();
    for (name, by) in lookups {
        let source = SOURCES.iter().position(|s| *s == by).unwrap_or(0) as f64;
        match trial.name {
            None => {
                trial.name = Some(name);
                trial.set(0, source);
            }
            Some(first) if first == name => trial.set(1, source),
            Some(_) => {}
        }
    }
}
