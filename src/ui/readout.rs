//! How figures from the model are written on screen. One place, so the end-to-end tests and
//! native fixtures agree on rounding (p95 and p50 are whole milliseconds, cost whole dollars).

use leptos::prelude::*;

use super::lab::Lab;
use crate::i18n::{grouped, tr, ui, Ui};
use crate::sim::Metric;

/// `value` rounded to `decimals` places (at most 3), without the float formatter: integer
/// maths only, which keeps core's float-printing code out of the wasm.
pub fn fixed(value: f64, decimals: u32) -> String {
    let scale = 10u64.pow(decimals.min(3));
    let scaled = (value.abs() * scale as f64).round() as u64;
    let sign = if value < 0.0 && scaled > 0 { "-" } else { "" };
    match decimals.min(3) {
        0 => format!("{sign}{scaled}"),
        d => format!("{sign}{}.{:0width$}", scaled / scale, scaled % scale, width = d as usize),
    }
}

/// A metric's value with its unit, as the page shows it.
pub fn format_metric(metric: Metric, value: f64) -> String {
    match metric {
        Metric::P50LatencyMs
        | Metric::P95LatencyMs
        | Metric::P99LatencyMs
        | Metric::ApiP95LatencyMs
        | Metric::SecondP95LatencyMs => format!("{} ms", value.round() as u64),
        Metric::TimeToDetectMs | Metric::TimeToRecoverMs | Metric::FailoverMs | Metric::SshWaitMs => {
            format!("{} ms", grouped(value.round() as u64))
        }
        Metric::CostPerMonth => format!("${}", grouped(value.round() as u64)),
        Metric::MaxCpuPercent
        | Metric::LaptopCpuPercent
        | Metric::SuccessPercent
        | Metric::RackCpuPercent
        | Metric::SiteReachable
        | Metric::DeployVerified
        | Metric::SshLoginPossible
        | Metric::ShopServed
        | Metric::ErrorPercent
        | Metric::SecondErrorPercent => {
            format!("{} %", value.round() as u64)
        }
        // Availability's interest is in the decimals: 99.9 % and 99.99 % differ tenfold.
        Metric::SuccessRatePercent | Metric::AvailabilityPercent => format!("{} %", fixed(value, 2)),
        Metric::AvailabilityNines => fixed(value, 1),
        Metric::BuildSeconds | Metric::StartupSeconds => format!("{} s", fixed(value, 1)),
        // As BuildKit prints a build's time.
        Metric::BuildMs => format!("{} s", fixed(value / 1000.0, 1)),
        Metric::OldAddressWindowS => format!("{} s", grouped(value.round() as u64)),
        Metric::MemoryUsedMib | Metric::OverheadMib | Metric::IdleMemoryMib => {
            format!("{} MiB", grouped(value.round() as u64))
        }
        Metric::OfferedRps
        | Metric::ThroughputRps
        | Metric::TimedOutPerSec
        | Metric::FailedPerSec
        | Metric::RetriesPerSec
        | Metric::SpikeRps => {
            format!("{}/s", grouped(value.round() as u64))
        }
        Metric::Servers
        | Metric::ExposedOnLaptop
        | Metric::ServicesRunning
        | Metric::InterferenceEvents
        | Metric::NotIsolated
        | Metric::NotDedicated
        | Metric::SlowServers
        | Metric::NodesInPool
        | Metric::NodesUp
        | Metric::WritesLost
        | Metric::FailuresPerHour
        | Metric::StepsRebuilt => grouped(value.round() as u64),
    }
}

/// One labelled figure in a `<dl>`. Every figure on the site goes through this one component,
/// and its value is a type-erased signal, so the render code exists once however many there are.
/// `hidden` hides a figure that only some states have (chapter 5's balancer B).
#[component]
pub fn Figure(
    label: fn(&'static Ui) -> &'static str,
    value: Signal<String>,
    #[prop(optional)] testid: Option<&'static str>,
    #[prop(optional)] hidden: Option<Signal<bool>>,
) -> impl IntoView {
    view! {
        <div hidden=hidden>
            <dt>{tr(label)}</dt>
            <dd data-testid=testid>{value}</dd>
        </div>
    }
}

/// A figure named after its metric, showing the world's latest value of it.
#[component]
pub fn MetricFigure(
    lab: Lab,
    metric: Metric,
    testid: &'static str,
    #[prop(optional)] hidden: Option<Signal<bool>>,
) -> impl IntoView {
    let ui = ui();
    view! {
        <div hidden=hidden>
            <dt>{live(move || (ui.get().metric_name)(metric).to_string())}</dt>
            <dd data-testid=testid>{latest_figure(lab, metric)}</dd>
        </div>
    }
}

/// A metric's value from the world's latest sample, or "not measured yet" before the first.
pub fn latest_figure(lab: Lab, metric: Metric) -> Signal<String> {
    let ui = ui();
    live(move || {
        lab.with_record(|w| w.latest(metric))
            .map_or_else(|| ui.get().no_data_yet.to_string(), |v| format_metric(metric, v))
    })
}

/// A type-erased reactive flag, for `hidden=` and the like (see [`live`]).
pub fn flag(value: impl Fn() -> bool + Send + Sync + 'static) -> Signal<bool> {
    Signal::derive(value)
}

/// A type-erased reactive string: cheaper in wasm than a closure of its own type.
pub fn live(text: impl Fn() -> String + Send + Sync + 'static) -> Signal<String> {
    Signal::derive(text)
}
