//! A world: one chapter's model, its clock, its random source, and what it has recorded.
//!
//! `World::apply` takes an action at the current step; `World::step` advances exactly one step
//! of [`super::clock::STEP_MS`]. At the end of every simulated second the model is measured into a
//! [`Sample`]. Nothing here reads a clock or touches the browser.

use serde::{Deserialize, Serialize};

use super::action::{Action, Refusal, Stamped};
use super::clock::{Step, STEPS_PER_SECOND, STEP_MS};
use super::event::{EventKind, EventLog};
use super::host::{Rack, RackScenario};
use super::laptop::{Laptop, LaptopScenario};
use super::metrics::{History, Metric, Sample};
use super::net::lab::{Host, NetLab, NetRefusal, NetScenario};
use super::rng::Pcg32;
use super::shell::ssh::{SshLab, SshScenario};
use super::shell::Screen;
use super::traffic::cluster::{ClusterRefusal, ClusterScenario};
use super::traffic::health::HealthCheck;
use super::traffic::{BalanceChange, FarmScenario, ServerFarm};

/// Which model a world runs, with its starting parameters.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "model", rename_all = "snake_case")]
pub enum Scenario {
    Laptop(LaptopScenario),
    Farm(FarmScenario),
    /// Chapter 5: a farm with its balancer, network and traffic mix.
    Balance(FarmScenario),
    Rack(RackScenario),
    Net(NetScenario),
    /// Chapter 6: a farm with a cluster setup (failures, health checks, a database); see
    /// [`super::traffic::cluster`] for why it is a scenario of its own.
    Cluster(ClusterScenario),
    /// Chapter 7: a terminal on the laptop, and the server it reaches by SSH.
    Ssh(SshScenario),
}

#[derive(Clone, Debug, PartialEq)]
enum Model {
    Laptop(Laptop),
    Farm(Box<ServerFarm>),
    Rack(Rack),
    Net(Box<NetLab>),
    Ssh(Box<SshLab>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct World {
    scenario: Scenario,
    seed: u64,
    now: Step,
    rng: Pcg32,
    model: Model,
    events: EventLog,
    history: History,
    actions: Vec<Stamped>,
    timing_out: bool,
}

impl World {
    pub fn new(scenario: Scenario, seed: u64) -> Self {
        let mut rng = Pcg32::new(seed);
        let model = match &scenario {
            Scenario::Laptop(s) => Model::Laptop(Laptop::new(s.clone(), &mut rng)),
            Scenario::Farm(s) | Scenario::Balance(s) => Model::Farm(Box::new(ServerFarm::new(s.clone(), seed))),
            Scenario::Cluster(s) => Model::Farm(Box::new(ServerFarm::with_cluster(s, seed))),
            Scenario::Rack(s) => Model::Rack(Rack::new(s.clone(), &mut rng)),
            Scenario::Net(s) => Model::Net(Box::new(NetLab::new(s))),
            Scenario::Ssh(s) => Model::Ssh(Box::new(SshLab::new(*s, seed))),
        };
        World {
            scenario,
            seed,
            now: Step(0),
            rng,
            model,
            events: EventLog::default(),
            history: History::default(),
            actions: Vec::new(),
            timing_out: false,
        }
    }

    /// Rebuilds a world from a recorded run, up to step `until`.
    pub fn replay(scenario: Scenario, seed: u64, actions: &[Stamped], until: Step) -> Self {
        let mut world = World::new(scenario, seed);
        let mut pending = actions.iter().peekable();
        loop {
            while let Some(stamped) = pending.next_if(|s| s.step <= world.now) {
                // A recorded run only holds accepted actions; a refused one changes nothing.
                let _ = world.apply(stamped.action);
            }
            if world.now >= until {
                return world;
            }
            world.step();
        }
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    pub fn seed(&self) -> u64 {
        self.seed
    }

    pub fn now(&self) -> Step {
        self.now
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    pub fn events(&self) -> &EventLog {
        &self.events
    }

    /// The accepted actions so far, stamped with their steps.
    pub fn actions(&self) -> &[Stamped] {
        &self.actions
    }

    pub fn farm(&self) -> Option<&ServerFarm> {
        match &self.model {
            Model::Farm(farm) => Some(farm),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    pub fn laptop(&self) -> Option<&Laptop> {
        match &self.model {
            Model::Laptop(laptop) => Some(laptop),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    pub fn rack(&self) -> Option<&Rack> {
        match &self.model {
            Model::Rack(rack) => Some(rack),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    pub fn net(&self) -> Option<&NetLab> {
        match &self.model {
            Model::Net(lab) => Some(lab),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    pub fn ssh(&self) -> Option<&SshLab> {
        match &self.model {
            Model::Ssh(lab) => Some(lab),
            #[allow(unreachable_patterns)]
            _ => None,
        }
    }

    /// Runs a line typed in chapter 7's terminal at the current step, then lets simulated time
    /// pass while the command runs, to the end of the second at least (so its figures are
    /// measured). Typed lines are not [`Action`]s (those are small values a run records); the
    /// terminal keeps its own count of them in the digest.
    pub fn enter(&mut self, line: &str) -> Result<(), Refusal> {
        let at_ms = self.now.millis();
        let Model::Ssh(lab) = &mut self.model else { return Err(Refusal::NotInThisScenario) };
        let ran = lab.enter(line, at_ms);
        for event in ran.events {
            self.events.push(at_ms, EventKind::Ssh(event));
        }
        let end_of_second_ms = ((at_ms + ran.took_ms) / 1000 + 1) * 1000;
        self.run_steps((end_of_second_ms - at_ms) / STEP_MS);
        Ok(())
    }

    /// Ctrl+C in the terminal, with `typed` in its input.
    pub fn interrupt(&mut self, typed: &str) {
        if let Model::Ssh(lab) = &mut self.model {
            lab.interrupt(typed);
        }
    }

    /// `clear` (or Ctrl+L) in the terminal.
    pub fn clear_terminal(&mut self) {
        if let Model::Ssh(lab) = &mut self.model {
            lab.clear();
        }
    }

    /// The terminal's scrollback, in a world that has one.
    pub fn terminal(&self) -> Option<&Screen> {
        self.ssh().map(SshLab::screen)
    }

    /// The terminal's prompt.
    pub fn prompt(&self) -> String {
        self.ssh().map(SshLab::prompt).unwrap_or_default()
    }

    /// What Tab may complete the last word of `line` with.
    pub fn completions(&self, line: &str) -> Vec<String> {
        self.ssh().map(|lab| lab.candidates(line)).unwrap_or_default()
    }

    /// The latest value of a metric, if the world has measured it.
    pub fn latest(&self, metric: Metric) -> Option<f64> {
        self.history.latest().and_then(|s| s.get(metric))
    }

    /// Applies an action at the current step. A refused action leaves the world unchanged.
    pub fn apply(&mut self, action: Action) -> Result<(), Refusal> {
        let at_ms = self.now.millis();
        let changed = match &mut self.model {
            Model::Farm(farm) => apply_to_farm(farm, action, self.now.micros())?,
            Model::Laptop(laptop) => apply_to_laptop(laptop, action, self.now.micros(), &mut self.rng)?,
            Model::Rack(rack) => apply_to_rack(rack, action)?,
            Model::Net(lab) => apply_to_net(lab, action, at_ms)?,
            Model::Ssh(lab) => apply_to_ssh(lab, action, at_ms)?,
        };
        let Some(events) = changed else { return Ok(()) };
        for event in events {
            self.events.push(at_ms, event);
        }
        self.actions.push(Stamped { step: self.now, action });
        Ok(())
    }

    /// Advances exactly one step.
    pub fn step(&mut self) {
        let end = Step(self.now.0 + 1);
        match &mut self.model {
            Model::Farm(farm) => {
                farm.run_until(end.micros());
                for (at_us, event) in farm.take_events() {
                    self.events.push(at_us / 1000, EventKind::Cluster(event));
                }
            }
            Model::Laptop(laptop) => {
                for probe in laptop.run_until(end.micros(), &mut self.rng) {
                    self.events.push(end.millis(), EventKind::ProbeReachedLaptop(probe));
                }
            }
            Model::Rack(rack) => {
                rack.run_until(end.millis());
                for event in rack.take_events() {
                    self.events.push(end.millis(), EventKind::Rack(event));
                }
            }
            Model::Net(_) | Model::Ssh(_) => {}
        }
        self.now = end;
        if end.ends_second() {
            self.close_second();
        }
    }

    pub fn run_steps(&mut self, steps: u64) {
        for _ in 0..steps {
            self.step();
        }
    }

    pub fn run_seconds(&mut self, seconds: u64) {
        self.run_steps(seconds * STEPS_PER_SECOND);
    }

    fn close_second(&mut self) {
        let mut sample = Sample::new(self.now.0 / STEPS_PER_SECOND);
        match &mut self.model {
            Model::Farm(farm) => farm.sample(self.now.micros(), &mut sample),
            Model::Laptop(laptop) => laptop.sample(&mut sample),
            Model::Rack(rack) => {
                rack.sample(self.now.0 / STEPS_PER_SECOND, &mut self.rng, &mut sample);
                for event in rack.take_events() {
                    self.events.push(self.now.millis(), EventKind::Rack(event));
                }
            }
            Model::Net(lab) => {
                if let Some(event) = lab.sample(self.now.millis()) {
                    self.events.push(self.now.millis(), EventKind::Net(event));
                }
                lab.measure(&mut sample);
            }
            Model::Ssh(lab) => lab.measure(self.now.millis(), &mut sample),
        }
        let timeouts = sample.get(Metric::TimedOutPerSec).unwrap_or(0.0) as u64;
        if timeouts > 0 && !self.timing_out {
            self.events.push(self.now.millis(), EventKind::TimeoutsBegan { per_second: timeouts });
        } else if timeouts == 0 && self.timing_out {
            self.events.push(self.now.millis(), EventKind::TimeoutsStopped);
        }
        self.timing_out = timeouts > 0;
        self.history.push(sample);
    }

    /// A fingerprint of the world's state: equal digests mean equal runs (used to check that
    /// native and wasm32 builds compute the same thing).
    pub fn digest(&self) -> u64 {
        let mut hash = Fnv1a::default();
        hash.write(&self.now.0.to_le_bytes());
        let (state, increment) = self.rng.state();
        hash.write(&state.to_le_bytes());
        hash.write(&increment.to_le_bytes());
        match &self.model {
            Model::Farm(farm) => {
                for n in farm.fingerprint() {
                    hash.write(&n.to_le_bytes());
                }
            }
            Model::Laptop(laptop) => {
                for n in [laptop.served(), laptop.failed()] {
                    hash.write(&n.to_le_bytes());
                }
            }
            Model::Rack(rack) => {
                for n in rack.fingerprint() {
                    hash.write(&n.to_le_bytes());
                }
            }
            Model::Net(lab) => {
                for n in lab.fingerprint() {
                    hash.write(&n.to_le_bytes());
                }
            }
            Model::Ssh(lab) => {
                for n in lab.fingerprint() {
                    hash.write(&n.to_le_bytes());
                }
            }
        }
        if let Some(sample) = self.history.latest() {
            for (metric, value) in sample.measured() {
                hash.write(&metric.to_le_bytes());
                hash.write(&value.to_bits().to_le_bytes());
            }
        }
        hash.write(&self.events.total().to_le_bytes());
        hash.finish()
    }

    /// Simulated time in seconds.
    pub fn seconds(&self) -> f64 {
        self.now.millis() as f64 / 1000.0
    }
}

/// What an accepted action changed, as events to log; `None` when it changed nothing (and so is
/// not recorded).
type Applied = Result<Option<Vec<EventKind>>, Refusal>;

fn apply_to_farm(farm: &mut ServerFarm, action: Action, now_us: u64) -> Applied {
    let event = match action {
        Action::SetArrivalRate { rps } => {
            farm.set_arrival_rate(rps, now_us)?;
            EventKind::RateChanged { rps }
        }
        Action::SetSpikeRate { rps } => {
            farm.set_spike_rate(rps, now_us)?;
            EventKind::Balance(BalanceChange::Spike { rps })
        }
        Action::SetRetries { retries } => {
            farm.set_retries(retries)?;
            EventKind::Balance(BalanceChange::Retries { retries })
        }
        Action::SetAlgorithm { side, algorithm } => {
            farm.set_algorithm(usize::from(side), algorithm)?;
            EventKind::Balance(BalanceChange::Algorithm { side, algorithm })
        }
        Action::SetCompare { second } => {
            farm.set_compare(second)?;
            EventKind::Balance(BalanceChange::Compare { second })
        }
        Action::SetSpeed { server, percent } => {
            farm.set_speed(server, percent)?;
            EventKind::Balance(BalanceChange::Speed { server, percent })
        }
        Action::SetWeight { server, weight } => {
            farm.set_weight(server, weight)?;
            EventKind::Balance(BalanceChange::Weight { server, weight })
        }
        Action::SetPool { server, pool } => {
            farm.set_pool(server, pool)?;
            EventKind::Balance(BalanceChange::Pool { server, pool })
        }
        Action::SetRoute { path, to } => {
            farm.set_route(path, to)?;
            EventKind::Balance(BalanceChange::Route { path, to })
        }
        Action::Unplug { node } => return cluster_events(farm, |f| f.unplug(node, now_us)),
        Action::PlugIn { node } => return cluster_events(farm, |f| f.plug_in(node, now_us)),
        Action::KillProcess { node } => return cluster_events(farm, |f| f.kill_process(node, now_us)),
        Action::RestartProcess { node } => return cluster_events(farm, |f| f.restart_process(node, now_us)),
        Action::SetServerLink { node, cut } => return cluster_events(farm, |f| f.set_server_link(node, cut, now_us)),
        Action::SetDiskFull { node, full } => return cluster_events(farm, |f| f.set_disk_full(node, full, now_us)),
        Action::Drain { node } => return cluster_events(farm, |f| f.drain(node, now_us)),
        Action::SetHealthCheck { interval_ms, timeout_ms, unhealthy, healthy } => {
            let check = HealthCheck { interval_ms, timeout_ms, unhealthy, healthy };
            return cluster_events(farm, |f| f.set_health_check(Some(check), now_us));
        }
        Action::StopHealthChecks => return cluster_events(farm, |f| f.set_health_check(None, now_us)),
        Action::SetRandomFailures { per_hour } => {
            return cluster_events(farm, |f| f.set_random_failures(per_hour, now_us))
        }
        Action::FailPrimary => return cluster_events(farm, |f| f.fail_primary(now_us)),
        Action::SetSyncReplication { on } => return cluster_events(farm, |f| f.set_synchronous(on, now_us)),
        Action::SetDbLink { cut } => return cluster_events(farm, |f| f.set_db_link(cut, now_us)),
        Action::SetWitness { on } => return cluster_events(farm, |f| f.set_witness(on, now_us)),
        Action::AddServer => EventKind::ServerAdded { id: farm.add_server()? },
        Action::RemoveServer => {
            let before = farm.outcomes().failed;
            let id = farm.remove_server()?;
            EventKind::ServerRemoved { id, failed: farm.outcomes().failed - before }
        }
        _ => return Err(Refusal::NotInThisScenario),
    };
    Ok(Some(vec![event]))
}

/// A chapter-6 change and the events it logged.
fn cluster_events(
    farm: &mut ServerFarm,
    change: impl FnOnce(&mut ServerFarm) -> Result<(), ClusterRefusal>,
) -> Applied {
    change(farm)?;
    Ok(Some(farm.take_events().into_iter().map(|(_, event)| EventKind::Cluster(event)).collect()))
}

fn apply_to_laptop(laptop: &mut Laptop, action: Action, now_us: u64, rng: &mut Pcg32) -> Applied {
    let event = match action {
        Action::MoveService { service, to } => {
            let moved = laptop.move_service(service, to, now_us, rng).ok_or(Refusal::UnknownService)?;
            moved.then_some(EventKind::ServiceMoved { service, to })
        }
        Action::SetLaptopAwake { awake } => {
            laptop.set_awake(awake).then_some(if awake { EventKind::LaptopWoke } else { EventKind::LaptopSlept })
        }
        _ => return Err(Refusal::NotInThisScenario),
    };
    Ok(event.map(|e| vec![e]))
}

fn apply_to_rack(rack: &mut Rack, action: Action) -> Applied {
    let changed = match action {
        Action::AddHost { kind } => rack.add_host(kind).map(|_| true),
        Action::RemoveHost { host } => rack.remove_host(host).map(|()| true),
        Action::Place { service, host } => rack.place(service, host),
        Action::Unplace { service } => rack.unplace(service).map(|()| true),
        Action::LeakMemory { service } => rack.leak_memory(service).map(|()| true),
        Action::SwitchLimits { host, on } => rack.switch_limits(host, on),
        Action::PanicKernel { host } => rack.panic_kernel(host).map(|()| true),
        _ => return Err(Refusal::NotInThisScenario),
    }?;
    Ok(changed.then(|| rack.take_events().into_iter().map(EventKind::Rack).collect()))
}

fn apply_to_net(lab: &mut NetLab, action: Action, now_ms: u64) -> Applied {
    let events = match action {
        Action::Listen { host, app, port } => lab.listen(host, app, port)?.into_iter().collect(),
        Action::StopService { host, app } => lab.stop(host, app).into_iter().collect(),
        Action::SetFirewall { host, port, open } => lab.set_firewall(host, port, open)?.into_iter().collect(),
        Action::Forward { public_port, inside_port } => vec![lab.forward(public_port, inside_port)?],
        Action::Unforward { public_port } => vec![lab.unforward(public_port)?],
        Action::SetRecord { address, ttl_s } => lab.set_record(address, ttl_s, now_ms)?,
        Action::Request { from, target, port } => vec![lab.request(from, target, port, now_ms)],
        _ => return Err(Refusal::NotInThisScenario),
    };
    let events: Vec<EventKind> = events.into_iter().map(EventKind::Net).collect();
    Ok((!events.is_empty()).then_some(events))
}

fn apply_to_ssh(lab: &mut SshLab, action: Action, now_ms: u64) -> Applied {
    let event = match action {
        Action::SetFirewall { host: Host::Rented, port, open } => {
            if port == 0 {
                return Err(NetRefusal::PortZero.into());
            }
            lab.set_firewall(port, open)
        }
        Action::RebuildServer => Some(lab.rebuild(now_ms)),
        _ => return Err(Refusal::NotInThisScenario),
    };
    Ok(event.map(|e| vec![EventKind::Ssh(e)]))
}

/// 64-bit FNV-1a.
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Fnv1a {
    fn write(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.0 ^= u64::from(*byte);
            self.0 = self.0.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn finish(&self) -> u64 {
        self.0
    }
}
