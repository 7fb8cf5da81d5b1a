//! Chapter 0: services run on the developer's own laptop, or on a server.
//!
//! The laptop has a fixed number of cores shared by the developer's build and by every service
//! placed on it. Users send each service requests (Poisson, per service); each request costs a
//! fixed amount of CPU time on whichever machine runs the service. While the laptop sleeps (lid
//! closed) the services on it answer nothing. A service users reach must be opened to the
//! internet when it runs on the laptop, so strangers' probes reach a machine that holds personal
//! files; they arrive as a Poisson process per exposed service, from documentation addresses
//! (203.0.113.0/24). The database serves only the web shop: beside the shop it stays inside the
//! laptop, but left there after the shop moves to the server it must be opened for the shop.
//! Its "users" are the shop's queries.
//!
//! Left out: memory, disk, network bandwidth, the server's own limits (it has room to spare).

use serde::{Deserialize, Serialize};

use super::metrics::{Metric, Sample};
use super::rng::Pcg32;

/// The services a learner can move.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Service {
    WebShop,
    Database,
    ChatBot,
}

impl Service {
    pub const ALL: [Service; 3] = [Service::WebShop, Service::Database, Service::ChatBot];

    /// The port the service listens on (the database on PostgreSQL's default).
    pub fn port(self) -> u16 {
        match self {
            Service::WebShop => 443,
            Service::Database => 5432,
            Service::ChatBot => 8080,
        }
    }
}

/// Where a service runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    Laptop,
    Server,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceLoad {
    pub service: Service,
    /// Requests per second its users send (the database's: the web shop's queries).
    pub users_rps: u32,
    /// CPU time one request costs, in milliseconds.
    pub cpu_ms_per_request: u32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LaptopScenario {
    pub cores: u32,
    /// CPU work in one build of the developer's project, in core-seconds.
    pub build_core_seconds: u32,
    pub services: Vec<ServiceLoad>,
    /// Probes per minute that reach each service exposed on the laptop.
    pub probes_per_minute: u32,
}

impl LaptopScenario {
    /// The scenario chapter 0 opens with: everything on the laptop.
    pub fn chapter_zero() -> Self {
        LaptopScenario {
            cores: 8,
            build_core_seconds: 80,
            services: vec![
                ServiceLoad { service: Service::WebShop, users_rps: 120, cpu_ms_per_request: 15 },
                ServiceLoad { service: Service::Database, users_rps: 200, cpu_ms_per_request: 10 },
                ServiceLoad { service: Service::ChatBot, users_rps: 30, cpu_ms_per_request: 60 },
            ],
            probes_per_minute: 6,
        }
    }

    /// Seconds one build takes while the services on the laptop use `services_cpu_ms` of CPU a
    /// second.
    pub fn build_seconds(&self, services_cpu_ms: u64) -> f64 {
        let busy_cores = services_cpu_ms as f64 / 1000.0;
        // The build always gets at least a quarter of one core: the OS still schedules it.
        let free = (f64::from(self.cores) - busy_cores).max(0.25);
        f64::from(self.build_core_seconds) / free
    }
}

/// A stranger's connection attempt that reached the laptop.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Probe {
    pub service: Service,
    /// Last octet of the source address in 203.0.113.0/24.
    pub from_host: u8,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Tally {
    served: u64,
    failed: u64,
    laptop_cpu_ms: u64,
}

/// The chapter-0 model.
#[derive(Clone, Debug, PartialEq)]
pub struct Laptop {
    scenario: LaptopScenario,
    places: Vec<Place>,
    awake: bool,
    next_arrival_us: Vec<u64>,
    next_probe_us: u64,
    total: Tally,
    second_start: Tally,
    build_seconds: f64,
    cpu_percent: f64,
}

impl Laptop {
    pub fn new(scenario: LaptopScenario, rng: &mut Pcg32) -> Self {
        let services = scenario.services.len();
        let mut laptop = Laptop {
            places: vec![Place::Laptop; services],
            awake: true,
            next_arrival_us: vec![0; services],
            next_probe_us: u64::MAX,
            total: Tally::default(),
            second_start: Tally::default(),
            build_seconds: 0.0,
            cpu_percent: 0.0,
            scenario,
        };
        for i in 0..services {
            laptop.next_arrival_us[i] = laptop.arrival_gap(i, rng);
        }
        laptop.next_probe_us = laptop.probe_gap(0, rng);
        laptop.build_seconds = laptop.scenario.build_seconds(0);
        laptop
    }

    pub fn scenario(&self) -> &LaptopScenario {
        &self.scenario
    }

    pub fn place_of(&self, service: Service) -> Option<Place> {
        let index = self.scenario.services.iter().position(|s| s.service == service)?;
        Some(self.places[index])
    }

    pub fn awake(&self) -> bool {
        self.awake
    }

    /// Services on the laptop that must be reachable from the internet.
    pub fn exposed(&self) -> u32 {
        (0..self.places.len()).filter(|i| self.faces_internet(*i)).count() as u32
    }

    /// Whether the service at `index` is on the laptop and reached from outside it: users reach
    /// the web shop and the chat bot; only the shop reaches the database, from the server.
    fn faces_internet(&self, index: usize) -> bool {
        self.places[index] == Place::Laptop
            && match self.scenario.services[index].service {
                Service::Database => self.place_of(Service::WebShop) == Some(Place::Server),
                Service::WebShop | Service::ChatBot => true,
            }
    }

    pub fn served(&self) -> u64 {
        self.total.served
    }

    pub fn failed(&self) -> u64 {
        self.total.failed
    }

    /// Seconds one build takes, from the last second's CPU use.
    pub fn build_seconds(&self) -> f64 {
        self.build_seconds
    }

    pub fn cpu_percent(&self) -> f64 {
        self.cpu_percent
    }

    fn arrival_gap(&self, index: usize, rng: &mut Pcg32) -> u64 {
        let rps = self.scenario.services[index].users_rps.max(1);
        rng.exponential_us(1_000_000.0 / f64::from(rps)).max(1)
    }

    /// Time from `now_us` to the next probe; never, when nothing is exposed.
    fn probe_gap(&self, now_us: u64, rng: &mut Pcg32) -> u64 {
        let per_minute = self.scenario.probes_per_minute * self.exposed();
        if per_minute == 0 {
            return u64::MAX;
        }
        now_us + rng.exponential_us(60_000_000.0 / f64::from(per_minute)).max(1)
    }

    /// Moves a service; `Ok(false)` when it was already there.
    pub fn move_service(&mut self, service: Service, to: Place, now_us: u64, rng: &mut Pcg32) -> Option<bool> {
        let index = self.scenario.services.iter().position(|s| s.service == service)?;
        if self.places[index] == to {
            return Some(false);
        }
        self.places[index] = to;
        self.next_probe_us = self.probe_gap(now_us, rng);
        Some(true)
    }

    /// Opens or closes the laptop's lid; `false` when nothing changed.
    pub fn set_awake(&mut self, awake: bool) -> bool {
        std::mem::replace(&mut self.awake, awake) != awake
    }

    /// Runs the interval up to `end_us`; returns the probes that reached the laptop.
    pub fn run_until(&mut self, end_us: u64, rng: &mut Pcg32) -> Vec<Probe> {
        for index in 0..self.places.len() {
            while self.next_arrival_us[index] < end_us {
                let load = &self.scenario.services[index];
                match self.places[index] {
                    Place::Server => self.total.served += 1,
                    Place::Laptop if self.awake => {
                        self.total.served += 1;
                        self.total.laptop_cpu_ms += u64::from(load.cpu_ms_per_request);
                    }
                    Place::Laptop => self.total.failed += 1,
                }
                self.next_arrival_us[index] += self.arrival_gap(index, rng);
            }
        }
        let mut probes = Vec::new();
        while self.next_probe_us < end_us {
            let exposed: Vec<usize> = (0..self.places.len()).filter(|i| self.faces_internet(*i)).collect();
            if let Some(&index) = exposed.get(rng.below(exposed.len().max(1) as u32) as usize) {
                probes.push(Probe {
                    service: self.scenario.services[index].service,
                    from_host: 1 + rng.below(254) as u8,
                });
            }
            self.next_probe_us = self.probe_gap(self.next_probe_us, rng);
        }
        probes
    }

    /// Closes the current second and measures it.
    pub fn sample(&mut self, sample: &mut Sample) {
        let now = self.total;
        let last = std::mem::replace(&mut self.second_start, now);
        let cpu_ms = now.laptop_cpu_ms - last.laptop_cpu_ms;
        let capacity_ms = u64::from(self.scenario.cores) * 1000;
        self.cpu_percent = cpu_ms.min(capacity_ms) as f64 * 100.0 / capacity_ms as f64;
        self.build_seconds = self.scenario.build_seconds(cpu_ms);
        let requests = (now.served - last.served) + (now.failed - last.failed);
        let success = if requests == 0 { 100.0 } else { (now.served - last.served) as f64 * 100.0 / requests as f64 };
        sample.set(Metric::BuildSeconds, self.build_seconds);
        sample.set(Metric::LaptopCpuPercent, self.cpu_percent);
        sample.set(Metric::SuccessPercent, success);
        sample.set(Metric::ExposedOnLaptop, f64::from(self.exposed()));
    }
}
