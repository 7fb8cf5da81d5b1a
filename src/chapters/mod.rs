//! One module per chapter (chapters 2 and 3 share `placement`): the interactive it mounts and
//! its page. Each page's build carries only its own chapters (the `basics` and `hosts` features).

#[cfg(feature = "hosts")]
pub mod placement;
#[cfg(feature = "basics")]
pub mod servers;
pub mod toc;
#[cfg(feature = "basics")]
pub mod why;

use leptos::prelude::*;

use crate::course::{Challenge, ChapterId};
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
    let Some(challenge) = Challenge::for_chapter(id) else {
        return view! { <ComingSoon id=id /> }.into_any();
    };
    let lab = Lab::new(challenge.scenario.clone(), seed);
    let transport = Transport::new(lab, !prefers_reduced_motion());
    match id {
        #[cfg(feature = "basics")]
        ChapterId::WhyServers => view! { <why::WhyChapter transport=transport challenge=challenge /> }.into_any(),
        #[cfg(feature = "basics")]
        ChapterId::Server => view! { <servers::ServersChapter transport=transport challenge=challenge /> }.into_any(),
        #[cfg(feature = "hosts")]
        ChapterId::VirtualMachines | ChapterId::Containers => {
            view! { <placement::PlacementChapter id=id transport=transport challenge=challenge /> }.into_any()
        }
        _ => view! { <ComingSoon id=id /> }.into_any(),
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
