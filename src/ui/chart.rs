//! A small line chart of one metric over the last minute, drawn as one SVG path.
//! Coordinates are whole numbers in a 600 x 180 box (no float printing in the wasm).

use leptos::prelude::*;

use super::lab::Lab;
use super::readout::format_metric;
use crate::sim::Metric;

const WIDTH: u32 = 600;
const HEIGHT: u32 = 180;
const SECONDS: usize = 60;

/// The y coordinate of `value` on a scale from 0 to `y_max`.
fn y_of(value: f64, y_max: f64) -> u32 {
    HEIGHT - ((value / y_max).clamp(0.0, 1.0) * f64::from(HEIGHT)).round() as u32
}

/// Path data for values oldest first; gaps (no data) break the line.
fn path(values: &[Option<f64>], y_max: f64) -> String {
    let mut d = String::new();
    let mut pen_down = false;
    for (i, value) in values.iter().enumerate() {
        match value {
            Some(v) => {
                let command = if pen_down { 'L' } else { 'M' };
                d.push_str(&format!("{command}{},{} ", i as u32 * WIDTH / (SECONDS as u32 - 1), y_of(*v, y_max)));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    d
}

/// The metric over the last minute, with an optional target line.
#[component]
pub fn MetricChart(lab: Lab, metric: Metric, target: Option<f64>, label: Signal<&'static str>) -> impl IntoView {
    let values = Memo::new(move |_| {
        lab.with_record(|w| {
            let mut v: Vec<Option<f64>> = w.history().newest_first().take(SECONDS).map(|s| s.get(metric)).collect();
            v.reverse();
            v
        })
    });
    let y_max = move || {
        let peak = values.with(|v| v.iter().flatten().fold(0.0_f64, |a, b| a.max(*b)));
        (peak * 1.1).max(target.unwrap_or(0.0) * 2.0).max(1.0)
    };
    let described = move || {
        let latest = values.with(|v| v.last().copied().flatten());
        let text = latest.map(|v| format_metric(metric, v)).unwrap_or_else(|| "–".to_string());
        format!("{}: {text}", label.get())
    };
    let target_y = move || target.map(|t| y_of(t, y_max()));
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=described preserveAspectRatio="none">
                {move || target_y().map(|y| view! { <line class="chart-target" x1="0" x2=WIDTH y1=y y2=y></line> })}
                <path class="chart-line" d=move || values.with(|v| path(v, y_max()))></path>
            </svg>
            <figcaption>{described}</figcaption>
        </figure>
    }
}
