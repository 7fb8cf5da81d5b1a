//! One module per chapter (chapters 2 and 3 share `placement`): the interactive it mounts and
//! its page. Each page's build carries only its own chapters (the `basics` and `hosts` features).

#[cfg(feature = "hosts")]
pub mod placement;
#[cfg(feature = "basics")]
pub mod servers;
pub mod toc;
#[cfg(feature = "basics")]
pub mod why;

use leptos::either::Either;
use leptos::prelude::*;

use crate::course::{teacher_goal_param, Challenge, ChapterId};
use crate::i18n::{tr, ui, use_lang, Lang};
use crate::ui::chapter::Pager;
use crate::ui::lab::Lab;
use crate::ui::player::{prefers_reduced_motion, Transport};

fn heading(id: ChapterId, lang: Lang) -> &'static toc::Heading {
    let headings = match lang {
        Lang::Ko => &toc::KO,
        Lang::En => &toc::EN,
    };
    &headings[id.number()]
}

pub fn title(id: ChapterId, lang: Lang) -> &'static str {
    heading(id, lang).title
}

pub fn summary(id: ChapterId, lang: Lang) -> &'static str {
    heading(id, lang).summary
}

/// The page for a chapter, its interactive started from `seed`.
#[component]
pub fn ChapterView(id: ChapterId, seed: u64) -> impl IntoView {
    match Challenge::for_chapter(id) {
        None => Either::Left(view! { <ComingSoon id=id /> }),
        Some(challenge) => {
            // A teacher's figures ride in the link beside the route.
            let fragment = window().location().hash().unwrap_or_default();
            let challenge = match teacher_goal_param(&fragment) {
                Some(goal) => challenge.with_teacher_goal(goal, seed),
                None => challenge,
            };
            Either::Right(written(id, challenge, seed))
        }
    }
}

/// A written chapter of this build's page. Each feature's chapters render as an `Option` (the
/// one that is not this chapter renders nothing): cheaper in wasm than `AnyView`, and it needs
/// no case for every combination of features.
fn written(id: ChapterId, challenge: Challenge, seed: u64) -> impl IntoView {
    let lab = Lab::new(challenge.scenario.clone(), seed);
    let transport = Transport::new(lab, !prefers_reduced_motion());
    #[cfg(feature = "basics")]
    let basics = match id {
        ChapterId::WhyServers => {
            Some(Either::Left(view! { <why::WhyChapter transport=transport challenge=challenge.clone() /> }))
        }
        ChapterId::Server => {
            Some(Either::Right(view! { <servers::ServersChapter transport=transport challenge=challenge.clone() /> }))
        }
        _ => None,
    };
    #[cfg(not(feature = "basics"))]
    let basics: Option<()> = None;
    #[cfg(feature = "hosts")]
    let hosts = matches!(id, ChapterId::VirtualMachines | ChapterId::Containers)
        .then(|| view! { <placement::PlacementChapter id=id transport=transport challenge=challenge /> });
    #[cfg(not(feature = "hosts"))]
    let hosts: Option<()> = {
        let _ = challenge;
        None
    };
    (basics, hosts)
}

#[component]
fn ComingSoon(id: ChapterId) -> impl IntoView {
    let ui = ui();
    let lang = use_lang();
    view! {
        <article class="chapter coming" data-chapter=id.slug()>
            <p class="eyebrow">{move || (ui.get().chapter_label)(id.number())}</p>
            <h1>{move || title(id, lang.get())}</h1>
            <p class="lead">{move || summary(id, lang.get())}</p>
            <p class="note">{tr(|u| u.coming_text)}</p>
            <Pager id=id />
        </article>
    }
}
