//! What every page of the site shares: the theme, the language and theme buttons, the
//! document's `lang`/`data-theme` attributes, the panic screen, and saved progress in storage.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::storage;
use crate::i18n::{tr, use_lang, Lang};
use crate::progress::{LoadNotice, Progress};

const PROGRESS_KEY: &str = "server-lab:progress";
/// Where unreadable saved progress is copied before it is replaced, so nothing is destroyed.
const PROGRESS_BACKUP_KEY: &str = "server-lab:progress:unreadable";
const THEME_KEY: &str = "server-lab:theme";
const LANG_KEY: &str = "server-lab:lang";

/// Installs the panic screen and mounts `app` in place of the page's static content in `#app`.
pub fn mount<V: IntoView + 'static>(app: impl FnOnce() -> V + 'static) {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
        if let Some(screen) = document().get_element_by_id("recovery") {
            let _ = screen.remove_attribute("hidden");
        }
    }));
    let Some(root) = document().get_element_by_id("app").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) else {
        return;
    };
    root.set_inner_html("");
    mount_to(root, app).forget();
}

/// Saved progress, with a notice when it could not be read whole. Unreadable data is copied
/// aside before anything overwrites it.
pub fn load_progress() -> (Progress, Option<LoadNotice>) {
    let saved = storage::get(PROGRESS_KEY);
    let (progress, notice) = Progress::load(saved.as_deref());
    if let (Some(raw), Some(LoadNotice::Unreadable | LoadNotice::UnknownVersion)) = (&saved, notice) {
        storage::set(PROGRESS_BACKUP_KEY, raw);
    }
    (progress, notice)
}

/// Returns whether the progress was stored.
pub fn save_progress(progress: &Progress) -> bool {
    storage::set(PROGRESS_KEY, &progress.to_json())
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Theme {
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
    pub fn detect() -> Theme {
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

/// Provides the language and theme, and keeps the document's attributes in step with them.
pub fn provide_settings() -> RwSignal<Theme> {
    let lang = RwSignal::new(Lang::detect(storage::get(LANG_KEY).as_deref()));
    provide_context(lang);
    let theme = RwSignal::new(Theme::detect());
    provide_context(theme);
    Effect::new(move |_| {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("data-theme", theme.get().code());
            let _ = html.set_attribute("lang", lang.get().code());
        }
    });
    theme
}

/// The language and theme buttons.
#[component]
pub fn Settings(theme: RwSignal<Theme>) -> impl IntoView {
    let lang = use_lang();
    let switch_language = move |_| {
        let next = lang.get_untracked().other();
        lang.set(next);
        storage::set(LANG_KEY, next.code());
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
                aria-pressed=crate::ui::readout::live(move || (theme.get() == Theme::Dark).to_string())
                on:click=switch_theme
            >
                {tr(|u| u.theme_dark)}
            </button>
        </div>
    }
}
