//! Predict, then try: the card that opens a chapter's lab with its question.
//!
//! The learner picks an answer (native radio buttons in a fieldset, so the keyboard works as
//! everywhere else) and locks it in, or skips; the lab works all along. Once locked in, the
//! card keeps the guess in view beside the figures that answer it, read from the lab's own world
//! through `predict::Experiment`, and, once the lab has run at the point the question is about,
//! says whether the guess was right and explains, in a polite live region. The guess and
//! whether it was tried are saved in progress, so both come back after a reload. The words are
//! the chapter's prose; only the card's own labels are in the wasm.
//!
//! Every part is in the page from the start and shown or hidden, and every text is a type-erased
//! `live` string: each conditional view of its own type costs Leptos render code, and this card
//! is on every chapter of the learner's one wasm.

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlElement;

use super::lab::Lab;
use super::readout::{flag, format_metric, live};
use super::text::ChapterProse;
use crate::content::Prediction;
use crate::course::ChapterId;
use crate::i18n::{grouped, tr, ui, use_lang};
use crate::predict::{Experiment, Reading, Trial};
use crate::progress::Progress;
use crate::sim::Metric;

/// Most choices a prediction has (`content` refuses more).
const MAX_CHOICES: u8 = 4;

#[component]
pub fn PredictCard(id: ChapterId, prose: ChapterProse, lab: Lab) -> impl IntoView {
    // Always the same view, hidden when the chapter asks nothing: an optional view would add
    // render code for the whole card.
    let experiment = Experiment::for_chapter(id);
    let ui = ui();
    let lang = use_lang();
    let progress = use_context::<RwSignal<Progress>>().unwrap_or_else(|| RwSignal::new(Progress::new()));
    let key = StoredValue::new(format!("{}/predict", id.slug()));
    // What the lab has shown so far, folded from every recorded second and kept across a reset.
    // Kept in a stored value and folded by whichever reader runs first after a new second (the
    // fold reads each second once): a memo of its own would cost more wasm than the card.
    let trial = StoredValue::new(Trial::default());
    let observed = move || {
        if let Some(e) = experiment {
            lab.with_record(|w| trial.update_value(|t| e.observe(w, t)));
        }
        trial
    };
    let guess = move || key.with_value(|k| progress.with(|p| p.predictions.get(k).copied()));
    // Saving is the outside world: mark the guess tried once the lab has been there.
    Effect::new(move |_| {
        if guess().is_some_and(|g| !g.tried) && observed().with_value(|t| experiment.is_some_and(|e| e.tried(t))) {
            key.with_value(|k| progress.update(|p| _ = p.tried(k)));
        }
    });
    let chosen = RwSignal::new(None::<u8>);
    let nudge = RwSignal::new(false);
    let skipped = RwSignal::new(false);
    let read = move |pick: &dyn Fn(&Prediction) -> Option<String>| {
        prose.state.with(|s| s.ready().and_then(|t| t.predict.as_ref().and_then(pick))).unwrap_or_default()
    };
    let choice = move |i: u8| read(&|p| p.choices.get(usize::from(i)).cloned());
    let locked = move || guess().is_some();
    let tried =
        move || guess().is_some_and(|g| g.tried) || observed().with_value(|t| experiment.is_some_and(|e| e.tried(t)));
    let correct = move || prose.state.with(|s| s.ready().and_then(|t| t.predict.as_ref().map(|p| p.correct)));
    let right = move || guess().is_some_and(|g| correct() == Some(g.choice));
    let lock_in = move |_| match chosen.get_untracked() {
        Some(choice) => {
            key.with_value(|k| progress.update(|p| p.predict(k, choice)));
            // The focused button is now hidden: focus moves to the card, so the keyboard stays.
            if let Some(card) = document().get_element_by_id("predict").and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
                let _ = card.focus();
            }
        }
        None => nudge.set(true),
    };
    let name = key.with_value(|k| k.replace('/', "-"));
    let choices = (0..MAX_CHOICES)
        .map(|i| {
            let id = format!("{name}-{i}");
            view! {
                <div class="choice" hidden=flag(move || choice(i).is_empty())>
                    <input type="radio" id=id.clone() name=name.clone() on:change=move |_| chosen.set(Some(i)) />
                    <label for=id>{live(move || choice(i))}</label>
                </div>
            }
        })
        .collect_view();
    let figures = (0..Experiment::FIGURES)
        .map(|i| {
            let value = live(move || match observed().with_value(|t| experiment.and_then(|e| e.figures(t)[i])) {
                Some(Reading::Ms(ms)) => format_metric(Metric::P95LatencyMs, ms),
                Some(Reading::Count(n)) => grouped(n.into()),
                Some(Reading::Percent(p)) => format_metric(Metric::SuccessPercent, p),
                Some(Reading::Source(by)) => (lang.get().net().answered_by)(by).to_string(),
                None => ui.get().no_data_yet.to_string(),
            });
            view! {
                <div>
                    <dt>{live(move || read(&|p| p.figures.get(i).cloned()))}</dt>
                    <dd data-testid="prediction-figure">{value}</dd>
                </div>
            }
        })
        .collect_view();
    let verdict = live(move || {
        if !tried() {
            return String::new();
        }
        let u = ui.get();
        let explanation = read(&|p| Some(p.explanation.clone()));
        match right() {
            true => format!("✔ {} {explanation}", u.prediction_right),
            false => {
                let answer = read(&|p| p.choices.get(usize::from(p.correct)).cloned());
                format!("✗ {} {} {answer} {explanation}", u.prediction_wrong, u.prediction_answer)
            }
        }
    });
    view! {
        <section
            class="predict"
            aria-labelledby="predict-title"
            data-testid="predict"
            id="predict"
            tabindex="-1"
            hidden=flag(move || experiment.is_none() || read(&|p| Some(p.id.clone())).is_empty())
        >
            <h3 id="predict-title">{tr(|u| u.predict_title)}</h3>
            <fieldset hidden=flag(move || locked() || skipped.get())>
                <legend>{live(move || read(&|p| Some(p.prompt.clone())))}</legend>
                {choices}
                <div class="predict-buttons">
                    <button type="button" data-testid="lock-prediction" on:click=lock_in>{tr(|u| u.lock_prediction)}</button>
                    <button type="button" data-testid="skip-prediction" on:click=move |_| skipped.set(true)>
                        {tr(|u| u.skip_prediction)}
                    </button>
                </div>
                <p class="nudge" aria-live="polite">{live(move || if nudge.get() { ui.get().choose_first.to_string() } else { String::new() })}</p>
            </fieldset>
            <div hidden=flag(move || locked() || !skipped.get())>
                <p class="note">{tr(|u| u.prediction_skipped)}</p>
                <button type="button" on:click=move |_| skipped.set(false)>{tr(|u| u.predict_after_all)}</button>
            </div>
            <div class="feedback" role="status" hidden=flag(move || !locked())>
                <p data-testid="prediction">
                    <strong>{tr(|u| u.your_prediction)}</strong>
                    " "
                    {live(move || guess().map(|g| choice(g.choice)).unwrap_or_default())}
                </p>
                <p
                    data-testid="prediction-verdict"
                    data-correct=live(move || right().to_string())
                    class=live(move || if right() { "right" } else { "wrong" }.to_string())
                    hidden=flag(move || !tried())
                >
                    {verdict}
                </p>
            </div>
            <p class="how" hidden=flag(move || !locked() || tried())>{live(move || read(&|p| Some(p.how.clone())))}</p>
            <dl class="figures" hidden=flag(move || !locked())>{figures}</dl>
        </section>
    }
}
