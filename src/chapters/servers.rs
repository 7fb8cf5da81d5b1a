//! Chapter 1, the server: users -> load balancer -> servers, with a users slider, servers to
//! add and remove, a CPU gauge per server, p50/p95, throughput, timeouts and monthly cost.

use leptos::prelude::*;

use crate::course::{Challenge, ChapterId};
use crate::i18n::{grouped, tr, ui};
use crate::sim::traffic::{ServerFarm, MAX_RPS, MIN_RPS};
use crate::sim::{Action, Metric, Refusal};
use crate::ui::chapter::ChapterPage;
use crate::ui::chart::MetricChart;
use crate::ui::dots::RequestCanvas;
use crate::ui::feed::EventFeed;
use crate::ui::lab::Lab;
use crate::ui::player::Transport;
use crate::ui::readout::{format_metric, latest_figure, live, Figure};

#[component]
pub fn ServersChapter(transport: Transport, challenge: Challenge) -> impl IntoView {
    // The chart's target line is the goal's latency, a teacher's figure when a link set one.
    let challenge_p95 = challenge.goal.value_for(Metric::P95LatencyMs);
    view! {
        <ChapterPage id=ChapterId::Server transport=transport challenge=challenge>
            <FarmLab lab=transport.lab p95_target=challenge_p95 />
        </ChapterPage>
    }
}

/// The whole interactive: controls, diagram, figures, chart (with `p95_target` drawn as a line)
/// and event feed.
#[component]
pub fn FarmLab(lab: Lab, p95_target: Option<f64>) -> impl IntoView {
    let ui = ui();
    view! {
        <div class="farm">
            <DeployStrip lab=lab />
            <RequestCanvas lab=lab label=Signal::derive(move || ui.get().canvas_label.to_string()) />
            <FarmControls lab=lab />
            <ServerRack lab=lab />
            <FarmFigures lab=lab />
            <MetricChart
                lab=lab
                metric=Metric::P95LatencyMs
                target=p95_target
                label=Signal::derive(move || ui.get().p95_chart)
            />
            <EventFeed lab=lab />
        </div>
    }
}

/// Laptop -> deploy -> servers <- load balancer <- users, labelled with live figures.
#[component]
fn DeployStrip(lab: Lab) -> impl IntoView {
    let ui = ui();
    let servers = move || lab.with(|w| w.farm().map_or(0, |f| f.servers().len()));
    let rps = move || lab.with(|w| w.farm().map_or(0, |f| f.arrival_rps()));
    view! {
        <ol class="deploy-strip" aria-label=tr(|u| u.servers)>
            <li class="node laptop">
                {tr(|u| u.laptop)}
            </li>
            <li class="arrow">{tr(|u| u.deploy)} " →"</li>
            <li class="node servers">
                {live(move || format!("{} × {}", ui.get().servers, servers()))}
            </li>
            <li class="arrow">"←"</li>
            <li class="node balancer">{tr(|u| u.load_balancer)}</li>
            <li class="arrow">"←"</li>
            <li class="node users">
                {live(move || format!("{} {}/s", ui.get().users, grouped(rps().into())))}
            </li>
        </ol>
    }
}

/// What went wrong with the last change, worded when shown, so a switch of language rewords it.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Said {
    Refused(Refusal),
    NotANumber,
}

/// The users slider and number box, and the add/remove server buttons.
#[component]
fn FarmControls(lab: Lab) -> impl IntoView {
    let ui = ui();
    let message = RwSignal::new(None::<Said>);
    // A memo, not a closure over the world: the inputs must only be rewritten when the rate
    // really changes, never on every step, or a drag or a half-typed number is undone.
    let rps = Memo::new(move |_| lab.with(|w| w.farm().map_or(MIN_RPS, |f| f.arrival_rps())));
    let exact = NodeRef::<leptos::html::Input>::new();
    let act = move |action: Action| match lab.apply(action) {
        Ok(()) => message.set(None),
        Err(refusal) => message.set(Some(Said::Refused(refusal))),
    };
    let set_rate = move |text: String| match text.trim().parse::<u32>() {
        Ok(value) => act(Action::SetArrivalRate { rps: value }),
        Err(_) => message.set(Some(Said::NotANumber)),
    };
    view! {
        <div class="farm-controls">
            <label class="users-slider">
                <span>{tr(|u| u.users_per_second)}</span>
                <input
                    type="range"
                    data-testid="users-slider"
                    min=MIN_RPS
                    max=MAX_RPS
                    step="1"
                    prop:value=move || rps.get().to_string()
                    on:change=move |ev| set_rate(event_target_value(&ev))
                />
            </label>
            <form
                class="users-exact"
                on:submit=move |ev| {
                    ev.prevent_default();
                    if let Some(input) = exact.get_untracked() {
                        set_rate(input.value());
                    }
                }
            >
                <label>
                    <span class="visually-hidden">{tr(|u| u.users_per_second)}</span>
                    <input
                        type="text"
                        inputmode="numeric"
                        data-testid="users-input"
                        size="6"
                        node_ref=exact
                        prop:value=move || rps.get().to_string()
                    />
                </label>
                <button type="submit">{tr(|u| u.apply)}</button>
            </form>
            <div class="server-buttons">
                <button type="button" data-testid="add-server" on:click=move |_| act(Action::AddServer)>
                    "+ " {tr(|u| u.add_server)}
                </button>
                <button type="button" data-testid="remove-server" on:click=move |_| act(Action::RemoveServer)>
                    "− " {tr(|u| u.remove_server)}
                </button>
            </div>
            <p class="input-error" data-testid="input-error" aria-live="polite">
                {move || {
                    message.get().map(|said| match said {
                        Said::Refused(refusal) => (ui.get().refusal)(refusal),
                        Said::NotANumber => ui.get().not_a_number.to_string(),
                    })
                }}
            </p>
        </div>
    }
}

/// One card per server: CPU gauge and queue length.
#[component]
fn ServerRack(lab: Lab) -> impl IntoView {
    let ids = Memo::new(move |_| {
        lab.with(|w| w.farm().map(|f| f.servers().iter().map(|s| s.id).collect::<Vec<_>>()).unwrap_or_default())
    });
    view! {
        <div class="rack">
            <Show when=move || ids.with(Vec::is_empty)>
                <p class="warning">{tr(|u| u.no_servers)}</p>
            </Show>
            <ul class="server-grid" data-testid="servers">
                <For each=move || ids.get() key=|id| *id let(id)>
                    <ServerCard lab=lab id=id />
                </For>
            </ul>
        </div>
    }
}

#[component]
fn ServerCard(lab: Lab, id: u32) -> impl IntoView {
    let ui = ui();
    let state = move || {
        lab.with(|w| {
            w.farm()
                .and_then(|f| f.servers().iter().find(|s| s.id == id))
                .map(|s| (s.cpu_percent(), s.queue_len()))
                .unwrap_or_default()
        })
    };
    let cpu = move || state().0;
    let level = move || match cpu() {
        c if c >= 90.0 => "hot",
        c if c >= 70.0 => "warm",
        _ => "cool",
    };
    view! {
        <li class="server-card" data-level=level>
            <span class="server-name">{live(move || (ui.get().server_n)(id))}</span>
            <span class="gauge" aria-hidden="true">
                <span class="gauge-fill" style:width=move || format!("{}%", cpu().round() as u32)></span>
            </span>
            <span class="server-figures">
                {live(move || {
                    format!(
                        "{} {} · {} {}",
                        ui.get().cpu,
                        format_metric(Metric::MaxCpuPercent, cpu()),
                        ui.get().queue,
                        state().1
                    )
                })}
            </span>
        </li>
    }
}

/// Figures from the latest per-second sample, and the request accounting so far.
#[component]
fn FarmFigures(lab: Lab) -> impl IntoView {
    let latest = move |metric: Metric| latest_figure(lab, metric);
    let cost = live(move || {
        format_metric(Metric::CostPerMonth, f64::from(lab.with(|w| w.farm().map_or(0, |f| f.cost_per_month()))))
    });
    let count = move |pick: fn(&ServerFarm) -> u64| live(move || grouped(lab.with(|w| w.farm().map_or(0, pick))));
    view! {
        <dl class="figures">
            <Figure label=|u| u.p50 value=latest(Metric::P50LatencyMs) testid="p50" />
            <Figure label=|u| u.p95 value=latest(Metric::P95LatencyMs) testid="p95" />
            <Figure label=|u| u.throughput value=latest(Metric::ThroughputRps) testid="throughput" />
            <Figure label=|u| u.timed_out_per_sec value=latest(Metric::TimedOutPerSec) testid="timeouts" />
            <Figure label=|u| u.failed_per_sec value=latest(Metric::FailedPerSec) testid="failures" />
            <Figure label=|u| u.cost_month value=cost testid="cost" />
        </dl>
        <h3 class="figures-title">{tr(|u| u.requests_so_far)}</h3>
        <dl class="figures accounting">
            <Figure label=|u| u.created value=count(|f| f.outcomes().created) testid="created" />
            <Figure label=|u| u.served value=count(|f| f.outcomes().served) />
            <Figure label=|u| u.timed_out value=count(|f| f.outcomes().timed_out) />
            <Figure label=|u| u.failed value=count(|f| f.outcomes().failed) />
            <Figure label=|u| u.in_flight value=count(ServerFarm::in_flight) />
        </dl>
    }
}
