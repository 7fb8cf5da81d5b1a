//! `#/glossary`: every term of the course in Korean and English side by side, with its
//! definition in each language and a link to the chapter that teaches it.
//!
//! The terms come from `content/glossary.json` (see `glossary`), fetched when the page opens so
//! that no chapter's first load carries them. Rows sort by the learner's language, which also
//! comes first; each cell is marked with its own `lang` for screen readers.

use std::sync::Arc;

use leptos::either::EitherOf3;
use leptos::prelude::*;

use crate::course::Route;
use crate::glossary::{Glossary, Wording, GLOSSARY_PATH};
use crate::i18n::{title, tr, use_lang, Lang};
use crate::ui::text::fetch_body;

#[derive(Clone)]
enum State {
    Loading,
    Ready(Arc<Glossary>),
    /// Not fetched (offline with no cache) or refused by the parser.
    Failed,
}

#[component]
pub fn GlossaryPage() -> impl IntoView {
    let state = RwSignal::new(State::Loading);
    let load = move || {
        state.set(State::Loading);
        leptos::task::spawn_local(async move {
            let glossary = fetch_body(GLOSSARY_PATH).await.and_then(|body| Glossary::parse(&body).ok());
            state.set(glossary.map_or(State::Failed, |g| State::Ready(Arc::new(g))));
        });
    };
    load();
    view! {
        <article class="glossary" data-testid="glossary">
            <h1>{tr(|u| u.glossary)}</h1>
            <p class="lead">{tr(|u| u.glossary_lead)}</p>
            {move || match state.get() {
                State::Loading => EitherOf3::A(view! { <p class="loading">{tr(|u| u.text_loading)}</p> }),
                State::Failed => {
                    EitherOf3::B(
                        view! {
                            <div class="text-failed" role="alert" data-testid="glossary-failed">
                                <p>{tr(|u| u.glossary_failed)}</p>
                                <button type="button" on:click=move |_| load()>
                                    {tr(|u| u.retry)}
                                </button>
                            </div>
                        },
                    )
                }
                State::Ready(glossary) => EitherOf3::C(view! { <GlossaryTable glossary=glossary /> }),
            }}
        </article>
    }
}

/// One row per term; the learner's language is the first column and each row's header.
#[component]
fn GlossaryTable(glossary: Arc<Glossary>) -> impl IntoView {
    let lang = use_lang();
    move || {
        let lang = lang.get();
        let (first, second) = (lang, lang.other());
        let rows = glossary
            .sorted(lang.code())
            .into_iter()
            .map(|entry| {
                let chapter = entry.chapter;
                view! {
                    <tr data-term=entry.id.clone()>
                        <th scope="row" lang=first.code()>
                            {term(entry.wording(first.code()))}
                        </th>
                        <td lang=second.code()>
                            {term(entry.wording(second.code()))}
                        </td>
                        <td>
                            <a href=Route::Chapter { id: chapter, seed: None }.href()>
                                {format!("{}. {}", chapter.number(), title(chapter, lang))}
                            </a>
                        </td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <table class="glossary-table" data-testid="glossary-table">
                <caption>{lang.ui().glossary_caption}</caption>
                <thead>
                    <tr>
                        <th scope="col" lang=first.code()>
                            {language_name(first)}
                        </th>
                        <th scope="col" lang=second.code()>
                            {language_name(second)}
                        </th>
                        <th scope="col">{lang.ui().glossary_chapter}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
    }
}

/// A term and its definition, the contents of one cell.
fn term(wording: &Wording) -> impl IntoView {
    let (term, definition) = (wording.term.clone(), wording.definition.clone());
    view! {
        <dfn>{term}</dfn>
        <span class="definition">{definition}</span>
    }
}

/// A language's name in that language, as a column heading.
fn language_name(lang: Lang) -> &'static str {
    match lang {
        Lang::Ko => "한국어",
        Lang::En => "English",
    }
}
