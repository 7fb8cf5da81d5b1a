//! The rented server web-1: the app's service under systemd and its journal, its firewall (ufw,
//! and the provider's console), and rebuilding it. The simulated clock the server prints by
//! starts at 09:00:00 UTC on Wednesday 2 December 2026.

use super::files::{app_dir, insert_sorted};
use super::{mix, Place, DAY_START_S, MAX_JOURNAL};
use super::{Hint, LineKind, SshEvent, SshLab, SshScenario, Version, APP_PORT, OPEN_PORTS, SERVER_HOST_NAME, SSH_PORT};
use crate::sim::net::network::SERVER;

impl SshLab {
    pub(super) fn git(&mut self, args: &[String], cwd: &str) -> Option<SshEvent> {
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

    pub(super) fn systemctl(&mut self, args: &[String], root: bool, now_ms: u64) -> Option<SshEvent> {
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
                let changed = running != self.sshd_running();
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

    pub(super) fn restart_app(&mut self, now_ms: u64) -> SshEvent {
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

    pub(super) fn status(&mut self, unit: &str, now_ms: u64) {
        let sshd = self.sshd_running();
        let server = &self.server;
        let (description, active, pid, process) = match unit {
            "app" => ("Example web app", true, server.pid, "python3"),
            _ => ("OpenBSD Secure Shell server", sshd, 701, "sshd"),
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

    pub(super) fn journalctl(&mut self, args: &[String]) {
        match args {
            [flag, unit] if flag == "-u" && unit.trim_end_matches(".service") == "app" => {
                let text: Vec<String> = self.server.journal.iter().map(|(at, l)| journal_line(*at, l)).collect();
                self.screen.out(&text.join("\n"));
            }
            [flag, _] if flag == "-u" => self.screen.out("-- No entries --"),
            _ => self.usage("usage: journalctl -u UNIT"),
        }
    }

    pub(super) fn ufw(&mut self, args: &[String], root: bool) -> Option<SshEvent> {
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
}

/// The rented server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Server {
    pub(super) host_key: u64,
    /// `deploy`'s `~/.ssh/authorized_keys`.
    pub(super) authorized: Vec<u64>,
    /// Ports the learner denied with `ufw deny` (listed by `ufw status`).
    pub(super) denied: Vec<u16>,
    pub(super) checked_out: Version,
    pub(super) running: Version,
    pub(super) pid: u32,
    pub(super) started_ms: u64,
    /// Restarted since the latest pull, on the version checked out.
    pub(super) restarted: bool,
    /// `systemctl status app` was read after that restart.
    pub(super) checked: bool,
    pub(super) journal: Vec<(u64, String)>,
}

impl Server {
    pub(super) fn new(scenario: &SshScenario, host_key: u64, laptop_key: u64, now_ms: u64) -> Server {
        let mut server = Server {
            host_key,
            authorized: vec![laptop_key],
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

    pub(super) fn log(&mut self, now_ms: u64, line: &str) {
        if self.journal.len() == MAX_JOURNAL {
            self.journal.remove(0);
        }
        self.journal.push((now_ms, line.to_string()));
    }
}

/// The simulated wall clock: `Wed Dec  2 09:00:05 2026` (as `last login` prints it).
pub(super) fn clock_text(now_ms: u64) -> String {
    let (day, time) = day_and_time(now_ms);
    format!("{} Dec {:>2} {time} 2026", weekday(day), 2 + day)
}

/// `Wed 2026-12-02 09:00:05 UTC`, as `systemctl status` prints it.
pub(super) fn date_text(now_ms: u64) -> String {
    let (day, time) = day_and_time(now_ms);
    format!("{} 2026-12-{:02} {time} UTC", weekday(day), 2 + day)
}

pub(super) fn journal_line(at_ms: u64, line: &str) -> String {
    let (day, time) = day_and_time(at_ms);
    format!("Dec {:02} {time} {SERVER_HOST_NAME} {line}", 2 + day)
}

pub(super) fn day_and_time(now_ms: u64) -> (u64, String) {
    let s = DAY_START_S + now_ms / 1000;
    let (day, s) = (s / 86_400, s % 86_400);
    (day, format!("{:02}:{:02}:{:02}", s / 3_600, s / 60 % 60, s % 60))
}

pub(super) fn weekday(day: u64) -> &'static str {
    ["Wed", "Thu", "Fri", "Sat", "Sun", "Mon", "Tue"][(day % 7) as usize]
}

/// A duration as systemd prints it: `5s`, `1min 5s`, `2h 3min`.
pub(super) fn ago(ms: u64) -> String {
    let s = ms / 1000;
    match (s / 3_600, s / 60 % 60, s % 60) {
        (0, 0, s) => format!("{s}s"),
        (0, m, s) => format!("{m}min {s}s"),
        (h, m, _) => format!("{h}h {m}min"),
    }
}
