//! One module per chapter (chapters 2 and 3 share `placement`): the interactive it mounts and
//! its page.

pub mod balancing;
pub mod cluster;
pub mod network;
pub mod placement;
pub mod servers;
pub mod ssh;
pub mod why;

use leptos::either::{Either, EitherOf7};
use leptos::prelude::*;

use crate::course::{teacher_goal_param, Challenge, ChapterId};
use crate::i18n::{summary, title, tr, ui, use_lang};
use crate::ui::chapter::Pager;
use crate::ui::lab::Lab;
use crate::ui::player::{prefers_reduced_motion, Transport};

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

/// A written chapter: its interactive, started from `seed`, inside the chapter template.
fn written(id: ChapterId, challenge: Challenge, seed: u64) -> impl IntoView {
    let lab = Lab::new(challenge.scenario.clone(), seed);
    let transport = Transport::new(lab, !prefers_reduced_motion());
    match id {
        ChapterId::WhyServers => EitherOf7::A(view! { <why::WhyChapter transport=transport challenge=challenge /> }),
        ChapterId::Server => {
            EitherOf7::B(view! { <servers::ServersChapter transport=transport challenge=challenge /> })
        }
        ChapterId::Network => {
            EitherOf7::D(view! { <network::NetworkChapter transport=transport challenge=challenge /> })
        }
        ChapterId::LoadBalancing => {
            EitherOf7::E(view! { <balancing::BalancingChapter transport=transport challenge=challenge /> })
        }
        ChapterId::Clusters => {
            EitherOf7::F(view! { <cluster::ClusterChapter transport=transport challenge=challenge /> })
        }
        ChapterId::Ssh => EitherOf7::G(view! { <ssh::SshChapter transport=transport challenge=challenge /> }),
        _ => EitherOf7::C(view! { <placement::PlacementChapter id=id transport=transport challenge=challenge /> }),
    }
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
