//! Chapter 6, the cluster: chapter 5's request diagram with nodes that fail, a table of nodes
//! (state, in the balancer's pool or not, the health checks' count, requests in flight, served,
//! errors) with buttons and keys to unplug, kill, restart, drain each one, fill its disk and cut
//! its link, the health checks and random failures, the database with its failover (and its
//! timeline), synchronous replication, cut link and witness, the availability figures, a
//! success-rate chart and the event log.
//!
//! Every change goes through an [`Action`]; every figure comes from [`ServerFarm`] and its
//! [`Cluster`]. Tables and figures read the world once a simulated second
//! ([`Lab::with_record`]); the event log is the screen reader's narration of what happened.

use leptos::prelude::*;

use crate::course::{clusters_challenge_start, Challenge, ChapterId, CLUSTERS_FAILURES_PER_HOUR};
use crate::i18n::cluster::{cluster_ui, ClusterUi};
use crate::i18n::{grouped, tr, use_lang};
use crate::sim::clock::STEPS_PER_SECOND;
use crate::sim::traffic::cluster::{Cluster, ClusterEvent, MAX_FAILURES_PER_HOUR};
use crate::sim::traffic::db::Database;
use crate::sim::traffic::edge::server_address;
use crate::sim::traffic::health::{HealthCheck, MAX_INTERVAL_MS, MAX_THRESHOLD, MIN_INTERVAL_MS, MIN_TIMEOUT_MS};
use crate::sim::traffic::server::{NodeState, Server};
use crate::sim::traffic::{ServerFarm, MAX_RETRIES};
use crate::sim::{Action, Metric, World};
use crate::ui::chapter::ChapterPage;
use crate::ui::chart::MetricChart;
use crate::ui::controls::{NumberField, Panel};
use crate::ui::dots::RequestCanvas;
use crate::ui::feed::EventFeed;
use crate::ui::lab::Lab;
use crate::ui::player::Transport;
use crate::ui::readout::{fixed, flag, live, MetricFigure};

/// What "skip ahead" runs at once: a simulated minute.
const SKIP_SECONDS: u64 = 60;

#[component]
pub fn ClusterChapter(transport: Transport, challenge: Challenge) -> impl IntoView {
    let success_target = challenge.goal.value_for(Metric::SuccessRatePercent);
    view! {
        <ChapterPage id=ChapterId::Clusters transport=transport challenge=challenge>
            <ClusterLab lab=transport.lab success_target=success_target />
        </ChapterPage>
    }
}

/// A string of the lab in the learner's language, as a signal (one type for every label).
fn ctr(pick: fn(&'static ClusterUi) -> &'static str) -> Signal<String> {
    let lang = use_lang();
    live(move || pick(cluster_ui(lang.get())).to_string())
}

/// The `i`th of a list of the lab's strings, as a signal.
fn ctr_at(pick: fn(&'static ClusterUi) -> &'static [&'static str], i: usize) -> Signal<String> {
    let lang = use_lang();
    live(move || pick(cluster_ui(lang.get())).get(i).copied().unwrap_or_default().to_string())
}

fn server_of(world: &World, id: u32) -> Option<&Server> {
    world.farm().and_then(|f| f.servers().iter().find(|s| s.id == id))
}

fn cluster_of(world: &World) -> Option<&Cluster> {
    world.farm().and_then(ServerFarm::cluster)
}

/// The whole interactive: diagram, controls, the nodes, the database, figures, chart and log.
#[component]
fn ClusterLab(lab: Lab, success_target: Option<f64>) -> impl IntoView {
    let lang = use_lang();
    let canvas_label = live(move || {
        let c = cluster_ui(lang.get());
        lab.with_record(|w| {
            let servers = w.farm().map_or(&[][..], ServerFarm::servers);
            (c.canvas)(servers.len(), servers.iter().filter(|s| s.in_pool()).count())
        })
    });
    view! {
        <div class="lb cl">
            <RequestCanvas lab=lab label=canvas_label />
            <ClusterControls lab=lab />
            <NodeTable lab=lab />
            <DatabasePanel lab=lab />
            <dl class="figures lb-figures">
                <MetricFigure lab=lab metric=Metric::SuccessRatePercent testid="cl-success" />
                <MetricFigure lab=lab metric=Metric::AvailabilityPercent testid="cl-availability" />
                <MetricFigure lab=lab metric=Metric::AvailabilityNines testid="cl-nines" />
                <MetricFigure lab=lab metric=Metric::NodesInPool testid="cl-in-pool" />
                <MetricFigure lab=lab metric=Metric::TimeToDetectMs testid="cl-detect" />
                <MetricFigure lab=lab metric=Metric::TimeToRecoverMs testid="cl-recover" />
                <MetricFigure lab=lab metric=Metric::FailoverMs testid="cl-failover" />
                <MetricFigure lab=lab metric=Metric::WritesLost testid="cl-writes-lost" />
            </dl>
            <div class="lb-charts">
                <MetricChart
                    lab=lab
                    metric=Metric::SuccessRatePercent
                    target=success_target
                    label=Signal::derive(move || cluster_ui(lang.get()).success_chart)
                />
            </div>
            <EventFeed lab=lab />
        </div>
    }
}

/// The health checks (on or off, and their four settings), random failures, retries, nodes
/// added or removed, and a minute skipped at once. A health-check box sends all four settings
/// with its own changed; one the model cannot use (a timeout not below the interval) is
/// refused with the reason, and the boxes keep the settings in force.
#[component]
fn ClusterControls(lab: Lab) -> impl IntoView {
    let panel = Panel::new(lab);
    let values = [
        panel.setting(0, |f| shown_check(f).interval_ms),
        panel.setting(0, |f| shown_check(f).timeout_ms),
        panel.setting(0, |f| shown_check(f).unhealthy),
        panel.setting(0, |f| shown_check(f).healthy),
    ];
    let limits =
        [(MIN_INTERVAL_MS, MAX_INTERVAL_MS), (MIN_TIMEOUT_MS, MAX_INTERVAL_MS), (1, MAX_THRESHOLD), (1, MAX_THRESHOLD)];
    let fields = (0..4)
        .map(|i| {
            number(
                panel,
                ctr_at(|c| &c.check_fields, i),
                format!("cl-check-{i}"),
                limits[i],
                values[i],
                i as u32,
                |w, field, value| {
                    let c = w.farm().map_or(HealthCheck::HAPROXY, shown_check);
                    let mut set = [c.interval_ms, c.timeout_ms, c.unhealthy, c.healthy];
                    set[field as usize] = value;
                    let [interval_ms, timeout_ms, unhealthy, healthy] = set;
                    Action::SetHealthCheck { interval_ms, timeout_ms, unhealthy, healthy }
                },
            )
        })
        .collect_view();
    let checks_on = flag(move || lab.with(|w| w.farm().and_then(ServerFarm::health_check).is_some()));
    let failures = panel.setting(0, |f| f.cluster().map_or(0, Cluster::failures_per_hour));
    let lang = use_lang();
    let challenge_failures = live(move || (cluster_ui(lang.get()).challenge_failures)(CLUSTERS_FAILURES_PER_HOUR));
    let retries = panel.setting(0, ServerFarm::retries);
    view! {
        <div class="lb-controls">
            <fieldset>
                <legend>{ctr(|c| c.health_checks)}</legend>
                {toggle(panel, ctr(|c| c.checks_on), "cl-checks-on", checks_on, |on| match on {
                    true => {
                        let c = HealthCheck::HAPROXY;
                        Action::SetHealthCheck {
                            interval_ms: c.interval_ms,
                            timeout_ms: c.timeout_ms,
                            unhealthy: c.unhealthy,
                            healthy: c.healthy,
                        }
                    }
                    false => Action::StopHealthChecks,
                })}
                {fields}
            </fieldset>
            <fieldset>
                <legend>{tr(|u| u.load_balancer)}</legend>
                {number(
                    panel,
                    ctr(|c| c.failures),
                    "cl-failures".to_string(),
                    (0, MAX_FAILURES_PER_HOUR),
                    failures,
                    0,
                    |_, _, per_hour| Action::SetRandomFailures { per_hour },
                )}
                <p class="lb-hint">{ctr(|c| c.failures_hint)}</p>
                {action_button(panel, "cl-challenge-failures", challenge_failures, clusters_challenge_start())}
                {number(
                    panel,
                    ctr(|c| c.retries),
                    "cl-retries".to_string(),
                    (0, MAX_RETRIES),
                    retries,
                    0,
                    |_, _, retries| Action::SetRetries { retries },
                )}
            </fieldset>
            <fieldset class="lb-server-buttons">
                <legend>{ctr(|c| c.nodes)}</legend>
                {action_button(panel, "cl-add", ctr(|c| c.add_node), Action::AddServer)}
                {action_button(panel, "cl-remove", ctr(|c| c.remove_node), Action::RemoveServer)}
                <button type="button" data-testid="cl-skip" on:click=move |_| lab.run_steps(SKIP_SECONDS * STEPS_PER_SECOND)>
                    {ctr(|c| c.skip_minute)}
                </button>
            </fieldset>
            {panel.message_line("cl-message")}
        </div>
    }
}

/// The health checks the boxes show: those in force, or with checks off, what a change would
/// turn them on with.
fn shown_check(farm: &ServerFarm) -> HealthCheck {
    farm.health_check().unwrap_or(HealthCheck::HAPROXY)
}

/// A number box with its label shown above it (every number box of the lab is this one).
fn number(
    panel: Panel,
    label: Signal<String>,
    testid: String,
    range: (u32, u32),
    value: Memo<u32>,
    key: u32,
    action: fn(&World, u32, u32) -> Action,
) -> impl IntoView {
    view! {
        <div class="lb-pick">
            <span class="lb-label" aria-hidden="true">{label}</span>
            {NumberField { label, testid, range, value, key, action }.view(panel)}
        </div>
    }
}

/// A button that sends one action (every such button of the lab is this one).
fn action_button(panel: Panel, testid: &'static str, label: Signal<String>, action: Action) -> impl IntoView {
    view! {
        <button type="button" data-testid=testid on:click=move |_| panel.send(action)>
            {label}
        </button>
    }
}

/// A checkbox showing `on`; a change sends `action`, and a refused one leaves the box as the
/// model is (every checkbox of the lab is this one).
fn toggle(
    panel: Panel,
    label: Signal<String>,
    testid: &'static str,
    on: Signal<bool>,
    action: fn(bool) -> Action,
) -> impl IntoView {
    view! {
        <label class="lb-check">
            <input
                type="checkbox"
                data-testid=testid
                prop:checked=on
                on:change=move |ev| {
                    let checked = event_target_checked(&ev);
                    panel.send(action(checked));
                    if panel.message.with_untracked(Option::is_some) {
                        event_target::<web_sys::HtmlInputElement>(&ev).set_checked(!checked);
                    }
                }
            />
            <span>{label}</span>
        </label>
    }
}

/// What a node's buttons and keys do, given the server: (unplug or plug in, kill or restart,
/// drain, fill or free the disk, cut or mend the link), each `None` where it does not apply.
fn node_actions(id: u32, server: Option<&Server>) -> [Option<Action>; 5] {
    let node = id;
    let (state, disk_full, cut) =
        server.map_or((NodeState::Up, false, false), |s| (s.state(), s.disk_full(), s.cut_off()));
    let [plug, process, drain] = match state {
        NodeState::Up => {
            [Some(Action::Unplug { node }), Some(Action::KillProcess { node }), Some(Action::Drain { node })]
        }
        NodeState::Draining => [Some(Action::Unplug { node }), Some(Action::KillProcess { node }), None],
        NodeState::ProcessKilled => [Some(Action::Unplug { node }), Some(Action::RestartProcess { node }), None],
        NodeState::Unplugged => [Some(Action::PlugIn { node }), None, None],
    };
    [
        plug,
        process,
        drain,
        Some(Action::SetDiskFull { node, full: !disk_full }),
        Some(Action::SetServerLink { node, cut: !cut }),
    ]
}

/// The nodes, a row each: the diagram's text, and where each node is unplugged, killed,
/// restarted or drained, by button or by key on the focused row.
#[component]
fn NodeTable(lab: Lab) -> impl IntoView {
    let panel = Panel::new(lab);
    let ids = Memo::new(move |_| {
        lab.with_record(|w| w.farm().map(|f| f.servers().iter().map(|s| s.id).collect::<Vec<_>>()).unwrap_or_default())
    });
    view! {
        <section class="lb-servers">
            <div class="lb-table-wrap" role="region" tabindex="0" aria-labelledby="cl-caption">
                <table class="lb-table" data-testid="cl-table">
                    <caption id="cl-caption">{ctr(|c| c.caption)}</caption>
                    <thead>
                        <tr>{(0..8).map(|i| heading(ctr_at(|c| &c.columns, i), (4..7).contains(&i))).collect_view()}</tr>
                    </thead>
                    <tbody>
                        <For each=move || ids.get() key=|id| *id let(id)>
                            <NodeRow lab=lab id=id panel=panel />
                        </For>
                    </tbody>
                </table>
            </div>
            <p class="lb-hint" id="cl-keys">{ctr(|c| c.keys_hint)}</p>
            {panel.message_line("cl-table-message")}
        </section>
    }
}

/// A column heading (every heading of the lab's tables is this one).
fn heading(text: Signal<String>, numeric: bool) -> impl IntoView {
    view! { <th scope="col" class=if numeric { "lb-num" } else { "lb-text" }>{text}</th> }
}

/// A table cell with what the lab writes in it (every cell of the lab's tables is this one).
fn cell(testid: String, numeric: bool, text: Signal<String>) -> impl IntoView {
    view! { <td class=if numeric { "lb-num" } else { "lb-text" } data-testid=testid>{text}</td> }
}

/// What one of node `id`'s cells says, read from the world once a simulated second.
fn node_text(lab: Lab, id: u32, pick: fn(&'static ClusterUi, &World, &Server) -> String) -> Signal<String> {
    let lang = use_lang();
    live(move || {
        let c = cluster_ui(lang.get());
        lab.with_record(|w| server_of(w, id).map(|s| pick(c, w, s)).unwrap_or_default())
    })
}

/// A node's row: its name and address, what it is doing as of the latest whole second, and
/// its buttons. U, K, D, F and L on the focused row do what the buttons do.
#[component]
fn NodeRow(lab: Lab, id: u32, panel: Panel) -> impl IntoView {
    let lang = use_lang();
    // Buttons follow the world at once (an unplug shows "Plug in" without waiting a second).
    let actions = move || lab.with(|w| node_actions(id, server_of(w, id)));
    let act = move |which: usize| {
        if let Some(action) = lab.with_untracked(|w| node_actions(id, server_of(w, id)))[which] {
            panel.send(action);
        }
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.ctrl_key() || ev.alt_key() || ev.meta_key() {
            return;
        }
        let which = match ev.key().as_str() {
            "u" | "U" => 0,
            "k" | "K" => 1,
            "d" | "D" => 2,
            "f" | "F" => 3,
            "l" | "L" => 4,
            _ => return,
        };
        ev.prevent_default();
        act(which);
    };
    let button = move |which: usize, testid: &'static str| {
        let words = move || {
            let c = cluster_ui(lang.get());
            match (which, actions()[which]) {
                (0, Some(Action::PlugIn { .. })) => c.plug_in,
                (0, _) => c.unplug,
                (1, Some(Action::RestartProcess { .. })) => c.restart,
                (1, _) => c.kill,
                (2, _) => c.drain,
                (3, Some(Action::SetDiskFull { full: false, .. })) => c.free_disk,
                (3, _) => c.fill_disk,
                (_, Some(Action::SetServerLink { cut: false, .. })) => c.mend_node_link,
                _ => c.cut_node_link,
            }
        };
        view! {
            <button
                type="button"
                id=format!("{testid}-{id}")
                data-testid=format!("{testid}-{id}")
                aria-labelledby=format!("{testid}-{id} cl-name-{id}")
                prop:disabled=flag(move || actions()[which].is_none())
                on:click=move |_| act(which)
            >
                {live(move || words().to_string())}
            </button>
        }
    };
    let figure = |testid: &str, pick| cell(format!("{testid}-{id}"), true, node_text(lab, id, pick));
    let words = |testid: &str, pick| cell(format!("{testid}-{id}"), false, node_text(lab, id, pick));
    view! {
        <tr data-testid=format!("cl-row-{id}") tabindex="0" aria-describedby="cl-keys" on:keydown=on_keydown>
            <th scope="row">
                <span class="lb-server-name" id=format!("cl-name-{id}")>
                    {live(move || (cluster_ui(lang.get()).node)(id))}
                </span>
                <span class="lb-address">{server_address(id).to_string()}</span>
            </th>
            {words("cl-state", |c, _, s| {
                let marks = [(s.cut_off(), c.cut_off), (s.disk_full(), c.disk_full)];
                marks.iter().filter(|(on, _)| *on).fold((c.state)(s.state()).to_string(), |text, (_, mark)| text + ", " + mark)
            })}
            {words("cl-pool", |c, _, s| if s.in_pool() { c.yes } else { c.no }.to_string())}
            {words("cl-checks", |_, w, s| checks_text(s, w.farm().and_then(ServerFarm::health_check)))}
            {figure("cl-in-flight", |_, _, s| grouped(s.in_flight() as u64))}
            {figure("cl-served", |_, _, s| grouped(s.served()))}
            {figure("cl-errors", |_, _, s| grouped(s.errors()))}
            <td class="cl-actions">
                {button(0, "cl-plug")}
                {button(1, "cl-process")}
                {button(2, "cl-drain")}
                {button(3, "cl-disk")}
                {button(4, "cl-link")}
            </td>
        </tr>
    }
}

/// The health checks' count for a node: "✔" in the pool with no failure, "✗ 2/3" on its way
/// out, "✔ 1/2" on its way back, "✗" out with no pass yet; "—" with checks off.
fn checks_text(server: &Server, check: Option<HealthCheck>) -> String {
    let Some(check) = check else { return "—".to_string() };
    let (passes, fails) = server.watch().streak();
    match (server.in_pool(), passes, fails) {
        (true, _, 0) => "✔".to_string(),
        (true, _, fails) => format!("✗ {fails}/{}", check.unhealthy),
        (false, 0, _) => "✗".to_string(),
        (false, passes, _) => format!("✔ {passes}/{}", check.healthy),
    }
}

/// The newest failover as a timeline: a bar whose two parts are the time the replicas took to
/// notice and to promote (growing while they do), over the log's words for each milestone.
fn failover_timeline(lab: Lab) -> impl IntoView {
    let lang = use_lang();
    let read =
        move || lab.with_record(|w| cluster_of(w).and_then(|c| c.database().timeline()).map(|t| (t, w.now().micros())));
    let text = live(move || {
        let c = cluster_ui(lang.get());
        let step = |(at_us, event)| {
            format!("{} s: {}", fixed(at_us as f64 / 1e6, 1), (c.event)(&ClusterEvent::Database { event }))
        };
        read().map(|(t, _)| t.steps().map(step).collect::<Vec<_>>().join(" → ")).unwrap_or_default()
    });
    // The time spent noticing, then promoting, in proportion.
    let bar = live(move || {
        let Some((t, now)) = read() else { return String::new() };
        let noticed = t.noticed.map_or(now, |(at, _)| at);
        let promoted = t.promoted.map_or(now, |(at, _)| at).max(noticed);
        let split = (noticed - t.failed.0) * 100 / (promoted - t.failed.0).max(1);
        format!("linear-gradient(to right, var(--warn) {split}%, var(--accent) {split}%)")
    });
    view! {
        <div class="cl-timeline" data-testid="cl-timeline" hidden=flag(move || read().is_none())>
            <div class="cl-timeline-bar" aria-hidden="true" style:background=bar></div>
            <p>{text}</p>
        </div>
    }
}

/// The database: its nodes in one line (role, and how many writes each replica lacks), failing
/// the primary, synchronous replication, the cut link and the witness.
#[component]
fn DatabasePanel(lab: Lab) -> impl IntoView {
    let panel = Panel::new(lab);
    let lang = use_lang();
    let nodes = live(move || {
        let c = cluster_ui(lang.get());
        lab.with_record(|w| {
            let now = w.now().micros();
            let Some(db) = cluster_of(w).map(Cluster::database) else { return String::new() };
            let behind = |id| db.replica_position(id, now).map(|held| db.committed().saturating_sub(held));
            db.nodes().iter().map(|n| (c.db_node)(n.id, n.role, behind(n.id))).collect::<Vec<_>>().join(" · ")
        })
    });
    let db_flag = move |read: fn(&Database) -> bool| {
        flag(move || lab.with(|w| cluster_of(w).is_some_and(|c| read(c.database()))))
    };
    view! {
        <fieldset class="cl-db">
            <legend>{ctr(|c| c.database)}</legend>
            <p data-testid="cl-db-nodes">{nodes}</p>
            {action_button(panel, "cl-fail-primary", ctr(|c| c.fail_primary), Action::FailPrimary)}
            {toggle(panel, ctr(|c| c.synchronous), "cl-sync", db_flag(Database::synchronous), |on| {
                Action::SetSyncReplication { on }
            })}
            {toggle(panel, ctr(|c| c.cut_link), "cl-cut", db_flag(Database::link_cut), |cut| Action::SetDbLink { cut })}
            {toggle(panel, ctr(|c| c.witness), "cl-witness", db_flag(Database::witness), |on| Action::SetWitness { on })}
            {panel.message_line("cl-db-message")}
            {failover_timeline(lab)}
        </fieldset>
    }
}
