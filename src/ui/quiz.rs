//! The quiz: each question is a radio group with a Check button; feedback says right or wrong
//! and always explains. Answers are saved in progress and shown again on return.

use leptos::prelude::*;

use super::text::ChapterProse;
use crate::content::Question;
use crate::i18n::{tr, ui};
use crate::progress::Progress;

#[component]
pub fn Quiz(prose: ChapterProse) -> impl IntoView {
    view! {
        <section class="quiz" aria-labelledby="quiz-title" data-testid="quiz">
            <h2 id="quiz-title">{tr(|u| u.quiz)}</h2>
            {move || {
                prose.state.get().ready().map(|text| {
                    text.quiz
                        .iter()
                        .enumerate()
                        .map(|(i, q)| view! { <QuestionView question=q.clone() number=i + 1 /> })
                        .collect_view()
                })
            }}
        </section>
    }
}

#[component]
pub fn QuestionView(question: Question, number: usize) -> impl IntoView {
    let ui = ui();
    let progress = use_context::<RwSignal<Progress>>();
    let saved = progress.and_then(|p| p.with_untracked(|p| p.quiz.get(&question.id).copied()));
    let chosen = RwSignal::new(saved);
    let checked = RwSignal::new(saved);
    let nudge = RwSignal::new(false);
    let question = StoredValue::new(question);
    let name = question.with_value(|q| format!("quiz-{}", q.id.replace('/', "-")));
    let check = move |_| match chosen.get_untracked() {
        Some(choice) => {
            nudge.set(false);
            checked.set(Some(choice));
            if let Some(p) = progress {
                question.with_value(|q| p.update(|p| p.answer(&q.id, choice)));
            }
        }
        None => nudge.set(true),
    };
    let choices = question.with_value(|q| {
        q.choices
            .iter()
            .enumerate()
            .map(|(i, text)| {
                let i = i as u8;
                let id = format!("{name}-{i}");
                view! {
                    <div class="choice">
                        <input
                            type="radio"
                            id=id.clone()
                            name=name.clone()
                            value=i.to_string()
                            prop:checked=move || chosen.get() == Some(i)
                            on:change=move |_| chosen.set(Some(i))
                        />
                        <label for=id>{text.clone()}</label>
                    </div>
                }
            })
            .collect_view()
    });
    let feedback = move || {
        checked.get().map(|choice| {
            let (right, explanation) = question.with_value(|q| (choice == q.correct, q.explanation.clone()));
            view! {
                <p data-testid="quiz-feedback" data-correct=right.to_string() class=if right { "right" } else { "wrong" }>
                    <strong>
                        {if right { "✔ " } else { "✗ " }}
                        {if right { ui.get().correct } else { ui.get().wrong }}
                    </strong>
                    " "
                    {explanation}
                </p>
            }
        })
    };
    view! {
        <fieldset class="question" data-testid="quiz-question">
            <legend>{format!("{number}. ")} {question.with_value(|q| q.prompt.clone())}</legend>
            {choices}
            <button type="button" data-testid="check-answer" on:click=check>
                {tr(|u| u.check_answer)}
            </button>
            <div class="feedback" aria-live="polite">
                {move || nudge.get().then(|| view! { <p class="nudge">{tr(|u| u.choose_first)}</p> })}
                {feedback}
            </div>
        </fieldset>
    }
}
