//! The template every chapter uses: text, the interactive, more text, the challenge, the quiz,
//! and links to the previous and next chapters. The prose is fetched; the interactive does not
//! wait for it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::challenge::ChallengeCard;
use super::player::{Player, Transport};
use super::predict::PredictCard;
use super::quiz::Quiz;
use super::readout::{flag, live};
use super::search::search_in_slices;
use super::text::{ChapterProse, TextState};
use crate::content::{ChapterText, Section};
use crate::course::{Challenge, ChapterId, Route};
use crate::i18n::{title, tr, ui, use_lang, Ui};

/// Headings and paragraphs from the prose, or its loading and failure states.
#[component]
fn Prose(prose: ChapterProse, part: fn(&ChapterText) -> &[Section]) -> impl IntoView {
    let state = prose.state;
    view! {
        <p class="loading" hidden=flag(move || state.get() != TextState::Loading)>{tr(|u| u.text_loading)}</p>
        <div class="text-failed" role="alert" hidden=flag(move || state.get() != TextState::Failed)>
            <p>{tr(|u| u.text_failed)}</p>
            <button type="button" on:click=move |_| prose.retry()>{tr(|u| u.retry)}</button>
        </div>
        {move || {
            state.get().ready().map(|text| {
                part(text)
                    .iter()
                    .map(|s| {
                        view! {
                            <h2>{s.heading.clone()}</h2>
                            {s.paragraphs.iter().map(|p| view! { <p>{p.clone()}</p> }).collect_view()}
                        }
                    })
                    .collect_view()
            })
        }}
    }
}

/// True when a key press belongs to a control that uses it itself.
fn key_belongs_to_control(ev: &web_sys::KeyboardEvent) -> bool {
    let tag =
        ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).map(|el| el.tag_name()).unwrap_or_default();
    match tag.as_str() {
        "INPUT" | "TEXTAREA" | "SELECT" => true,
        "BUTTON" | "SUMMARY" | "A" => ev.key() == " " || ev.key() == "Enter",
        _ => false,
    }
}

/// The interactive's region: the question it opens with, its player, its diagram (children) and
/// its keyboard shortcuts, which work only while focus is inside it and never while typing in a
/// field.
#[component]
pub fn Interactive(id: ChapterId, transport: Transport, prose: ChapterProse, children: Children) -> impl IntoView {
    let reduced_motion = !transport.playing.get_untracked();
    let steps = move || prose.state.with(|s| s.ready().map(|t| t.try_this.clone()).unwrap_or_default());
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.ctrl_key() || ev.alt_key() || ev.meta_key() || key_belongs_to_control(&ev) {
            return;
        }
        match ev.key().as_str() {
            " " => transport.toggle(),
            "." => transport.step(),
            "r" | "R" => transport.reset(),
            _ => return,
        }
        ev.prevent_default();
    };
    view! {
        <section
            class="interactive"
            tabindex="0"
            aria-labelledby="interactive-title"
            data-testid="interactive"
            on:keydown=on_keydown
        >
            <h2 id="interactive-title">{tr(|u| u.try_it)}</h2>
            <PredictCard id=id prose=prose lab=transport.lab />
            <ol class="try-steps">{move || steps().into_iter().map(|step| view! { <li>{step}</li> }).collect_view()}</ol>
            <Player transport=transport />
            {reduced_motion.then(|| view! { <p class="note">{tr(|u| u.paused_reduced_motion)}</p> })}
            {children()}
            <p class="shortcuts">{tr(|u| u.shortcuts)}</p>
        </section>
    }
}

/// A written chapter: everything but the diagram, which the chapter passes as children.
#[component]
pub fn ChapterPage(id: ChapterId, transport: Transport, challenge: Challenge, children: Children) -> impl IntoView {
    let ui = ui();
    let lang = use_lang();
    let prose = ChapterProse::load(id);
    // Each challenge's best from the model, searched for in slices while the learner works.
    let seed = transport.lab.with_untracked(|w| w.seed());
    let challenges = std::iter::once(challenge)
        .chain(Challenge::further(id))
        .enumerate()
        .map(|(n, challenge)| {
            let optimum = search_in_slices(challenge.optimum_search(seed));
            view! { <ChallengeCard challenge=challenge n=n lab=transport.lab optimum=optimum prose=prose /> }
        })
        .collect_view();
    view! {
        <article class="chapter" data-chapter=id.slug()>
            <p class="eyebrow">{live(move || (ui.get().chapter_label)(id.number()))}</p>
            <h1>{live(move || title(id, lang.get()).to_string())}</h1>
            <Prose prose=prose part=|t| &t.intro />
            <Interactive id=id transport=transport prose=prose>
                {children()}
                <SeedLink id=id seed=seed />
            </Interactive>
            <Prose prose=prose part=|t| &t.after />
            {challenges}
            <Quiz prose=prose />
            <Pager id=id />
        </article>
    }
}

/// The run's seed, and a link that opens the chapter with it: same seed, same run.
#[component]
fn SeedLink(id: ChapterId, seed: u64) -> impl IntoView {
    view! {
        <p class="seed">
            {tr(|u| u.seed)}
            {format!(": {seed} · ")}
            <a href=Route::Chapter { id, seed: Some(seed) }.href() data-testid="seed-link">{tr(|u| u.share_run)}</a>
        </p>
    }
}

/// Links to the previous and next chapters.
#[component]
pub fn Pager(id: ChapterId) -> impl IntoView {
    let lang = use_lang();
    let link = move |target: Option<ChapterId>, label: fn(&'static Ui) -> &'static str, rel: &'static str| {
        target.map(|t| {
            view! {
                <a href=Route::Chapter { id: t, seed: None }.href() rel=rel class=rel>
                    <span class="pager-label">{tr(label)}</span>
                    <span class="pager-title">{live(move || title(t, lang.get()).to_string())}</span>
                </a>
            }
        })
    };
    view! {
        <nav class="pager" aria-label=tr(|u| u.chapter_nav)>
            {link(id.previous(), |u| u.previous, "prev")}
            {link(id.next(), |u| u.next, "next")}
        </nav>
    }
}
