//! Chapter 5, load balancing: the request diagram, the controls that shape the traffic and the
//! balancer (users per second, the static spike, the algorithm, compare mode with a second
//! balancer B, retries, path rules, servers added and removed), a table per balancer with each
//! server's settings (speed, weight, pool) and figures (requests in flight, queue, utilisation,
//! served, errors), the latency and error figures, two charts and the event feed.
//!
//! Every change goes through an [`Action`]; every figure comes from [`ServerFarm`]. The tables
//! and figures read the world once a simulated second ([`Lab::with_record`]), so a screen
//! reader is not flooded; the tables are the diagram's text. Settings are shared by both
//! balancers, so only balancer A's table edits them.

use leptos::prelude::*;

use crate::course::{Challenge, ChapterId};
use crate::i18n::balance::{balance_ui, BalanceUi};
use crate::i18n::{grouped, tr, ui, use_lang};
use crate::sim::balance::Algorithm;
use crate::sim::traffic::arrivals::spiking;
use crate::sim::traffic::edge::server_address;
use crate::sim::traffic::{
    Path, Pool, Server, ServerFarm, Side, MAX_RETRIES, MAX_RPS, MAX_SPIKE_RPS, MAX_WEIGHT, MIN_RPS, SLOW_SPEED_PERCENT,
};
use crate::sim::{Action, Metric, World};
use crate::ui::chapter::ChapterPage;
use crate::ui::chart::MetricChart;
use crate::ui::controls::{NumberField, Panel};
use crate::ui::dots::RequestCanvas;
use crate::ui::feed::EventFeed;
use crate::ui::lab::Lab;
use crate::ui::player::Transport;
use crate::ui::readout::{flag, format_metric, latest_figure, live, Figure, MetricFigure};

/// The spike slider moves in steps of this many requests per second.
const SPIKE_STEP: u32 = 100;
/// The retries select's choices, 0 to [`MAX_RETRIES`].
const RETRY_CHOICES: [&str; MAX_RETRIES as usize + 1] = ["0", "1", "2"];
/// The pools a server can be put in, in the order of its select.
const SERVER_POOLS: [Pool; 2] = [Pool::Api, Pool::Files];
/// Every column of balancer A's table, and the figure columns B's shows (see `BalanceUi::columns`).
const ALL_COLUMNS: [usize; 9] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
const FIGURE_COLUMNS: [usize; 6] = [0, 4, 5, 6, 7, 8];
/// Columns from this one on hold figures, aligned right.
const FIRST_FIGURE_COLUMN: usize = 4;

#[component]
pub fn BalancingChapter(transport: Transport, challenge: Challenge) -> impl IntoView {
    // The chart's target line is the goal's /api p95, a teacher's figure when a link set one.
    let api_target = challenge.goal.value_for(Metric::ApiP95LatencyMs);
    view! {
        <ChapterPage id=ChapterId::LoadBalancing transport=transport challenge=challenge>
            <BalanceLab lab=transport.lab api_target=api_target />
        </ChapterPage>
    }
}

fn bui() -> Signal<&'static BalanceUi> {
    let lang = use_lang();
    Signal::derive(move || balance_ui(lang.get()))
}

/// A string of the lab in the learner's language. Every call returns the same closure type (as
/// `i18n::tr`).
fn btr(pick: fn(&'static BalanceUi) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || pick(balance_ui(lang.get()))
}

/// [`btr`] as a type-erased signal: `{blive(|t| t.spike)}`. Views show every text of the lab
/// through one signal type, so Leptos renders all of them with one piece of code.
fn blive(pick: fn(&'static BalanceUi) -> &'static str) -> Signal<String> {
    let text = btr(pick);
    live(move || text().to_string())
}

/// A select of the lab: its label, its choices (`count`, worded by `name`), where it reads the
/// current one and the action a pick sends. `key` is what it is about: a side, a path or a
/// server. Every select is this one type, so its view code exists once; `hidden` hides one
/// that only compare mode needs.
struct Picker {
    label: Signal<String>,
    hide_label: bool,
    hidden: Option<Signal<bool>>,
    testid: String,
    key: u32,
    count: usize,
    name: fn(&'static BalanceUi, usize) -> &'static str,
    chosen: fn(&ServerFarm, u32) -> usize,
    action: fn(u32, usize) -> Option<Action>,
}

impl Picker {
    fn view(self, panel: Panel) -> impl IntoView {
        let b = bui();
        let Picker { label, hide_label, hidden, testid, key, count, name, chosen, action } = self;
        let lab = panel.lab;
        let chosen = move || lab.with_record(|w| w.farm().map_or(0, |f| chosen(f, key)));
        view! {
            <label class="lb-pick" hidden=hidden>
                <span class={if hide_label { "visually-hidden" } else { "lb-label" }}>{label}</span>
                <select
                    data-testid=testid
                    on:change=move |ev| {
                        if let Some(action) = event_target_value(&ev).parse::<usize>().ok().and_then(|i| action(key, i)) {
                            panel.send(action);
                        }
                    }
                >
                    {(0..count)
                        .map(|i| {
                            view! {
                                <option value=i.to_string() prop:selected=flag(move || chosen() == i)>
                                    {live(move || name(b.get(), i).to_string())}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
        }
    }
}

/// A labelled range input showing `value`; a change sends the action it makes.
fn slider(
    panel: Panel,
    label: Signal<String>,
    testid: &'static str,
    (min, max, step): (u32, u32, u32),
    value: Memo<u32>,
    described_by: Option<&'static str>,
    action: fn(u32) -> Action,
) -> impl IntoView {
    view! {
        <label class="lb-slider">
            <span>{label}</span>
            <input
                type="range"
                data-testid=testid
                min=min
                max=max
                step=step
                aria-describedby=described_by
                prop:value=live(move || value.get().to_string())
                on:change=move |ev| panel.send_number(&event_target_value(&ev), |_, v| action(v))
            />
        </label>
    }
}

fn side_of(world: &World, side: usize) -> Option<&Side> {
    world.farm().and_then(|f| f.sides().get(side))
}

fn server_of(world: &World, side: usize, id: u32) -> Option<&Server> {
    side_of(world, side).and_then(|s| s.servers().iter().find(|s| s.id == id))
}

/// The index of `item` in `items` (the first when absent).
fn index_in<T: PartialEq>(items: &[T], item: &T) -> usize {
    items.iter().position(|i| i == item).unwrap_or(0)
}

/// The whole interactive: the diagram, the controls, a table per balancer, figures, charts
/// (the /api p95 with `api_target` drawn as a line) and the event feed.
#[component]
fn BalanceLab(lab: Lab, api_target: Option<f64>) -> impl IntoView {
    let b = bui();
    let compare = Memo::new(move |_| lab.with_record(|w| w.farm().is_some_and(|f| f.sides().len() > 1)));
    let canvas_label = live(move || {
        let b = b.get();
        lab.with_record(|w| w.farm().map(|f| (b.canvas)(f.main().algorithm(), f.servers().len()))).unwrap_or_default()
    });
    view! {
        <div class="lb">
            <RequestCanvas lab=lab label=canvas_label />
            <BalanceControls lab=lab compare=compare />
            <ServerTable lab=lab side=0 compare=compare />
            <ServerTable lab=lab side=1 compare=compare />
            <BalanceFigures lab=lab compare=compare />
            <div class="lb-charts">
                <MetricChart
                    lab=lab
                    metric=Metric::ApiP95LatencyMs
                    target=api_target
                    label=Signal::derive(btr(|t| t.api_p95_chart))
                />
                <MetricChart lab=lab metric=Metric::ErrorPercent target=None label=Signal::derive(btr(|t| t.error_chart)) />
            </div>
            <EventFeed lab=lab />
        </div>
    }
}

/// Traffic (users, the static spike), the balancer (algorithm, compare mode, retries), the path
/// rules, and servers added or removed.
#[component]
fn BalanceControls(lab: Lab, compare: Memo<bool>) -> impl IntoView {
    let b = bui();
    let panel = Panel::new(lab);
    // Memos: an input is rewritten only when its setting really changes, never while a drag or
    // a half-typed number is under way.
    let rate = panel.setting(MIN_RPS, ServerFarm::arrival_rps);
    let spike = panel.setting(0, ServerFarm::spike_rps);
    // Spikes start and end on whole seconds, when the world records a sample.
    let spiking_now = Memo::new(move |_| spike.get() > 0 && lab.with_record(|w| spiking(w.now().micros())));
    let algorithm = |side: u32, label: Signal<String>, hidden: Option<Signal<bool>>, testid: &str| Picker {
        label,
        hide_label: false,
        hidden,
        testid: testid.to_string(),
        key: side,
        count: Algorithm::ALL.len(),
        name: |t, i| (t.algorithm)(Algorithm::ALL[i]),
        chosen: |f, side| f.sides().get(side as usize).map_or(0, |s| index_in(&Algorithm::ALL, &s.algorithm())),
        action: |side, i| Algorithm::ALL.get(i).map(|&algorithm| Action::SetAlgorithm { side: side as u8, algorithm }),
    };
    let route = |path: Path, testid: &str| Picker {
        label: live(move || format!("{} →", (b.get().path)(path))),
        hide_label: false,
        hidden: None,
        testid: testid.to_string(),
        key: path as u32,
        count: Pool::ALL.len(),
        name: |t, i| (t.pool_choice)(Pool::ALL[i]),
        chosen: |f, path| index_in(&Pool::ALL, &f.routes()[path as usize]),
        action: |path, i| {
            let path = *Path::ALL.get(path as usize)?;
            Pool::ALL.get(i).map(|&to| Action::SetRoute { path, to })
        },
    };
    let retries = Picker {
        label: blive(|t| t.retries),
        hide_label: false,
        hidden: None,
        testid: "lb-retries".to_string(),
        key: 0,
        count: RETRY_CHOICES.len(),
        name: |_, i| RETRY_CHOICES[i],
        chosen: |f, _| f.retries() as usize,
        action: |_, i| Some(Action::SetRetries { retries: i as u32 }),
    };
    let algorithm_a = live(move || {
        let b = b.get();
        if compare.get() { b.algorithm_a } else { b.algorithm_label }.to_string()
    });
    let set_compare = move |on: bool| {
        // B starts with the algorithm the chapter sets against round robin, or round robin.
        let first = lab.with_untracked(|w| side_of(w, 0).map(Side::algorithm));
        let second = match first {
            Some(Algorithm::LeastConnections) => Algorithm::RoundRobin,
            _ => Algorithm::LeastConnections,
        };
        panel.send(Action::SetCompare { second: on.then_some(second) });
    };
    let users_per_second = tr(|u| u.users_per_second);
    let users = live(move || users_per_second().to_string());
    let spike_shown = live(move || match spike.get() {
        0 => b.get().spike_off.to_string(),
        rps => format_metric(Metric::SpikeRps, f64::from(rps)),
    });
    view! {
        <div class="lb-controls">
            <fieldset>
                <legend>{blive(|t| t.traffic)}</legend>
                <div class="lb-row">
                    {slider(
                        panel,
                        users,
                        "lb-rate",
                        (MIN_RPS, MAX_RPS, 1),
                        rate,
                        None,
                        |rps| Action::SetArrivalRate { rps },
                    )}
                    {NumberField {
                        label: users,
                        testid: "lb-rate-input".to_string(),
                        range: (MIN_RPS, MAX_RPS),
                        value: rate,
                        key: 0,
                        action: |_, _, rps| Action::SetArrivalRate { rps },
                    }
                        .view(panel)}
                </div>
                <div class="lb-row">
                    {slider(
                        panel,
                        blive(|t| t.spike),
                        "lb-spike",
                        (0, MAX_SPIKE_RPS, SPIKE_STEP),
                        spike,
                        Some("lb-spike-hint"),
                        |rps| Action::SetSpikeRate { rps },
                    )}
                    <output data-testid="lb-spike-value">{spike_shown}</output>
                    <span class="lb-spiking" data-testid="lb-spiking" hidden=flag(move || !spiking_now.get())>
                        {blive(|t| t.spiking)}
                    </span>
                    <span id="lb-spike-hint" class="lb-hint">
                        {blive(|t| t.spike_hint)}
                    </span>
                </div>
            </fieldset>
            <fieldset>
                <legend>{tr(|u| u.load_balancer)}</legend>
                {algorithm(0, algorithm_a, None, "lb-algorithm-a").view(panel)}
                <label class="lb-check">
                    <input
                        type="checkbox"
                        data-testid="lb-compare"
                        prop:checked=compare
                        on:change=move |ev| set_compare(event_target_checked(&ev))
                    />
                    <span>{blive(|t| t.compare)}</span>
                </label>
                {algorithm(1, blive(|t| t.algorithm_b), Some(flag(move || !compare.get())), "lb-algorithm-b").view(panel)}
                {retries.view(panel)}
            </fieldset>
            <fieldset>
                <legend>{blive(|t| t.routing)}</legend>
                {route(Path::Api, "lb-route-api").view(panel)}
                {route(Path::Static, "lb-route-static").view(panel)}
            </fieldset>
            <fieldset class="lb-server-buttons">
                <legend>{tr(|u| u.servers)}</legend>
                <button type="button" data-testid="lb-add" on:click=move |_| panel.send(Action::AddServer)>
                    "+ "
                    {tr(|u| u.add_server)}
                </button>
                <button type="button" data-testid="lb-remove" on:click=move |_| panel.send(Action::RemoveServer)>
                    "− "
                    {blive(|t| t.remove_newest)}
                </button>
            </fieldset>
            {panel.message_line("lb-message")}
        </div>
    }
}

/// One balancer's servers, a row each: the diagram's text for screen readers. Balancer A's
/// table also edits each server's speed, weight and pool (B's servers share them).
#[component]
fn ServerTable(lab: Lab, side: usize, compare: Memo<bool>) -> impl IntoView {
    let b = bui();
    let panel = Panel::new(lab);
    let editable = side == 0;
    let letter = if editable { "a" } else { "b" };
    let caption = live(move || {
        let (b, which) = (b.get(), compare.get().then_some(side));
        lab.with_record(|w| side_of(w, side).map(|s| (b.table_caption)(which, s.algorithm()))).unwrap_or_default()
    });
    let ids = Memo::new(move |_| {
        lab.with_record(|w| {
            side_of(w, side).map(|s| s.servers().iter().map(|s| s.id).collect::<Vec<_>>()).unwrap_or_default()
        })
    });
    let columns: &'static [usize] = if editable { &ALL_COLUMNS } else { &FIGURE_COLUMNS };
    let caption_id = format!("lb-caption-{letter}");
    let labelled_by = caption_id.clone();
    // Balancer B's table is kept and hidden outside compare mode (it has no rows then): a
    // `Show` costs more wasm than the attribute, here and for B's select and figures.
    view! {
        <section class="lb-servers" hidden=flag(move || !editable && !compare.get())>
            <div class="lb-table-wrap" role="region" tabindex="0" aria-labelledby=labelled_by>
                <table class="lb-table" data-testid=format!("lb-table-{letter}")>
                    <caption id=caption_id>{caption}</caption>
                    <thead>
                        <tr>
                            {columns
                                .iter()
                                .map(|&i| {
                                    view! {
                                        <th scope="col" class={if i >= FIRST_FIGURE_COLUMN { "lb-num" } else { "lb-text" }}>
                                            {live(move || b.get().columns[i].to_string())}
                                        </th>
                                    }
                                })
                                .collect_view()}
                        </tr>
                    </thead>
                    <tbody>
                        <For each=move || ids.get() key=|id| *id let(id)>
                            <ServerRow lab=lab side=side id=id panel=panel />
                        </For>
                    </tbody>
                </table>
            </div>
            <p class="lb-hint">{blive(if editable { |t| t.weight_note } else { |t| t.second_note })}</p>
            {panel.message_line(if editable { "lb-table-message" } else { "lb-b-table-message" })}
        </section>
    }
}

/// A figure cell; every one of them is this helper.
fn figure_cell(testid: String, text: Signal<String>) -> impl IntoView {
    view! { <td class="lb-num" data-testid=testid>{text}</td> }
}

/// A server's row: its name and address, in balancer A's table its settings, then what it is
/// doing as of the latest whole second.
#[component]
fn ServerRow(lab: Lab, side: usize, id: u32, panel: Panel) -> impl IntoView {
    let b = bui();
    let ui = ui();
    let prefix = if side == 0 { "lb" } else { "lb-b" };
    let slow = flag(move || lab.with_record(|w| server_of(w, side, id).is_some_and(Server::is_slow)));
    let figure = move |pick: fn(&Server) -> u64| {
        live(move || grouped(lab.with_record(|w| server_of(w, side, id).map_or(0, pick))))
    };
    let utilisation = live(move || {
        format_metric(
            Metric::MaxCpuPercent,
            lab.with_record(|w| server_of(w, side, id).map_or(0.0, Server::cpu_percent)),
        )
    });
    let editors = (side == 0).then(|| {
        // Its value is a memo, so a half-typed weight is not rewritten every second.
        let weight = NumberField {
            label: live(move || (b.get().weight_of)(id)),
            testid: format!("lb-weight-{id}"),
            range: (1, MAX_WEIGHT),
            value: Memo::new(move |_| lab.with_record(|w| server_of(w, side, id).map_or(1, |s| s.weight))),
            key: id,
            action: |_, server, weight| Action::SetWeight { server, weight },
        };
        let pool = Picker {
            label: live(move || (b.get().pool_of)(id)),
            hide_label: true,
            hidden: None,
            testid: format!("lb-pool-{id}"),
            key: id,
            count: SERVER_POOLS.len(),
            name: |t, i| (t.pool_choice)(SERVER_POOLS[i]),
            chosen: |f, id| f.servers().iter().find(|s| s.id == id).map_or(0, |s| index_in(&SERVER_POOLS, &s.pool)),
            action: |server, i| SERVER_POOLS.get(i).map(|&pool| Action::SetPool { server, pool }),
        };
        view! {
            <td>
                <button
                    type="button"
                    class="lb-speed"
                    data-testid=format!("lb-speed-{id}")
                    aria-pressed=live(move || slow.get().to_string())
                    aria-label=live(move || (b.get().slow_of)(id))
                    on:click=move |_| {
                        let percent = if slow.get_untracked() { 100 } else { SLOW_SPEED_PERCENT };
                        panel.send(Action::SetSpeed { server: id, percent });
                    }
                >
                    {blive(|t| t.slow_button)}
                </button>
            </td>
            <td>{weight.view(panel)}</td>
            <td>{pool.view(panel)}</td>
        }
    });
    view! {
        <tr data-testid=format!("{prefix}-row-{id}")>
            <th scope="row">
                <span class="lb-server-name">{live(move || (ui.get().server_n)(id))}</span>
                <span class="lb-address">{server_address(id).to_string()}</span>
                <span class="lb-slow" hidden=flag(move || !slow.get())>
                    {blive(|t| t.slow_mark)}
                </span>
            </th>
            {editors}
            {figure_cell(format!("{prefix}-in-flight-{id}"), figure(|s| s.in_flight() as u64))}
            {figure_cell(format!("{prefix}-queue-{id}"), figure(|s| s.queue_len() as u64))}
            {figure_cell(format!("{prefix}-utilisation-{id}"), utilisation)}
            {figure_cell(format!("{prefix}-served-{id}"), figure(Server::served))}
            {figure_cell(format!("{prefix}-errors-{id}"), figure(Server::errors))}
        </tr>
    }
}

/// Figures from the latest per-second sample; in compare mode B's p95 and error rate stand
/// beside A's.
#[component]
fn BalanceFigures(lab: Lab, compare: Memo<bool>) -> impl IntoView {
    let latest = move |metric: Metric| latest_figure(lab, metric);
    let second_hidden = flag(move || !compare.get());
    view! {
        <dl class="figures lb-figures">
            <Figure label=|u| u.p50 value=latest(Metric::P50LatencyMs) testid="lb-p50" />
            <Figure label=|u| u.p95 value=latest(Metric::P95LatencyMs) testid="lb-p95" />
            <MetricFigure lab=lab metric=Metric::SecondP95LatencyMs testid="lb-b-p95" hidden=second_hidden />
            <MetricFigure lab=lab metric=Metric::P99LatencyMs testid="lb-p99" />
            <MetricFigure lab=lab metric=Metric::ErrorPercent testid="lb-error-rate" />
            <MetricFigure lab=lab metric=Metric::SecondErrorPercent testid="lb-b-error-rate" hidden=second_hidden />
            <Figure label=|u| u.throughput value=latest(Metric::ThroughputRps) testid="lb-throughput" />
            <MetricFigure lab=lab metric=Metric::RetriesPerSec testid="lb-retries-per-sec" />
            <MetricFigure lab=lab metric=Metric::ApiP95LatencyMs testid="lb-api-p95" />
        </dl>
    }
}
