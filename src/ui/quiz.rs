//! The quiz: each question is a radio group with a Check button; feedback says right or wrong
//! and always explains. Answers are saved in progress and shown again on return.

use leptos::prelude::*;

use crate::i18n::copy::{ChapterCopy, Question};
use crate::i18n::{tr, ui, use_lang, Lang};
use crate::progress::Progress;

#[component]
pub fn Quiz(copy: fn(Lang) -> &'static ChapterCopy) -> impl IntoView {
    let lang = use_lang();
    view! {
        <section class="quiz" aria-labelledby="quiz-title" data-testid="quiz">
            <h2 id="quiz-title">{tr(|u| u.quiz)}</h2>
            {move || {
                copy(lang.get())
                    .quiz
                    .iter()
                    .enumerate()
                    .map(|(i, q)| view! { <QuestionView question=q number=i + 1 /> })
                    .collect_view()
            }}
        </section>
    }
}

#[component]
fn QuestionView(question: &'static Question, number: usize) -> impl IntoView {
    let ui = ui();
    let progress = use_context::<RwSignal<Progress>>();
    let saved = progress.and_then(|p| p.with_untracked(|p| p.quiz.get(question.id).copied()));
    let chosen = RwSignal::new(saved);
    let checked = RwSignal::new(saved);
    let nudge = RwSignal::new(false);
    let name = format!("quiz-{}", question.id.replace('/', "-"));
    let check = move |_| match chosen.get_untracked() {
        Some(choice) => {
            nudge.set(false);
            checked.set(Some(choice));
            if let Some(p) = progress {
                p.update(|p| p.answer(question.id, choice));
            }
        }
        None => nudge.set(true),
    };
    let choices = question
        .choices
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
                    <label for=id>{*text}</label>
                </div>
            }
        })
        .collect_view();
    view! {
        <fieldset class="question" data-testid="quiz-question">
            <legend>{format!("{number}. ")} {question.prompt}</legend>
            {choices}
            <button type="button" data-testid="check-answer" on:click=check>
                {tr(|u| u.check_answer)}
            </button>
            <div class="feedback" aria-live="polite">
                {move || nudge.get().then(|| view! { <p class="nudge">{ui.get().choose_first}</p> })}
                {move || {
                    checked
                        .get()
                        .map(|choice| {
                            let right = choice == question.correct;
                            view! {
                                <p
                                    data-testid="quiz-feedback"
                                    data-correct=right.to_string()
                                    class=if right { "right" } else { "wrong" }
                                >
                                    <strong>
                                        {if right { "✔ " } else { "✗ " }}
                                        {if right { ui.get().correct } else { ui.get().wrong }}
                                    </strong>
                                    " "
                                    {question.explanation}
                                </p>
                            }
                        })
                }}
            </div>
        </fieldset>
    }
}
