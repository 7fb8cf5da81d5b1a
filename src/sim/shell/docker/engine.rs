//! The container engine on the lab's host: images, containers, networks, published ports and
//! memory.
//!
//! The host is chapter 4's rented server, a container engine as the placement lab has it: its
//! memory, the engine's own share and each container's shim come from [`catalog`], and so does
//! what each app needs and how long it takes to start. Publishing a port makes the host listen
//! on it in chapter 4's network, so two containers cannot publish the same host port, nor a
//! container a port the host already serves.
//!
//! Docker reserves nothing: without `--memory` a container may use all the host has, and with it
//! the limit is enforced but still not set aside. An app that needs more than its limit is
//! killed by the kernel inside its cgroup (exit code 137); when the running containers together
//! need more than the host has, the kernel's out-of-memory killer ends the largest (the newest
//! on a tie). `docker run` never refuses for lack of memory; refusing to place belongs to
//! Kubernetes. Containers on a network the learner created find each other by name; on the
//! default `bridge` network they do not.
//!
//! Left out: restart policies, volumes, image pulls (the host has its images already), CPU
//! contention (`--cpus` is recorded and shown by `docker stats`), IPv6.

use std::net::Ipv4Addr;

use super::super::mix;
use crate::sim::host::catalog::{self, HostKind, ServiceKind, SERVER};
use crate::sim::net::network::{HomeAndServer, ListenError};

/// The engine's name for the listener that forwards a published port into its container.
pub const PROXY: &str = "docker-proxy";
/// The port the lab's cache (Redis) and database (PostgreSQL) listen on inside their containers.
pub const CACHE_PORT: u16 = 6379;
const DATABASE_PORT: u16 = 5432;
/// The name the shop's settings give its cache.
pub const CACHE_HOST: &str = "cache";
/// The host's kernel, engine and containers together may not pass this, in MiB.
pub const HOST_MEMORY_MIB: u32 = SERVER.memory_mib;
/// The smallest `--memory` Docker takes.
pub const MIN_MEMORY_LIMIT_MIB: u32 = 6;
/// Host ports Docker picks from for `-p CONTAINER_PORT` alone.
const FIRST_EPHEMERAL: u16 = 32_768;
/// Containers, images and networks the lab keeps; `docker run` refuses more.
pub const MAX_OBJECTS: usize = 40;
/// Log lines a container keeps.
const MAX_LOG_LINES: usize = 200;

/// What a container of an image does when it starts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum App {
    /// The shop's web app (gunicorn), listening on this port in the container, or only on its
    /// own loopback when the command binds no outside address.
    Shop { port: Option<u16> },
    /// The shop image, built without what it needs: it exits at once with this code and line.
    Broken { code: i32, says: &'static str },
    /// A base image whose command ends at once with nothing to do (python with no input).
    Ends,
    /// Redis, the shop's cache.
    Cache,
    /// PostgreSQL: it needs a superuser password given with `-e POSTGRES_PASSWORD=...`.
    Database,
}

impl App {
    /// The placement lab's service it is, for its memory and start-up time.
    pub fn service(&self) -> Option<ServiceKind> {
        match self {
            App::Shop { .. } => Some(ServiceKind::WebApp),
            App::Cache => Some(ServiceKind::Cache),
            App::Database => Some(ServiceKind::Database),
            App::Broken { .. } | App::Ends => None,
        }
    }

    /// The process `ps` and the kernel's log name.
    fn process(&self) -> &'static str {
        match self {
            App::Shop { .. } => "gunicorn",
            App::Cache => "redis-server",
            App::Database => "postgres",
            App::Broken { .. } | App::Ends => "python3",
        }
    }

    /// Memory it takes while running, in MiB (the placement lab's figure).
    pub fn memory_mib(&self) -> u32 {
        self.service().map_or(0, |s| s.spec().memory_mib)
    }

    /// The port it serves inside its container.
    fn port(&self) -> Option<u16> {
        match self {
            App::Shop { port } => *port,
            App::Cache => Some(CACHE_PORT),
            App::Database => Some(DATABASE_PORT),
            App::Broken { .. } | App::Ends => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Image {
    pub id: u64,
    /// `<none>` once its tag moved to a newer build.
    pub repo: String,
    pub tag: String,
    /// When it was built in the lab; base images came before it started.
    pub created_ms: Option<u64>,
    pub size_kb: u64,
    pub app: App,
    pub command: String,
    pub env: Vec<(String, String)>,
}

impl Image {
    pub fn reference(&self) -> String {
        format!("{}:{}", self.repo, self.tag)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    /// Made, never started (its start failed).
    Created,
    Running,
    Exited {
        code: i32,
        at_ms: u64,
    },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Container {
    pub id: u64,
    pub name: String,
    /// The image as given to `docker run`.
    pub image: String,
    pub image_id: u64,
    pub app: App,
    pub command: String,
    pub state: State,
    /// Published ports: host port, container port.
    pub ports: Vec<(u16, u16)>,
    pub memory_limit_mib: Option<u32>,
    pub cpus_milli: Option<u32>,
    pub network: String,
    pub address: Ipv4Addr,
    pub env: Vec<(String, String)>,
    pub created_ms: u64,
    pub started_ms: u64,
    /// When its app answers.
    pub ready_at_ms: u64,
    /// Killed for going over its own memory limit.
    pub oom_killed: bool,
    pub logs: Vec<String>,
}

impl Container {
    pub fn running(&self) -> bool {
        self.state == State::Running
    }

    fn log(&mut self, line: String) {
        if self.logs.len() == MAX_LOG_LINES {
            self.logs.remove(0);
        }
        self.logs.push(line);
    }
}

/// A network containers join: `bridge` is Docker's default; the learner creates others.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Network {
    pub id: u64,
    pub name: String,
    /// Its subnet's second octet: 172.N.0.0/16.
    pub subnet: u8,
}

impl Network {
    /// Containers on it find each other by name (every network but the default bridge).
    pub fn has_dns(&self) -> bool {
        self.name != "bridge"
    }
}

/// What `docker run` was asked for, once its flags were read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunRequest {
    pub image: String,
    pub name: Option<String>,
    pub ports: Vec<(Option<u16>, u16)>,
    pub memory_limit_mib: Option<u32>,
    pub cpus_milli: Option<u32>,
    pub network: Option<String>,
    pub env: Vec<(String, String)>,
}

/// How a page request to a host port went, as curl reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Nothing listens on the port.
    Refused,
    /// The proxy took the connection, but nothing answered in the container.
    Reset,
    /// Something answered that does not speak HTTP.
    NotHttp,
    /// The shop's page, from this container, with or without its cache.
    Page { container: u64, cache: bool },
}

/// Something the kernel or the engine did on its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Killed {
    /// The container went over its own memory limit.
    OverLimit { name: String },
    /// The host ran out of memory and the kernel ended this container's app.
    HostOutOfMemory { name: String },
}

#[derive(Clone, Debug, PartialEq)]
pub struct Engine {
    pub images: Vec<Image>,
    pub containers: Vec<Container>,
    pub networks: Vec<Network>,
    /// The network the host is on; published ports are its listeners.
    pub net: HomeAndServer,
    /// The kernel's messages (`dmesg`).
    pub kernel_log: Vec<String>,
    seed: u64,
    made: u64,
}

impl Engine {
    pub fn new(seed: u64) -> Engine {
        let mut net = HomeAndServer::new();
        // The app moves into containers: the host no longer serves it itself.
        if let Some(server) = net.network.machine_mut(net.server) {
            server.stop_listening(80);
        }
        let images = super::build::BASE_IMAGES
            .iter()
            .zip(10..)
            .map(|((name, size_kb), n)| {
                let (repo, tag) = name.split_once(':').unwrap_or((name, "latest"));
                let (app, command) = match repo {
                    "redis" => (App::Cache, "docker-entrypoint.sh redis-server"),
                    "postgres" => (App::Database, "docker-entrypoint.sh postgres"),
                    _ => (App::Ends, "python3"),
                };
                Image {
                    id: mix(seed, n),
                    repo: repo.to_string(),
                    tag: tag.to_string(),
                    created_ms: None,
                    size_kb: *size_kb,
                    app,
                    command: command.to_string(),
                    env: Vec::new(),
                }
            })
            .collect();
        let bridge = Network { id: mix(seed, 20), name: "bridge".to_string(), subnet: 17 };
        Engine { images, containers: Vec::new(), networks: vec![bridge], net, kernel_log: Vec::new(), seed, made: 0 }
    }

    /// A fresh ID for a container or a network.
    fn fresh_id(&mut self) -> u64 {
        self.made += 1;
        mix(self.seed, 1_000 + self.made)
    }

    /// The image `reference` names (`web` is `web:latest`), or one whose ID starts with it.
    pub fn image(&self, reference: &str) -> Option<&Image> {
        let full = if reference.contains(':') { reference.to_string() } else { format!("{reference}:latest") };
        self.images.iter().find(|i| i.reference() == full).or_else(|| {
            (reference.len() >= 4 && reference.bytes().all(|b| b.is_ascii_hexdigit()))
                .then(|| self.images.iter().find(|i| format!("{:016x}", i.id).starts_with(reference)))
                .flatten()
        })
    }

    /// The container a name or the start of an ID names.
    pub fn find(&self, name_or_id: &str) -> Option<usize> {
        self.containers.iter().position(|c| c.name == name_or_id).or_else(|| {
            (name_or_id.len() >= 3)
                .then(|| self.containers.iter().position(|c| format!("{:016x}", c.id).starts_with(name_or_id)))
                .flatten()
        })
    }

    /// Records a built image under `repo:tag`; the image that had the tag keeps its layers as
    /// `<none>`. Returns the image's ID.
    pub fn add_image(&mut self, image: Image) -> u64 {
        let reference = image.reference();
        for old in self.images.iter_mut().filter(|i| i.reference() == reference && i.id != image.id) {
            old.repo = "<none>".to_string();
            old.tag = "<none>".to_string();
        }
        let id = image.id;
        match self.images.iter_mut().find(|i| i.id == id) {
            Some(same) => {
                same.repo = image.repo;
                same.tag = image.tag;
            }
            None => {
                if self.images.len() == MAX_OBJECTS {
                    if let Some(at) = self.images.iter().position(|i| i.repo == "<none>") {
                        self.images.remove(at);
                    }
                }
                self.images.push(image);
            }
        }
        id
    }

    /// `docker network create`: the new network's ID, or the daemon's error.
    pub fn create_network(&mut self, name: &str) -> Result<u64, String> {
        if self.networks.iter().any(|n| n.name == name) {
            return Err(format!("network with name {name} already exists"));
        }
        if !valid_name(name) {
            return Err(format!("invalid network name \"{name}\": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"));
        }
        if self.networks.len() >= 8 {
            return Err("the lab's host takes at most 8 networks".to_string());
        }
        let id = self.fresh_id();
        let subnet = self.networks.iter().map(|n| n.subnet).max().unwrap_or(17) + 1;
        self.networks.push(Network { id, name: name.to_string(), subnet });
        Ok(id)
    }

    /// `docker run`: makes the container and starts it. The error is the daemon's; a container
    /// whose start failed stays made, in the Created state, as Docker leaves it.
    pub fn run(&mut self, request: RunRequest, now_ms: u64) -> Result<usize, String> {
        let image = self.image(&request.image).cloned().ok_or_else(|| {
            let repo = request.image.split(':').next().unwrap_or_default();
            format!("pull access denied for {repo}, repository does not exist or may require 'docker login'")
        })?;
        let network = request.network.clone().unwrap_or_else(|| "bridge".to_string());
        let Some(net) = self.networks.iter().find(|n| n.name == network).cloned() else {
            return Err(format!("network {network} not found"));
        };
        if self.containers.len() >= MAX_OBJECTS {
            return Err(format!("the lab's host keeps at most {MAX_OBJECTS} containers: remove some with docker rm"));
        }
        let id = self.fresh_id();
        let name = match request.name {
            Some(name) => {
                if let Some(holder) = self.containers.iter().find(|c| c.name == name) {
                    return Err(format!(
                        "Conflict. The container name \"/{name}\" is already in use by container \"{}\". You have to remove (or rename) that container to be able to reuse that name.",
                        long_id(holder.id)
                    ));
                }
                if !valid_name(&name) {
                    return Err(format!("Invalid container name ({name}), only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed"));
                }
                name
            }
            None => self.random_name(id),
        };
        let on_network = self.containers.iter().filter(|c| c.network == network).count() as u8;
        let mut env = image.env.clone();
        env.extend(request.env);
        self.containers.push(Container {
            id,
            name,
            image: request.image,
            image_id: image.id,
            app: image.app.clone(),
            command: image.command.clone(),
            state: State::Created,
            ports: Vec::new(),
            memory_limit_mib: request.memory_limit_mib,
            cpus_milli: request.cpus_milli,
            network,
            address: Ipv4Addr::new(172, net.subnet, 0, on_network.saturating_add(2)),
            env,
            created_ms: now_ms,
            started_ms: now_ms,
            ready_at_ms: now_ms,
            oom_killed: false,
            logs: Vec::new(),
        });
        let at = self.containers.len() - 1;
        let ports = request.ports.iter().map(|&(host, inside)| (host.unwrap_or(0), inside)).collect();
        self.containers[at].ports = ports;
        self.start(at, now_ms)?;
        Ok(at)
    }

    /// Starts a made or stopped container: binds its published ports, then runs its app.
    pub fn start(&mut self, at: usize, now_ms: u64) -> Result<(), String> {
        let Some(container) = self.containers.get(at) else { return Err("No such container".to_string()) };
        if container.running() {
            return Ok(());
        }
        let mut ports = container.ports.clone();
        let (name, id) = (container.name.clone(), container.id);
        for i in 0..ports.len() {
            if ports[i].0 == 0 {
                ports[i].0 = self.free_port();
            }
            if let Err(ListenError::AddressInUse { holder }) =
                self.net.network.listen(self.net.server, ports[i].0, PROXY)
            {
                self.release(&ports[..i]);
                let why = if holder == PROXY {
                    format!("Bind for 0.0.0.0:{} failed: port is already allocated", ports[i].0)
                } else {
                    format!(
                        "Error starting userland proxy: listen tcp4 0.0.0.0:{}: bind: address already in use",
                        ports[i].0
                    )
                };
                return Err(format!(
                    "driver failed programming external connectivity on endpoint {name} ({}): {why}",
                    long_id(mix(id, 1))
                ));
            }
        }
        let app = self.containers[at].app.clone();
        let ready_ms = app.service().map_or(0, |s| catalog::start_ms(HostKind::ContainerEngine, s));
        let c = &mut self.containers[at];
        c.ports = ports;
        c.state = State::Running;
        c.oom_killed = false;
        c.started_ms = now_ms;
        c.ready_at_ms = now_ms + ready_ms;
        let ready = now_ms + ready_ms;
        match &app {
            App::Shop { port } => {
                c.log(gunicorn(ready, "Starting gunicorn 23.0.0"));
                let bound = port.map_or("127.0.0.1:8000".to_string(), |p| format!("0.0.0.0:{p}"));
                c.log(gunicorn(ready, &format!("Listening at: http://{bound} (1)")));
                c.log(gunicorn(ready, "Booting worker with pid: 7"));
            }
            App::Cache => c.log(format!("1:M {} * Ready to accept connections tcp", redis_time(ready))),
            App::Database => {
                if c.env.iter().any(|(k, v)| k == "POSTGRES_PASSWORD" && !v.is_empty()) {
                    c.log(format!("{} UTC [1] LOG:  database system is ready to accept connections", iso_time(ready)));
                } else {
                    for line in [
                        "Error: Database is uninitialized and superuser password is not specified.",
                        "       You must specify POSTGRES_PASSWORD to a non-empty value for the",
                        "       superuser. For example, \"-e POSTGRES_PASSWORD=password\" on \"docker run\".",
                    ] {
                        c.log(line.to_string());
                    }
                    self.end(at, 1, now_ms);
                    return Ok(());
                }
            }
            App::Broken { code, says } => {
                c.log(says.to_string());
                let code = *code;
                self.end(at, code, now_ms);
                return Ok(());
            }
            App::Ends => {
                self.end(at, 0, now_ms);
                return Ok(());
            }
        }
        let need = app.memory_mib();
        if self.containers[at].memory_limit_mib.is_some_and(|limit| need > limit) {
            self.containers[at].oom_killed = true;
            let line = self.kill_line(at, now_ms, true);
            self.kernel_log.push(line);
            self.end(at, 137, now_ms);
            return Ok(());
        }
        self.relieve_host(now_ms);
        Ok(())
    }

    /// Memory the running containers, the engine and the host's system take, in MiB.
    pub fn memory_used_mib(&self) -> u32 {
        let layer = HostKind::ContainerEngine.layer();
        let running = self.containers.iter().filter(|c| c.running());
        layer.base.memory_mib + running.map(|c| c.app.memory_mib() + layer.per_service.memory_mib).sum::<u32>()
    }

    /// While the host needs more memory than it has, the kernel ends the largest app.
    fn relieve_host(&mut self, now_ms: u64) {
        while self.memory_used_mib() > HOST_MEMORY_MIB {
            let Some(victim) = self
                .containers
                .iter()
                .enumerate()
                .filter(|(_, c)| c.running())
                .max_by_key(|(_, c)| (c.app.memory_mib(), c.started_ms, c.id))
                .map(|(at, _)| at)
            else {
                return;
            };
            let line = self.kill_line(victim, now_ms, false);
            self.kernel_log.push(line);
            self.end(victim, 137, now_ms);
        }
    }

    /// The kernel's line for an out-of-memory kill.
    fn kill_line(&self, at: usize, now_ms: u64, in_cgroup: bool) -> String {
        let c = &self.containers[at];
        let pid = 2_000 + (c.id % 7_000);
        let rss_kb = u64::from(c.app.memory_mib()) * 1_024;
        let what = if in_cgroup { "Memory cgroup out of memory" } else { "Out of memory" };
        format!(
            "[{:>5}.{:06}] {what}: Killed process {pid} ({}) anon-rss:{rss_kb}kB",
            now_ms / 1_000 + 600,
            (now_ms % 1_000) * 1_000,
            c.app.process()
        )
    }

    /// The container's app ended with `code`: its ports are let go.
    fn end(&mut self, at: usize, code: i32, now_ms: u64) {
        let ports = self.containers[at].ports.clone();
        self.release(&ports);
        self.containers[at].state = State::Exited { code, at_ms: now_ms };
    }

    /// `docker stop`: the app ends on SIGTERM, cleanly.
    pub fn stop(&mut self, at: usize, now_ms: u64) {
        if self.containers.get(at).is_some_and(Container::running) {
            self.end(at, 0, now_ms);
        }
    }

    /// `docker rm`: refused for a running container unless forced (then it is killed first).
    pub fn remove(&mut self, at: usize, force: bool, now_ms: u64) -> Result<(), String> {
        let Some(c) = self.containers.get(at) else { return Err("No such container".to_string()) };
        if c.running() {
            if !force {
                return Err(format!(
                    "cannot remove container \"/{}\": container is running: stop the container before removing or force remove",
                    c.name
                ));
            }
            self.end(at, 137, now_ms);
        }
        self.containers.remove(at);
        Ok(())
    }

    fn release(&mut self, ports: &[(u16, u16)]) {
        if let Some(server) = self.net.network.machine_mut(self.net.server) {
            for (host_port, _) in ports {
                if server.listener(*host_port).is_some_and(|s| s == PROXY) {
                    server.stop_listening(*host_port);
                }
            }
        }
    }

    fn free_port(&self) -> u16 {
        let server = self.net.network.machine(self.net.server);
        (FIRST_EPHEMERAL..u16::MAX).find(|p| server.is_none_or(|m| m.listener(*p).is_none())).unwrap_or(u16::MAX)
    }

    /// A request for `/` to the host's `port` at `now_ms`, as from the host itself; the shop
    /// logs what it served.
    pub fn request(&mut self, port: u16, now_ms: u64) -> Answer {
        let answer = self.answer(port, now_ms);
        if let Answer::Page { container, cache } = answer {
            let line = if cache {
                "INFO GET / 200 (cache: connected)".to_string()
            } else {
                format!(
                    "WARNING cache unavailable: Error -2 connecting to {CACHE_HOST}:{CACHE_PORT}. Name or service not known."
                )
            };
            if let Some(c) = self.containers.iter_mut().find(|c| c.id == container) {
                c.log(line);
            }
        }
        answer
    }

    /// What a request for `/` to the host's `port` would get at `now_ms`.
    pub fn answer(&self, port: u16, now_ms: u64) -> Answer {
        let listener = self.net.network.machine(self.net.server).and_then(|m| m.listener(port)).cloned();
        match listener.as_deref() {
            None => return Answer::Refused,
            Some(PROXY) => {}
            Some(_) => return Answer::NotHttp,
        }
        let Some(at) = self.containers.iter().position(|c| c.running() && c.ports.iter().any(|p| p.0 == port)) else {
            return Answer::Refused;
        };
        let inside = self.containers[at].ports.iter().find(|p| p.0 == port).map_or(0, |p| p.1);
        let c = &self.containers[at];
        if now_ms < c.ready_at_ms || c.app.port() != Some(inside) {
            return Answer::Reset;
        }
        if !matches!(c.app, App::Shop { .. }) {
            return Answer::NotHttp;
        }
        Answer::Page { container: c.id, cache: self.cache_seen_by(at, now_ms) }
    }

    /// The address a container finds for `name` (`getent hosts`), by the network's DNS.
    pub fn resolve(&self, from: usize, name: &str) -> Option<Ipv4Addr> {
        let c = self.containers.get(from)?;
        let dns = self.networks.iter().any(|n| n.name == c.network && n.has_dns());
        dns.then(|| self.containers.iter().find(|o| o.running() && o.name == name && o.network == c.network))
            .flatten()
            .map(|o| o.address)
    }

    /// Whether the container at `at` reaches a ready cache by the name its settings give.
    fn cache_seen_by(&self, at: usize, now_ms: u64) -> bool {
        self.resolve(at, CACHE_HOST).is_some_and(|address| {
            self.containers.iter().any(|o| o.address == address && o.app == App::Cache && now_ms >= o.ready_at_ms)
        })
    }

    /// A name like Docker's own (`adjective_scientist`), for a container given none.
    fn random_name(&self, id: u64) -> String {
        const ADJECTIVES: [&str; 8] = ["brave", "calm", "eager", "gentle", "keen", "quiet", "sharp", "vivid"];
        const SCIENTISTS: [&str; 8] =
            ["curie", "hopper", "lovelace", "noether", "ritchie", "shannon", "torvalds", "turing"];
        let pick = |n: u64, len: usize| (n % len as u64) as usize;
        let mut n = id;
        loop {
            let name = format!("{}_{}", ADJECTIVES[pick(n, 8)], SCIENTISTS[pick(n >> 8, 8)]);
            if self.containers.iter().all(|c| c.name != name) {
                return name;
            }
            n = mix(n, 9);
        }
    }
}

/// Docker's rule for container and network names.
fn valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphanumeric())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
        && name.len() <= 64
}

/// A 64-hex-digit ID, as Docker prints in full.
pub fn long_id(id: u64) -> String {
    format!("{:016x}{:016x}{:016x}{:016x}", id, mix(id, 1), mix(id, 2), mix(id, 3))
}

/// The lab's wall clock: the simulated day starts at 09:00:00 UTC on 2 December 2026.
fn clock(now_ms: u64) -> (u64, u64, u64, u64) {
    let s = 9 * 3_600 + now_ms / 1_000;
    ((s / 3_600) % 24, (s / 60) % 60, s % 60, now_ms % 1_000)
}

fn gunicorn(now_ms: u64, text: &str) -> String {
    let (h, m, s, _) = clock(now_ms);
    format!("[2026-12-02 {h:02}:{m:02}:{s:02} +0000] [1] [INFO] {text}")
}

fn redis_time(now_ms: u64) -> String {
    let (h, m, s, ms) = clock(now_ms);
    format!("02 Dec 2026 {h:02}:{m:02}:{s:02}.{ms:03}")
}

fn iso_time(now_ms: u64) -> String {
    let (h, m, s, ms) = clock(now_ms);
    format!("2026-12-02 {h:02}:{m:02}:{s:02}.{ms:03}")
}
