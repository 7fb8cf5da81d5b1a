//! Fetching a chapter's prose (`content/<slug>.<lang>.json`) when the chapter opens, or
//! reading it from the page where the single-file bundle embedded it (the glossary page reads
//! `content/glossary.json` the same way).
//!
//! Files already read are kept for the page's lifetime, so switching language back and forth
//! fetches each file once. A failed fetch (offline with no cache, a damaged file) shows a
//! message and a retry button; the interactive keeps working without the prose.

use std::cell::RefCell;
use std::sync::Arc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

use crate::content::{text_path, ChallengeText, ChapterText};
use crate::course::ChapterId;
use crate::i18n::use_lang;

#[derive(Clone, Debug, PartialEq)]
pub enum TextState {
    Loading,
    Ready(Arc<ChapterText>),
    Failed,
}

impl TextState {
    pub fn ready(&self) -> Option<&Arc<ChapterText>> {
        match self {
            TextState::Ready(text) => Some(text),
            _ => None,
        }
    }
}

thread_local! {
    /// Files read so far, by path (a handful at most: a list beats a hash map's wasm cost).
    static LOADED: RefCell<Vec<(String, Arc<ChapterText>)>> = const { RefCell::new(Vec::new()) };
}

/// Prose embedded in the page by the single-file classroom bundle (`file://` cannot fetch).
fn embedded(path: &str) -> Option<String> {
    document().get_element_by_id(path)?.text_content()
}

/// A file of the site's `content/` as text: embedded in the page, or fetched.
pub async fn fetch_body(path: &str) -> Option<String> {
    if let Some(body) = embedded(path) {
        return Some(body);
    }
    let response: web_sys::Response = JsFuture::from(window().fetch_with_str(path)).await.ok()?.dyn_into().ok()?;
    if !response.ok() {
        return None;
    }
    JsFuture::from(response.text().ok()?).await.ok()?.as_string()
}

pub async fn fetch_text(path: String) -> Option<Arc<ChapterText>> {
    if let Some(text) = LOADED.with(|l| l.borrow().iter().find(|(p, _)| *p == path).map(|(_, t)| t.clone())) {
        return Some(text);
    }
    let body = fetch_body(&path).await?;
    let text = Arc::new(ChapterText::parse(&body).ok()?);
    LOADED.with(|l| l.borrow_mut().push((path, text.clone())));
    Some(text)
}

/// The chapter's prose in the current language, and a way to try again after a failure.
#[derive(Clone, Copy)]
pub struct ChapterProse {
    pub state: ReadSignal<TextState>,
    set_state: WriteSignal<TextState>,
    id: ChapterId,
}

impl ChapterProse {
    /// Starts loading now and again whenever the language changes.
    pub fn load(id: ChapterId) -> Self {
        let (state, set_state) = signal(TextState::Loading);
        let prose = ChapterProse { state, set_state, id };
        let lang = use_lang();
        Effect::new(move |_| {
            lang.track();
            prose.fetch();
        });
        prose
    }

    fn fetch(&self) {
        let (set_state, id, lang) = (self.set_state, self.id, use_lang());
        let path = move || text_path(id.slug(), lang.get_untracked().code());
        let wanted = path();
        set_state.set(TextState::Loading);
        leptos::task::spawn_local(async move {
            let text = fetch_text(wanted.clone()).await;
            // A slow answer for a language the learner has since left is not shown.
            if path() == wanted {
                set_state.set(text.map_or(TextState::Failed, TextState::Ready));
            }
        });
    }

    pub fn retry(&self) {
        self.fetch();
    }

    /// A field of the words of the chapter's `n`th challenge, or nothing until they are loaded.
    pub fn pick_challenge(&self, n: usize, field: fn(&ChallengeText) -> &str) -> String {
        self.state
            .with(|s| s.ready().and_then(|t| t.challenges.get(n)).map(|c| field(c).to_string()).unwrap_or_default())
    }
}
