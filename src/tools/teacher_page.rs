//! The teacher's page (`teacher.html`): each chapter's built-in challenge with its goal, making a
//! challenge of one's own, and the class table.

use leptos::prelude::*;

use super::{chapter_name, chosen_files, describe_solve, download, read_file, t, text, ChallengeOutcome, FileProblem};
use crate::classroom::{
    value_thresholds, ChallengeError, ClassTable, Column, LearnerResult, TeacherChallenge, MAX_RESULT_BYTES,
};
use crate::course::{Challenge, ChapterId, DEFAULT_SEED};
use crate::i18n::{cmp_symbol, title, use_lang};
use crate::sim::optimum::SearchProgress;
use crate::sim::{Optimum, Target};
use crate::ui::readout::{format_metric, live};
use crate::ui::search::search_in_slices;

#[component]
pub fn TeacherPage() -> impl IntoView {
    view! {
        <h1>{t(|t| t.teacher_title)}</h1>
        <p class="lead">{t(|t| t.teacher_lead)}</p>
        <ChallengeList />
        <MakeChallenge />
        <ClassResults />
    }
}

/// Every built-in challenge: its chapter, and each condition of its goal in words.
#[component]
fn ChallengeList() -> impl IntoView {
    let lang = use_lang();
    let items = ChapterId::ALL
        .into_iter()
        .flat_map(|id| Challenge::for_chapter(id).into_iter().chain(Challenge::further(id)).map(move |c| (id, c)))
        .map(|(id, challenge)| {
            // The model's minimum arrives when its search ends (in slices, so the page answers).
            let optimum = search_in_slices(challenge.optimum_search(DEFAULT_SEED));
            let conditions = challenge
                .goal
                .holds()
                .into_iter()
                .map(|(condition, seconds)| {
                    let found = move || match optimum.get() {
                        SearchProgress::Found(o) => o,
                        SearchProgress::Searching | SearchProgress::NoneMeets => Optimum::default(),
                    };
                    // A fixed figure shows at once; the model's minimum once the search finds it.
                    let limit = move || {
                        condition
                            .threshold(&found())
                            .map_or_else(|| "…".to_string(), |v| format_metric(condition.metric, v))
                    };
                    let is_optimum = matches!(condition.target, Target::Optimum);
                    // Beside a fixed figure, the best the model reached on it, if it searched for one.
                    let best = move || {
                        let best = found().get(condition.metric).filter(|_| !is_optimum)?;
                        Some(format!(" ({} {})", text(lang.get()).model_best, format_metric(condition.metric, best)))
                    };
                    view! {
                        <li>
                            {move || (lang.get().ui().metric_name)(condition.metric)}
                            {move || format!(" {} {}", cmp_symbol(condition.cmp), limit())}
                            {is_optimum.then(|| view! { " (" {t(|t| t.model_optimum)} ")" })}
                            {best}
                            ", "
                            {move || (text(lang.get()).held_for)(seconds)}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <li
                    data-challenge=challenge.id
                    aria-busy=move || matches!(optimum.get(), SearchProgress::Searching).to_string()
                >
                    <h3>{move || format!("{}. {}", id.number(), title(id, lang.get()))}</h3>
                    <p><code>{challenge.id}</code></p>
                    <ul>{conditions}</ul>
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="tool" aria-labelledby="challenges-title">
            <h2 id="challenges-title">{t(|t| t.challenges_title)}</h2>
            <ul class="challenge-list" data-testid="challenge-list">{items}</ul>
        </section>
    }
}

/// A teacher's version of a chapter's challenge: seed and goal figures, as a link and a file.
#[component]
fn MakeChallenge() -> impl IntoView {
    let lang = use_lang();
    let chapter = RwSignal::new(ChapterId::WhyServers);
    let seed = RwSignal::new(DEFAULT_SEED.to_string());
    let values = RwSignal::new(Vec::<String>::new());
    let hold = RwSignal::new(String::new());
    let made = RwSignal::new(None::<Result<TeacherChallenge, ChallengeError>>);
    // The chapter's built-in figures, to start from.
    let choose = move |id: ChapterId| {
        let figures = value_thresholds(id).into_iter().map(|c| match c.target {
            Target::Value { value } => (value as u32).to_string(),
            Target::Optimum => String::new(),
        });
        values.set(figures.collect());
        hold.set(Challenge::for_chapter(id).map_or(0, |c| c.goal.hold_seconds()).to_string());
        chapter.set(id);
        made.set(None);
    };
    choose(ChapterId::WhyServers);
    let options = ChapterId::ALL
        .into_iter()
        .filter(|id| id.is_ready() && id.challenge_id().is_some())
        .map(|id| view! { <option value=id.slug()>{live(move || chapter_name(id, lang.get()))}</option> })
        .collect_view();
    let field = move |label: Signal<String>, value: Signal<String>, set: Callback<String>, testid: &'static str| {
        view! {
            <label class="field">
                <span>{label}</span>
                <input
                    type="text"
                    inputmode="numeric"
                    data-testid=testid
                    prop:value=value
                    on:input=move |ev| {
                        made.set(None);
                        set.run(event_target_value(&ev));
                    }
                />
            </label>
        }
    };
    let thresholds = move || {
        value_thresholds(chapter.get())
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                let label = live(move || format!("{} {}", (lang.get().ui().metric_name)(c.metric), cmp_symbol(c.cmp)));
                let value = live(move || values.with(|v| v.get(i).cloned().unwrap_or_default()));
                let set = Callback::new(move |typed| {
                    values.update(|v| {
                        if let Some(slot) = v.get_mut(i) {
                            *slot = typed;
                        }
                    })
                });
                field(label, value, set, "goal-value")
            })
            .collect_view()
    };
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let checked = values.with_untracked(|v| {
            TeacherChallenge::from_form(chapter.get_untracked(), &seed.get_untracked(), v, &hold.get_untracked())
        });
        made.set(Some(checked));
    };
    view! {
        <section class="tool" aria-labelledby="make-title">
            <h2 id="make-title">{t(|t| t.make_title)}</h2>
            <p>{t(|t| t.make_help)}</p>
            <form novalidate on:submit=submit data-testid="make-challenge">
                <label class="field">
                    <span>{t(|t| t.chapter)}</span>
                    <select
                        data-testid="make-chapter"
                        on:change=move |ev| {
                            if let Some(id) = ChapterId::from_slug(&event_target_value(&ev)) {
                                choose(id);
                            }
                        }
                    >
                        {options}
                    </select>
                </label>
                {field(live(move || t(|t| t.seed)().to_string()), seed.into(), Callback::new(move |s| seed.set(s)), "make-seed")}
                {thresholds}
                {field(live(move || t(|t| t.hold)().to_string()), hold.into(), Callback::new(move |s| hold.set(s)), "make-hold")}
                <button type="submit" data-testid="make-submit">{t(|t| t.make)}</button>
            </form>
            <ChallengeOutcome made=made for_teacher=true />
        </section>
    }
}

/// Many learners' result files gathered into one sortable table, saved as CSV.
#[component]
fn ClassResults() -> impl IntoView {
    let lang = use_lang();
    let table = RwSignal::new(ClassTable::default());
    let sorted = RwSignal::new(None::<(Column, bool)>);
    let report = RwSignal::new(Vec::<String>::new());
    let chooser = NodeRef::<leptos::html::Input>::new();
    let on_choose = move |_| {
        let Some(input) = chooser.get_untracked() else { return };
        let files = chosen_files(&input);
        leptos::task::spawn_local(async move {
            let t = text(lang.get_untracked());
            let (mut added, mut refused) = (0, Vec::new());
            for file in files {
                let name = file.name();
                let parsed = match read_file(file, MAX_RESULT_BYTES).await {
                    Ok(body) => LearnerResult::parse(&body),
                    Err(FileProblem::TooLarge) => Err(crate::classroom::ResultError::TooLarge),
                    Err(FileProblem::Unreadable) => Err(crate::classroom::ResultError::NotAResult),
                };
                match parsed {
                    Ok(result) => {
                        table.update(|t| t.add(result));
                        added += 1;
                    }
                    Err(e) => refused.push((t.result_refused)(&name, e)),
                }
            }
            if let Some((column, ascending)) = sorted.get_untracked() {
                table.update(|t| t.sort(column, ascending));
            }
            let mut lines = vec![(t.class_added)(added, refused.len())];
            lines.extend(refused);
            report.set(lines);
            input.set_value("");
        });
    };
    let sort = move |column: Column| {
        let ascending = sorted.get_untracked() != Some((column, true));
        sorted.set(Some((column, ascending)));
        table.update(|t| t.sort(column, ascending));
    };
    let header = move |column: Column, label: fn(&'static super::ToolsText) -> &'static str| {
        let aria_sort = move || match sorted.get() {
            Some((c, true)) if c == column => "ascending",
            Some((c, false)) if c == column => "descending",
            _ => "none",
        };
        view! {
            <th scope="col" aria-sort=aria_sort>
                <button
                    type="button"
                    class="sort"
                    aria-label=move || (text(lang.get()).sort_by)(label(text(lang.get())))
                    on:click=move |_| sort(column)
                >
                    {t(label)}
                </button>
            </th>
        }
    };
    let rows = move || {
        table.with(|t| {
            t.rows
                .iter()
                .map(|r| {
                    view! {
                        <tr>
                            <th scope="row">{r.learner.clone()}</th>
                            <td>{r.chapters_read}</td>
                            <td>{r.solved.len()}</td>
                            <td>{format!("{} / {}", r.quiz_right, r.quiz_total)}</td>
                            <td>
                                <ul class="report">
                                    {r
                                        .teacher
                                        .iter()
                                        .filter_map(|e| describe_solve(lang.get(), e))
                                        .map(|line| view! { <li>{line}</li> })
                                        .collect_view()}
                                </ul>
                            </td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    let export_csv = move |_| {
        let t = text(lang.get_untracked());
        let ui = lang.get_untracked().ui();
        let header = [
            t.learner,
            t.read,
            t.solved_count,
            ui.challenge,
            t.quiz_right,
            t.quiz,
            t.teacher_column,
            t.teacher_solves_csv,
        ];
        let lang = lang.get_untracked();
        let describe = |e: &str| describe_solve(lang, e).unwrap_or_else(|| e.to_string());
        let csv = table.with_untracked(|table| table.to_csv(header, describe));
        let _ = download(&csv, "server-lab-class.csv", "text/csv");
    };
    view! {
        <section class="tool" aria-labelledby="class-title">
            <h2 id="class-title">{t(|t| t.class_title)}</h2>
            <p id="class-help">{t(|t| t.class_help)}</p>
            <label class="field">
                <span>{t(|t| t.class_import)}</span>
                <input
                    type="file"
                    multiple
                    accept=".json,application/json"
                    data-testid="class-import"
                    aria-describedby="class-help"
                    node_ref=chooser
                    on:change=on_choose
                />
            </label>
            <div role="status" data-testid="class-report">
                <ul class="report">
                    {move || report.get().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}
                </ul>
            </div>
            <table class="progress-table" data-testid="class-table">
                <caption>{t(|t| t.class_title)}</caption>
                <thead>
                    <tr>
                        {header(Column::Learner, |t| t.learner)}
                        {header(Column::ChaptersRead, |t| t.read)}
                        {header(Column::Solved, |t| t.solved_count)}
                        {header(Column::QuizRight, |t| t.quiz_right)}
                        {header(Column::Teacher, |t| t.teacher_column)}
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <p hidden=move || table.with(|t| !t.rows.is_empty())>{t(|t| t.class_empty)}</p>
            <button type="button" data-testid="class-csv" on:click=export_csv>{t(|t| t.csv_export)}</button>
        </section>
    }
}
