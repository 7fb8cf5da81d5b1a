//! Browser component tests (wasm-bindgen-test in Chromium): the player, the quiz, and the
//! simulation's determinism across native and wasm32.
#![cfg(target_arch = "wasm32")]

use leptos::prelude::*;
use leptos::task::tick;
use server_lab::content::ChapterText;
use server_lab::course::{Challenge, ChapterId};
use server_lab::sim::clock::{Step, SPEEDS};
use server_lab::sim::traffic::FarmScenario;
use server_lab::sim::{Action, Scenario, World};
use server_lab::ui::lab::Lab;
use server_lab::ui::player::{Player, Transport};
use server_lab::ui::quiz::QuestionView;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh element to mount into, so tests do not see each other's DOM.
fn container() -> web_sys::HtmlElement {
    let doc = document();
    let el: web_sys::HtmlElement = doc.create_element("div").expect("div").unchecked_into();
    doc.body().expect("body").append_child(&el).expect("append");
    el
}

fn find(root: &web_sys::HtmlElement, selector: &str) -> web_sys::HtmlElement {
    root.query_selector(selector)
        .expect("valid selector")
        .unwrap_or_else(|| panic!("no element matches {selector}"))
        .unchecked_into()
}

fn farm_lab() -> Lab {
    Lab::new(Scenario::Farm(FarmScenario::chapter_one()), 2026)
}

#[wasm_bindgen_test]
async fn step_advances_exactly_one_step() {
    let root = container();
    let transport = Transport::new(farm_lab(), false);
    mount_to(root.clone(), move || view! { <Player transport=transport /> }).forget();
    find(&root, "[data-testid=step]").click();
    tick().await;
    assert_eq!(transport.lab.with_untracked(World::now), Step(1));
    assert_eq!(find(&root, "[data-testid=sim-time]").text_content().as_deref(), Some("0.01 s"));
    find(&root, "[data-testid=step-second]").click();
    tick().await;
    assert_eq!(transport.lab.with_untracked(World::now), Step(101));
}

#[wasm_bindgen_test]
async fn double_speed_runs_twice_the_steps_in_the_same_real_time() {
    let root = container();
    let normal = Transport::new(farm_lab(), true);
    let fast = Transport::new(farm_lab(), true);
    mount_to(root.clone(), move || view! { <div class="fast"><Player transport=fast /></div> }).forget();
    let select: web_sys::HtmlSelectElement = find(&root, ".fast [data-testid=speed]").unchecked_into();
    let double = SPEEDS.iter().position(|s| *s == 2.0).expect("2x is offered");
    select.set_value(&double.to_string());
    select.dispatch_event(&web_sys::Event::new("change").expect("event")).expect("dispatch");
    tick().await;
    assert_eq!(fast.speed(), 2.0);
    // Pause the real animation loop so only the frames below count.
    fast.playing.set(false);
    normal.playing.set(false);
    tick().await;
    fast.playing.set(true);
    normal.playing.set(true);
    for _ in 0..90 {
        normal.frame(16.0);
        fast.frame(16.0);
    }
    let steps = |t: Transport| t.lab.with_untracked(World::now).0;
    assert_eq!(steps(normal), 144);
    assert_eq!(steps(fast), 2 * steps(normal));
}

#[wasm_bindgen_test]
async fn reset_restores_the_initial_state() {
    let root = container();
    let transport = Transport::new(farm_lab(), false);
    mount_to(root.clone(), move || view! { <Player transport=transport /> }).forget();
    let fresh = transport.lab.with_untracked(World::digest);
    transport.lab.apply(Action::AddServer).expect("room for a server");
    find(&root, "[data-testid=step-second]").click();
    tick().await;
    assert_ne!(transport.lab.with_untracked(World::digest), fresh);
    find(&root, "[data-testid=reset]").click();
    tick().await;
    assert_eq!(transport.lab.with_untracked(World::digest), fresh);
    assert!(transport.lab.with_untracked(|w| w.actions().is_empty()));
    assert_eq!(find(&root, "[data-testid=sim-time]").text_content().as_deref(), Some("0.00 s"));
}

#[wasm_bindgen_test]
async fn a_wrong_quiz_answer_is_marked_wrong_and_explained() {
    let text = ChapterText::parse(include_str!("../content/servers.ko.json")).expect("chapter 1 prose parses");
    let question = text.quiz[0].clone();
    let wrong = (0..question.choices.len() as u8).find(|c| *c != question.correct).expect("a wrong choice");
    let root = container();
    let shown = question.clone();
    mount_to(root.clone(), move || view! { <QuestionView question=shown number=1 /> }).forget();
    tick().await;
    find(&root, &format!("input[value='{wrong}']")).click();
    find(&root, "[data-testid=check-answer]").click();
    tick().await;
    let feedback = find(&root, "[data-testid=quiz-feedback]");
    assert_eq!(feedback.get_attribute("data-correct").as_deref(), Some("false"));
    let said = feedback.text_content().unwrap_or_default();
    assert!(said.contains(&question.explanation), "feedback shows the explanation: {said}");
    find(&root, &format!("input[value='{}']", question.correct)).click();
    find(&root, "[data-testid=check-answer]").click();
    tick().await;
    let feedback = find(&root, "[data-testid=quiz-feedback]");
    assert_eq!(feedback.get_attribute("data-correct").as_deref(), Some("true"));
}

#[wasm_bindgen_test]
fn same_run_same_digest_as_native() {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/digest.json")).expect("fixture is JSON");
    let number = |key: &str| fixture[key].as_u64().unwrap_or_else(|| panic!("fixture has {key}"));
    let expected: u64 = fixture["digest"].as_str().and_then(|d| d.parse().ok()).expect("fixture has a digest");
    let mut world = World::new(Scenario::Farm(FarmScenario::chapter_one()), number("seed"));
    world.apply(Action::SetArrivalRate { rps: number("rps") as u32 }).expect("rate in range");
    world.run_seconds(number("seconds"));
    assert_eq!(world.digest(), expected);
}

#[wasm_bindgen_test]
fn the_chapter_one_challenge_has_a_computed_optimum() {
    let challenge = Challenge::for_chapter(ChapterId::Server).expect("chapter 1 has a challenge");
    let optimum = challenge.optimum(server_lab::course::DEFAULT_SEED);
    // As natively (tests/goals.rs): six servers at $60 a month each.
    assert_eq!(optimum.get(server_lab::sim::Metric::Servers), Some(6.0));
    assert_eq!(optimum.get(server_lab::sim::Metric::CostPerMonth), Some(360.0));
}

#[wasm_bindgen_test]
fn the_chapter_five_challenge_has_a_computed_optimum() {
    let challenge = Challenge::for_chapter(ChapterId::LoadBalancing).expect("chapter 5 has a challenge");
    let optimum = challenge.optimum(server_lab::course::DEFAULT_SEED);
    // As natively (tests/balance_search.rs): the lowest /api p95 any setup holds.
    assert_eq!(optimum.get(server_lab::sim::Metric::ApiP95LatencyMs), Some(108.917));
}

#[wasm_bindgen_test]
fn the_placement_script_gives_the_native_digest() {
    use server_lab::sim::host::{RackScenario, ServiceKind};
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/placement_script.json")).expect("fixture is JSON");
    let expected: u64 = fixture["digest"].as_str().and_then(|d| d.parse().ok()).expect("fixture has a digest");
    let seed = fixture["seed"].as_u64().expect("a seed");
    let mut world = World::new(Scenario::Rack(RackScenario::chapter_three()), seed);
    // The fixture's placements, in its order: the database on server 1, the rest on server 2.
    let order = [
        ServiceKind::Database,
        ServiceKind::WebApp,
        ServiceKind::Api,
        ServiceKind::Cache,
        ServiceKind::BatchJob,
        ServiceKind::Search,
        ServiceKind::Reports,
    ];
    for (i, kind) in order.iter().enumerate() {
        let service = ServiceKind::ALL.iter().position(|k| k == kind).expect("a service") as u16;
        world.apply(Action::Place { service, host: if i == 0 { 1 } else { 2 } }).expect("fits");
    }
    world.run_seconds(fixture["seconds"].as_u64().expect("seconds"));
    assert_eq!(world.digest(), expected);
}

#[wasm_bindgen_test]
async fn choosing_a_service_then_a_host_places_it_and_a_misfit_says_why() {
    use server_lab::chapters::placement::PlacementLab;
    use server_lab::sim::host::RackScenario;
    let root = container();
    let lab = Lab::new(Scenario::Rack(RackScenario::chapter_two()), 3);
    mount_to(root.clone(), move || view! { <PlacementLab lab=lab /> }).forget();
    tick().await;
    let place = |service: &str, host: u32| {
        find(&root, &format!("[data-testid=shelf] [data-testid=service-{service}]")).click();
        find(&root, &format!("[data-testid=place-here-{host}]")).click();
    };
    place("database", 2);
    tick().await;
    assert!(root.query_selector("[data-testid=host-2] [data-testid=service-database]").ok().flatten().is_some());
    assert!(root.query_selector("[data-testid=shelf] [data-testid=service-database]").ok().flatten().is_none());
    place("search", 2);
    place("cache", 2);
    tick().await;
    place("web-app", 2);
    tick().await;
    let message = find(&root, "[data-testid=placement-message]").text_content().unwrap_or_default();
    assert!(message.contains("1,792 MiB") && message.contains("256 MiB"), "the refusal gives the figures: {message}");
    assert!(root.query_selector("[data-testid=shelf] [data-testid=service-web-app]").ok().flatten().is_some());
}

/// An event that moved nothing says so without a count: never "서비스 0개가 선반으로 돌아갔어요".
#[wasm_bindgen_test]
fn events_with_nothing_to_count_name_no_zero() {
    use server_lab::i18n::{rack, Lang};
    use server_lab::sim::event::EventKind;
    use server_lab::sim::host::RackEvent;
    let rack_events =
        [RackEvent::HostRemoved { host: 2, returned: 0 }, RackEvent::KernelPanic { host: 2, services_down: 0 }];
    for event in rack_events {
        let (ko, en) = ((rack::KO.event)(&event), (rack::EN.event)(&event));
        assert!(!ko.contains("0개") && !en.contains(" 0 "), "{ko} / {en}");
        assert!(ko.starts_with("서버 2"), "{ko}");
    }
    assert_eq!((rack::KO.event)(&RackEvent::HostRemoved { host: 2, returned: 0 }), "서버 2를 뺐어요.");
    let removed = EventKind::ServerRemoved { id: 3, failed: 0 };
    assert_eq!((Lang::Ko.ui().event)(&removed), "서버 3을 뺐어요.");
    assert_eq!((Lang::En.ui().event)(&removed), "Server 3 removed.");
    // A removed server's requests, in service or queued, failed: the event says how many.
    let held = |failed| EventKind::ServerRemoved { id: 3, failed };
    assert_eq!(
        (Lang::Ko.ui().event)(&held(1_204)),
        "서버 3을 뺐어요. 처리 중이거나 대기열에 있던 요청 1,204개가 실패했어요."
    );
    assert_eq!((Lang::En.ui().event)(&held(1_204)), "Server 3 removed; the 1,204 requests it held failed.");
    assert_eq!((Lang::En.ui().event)(&held(1)), "Server 3 removed; the request it held failed.");
}

/// Plays a scripted run from its fixture (tests/fixtures.rs wrote it natively) on `scenario`:
/// each action at its second, then on to the fixture's end; the digest must be the native one.
fn assert_script_digest(fixture: &str, scenario: Scenario) {
    use server_lab::sim::clock::STEPS_PER_SECOND;
    let fixture: serde_json::Value = serde_json::from_str(fixture).expect("fixture is JSON");
    let expected: u64 = fixture["digest"].as_str().and_then(|d| d.parse().ok()).expect("fixture has a digest");
    let actions: Vec<(u64, Action)> = serde_json::from_value(fixture["actions"].clone()).expect("the script's actions");
    let mut world = World::new(scenario, fixture["seed"].as_u64().expect("a seed"));
    for (second, action) in actions {
        world.run_seconds(second - world.now().0 / STEPS_PER_SECOND);
        world.apply(action).expect("the script's actions are accepted");
    }
    world.run_seconds(fixture["seconds"].as_u64().expect("seconds") - world.now().0 / STEPS_PER_SECOND);
    assert_eq!(world.digest(), expected);
}

#[wasm_bindgen_test]
fn the_network_script_gives_the_native_digest() {
    use server_lab::sim::net::lab::NetScenario;
    assert_script_digest(include_str!("fixtures/network_script.json"), Scenario::Net(NetScenario::chapter_four()));
}

#[wasm_bindgen_test]
fn the_balancing_script_gives_the_native_digest() {
    use server_lab::sim::traffic::FarmScenario;
    assert_script_digest(
        include_str!("fixtures/balancing_script.json"),
        Scenario::Balance(FarmScenario::chapter_five()),
    );
}

/// Chapter 6's scripted failure run (tests/fixtures.rs) reaches the native digest in wasm.
#[wasm_bindgen_test]
fn the_cluster_script_gives_the_native_digest() {
    use server_lab::sim::traffic::cluster::ClusterScenario;
    assert_script_digest(
        include_str!("fixtures/cluster_script.json"),
        Scenario::Cluster(ClusterScenario::chapter_six()),
    );
}

#[wasm_bindgen_test]
fn the_ssh_script_gives_the_native_digest() {
    use server_lab::sim::shell::ssh::SshScenario;
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("fixtures/ssh_script.json")).expect("fixture is JSON");
    let expected: u64 = fixture["digest"].as_str().and_then(|d| d.parse().ok()).expect("fixture has a digest");
    let mut world = World::new(Scenario::Ssh(SshScenario::chapter_seven()), fixture["seed"].as_u64().expect("a seed"));
    for step in fixture["session"].as_array().expect("a session") {
        match step["line"].as_str() {
            Some(line) => world.enter(line).expect("an ssh world takes lines"),
            None => {
                let action: Action = serde_json::from_value(step["action"].clone()).expect("an action");
                world.apply(action).expect("the script's actions are accepted");
            }
        }
    }
    let screen = world.terminal().expect("a terminal");
    let last: Vec<&str> = screen.lines().skip(screen.lines().len() - 4).map(|l| l.text.as_str()).collect();
    assert_eq!(serde_json::json!(last), fixture["last_lines"]);
    assert_eq!(world.digest(), expected);
}
