//! The learner's app (`index.html`): its header, notices about saved data, the fragment router
//! over every chapter, the progress page and the glossary, and the table of contents. One page and one wasm:
//! moving between routes never reloads. What it shares with the teacher's page (settings, theme,
//! panic screen, storage) is in `ui::shell`.

use leptos::either::EitherOf5;
use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::chapters::ChapterView;
use crate::course::{ChapterId, Route, DEFAULT_SEED};
use crate::i18n::{summary, title, tr, ui, use_lang};
use crate::progress::{LoadNotice, Progress};
use crate::tools::glossary_page::GlossaryPage;
use crate::tools::progress_page::ProgressPage;
use crate::ui::readout::{flag, live};
use crate::ui::shell::{load_progress, mount, provide_settings, save_progress, Settings, Theme};

/// Mounts the learner's app in place of the static intro.
pub fn start() {
    mount(App);
}

fn current_route() -> Route {
    Route::parse(&window().location().hash().unwrap_or_default())
}

/// A message about saved data, shown until dismissed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Notice {
    Load(LoadNotice),
    StorageUnavailable,
}

#[component]
fn App() -> impl IntoView {
    let theme = provide_settings();
    let lang = use_lang();
    let (loaded, load_notice) = load_progress();
    let progress = RwSignal::new(loaded);
    provide_context(progress);
    let notice = RwSignal::new(load_notice.map(Notice::Load));
    Effect::new(move |_| {
        if !progress.with(save_progress) {
            notice.set(Some(Notice::StorageUnavailable));
        }
    });

    let route = RwSignal::new(current_route());
    let _listener = window_event_listener(ev::hashchange, move |_| {
        let next = current_route();
        if route.get_untracked() != next {
            route.set(next);
            focus_main();
        }
    });
    Effect::new(move |_| {
        if let Route::Chapter { id, .. } = route.get() {
            if !progress.with_untracked(|p| p.visited.contains(id.slug())) {
                progress.update(|p| {
                    p.visit(id.slug());
                });
            }
        }
    });
    Effect::new(move |_| {
        let ui = lang.get().ui();
        let title = match route.get() {
            Route::Chapter { id, .. } => format!("{} · {}", title(id, lang.get()), ui.site_name),
            Route::Progress => format!("{} · {}", ui.progress_page, ui.site_name),
            Route::Glossary => format!("{} · {}", ui.glossary, ui.site_name),
            Route::Home => ui.site_name.to_string(),
            Route::NotFound => format!("{} · {}", ui.not_found_title, ui.site_name),
        };
        document().set_title(&title);
    });

    let page = move || {
        let route = route.get();
        untrack(move || match route {
            Route::Home => EitherOf5::A(view! { <Home /> }),
            Route::Chapter { id, seed } => {
                EitherOf5::B(view! { <ChapterView id=id seed=seed.unwrap_or(DEFAULT_SEED) /> })
            }
            Route::Progress => EitherOf5::C(view! { <ProgressPage /> }),
            Route::Glossary => EitherOf5::D(view! { <GlossaryPage /> }),
            Route::NotFound => EitherOf5::E(view! { <NotFound /> }),
        })
    };
    view! {
        <Header theme=theme route=route />
        <NoticeBar notice=notice />
        <div class="layout">
            <nav class="toc" aria-labelledby="toc-title">
                <h2 id="toc-title" tabindex="-1">{tr(|u| u.contents)}</h2>
                <Contents route=route />
            </nav>
            <main id="main" tabindex="-1">{page}</main>
        </div>
    }
}

/// Moves focus to the page's content after navigation, as a new page load would.
fn focus_main() {
    if let Some(main) = document().get_element_by_id("main").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = main.focus();
        window().scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Presentation mode lives in `present.js`, loaded the first time it is asked for so that it
/// costs no page its first load (see docs/decisions.md).
fn load_presenter() {
    let doc = document();
    let ready = doc.document_element().is_some_and(|root| root.has_attribute("data-present-ready"));
    if ready || doc.get_element_by_id("present-js").is_some() {
        return;
    }
    if let (Ok(script), Some(body)) = (doc.create_element("script"), doc.body()) {
        script.set_id("present-js");
        let _ = script.set_attribute("src", "present.js");
        let _ = body.append_child(&script);
    }
}

/// On narrow screens the contents come after the chapter; this brings them into view.
fn focus_contents() {
    if let Some(heading) =
        document().get_element_by_id("toc-title").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        heading.scroll_into_view();
        let _ = heading.focus();
    }
}

/// `aria-current="page"` while `route` is `here`. One function, so that every header link
/// shares one closure type (and Leptos one piece of code to render it).
fn current_page(route: RwSignal<Route>, here: Route) -> impl Fn() -> Option<&'static str> + Send + Sync + 'static {
    move || route.with(|r| *r == here).then_some("page")
}

#[component]
fn Header(theme: RwSignal<Theme>, route: RwSignal<Route>) -> impl IntoView {
    let presenting = RwSignal::new(false);
    let on_chapter = move || matches!(route.get(), Route::Chapter { .. });
    Effect::new(move |_| {
        if let Some(root) = document().document_element() {
            let _ = if presenting.get() && on_chapter() {
                root.set_attribute("data-presenting", "")
            } else {
                root.remove_attribute("data-presenting")
            };
        }
    });
    view! {
        <header class="site-header">
            <button type="button" class="skip-link" on:click=move |_| focus_main()>
                {tr(|u| u.skip_to_content)}
            </button>
            <a class="brand" href="#/">
                <span class="brand-mark" aria-hidden="true">"▣"</span>
                {tr(|u| u.site_name)}
            </a>
            <button type="button" class="toc-jump" on:click=move |_| focus_contents()>
                {tr(|u| u.contents)}
            </button>
            <a
                class="header-link"
                href=Route::Progress.href()
                data-testid="progress-link"
                aria-current=current_page(route, Route::Progress)
            >
                {tr(|u| u.progress_page)}
            </a>
            <a
                class="header-link"
                href=Route::Glossary.href()
                data-testid="glossary-link"
                aria-current=current_page(route, Route::Glossary)
            >
                {tr(|u| u.glossary)}
            </a>
            <button
                type="button"
                class="present-toggle"
                data-testid="present-toggle"
                aria-pressed=live(move || presenting.get().to_string())
                hidden=flag(move || !on_chapter())
                on:click=move |_| {
                    load_presenter();
                    presenting.update(|on| *on = !*on);
                }
            >
                {tr(|u| u.present)}
            </button>
            <Settings theme=theme />
        </header>
    }
}

#[component]
fn NoticeBar(notice: RwSignal<Option<Notice>>) -> impl IntoView {
    let ui = ui();
    view! {
        <div class="notice-area" role="status" data-testid="notice">
            {move || {
                notice
                    .get()
                    .map(|n| {
                        let text = match n {
                            Notice::Load(load) => ui.get().notice(load),
                            Notice::StorageUnavailable => ui.get().storage_unavailable,
                        };
                        view! {
                            <div class="notice">
                                <p>{text}</p>
                                <button type="button" on:click=move |_| notice.set(None)>
                                    {tr(|u| u.dismiss)}
                                </button>
                            </div>
                        }
                    })
            }}
        </div>
    }
}

/// Every chapter in order; those not written yet are marked as coming.
#[component]
fn Contents(route: RwSignal<Route>) -> impl IntoView {
    let lang = use_lang();
    let progress = use_context::<RwSignal<Progress>>();
    let items = ChapterId::ALL
        .into_iter()
        .map(|id| {
            let current = move || matches!(route.get(), Route::Chapter { id: c, .. } if c == id);
            let solved = move || progress.is_some_and(|p| p.with(|p| p.chapter_solved(id)));
            view! {
                <li class:coming=!id.is_ready()>
                    <a href=Route::Chapter { id, seed: None }.href() aria-current=move || current().then_some("page")>
                        <span class="toc-number">{id.number()}</span>
                        <span class="toc-title">{live(move || title(id, lang.get()).to_string())}</span>
                        {(!id.is_ready()).then(|| view! { <span class="tag">{tr(|u| u.coming)}</span> })}
                        <Show when=solved>
                            <span class="tag solved" title=tr(|u| u.solved_mark)>
                                "★"
                                <span class="visually-hidden">{tr(|u| u.solved_mark)}</span>
                            </span>
                        </Show>
                    </a>
                </li>
            }
        })
        .collect_view();
    view! { <ol class="toc-list">{items}</ol> }
}

#[component]
fn Home() -> impl IntoView {
    let lang = use_lang();
    let progress = use_context::<RwSignal<Progress>>();
    let cards = ChapterId::ALL
        .into_iter()
        .map(|id| {
            let visited = move || progress.is_some_and(|p| p.with(|p| p.visited.contains(id.slug())));
            view! {
                <li class="card" class:coming=!id.is_ready()>
                    <h3>
                        <a href=Route::Chapter { id, seed: None }.href()>
                            {live(move || format!("{}. {}", id.number(), title(id, lang.get())))}
                        </a>
                    </h3>
                    <p>{live(move || summary(id, lang.get()).to_string())}</p>
                    {(!id.is_ready()).then(|| view! { <p class="tag">{tr(|u| u.coming)}</p> })}
                    <Show when=visited>
                        <p class="tag visited">{tr(|u| u.visited)}</p>
                    </Show>
                </li>
            }
        })
        .collect_view();
    view! {
        <article class="home">
            <h1>{tr(|u| u.home_title)}</h1>
            <p class="lead">{tr(|u| u.home_lead)}</p>
            <p>{tr(|u| u.home_how)}</p>
            <p>
                <a class="button primary" href=Route::Chapter { id: ChapterId::WhyServers, seed: None }.href()>
                    {tr(|u| u.start)}
                </a>
            </p>
            <ul class="cards">{cards}</ul>
        </article>
    }
}

#[component]
fn NotFound() -> impl IntoView {
    view! {
        <article class="not-found" data-testid="not-found">
            <h1>{tr(|u| u.not_found_title)}</h1>
            <p>{tr(|u| u.not_found_text)}</p>
            <p>
                <a href="#/">{tr(|u| u.home_title)}</a>
            </p>
        </article>
    }
}
