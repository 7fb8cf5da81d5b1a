//! Chapter 7's lab: a terminal on the laptop of chapter 4's network, and the rented server
//! (`203.0.113.10`, host name `web-1`) it reaches by SSH to deploy a new version of the app.
//!
//! Connections go through chapter 4's [`HomeAndServer`] network (the home router's NAT, the
//! server's firewall and listeners) and names through its [`Dns`], so a closed port 22 times
//! out because the firewall drops the packets, and a stopped sshd is refused because nothing
//! listens. Then the handshake: the key exchange, the server's host key checked against the
//! laptop's `known_hosts` (asked on first connect, refused when it changed), and the user's key
//! checked against the server's `authorized_keys` (password login is off). On the server a few
//! commands: look around, `git pull`, `systemctl`, `journalctl`, `ufw`, `exit`.
//!
//! Keys are numbers standing for key material; fingerprints are derived from them, not computed
//! with real cryptography. The laptop's `~/.ssh/config` sets `ConnectTimeout 10` (the network's
//! `CONNECT_TIMEOUT_MS`) and `IdentitiesOnly yes`, so a key given with `-i` is the only one
//! tried. Left out: passwords and passphrases, agents, port forwarding, remote commands on the
//! `ssh` line, file transfer, editing files.
//!
//! `connect` holds the laptop's side (ssh and its handshake, keys), `server` the server's
//! services, journal and firewall, `files` what `ls`, `cat` and `cd` see.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use serde::{Deserialize, Serialize};

mod connect;
mod files;
mod server;

use files::tilde;
use server::Server;

use super::parse::words;
use super::screen::{LineKind, Screen};
use super::{mix, Hint};
use crate::sim::metrics::{Metric, Sample};
use crate::sim::net::dns::{parse_name, Dns, Latency, Record, RecordData, Zone};
use crate::sim::net::network::{HomeAndServer, Outcome, SERVER};

pub const SSH_PORT: u16 = 22;
/// The app serves users over HTTPS.
pub const APP_PORT: u16 = 443;
/// The name that points at the server.
pub const SITE: &str = "example.com";
pub const SERVER_HOST_NAME: &str = "web-1";
/// The only account on the server that takes a key.
pub const DEPLOY_USER: &str = "deploy";
/// Ports the server's firewall lets in when it is (re)built.
const OPEN_PORTS: [u16; 3] = [SSH_PORT, 80, APP_PORT];
/// The laptop's default key, the one the provider put on the server.
const DEFAULT_KEY: &str = "id_ed25519";
const LAPTOP_HOME: &str = "/home/you";
const SERVER_HOME: &str = "/home/deploy";
/// Journal lines the server keeps.
const MAX_JOURNAL: usize = 200;
/// Key pairs the laptop keeps (`ssh-keygen` refuses more).
const MAX_KEYS: usize = 8;
/// The simulated day starts at 09:00:00 UTC on Wednesday 2 December 2026.
const DAY_START_S: u64 = 9 * 3_600;

/// An app version, `major.minor.patch`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Version(pub u16, pub u16, pub u16);

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SshScenario {
    /// The version the server runs and has checked out at the start.
    pub running: Version,
    /// The version waiting in the app's git repository.
    pub released: Version,
}

impl SshScenario {
    pub fn chapter_seven() -> SshScenario {
        SshScenario { running: Version(1, 4, 0), released: Version(1, 5, 0) }
    }
}

/// The steps of an SSH connection, in order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Stage {
    /// A TCP connection to port 22.
    Tcp,
    /// Both sides agree a shared secret; everything after is encrypted.
    KeyExchange,
    /// The server proves it is the server: its host key against `known_hosts`.
    HostKey,
    /// The user proves who they are: a signature with their key against `authorized_keys`.
    UserAuth,
    /// The shell.
    Session,
}

impl Stage {
    pub const ALL: [Stage; 5] = [Stage::Tcp, Stage::KeyExchange, Stage::HostKey, Stage::UserAuth, Stage::Session];
}

/// How far the latest connection attempt got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Handshake {
    pub stage: Stage,
    pub state: StageState,
    /// How long ssh waited for the TCP connection, in ms.
    pub waited_ms: u64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StageState {
    Passed,
    Failed,
    /// Waiting for the learner's answer (the host-key question).
    Asking,
}

/// What happened, for the event log and the chapter's prediction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum SshEvent {
    LoggedIn,
    LoggedOut,
    /// Logged out, and no new login is possible.
    LockedOut,
    HostKeySaved,
    HostKeyRefused,
    HostKeyChanged,
    /// The connection to port 22 timed out (port closed in the firewall: `firewall` is true).
    TimedOut {
        firewall: bool,
    },
    Refused,
    PermissionDenied,
    NoSuchHost,
    Pulled {
        version: Version,
    },
    Restarted {
        version: Version,
    },
    /// `systemctl status app` after a restart.
    Checked {
        version: Version,
        deployed: bool,
    },
    FirewallChanged {
        port: u16,
        open: bool,
    },
    SshdChanged {
        running: bool,
    },
    KeyMade,
    KeyCopied,
    ServerRebuilt,
}

/// A key pair on the laptop: its file in `~/.ssh` (the public half adds `.pub`) and a number
/// standing for the key.
#[derive(Clone, Debug, PartialEq, Eq)]
struct KeyPair {
    file: String,
    key: u64,
}

/// Where the terminal's commands run.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Place {
    Laptop,
    /// Connected but waiting for the answer to the host-key question.
    Asking(Login),
    /// Logged in to the server, in this directory.
    Server {
        cwd: String,
    },
}

/// A connection attempt that has reached the host-key question.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Login {
    user: String,
    /// The host as typed, as `known_hosts` records it.
    host: String,
    address: Ipv4Addr,
    key: Option<u64>,
    /// Set for `ssh-copy-id`: the public key to install once logged in.
    install: Option<u64>,
}

/// What one typed line did: the events to log and how long the terminal waited for it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ran {
    pub events: Vec<SshEvent>,
    pub took_ms: u64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SshLab {
    scenario: SshScenario,
    seed: u64,
    pub net: HomeAndServer,
    dns: Dns,
    screen: Screen,
    place: Place,
    keys: Vec<KeyPair>,
    known_hosts: Vec<(String, u64)>,
    server: Server,
    rebuilds: u64,
    handshake: Option<Handshake>,
    lines_run: u64,
}

impl SshLab {
    pub fn new(scenario: SshScenario, seed: u64) -> SshLab {
        let mut net = HomeAndServer::new();
        if let Some(machine) = net.network.machine_mut(net.server) {
            machine.firewall = Some(OPEN_PORTS.to_vec());
        }
        // A fresh network: nothing listens on 443 yet.
        let _ = net.network.listen(net.server, APP_PORT, "web");
        let dns = laptop_dns(&mut net);
        let laptop_key = mix(seed, 1);
        let server = Server::new(&scenario, mix(seed, 0), laptop_key, 0);
        SshLab {
            scenario,
            seed,
            net,
            dns,
            screen: Screen::default(),
            place: Place::Laptop,
            keys: vec![KeyPair { file: DEFAULT_KEY.to_string(), key: laptop_key }],
            known_hosts: Vec::new(),
            server,
            rebuilds: 0,
            handshake: None,
            lines_run: 0,
        }
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// The prompt before the input: the user, the machine and the directory, or nothing while a
    /// question waits for its answer.
    pub fn prompt(&self) -> String {
        match &self.place {
            Place::Laptop => "you@laptop:~$ ".to_string(),
            Place::Asking(_) => String::new(),
            Place::Server { cwd } => format!("{DEPLOY_USER}@{SERVER_HOST_NAME}:{}$ ", tilde(cwd, SERVER_HOME)),
        }
    }

    pub fn on_server(&self) -> bool {
        matches!(self.place, Place::Server { .. })
    }

    pub fn handshake(&self) -> Option<Handshake> {
        self.handshake
    }

    /// The version the app runs.
    pub fn running(&self) -> Version {
        self.server.running
    }

    /// The new version runs, and `systemctl status` was read after its restart.
    pub fn deployed(&self) -> bool {
        self.server.running == self.scenario.released && self.server.restarted && self.server.checked
    }

    pub fn port_open(&self, port: u16) -> bool {
        let machine = self.net.network.machine(self.net.server);
        machine.is_some_and(|m| m.firewall.as_ref().is_none_or(|open| open.contains(&port)))
    }

    /// sshd listens on port 22 (what `systemctl start|stop ssh` changes in the network).
    pub fn sshd_running(&self) -> bool {
        self.net.network.machine(self.net.server).is_some_and(|m| m.listener(SSH_PORT).is_some())
    }

    /// Whether a new `ssh` from the laptop would reach sshd now, through the network.
    pub fn login_possible(&mut self, now_ms: u64) -> bool {
        let to = SocketAddr::new(IpAddr::V4(SERVER), SSH_PORT);
        let trace = self.net.network.connect(self.net.laptop, to, now_ms);
        matches!(trace.outcome, Outcome::Connected { ref service, .. } if service == "sshd")
    }

    /// Words Tab may complete the last word of `line` with, in the place the terminal is.
    pub fn candidates(&self, line: &str) -> Vec<String> {
        let typed = words(line).unwrap_or_default();
        let first = line.trim_start().contains([' ', '\t']);
        let commands: &[&str] = match self.place {
            Place::Laptop => &LAPTOP_COMMANDS,
            Place::Asking(_) => &["no", "yes"],
            Place::Server { .. } => &SERVER_COMMANDS,
        };
        if !first {
            return commands.iter().map(|c| c.to_string()).collect();
        }
        let args: &[&str] = match typed.iter().find(|w| *w != "sudo").map(String::as_str) {
            Some("ssh" | "ssh-copy-id") => &["deploy@203.0.113.10", "deploy@example.com", "-i", "-p"],
            Some("git") => &["pull", "log", "status"],
            Some("systemctl") => &["restart", "start", "status", "stop", "app", "ssh"],
            Some("journalctl") => &["-u", "app", "ssh"],
            Some("ufw") => &["allow", "deny", "status"],
            // After `sudo ` comes a command.
            None => commands,
            _ => &[],
        };
        let mut candidates: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        candidates.extend(self.paths());
        candidates
    }

    /// File and directory names the current machine's commands may be given.
    fn paths(&self) -> Vec<String> {
        match &self.place {
            Place::Laptop => self
                .keys
                .iter()
                .flat_map(|k| [format!("~/.ssh/{}", k.file), format!("~/.ssh/{}.pub", k.file)])
                .collect(),
            Place::Asking(_) => Vec::new(),
            Place::Server { cwd } => self
                .server_files()
                .into_iter()
                .filter_map(|(path, _)| {
                    path.strip_prefix(&format!("{cwd}/")).map(|p| p.split('/').next().unwrap_or(p).to_string())
                })
                .collect(),
        }
    }

    /// Runs one typed line at `now_ms`.
    pub fn enter(&mut self, line: &str, now_ms: u64) -> Ran {
        self.lines_run += 1;
        let line = self.screen.echo(&self.prompt(), line);
        if let Place::Asking(login) = &self.place {
            let login = login.clone();
            return self.answer_host_key(login, line.trim(), now_ms);
        }
        let Some(words) = self.screen.words(line) else { return Ran::default() };
        let Some((command, args)) = words.split_first() else { return Ran::default() };
        match self.place {
            Place::Server { .. } => self.on_server_run(command, args, now_ms),
            _ => self.on_laptop_run(command, args, now_ms),
        }
    }

    /// Ctrl+C: the typed text is dropped, and a waiting question is answered with nothing.
    pub fn interrupt(&mut self, typed: &str) {
        self.screen.echo_interrupt(&self.prompt(), typed);
        if matches!(self.place, Place::Asking(_)) {
            self.place = Place::Laptop;
            self.handshake = self.handshake.map(|h| Handshake { state: StageState::Failed, ..h });
        }
    }

    /// `clear`.
    pub fn clear(&mut self) {
        self.screen.clear();
    }

    fn on_laptop_run(&mut self, command: &str, args: &[String], now_ms: u64) -> Ran {
        match command {
            "ssh" => return self.ssh(args, None, now_ms),
            "ssh-copy-id" => return self.ssh_copy_id(args, now_ms),
            "ssh-keygen" => return Ran { events: self.ssh_keygen(args).into_iter().collect(), took_ms: 0 },
            "ls" => self.ls(args, LAPTOP_HOME, LAPTOP_HOME),
            "cat" => self.cat(args, LAPTOP_HOME, LAPTOP_HOME),
            "clear" => self.clear(),
            "help" => self.help("ssh, ssh-keygen, ssh-copy-id, ls, cat, clear, help"),
            "exit" | "logout" => self.screen.hint(Hint::StaysOpen),
            "sudo" => match args.split_first() {
                Some((command, args)) => return self.on_laptop_run(command, args, now_ms),
                None => self.usage("usage: sudo command"),
            },
            _ => self.not_found("bash", command, SERVER_COMMANDS.contains(&command)),
        }
        Ran::default()
    }

    fn on_server_run(&mut self, command: &str, args: &[String], now_ms: u64) -> Ran {
        let cwd = match &self.place {
            Place::Server { cwd } => cwd.clone(),
            _ => SERVER_HOME.to_string(),
        };
        let (command, args, root) = match (command, args.split_first()) {
            ("sudo", Some((command, args))) => (command.as_str(), args, true),
            ("sudo", None) => {
                self.usage("usage: sudo command");
                return Ran::default();
            }
            _ => (command, args, false),
        };
        let mut events = Vec::new();
        match command {
            "exit" | "logout" => return self.log_out(now_ms),
            "ls" => self.ls(args, &cwd, SERVER_HOME),
            "cat" => self.cat(args, &cwd, SERVER_HOME),
            "cd" => self.cd(args, &cwd),
            "pwd" => self.screen.out(&cwd),
            "whoami" => self.screen.out(if root { "root" } else { DEPLOY_USER }),
            "hostname" => self.screen.out(SERVER_HOST_NAME),
            "clear" => self.clear(),
            "help" => {
                self.help("ls, cd, pwd, cat, git pull, systemctl, journalctl -u app, ufw, sudo, whoami, hostname, exit")
            }
            "git" => events.extend(self.git(args, &cwd)),
            "systemctl" => events.extend(self.systemctl(args, root, now_ms)),
            "journalctl" => self.journalctl(args),
            "ufw" => events.extend(self.ufw(args, root)),
            _ => self.not_found("-bash", command, LAPTOP_COMMANDS.contains(&command)),
        }
        if events.iter().any(|e| {
            matches!(
                e,
                SshEvent::FirewallChanged { port: SSH_PORT, open: false } | SshEvent::SshdChanged { running: false }
            )
        }) {
            self.screen.hint(Hint::LockoutRisk);
        }
        Ran { events, took_ms: 0 }
    }

    fn not_found(&mut self, shell: &str, command: &str, elsewhere: bool) {
        self.screen.err(&format!("{shell}: {command}: command not found"));
        self.screen.hint(if elsewhere { Hint::WrongMachine } else { Hint::CommandNotFound });
    }

    fn usage(&mut self, usage: &str) {
        self.screen.err(usage);
        self.screen.hint(Hint::Usage);
    }

    fn help(&mut self, commands: &str) {
        self.screen.out(commands);
        self.screen.hint(Hint::Help);
    }

    /// The second's figures.
    pub fn measure(&mut self, now_ms: u64, sample: &mut Sample) {
        let flag = |on: bool| if on { 100.0 } else { 0.0 };
        sample.set(Metric::DeployVerified, flag(self.deployed()));
        let possible = self.login_possible(now_ms);
        sample.set(Metric::SshLoginPossible, flag(possible));
        if let Some(handshake) = self.handshake {
            sample.set(Metric::SshWaitMs, handshake.waited_ms as f64);
        }
    }

    /// Figures that two equal runs share, for the world's digest.
    pub fn fingerprint(&self) -> [u64; 6] {
        let version = |v: Version| u64::from(v.0) << 32 | u64::from(v.1) << 16 | u64::from(v.2);
        [
            self.lines_run,
            self.screen.printed(),
            self.server.host_key ^ self.known_hosts.iter().fold(0u64, |acc, (_, k)| acc.rotate_left(7) ^ k),
            version(self.server.running),
            self.server.authorized.len() as u64 | (self.keys.len() as u64) << 8,
            u64::from(self.deployed()) | u64::from(self.on_server()) << 1 | u64::from(self.sshd_running()) << 2,
        ]
    }
}

/// The commands of each machine, in the order Tab lists them; also how "wrong machine" is told
/// from "no such command".
const LAPTOP_COMMANDS: [&str; 7] = ["cat", "clear", "help", "ls", "ssh", "ssh-copy-id", "ssh-keygen"];
const SERVER_COMMANDS: [&str; 14] = [
    "cat",
    "cd",
    "clear",
    "exit",
    "git",
    "help",
    "hostname",
    "journalctl",
    "ls",
    "pwd",
    "sudo",
    "systemctl",
    "ufw",
    "whoami",
];

/// The laptop's resolver, holding example.com's zone pointing at the server.
fn laptop_dns(net: &mut HomeAndServer) -> Dns {
    let name = |text: &str| parse_name(text).unwrap_or_else(|_| unreachable!("the lab's names are valid"));
    let zone = Zone {
        origin: name(SITE),
        records: vec![Record { name: name(SITE), ttl_s: 3_600, data: RecordData::A(SERVER) }],
        negative_ttl_s: 300,
    };
    let mut round_trip = |a, b| u64::from(net.network.topology.path_ms(a, b).unwrap_or(0)) * 2;
    let latency = Latency {
        resolver: round_trip(net.laptop, net.home_resolver),
        root: round_trip(net.home_resolver, net.root),
        tld: round_trip(net.home_resolver, net.tld),
        authoritative: round_trip(net.home_resolver, net.authoritative),
    };
    Dns::new(vec![zone], latency)
}
