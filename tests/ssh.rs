//! Chapter 7's lab as a learner drives it: the host-key question, key login and its refusals,
//! a closed port 22 (timed out) against a stopped sshd (refused), the rebuilt server's changed
//! host key, new keys, the deploy the challenge asks for, and locking yourself out. Then 10^5
//! random lines through the parser and the interpreter.

use server_lab::course::{Challenge, ChapterId, DEFAULT_SEED};
use server_lab::predict::{Experiment, Reading, Trial};
use server_lab::sim::event::EventKind;
use server_lab::sim::goal::evaluate;
use server_lab::sim::net::lab::Host;
use server_lab::sim::net::network::CONNECT_TIMEOUT_MS;
use server_lab::sim::rng::Pcg32;
use server_lab::sim::shell::parse::MAX_LINE_BYTES;
use server_lab::sim::shell::screen::MAX_SCREEN_LINES;
use server_lab::sim::shell::ssh::{SshEvent, SshLab, SshScenario, Stage, StageState, Version};
use server_lab::sim::shell::{Hint, LineKind};

mod support;
use server_lab::sim::{Action, Metric, Optimum, Scenario, World};

fn world() -> World {
    World::new(Scenario::Ssh(SshScenario::chapter_seven()), DEFAULT_SEED)
}

fn lab(world: &World) -> &SshLab {
    world.ssh().expect("an ssh world")
}

/// Types each line, and returns what the screen printed for them (the typed lines too).
fn typed(world: &mut World, lines: &[&str]) -> String {
    let before = lab(world).screen().printed();
    for line in lines {
        world.enter(line).expect("an ssh world takes lines");
    }
    let new = (lab(world).screen().printed() - before) as usize;
    let screen = lab(world).screen();
    let shown: Vec<&str> = (screen.lines().skip(screen.lines().len().saturating_sub(new)))
        .filter(|l| !matches!(l.kind, LineKind::Hint(_)))
        .map(|l| l.text.as_str())
        .collect();
    shown.join("\n")
}

fn hints(world: &World) -> Vec<Hint> {
    lab(world)
        .screen()
        .lines()
        .filter_map(|l| match l.kind {
            LineKind::Hint(h) => Some(h),
            _ => None,
        })
        .collect()
}

fn ssh_events(world: &World) -> Vec<SshEvent> {
    let mut events: Vec<SshEvent> = world
        .events()
        .newest_first()
        .filter_map(|e| match e.kind {
            EventKind::Ssh(event) => Some(event),
            _ => None,
        })
        .collect();
    events.reverse();
    events
}

fn log_in(world: &mut World) {
    typed(world, &["ssh deploy@203.0.113.10", "yes"]);
    assert!(lab(world).on_server(), "logged in");
}

#[test]
fn the_first_connection_asks_about_the_host_key_and_the_next_does_not() {
    let mut world = world();
    assert_eq!(lab(&world).prompt(), "you@laptop:~$ ");
    let asked = typed(&mut world, &["ssh deploy@203.0.113.10"]);
    assert!(asked.contains("The authenticity of host '203.0.113.10 (203.0.113.10)' can't be established."));
    assert!(asked.contains("ED25519 key fingerprint is SHA256:"));
    assert!(asked.ends_with("Are you sure you want to continue connecting (yes/no/[fingerprint])?"));
    assert_eq!(lab(&world).prompt(), "", "the question waits for its answer");
    assert_eq!(lab(&world).handshake().map(|h| (h.stage, h.state)), Some((Stage::HostKey, StageState::Asking)));
    let answered = typed(&mut world, &["maybe", "yes"]);
    assert!(answered.contains("Please type 'yes', 'no' or the fingerprint:"));
    assert!(answered.contains("Warning: Permanently added '203.0.113.10' (ED25519) to the list of known hosts."));
    assert!(answered.contains("Last login: Wed Dec  2 09:00:0"), "{answered}");
    assert!(answered.contains("from 198.51.100.7"), "the server sees the home router's public address (NAT)");
    assert_eq!(lab(&world).prompt(), "deploy@web-1:~$ ");
    assert_eq!(lab(&world).handshake().map(|h| (h.stage, h.state)), Some((Stage::Session, StageState::Passed)));
    let out = typed(&mut world, &["exit"]);
    assert!(out.contains("Connection to 203.0.113.10 closed."));
    let again = typed(&mut world, &["ssh deploy@203.0.113.10"]);
    assert!(!again.contains("authenticity"), "known now: {again}");
    assert!(lab(&world).on_server());
    assert_eq!(
        ssh_events(&world),
        [SshEvent::HostKeySaved, SshEvent::LoggedIn, SshEvent::LoggedOut, SshEvent::LoggedIn]
    );
}

#[test]
fn answering_no_sends_nothing_and_the_name_is_a_host_of_its_own() {
    let mut world = world();
    let out = typed(&mut world, &["ssh deploy@203.0.113.10", "no"]);
    assert!(out.ends_with("Host key verification failed."));
    assert!(!lab(&world).on_server());
    assert_eq!(hints(&world).last(), Some(&Hint::HostKeyRefused));
    log_in(&mut world);
    typed(&mut world, &["exit"]);
    // known_hosts records hosts as typed: the name is asked about, and the key is recognised.
    let by_name = typed(&mut world, &["ssh deploy@example.com"]);
    assert!(by_name.contains("'example.com (203.0.113.10)'"), "{by_name}");
    assert!(by_name.contains("This host key is known by the following other names/addresses:"));
    assert!(by_name.contains("~/.ssh/known_hosts:1: 203.0.113.10"));
}

#[test]
fn the_server_takes_only_keys_it_holds_for_deploy() {
    let mut world = world();
    let root = typed(&mut world, &["ssh root@203.0.113.10", "yes"]);
    assert!(root.ends_with("root@203.0.113.10: Permission denied (publickey)."), "{root}");
    let missing = typed(&mut world, &["ssh -i ~/.ssh/old_key deploy@203.0.113.10"]);
    assert!(missing.contains("Warning: Identity file ~/.ssh/old_key not accessible: No such file or directory."));
    assert!(missing.ends_with("deploy@203.0.113.10: Permission denied (publickey)."));
    assert_eq!(lab(&world).handshake().map(|h| (h.stage, h.state)), Some((Stage::UserAuth, StageState::Failed)));
    // A new key pair is not on the server until ssh-copy-id puts it there with the key that
    // works.
    let made = typed(&mut world, &["ssh-keygen -t ed25519 -f ~/.ssh/laptop2"]);
    assert!(made.contains("Your public key has been saved in /home/you/.ssh/laptop2.pub"));
    assert_eq!(hints(&world).last(), Some(&Hint::NoPassphrase));
    let refused = typed(&mut world, &["ssh -i ~/.ssh/laptop2 deploy@203.0.113.10"]);
    assert!(refused.ends_with("Permission denied (publickey)."), "{refused}");
    let copied = typed(&mut world, &["ssh-copy-id -i ~/.ssh/laptop2.pub deploy@203.0.113.10"]);
    assert!(copied.contains("Number of key(s) added: 1"), "{copied}");
    assert!(!lab(&world).on_server(), "ssh-copy-id comes back to the laptop");
    typed(&mut world, &["ssh -i ~/.ssh/laptop2 deploy@203.0.113.10"]);
    assert!(lab(&world).on_server());
    let keys = typed(&mut world, &["cat ~/.ssh/authorized_keys"]);
    assert_eq!(keys.lines().filter(|l| l.starts_with("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI")).count(), 2);
    assert!(ssh_events(&world).contains(&SshEvent::KeyCopied));
}

#[test]
fn a_closed_port_times_out_after_the_connect_timeout_and_a_stopped_sshd_is_refused() {
    let mut world = world();
    world.apply(Action::SetFirewall { host: Host::Rented, port: 22, open: false }).expect("the console's firewall");
    let start = world.now().millis();
    let out = typed(&mut world, &["ssh deploy@203.0.113.10"]);
    assert!(out.ends_with("ssh: connect to host 203.0.113.10 port 22: Connection timed out"), "{out}");
    assert!(world.now().millis() - start >= CONNECT_TIMEOUT_MS, "the terminal waited");
    assert_eq!(world.latest(Metric::SshWaitMs), Some(CONNECT_TIMEOUT_MS as f64));
    assert_eq!(world.latest(Metric::SshLoginPossible), Some(0.0));
    assert_eq!(lab(&world).handshake().map(|h| (h.stage, h.state)), Some((Stage::Tcp, StageState::Failed)));
    // The lab's ssh config says so, and it is the network's connect timeout.
    let config = typed(&mut world, &["cat ~/.ssh/config"]);
    assert!(config.contains(&format!("ConnectTimeout {}", CONNECT_TIMEOUT_MS / 1000)));
    world.apply(Action::SetFirewall { host: Host::Rented, port: 22, open: true }).expect("open again");
    log_in(&mut world);
    typed(&mut world, &["sudo systemctl stop ssh"]);
    assert!(lab(&world).on_server(), "the running session survives");
    assert_eq!(hints(&world).last(), Some(&Hint::LockoutRisk));
    typed(&mut world, &["exit"]);
    assert!(ssh_events(&world).contains(&SshEvent::LockedOut));
    let refused = typed(&mut world, &["ssh deploy@203.0.113.10"]);
    assert!(refused.ends_with("ssh: connect to host 203.0.113.10 port 22: Connection refused"), "{refused}");
    assert!(world.latest(Metric::SshWaitMs).is_some_and(|ms| ms < 1_000.0), "a reset comes straight back");
}

#[test]
fn unknown_names_and_bad_ports_get_ssh_own_errors() {
    let mut world = world();
    let out = typed(&mut world, &["ssh deploy@exmple.com"]);
    assert!(out.ends_with("ssh: Could not resolve hostname exmple.com: Name or service not known"));
    let web = typed(&mut world, &["ssh -p 443 deploy@203.0.113.10"]);
    assert!(web.contains("kex_exchange_identification: Connection closed by remote host"), "{web}");
    assert_eq!(hints(&world).last(), Some(&Hint::NotSsh));
    let bad = typed(&mut world, &["ssh -p 99999 deploy@203.0.113.10"]);
    assert!(bad.contains("Bad port '99999'"));
    let usage = typed(&mut world, &["ssh -z deploy@203.0.113.10", "ssh"]);
    assert!(usage.contains("ssh: unknown option -- z"));
    assert!(usage.contains("usage: ssh [-p port] [-i identity_file] destination"));
    let unknown = typed(&mut world, &["kubectl get pods", "git pull"]);
    assert!(unknown.contains("bash: kubectl: command not found"));
    assert!(unknown.contains("bash: git: command not found"));
    let last_two: Vec<Hint> = hints(&world).into_iter().rev().take(2).collect();
    assert_eq!(last_two, [Hint::WrongMachine, Hint::CommandNotFound], "git runs on the server");
    let quote = typed(&mut world, &["echo 'unclosed"]);
    assert!(quote.contains("unexpected EOF while looking for matching `''"));
    assert!(!lab(&world).on_server());
}

#[test]
fn a_rebuilt_server_has_a_new_host_key_and_ssh_refuses_it_until_the_old_one_is_removed() {
    let mut world = world();
    log_in(&mut world);
    world.apply(Action::RebuildServer).expect("the console rebuilds");
    assert!(!lab(&world).on_server(), "the session ended with the old server");
    let warned = typed(&mut world, &["ssh deploy@203.0.113.10"]);
    assert!(warned.contains("WARNING: REMOTE HOST IDENTIFICATION HAS CHANGED!"), "{warned}");
    assert!(warned.contains("Offending ED25519 key in /home/you/.ssh/known_hosts:1"));
    assert!(warned.ends_with("Host key verification failed."));
    assert_eq!(lab(&world).handshake().map(|h| (h.stage, h.state)), Some((Stage::HostKey, StageState::Failed)));
    let removed = typed(&mut world, &["ssh-keygen -R 203.0.113.10"]);
    assert!(removed.contains("# Host 203.0.113.10 found: line 1"));
    assert!(removed.contains("/home/you/.ssh/known_hosts updated."));
    let asked = typed(&mut world, &["ssh deploy@203.0.113.10"]);
    assert!(asked.contains("This key is not known by any other names."));
    typed(&mut world, &["yes"]);
    assert!(lab(&world).on_server());
    assert!(ssh_events(&world).contains(&SshEvent::HostKeyChanged));
}

/// The challenge's commands.
const DEPLOY: [&str; 6] =
    ["ssh deploy@203.0.113.10", "yes", "cd app", "git pull", "sudo systemctl restart app", "systemctl status app"];

fn challenge_met(world: &World) -> bool {
    let challenge = Challenge::for_chapter(ChapterId::Ssh).expect("chapter 7 is written");
    evaluate(&challenge.goal, world.history(), &Optimum::default()).met
}

#[test]
fn pull_restart_and_status_deploy_the_new_version_and_meet_the_challenge() {
    let mut world = world();
    assert_eq!(lab(&world).running(), Version(1, 4, 0));
    let mut shown = String::new();
    for line in DEPLOY {
        assert!(!challenge_met(&world), "not before {line}");
        shown.push_str(&typed(&mut world, &[line]));
    }
    assert!(shown.contains("Fast-forward"));
    assert!(shown.contains("Active: active (running) since Wed 2026-12-02 09:00:0"), "{shown}");
    assert!(shown.contains("app 1.5.0 listening on port 443"));
    assert_eq!(lab(&world).running(), Version(1, 5, 0));
    assert!(lab(&world).deployed());
    assert_eq!(world.latest(Metric::DeployVerified), Some(100.0));
    assert!(challenge_met(&world));
    let again = typed(&mut world, &["git pull", "journalctl -u app"]);
    assert!(again.contains("Already up to date."));
    assert!(again.contains("web-1 systemd[1]: Stopped app.service - Example web app."));
    assert!(ssh_events(&world).contains(&SshEvent::Checked { version: Version(1, 5, 0), deployed: true }));
}

#[test]
fn restarting_needs_sudo_and_a_restart_before_the_pull_deploys_nothing() {
    let mut world = world();
    log_in(&mut world);
    assert!(world.completions("sudo ").contains(&"systemctl".to_string()), "Tab after sudo offers commands");
    let denied = typed(&mut world, &["systemctl restart app"]);
    assert!(denied.contains("Failed to restart app.service: Interactive authentication required."));
    assert_eq!(hints(&world).last(), Some(&Hint::NeedsSudo));
    let ufw = typed(&mut world, &["ufw status"]);
    assert!(ufw.contains("ERROR: You need to be root to run this script"));
    typed(&mut world, &["sudo systemctl restart app", "systemctl status app"]);
    assert_eq!(lab(&world).running(), Version(1, 4, 0));
    assert!(!challenge_met(&world), "the old version restarted");
    typed(&mut world, &["cd app", "git pull", "systemctl status app"]);
    assert!(!challenge_met(&world), "pulled, not restarted: the old code still runs");
    assert_eq!(lab(&world).running(), Version(1, 4, 0));
}

#[test]
fn closing_port_22_while_connected_keeps_the_session_but_locks_you_out_after_exit() {
    let mut world = world();
    for line in DEPLOY {
        typed(&mut world, &[line]);
    }
    assert!(challenge_met(&world));
    let rule = typed(&mut world, &["sudo ufw deny 22"]);
    assert!(rule.contains("Rule updated"));
    assert!(lab(&world).on_server(), "the firewall keeps connections it let in");
    let status = typed(&mut world, &["sudo ufw status"]);
    assert!(status.contains("22                         DENY        Anywhere"), "{status}");
    assert!(!challenge_met(&world), "no new login is possible");
    assert_eq!(world.latest(Metric::SshLoginPossible), Some(0.0));
    typed(&mut world, &["exit"]);
    assert_eq!(hints(&world).last(), Some(&Hint::LockedOut));
    let out = typed(&mut world, &["ssh deploy@203.0.113.10"]);
    assert!(out.ends_with("Connection timed out"));
    // The provider's console is the way back, and the rebuild starts the deploy over.
    world.apply(Action::RebuildServer).expect("rebuilt");
    assert_eq!(lab(&world).running(), Version(1, 4, 0));
    typed(&mut world, &["ssh-keygen -R 203.0.113.10"]);
    for line in DEPLOY {
        typed(&mut world, &[line]);
    }
    assert!(challenge_met(&world));
}

#[test]
fn the_prediction_reads_how_long_ssh_waited_at_a_closed_port() {
    let mut world = world();
    let experiment = Experiment::for_chapter(ChapterId::Ssh).expect("chapter 7 asks");
    let mut trial = Trial::default();
    typed(&mut world, &["ssh deploy@203.0.113.10", "no"]);
    experiment.observe(&world, &mut trial);
    assert!(!experiment.tried(&trial), "port 22 was open");
    world.apply(Action::SetFirewall { host: Host::Rented, port: 22, open: false }).expect("closed");
    typed(&mut world, &["ssh deploy@203.0.113.10"]);
    experiment.observe(&world, &mut trial);
    assert!(experiment.tried(&trial));
    assert_eq!(experiment.figures(&trial)[0], Some(Reading::Ms(CONNECT_TIMEOUT_MS as f64)));
}

#[test]
fn the_same_seed_gives_the_same_keys_and_the_same_session() {
    let run = |seed| {
        let mut world = World::new(Scenario::Ssh(SshScenario::chapter_seven()), seed);
        let out = typed(&mut world, &DEPLOY);
        (out, world.digest())
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7).0, run(8).0, "another seed, another host key");
}

/// A line a learner might type, from the commands the lab knows, or garbage.
fn random_line(rng: &mut Pcg32) -> String {
    const WORDS: [&str; 34] = [
        "ssh",
        "deploy@203.0.113.10",
        "deploy@example.com",
        "root@203.0.113.10",
        "yes",
        "no",
        "exit",
        "cd",
        "app",
        "..",
        "~",
        "/",
        "ls",
        "-a",
        "cat",
        "VERSION",
        "git",
        "pull",
        "sudo",
        "systemctl",
        "restart",
        "status",
        "stop",
        "start",
        "ssh-keygen",
        "-R",
        "-f",
        "~/.ssh/k",
        "ssh-copy-id",
        "-i",
        "ufw",
        "deny",
        "22",
        "journalctl",
    ];
    support::random_line(rng, &WORDS, &["'", "\"", "\\", "-p", "-p", "-i", "#"], 5)
}

#[test]
fn a_hundred_thousand_random_lines_never_panic_and_stay_within_the_caps() {
    let mut lab = SshLab::new(SshScenario::chapter_seven(), DEFAULT_SEED);
    let mut rng = Pcg32::new(42);
    let mut now_ms = 0;
    for n in 0..100_000 {
        let line = random_line(&mut rng);
        let ran = lab.enter(&line, now_ms);
        now_ms += 1_000 + ran.took_ms;
        match n % 1_000 {
            0 => lab.interrupt(&line),
            500 => _ = lab.rebuild(now_ms),
            _ => {}
        }
        if n % 10_000 == 0 {
            lab.clear();
        }
        assert!(lab.screen().lines().len() <= MAX_SCREEN_LINES);
    }
    // Every line on screen is bounded: a typed line by the cap plus the prompt, output by the
    // longest thing the lab prints.
    assert!(lab.screen().lines().all(|l| l.text.len() <= MAX_LINE_BYTES + 64), "a line over its cap");
    assert!(lab.screen().printed() > 100_000);
}
