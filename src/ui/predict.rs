//! Predict, then try: the card that opens a chapter's lab with its question.
//!
//! The learner picks an answer (native radio buttons in a fieldset, so the keyboard works as
//! everywhere else) and locks it in, or skips; the lab works all along. Once locked in, the
//! card keeps the guess in view beside the figures that answer it, read from the lab's own world
//! through `predict::Experiment`, and, once the lab has run at the point the question is about,
//! says whether the guess was right and explains, in a polite live region. The guess and
//! whether it was tried are saved in progress, so both come back after a reload. The words are
//! the chapter's prose; only the card's own labels are in the wasm.

use leptos::prelude::*;

use super::lab::Lab;
use super::readout::{flag, format_metric, live};
use super::text::ChapterProse;
use crate::content::Prediction;
use crate::course::ChapterId;
use crate::i18n::{grouped, tr, ui};
use crate::predict::{Experiment, Reading, Trial};
use crate::progress::Progress;
use crate::sim::Metric;

#[component]
pub fn PredictCard(id: ChapterId, prose: ChapterProse, lab: Lab) -> impl IntoView {
    let experiment = Experiment::for_chapter(id)?;
    let progress = use_context::<RwSignal<Progress>>().unwrap_or_else(|| RwSignal::new(Progress::new()));
    let key = StoredValue::new(format!("{}/predict", id.slug()));
    // What the lab has shown so far, folded from every recorded second; kept across a reset.
    let trial = Memo::new(move |previous: Option<&Trial>| {
        let mut trial = previous.cloned().unwrap_or_default();
        lab.with_record(|w| experiment.observe(w, &mut trial));
        trial
    });
    let guess = Memo::new(move |_| key.with_value(|k| progress.with(|p| p.predictions.get(k).copied())));
    // Saving is the outside world: mark the guess tried once the lab has been there.
    Effect::new(move |_| {
        if guess.get().is_some_and(|g| !g.tried) && trial.with(|t| experiment.tried(t)) {
            key.with_value(|k| progress.update(|p| _ = p.tried(k)));
        }
    });
    // Locking in removes the focused button; focus moves to the card, so the keyboard stays there.
    let section = NodeRef::<leptos::html::Section>::new();
    let card = move || {
        prose.state.with(|s| s.ready().and_then(|t| t.predict.clone())).map(|prediction| {
            let prediction = StoredValue::new(prediction);
            view! {
                <section class="predict" aria-labelledby="predict-title" data-testid="predict" tabindex="-1" node_ref=section>
                    <h3 id="predict-title">{tr(|u| u.predict_title)}</h3>
                    <Show
                        when=move || guess.with(Option::is_some)
                        fallback=move || view! { <Ask prediction=prediction progress=progress key=key section=section /> }
                    >
                        <Outcome prediction=prediction guess=guess trial=trial experiment=experiment />
                    </Show>
                </section>
            }
        })
    };
    Some(card)
}

/// The question, before a guess is locked in: choices, "lock in" and "skip".
#[component]
fn Ask(
    prediction: StoredValue<Prediction>,
    progress: RwSignal<Progress>,
    key: StoredValue<String>,
    section: NodeRef<leptos::html::Section>,
) -> impl IntoView {
    let chosen = RwSignal::new(None::<u8>);
    let nudge = RwSignal::new(false);
    let skipped = RwSignal::new(false);
    let name = key.with_value(|k| k.replace('/', "-"));
    let choose_first = tr(|u| u.choose_first);
    let choices = prediction.with_value(|p| {
        p.choices
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let i = i as u8;
                let id = format!("{name}-{i}");
                view! {
                    <div class="choice">
                        <input type="radio" id=id.clone() name=name.clone() on:change=move |_| chosen.set(Some(i)) />
                        <label for=id>{text.clone()}</label>
                    </div>
                }
            })
            .collect_view()
    });
    let lock_in = move |_| match chosen.get_untracked() {
        Some(choice) => {
            key.with_value(|k| progress.update(|p| p.predict(k, choice)));
            if let Some(el) = section.get_untracked() {
                let _ = el.focus();
            }
        }
        None => nudge.set(true),
    };
    view! {
        <div hidden=flag(move || !skipped.get())>
            <p class="note">{tr(|u| u.prediction_skipped)}</p>
            <button type="button" on:click=move |_| skipped.set(false)>{tr(|u| u.predict_after_all)}</button>
        </div>
        <fieldset hidden=flag(move || skipped.get())>
            <legend>{prediction.with_value(|p| p.prompt.clone())}</legend>
            {choices}
            <div class="predict-buttons">
                <button type="button" data-testid="lock-prediction" on:click=lock_in>{tr(|u| u.lock_prediction)}</button>
                <button type="button" data-testid="skip-prediction" on:click=move |_| skipped.set(true)>
                    {tr(|u| u.skip_prediction)}
                </button>
            </div>
            <p class="nudge" aria-live="polite">{move || nudge.get().then(choose_first)}</p>
        </fieldset>
    }
}

/// A locked-in guess beside the lab's figures, and the verdict once the lab has been tried.
#[component]
fn Outcome(
    prediction: StoredValue<Prediction>,
    guess: Memo<Option<crate::progress::Guess>>,
    trial: Memo<Trial>,
    experiment: Experiment,
) -> impl IntoView {
    let ui = ui();
    let choice_text =
        move |i: u8| prediction.with_value(|p| p.choices.get(usize::from(i)).cloned().unwrap_or_default());
    let tried = move || guess.get().is_some_and(|g| g.tried) || trial.with(|t| experiment.tried(t));
    let right = move || guess.get().is_some_and(|g| prediction.with_value(|p| p.correct == g.choice));
    let figures = prediction.with_value(|p| {
        p.figures
            .iter()
            .enumerate()
            .map(|(i, label)| {
                let value = live(move || match trial.with(|t| experiment.figures(t)).get(i).copied().flatten() {
                    Some(Reading::Ms(ms)) => format_metric(Metric::P95LatencyMs, ms),
                    Some(Reading::Count(n)) => grouped(n.into()),
                    None => ui.get().no_data_yet.to_string(),
                });
                view! {
                    <div>
                        <dt>{label.clone()}</dt>
                        <dd data-testid="prediction-figure">{value}</dd>
                    </div>
                }
            })
            .collect_view()
    });
    let verdict = move || {
        tried().then(|| {
            let (mark, said) = if right() { ("✔ ", ui.get().prediction_right) } else { ("✗ ", ui.get().prediction_wrong) };
            let correct = prediction.with_value(|p| p.correct);
            view! {
                <p data-testid="prediction-verdict" data-correct=right().to_string() class=if right() { "right" } else { "wrong" }>
                    <strong>{mark} {said}</strong>
                    " "
                    {(!right()).then(|| format!("{} {} ", ui.get().prediction_answer, choice_text(correct)))}
                    {prediction.with_value(|p| p.explanation.clone())}
                </p>
            }
        })
    };
    view! {
        <div class="feedback" role="status">
            <p data-testid="prediction">
                <strong>{tr(|u| u.your_prediction)}</strong>
                " "
                {move || guess.get().map(|g| choice_text(g.choice))}
            </p>
            {verdict}
        </div>
        <p class="how" hidden=flag(tried)>{prediction.with_value(|p| p.how.clone())}</p>
        <dl class="figures">{figures}</dl>
    }
}
