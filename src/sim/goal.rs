//! Challenge goals as data, and the one pure function that checks them.
//!
//! A goal is a serializable value, such as "p95 latency below 150 ms and cost at most the
//! model's optimum, held for 30 s". Chapters, teachers' files and native tests all evaluate
//! goals with [`evaluate`] over a world's per-second [`History`]. Where a goal compares with
//! [`Target::Optimum`], the value comes from an [`Optimum`] the model computed; none is typed in.

use serde::{Deserialize, Serialize};

use super::metrics::{History, Metric, MetricRange, Sample};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Goal {
    /// Every part holds.
    All { goals: Vec<Goal> },
    /// At least one part holds.
    Any { goals: Vec<Goal> },
    /// The condition held in each of the last `seconds` samples.
    Hold { condition: Condition, seconds: u32 },
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Condition {
    pub metric: Metric,
    pub cmp: Cmp,
    pub target: Target,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cmp {
    Below,
    AtMost,
    AtLeast,
    Above,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Target {
    Value {
        value: f64,
    },
    /// The best value of this metric the model found (for example the lowest cost).
    Optimum,
}

/// Best values the model computed for a scenario, as (metric, value) pairs.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Optimum(pub Vec<(Metric, f64)>);

impl Optimum {
    pub fn get(&self, metric: Metric) -> Option<f64> {
        self.0.iter().find(|(m, _)| *m == metric).map(|(_, v)| *v)
    }
}

/// How far a world is towards a goal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GoalStatus {
    pub met: bool,
    /// Seconds the goal has held so far, capped at `needed_seconds`.
    pub held_seconds: u32,
    pub needed_seconds: u32,
}

impl Condition {
    pub fn new(metric: Metric, cmp: Cmp, target: Target) -> Self {
        Condition { metric, cmp, target }
    }

    /// The value this condition compares with, if it is known.
    pub fn threshold(&self, optimum: &Optimum) -> Option<f64> {
        match self.target {
            Target::Value { value } => Some(value),
            Target::Optimum => optimum.get(self.metric),
        }
    }

    /// Whether a value within `range` can meet this condition's value threshold; the bound it
    /// cannot pass when not: the range's top for "at least"/"above", its bottom for
    /// "at most"/"below". A condition on the optimum can always be met (the model found it).
    pub fn beyond_range(&self, range: MetricRange) -> Option<u32> {
        let Target::Value { value } = self.target else { return None };
        let (min, max) = (f64::from(range.min), f64::from(range.max));
        let possible = match self.cmp {
            Cmp::AtLeast => value <= max,
            Cmp::Above => value < max,
            Cmp::AtMost => value >= min,
            Cmp::Below => value > min,
        };
        match self.cmp {
            _ if possible => None,
            Cmp::AtLeast | Cmp::Above => Some(range.max),
            Cmp::AtMost | Cmp::Below => Some(range.min),
        }
    }

    pub fn holds(&self, sample: &Sample, optimum: &Optimum) -> bool {
        let (Some(value), Some(limit)) = (sample.get(self.metric), self.threshold(optimum)) else {
            return false;
        };
        match self.cmp {
            Cmp::Below => value < limit,
            Cmp::AtMost => value <= limit,
            Cmp::AtLeast => value >= limit,
            Cmp::Above => value > limit,
        }
    }
}

impl Goal {
    pub fn hold(metric: Metric, cmp: Cmp, target: Target, seconds: u32) -> Goal {
        Goal::Hold { condition: Condition::new(metric, cmp, target), seconds }
    }

    /// The same goal with its value thresholds (not the optimum) replaced in the order of
    /// [`Goal::holds`] and every hold lasting `seconds`; `None` unless `values` has exactly one
    /// figure per value threshold. This is what a teacher may change.
    pub fn with_values(&self, values: &[f64], seconds: u32) -> Option<Goal> {
        let thresholds = self.holds().iter().filter(|(c, _)| matches!(c.target, Target::Value { .. })).count();
        (thresholds == values.len()).then(|| self.replace_values(&mut values.iter().copied(), seconds))
    }

    fn replace_values(&self, values: &mut impl Iterator<Item = f64>, seconds: u32) -> Goal {
        match self {
            Goal::All { goals } => {
                Goal::All { goals: goals.iter().map(|g| g.replace_values(values, seconds)).collect() }
            }
            Goal::Any { goals } => {
                Goal::Any { goals: goals.iter().map(|g| g.replace_values(values, seconds)).collect() }
            }
            Goal::Hold { condition, .. } => {
                let target = match condition.target {
                    Target::Value { value } => Target::Value { value: values.next().unwrap_or(value) },
                    Target::Optimum => Target::Optimum,
                };
                Goal::Hold { condition: Condition { target, ..*condition }, seconds }
            }
        }
    }

    /// The conditions that compare with a value, not the optimum: what the optimum must meet.
    pub fn without_optimum(&self) -> Goal {
        let goals = self
            .holds()
            .into_iter()
            .filter(|(c, _)| matches!(c.target, Target::Value { .. }))
            .map(|(condition, seconds)| Goal::Hold { condition, seconds })
            .collect();
        Goal::All { goals }
    }

    /// Whether a condition compares with the optimum, which the model must then search for.
    pub fn asks_for_optimum(&self) -> bool {
        self.holds().iter().any(|(c, _)| matches!(c.target, Target::Optimum))
    }

    /// The threshold the goal sets on `metric` with a value, if any.
    pub fn value_for(&self, metric: Metric) -> Option<f64> {
        self.holds().into_iter().find(|(c, _)| c.metric == metric).and_then(|(c, _)| match c.target {
            Target::Value { value } => Some(value),
            Target::Optimum => None,
        })
    }

    /// The longest hold in the goal, in seconds.
    pub fn hold_seconds(&self) -> u32 {
        self.holds().into_iter().map(|(_, s)| s).max().unwrap_or(0)
    }

    /// Every condition in the goal with the seconds it must hold, in order.
    pub fn holds(&self) -> Vec<(Condition, u32)> {
        match self {
            Goal::All { goals } | Goal::Any { goals } => goals.iter().flat_map(Goal::holds).collect(),
            Goal::Hold { condition, seconds } => vec![(*condition, *seconds)],
        }
    }
}

/// Checks a goal against a world's history. Pure: the same inputs always give the same answer.
pub fn evaluate(goal: &Goal, history: &History, optimum: &Optimum) -> GoalStatus {
    match goal {
        Goal::Hold { condition, seconds } => {
            let held =
                history.newest_first().take(*seconds as usize).take_while(|s| condition.holds(s, optimum)).count()
                    as u32;
            GoalStatus { met: held >= *seconds, held_seconds: held, needed_seconds: *seconds }
        }
        Goal::All { goals } => {
            let parts: Vec<GoalStatus> = goals.iter().map(|g| evaluate(g, history, optimum)).collect();
            let needed = parts.iter().map(|p| p.needed_seconds).max().unwrap_or(0);
            // All parts hold together only as long as the shortest-held part has.
            let held = parts
                .iter()
                .map(|p| if p.met && p.needed_seconds < needed { needed } else { p.held_seconds })
                .min()
                .unwrap_or(0);
            GoalStatus { met: parts.iter().all(|p| p.met), held_seconds: held.min(needed), needed_seconds: needed }
        }
        Goal::Any { goals } => goals
            .iter()
            .map(|g| evaluate(g, history, optimum))
            .max_by_key(|p| (p.met, p.held_seconds * 1000 / p.needed_seconds.max(1)))
            .unwrap_or(GoalStatus { met: false, held_seconds: 0, needed_seconds: 0 }),
    }
}

/// Whether `goal` is already out of reach for a run that will end `seconds_left` seconds after
/// the newest sample of `history`, whatever those seconds bring: a condition that must hold
/// through the end has failed within its hold. Pure, like [`evaluate`]; a search uses it to stop
/// a run that can no longer meet the goal.
pub fn out_of_reach(goal: &Goal, history: &History, optimum: &Optimum, seconds_left: u32) -> bool {
    match goal {
        Goal::Hold { condition, seconds } => {
            let within_hold = seconds.saturating_sub(seconds_left) as usize;
            !history.newest_first().take(within_hold).all(|s| condition.holds(s, optimum))
        }
        Goal::All { goals } => goals.iter().any(|g| out_of_reach(g, history, optimum, seconds_left)),
        Goal::Any { goals } => goals.iter().all(|g| out_of_reach(g, history, optimum, seconds_left)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn history(values: &[f64]) -> History {
        let mut h = History::default();
        for (i, v) in values.iter().enumerate() {
            let mut s = Sample::new(i as u64 + 1);
            s.set(Metric::P95LatencyMs, *v);
            s.set(Metric::CostPerMonth, 300.0);
            h.push(s);
        }
        h
    }

    #[test]
    fn a_teacher_replaces_value_thresholds_in_order() {
        let goal = Goal::All {
            goals: vec![
                Goal::hold(Metric::OfferedRps, Cmp::AtLeast, Target::Value { value: 1000.0 }, 30),
                Goal::hold(Metric::P95LatencyMs, Cmp::Below, Target::Value { value: 150.0 }, 30),
                Goal::hold(Metric::CostPerMonth, Cmp::AtMost, Target::Optimum, 30),
            ],
        };
        let custom = goal.with_values(&[1200.0, 120.0], 20).expect("two values for two thresholds");
        let thresholds: Vec<_> = custom.holds().iter().map(|(c, s)| (c.target, *s)).collect();
        let value = |value| Target::Value { value };
        assert_eq!(thresholds, [(value(1200.0), 20), (value(120.0), 20), (Target::Optimum, 20)]);
        assert_eq!(goal.with_values(&[1200.0], 20), None);
        assert_eq!(goal.with_values(&[1.0, 2.0, 3.0], 20), None);
        assert_eq!(custom.value_for(Metric::OfferedRps), Some(1200.0));
        assert_eq!(custom.value_for(Metric::CostPerMonth), None);
        assert_eq!(custom.without_optimum().holds().len(), 2);
        assert_eq!(custom.hold_seconds(), 20);
    }

    #[test]
    fn a_threshold_beyond_the_metrics_range_can_never_be_met() {
        let percent = MetricRange { min: 0, max: 100 };
        let value = |value| Target::Value { value };
        let condition = |cmp, v| Condition::new(Metric::SuccessPercent, cmp, value(v));
        assert_eq!(condition(Cmp::AtLeast, 100.0).beyond_range(percent), None);
        assert_eq!(condition(Cmp::AtLeast, 101.0).beyond_range(percent), Some(100));
        assert_eq!(condition(Cmp::Above, 100.0).beyond_range(percent), Some(100));
        assert_eq!(condition(Cmp::AtMost, 0.0).beyond_range(percent), None);
        assert_eq!(condition(Cmp::Below, 0.0).beyond_range(percent), Some(0));
        assert_eq!(condition(Cmp::Below, 0.5).beyond_range(percent), None);
        let optimum = Condition::new(Metric::CostPerMonth, Cmp::AtMost, Target::Optimum);
        assert_eq!(optimum.beyond_range(MetricRange { min: 5, max: 5 }), None);
    }

    #[test]
    fn hold_counts_the_trailing_run() {
        let goal = Goal::hold(Metric::P95LatencyMs, Cmp::Below, Target::Value { value: 100.0 }, 3);
        let none = Optimum::default();
        let p = evaluate(&goal, &history(&[50.0, 500.0, 50.0, 50.0]), &none);
        assert_eq!((p.met, p.held_seconds), (false, 2));
        let p = evaluate(&goal, &history(&[500.0, 50.0, 50.0, 50.0]), &none);
        assert_eq!((p.met, p.held_seconds), (true, 3));
    }

    #[test]
    fn a_failure_within_the_final_hold_puts_the_goal_out_of_reach() {
        let fast = Goal::hold(Metric::P95LatencyMs, Cmp::Below, Target::Value { value: 100.0 }, 3);
        let none = Optimum::default();
        let slow_then_fast = history(&[500.0, 50.0]);
        // Three seconds still to come: the slow second falls before the final three.
        assert!(!out_of_reach(&fast, &slow_then_fast, &none, 3));
        // One second to come: the slow second is within the final three.
        assert!(out_of_reach(&fast, &slow_then_fast, &none, 1));
        assert!(!out_of_reach(&fast, &history(&[50.0, 50.0]), &none, 0));
        // At the end, out of reach exactly when not met.
        for h in [history(&[50.0, 50.0, 50.0]), history(&[50.0, 500.0, 50.0])] {
            assert_eq!(out_of_reach(&fast, &h, &none, 0), !evaluate(&fast, &h, &none).met);
        }
        // `Any` is out of reach only when every part is; `All` when one part is.
        let cheap = Goal::hold(Metric::CostPerMonth, Cmp::AtMost, Target::Value { value: 300.0 }, 3);
        let any = Goal::Any { goals: vec![fast.clone(), cheap.clone()] };
        let all = Goal::All { goals: vec![fast, cheap] };
        assert!(!out_of_reach(&any, &slow_then_fast, &none, 1));
        assert!(out_of_reach(&all, &slow_then_fast, &none, 1));
    }

    #[test]
    fn optimum_target_needs_a_computed_optimum() {
        let goal = Goal::hold(Metric::CostPerMonth, Cmp::AtMost, Target::Optimum, 1);
        let h = history(&[1.0]);
        assert!(!evaluate(&goal, &h, &Optimum::default()).met);
        let optimum = Optimum(vec![(Metric::CostPerMonth, 300.0)]);
        assert!(evaluate(&goal, &h, &optimum).met);
    }

    #[test]
    fn a_missing_metric_never_holds() {
        let goal = Goal::hold(Metric::BuildSeconds, Cmp::Below, Target::Value { value: 1e9 }, 1);
        assert!(!evaluate(&goal, &history(&[1.0]), &Optimum::default()).met);
    }

    #[test]
    fn all_and_any_combine() {
        let fast = Goal::hold(Metric::P95LatencyMs, Cmp::Below, Target::Value { value: 100.0 }, 2);
        let cheap = Goal::hold(Metric::CostPerMonth, Cmp::AtMost, Target::Value { value: 200.0 }, 1);
        let h = history(&[50.0, 50.0]);
        let none = Optimum::default();
        let all = Goal::All { goals: vec![fast.clone(), cheap.clone()] };
        let any = Goal::Any { goals: vec![fast, cheap] };
        assert!(!evaluate(&all, &h, &none).met);
        assert!(evaluate(&any, &h, &none).met);
    }
}
