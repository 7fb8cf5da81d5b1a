//! The template every chapter uses: text, the interactive, more text, the challenge, the quiz,
//! and links to the previous and next chapters.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::challenge::ChallengeCard;
use super::lab::Lab;
use super::player::{Player, Transport};
use super::quiz::Quiz;
use crate::course::{Challenge, ChapterId, Route};
use crate::i18n::copy::{ChapterCopy, Section};
use crate::i18n::{tr, ui, use_lang, Lang, Ui};
use crate::sim::Optimum;

/// Headings and paragraphs.
#[component]
pub fn Prose(sections: &'static [Section]) -> impl IntoView {
    sections
        .iter()
        .map(|s| {
            view! {
                <h2>{s.heading}</h2>
                {s.paragraphs.iter().map(|p| view! { <p>{*p}</p> }).collect_view()}
            }
        })
        .collect_view()
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

/// The interactive's region: its player, its diagram (children) and its keyboard shortcuts,
/// which work only while focus is inside it and never while typing in a field.
#[component]
pub fn Interactive(transport: Transport, try_this: Signal<&'static str>, children: Children) -> impl IntoView {
    let reduced_motion = !transport.playing.get_untracked();
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
            <p>{move || try_this.get()}</p>
            <Player transport=transport />
            {reduced_motion.then(|| view! { <p class="note">{tr(|u| u.paused_reduced_motion)}</p> })}
            {children()}
            <p class="shortcuts">{tr(|u| u.shortcuts)}</p>
        </section>
    }
}

/// A written chapter: everything but the diagram, which the chapter passes as children.
#[component]
pub fn ChapterPage(
    id: ChapterId,
    copy: fn(Lang) -> &'static ChapterCopy,
    transport: Transport,
    challenge: Challenge,
    optimum: Optimum,
    children: Children,
) -> impl IntoView {
    let ui = ui();
    let lang = use_lang();
    let lab: Lab = transport.lab;
    let try_this = Signal::derive(move || copy(lang.get()).try_this);
    view! {
        <article class="chapter">
            <p class="eyebrow">{move || (ui.get().chapter_label)(id.number())}</p>
            <h1>{move || copy(lang.get()).title}</h1>
            {move || view! { <Prose sections=copy(lang.get()).intro /> }}
            <Interactive transport=transport try_this=try_this>
                {children()}
            </Interactive>
            {move || view! { <Prose sections=copy(lang.get()).after /> }}
            <ChallengeCard challenge=challenge lab=lab optimum=optimum copy=copy />
            <Quiz copy=copy />
            <Pager id=id />
        </article>
    }
}

/// Links to the previous and next chapters.
#[component]
pub fn Pager(id: ChapterId) -> impl IntoView {
    let ui = ui();
    let lang = use_lang();
    let link = move |target: Option<ChapterId>, label: fn(&'static Ui) -> &'static str, rel: &'static str| {
        target.map(|t| {
            let href = Route::Chapter { id: t, seed: None }.href();
            view! {
                <a href=href rel=rel class=rel>
                    <span class="pager-label">{move || label(ui.get())}</span>
                    <span class="pager-title">{move || crate::chapters::title(t, lang.get())}</span>
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
