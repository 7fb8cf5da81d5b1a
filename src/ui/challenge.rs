//! The challenge card: the goal's conditions checked live, progress, success and a hint.

use leptos::prelude::*;

use super::lab::Lab;
use super::readout::{flag, format_metric, live};
use super::text::ChapterProse;
use crate::course::{Challenge, Origin, TeacherSolve};
use crate::i18n::{cmp_symbol, tr, ui};
use crate::progress::Progress;
use crate::sim::optimum::SearchProgress;
use crate::sim::{evaluate, Optimum};

/// The `n`th of the chapter's challenges (0 for its main one), whose words are the `n`th in
/// its prose.
#[component]
pub fn ChallengeCard(
    challenge: Challenge,
    n: usize,
    lab: Lab,
    optimum: ReadSignal<SearchProgress>,
    prose: ChapterProse,
) -> impl IntoView {
    let ui = ui();
    let progress = use_context::<RwSignal<Progress>>();
    let goal = StoredValue::new(challenge.goal.clone());
    // Until the search finishes, conditions on the optimum have no threshold and cannot hold;
    // when no setup meets the goal, they never will.
    let found = Memo::new(move |_| match optimum.get() {
        SearchProgress::Found(o) => o,
        SearchProgress::Searching | SearchProgress::NoneMeets => Optimum::default(),
    });
    let status =
        Memo::new(move |_| lab.with_record(|w| goal.with_value(|g| found.with(|o| evaluate(g, w.history(), o)))));
    let id = challenge.id;
    let origin = StoredValue::new(challenge.origin);
    // A teacher's challenge is saved with its time and figures, so it is found by its key.
    let solved = move |p: &Progress| {
        origin.with_value(|o| match o {
            Origin::Teacher { key } => p.solved.iter().any(|s| TeacherSolve::is_solve_of(s, key)),
            _ => p.solved.contains(id),
        })
    };
    let solved_before = progress.is_some_and(|p| p.with_untracked(solved));
    let opened_ms = js_sys::Date::now();
    Effect::new(move |_| {
        let Some(p) = progress.filter(|p| status.get().met && !p.with_untracked(solved)) else { return };
        let entry = origin.with_value(|o| match o {
            Origin::Teacher { key } => lab.with_untracked(|w| {
                let figures = goal.with_value(|g| {
                    g.holds().iter().map(|(c, _)| w.latest(c.metric).unwrap_or(0.0).round() as u64).collect()
                });
                let wall_seconds = ((js_sys::Date::now() - opened_ms) / 1000.0) as u64;
                TeacherSolve { key: key.clone(), sim_seconds: w.now().millis() / 1000, wall_seconds, figures }
                    .to_entry()
            }),
            _ => id.to_string(),
        });
        p.update(|p| {
            p.solve(&entry);
        });
    });
    let note = origin.with_value(|o| match *o {
        Origin::Teacher { .. } => Some(live(move || ui.get().teacher_goal.to_string())),
        Origin::RefusedLink(reason) => {
            Some(live(move || format!("{} {}", ui.get().teacher_goal_refused, (ui.get().goal_refusal)(reason))))
        }
        Origin::BuiltIn => None,
    });
    // The model's best on a metric the goal sets a figure for: how far past the target one can go.
    let best_beside_figures = move |optimum: &Optimum| {
        let best: Vec<String> = optimum
            .0
            .iter()
            .filter(|(metric, _)| goal.with_value(|g| g.value_for(*metric).is_some()))
            .map(|(metric, value)| format!("{} {}", (ui.get().metric_name)(*metric), format_metric(*metric, *value)))
            .collect();
        if best.is_empty() {
            String::new()
        } else {
            format!("{} {}", ui.get().optimum_best, best.join(", "))
        }
    };
    // The conditions list changes once a simulated second, not every frame.
    let latest_sample = Memo::new(move |_| lab.with_record(|w| w.history().latest().cloned()));
    let conditions = move || {
        let latest = latest_sample.get();
        goal.with_value(|g| g.holds())
            .into_iter()
            .map(|(c, _)| {
                let holds = latest.as_ref().is_some_and(|s| found.with(|o| c.holds(s, o)));
                let now = latest
                    .as_ref()
                    .and_then(|s| s.get(c.metric))
                    .map_or_else(|| ui.get().no_data_yet.to_string(), |v| format_metric(c.metric, v));
                let limit =
                    found.with(|o| c.threshold(o)).map_or_else(|| "…".to_string(), |v| format_metric(c.metric, v));
                view! {
                    <li class:holds=holds>
                        <span class="mark" aria-hidden="true">{if holds { "✔" } else { "✗" }}</span>
                        <span class="visually-hidden">{if holds { "✔ " } else { "✗ " }}</span>
                        {(ui.get().metric_name)(c.metric)}
                        ": "
                        <strong>{now}</strong>
                        {format!(" ({} {limit})", cmp_symbol(c.cmp))}
                    </li>
                }
            })
            .collect_view()
    };
    let title_id = format!("challenge-title-{}", n + 1);
    let labelled_by = title_id.clone();
    view! {
        <section class="challenge" aria-labelledby=labelled_by data-testid="challenge" data-challenge=id>
            <h2 id=title_id>
                {tr(|u| u.challenge)} ": " {live(move || prose.pick_challenge(n, |c| &c.title))}
            </h2>
            {note.map(|text| view! { <p class="note" data-testid="teacher-note">{text}</p> })}
            <p>{live(move || prose.pick_challenge(n, |c| &c.text))}</p>
            <ul class="conditions">{conditions}</ul>
            <p class="note" role="status" data-testid="optimum-search">
                {move || match optimum.get() {
                    SearchProgress::Searching => ui.get().optimum_searching.to_string(),
                    SearchProgress::NoneMeets => ui.get().optimum_none.to_string(),
                    SearchProgress::Found(o) => best_beside_figures(&o),
                }}
            </p>
            <div
                class="challenge-status"
                data-testid="challenge-status"
                role="status"
                data-state=live(move || if status.get().met { "solved" } else { "working" }.to_string())
            >
                <p class="solved" hidden=flag(move || !status.get().met)>
                    "★ "
                    {tr(|u| u.goal_solved)}
                    " "
                    {live(move || prose.pick_challenge(n, |c| &c.solved))}
                </p>
                <p hidden=flag(move || status.get().met)>
                    <progress aria-hidden="true" max=move || status.get().needed_seconds value=move || status.get().held_seconds></progress>
                    " "
                    {live(move || (ui.get().goal_progress)(status.get().held_seconds, status.get().needed_seconds))}
                </p>
            </div>
            {solved_before.then(|| view! { <p class="solved-before">{tr(|u| u.solved_before)}</p> })}
            <details class="hint">
                <summary>{tr(|u| u.hint)}</summary>
                <p>{live(move || prose.pick_challenge(n, |c| &c.hint))}</p>
            </details>
        </section>
    }
}
