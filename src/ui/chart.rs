//! A small line chart of one metric over the last minute, drawn as one SVG path.

use leptos::prelude::*;

use super::lab::Lab;
use super::readout::format_metric;
use crate::sim::Metric;

const WIDTH: f64 = 300.0;
const HEIGHT: f64 = 90.0;
const SECONDS: usize = 60;

/// Path data for values oldest first; gaps (no data) break the line.
fn path(values: &[Option<f64>], y_max: f64) -> String {
    let dx = WIDTH / (SECONDS - 1) as f64;
    let mut d = String::new();
    let mut pen_down = false;
    for (i, value) in values.iter().enumerate() {
        match value {
            Some(v) => {
                let x = i as f64 * dx;
                let y = HEIGHT - (v.min(y_max) / y_max) * HEIGHT;
                d.push_str(&format!("{}{x:.1},{y:.1} ", if pen_down { "L" } else { "M" }));
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
        lab.with(|w| {
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
    let target_y = move || target.map(|t| HEIGHT - (t / y_max()).min(1.0) * HEIGHT);
    view! {
        <figure class="chart">
            <svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") role="img" aria-label=described preserveAspectRatio="none">
                {move || {
                    target_y()
                        .map(|y| {
                            view! { <line class="chart-target" x1="0" x2=WIDTH y1=y y2=y></line> }
                        })
                }}
                <path class="chart-line" d=move || values.with(|v| path(v, y_max()))></path>
            </svg>
            <figcaption>{described}</figcaption>
        </figure>
    }
}
