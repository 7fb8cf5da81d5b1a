//! `#/progress`: the learner's own record, its export, import and reset, and a result file.

use std::sync::Arc;

use leptos::prelude::*;

use super::{
    chosen_files, describe_solve, download, load_all_prose, read_file, t, text, ChallengeOutcome, FileProblem,
    ToolsText,
};
use crate::classroom::{ChallengeError, LearnerResult, TeacherChallenge, MAX_CHALLENGE_BYTES};
use crate::content::ChapterText;
use crate::course::{Challenge, ChapterId, Route};
use crate::i18n::{title, use_lang};
use crate::progress::{Progress, MAX_SAVED_BYTES};
use crate::ui::readout::flag;
use crate::ui::shell::save_progress;

type Prose = RwSignal<Vec<(ChapterId, Arc<ChapterText>)>>;

/// (right, answered, total) for one chapter's quiz, once its prose has arrived.
fn quiz_score(progress: &Progress, prose: &[(ChapterId, Arc<ChapterText>)], id: ChapterId) -> Option<(u32, u32, u32)> {
    let (_, text) = prose.iter().find(|(c, _)| *c == id)?;
    let answers: Vec<bool> =
        text.quiz.iter().filter_map(|q| progress.quiz.get(&q.id).map(|choice| *choice == q.correct)).collect();
    Some((answers.iter().filter(|r| **r).count() as u32, answers.len() as u32, text.quiz.len() as u32))
}

#[component]
pub fn ProgressPage() -> impl IntoView {
    let lang = use_lang();
    // The app's own progress: it saves every change, and a chapter visited later must not write
    // back what an import replaced.
    let progress = expect_context::<RwSignal<Progress>>();
    let prose = load_all_prose();
    let message = RwSignal::new(None::<String>);
    let store = move |next: Progress, done: fn(&'static ToolsText) -> &'static str| {
        let saved = save_progress(&next);
        progress.set(next);
        let t = text(lang.get_untracked());
        message.set(Some(if saved { done(t).to_string() } else { t.storage_failed.to_string() }));
    };
    view! {
        <h1>{t(|t| t.title)}</h1>
        <p class="lead">{t(|t| t.lead)}</p>
        <ProgressTable progress=progress prose=prose />
        <p class="tool-message" role="status" data-testid="tool-message">{move || message.get()}</p>
        <TeacherSolves progress=progress />
        <OpenChallenge />
        <ResultFile progress=progress prose=prose message=message />
        <ExportImport progress=progress message=message store=store />
        <Reset message=message store=store />
    }
}

/// Read, solved and quiz score for every written chapter.
#[component]
fn ProgressTable(progress: RwSignal<Progress>, prose: Prose) -> impl IntoView {
    let lang = use_lang();
    let row = move |id: ChapterId| {
        let yes_no = move |done: bool| if done { t(|t| t.yes)() } else { t(|t| t.no)() };
        let read = move || yes_no(progress.with(|p| p.visited.contains(id.slug())));
        // "Yes" or "no", or how many of them for a chapter with more than one challenge.
        let solved = move || match id.challenge_ids().len() {
            0 | 1 => yes_no(progress.with(|p| p.chapter_solved(id))).to_string(),
            all => format!("{} / {all}", progress.with(|p| p.challenges_solved(id))),
        };
        let quiz = move || {
            let score = prose.with(|all| progress.with(|p| quiz_score(p, all, id)));
            score.map(|(right, answered, total)| {
                (text(lang.get()).quiz_score)(right as usize, answered as usize, total as usize)
            })
        };
        view! {
            <tr data-chapter=id.slug()>
                <th scope="row">
                    <a href=Route::Chapter { id, seed: None }.href()>
                        {move || format!("{}. {}", id.number(), title(id, lang.get()))}
                    </a>
                </th>
                <td>{read}</td>
                <td>{solved}</td>
                <td data-testid="quiz-score">{quiz}</td>
            </tr>
        }
    };
    view! {
        <table class="progress-table" data-testid="progress-table">
            <caption>{t(|t| t.table_caption)}</caption>
            <thead>
                <tr>
                    <th scope="col">{t(|t| t.chapter)}</th>
                    <th scope="col">{t(|t| t.read)}</th>
                    <th scope="col">{t(|t| t.challenge)}</th>
                    <th scope="col">{t(|t| t.quiz)}</th>
                </tr>
            </thead>
            <tbody>{ChapterId::ALL.into_iter().filter(|c| c.is_ready()).map(row).collect_view()}</tbody>
        </table>
    }
}

/// The learner's solves of teachers' challenges: chapter, goal, times and figures reached.
#[component]
fn TeacherSolves(progress: RwSignal<Progress>) -> impl IntoView {
    let lang = use_lang();
    let lines =
        move || progress.with(|p| p.solved.iter().filter_map(|e| describe_solve(lang.get(), e)).collect::<Vec<_>>());
    view! {
        <section class="tool" aria-labelledby="teacher-solves-title">
            <h2 id="teacher-solves-title">{t(|t| t.teacher_solves_title)}</h2>
            <ul data-testid="teacher-solves">{move || lines().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
            <p hidden=flag(move || !lines().is_empty())>{t(|t| t.none_yet)}</p>
        </section>
    }
}

/// A teacher's challenge file, checked, then a link to the challenge. Nothing is saved.
#[component]
fn OpenChallenge() -> impl IntoView {
    let opened = RwSignal::new(None::<Result<TeacherChallenge, ChallengeError>>);
    let chooser = NodeRef::<leptos::html::Input>::new();
    let on_choose = move |_| {
        let Some(input) = chooser.get_untracked() else { return };
        let Some(file) = chosen_files(&input).into_iter().next() else { return };
        opened.set(None);
        leptos::task::spawn_local(async move {
            let checked = read_file(file, MAX_CHALLENGE_BYTES).await.map(|body| TeacherChallenge::parse(&body));
            opened.set(Some(checked.unwrap_or(Err(ChallengeError::NotAChallenge))));
            input.set_value("");
        });
    };
    view! {
        <section class="tool" aria-labelledby="open-title">
            <h2 id="open-title">{t(|t| t.open_title)}</h2>
            <p id="open-help">{t(|t| t.open_help)}</p>
            <input
                type="file"
                accept=".json,application/json"
                data-testid="challenge-file"
                aria-labelledby="open-title"
                aria-describedby="open-help"
                node_ref=chooser
                on:change=on_choose
            />
            <ChallengeOutcome made=opened for_teacher=false />
        </section>
    }
}

/// A small file for the teacher: name, chapters read, challenges solved, quiz score.
#[component]
fn ResultFile(progress: RwSignal<Progress>, prose: Prose, message: RwSignal<Option<String>>) -> impl IntoView {
    let lang = use_lang();
    let name = RwSignal::new(String::new());
    let export = move |_| {
        let learner = name.get_untracked();
        if learner.trim().is_empty() {
            message.set(Some(text(lang.get_untracked()).name_needed.to_string()));
            return;
        }
        let result = progress.with_untracked(|p| {
            let quiz = prose.with_untracked(|all| {
                ChapterId::ALL
                    .into_iter()
                    .filter_map(|id| quiz_score(p, all, id))
                    .fold((0, 0, 0), |a, b| (a.0 + b.0, a.1 + b.1, a.2 + b.2))
            });
            let solved = ChapterId::ALL
                .into_iter()
                .filter_map(Challenge::for_chapter)
                .filter(|c| p.solved.contains(c.id))
                .map(|c| c.id.to_string())
                .collect();
            LearnerResult::new(&learner, p.visited.len() as u32, solved, quiz).with_teacher_solves(p.solved.iter())
        });
        message.set(None);
        let _ = download(&result.to_json(), "server-lab-result.json", "application/json");
    };
    view! {
        <section class="tool" aria-labelledby="result-title">
            <h2 id="result-title">{t(|t| t.result_title)}</h2>
            <p>{t(|t| t.result_help)}</p>
            <label class="field">
                <span>{t(|t| t.your_name)}</span>
                <input
                    type="text"
                    data-testid="learner-name"
                    maxlength="80"
                    autocomplete="name"
                    prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                />
            </label>
            <button type="button" data-testid="result-export" on:click=export>
                {t(|t| t.result_export)}
            </button>
        </section>
    }
}

#[component]
fn ExportImport(
    progress: RwSignal<Progress>,
    message: RwSignal<Option<String>>,
    store: impl Fn(Progress, fn(&'static ToolsText) -> &'static str) + Copy + 'static,
) -> impl IntoView {
    let lang = use_lang();
    let pending = RwSignal::new(None::<Progress>);
    let chooser = NodeRef::<leptos::html::Input>::new();
    let on_choose = move |_| {
        let Some(input) = chooser.get_untracked() else { return };
        let Some(file) = chosen_files(&input).into_iter().next() else { return };
        leptos::task::spawn_local(async move {
            let t = text(lang.get_untracked());
            match read_file(file, MAX_SAVED_BYTES).await.map(|body| Progress::import(&body)) {
                Ok(Ok(found)) => {
                    message.set(None);
                    pending.set(Some(found));
                }
                Ok(Err(refusal)) => message.set(Some((t.refused)(refusal).to_string())),
                Err(FileProblem::TooLarge) => message.set(Some(t.too_large.to_string())),
                Err(FileProblem::Unreadable) => message.set(Some(t.unreadable_file.to_string())),
            }
            input.set_value("");
        });
    };
    let preview = move || {
        pending.with(|p| {
            p.as_ref().map(|p| (text(lang.get()).import_preview)(p.visited.len(), p.solved.len(), p.quiz.len()))
        })
    };
    view! {
        <section class="tool" aria-labelledby="export-title">
            <h2 id="export-title">{t(|t| t.export)}</h2>
            <p>{t(|t| t.export_help)}</p>
            <button
                type="button"
                data-testid="export"
                on:click=move |_| {
                    let json = progress.with_untracked(Progress::to_json);
                    let _ = download(&json, "server-lab-progress.json", "application/json");
                }
            >
                {t(|t| t.export)}
            </button>
        </section>
        <section class="tool" aria-labelledby="import-title">
            <h2 id="import-title">{t(|t| t.import)}</h2>
            <p id="import-help">{t(|t| t.import_help)}</p>
            <input
                type="file"
                accept=".json,application/json"
                data-testid="import"
                aria-labelledby="import-title"
                aria-describedby="import-help"
                node_ref=chooser
                on:change=on_choose
            />
            <div class="confirm" role="group" aria-labelledby="import-title" hidden=move || pending.with(Option::is_none)>
                <p data-testid="import-preview">{preview}</p>
                <button
                    type="button"
                    data-testid="import-replace"
                    on:click=move |_| {
                        if let Some(next) = pending.get_untracked() {
                            pending.set(None);
                            store(next, |t| t.imported);
                        }
                    }
                >
                    {t(|t| t.replace)}
                </button>
                <button type="button" on:click=move |_| pending.set(None)>{t(|t| t.cancel)}</button>
            </div>
        </section>
    }
}

#[component]
fn Reset(
    message: RwSignal<Option<String>>,
    store: impl Fn(Progress, fn(&'static ToolsText) -> &'static str) + Copy + 'static,
) -> impl IntoView {
    let asking = RwSignal::new(false);
    view! {
        <section class="tool" aria-labelledby="reset-title">
            <h2 id="reset-title">{t(|t| t.reset)}</h2>
            <button
                type="button"
                data-testid="reset-progress"
                hidden=move || asking.get()
                on:click=move |_| {
                    message.set(None);
                    asking.set(true);
                }
            >
                {t(|t| t.reset)}
            </button>
            <div class="confirm" role="group" aria-labelledby="reset-title" hidden=move || !asking.get()>
                <p>{t(|t| t.reset_confirm)}</p>
                <button
                    type="button"
                    class="danger"
                    data-testid="reset-confirm"
                    on:click=move |_| {
                        asking.set(false);
                        store(Progress::new(), |t| t.reset_done);
                    }
                >
                    {t(|t| t.reset_yes)}
                </button>
                <button type="button" on:click=move |_| asking.set(false)>{t(|t| t.cancel)}</button>
            </div>
        </section>
    }
}
