//! The app shell: language, theme, saved progress, the fragment router, the table of contents,
//! and the recovery screen shown if the app ever panics.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::chapters::{self, ChapterView};
use crate::course::{ChapterId, Route, DEFAULT_SEED};
use crate::i18n::{tr, ui, use_lang, Lang};
use crate::progress::{LoadNotice, Progress};
use crate::ui::storage;

const PROGRESS_KEY: &str = "server-lab:progress";
/// Where unreadable saved progress is copied before it is replaced, so nothing is destroyed.
const PROGRESS_BACKUP_KEY: &str = "server-lab:progress:unreadable";
const THEME_KEY: &str = "server-lab:theme";

/// Installs the panic screen and mounts the app in place of the static intro.
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
        show_recovery_screen();
    }));
    let Some(root) = document().get_element_by_id("app").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return;
    };
    root.set_inner_html("");
    mount_to(root, App).forget();
}

/// Reveals the static, bilingual recovery message that index.html carries.
fn show_recovery_screen() {
    if let Some(screen) = document().get_element_by_id("recovery") {
        let _ = screen.remove_attribute("hidden");
    }
}

fn current_route() -> Route {
    Route::parse(&window().location().hash().unwrap_or_default())
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Theme {
    Light,
    Dark,
}

impl Theme {
    fn code(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }

    /// The remembered choice, else the system's.
    fn detect() -> Theme {
        match storage::get(THEME_KEY).as_deref() {
            Some("dark") => Theme::Dark,
            Some("light") => Theme::Light,
            _ => {
                let dark =
                    window().match_media("(prefers-color-scheme: dark)").ok().flatten().is_some_and(|m| m.matches());
                if dark {
                    Theme::Dark
                } else {
                    Theme::Light
                }
            }
        }
    }
}

/// A message about saved data, shown until dismissed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Notice {
    Load(LoadNotice),
    StorageUnavailable,
}

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(Lang::detect());
    provide_context(lang);

    let saved = storage::get(PROGRESS_KEY);
    let (loaded, load_notice) = Progress::load(saved.as_deref());
    if let (Some(raw), Some(LoadNotice::Unreadable | LoadNotice::UnknownVersion)) = (&saved, load_notice) {
        storage::set(PROGRESS_BACKUP_KEY, raw);
    }
    let progress = RwSignal::new(loaded);
    provide_context(progress);
    let notice = RwSignal::new(load_notice.map(Notice::Load));
    Effect::new(move |_| {
        let json = progress.with(Progress::to_json);
        if !storage::set(PROGRESS_KEY, &json) {
            notice.set(Some(Notice::StorageUnavailable));
        }
    });

    let theme = RwSignal::new(Theme::detect());
    Effect::new(move |_| {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("data-theme", theme.get().code());
            let _ = html.set_attribute("lang", lang.get().code());
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
            Route::Chapter { id, .. } => format!("{} · {}", chapters::title(id, lang.get()), ui.site_name),
            Route::Home => ui.site_name.to_string(),
            Route::NotFound => format!("{} · {}", ui.not_found_title, ui.site_name),
        };
        document().set_title(&title);
    });

    let page = move || {
        let route = route.get();
        untrack(move || match route {
            Route::Home => view! { <Home /> }.into_any(),
            Route::Chapter { id, seed } => view! { <ChapterView id=id seed=seed.unwrap_or(DEFAULT_SEED) /> }.into_any(),
            Route::NotFound => view! { <NotFound /> }.into_any(),
        })
    };
    view! {
        <Header theme=theme />
        <NoticeBar notice=notice />
        <div class="layout">
            <nav class="toc" aria-labelledby="toc-title">
                <h2 id="toc-title" tabindex="-1">{move || lang.get().ui().contents}</h2>
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

/// On narrow screens the contents come after the chapter; this brings them into view.
fn focus_contents() {
    if let Some(heading) =
        document().get_element_by_id("toc-title").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        heading.scroll_into_view();
        let _ = heading.focus();
    }
}

#[component]
fn Header(theme: RwSignal<Theme>) -> impl IntoView {
    let lang = use_lang();
    let switch_language = move |_| {
        let next = lang.get_untracked().other();
        lang.set(next);
        next.remember();
    };
    let switch_theme = move |_| {
        let next = match theme.get_untracked() {
            Theme::Light => Theme::Dark,
            Theme::Dark => Theme::Light,
        };
        theme.set(next);
        storage::set(THEME_KEY, next.code());
    };
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
            <div class="settings" role="group" aria-label=tr(|u| u.settings)>

                <button
                    type="button"
                    data-testid="lang-toggle"
                    lang=move || lang.get().other().code()
                    aria-label=tr(|u| u.switch_language_label)
                    on:click=switch_language
                >
                    {tr(|u| u.switch_language)}
                </button>
                <button
                    type="button"
                    data-testid="theme-toggle"
                    aria-pressed=move || (theme.get() == Theme::Dark).to_string()
                    on:click=switch_theme
                >
                    {tr(|u| u.theme_dark)}
                </button>
            </div>
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
            let solved = move || {
                progress.is_some_and(|p| {
                    p.with(|p| crate::course::Challenge::for_chapter(id).is_some_and(|c| p.solved.contains(c.id)))
                })
            };
            view! {
                <li class:coming=!id.is_ready()>
                    <a href=Route::Chapter { id, seed: None }.href() aria-current=move || current().then_some("page")>
                        <span class="toc-number">{id.number()}</span>
                        <span class="toc-title">{move || chapters::title(id, lang.get())}</span>
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
                            {move || format!("{}. {}", id.number(), chapters::title(id, lang.get()))}
                        </a>
                    </h3>
                    <p>{move || chapters::summary(id, lang.get())}</p>
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
