//! The laptop's side of SSH: `ssh` and its handshake (the connection through chapter 4's network,
//! the host key against `known_hosts`, the user's key against `authorized_keys`), `ssh-copy-id`,
//! `ssh-keygen`, and the text keys and fingerprints are printed as.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use super::files::absolute;
use super::server::clock_text;
use super::{mix, DEFAULT_KEY, DEPLOY_USER, LAPTOP_HOME, MAX_KEYS, SERVER_HOME, SERVER_HOST_NAME, SSH_PORT};
use super::{Handshake, Hint, KeyPair, Login, Place, Ran, SshEvent, SshLab, Stage, StageState};
use crate::sim::net::dns::{parse_name, Answer, RecordData, RecordType};
use crate::sim::net::network::{Outcome, ROUTER_PUBLIC, SERVER};
use crate::sim::shell::parse::{options, OptionError, Options};

impl SshLab {
    /// `ssh [-p port] [-i key] user@host`; `install` is set by `ssh-copy-id`.
    pub(super) fn ssh(&mut self, args: &[String], install: Option<u64>, now_ms: u64) -> Ran {
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
    pub(super) fn identity(&self, parsed: &Options) -> Result<Option<u64>, String> {
        let Some(file) = parsed.value('i') else {
            return Ok(self.keys.iter().find(|k| k.file == DEFAULT_KEY).map(|k| k.key));
        };
        let name = key_file_name(file);
        let key = self.keys.iter().find(|k| Some(k.file.as_str()) == name.as_deref());
        key.map(|k| Some(k.key)).ok_or_else(|| file.to_string())
    }

    pub(super) fn resolve(&mut self, host: &str, now_ms: u64) -> Option<Ipv4Addr> {
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

    pub(super) fn check_host_key(&mut self, login: Login, waited_ms: u64, now_ms: u64) -> Ran {
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

    pub(super) fn answer_host_key(&mut self, login: Login, answer: &str, now_ms: u64) -> Ran {
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

    pub(super) fn authenticate(&mut self, login: Login, waited_ms: u64, now_ms: u64) -> Ran {
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

    pub(super) fn log_out(&mut self, now_ms: u64) -> Ran {
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
    pub(super) fn ssh_copy_id(&mut self, args: &[String], now_ms: u64) -> Ran {
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
    pub(super) fn ssh_keygen(&mut self, args: &[String]) -> Option<SshEvent> {
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
}

pub(super) fn port_of(parsed: &Options) -> Option<u16> {
    match parsed.value('p') {
        None => Some(SSH_PORT),
        Some(port) => port.parse().ok().filter(|p| *p > 0),
    }
}

/// The name of a key file in `~/.ssh` from how it was typed (`~/.ssh/k`, `.ssh/k`,
/// `/home/you/.ssh/k`), or `None` for a file elsewhere.
pub(super) fn key_file_name(file: &str) -> Option<String> {
    let path = absolute(file, LAPTOP_HOME, LAPTOP_HOME);
    let name = path.strip_prefix(&format!("{LAPTOP_HOME}/.ssh/"))?;
    (!name.is_empty() && !name.contains('/')).then(|| name.to_string())
}

/// `n` bytes standing for `key`'s material, base64 without padding.
pub(super) fn key_text(key: u64, n: usize) -> String {
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
pub(super) fn fingerprint(key: u64) -> String {
    format!("SHA256:{}", key_text(key ^ 0x5348_4132_3536, 32))
}

pub(super) fn public_key(key: u64) -> String {
    format!("AAAAC3NzaC1lZDI1NTE5AAAAI{}", key_text(key, 32))
}

pub(super) fn private_key(key: u64) -> String {
    let body = key_text(key ^ 0x7072_6976, 210);
    let lines: Vec<&str> = (0..body.len()).step_by(70).map(|at| &body[at..(at + 70).min(body.len())]).collect();
    format!("-----BEGIN OPENSSH PRIVATE KEY-----\n{}\n-----END OPENSSH PRIVATE KEY-----", lines.join("\n"))
}

pub(super) fn changed_warning(host: &str, fingerprint: &str, line: usize) -> String {
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
