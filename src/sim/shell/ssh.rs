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
//! [`CONNECT_TIMEOUT_MS`]) and `IdentitiesOnly yes`, so a key given with `-i` is the only one
//! tried. Left out: passwords and passphrases, agents, port forwarding, remote commands on the
//! `ssh` line, file transfer, editing files.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use serde::{Deserialize, Serialize};

use super::parse::{cap_line, options, words, OptionError, Options, ParseError};
use super::screen::{LineKind, Screen};
use super::Hint;
use crate::sim::metrics::{Metric, Sample};
use crate::sim::net::dns::{parse_name, Answer, Dns, Latency, Record, RecordData, RecordType, Zone};
use crate::sim::net::network::{HomeAndServer, Outcome, CONNECT_TIMEOUT_MS, ROUTER_PUBLIC, SERVER};

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

/// The rented server.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Server {
    host_key: u64,
    /// `deploy`'s `~/.ssh/authorized_keys`.
    authorized: Vec<u64>,
    sshd: bool,
    /// Ports the learner denied with `ufw deny` (listed by `ufw status`).
    denied: Vec<u16>,
    checked_out: Version,
    running: Version,
    pid: u32,
    started_ms: u64,
    /// Restarted since the latest pull, on the version checked out.
    restarted: bool,
    /// `systemctl status app` was read after that restart.
    checked: bool,
    journal: Vec<(u64, String)>,
}

impl Server {
    fn new(scenario: &SshScenario, host_key: u64, laptop_key: u64, now_ms: u64) -> Server {
        let mut server = Server {
            host_key,
            authorized: vec![laptop_key],
            sshd: true,
            denied: Vec::new(),
            checked_out: scenario.running,
            running: scenario.running,
            pid: 812,
            started_ms: now_ms,
            restarted: false,
            checked: false,
            journal: Vec::new(),
        };
        server.log(now_ms, "systemd[1]: Started app.service - Example web app.");
        let pid = server.pid;
        let running = server.running;
        server.log(now_ms, &format!("python3[{pid}]: app {running} listening on port {APP_PORT}"));
        server
    }

    fn log(&mut self, now_ms: u64, line: &str) {
        if self.journal.len() == MAX_JOURNAL {
            self.journal.remove(0);
        }
        self.journal.push((now_ms, line.to_string()));
    }
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

    pub fn released(&self) -> Version {
        self.scenario.released
    }

    /// The new version runs, and `systemctl status` was read after its restart.
    pub fn deployed(&self) -> bool {
        self.server.running == self.scenario.released && self.server.restarted && self.server.checked
    }

    pub fn port_open(&self, port: u16) -> bool {
        let machine = self.net.network.machine(self.net.server);
        machine.is_some_and(|m| m.firewall.as_ref().is_none_or(|open| open.contains(&port)))
    }

    pub fn sshd_running(&self) -> bool {
        self.server.sshd
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
            Place::Laptop => &["cat", "clear", "help", "ls", "ssh", "ssh-copy-id", "ssh-keygen"],
            Place::Asking(_) => &["no", "yes"],
            Place::Server { .. } => &[
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
            ],
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
            Some("sudo") => commands,
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
        let (line, cut) = cap_line(line);
        let prompt = self.prompt();
        self.screen.print(LineKind::Typed, format!("{prompt}{line}"));
        if cut {
            self.screen.hint(Hint::LineCut);
        }
        if let Place::Asking(login) = &self.place {
            let login = login.clone();
            return self.answer_host_key(login, line.trim(), now_ms);
        }
        let words = match words(line) {
            Ok(words) => words,
            Err(ParseError::UnclosedQuote(quote)) => {
                self.screen.err(&format!("bash: unexpected EOF while looking for matching `{quote}'"));
                self.screen.hint(Hint::UnclosedQuote);
                return Ran::default();
            }
        };
        let Some((command, args)) = words.split_first() else { return Ran::default() };
        match self.place {
            Place::Server { .. } => self.on_server_run(command, args, now_ms),
            _ => self.on_laptop_run(command, args, now_ms),
        }
    }

    /// Ctrl+C: the typed text is dropped, and a waiting question is answered with nothing.
    pub fn interrupt(&mut self, typed: &str) {
        let (typed, _) = cap_line(typed);
        let prompt = self.prompt();
        self.screen.print(LineKind::Typed, format!("{prompt}{typed}^C"));
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

    /// `ssh [-p port] [-i key] user@host`; `install` is set by `ssh-copy-id`.
    fn ssh(&mut self, args: &[String], install: Option<u64>, now_ms: u64) -> Ran {
        const USAGE: &str = "usage: ssh [-p port] [-i identity_file] destination";
        let parsed = match options(args, "pil", "") {
            Ok(parsed) => parsed,
            Err(OptionError::Unknown(flag)) => {
                self.usage(&format!("ssh: unknown option -- {flag}\n{USAGE}"));
                return Ran::default();
            }
            Err(OptionError::MissingValue(flag)) => {
                self.usage(&format!("ssh: option requires an argument -- {flag}\n{USAGE}"));
                return Ran::default();
            }
        };
        let [destination] = parsed.operands.as_slice() else {
            let extra = if parsed.operands.len() > 1 { "\n(the lab's ssh runs no remote command)" } else { "" };
            self.usage(&format!("{USAGE}{extra}"));
            return Ran::default();
        };
        let Some(port) = port_of(&parsed) else {
            self.usage(&format!("Bad port '{}'", parsed.value('p').unwrap_or_default()));
            return Ran::default();
        };
        // As OpenSSH: `user@host`, else `-l user`, else the laptop's own user name.
        let (user, host) = match destination.split_once('@') {
            Some((user, host)) => (user.to_string(), host.to_string()),
            None => (parsed.value('l').unwrap_or("you").to_string(), destination.clone()),
        };
        let key = match self.identity(&parsed) {
            Ok(key) => key,
            Err(file) => {
                self.screen.err(&format!("Warning: Identity file {file} not accessible: No such file or directory."));
                None
            }
        };
        self.handshake = None;
        let Some(address) = self.resolve(&host, now_ms) else {
            self.screen.err(&format!("ssh: Could not resolve hostname {host}: Name or service not known"));
            self.screen.hint(Hint::NoSuchHost);
            return Ran { events: vec![SshEvent::NoSuchHost], took_ms: 0 };
        };
        let to = SocketAddr::new(IpAddr::V4(address), port);
        let trace = self.net.network.connect(self.net.laptop, to, now_ms);
        let waited_ms = trace.outcome.waited_ms();
        let fail = |lab: &mut SshLab, stage, text: String, hint, event| {
            lab.handshake = Some(Handshake { stage, state: StageState::Failed, waited_ms });
            lab.screen.err(&text);
            lab.screen.hint(hint);
            Ran { events: vec![event], took_ms: waited_ms }
        };
        match trace.outcome {
            Outcome::TimedOut { .. } => {
                let firewall = address == SERVER && !self.port_open(port);
                let text = format!("ssh: connect to host {host} port {port}: Connection timed out");
                fail(self, Stage::Tcp, text, Hint::TimedOut, SshEvent::TimedOut { firewall })
            }
            Outcome::Refused { .. } => {
                let text = format!("ssh: connect to host {host} port {port}: Connection refused");
                fail(self, Stage::Tcp, text, Hint::Refused, SshEvent::Refused)
            }
            Outcome::Connected { service, .. } if service != "sshd" => {
                let text = format!(
                    "kex_exchange_identification: Connection closed by remote host\nConnection closed by {address} port {port}"
                );
                fail(self, Stage::KeyExchange, text, Hint::NotSsh, SshEvent::Refused)
            }
            Outcome::Connected { .. } => {
                let login = Login { user, host, address, key, install };
                self.check_host_key(login, waited_ms, now_ms)
            }
        }
    }

    /// The key `-i` names (`Err` with the file when it does not exist), or the default key.
    fn identity(&self, parsed: &Options) -> Result<Option<u64>, String> {
        let Some(file) = parsed.value('i') else {
            return Ok(self.keys.iter().find(|k| k.file == DEFAULT_KEY).map(|k| k.key));
        };
        let name = key_file_name(file);
        let key = self.keys.iter().find(|k| Some(k.file.as_str()) == name.as_deref());
        key.map(|k| Some(k.key)).ok_or_else(|| file.to_string())
    }

    fn resolve(&mut self, host: &str, now_ms: u64) -> Option<Ipv4Addr> {
        if let Ok(address) = host.parse::<Ipv4Addr>() {
            return Some(address);
        }
        let name = parse_name(host).ok()?;
        match self.dns.lookup(&name, RecordType::A, now_ms).answer {
            Answer::Found { records, .. } => records.iter().find_map(|r| match r.data {
                RecordData::A(address) => Some(address),
                _ => None,
            }),
            Answer::NxDomain | Answer::NoData | Answer::CnameLoop => None,
        }
    }

    fn check_host_key(&mut self, login: Login, waited_ms: u64, now_ms: u64) -> Ran {
        let key = self.server.host_key;
        let saved = self.known_hosts.iter().position(|(host, _)| *host == login.host);
        match saved.map(|at| self.known_hosts[at].1) {
            Some(saved) if saved == key => self.authenticate(login, waited_ms, now_ms),
            Some(_) => {
                let line = saved.map_or(0, |at| at + 1);
                self.handshake = Some(Handshake { stage: Stage::HostKey, state: StageState::Failed, waited_ms });
                self.screen.err(&changed_warning(&login.host, &fingerprint(key), line));
                self.screen.hint(Hint::HostKeyChanged);
                Ran { events: vec![SshEvent::HostKeyChanged], took_ms: waited_ms }
            }
            None => {
                self.handshake = Some(Handshake { stage: Stage::HostKey, state: StageState::Asking, waited_ms });
                let mut question = format!(
                    "The authenticity of host '{} ({})' can't be established.\nED25519 key fingerprint is {}.\n",
                    login.host,
                    login.address,
                    fingerprint(key)
                );
                let others: Vec<String> = (self.known_hosts.iter().enumerate())
                    .filter(|(_, (_, k))| *k == key)
                    .map(|(at, (host, _))| format!("    ~/.ssh/known_hosts:{}: {host}", at + 1))
                    .collect();
                if others.is_empty() {
                    question.push_str("This key is not known by any other names.\n");
                } else {
                    question.push_str("This host key is known by the following other names/addresses:\n");
                    question.push_str(&others.join("\n"));
                    question.push('\n');
                }
                question.push_str("Are you sure you want to continue connecting (yes/no/[fingerprint])?");
                self.screen.out(&question);
                self.screen.hint(Hint::HostKeyQuestion);
                self.place = Place::Asking(login);
                Ran { events: Vec::new(), took_ms: waited_ms }
            }
        }
    }

    fn answer_host_key(&mut self, login: Login, answer: &str, now_ms: u64) -> Ran {
        let key = self.server.host_key;
        let waited_ms = self.handshake.map_or(0, |h| h.waited_ms);
        if answer == "yes" || answer == fingerprint(key) {
            self.known_hosts.push((login.host.clone(), key));
            self.screen
                .err(&format!("Warning: Permanently added '{}' (ED25519) to the list of known hosts.", login.host));
            let mut ran = self.authenticate(login, waited_ms, now_ms);
            ran.events.insert(0, SshEvent::HostKeySaved);
            ran.took_ms = 0;
            return ran;
        }
        if answer == "no" {
            self.place = Place::Laptop;
            self.handshake = Some(Handshake { stage: Stage::HostKey, state: StageState::Failed, waited_ms });
            self.screen.err("Host key verification failed.");
            self.screen.hint(Hint::HostKeyRefused);
            return Ran { events: vec![SshEvent::HostKeyRefused], took_ms: 0 };
        }
        self.screen.out("Please type 'yes', 'no' or the fingerprint:");
        Ran::default()
    }

    fn authenticate(&mut self, login: Login, waited_ms: u64, now_ms: u64) -> Ran {
        let accepted = login.user == DEPLOY_USER && login.key.is_some_and(|k| self.server.authorized.contains(&k));
        if !accepted {
            self.place = Place::Laptop;
            self.handshake = Some(Handshake { stage: Stage::UserAuth, state: StageState::Failed, waited_ms });
            self.screen.err(&format!("{}@{}: Permission denied (publickey).", login.user, login.host));
            self.screen.hint(Hint::PermissionDenied);
            return Ran { events: vec![SshEvent::PermissionDenied], took_ms: waited_ms };
        }
        self.handshake = Some(Handshake { stage: Stage::Session, state: StageState::Passed, waited_ms });
        if let Some(new_key) = login.install {
            self.place = Place::Laptop;
            let added = usize::from(!self.server.authorized.contains(&new_key));
            if added == 1 {
                self.server.authorized.push(new_key);
            }
            self.screen.out(&format!(
                "\nNumber of key(s) added: {added}\n\nNow try logging into the machine, with: \"ssh '{}@{}'\"\nand check to make sure that only the key(s) you wanted were added.",
                login.user, login.host
            ));
            return Ran { events: vec![SshEvent::KeyCopied], took_ms: waited_ms };
        }
        self.place = Place::Server { cwd: SERVER_HOME.to_string() };
        self.screen.out(&format!(
            "Linux {SERVER_HOST_NAME} 6.8.0 x86_64\nLast login: {} from {ROUTER_PUBLIC}",
            clock_text(now_ms)
        ));
        Ran { events: vec![SshEvent::LoggedIn], took_ms: waited_ms }
    }

    fn log_out(&mut self, now_ms: u64) -> Ran {
        self.place = Place::Laptop;
        self.screen.out(&format!("logout\nConnection to {SERVER} closed."));
        if self.login_possible(now_ms) {
            return Ran { events: vec![SshEvent::LoggedOut], took_ms: 0 };
        }
        self.screen.hint(Hint::LockedOut);
        Ran { events: vec![SshEvent::LoggedOut, SshEvent::LockedOut], took_ms: 0 }
    }

    /// `ssh-copy-id [-i key.pub] [-p port] user@host`: logs in with the key that works and
    /// adds the public key to `authorized_keys`.
    fn ssh_copy_id(&mut self, args: &[String], now_ms: u64) -> Ran {
        let parsed = match options(args, "ip", "") {
            Ok(parsed) => parsed,
            Err(_) => {
                self.usage("Usage: /usr/bin/ssh-copy-id [-i [identity_file]] [-p port] [user@]hostname");
                return Ran::default();
            }
        };
        let file = parsed.value('i').unwrap_or("~/.ssh/id_ed25519.pub");
        let name = key_file_name(file.strip_suffix(".pub").unwrap_or(file));
        let Some(new_key) = self.keys.iter().find(|k| Some(k.file.as_str()) == name.as_deref()).map(|k| k.key) else {
            self.screen.err(&format!("/usr/bin/ssh-copy-id: ERROR: failed to open ID file '{file}': No such file"));
            self.screen.hint(Hint::Usage);
            return Ran::default();
        };
        self.screen.out(&format!(
            "/usr/bin/ssh-copy-id: INFO: Source of key(s) to be installed: \"{}\"",
            file.replace('~', LAPTOP_HOME)
        ));
        // Logs in as ssh would, with the default key.
        let mut ssh_args: Vec<String> = Vec::new();
        if let Some(port) = parsed.value('p') {
            ssh_args.extend(["-p".to_string(), port.to_string()]);
        }
        ssh_args.extend(parsed.operands.iter().cloned());
        self.ssh(&ssh_args, Some(new_key), now_ms)
    }

    /// `ssh-keygen -t ed25519 -f FILE` makes a key pair; `ssh-keygen -R HOST` forgets a host.
    fn ssh_keygen(&mut self, args: &[String]) -> Option<SshEvent> {
        const USAGE: &str =
            "usage: ssh-keygen [-t ed25519] [-f output_keyfile] [-N new_passphrase]\n       ssh-keygen -R hostname";
        let Ok(parsed) = options(args, "tfNRC", "q") else {
            self.usage(USAGE);
            return None;
        };
        if let Some(host) = parsed.value('R') {
            let before = self.known_hosts.len();
            let found: Vec<usize> = (0..before).filter(|at| self.known_hosts[*at].0 == host).collect();
            self.known_hosts.retain(|(h, _)| h != host);
            for at in found {
                self.screen.out(&format!("# Host {host} found: line {}", at + 1));
            }
            if self.known_hosts.len() < before {
                self.screen.out(&format!(
                    "{LAPTOP_HOME}/.ssh/known_hosts updated.\nOriginal contents retained as {LAPTOP_HOME}/.ssh/known_hosts.old"
                ));
            } else {
                self.screen.err(&format!("Host {host} not found in {LAPTOP_HOME}/.ssh/known_hosts"));
            }
            return None;
        }
        if parsed.value('t').is_some_and(|t| t != "ed25519") {
            self.usage("unknown key type (the lab makes ed25519 keys)");
            return None;
        }
        let file = parsed.value('f').unwrap_or("~/.ssh/id_ed25519");
        let Some(name) = key_file_name(file) else {
            self.usage("the lab keeps keys in ~/.ssh: ssh-keygen -t ed25519 -f ~/.ssh/NAME");
            return None;
        };
        if self.keys.iter().any(|k| k.file == name) {
            self.screen.err(&format!("{LAPTOP_HOME}/.ssh/{name} already exists."));
            self.screen.hint(Hint::Usage);
            return None;
        }
        if self.keys.len() >= MAX_KEYS {
            self.screen.err(&format!("ssh-keygen: the lab's laptop keeps at most {MAX_KEYS} keys"));
            return None;
        }
        let key = mix(self.seed, 2 + self.keys.len() as u64);
        self.keys.push(KeyPair { file: name.clone(), key });
        self.screen.out(&format!(
            "Generating public/private ed25519 key pair.\nYour identification has been saved in {LAPTOP_HOME}/.ssh/{name}\nYour public key has been saved in {LAPTOP_HOME}/.ssh/{name}.pub\nThe key fingerprint is:\n{} you@laptop",
            fingerprint(key)
        ));
        if parsed.value('N').is_none() {
            self.screen.hint(Hint::NoPassphrase);
        }
        Some(SshEvent::KeyMade)
    }

    fn git(&mut self, args: &[String], cwd: &str) -> Option<SshEvent> {
        if cwd != app_dir() {
            self.screen.err("fatal: not a git repository (or any of the parent directories): .git");
            self.screen.hint(Hint::Usage);
            return None;
        }
        let released = self.scenario.released;
        let server = &mut self.server;
        match args.first().map(String::as_str) {
            Some("pull") if server.checked_out == released => self.screen.out("Already up to date."),
            Some("pull") => {
                server.checked_out = released;
                server.restarted = false;
                server.checked = false;
                self.screen.out(
                    "From git.example.com:team/app\n   3f2c1a9..8d41e07  main       -> origin/main\nUpdating 3f2c1a9..8d41e07\nFast-forward\n VERSION | 2 +-\n app.py  | 6 ++++--\n 2 files changed, 5 insertions(+), 3 deletions(-)",
                );
                return Some(SshEvent::Pulled { version: released });
            }
            Some("status") => self.screen.out("On branch main\nYour branch is up to date with 'origin/main'.\n\nnothing to commit, working tree clean"),
            Some("log") => {
                let head = if server.checked_out == released { "8d41e07" } else { "3f2c1a9" };
                self.screen.out(&format!("{head} (HEAD -> main, origin/main) Release {}", server.checked_out));
            }
            _ => self.usage("usage: git pull | git status | git log (the lab's git)"),
        }
        None
    }

    fn systemctl(&mut self, args: &[String], root: bool, now_ms: u64) -> Option<SshEvent> {
        let (verb, unit) = match args {
            [verb, unit] => (verb.as_str(), unit.trim_end_matches(".service")),
            _ => {
                self.usage("usage: systemctl status|restart|stop|start UNIT");
                return None;
            }
        };
        let unit = match unit {
            "app" => "app",
            "ssh" | "sshd" => "ssh",
            other => {
                let text = match verb {
                    "status" => format!("Unit {other}.service could not be found."),
                    _ => format!("Failed to {verb} {other}.service: Unit {other}.service not found."),
                };
                self.screen.err(&text);
                self.screen.hint(Hint::Usage);
                return None;
            }
        };
        if verb == "status" {
            self.status(unit, now_ms);
            if unit == "app" && self.server.restarted && !self.server.checked {
                self.server.checked = true;
                let version = self.server.running;
                return Some(SshEvent::Checked { version, deployed: self.deployed() });
            }
            return None;
        }
        if !["restart", "start", "stop"].contains(&verb) {
            self.usage("usage: systemctl status|restart|stop|start UNIT");
            return None;
        }
        if !root {
            self.screen.err(&format!(
                "Failed to {verb} {unit}.service: Interactive authentication required.\nSee system logs and 'systemctl status {unit}.service' for details."
            ));
            self.screen.hint(Hint::NeedsSudo);
            return None;
        }
        match (unit, verb) {
            ("ssh", _) => {
                let running = verb != "stop";
                let changed = running != self.server.sshd;
                self.server.sshd = running;
                if let Some(machine) = self.net.network.machine_mut(self.net.server) {
                    machine.stop_listening(SSH_PORT);
                }
                if running {
                    let _ = self.net.network.listen(self.net.server, SSH_PORT, "sshd");
                }
                changed.then_some(SshEvent::SshdChanged { running })
            }
            (_, "stop") => {
                self.screen.hint(Hint::Usage);
                None
            }
            _ => Some(self.restart_app(now_ms)),
        }
    }

    fn restart_app(&mut self, now_ms: u64) -> SshEvent {
        let server = &mut self.server;
        server.log(now_ms, "systemd[1]: Stopping app.service - Example web app...");
        server.log(now_ms, "systemd[1]: app.service: Deactivated successfully.");
        server.log(now_ms, "systemd[1]: Stopped app.service - Example web app.");
        server.log(now_ms, "systemd[1]: Started app.service - Example web app.");
        server.pid += 101;
        server.running = server.checked_out;
        server.started_ms = now_ms;
        server.restarted = true;
        server.checked = false;
        let (pid, running) = (server.pid, server.running);
        server.log(now_ms, &format!("python3[{pid}]: app {running} listening on port {APP_PORT}"));
        self.screen.hint(Hint::Restarted);
        SshEvent::Restarted { version: running }
    }

    fn status(&mut self, unit: &str, now_ms: u64) {
        let server = &self.server;
        let (description, active, pid, process) = match unit {
            "app" => ("Example web app", true, server.pid, "python3"),
            _ => ("OpenBSD Secure Shell server", server.sshd, 701, "sshd"),
        };
        let mut text = format!(
            "● {unit}.service - {description}\n     Loaded: loaded (/usr/lib/systemd/system/{unit}.service; enabled; preset: enabled)\n"
        );
        if active {
            let since = if unit == "app" { server.started_ms } else { 0 };
            text.push_str(&format!(
                "     Active: active (running) since {}; {} ago\n   Main PID: {pid} ({process})",
                date_text(since),
                ago(now_ms.saturating_sub(since))
            ));
        } else {
            text.push_str("     Active: inactive (dead)");
        }
        self.screen.out(&text);
        if unit == "app" {
            let journal: Vec<String> =
                server.journal.iter().rev().take(2).rev().map(|(at, l)| journal_line(*at, l)).collect();
            self.screen.print(LineKind::Output, "");
            self.screen.out(&journal.join("\n"));
        }
    }

    fn journalctl(&mut self, args: &[String]) {
        match args {
            [flag, unit] if flag == "-u" && unit.trim_end_matches(".service") == "app" => {
                let text: Vec<String> = self.server.journal.iter().map(|(at, l)| journal_line(*at, l)).collect();
                self.screen.out(&text.join("\n"));
            }
            [flag, _] if flag == "-u" => self.screen.out("-- No entries --"),
            _ => self.usage("usage: journalctl -u UNIT"),
        }
    }

    fn ufw(&mut self, args: &[String], root: bool) -> Option<SshEvent> {
        if !root {
            self.screen.err("ERROR: You need to be root to run this script");
            self.screen.hint(Hint::NeedsSudo);
            return None;
        }
        match args {
            [status] if status == "status" => {
                let open =
                    self.net.network.machine(self.net.server).and_then(|m| m.firewall.clone()).unwrap_or_default();
                // Both lists are sorted, and no port is on both.
                let mut ports = open;
                for port in &self.server.denied {
                    insert_sorted(&mut ports, *port);
                }
                let mut text = "Status: active\n\nTo                         Action      From\n--                         ------      ----".to_string();
                for port in ports {
                    let action = if self.server.denied.contains(&port) { "DENY" } else { "ALLOW" };
                    text.push_str(&format!("\n{port:<27}{action:<12}Anywhere"));
                }
                self.screen.out(&text);
                None
            }
            [verb, port] if verb == "allow" || verb == "deny" => {
                let Some(port) = port.parse::<u16>().ok().filter(|p| *p > 0) else {
                    self.usage("ERROR: Bad port");
                    return None;
                };
                match self.set_firewall(port, verb == "allow") {
                    Some(event) => {
                        self.screen.out("Rule updated");
                        Some(event)
                    }
                    None => {
                        self.screen.out("Skipping adding existing rule");
                        None
                    }
                }
            }
            _ => {
                self.usage("usage: ufw status | ufw allow PORT | ufw deny PORT");
                None
            }
        }
    }

    /// Opens or closes `port` in the server's firewall (from the terminal's `ufw`, or the
    /// provider's console beside it). `None` when it already was.
    pub fn set_firewall(&mut self, port: u16, open: bool) -> Option<SshEvent> {
        let machine = self.net.network.machine_mut(self.net.server)?;
        if !machine.set_firewall(port, open) {
            return None;
        }
        self.server.denied.retain(|p| *p != port);
        if !open {
            insert_sorted(&mut self.server.denied, port);
        }
        Some(SshEvent::FirewallChanged { port, open })
    }

    /// The provider's console rebuilds the server: a fresh disk with a new host key, the key the
    /// provider holds in `authorized_keys`, the app as it started, the firewall as it started. A
    /// session on it ends.
    pub fn rebuild(&mut self, now_ms: u64) -> SshEvent {
        self.rebuilds += 1;
        let laptop_key = mix(self.seed, 1);
        self.server = Server::new(&self.scenario, mix(self.seed, 100 + self.rebuilds), laptop_key, now_ms);
        let server = self.net.server;
        if let Some(machine) = self.net.network.machine_mut(server) {
            machine.firewall = Some(OPEN_PORTS.to_vec());
            machine.stop_listening(SSH_PORT);
        }
        let _ = self.net.network.listen(server, SSH_PORT, "sshd");
        if !matches!(self.place, Place::Laptop) {
            self.place = Place::Laptop;
            self.screen.err(&format!("Connection to {SERVER} closed by remote host.\nConnection to {SERVER} closed."));
        }
        SshEvent::ServerRebuilt
    }

    fn ls(&mut self, args: &[String], cwd: &str, home: &str) {
        let Ok(parsed) = options(args, "", "al") else {
            self.usage("usage: ls [-a] [DIRECTORY]");
            return;
        };
        let dir = absolute(parsed.operands.first().map_or(".", String::as_str), cwd, home);
        let files = self.files_here();
        let mut names: Vec<&str> = Vec::new();
        let inside = (files.iter())
            .filter_map(|(path, _)| path.strip_prefix(&dir)?.strip_prefix('/'))
            .map(|rest| rest.split('/').next().unwrap_or(rest))
            .filter(|name| parsed.has('a') || !name.starts_with('.'));
        for name in inside {
            insert_sorted(&mut names, name);
        }
        if names.is_empty() && !files.iter().any(|(p, _)| *p == dir) && !is_dir(&files, &dir) {
            let shown = parsed.operands.first().map_or(".", String::as_str);
            self.screen.err(&format!("ls: cannot access '{shown}': No such file or directory"));
            return;
        }
        if files.iter().any(|(p, _)| *p == dir) {
            self.screen.out(parsed.operands.first().map_or("", String::as_str));
            return;
        }
        self.screen.out(&names.join("  "));
    }

    fn cat(&mut self, args: &[String], cwd: &str, home: &str) {
        if args.is_empty() {
            self.usage("usage: cat FILE");
            return;
        }
        let files = self.files_here();
        for arg in args {
            let path = absolute(arg, cwd, home);
            match files.iter().find(|(p, _)| *p == path) {
                Some((_, text)) => self.screen.out(text),
                None if is_dir(&files, &path) => self.screen.err(&format!("cat: {arg}: Is a directory")),
                None => self.screen.err(&format!("cat: {arg}: No such file or directory")),
            }
        }
    }

    fn cd(&mut self, args: &[String], cwd: &str) {
        let target = absolute(args.first().map_or("~", String::as_str), cwd, SERVER_HOME);
        let files = self.server_files();
        if is_dir(&files, &target) {
            self.place = Place::Server { cwd: target };
        } else if files.iter().any(|(p, _)| *p == target) {
            self.screen.err(&format!("-bash: cd: {}: Not a directory", args[0]));
        } else {
            let shown = args.first().map_or("~", String::as_str);
            self.screen.err(&format!("-bash: cd: {shown}: No such file or directory"));
        }
    }

    /// The files of the machine the terminal is on.
    fn files_here(&self) -> Vec<(String, String)> {
        match self.place {
            Place::Server { .. } => self.server_files(),
            _ => self.laptop_files(),
        }
    }

    fn laptop_files(&self) -> Vec<(String, String)> {
        let ssh = format!("{LAPTOP_HOME}/.ssh");
        let mut files = vec![(
            format!("{ssh}/config"),
            format!("Host *\n    ConnectTimeout {}\n    IdentitiesOnly yes", CONNECT_TIMEOUT_MS / 1000),
        )];
        if !self.known_hosts.is_empty() {
            let lines: Vec<String> =
                self.known_hosts.iter().map(|(host, key)| format!("{host} ssh-ed25519 {}", public_key(*key))).collect();
            files.push((format!("{ssh}/known_hosts"), lines.join("\n")));
        }
        for pair in &self.keys {
            files.push((format!("{ssh}/{}", pair.file), private_key(pair.key)));
            files
                .push((format!("{ssh}/{}.pub", pair.file), format!("ssh-ed25519 {} you@laptop", public_key(pair.key))));
        }
        files
    }

    fn server_files(&self) -> Vec<(String, String)> {
        let app = app_dir();
        let keys: Vec<String> =
            self.server.authorized.iter().map(|k| format!("ssh-ed25519 {} you@laptop", public_key(*k))).collect();
        vec![
            (
                format!("{app}/README.md"),
                "# app\nThe example web app.\nDeploy: git pull, then sudo systemctl restart app.".to_string(),
            ),
            (format!("{app}/VERSION"), self.server.checked_out.to_string()),
            (
                format!("{app}/app.py"),
                format!("# Serves https://{SITE} on port {APP_PORT}.\nVERSION = open(\"VERSION\").read().strip()"),
            ),
            (format!("{SERVER_HOME}/.ssh/authorized_keys"), keys.join("\n")),
        ]
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
            u64::from(self.deployed()) | u64::from(self.on_server()) << 1 | u64::from(self.server.sshd) << 2,
        ]
    }
}

/// Commands of one machine, to tell "wrong machine" from "no such command".
const SERVER_COMMANDS: [&str; 8] = ["cd", "pwd", "git", "systemctl", "journalctl", "ufw", "whoami", "hostname"];
const LAPTOP_COMMANDS: [&str; 3] = ["ssh", "ssh-keygen", "ssh-copy-id"];

fn app_dir() -> String {
    format!("{SERVER_HOME}/app")
}

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

fn port_of(parsed: &Options) -> Option<u16> {
    match parsed.value('p') {
        None => Some(SSH_PORT),
        Some(port) => port.parse().ok().filter(|p| *p > 0),
    }
}

/// The name of a key file in `~/.ssh` from how it was typed (`~/.ssh/k`, `.ssh/k`,
/// `/home/you/.ssh/k`), or `None` for a file elsewhere.
fn key_file_name(file: &str) -> Option<String> {
    let path = absolute(file, LAPTOP_HOME, LAPTOP_HOME);
    let name = path.strip_prefix(&format!("{LAPTOP_HOME}/.ssh/"))?;
    (!name.is_empty() && !name.contains('/')).then(|| name.to_string())
}

/// `path` made absolute from `cwd`, with `~` as `home`, and `.` and `..` resolved.
fn absolute(path: &str, cwd: &str, home: &str) -> String {
    let start = match path.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => format!("{home}{rest}"),
        _ if path.starts_with('/') => path.to_string(),
        _ => format!("{cwd}/{path}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in start.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    format!("/{}", parts.join("/"))
}

/// Inserts `item` into the sorted `list` unless it is there (a few items: no sort code).
fn insert_sorted<T: Ord>(list: &mut Vec<T>, item: T) {
    let at = list.partition_point(|x| *x < item);
    if list.get(at) != Some(&item) {
        list.insert(at, item);
    }
}

fn is_dir(files: &[(String, String)], path: &str) -> bool {
    let inside = format!("{}/", path.trim_end_matches('/'));
    files.iter().any(|(p, _)| p.starts_with(&inside))
}

/// `cwd` as a prompt shows it, `~` for the home directory.
fn tilde(cwd: &str, home: &str) -> String {
    match cwd.strip_prefix(home) {
        Some(rest) => format!("~{rest}"),
        None => cwd.to_string(),
    }
}

/// SplitMix64 of `seed` and `n`: the numbers that stand for keys.
fn mix(seed: u64, n: u64) -> u64 {
    let mut z = seed.wrapping_add(n.wrapping_add(1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// `n` bytes standing for `key`'s material, base64 without padding.
fn key_text(key: u64, n: usize) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let bytes: Vec<u8> = (0..n.div_ceil(8) as u64).flat_map(|i| mix(key, i).to_le_bytes()).take(n).collect();
    let mut text = String::new();
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..=chunk.len() {
            text.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
        }
    }
    text
}

/// A key's fingerprint as OpenSSH prints it: `SHA256:` and 43 characters.
pub fn fingerprint(key: u64) -> String {
    format!("SHA256:{}", key_text(key ^ 0x5348_4132_3536, 32))
}

fn public_key(key: u64) -> String {
    format!("AAAAC3NzaC1lZDI1NTE5AAAAI{}", key_text(key, 32))
}

fn private_key(key: u64) -> String {
    let body = key_text(key ^ 0x7072_6976, 210);
    let lines: Vec<&str> = (0..body.len()).step_by(70).map(|at| &body[at..(at + 70).min(body.len())]).collect();
    format!("-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----", lines.join("\n"))
}

/// The simulated wall clock: `Wed Dec  2 09:00:05 2026` (as `last login` prints it).
fn clock_text(now_ms: u64) -> String {
    let (day, time) = day_and_time(now_ms);
    format!("{} Dec {:>2} {time} 2026", weekday(day), 2 + day)
}

/// `Wed 2026-12-02 09:00:05 UTC`, as `systemctl status` prints it.
fn date_text(now_ms: u64) -> String {
    let (day, time) = day_and_time(now_ms);
    format!("{} 2026-12-{:02} {time} UTC", weekday(day), 2 + day)
}

fn journal_line(at_ms: u64, line: &str) -> String {
    let (day, time) = day_and_time(at_ms);
    format!("Dec {:02} {time} {SERVER_HOST_NAME} {line}", 2 + day)
}

fn day_and_time(now_ms: u64) -> (u64, String) {
    let s = DAY_START_S + now_ms / 1000;
    let (day, s) = (s / 86_400, s % 86_400);
    (day, format!("{:02}:{:02}:{:02}", s / 3_600, s / 60 % 60, s % 60))
}

fn weekday(day: u64) -> &'static str {
    ["Wed", "Thu", "Fri", "Sat", "Sun", "Mon", "Tue"][(day % 7) as usize]
}

/// A duration as systemd prints it: `5s`, `1min 5s`, `2h 3min`.
fn ago(ms: u64) -> String {
    let s = ms / 1000;
    match (s / 3_600, s / 60 % 60, s % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, s) => format!("{m}min {s}s"),
        (h, m, _) => format!("{h}h {m}min"),
    }
}

fn changed_warning(host: &str, fingerprint: &str, line: usize) -> String {
    format!(
        "@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n\
@    WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!     @\n\
@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@\n\
IT IS POSSIBLE THAT SOMEONE IS DOING SOMETHING NASTY!\n\
Someone could be eavesdropping on you right now (man-in-the-middle attack)!\n\
It is also possible that a host key has just been changed.\n\
The fingerprint for the ED25519 key sent by the remote host is\n\
{fingerprint}.\n\
Please contact your system administrator.\n\
Add correct host key in {LAPTOP_HOME}/.ssh/known_hosts to get rid of this message.\n\
Offending ED25519 key in {LAPTOP_HOME}/.ssh/known_hosts:{line}\n\
Host key for {host} has changed and you have requested strict checking.\n\
Host key verification failed."
    )
}
