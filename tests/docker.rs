//! Chapter 8's Docker lab: the Dockerfile's layer cache, containers, published ports through
//! chapter 4's network, memory limits and the host's out-of-memory killer, and bad input: 10^5
//! random lines, and a property over random sessions that ports and memory stay consistent.

#![cfg(not(target_arch = "wasm32"))]

use proptest::prelude::*;
use server_lab::sim::host::catalog::{self, HostKind, ServiceKind};
use server_lab::sim::rng::Pcg32;
use server_lab::sim::shell::docker::build::{self, BuildCache, Context, PIP_INSTALL_MS};
use server_lab::sim::shell::docker::engine::{Answer, State, HOST_MEMORY_MIB, PROXY};
use server_lab::sim::shell::docker::{memory_mib, DockerEvent, DockerLab, SHOP_PORT};
use server_lab::sim::shell::flags::{self, Flag};
use server_lab::sim::shell::parse::MAX_LINE_BYTES;
use server_lab::sim::shell::screen::MAX_SCREEN_LINES;
use server_lab::sim::shell::{Hint, LineKind};

mod support;

/// The Dockerfile that installs the dependencies before it copies the code.
const ORDERED: &str = "FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
COPY . .
CMD [\"gunicorn\", \"--bind\", \"0.0.0.0:80\", \"shop.wsgi\"]
";

/// Every line printed since `from`, joined.
fn output(lab: &DockerLab, from: usize) -> String {
    lab.screen().lines().skip(from).map(|l| l.text.as_str()).collect::<Vec<_>>().join("\n")
}

/// Types `line` and returns what it printed, hints as `hint:Name`.
fn typed(lab: &mut DockerLab, line: &str, now_ms: u64) -> String {
    let from = lab.screen().lines().len();
    lab.enter(line, now_ms);
    lab.screen()
        .lines()
        .skip(from + 1)
        .map(|l| match l.kind {
            LineKind::Hint(hint) => format!("hint:{hint:?}"),
            _ => l.text.clone(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn has_hint(lab: &DockerLab, hint: Hint) -> bool {
    lab.screen().lines().any(|l| l.kind == LineKind::Hint(hint))
}

/// Steps that ran, by instruction text, in the latest build.
fn ran_steps(lab: &DockerLab) -> Vec<String> {
    let report = lab.last_build().expect("a build");
    report
        .steps
        .iter()
        .filter(|s| s.instruction.keyword.is_step() && s.instruction.keyword != build::Keyword::From && !s.cached)
        .map(|s| s.instruction.text())
        .collect()
}

#[test]
fn a_first_build_runs_every_step_and_an_unchanged_rebuild_comes_from_the_cache() {
    let mut lab = DockerLab::new(1);
    let first = lab.enter("docker build -t web .", 0);
    assert_eq!(first.events, vec![DockerEvent::Built { ran: 3, cached: 0 }]);
    // Sending the context and writing the image 0.4 s, COPY 0.1 s, pip 18.4 s.
    assert_eq!(first.took_ms, 400 + 100 + PIP_INSTALL_MS);
    assert!(output(&lab, 0).contains("[+] Building 18.9s (4/4) FINISHED"));
    let again = lab.enter("docker build -t web .", 60_000);
    assert_eq!(again.events, vec![DockerEvent::Built { ran: 0, cached: 3 }]);
    assert_eq!(again.took_ms, 400);
    assert!(output(&lab, 0).contains(" => CACHED [4/4] RUN pip install -r requirements.txt"));
}

#[test]
fn copying_everything_first_makes_a_code_change_install_the_dependencies_again() {
    let mut lab = DockerLab::new(1);
    lab.enter("docker build -t web .", 0);
    lab.edit_code();
    let ran = lab.enter("docker build -t web .", 60_000);
    assert_eq!(ran_steps(&lab), ["COPY . .", "RUN pip install -r requirements.txt"]);
    assert_eq!(ran.took_ms, 400 + 100 + PIP_INSTALL_MS);
    assert!(has_hint(&lab, Hint::LayersReused));
}

#[test]
fn installing_before_copying_the_code_rebuilds_only_the_last_copy() {
    let mut lab = DockerLab::new(1);
    lab.set_dockerfile(ORDERED).expect("short");
    lab.enter("docker build -t web .", 0);
    lab.edit_code();
    let ran = lab.enter("docker build -t web .", 60_000);
    assert_eq!(ran_steps(&lab), ["COPY . ."]);
    assert_eq!(ran.took_ms, 500, "0.4 s of context and export, 0.1 s of copying");
    assert_eq!(ran.events, vec![DockerEvent::Built { ran: 1, cached: 3 }]);
}

#[test]
fn editing_the_dockerfile_reruns_from_the_changed_line_and_copy_dot_sees_it() {
    let mut lab = DockerLab::new(1);
    lab.set_dockerfile(ORDERED).expect("short");
    lab.enter("docker build -t web .", 0);
    lab.set_dockerfile(&ORDERED.replace("CMD", "ENV MODE=production\nCMD")).expect("short");
    lab.enter("docker build -t web .", 1_000);
    // ENV is a setting, not a step; but the Dockerfile is in the context, so COPY . . runs.
    assert_eq!(ran_steps(&lab), ["COPY . ."]);
}

#[test]
fn the_same_dockerfile_and_files_give_the_same_image_and_a_moved_tag_leaves_none() {
    let mut lab = DockerLab::new(1);
    lab.enter("docker build -t web .", 0);
    lab.enter("docker build -t web .", 1_000);
    let tagged = |lab: &DockerLab| lab.engine.images.iter().filter(|i| i.repo == "web").count();
    assert_eq!(tagged(&lab), 1);
    assert!(lab.engine.images.iter().all(|i| i.repo != "<none>"), "an unchanged rebuild is the same image");
    lab.edit_code();
    lab.enter("docker build -t web .", 2_000);
    assert_eq!(tagged(&lab), 1);
    assert_eq!(lab.engine.images.iter().filter(|i| i.repo == "<none>").count(), 1);
}

#[test]
fn installing_before_copying_the_requirements_fails_like_pip_does() {
    let mut lab = DockerLab::new(1);
    lab.set_dockerfile("FROM python:3.12-slim\nWORKDIR /app\nRUN pip install -r requirements.txt\n").expect("short");
    let ran = lab.enter("docker build -t web .", 0);
    assert_eq!(ran.events, vec![DockerEvent::BuildFailed]);
    let out = output(&lab, 0);
    assert!(out.contains("Could not open requirements file: [Errno 2] No such file or directory: 'requirements.txt'"));
    assert!(out.contains(
        "ERROR: failed to solve: process \"/bin/sh -c pip install -r requirements.txt\" did not complete successfully: exit code: 1"
    ));
    assert!(lab.engine.image("web").is_none());
}

#[test]
fn dockerfile_mistakes_get_buildkits_own_errors() {
    let cases = [
        ("", "the Dockerfile cannot be empty"),
        ("# only a comment\n", "the Dockerfile cannot be empty"),
        ("RUN echo hi\n", "dockerfile parse error on line 1: no build stage in current context"),
        ("FROM python:3.12-slim\n\nRUNN pip install\n", "dockerfile parse error on line 3: unknown instruction: RUNN"),
        ("FROM python:3.12-slim\nCOPY .\n", "dockerfile parse error on line 2: COPY requires at least two arguments"),
        ("FROM python:2\n", "python:2: failed to resolve source metadata for docker.io/library/python:2: not found"),
        ("FROM python:3.12-slim\nCOPY requirements.tx .\n", "\"/requirements.tx\": not found"),
    ];
    for (dockerfile, error) in cases {
        let mut lab = DockerLab::new(1);
        lab.set_dockerfile(dockerfile).expect("short");
        lab.enter("docker build -t web .", 0);
        let out = output(&lab, 0);
        assert!(out.contains(error), "{dockerfile:?}: {out}");
        assert!(has_hint(&lab, Hint::BuildFailed));
    }
}

#[test]
fn a_continued_line_is_one_instruction_named_by_its_first_line() {
    let parsed =
        build::parse("FROM python:3.12-slim\nRUN pip install \\\n    -r requirements.txt\nbad").expect_err("bad");
    assert_eq!(parsed, "dockerfile parse error on line 4: unknown instruction: bad");
    let ok = build::parse("from python:3.12-slim\nRUN a \\\n  b\n").expect("parses");
    assert_eq!(ok[1].args, "a b");
    assert_eq!(ok[1].line, 2);
}

#[test]
fn a_dockerfile_over_4_kb_is_refused_and_the_old_one_kept() {
    let mut lab = DockerLab::new(1);
    let long = format!("FROM python:3.12-slim\n{}", "RUN echo x\n".repeat(400));
    assert!(lab.set_dockerfile(&long).is_err());
    assert_eq!(lab.dockerfile(), build::FIRST_DOCKERFILE);
}

#[test]
fn the_build_cache_stays_bounded() {
    let mut cache = BuildCache::default();
    let mut context = Context::new(3);
    for _ in 0..500 {
        context.edit(build::CODE_FILE);
        build::build(&context, build::FIRST_DOCKERFILE, &mut cache);
    }
    assert_eq!(cache.len(), 200);
}

/// Builds the shop and runs it published on 8080, on `network` if given.
fn shop(lab: &mut DockerLab, network: Option<&str>) {
    lab.set_dockerfile(ORDERED).expect("short");
    lab.enter("docker build -t web .", 0);
    let net = network.map(|n| format!("--network {n} ")).unwrap_or_default();
    lab.enter(&format!("docker run -d -p 8080:80 --name web {net}web"), 1_000);
}

#[test]
fn a_published_shop_answers_once_started_and_without_a_cache_says_so() {
    let mut lab = DockerLab::new(1);
    shop(&mut lab, None);
    // The web app's start-up on a container engine: creating the container, then the app.
    let ready = 1_000 + catalog::start_ms(HostKind::ContainerEngine, ServiceKind::WebApp);
    assert_eq!(ready, 4_000);
    assert_eq!(lab.engine.request(SHOP_PORT, ready - 1), Answer::Reset);
    assert!(matches!(lab.engine.request(SHOP_PORT, ready), Answer::Page { cache: false, .. }));
    let out = typed(&mut lab, "curl localhost:8080", ready);
    assert!(out.contains("cache: unavailable") && out.contains("hint:NoCacheByName"), "{out}");
    assert_eq!(lab.engine.request(8081, ready), Answer::Refused);
    let listener = |lab: &DockerLab, port| {
        lab.engine.net.network.machine(lab.engine.net.server).and_then(|m| m.listener(port)).cloned()
    };
    assert_eq!(listener(&lab, SHOP_PORT).as_deref(), Some(PROXY), "the host listens on 8080 in chapter 4's network");
    lab.enter("docker stop web", ready);
    assert_eq!(listener(&lab, SHOP_PORT), None, "a stopped container lets its port go");
    assert_eq!(lab.engine.request(SHOP_PORT, ready), Answer::Refused);
}

#[test]
fn two_containers_cannot_publish_one_host_port() {
    let mut lab = DockerLab::new(1);
    shop(&mut lab, None);
    let ran = lab.enter("docker run -d -p 8080:80 --name web2 web", 2_000);
    assert_eq!(ran.events, vec![DockerEvent::PortTaken { port: 8080 }]);
    let out = output(&lab, 0);
    assert!(out.contains(
        "docker: Error response from daemon: driver failed programming external connectivity on endpoint web2 ("
    ));
    assert!(out.contains("): Bind for 0.0.0.0:8080 failed: port is already allocated"));
    assert!(has_hint(&lab, Hint::PortTaken));
    let web2 = lab.engine.find("web2").expect("made, as Docker leaves it");
    assert_eq!(lab.engine.containers[web2].state, State::Created);
    // Another host port works, and so does 8080 once the first lets it go.
    assert!(typed(&mut lab, "docker run -d -p 8081:80 --name web3 web", 3_000).len() == 64);
    lab.enter("docker stop web", 4_000);
    assert_eq!(typed(&mut lab, "docker start web2", 5_000), "web2");
    assert!(lab.engine.containers[web2].running());
}

#[test]
fn a_port_the_host_serves_itself_cannot_be_published() {
    let mut lab = DockerLab::new(1);
    shop(&mut lab, None);
    let out = typed(&mut lab, "docker run -d -p 22:80 web", 2_000);
    assert!(
        out.contains("Error starting userland proxy: listen tcp4 0.0.0.0:22: bind: address already in use"),
        "{out}"
    );
}

#[test]
fn the_shop_reaches_its_cache_by_name_only_on_a_created_network() {
    let mut lab = DockerLab::new(1);
    lab.enter("docker run -d --name cache redis:7", 0);
    shop(&mut lab, None);
    assert!(!lab.shop_served(20_000), "on the default bridge, names do not resolve");
    let mut lab = DockerLab::new(1);
    assert_eq!(lab.enter("docker network create shop", 0).events, vec![DockerEvent::NetworkCreated]);
    lab.enter("docker run -d --name cache --network shop redis:7", 0);
    shop(&mut lab, Some("shop"));
    assert!(lab.shop_served(20_000));
    let web = lab.engine.find("web").expect("web");
    assert_eq!(lab.engine.resolve(web, "cache").map(|a| a.to_string()).as_deref(), Some("172.18.0.2"));
    assert_eq!(typed(&mut lab, "docker exec web getent hosts cache", 20_000), "172.18.0.2      cache");
    lab.enter("docker stop cache", 21_000);
    assert!(!lab.shop_served(22_000));
}

#[test]
fn a_memory_limit_below_what_the_app_needs_gets_it_killed_with_137() {
    let mut lab = DockerLab::new(1);
    lab.set_dockerfile(ORDERED).expect("short");
    lab.enter("docker build -t web .", 0);
    let ran = lab.enter("docker run -d --memory 256m --name small web", 1_000);
    assert_eq!(ran.events, vec![DockerEvent::Started, DockerEvent::OutOfMemory { own_limit: true }]);
    let small = &lab.engine.containers[lab.engine.find("small").expect("made")];
    assert_eq!(small.state, State::Exited { code: 137, at_ms: 1_000 });
    assert!(small.oom_killed);
    assert!(typed(&mut lab, "docker ps -a", 6_000).contains("Exited (137) 5 seconds ago"));
    // The web app needs 512 MiB: a limit of exactly that holds.
    lab.enter("docker run -d --memory 512m --name fits web", 7_000);
    assert!(lab.engine.containers[lab.engine.find("fits").expect("made")].running());
    let stats = typed(&mut lab, "docker stats", 8_000);
    assert!(stats.contains("fits   100.00%   512MiB / 512MiB     100.00%"), "{stats}");
}

#[test]
fn without_limits_nothing_is_reserved_and_the_host_kernel_kills_the_largest() {
    let mut lab = DockerLab::new(1);
    let engine_mib = HostKind::ContainerEngine.layer().base.memory_mib;
    let shim = HostKind::ContainerEngine.layer().per_service.memory_mib;
    let db = ServiceKind::Database.spec().memory_mib + shim;
    let cache = ServiceKind::Cache.spec().memory_mib + shim;
    for (n, name) in ["db1", "db2"].into_iter().enumerate() {
        lab.enter(&format!("docker run -d -e POSTGRES_PASSWORD=secret --name {name} postgres:16"), n as u64);
    }
    lab.enter("docker run -d --name c1 redis:7", 10);
    assert_eq!(lab.engine.memory_used_mib(), engine_mib + 2 * db + cache);
    assert!(lab.engine.memory_used_mib() <= HOST_MEMORY_MIB);
    // One more cache does not fit in 16 GiB: docker run still starts it, then the kernel acts.
    let ran = lab.enter("docker run -d --name c2 redis:7", 20);
    assert_eq!(ran.events, vec![DockerEvent::Started, DockerEvent::OutOfMemory { own_limit: false }]);
    let db2 = &lab.engine.containers[lab.engine.find("db2").expect("made")];
    assert_eq!(db2.state, State::Exited { code: 137, at_ms: 20 }, "the largest, newest on a tie");
    assert!(lab.engine.memory_used_mib() <= HOST_MEMORY_MIB);
    assert_eq!(typed(&mut lab, "dmesg", 30), "dmesg: read kernel buffer failed: Operation not permitted");
    assert!(typed(&mut lab, "sudo dmesg", 30).contains("Out of memory: Killed process"));
}

#[test]
fn postgres_without_a_password_exits_with_its_own_message() {
    let mut lab = DockerLab::new(1);
    lab.enter("docker run -d --name db postgres:16", 0);
    let db = &lab.engine.containers[lab.engine.find("db").expect("made")];
    assert_eq!(db.state, State::Exited { code: 1, at_ms: 0 });
    assert!(typed(&mut lab, "docker logs db", 1).contains("You must specify POSTGRES_PASSWORD"));
}

#[test]
fn names_are_unique_until_removed_and_a_running_container_needs_force() {
    let mut lab = DockerLab::new(1);
    shop(&mut lab, None);
    let out = typed(&mut lab, "docker run -d --name web redis:7", 2_000);
    assert!(out.contains("Conflict. The container name \"/web\" is already in use by container"), "{out}");
    let out = typed(&mut lab, "docker rm web", 2_000);
    assert!(out.contains("container is running: stop the container before removing or force remove"), "{out}");
    assert_eq!(typed(&mut lab, "docker rm -f web", 2_000), "web");
    assert_eq!(lab.engine.request(SHOP_PORT, 9_000), Answer::Refused);
    assert_eq!(typed(&mut lab, "docker run -d --name web redis:7", 3_000).len(), 64);
}

#[test]
fn run_without_detach_holds_the_terminal_until_ctrl_c_stops_the_container() {
    let mut lab = DockerLab::new(1);
    shop(&mut lab, None);
    lab.enter("docker rm -f web", 1_500);
    let out = typed(&mut lab, "docker run -p 8080:80 --name web web", 2_000);
    assert!(out.contains("[INFO] Listening at: http://0.0.0.0:80 (1)"), "{out}");
    assert_eq!(lab.prompt(), "");
    assert_eq!(typed(&mut lab, "ls", 3_000), "hint:Attached");
    assert_eq!(lab.interrupt("", 4_000).events, vec![DockerEvent::Stopped]);
    assert_eq!(lab.prompt(), "deploy@web-1:~/shop$ ");
    assert_eq!(lab.engine.request(SHOP_PORT, 9_000), Answer::Refused);
}

#[test]
fn images_missing_parts_of_the_shop_fail_the_way_the_app_would() {
    let cases = [
        ("FROM python:3.12-slim\nWORKDIR /app\nCOPY . .\nCMD [\"gunicorn\", \"shop.wsgi\"]\n", 127, "gunicorn: not found"),
        (
            "FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCMD [\"gunicorn\", \"shop.wsgi\"]\n",
            3,
            "No module named 'shop'",
        ),
        ("FROM python:3.12-slim\nCOPY requirements.txt .\nRUN pip install -r requirements.txt\nCOPY . .\n", 0, ""),
    ];
    for (dockerfile, code, log) in cases {
        let mut lab = DockerLab::new(1);
        lab.set_dockerfile(dockerfile).expect("short");
        lab.enter("docker build -t web .", 0);
        lab.enter("docker run -d --name web web", 1_000);
        let c = &lab.engine.containers[lab.engine.find("web").expect("made")];
        assert_eq!(c.state, State::Exited { code, at_ms: 1_000 }, "{dockerfile}");
        assert!(c.logs.join("\n").contains(log));
    }
    // Gunicorn's default bind is 127.0.0.1:8000 inside the container: a published port gets no answer.
    let mut lab = DockerLab::new(1);
    lab.set_dockerfile(&ORDERED.replace("\"--bind\", \"0.0.0.0:80\", ", "")).expect("short");
    lab.enter("docker build -t web .", 0);
    lab.enter("docker run -d -p 8080:8000 web", 1_000);
    assert_eq!(lab.engine.request(SHOP_PORT, 60_000), Answer::Reset);
}

#[test]
fn bad_command_lines_get_dockers_own_errors() {
    let cases = [
        ("docker run -d --nmae web web", "docker: unknown flag: --nmae"),
        ("docker run -x web", "docker: unknown shorthand flag: 'x' in -x"),
        ("docker run -d --name", "docker: flag needs an argument: --name"),
        ("docker run -d -p", "docker: flag needs an argument: 'p' in -p"),
        ("docker run -d", "docker: 'docker run' requires at least 1 argument"),
        ("docker run -p 80:http web", "docker: invalid containerPort: http"),
        ("docker run -m lots web", "invalid argument \"lots\" for \"-m, --memory\" flag: invalid size: 'lots'"),
        ("docker run -m 1k web", "Minimum memory limit allowed is 6MB"),
        ("docker run --cpus 9 web", "range of CPUs is from 0.01 to 8.00, as there are only 8 CPUs available"),
        ("docker run --name 'my web' redis:7", "Invalid container name (my web)"),
        ("docker run --network nope redis:7", "network nope not found"),
        ("docker run webb", "Unable to find image 'webb:latest' locally"),
        ("docker build", "'docker buildx build' requires 1 argument"),
        ("docker build -t Web .", "invalid tag \"Web\": invalid reference format"),
        ("docker logs nope", "Error response from daemon: No such container: nope"),
        ("docker frobnicate", "docker: unknown command: docker frobnicate"),
        ("dockr ps", "-bash: dockr: command not found"),
        ("docker run \"web", "bash: unexpected EOF while looking for matching `\"'"),
        ("curl example.com", "curl: (6) Could not resolve host: example.com"),
        (
            "curl localhost:8080",
            "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server",
        ),
    ];
    for (line, error) in cases {
        let mut lab = DockerLab::new(1);
        let out = typed(&mut lab, line, 0);
        assert!(out.contains(error), "{line}: {out}");
        assert!(out.contains("hint:"), "{line} gives a hint: {out}");
    }
}

#[test]
fn flags_read_the_way_go_tools_read_them() {
    const KNOWN: [Flag; 3] = [
        Flag { long: "detach", short: Some('d'), takes_value: false },
        Flag { long: "publish", short: Some('p'), takes_value: true },
        Flag { long: "name", short: None, takes_value: true },
    ];
    let args = |line: &str| line.split(' ').map(String::from).collect::<Vec<_>>();
    let parsed = flags::parse(&args("-dp 8080:80 --name=web -p9000:90 web sh -c x"), &KNOWN).expect("parses");
    assert!(parsed.has("detach"));
    assert_eq!(parsed.values("publish").collect::<Vec<_>>(), ["8080:80", "9000:90"]);
    assert_eq!(parsed.value("name"), Some("web"));
    assert_eq!(parsed.operands, ["web", "sh", "-c", "x"], "flags stop at the image");
    assert_eq!(flags::parse(&args("-- -d"), &KNOWN).expect("parses").operands, ["-d"]);
    assert_eq!(flags::parse(&args("--detach=yes"), &KNOWN), Err("flag --detach does not take a value here".into()));
}

#[test]
fn memory_sizes_read_as_docker_reads_them() {
    for (text, mib) in
        [("512m", Some(512)), ("512M", Some(512)), ("512mb", Some(512)), ("1g", Some(1_024)), ("1.5g", Some(1_536))]
    {
        assert_eq!(memory_mib(text), mib, "{text}");
    }
    for (text, mib) in
        [("2048k", Some(2)), ("1073741824", Some(1_024)), ("m", None), ("1x", None), ("-1g", None), ("1.2345g", None)]
    {
        assert_eq!(memory_mib(text), mib, "{text}");
    }
    assert_eq!(memory_mib("99999999999999999999g"), None);
}

#[test]
fn tab_offers_subcommands_flags_images_and_container_names() {
    let mut lab = DockerLab::new(1);
    shop(&mut lab, None);
    assert!(lab.candidates("do").contains(&"docker".to_string()));
    assert!(lab.candidates("docker ").contains(&"build".to_string()));
    assert!(lab.candidates("docker bu").contains(&"build".to_string()), "a partial subcommand");
    assert!(lab.candidates("docker run -d --name x re").contains(&"redis:7".to_string()));
    assert!(lab.candidates("sudo dm").contains(&"dmesg".to_string()));
    let run = lab.candidates("docker run -d ");
    assert!(
        run.contains(&"--name".to_string())
            && run.contains(&"web:latest".to_string())
            && run.contains(&"redis:7".to_string())
    );
    assert_eq!(lab.candidates("docker logs w"), ["web"]);
}

#[test]
fn the_same_seed_gives_the_same_ids_and_the_same_session() {
    let run = |seed| {
        let mut lab = DockerLab::new(seed);
        shop(&mut lab, None);
        let ids = typed(&mut lab, "docker ps", 5_000);
        (ids, lab.fingerprint())
    };
    assert_eq!(run(7), run(7));
    assert_ne!(run(7).0, run(8).0);
}

/// A line a learner might type, from the commands the lab knows, or garbage.
fn random_line(rng: &mut Pcg32) -> String {
    const WORDS: [&str; 30] = [
        "docker",
        "build",
        "-t",
        "web",
        ".",
        "run",
        "-d",
        "-p",
        "8080:80",
        "80",
        "--name",
        "cache",
        "redis:7",
        "postgres:16",
        "--memory",
        "256m",
        "--network",
        "shop",
        "network",
        "create",
        "ps",
        "-a",
        "logs",
        "stop",
        "start",
        "rm",
        "-f",
        "exec",
        "curl",
        "localhost:8080",
    ];
    support::random_line(rng, &WORDS, &["'", "\"", "\\", "-p", "--", "-m", "#"], 7)
}

#[test]
fn a_hundred_thousand_random_lines_never_panic_and_stay_within_the_caps() {
    let mut lab = DockerLab::new(1);
    let mut rng = Pcg32::new(42);
    let mut now_ms = 0;
    for n in 0..100_000u32 {
        let line = random_line(&mut rng);
        let ran = lab.enter(&line, now_ms);
        now_ms += 1_000 + ran.took_ms;
        match n % 1_000 {
            0 => _ = lab.interrupt(&line, now_ms),
            300 => _ = lab.edit_code(),
            600 => _ = lab.set_dockerfile(&line),
            _ => {}
        }
        if n % 10_000 == 0 {
            lab.clear();
        }
        assert!(lab.screen().lines().len() <= MAX_SCREEN_LINES);
    }
    assert!(lab.screen().lines().all(|l| l.text.len() <= MAX_LINE_BYTES + 64), "a line over its cap");
    assert!(lab.engine.containers.len() <= 40 && lab.engine.images.len() <= 40);
    assert!(lab.engine.memory_used_mib() <= HOST_MEMORY_MIB);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever is typed: the running containers fit in the host's memory, and the host listens
    /// through Docker's proxy on exactly the host ports running containers publish, each once.
    #[test]
    fn ports_and_memory_stay_consistent(seed in 0u64..1_000, lines in prop::collection::vec(0u32..1_000_000, 1..60)) {
        let mut lab = DockerLab::new(seed);
        lab.enter("docker network create shop", 0);
        let mut rng = Pcg32::new(seed);
        for (n, pick) in lines.into_iter().enumerate() {
            let line = match pick % 4 {
                0 => random_line(&mut rng),
                1 => format!("docker run -d -p {}:80 web", 8080 + pick % 3),
                2 => format!("docker run -d --network shop {} redis:7", ["", "--memory 1g", "-m 4g"][(pick % 3) as usize]),
                _ => format!("docker rm -f {}", ["web", "cache"][(pick % 2) as usize]),
            };
            if n == 0 {
                lab.enter("docker build -t web .", 0);
            }
            lab.enter(&line, n as u64 * 1_000);
            prop_assert!(lab.engine.memory_used_mib() <= HOST_MEMORY_MIB);
            let mut published: Vec<u16> = lab.engine.containers.iter().filter(|c| c.running()).flat_map(|c| c.ports.iter().map(|p| p.0)).collect();
            published.sort_unstable();
            let before = published.len();
            published.dedup();
            prop_assert_eq!(before, published.len(), "a host port published twice");
            let server = lab.engine.net.network.machine(lab.engine.net.server).expect("the host");
            let listening: Vec<u16> = (1..=u16::MAX).filter(|p| server.listener(*p).is_some_and(|s| s == PROXY)).collect();
            prop_assert_eq!(listening, published);
        }
    }
}

#[test]
fn the_seconds_figures_are_the_shop_with_its_cache_and_the_latest_build() {
    use server_lab::sim::{Metric, Sample};
    let measured = |lab: &DockerLab, now_ms| {
        let mut sample = Sample::new(now_ms / 1_000);
        lab.measure(now_ms, &mut sample);
        [Metric::ShopServed, Metric::StepsRebuilt, Metric::BuildMs].map(|m| sample.get(m))
    };
    let mut lab = DockerLab::new(1);
    assert_eq!(measured(&lab, 0), [Some(0.0), None, None], "no build yet, no shop");
    lab.enter("docker network create shop", 0);
    lab.enter("docker run -d --name cache --network shop redis:7", 0);
    shop(&mut lab, Some("shop"));
    // The ordered Dockerfile's first build: WORKDIR, both COPYs and pip, 0.4 + 0.1 + 18.4 + 0.1 s.
    let built = [Some(4.0), Some(19_000.0)];
    assert_eq!(measured(&lab, 3_999), [Some(0.0), built[0], built[1]], "the web app is still starting");
    assert_eq!(measured(&lab, 4_000), [Some(100.0), built[0], built[1]]);
    let logged = lab.engine.containers[lab.engine.find("web").expect("web")].logs.len();
    measured(&lab, 5_000);
    assert_eq!(
        lab.engine.containers[lab.engine.find("web").expect("web")].logs.len(),
        logged,
        "measuring serves no page"
    );
}
