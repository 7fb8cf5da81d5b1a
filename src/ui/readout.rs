//! How figures from the model are written on screen. One place, so the end-to-end tests and
//! native fixtures agree on rounding (p95 and p50 are whole milliseconds, cost whole dollars).

use crate::i18n::grouped;
use crate::sim::Metric;

/// A metric's value with its unit, as the page shows it.
pub fn format_metric(metric: Metric, value: f64) -> String {
    match metric {
        Metric::P50LatencyMs | Metric::P95LatencyMs => format!("{} ms", value.round() as u64),
        Metric::CostPerMonth => format!("${}", grouped(value.round() as u64)),
        Metric::MaxCpuPercent | Metric::LaptopCpuPercent | Metric::SuccessPercent => {
            format!("{} %", value.round() as u64)
        }
        Metric::BuildSeconds => format!("{value:.1} s"),
        Metric::OfferedRps | Metric::ThroughputRps | Metric::TimedOutPerSec | Metric::FailedPerSec => {
            format!("{}/s", grouped(value.round() as u64))
        }
        Metric::Servers | Metric::ExposedOnLaptop => grouped(value.round() as u64),
    }
}
