//! Chapter 8's lab, first half: a shell on the rented server (`web-1`, a container engine host)
//! in the shop's directory, with Docker's commands.
//!
//! `docker build` reads the Dockerfile the learner edits ([`build`]); `docker run`, `ps`,
//! `logs`, `exec`, `stop`, `start`, `rm`, `network` and `stats` drive the [`engine`]; `curl`
//! asks the host's own ports for the shop's page, `free -m` and `sudo dmesg` show its memory
//! and the kernel's out-of-memory kills. Output is Docker's and the tools' own wording in
//! English; what a learner should make of it comes as a [`Hint`].
//!
//! Left out: `docker pull`/`push`, `rmi`, `inspect`, volumes, compose, interactive shells in a
//! container (`exec` runs one command), and time passing while a build runs (a build's time is
//! reported and returned, the way `ssh` reports its wait).
//!
//! Not yet on the page: mounting it costs more than the course's size cap leaves (see
//! docs/decisions.md, "Chapter 8's Docker lab is modelled and tested, but not mounted").

use serde::{Deserialize, Serialize};

pub mod build;
pub mod engine;

use build::{BuildCache, BuildReport, Context, Keyword, MAX_DOCKERFILE_BYTES};
use engine::{long_id, Answer, App, Engine, Image, RunRequest, State, HOST_MEMORY_MIB, MIN_MEMORY_LIMIT_MIB};

use super::flags::{self, Flag};
use super::parse::words;
use super::screen::{LineKind, Screen};
use super::Hint;
use crate::sim::metrics::{Metric, Sample};

/// Where the shell starts: the shop's code, with its Dockerfile.
const PROMPT: &str = "deploy@web-1:~/shop$ ";
const HOST_CORES_MILLI: u32 = crate::sim::host::catalog::SERVER.cores_milli;

/// What happened, for the event log and the chapter's prediction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "what", rename_all = "snake_case")]
pub enum DockerEvent {
    /// A build finished: how many steps ran, and how many came from the cache.
    Built {
        ran: u8,
        cached: u8,
    },
    BuildFailed,
    Started,
    /// A container's start failed because its host port was taken.
    PortTaken {
        port: u16,
    },
    /// The kernel ended a container's app for memory (its own limit, or the host's).
    OutOfMemory {
        own_limit: bool,
    },
    Stopped,
    Removed,
    NetworkCreated,
    /// The shop's page was served, with its cache or without.
    Served {
        cache: bool,
    },
    /// The learner changed a line of the shop's code.
    CodeEdited,
}

/// What one typed line did: the events to log and how long the terminal waited for it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ran {
    pub events: Vec<DockerEvent>,
    pub took_ms: u64,
}

/// Why an edit of the Dockerfile was not taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooLong;

#[derive(Clone, Debug, PartialEq)]
pub struct DockerLab {
    screen: Screen,
    dockerfile: String,
    context: Context,
    cache: BuildCache,
    pub engine: Engine,
    last_build: Option<BuildReport>,
    /// `docker run` without `-d`: the terminal shows this container until Ctrl+C.
    attached: Option<u64>,
    lines_run: u64,
}

impl DockerLab {
    pub fn new(seed: u64) -> DockerLab {
        DockerLab {
            screen: Screen::default(),
            dockerfile: build::FIRST_DOCKERFILE.to_string(),
            context: Context::new(seed),
            cache: BuildCache::default(),
            engine: Engine::new(seed),
            last_build: None,
            attached: None,
            lines_run: 0,
        }
    }

    pub fn screen(&self) -> &Screen {
        &self.screen
    }

    /// The prompt, or nothing while attached to a container.
    pub fn prompt(&self) -> String {
        if self.attached.is_some() {
            String::new()
        } else {
            PROMPT.to_string()
        }
    }

    pub fn dockerfile(&self) -> &str {
        &self.dockerfile
    }

    /// The editor's text becomes the Dockerfile (a file of the build context, so `COPY . .`
    /// sees the change).
    pub fn set_dockerfile(&mut self, text: &str) -> Result<(), TooLong> {
        if text.len() > MAX_DOCKERFILE_BYTES {
            return Err(TooLong);
        }
        if text != self.dockerfile {
            self.dockerfile = text.to_string();
            self.context.edit("Dockerfile");
        }
        Ok(())
    }

    pub fn last_build(&self) -> Option<&BuildReport> {
        self.last_build.as_ref()
    }

    /// The shop, asked on the host's port 8080, answers with its cache.
    pub fn shop_served(&self, now_ms: u64) -> bool {
        matches!(self.engine.answer(SHOP_PORT, now_ms), Answer::Page { cache: true, .. })
    }

    /// The learner changes a line of the shop's code.
    pub fn edit_code(&mut self) -> DockerEvent {
        self.context.edit(build::CODE_FILE);
        DockerEvent::CodeEdited
    }

    /// Runs one typed line at `now_ms`.
    pub fn enter(&mut self, line: &str, now_ms: u64) -> Ran {
        self.lines_run += 1;
        let line = self.screen.echo(&self.prompt(), line);
        if self.attached.is_some() {
            self.screen.hint(Hint::Attached);
            return Ran::default();
        }
        let Some(words) = self.screen.words(line) else { return Ran::default() };
        let Some((command, args)) = words.split_first() else { return Ran::default() };
        self.run_command(command, args, false, now_ms)
    }

    /// Ctrl+C: the typed text is dropped; an attached container gets SIGINT and stops.
    pub fn interrupt(&mut self, typed: &str, now_ms: u64) -> Ran {
        self.screen.echo_interrupt(&self.prompt(), typed);
        let Some(id) = self.attached.take() else { return Ran::default() };
        let Some(at) = self.engine.containers.iter().position(|c| c.id == id) else { return Ran::default() };
        self.engine.stop(at, now_ms);
        Ran { events: vec![DockerEvent::Stopped], took_ms: 0 }
    }

    pub fn clear(&mut self) {
        self.screen.clear();
    }

    fn run_command(&mut self, command: &str, args: &[String], root: bool, now_ms: u64) -> Ran {
        match command {
            "docker" => return self.docker(args, now_ms),
            "curl" => return self.curl(args, now_ms),
            "ls" => self.screen.out("Dockerfile  manage.py  requirements.txt  shop"),
            "cat" => self.cat(args),
            "free" => self.free(),
            "dmesg" if root => {
                let lines = self.engine.kernel_log.join("\n");
                self.screen.out(&lines);
            }
            "dmesg" => self.screen.err("dmesg: read kernel buffer failed: Operation not permitted"),
            "sudo" => match args.split_first() {
                Some((command, args)) => return self.run_command(command, args, true, now_ms),
                None => self.usage("usage: sudo command"),
            },
            "clear" => self.clear(),
            "help" => {
                self.screen.out("docker, curl, ls, cat, free -m, sudo dmesg, clear, help");
                self.screen.hint(Hint::Help);
            }
            "exit" | "logout" => self.screen.hint(Hint::StaysOpen),
            _ => {
                self.screen.err(&format!("-bash: {command}: command not found"));
                self.screen.hint(Hint::CommandNotFound);
            }
        }
        Ran::default()
    }

    fn usage(&mut self, usage: &str) {
        self.screen.err(usage);
        self.screen.hint(Hint::Usage);
    }

    /// Docker's own complaint about its command line, and where to read more.
    fn cli_error(&mut self, subcommand: &str, error: &str) {
        self.screen.err(&format!("docker: {error}"));
        self.screen.err("");
        self.screen.err(&format!("Run 'docker {subcommand} --help' for more information"));
        self.screen.hint(Hint::Usage);
    }

    fn daemon_error(&mut self, error: &str) {
        self.screen.err(&format!("Error response from daemon: {error}"));
    }

    fn cat(&mut self, args: &[String]) {
        if args.is_empty() {
            return self.usage("usage: cat FILE");
        }
        for file in args {
            match file.trim_start_matches("./") {
                "Dockerfile" => {
                    let text = self.dockerfile.clone();
                    self.screen.out(&text);
                }
                build::REQUIREMENTS_FILE => self.screen.out("Django==4.2.17\ngunicorn==23.0.0\nredis==5.2.1"),
                "shop/settings.py" => self.screen.out(&format!(
                    "CACHES = {{\"default\": {{\"BACKEND\": \"django.core.cache.backends.redis.RedisCache\",\n           \"LOCATION\": \"redis://{}:{}\"}}}}",
                    engine::CACHE_HOST,
                    engine::CACHE_PORT
                )),
                "shop/views.py" => self.screen.out("def home(request):\n    return render(request, \"home.html\", {\"cache\": cache_status()})"),
                "manage.py" => self.screen.out("#!/usr/bin/env python\n# Django's command-line utility for administrative tasks."),
                "shop" => self.screen.err("cat: shop: Is a directory"),
                other => self.screen.err(&format!("cat: {other}: No such file or directory")),
            }
        }
    }

    fn free(&mut self) {
        let used = self.engine.memory_used_mib();
        let free = HOST_MEMORY_MIB.saturating_sub(used);
        self.screen.out("               total        used        free      shared  buff/cache   available");
        self.screen
            .out(&format!("Mem:     {HOST_MEMORY_MIB:>11} {used:>11} {free:>11} {:>11} {:>11} {free:>11}", 0, 0));
    }

    fn curl(&mut self, args: &[String], now_ms: u64) -> Ran {
        let Some(target) = args.iter().find(|a| !a.starts_with('-')) else {
            self.screen.err("curl: try 'curl --help' or 'curl --manual' for more information");
            self.screen.hint(Hint::Usage);
            return Ran::default();
        };
        let rest = target.strip_prefix("http://").unwrap_or(target);
        let authority = rest.split('/').next().unwrap_or_default();
        let (host, port) = match authority.rsplit_once(':') {
            Some((host, port)) => (host, port.parse::<u16>().ok()),
            None => (authority, Some(80)),
        };
        let Some(port) = port.filter(|_| matches!(host, "localhost" | "127.0.0.1" | "0.0.0.0")) else {
            self.screen.err(&format!("curl: (6) Could not resolve host: {host}"));
            self.screen.hint(Hint::CurlLocalOnly);
            return Ran::default();
        };
        match self.engine.request(port, now_ms) {
            Answer::Refused => {
                self.screen.err(&format!(
                    "curl: (7) Failed to connect to {host} port {port} after 0 ms: Couldn't connect to server"
                ));
                self.screen.hint(Hint::NothingPublished);
            }
            Answer::Reset => {
                self.screen.err("curl: (56) Recv failure: Connection reset by peer");
                self.screen.hint(Hint::NotAnswering);
            }
            Answer::NotHttp => self.screen.err("curl: (52) Empty reply from server"),
            Answer::Page { container, cache } => {
                let state = if cache { "connected" } else { "unavailable" };
                self.screen
                    .out(&format!("<h1>Example shop</h1><p>Served by {:012x}; cache: {state}</p>", container >> 16));
                if !cache {
                    self.screen.hint(Hint::NoCacheByName);
                }
                return Ran { events: vec![DockerEvent::Served { cache }], took_ms: 0 };
            }
        }
        Ran::default()
    }

    fn docker(&mut self, args: &[String], now_ms: u64) -> Ran {
        let Some((sub, args)) = args.split_first() else {
            self.screen.out("Usage:  docker [OPTIONS] COMMAND");
            self.screen.out(&format!("Commands: {}", DOCKER_COMMANDS.join(", ")));
            return Ran::default();
        };
        let mut events = Vec::new();
        match sub.as_str() {
            "build" => return self.build(args),
            "images" => self.images(now_ms),
            "run" => events = self.run(args, now_ms),
            "ps" => self.ps(args, now_ms),
            "logs" => self.logs(args),
            "exec" => self.exec(args),
            "stop" | "start" | "rm" => events = self.each(sub, args, now_ms),
            "network" => events = self.network(args),
            "stats" => self.stats(),
            "help" | "--help" => self.screen.out(&format!("Commands: {}", DOCKER_COMMANDS.join(", "))),
            other => {
                self.screen.err(&format!("docker: unknown command: docker {other}"));
                self.screen.err("");
                self.screen.err("Run 'docker --help' for more information");
                self.screen.hint(Hint::CommandNotFound);
            }
        }
        Ran { events, took_ms: 0 }
    }

    fn build(&mut self, args: &[String]) -> Ran {
        const FLAGS: [Flag; 1] = [Flag { long: "tag", short: Some('t'), takes_value: true }];
        let parsed = match flags::parse(args, &FLAGS) {
            Ok(parsed) => parsed,
            Err(error) => {
                self.cli_error("build", &error);
                return Ran::default();
            }
        };
        match parsed.operands.as_slice() {
            [path] if path == "." || path == "./" => {}
            [path] => {
                self.screen.err(&format!("ERROR: unable to prepare context: path \"{path}\" not found"));
                self.screen.hint(Hint::Usage);
                return Ran::default();
            }
            _ => {
                self.cli_error("build", "'docker buildx build' requires 1 argument");
                return Ran::default();
            }
        }
        let (repo, tag) = match parsed.value("tag") {
            Some(reference) => match reference.split_once(':') {
                Some((repo, tag)) => (repo.to_string(), tag.to_string()),
                None => (reference.to_string(), "latest".to_string()),
            },
            None => ("<none>".to_string(), "<none>".to_string()),
        };
        if repo != "<none>" && !valid_reference(&repo, &tag) {
            self.cli_error(
                "build",
                &format!("invalid tag \"{}\": invalid reference format", parsed.value("tag").unwrap_or("")),
            );
            return Ran::default();
        }
        let (report, built) = build::build(&self.context, &self.dockerfile, &mut self.cache);
        self.print_build(&report, &repo, &tag);
        let took_ms = report.took_ms;
        let steps =
            report.steps.iter().filter(|s| s.instruction.keyword.is_step() && s.instruction.keyword != Keyword::From);
        let cached = steps.filter(|s| s.cached).count() as u8;
        let ran = report.ran() as u8;
        self.last_build = Some(report);
        let Some(built) = built else {
            self.screen.hint(Hint::BuildFailed);
            return Ran { events: vec![DockerEvent::BuildFailed], took_ms };
        };
        if cached > 0 && ran > 0 {
            self.screen.hint(Hint::LayersReused);
        }
        let app = if !built.installed {
            App::Broken { code: 127, says: "/bin/sh: 1: gunicorn: not found" }
        } else if !built.has_code {
            App::Broken { code: 3, says: "ModuleNotFoundError: No module named 'shop'" }
        } else {
            match &built.cmd {
                Some(cmd) if cmd.contains("gunicorn") => {
                    App::Shop { port: cmd.split("0.0.0.0:").nth(1).and_then(|p| p.split(' ').next()?.parse().ok()) }
                }
                _ => App::Ends,
            }
        };
        let command = built.cmd.clone().unwrap_or_else(|| "python3".to_string());
        self.engine.add_image(Image {
            id: built.id,
            repo,
            tag,
            created_ms: Some(0),
            size_kb: built.size_kb,
            app,
            command,
            env: built.env,
        });
        Ran { events: vec![DockerEvent::Built { ran, cached }], took_ms }
    }

    fn print_build(&mut self, report: &BuildReport, repo: &str, tag: &str) {
        let steps = report.steps.iter().filter(|s| s.instruction.keyword.is_step()).count();
        let state = if report.error.is_some() { "ERROR" } else { "FINISHED" };
        self.screen.out(&format!("[+] Building {} ({steps}/{steps}) {state}", seconds(report.took_ms)));
        self.screen.out(" => [internal] load build definition from Dockerfile");
        let mut n = 0;
        for step in &report.steps {
            if !step.instruction.keyword.is_step() {
                continue;
            }
            n += 1;
            let mut text = step.instruction.text();
            if step.instruction.keyword == Keyword::From {
                text = format!("FROM docker.io/library/{}", step.instruction.args);
            }
            let line = if step.cached {
                format!(" => CACHED [{n}/{steps}] {text}")
            } else {
                format!(" => [{n}/{steps}] {text}  {}", seconds(step.took_ms))
            };
            self.screen.out(&line);
            if let Some(said) = step.said {
                self.screen.err(&format!(" => => {said}"));
            }
        }
        match &report.error {
            Some(error) => self.screen.err(&format!("ERROR: failed to solve: {error}")),
            None => {
                self.screen.out(" => exporting to image");
                if repo != "<none>" {
                    self.screen.out(&format!(" => => naming to docker.io/library/{repo}:{tag}"));
                }
            }
        }
    }

    fn images(&mut self, now_ms: u64) {
        let mut rows =
            vec![vec!["REPOSITORY".to_string(), "TAG".into(), "IMAGE ID".into(), "CREATED".into(), "SIZE".into()]];
        for image in self.engine.images.iter().rev() {
            let created = match image.created_ms {
                Some(at) => ago(now_ms.saturating_sub(at)),
                None => "3 weeks ago".to_string(),
            };
            rows.push(vec![
                image.repo.clone(),
                image.tag.clone(),
                format!("{:012x}", image.id >> 16),
                created,
                format!("{}MB", (image.size_kb + 500) / 1_000),
            ]);
        }
        self.table(&rows);
    }

    /// Prints `rows` (the header first, every row as wide) in columns three spaces apart.
    fn table(&mut self, rows: &[Vec<String>]) {
        let columns = rows.first().map_or(0, Vec::len);
        let mut widths = vec![0; columns];
        for row in rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        for row in rows {
            let mut line = String::new();
            for (i, (cell, w)) in row.iter().zip(&widths).enumerate() {
                line.push_str(cell);
                if i + 1 < columns {
                    line.push_str(&" ".repeat(w - cell.chars().count() + 3));
                }
            }
            self.screen.print(LineKind::Output, line);
        }
    }

    fn run(&mut self, args: &[String], now_ms: u64) -> Vec<DockerEvent> {
        const FLAGS: [Flag; 9] = [
            Flag { long: "detach", short: Some('d'), takes_value: false },
            Flag { long: "publish", short: Some('p'), takes_value: true },
            Flag { long: "name", short: None, takes_value: true },
            Flag { long: "memory", short: Some('m'), takes_value: true },
            Flag { long: "cpus", short: None, takes_value: true },
            Flag { long: "network", short: None, takes_value: true },
            Flag { long: "env", short: Some('e'), takes_value: true },
            Flag { long: "interactive", short: Some('i'), takes_value: false },
            Flag { long: "tty", short: Some('t'), takes_value: false },
        ];
        let parsed = match flags::parse(args, &FLAGS) {
            Ok(parsed) => parsed,
            Err(error) => {
                self.cli_error("run", &error);
                return Vec::new();
            }
        };
        let Some(image) = parsed.operands.first().cloned() else {
            self.cli_error("run", "'docker run' requires at least 1 argument");
            return Vec::new();
        };
        let request = match run_request(&parsed, image) {
            Ok(request) => request,
            Err(error) => {
                self.cli_error("run", &error);
                return Vec::new();
            }
        };
        if self.engine.image(&request.image).is_none() {
            let full =
                if request.image.contains(':') { request.image.clone() } else { format!("{}:latest", request.image) };
            self.screen.err(&format!("Unable to find image '{full}' locally"));
        }
        let detach = parsed.has("detach");
        let kernel_lines = self.engine.kernel_log.len();
        let result = self.engine.run(request, now_ms);
        let mut events = Vec::new();
        match result {
            Err(error) => {
                self.screen.err(&format!("docker: Error response from daemon: {error}"));
                self.screen.err("");
                self.screen.err("Run 'docker run --help' for more information");
                if let Some(port) =
                    error.split("0.0.0.0:").nth(1).and_then(|p| p.split([' ', ':']).next()?.parse().ok())
                {
                    events.push(DockerEvent::PortTaken { port });
                    self.screen.hint(Hint::PortTaken);
                } else if error.starts_with("Conflict.") {
                    self.screen.hint(Hint::NameTaken);
                } else {
                    self.screen.hint(Hint::NoSuchObject);
                }
            }
            Ok(at) => {
                let c = &self.engine.containers[at];
                let (id, running) = (c.id, c.running());
                if detach {
                    self.screen.out(&long_id(id));
                } else {
                    let logs = c.logs.join("\n");
                    self.screen.out(&logs);
                    if running {
                        self.attached = Some(id);
                    }
                }
                events.push(DockerEvent::Started);
                events.extend(self.memory_news(kernel_lines, at));
            }
        }
        events
    }

    /// Hints and events for out-of-memory kills since the kernel log had `before` lines.
    fn memory_news(&mut self, before: usize, started: usize) -> Vec<DockerEvent> {
        let kills = self.engine.kernel_log.len().saturating_sub(before);
        if kills == 0 {
            return Vec::new();
        }
        let own_limit = self.engine.containers.get(started).is_some_and(|c| c.oom_killed);
        self.screen.hint(if own_limit { Hint::OverMemoryLimit } else { Hint::HostOutOfMemory });
        vec![DockerEvent::OutOfMemory { own_limit }; kills]
    }

    fn ps(&mut self, args: &[String], now_ms: u64) {
        const FLAGS: [Flag; 1] = [Flag { long: "all", short: Some('a'), takes_value: false }];
        let all = match flags::parse(args, &FLAGS) {
            Ok(parsed) => parsed.has("all"),
            Err(error) => return self.cli_error("ps", &error),
        };
        let mut rows = vec![vec![
            "CONTAINER ID".to_string(),
            "IMAGE".into(),
            "COMMAND".into(),
            "CREATED".into(),
            "STATUS".into(),
            "PORTS".into(),
            "NAMES".into(),
        ]];
        for c in self.engine.containers.iter().rev().filter(|c| all || c.running()) {
            let command: String = if c.command.chars().count() > 20 {
                format!("\"{}…\"", c.command.chars().take(19).collect::<String>())
            } else {
                format!("\"{}\"", c.command)
            };
            let status = match c.state {
                State::Created => "Created".to_string(),
                State::Running => format!("Up {}", since(now_ms.saturating_sub(c.started_ms))),
                State::Exited { code, at_ms } => format!("Exited ({code}) {}", ago(now_ms.saturating_sub(at_ms))),
            };
            let ports = if c.running() {
                c.ports.iter().map(|(h, p)| format!("0.0.0.0:{h}->{p}/tcp")).collect::<Vec<_>>().join(", ")
            } else {
                String::new()
            };
            rows.push(vec![
                format!("{:012x}", c.id >> 16),
                c.image.clone(),
                command,
                ago(now_ms.saturating_sub(c.created_ms)),
                status,
                ports,
                c.name.clone(),
            ]);
        }
        self.table(&rows);
    }

    /// The container a command's operand names, or an error printed.
    fn container(&mut self, name: &str) -> Option<usize> {
        let found = self.engine.find(name);
        if found.is_none() {
            self.daemon_error(&format!("No such container: {name}"));
            self.screen.hint(Hint::NoSuchObject);
        }
        found
    }

    fn logs(&mut self, args: &[String]) {
        let [name] = args else { return self.cli_error("logs", "'docker logs' requires exactly 1 argument") };
        if let Some(at) = self.container(name) {
            let logs = self.engine.containers[at].logs.join("\n");
            self.screen.out(&logs);
            if self.engine.containers[at].oom_killed {
                self.screen.hint(Hint::OverMemoryLimit);
            }
        }
    }

    fn exec(&mut self, args: &[String]) {
        let [name, command, rest @ ..] = args else {
            return self.cli_error("exec", "'docker exec' requires at least 2 arguments");
        };
        let Some(at) = self.container(name) else { return };
        let c = &self.engine.containers[at];
        if !c.running() {
            return self.daemon_error(&format!("container {} is not running", long_id(c.id)));
        }
        match (command.as_str(), rest) {
            ("hostname", []) => self.screen.out(&format!("{:012x}", c.id >> 16)),
            ("env", []) => {
                let mut lines = vec![format!("HOSTNAME={:012x}", c.id >> 16)];
                lines.extend(c.env.iter().map(|(k, v)| format!("{k}={v}")));
                self.screen.out(&lines.join("\n"));
            }
            ("getent", [hosts, host]) if hosts == "hosts" => match self.engine.resolve(at, host) {
                Some(address) => self.screen.out(&format!("{address}      {host}")),
                None => self.screen.hint(Hint::NoCacheByName),
            },
            ("ls", _) if matches!(c.app, App::Shop { .. }) => {
                self.screen.out("Dockerfile  manage.py  requirements.txt  shop")
            }
            ("sh" | "bash", []) => self.screen.hint(Hint::OneCommandPerExec),
            (other, _) => {
                self.screen.err(&format!(
                    "OCI runtime exec failed: exec failed: unable to start container process: exec: \"{other}\": executable file not found in $PATH: unknown"
                ));
                self.screen.hint(Hint::OneCommandPerExec);
            }
        }
    }

    /// `docker stop|start|rm NAME...`: each name in turn, printed back when it worked.
    fn each(&mut self, sub: &str, args: &[String], now_ms: u64) -> Vec<DockerEvent> {
        let force = args.iter().any(|a| a == "-f" || a == "--force") && sub == "rm";
        let names: Vec<&String> = args.iter().filter(|a| !a.starts_with('-')).collect();
        if names.is_empty() || args.len() - names.len() > usize::from(force) {
            self.cli_error(sub, &format!("'docker {sub}' requires at least 1 argument"));
            return Vec::new();
        }
        let mut events = Vec::new();
        for name in names {
            let Some(at) = self.container(name) else { continue };
            let kernel_lines = self.engine.kernel_log.len();
            let result = match sub {
                "stop" => {
                    self.engine.stop(at, now_ms);
                    events.push(DockerEvent::Stopped);
                    Ok(())
                }
                "start" => self.engine.start(at, now_ms).inspect(|_| events.push(DockerEvent::Started)),
                _ => self.engine.remove(at, force, now_ms).inspect(|_| events.push(DockerEvent::Removed)),
            };
            match result {
                Ok(()) => {
                    self.screen.out(name);
                    if sub == "start" {
                        events.extend(self.memory_news(kernel_lines, at));
                    }
                }
                Err(error) => {
                    self.daemon_error(&error);
                    if error.contains("port is already allocated") {
                        self.screen.hint(Hint::PortTaken);
                    }
                }
            }
        }
        events
    }

    fn network(&mut self, args: &[String]) -> Vec<DockerEvent> {
        match args {
            [create, name] if create == "create" => match self.engine.create_network(name) {
                Ok(id) => {
                    self.screen.out(&long_id(id));
                    return vec![DockerEvent::NetworkCreated];
                }
                Err(error) => self.daemon_error(&error),
            },
            [ls] if ls == "ls" => {
                let mut rows = vec![vec!["NETWORK ID".to_string(), "NAME".into(), "DRIVER".into(), "SCOPE".into()]];
                for n in &self.engine.networks {
                    rows.push(vec![format!("{:012x}", n.id >> 16), n.name.clone(), "bridge".into(), "local".into()]);
                }
                self.table(&rows);
            }
            _ => self.usage("usage: docker network create NAME | docker network ls"),
        }
        Vec::new()
    }

    fn stats(&mut self) {
        let mut rows = vec![vec![
            "CONTAINER ID".to_string(),
            "NAME".into(),
            "CPU %".into(),
            "MEM USAGE / LIMIT".into(),
            "MEM %".into(),
        ]];
        for c in self.engine.containers.iter().filter(|c| c.running()) {
            let spec = c.app.service().map(|s| s.spec());
            let cpu = spec.map_or(0, |s| s.cpu_milli).min(c.cpus_milli.unwrap_or(u32::MAX));
            let limit = c.memory_limit_mib.unwrap_or(HOST_MEMORY_MIB);
            let used = c.app.memory_mib();
            rows.push(vec![
                format!("{:012x}", c.id >> 16),
                c.name.clone(),
                format!("{}.{:02}%", cpu / 10, (cpu % 10) * 10),
                format!("{} / {}", mib(used), mib(limit)),
                format!("{}.{:02}%", used * 100 / limit, (used * 10_000 / limit) % 100),
            ]);
        }
        self.table(&rows);
    }

    /// Words Tab may complete the last word of `line` with, by the words before it.
    pub fn candidates(&self, line: &str) -> Vec<String> {
        let mut typed = words(line).unwrap_or_default();
        if !line.ends_with([' ', '\t']) {
            // The word being completed is not one of those that choose the candidates.
            typed.pop();
        }
        if !line.trim_start().contains([' ', '\t']) {
            return HOST_COMMANDS.iter().map(|c| c.to_string()).collect();
        }
        let names = || self.engine.containers.iter().map(|c| c.name.clone());
        let list: Vec<String> = match typed.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
            ["docker"] => DOCKER_COMMANDS.iter().map(|c| c.to_string()).collect(),
            ["docker", "run", ..] => ["-d", "-p", "--name", "--memory", "--cpus", "--network", "-e"]
                .into_iter()
                .map(String::from)
                .chain(self.engine.images.iter().filter(|i| i.repo != "<none>").map(Image::reference))
                .chain(self.engine.networks.iter().map(|n| n.name.clone()))
                .collect(),
            ["docker", "build", ..] => vec!["-t".into(), ".".into()],
            ["docker", "network", ..] => vec!["create".into(), "ls".into()],
            ["docker", "ps", ..] => vec!["-a".into()],
            ["docker", "logs" | "stop" | "start" | "rm" | "exec", ..] => names().collect(),
            ["curl", ..] => vec!["localhost:8080".into()],
            ["cat", ..] => build::CONTEXT_FILES.iter().map(|f| f.to_string()).collect(),
            ["free", ..] => vec!["-m".into()],
            ["sudo", ..] => vec!["dmesg".into()],
            _ => Vec::new(),
        };
        list
    }

    /// The second's figures: whether the shop is served with its cache on the host's port 8080,
    /// and the latest build's steps run and time.
    pub fn measure(&self, now_ms: u64, sample: &mut Sample) {
        sample.set(Metric::ShopServed, if self.shop_served(now_ms) { 100.0 } else { 0.0 });
        if let Some(report) = &self.last_build {
            sample.set(Metric::StepsRebuilt, report.ran() as f64);
            sample.set(Metric::BuildMs, report.took_ms as f64);
        }
    }

    /// Figures that two equal runs share, for the world's digest.
    pub fn fingerprint(&self) -> [u64; 4] {
        let states = self.engine.containers.iter().fold(0u64, |acc, c| {
            let state = match c.state {
                State::Created => 1,
                State::Running => 2,
                State::Exited { code, .. } => 3 + code as u64,
            };
            acc.rotate_left(9) ^ c.id ^ state
        });
        let images = self.engine.images.iter().fold(0u64, |acc, i| acc.rotate_left(7) ^ i.id);
        [self.lines_run, self.screen.printed(), states, images ^ self.cache.len() as u64]
    }
}

/// The host port the shop is published on in the challenge.
pub const SHOP_PORT: u16 = 8080;

const HOST_COMMANDS: [&str; 9] = ["cat", "clear", "curl", "docker", "exit", "free", "help", "ls", "sudo"];
const DOCKER_COMMANDS: [&str; 11] =
    ["build", "exec", "images", "logs", "network", "ps", "rm", "run", "start", "stats", "stop"];

/// `docker run`'s flags read into a request; the error is Docker's.
fn run_request(parsed: &flags::Parsed, image: String) -> Result<RunRequest, String> {
    let mut request = RunRequest { image, name: parsed.value("name").map(String::from), ..RunRequest::default() };
    for spec in parsed.values("publish") {
        request.ports.push(publish(spec)?);
    }
    if let Some(memory) = parsed.value("memory") {
        let mib = memory_mib(memory).ok_or_else(|| {
            format!("invalid argument \"{memory}\" for \"-m, --memory\" flag: invalid size: '{memory}'")
        })?;
        if mib < MIN_MEMORY_LIMIT_MIB {
            return Err("Minimum memory limit allowed is 6MB".to_string());
        }
        request.memory_limit_mib = Some(mib);
    }
    if let Some(cpus) = parsed.value("cpus") {
        let milli = cpus_milli(cpus).ok_or_else(|| {
            format!("invalid argument \"{cpus}\" for \"--cpus\" flag: failed to parse {cpus} as a rational number")
        })?;
        if milli == 0 || milli > HOST_CORES_MILLI {
            return Err(format!(
                "range of CPUs is from 0.01 to {}.00, as there are only {} CPUs available",
                HOST_CORES_MILLI / 1_000,
                HOST_CORES_MILLI / 1_000
            ));
        }
        request.cpus_milli = Some(milli);
    }
    request.network = parsed.value("network").map(String::from);
    for pair in parsed.values("env") {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        request.env.push((key.to_string(), value.to_string()));
    }
    Ok(request)
}

/// `-p HOST:CONTAINER` or `-p CONTAINER` (a host port of Docker's choosing).
fn publish(spec: &str) -> Result<(Option<u16>, u16), String> {
    let spec = spec.trim_end_matches("/tcp");
    let port = |text: &str, what: &str| {
        text.parse::<u16>().ok().filter(|p| *p > 0).ok_or_else(|| format!("invalid {what}: {text}"))
    };
    match spec.split_once(':') {
        Some((host, inside)) => Ok((Some(port(host, "hostPort")?), port(inside, "containerPort")?)),
        None => Ok((None, port(spec, "containerPort")?)),
    }
}

/// A size as Docker reads it (`512m`, `1g`, `1.5g`, `256MB`), in MiB (rounded down).
pub fn memory_mib(text: &str) -> Option<u32> {
    let lower = text.to_ascii_lowercase();
    let digits_end = lower.find(|c: char| !c.is_ascii_digit() && c != '.').unwrap_or(lower.len());
    let (number, unit) = lower.split_at(digits_end);
    let kib_per: u64 = match unit.trim_end_matches('b') {
        "" => return number.parse::<u64>().ok().map(|b| (b / (1024 * 1024)).min(u64::from(u32::MAX)) as u32),
        "k" => 1,
        "m" => 1_024,
        "g" => 1_024 * 1_024,
        _ => return None,
    };
    let thousandths = decimal_thousandths(number)?;
    let kib = thousandths.checked_mul(kib_per)? / 1_000;
    u32::try_from(kib / 1_024).ok()
}

/// `--cpus` as millicores: `0.5` is 500.
fn cpus_milli(text: &str) -> Option<u32> {
    u32::try_from(decimal_thousandths(text)?).ok()
}

/// A decimal number with up to three places, times 1,000.
fn decimal_thousandths(text: &str) -> Option<u64> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if whole.is_empty() && fraction.is_empty() || fraction.len() > 3 {
        return None;
    }
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || !all_digits(fraction) {
        return None;
    }
    let whole: u64 = if whole.is_empty() { 0 } else { whole.parse().ok()? };
    let fraction: u64 = format!("{fraction:0<3}").parse().ok()?;
    whole.checked_mul(1_000)?.checked_add(fraction)
}

/// Docker's rule for an image's repository and tag.
fn valid_reference(repo: &str, tag: &str) -> bool {
    let repo_ok = !repo.is_empty()
        && repo.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'.' | b'_' | b'-' | b'/'));
    let tag_ok = !tag.is_empty()
        && tag.len() <= 128
        && tag.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'-'));
    repo_ok && tag_ok
}

/// `18.4s`, as BuildKit prints a duration.
fn seconds(ms: u64) -> String {
    format!("{}.{}s", ms / 1_000, (ms % 1_000) / 100)
}

/// `512MiB`, `16GiB`, as `docker stats` prints memory.
fn mib(value: u32) -> String {
    if value >= 1_024 && value.is_multiple_of(1_024) {
        format!("{}GiB", value / 1_024)
    } else {
        format!("{value}MiB")
    }
}

/// How long ago, as `docker ps` says it.
fn ago(ms: u64) -> String {
    format!("{} ago", since(ms))
}

/// A duration as Docker words it (`Less than a second`, `5 seconds`, `About a minute`).
fn since(ms: u64) -> String {
    let s = ms / 1_000;
    match s {
        0 => "Less than a second".to_string(),
        1 => "1 second".to_string(),
        2..=59 => format!("{s} seconds"),
        60..=119 => "About a minute".to_string(),
        120..=3_599 => format!("{} minutes", s / 60),
        3_600..=7_199 => "About an hour".to_string(),
        _ => format!("{} hours", s / 3_600),
    }
}
