//! Korean and English: the learner's language, and every string the interface shows.
//!
//! Hand-written rather than `leptos_i18n` (see docs/decisions.md): one [`Ui`] value per
//! language, so a missing string is a compile error and the cost in wasm is only the text.
//! Chapter prose is fetched per chapter (see `content`); titles live in `chapters::toc`.

pub mod balance;
pub mod cluster;
mod en;
mod ko;
pub mod net;
pub mod rack;
pub mod ssh;
mod toc;

use leptos::prelude::*;

use crate::course::{ChapterId, GoalRefusal};
use crate::progress::LoadNotice;
use crate::sim::action::Refusal;
use crate::sim::event::EventKind;
use crate::sim::laptop::{Place, Service};
use crate::sim::{Cmp, Metric};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Ko,
    En,
}

impl Lang {
    /// The `lang` attribute value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ko => "ko",
            Lang::En => "en",
        }
    }

    pub fn other(self) -> Lang {
        match self {
            Lang::Ko => Lang::En,
            Lang::En => Lang::Ko,
        }
    }

    /// Reads a saved choice or a browser language tag (`ko-KR`, `en`).
    pub fn from_code(code: &str) -> Option<Lang> {
        match code.get(..2)?.to_ascii_lowercase().as_str() {
            "ko" => Some(Lang::Ko),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The `saved` choice if it names one of ours, else the browser's first preference we
    /// have, else Korean.
    pub fn detect(saved: Option<&str>) -> Lang {
        if let Some(saved) = saved.and_then(Lang::from_code) {
            return saved;
        }
        let languages = window().navigator().languages();
        languages.iter().filter_map(|l| l.as_string()).find_map(|l| Lang::from_code(&l)).unwrap_or(Lang::Ko)
    }

    pub fn ui(self) -> &'static Ui {
        match self {
            Lang::Ko => &ko::UI,
            Lang::En => &en::UI,
        }
    }
}

/// The current language, provided by the app.
pub fn use_lang() -> RwSignal<Lang> {
    use_context::<RwSignal<Lang>>().unwrap_or_else(|| RwSignal::new(Lang::Ko))
}

/// The interface strings of the current language, reactively.
pub fn ui() -> Signal<&'static Ui> {
    let lang = use_lang();
    Signal::derive(move || lang.get().ui())
}

/// Every interface string. Functions build sentences that contain figures.
pub struct Ui {
    pub site_name: &'static str,
    pub skip_to_content: &'static str,
    pub contents: &'static str,
    pub settings: &'static str,
    pub switch_language: &'static str,
    pub switch_language_label: &'static str,
    pub progress_page: &'static str,
    pub glossary: &'static str,
    pub glossary_lead: &'static str,
    pub glossary_caption: &'static str,
    /// The column with the chapter that teaches each term.
    pub glossary_chapter: &'static str,
    pub glossary_failed: &'static str,
    pub present: &'static str,
    pub theme_dark: &'static str,
    pub chapter_label: fn(usize) -> String,
    pub coming: &'static str,
    pub coming_text: &'static str,
    pub chapter_nav: &'static str,
    pub previous: &'static str,
    pub next: &'static str,
    pub home_title: &'static str,
    pub home_lead: &'static str,
    pub home_how: &'static str,
    pub start: &'static str,
    pub visited: &'static str,
    pub solved_mark: &'static str,
    pub not_found_title: &'static str,
    pub not_found_text: &'static str,
    pub dismiss: &'static str,
    pub notice_unreadable: &'static str,
    pub notice_unknown_version: &'static str,
    pub notice_partly_kept: &'static str,
    pub storage_unavailable: &'static str,
    // Player
    pub player_label: &'static str,
    pub play: &'static str,
    pub pause: &'static str,
    pub step: &'static str,
    pub step_second: &'static str,
    pub reset: &'static str,
    pub speed: &'static str,
    pub sim_time: &'static str,
    pub seed: &'static str,
    pub share_run: &'static str,
    pub shortcuts: &'static str,
    pub paused_reduced_motion: &'static str,
    // Chapter template
    pub try_it: &'static str,
    pub text_loading: &'static str,
    pub text_failed: &'static str,
    pub retry: &'static str,
    pub challenge: &'static str,
    pub hint: &'static str,
    pub goal_progress: fn(u32, u32) -> String,
    pub goal_solved: &'static str,
    pub solved_before: &'static str,
    pub teacher_goal: &'static str,
    pub teacher_goal_refused: &'static str,
    /// Why a teacher's figures cannot make a challenge (a link's, or the teacher page's form).
    pub goal_refusal: fn(GoalRefusal) -> String,
    /// A goal figure beyond its metric's range: metric, comparison, figure, the range's bound.
    pub goal_refusal_range: fn(Metric, Cmp, u32, u32) -> String,
    pub optimum_searching: &'static str,
    pub optimum_none: &'static str,
    /// Before the model's best figures, beside the goal's own (chapter 5's lowest `/api` p95).
    pub optimum_best: &'static str,
    pub quiz: &'static str,
    pub check_answer: &'static str,
    pub correct: &'static str,
    pub wrong: &'static str,
    pub choose_first: &'static str,
    // The prediction that opens a lab
    pub predict_title: &'static str,
    pub lock_prediction: &'static str,
    pub skip_prediction: &'static str,
    pub prediction_skipped: &'static str,
    pub predict_after_all: &'static str,
    pub your_prediction: &'static str,
    pub prediction_right: &'static str,
    pub prediction_wrong: &'static str,
    /// Before the right answer, when the guess was not it.
    pub prediction_answer: &'static str,
    pub events: &'static str,
    pub no_events: &'static str,
    // Chapter 1
    pub users: &'static str,
    pub users_per_second: &'static str,
    pub load_balancer: &'static str,
    pub laptop: &'static str,
    pub deploy: &'static str,
    pub servers: &'static str,
    pub server_n: fn(u32) -> String,
    /// The request canvas's labels: the users, their DNS resolver, the load balancer.
    pub canvas_nodes: [&'static str; 3],
    pub canvas_label: &'static str,
    pub add_server: &'static str,
    pub remove_server: &'static str,
    pub cpu: &'static str,
    pub queue: &'static str,
    pub p50: &'static str,
    pub p95: &'static str,
    pub throughput: &'static str,
    pub timed_out_per_sec: &'static str,
    pub failed_per_sec: &'static str,
    pub cost_month: &'static str,
    pub per_month: &'static str,
    pub created: &'static str,
    pub served: &'static str,
    pub failed: &'static str,
    pub timed_out: &'static str,
    pub in_flight: &'static str,
    pub requests_so_far: &'static str,
    pub no_data_yet: &'static str,
    pub p95_chart: &'static str,
    pub target: &'static str,
    pub no_servers: &'static str,
    pub apply: &'static str,
    pub not_a_number: &'static str,
    // Chapter 0
    pub your_laptop: &'static str,
    pub the_server: &'static str,
    pub service_name: fn(Service) -> &'static str,
    pub move_to: fn(Place) -> &'static str,
    pub lid_close: &'static str,
    pub lid_open: &'static str,
    pub lid_closed_note: &'static str,
    pub build_time: &'static str,
    pub laptop_cpu: &'static str,
    pub success_rate: &'static str,
    pub exposed: &'static str,
    pub port: &'static str,
    pub nothing_here: &'static str,
    // Messages built from the model
    pub refusal: fn(Refusal) -> String,
    pub event: fn(&EventKind) -> String,
    pub metric_name: fn(crate::sim::Metric) -> &'static str,
}

impl Ui {
    pub fn notice(&self, notice: LoadNotice) -> &'static str {
        match notice {
            LoadNotice::Unreadable => self.notice_unreadable,
            LoadNotice::UnknownVersion => self.notice_unknown_version,
            LoadNotice::PartlyKept => self.notice_partly_kept,
        }
    }
}

/// `1234567` -> `"1,234,567"` (both languages group digits by three).
pub fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A reactive interface string: `{tr(|u| u.play)}`. Every call returns the same closure type,
/// so Leptos renders all of them with one piece of code (separate closures cost kilobytes each).
pub fn tr(pick: fn(&'static Ui) -> &'static str) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || pick(lang.get().ui())
}

fn heading(id: ChapterId, lang: Lang) -> &'static toc::Heading {
    let headings = match lang {
        Lang::Ko => &toc::KO,
        Lang::En => &toc::EN,
    };
    &headings[id.number()]
}

/// The sign of a comparison, as goals are written: `p95 < 150 ms`.
pub fn cmp_symbol(cmp: Cmp) -> &'static str {
    match cmp {
        Cmp::Below => "<",
        Cmp::AtMost => "≤",
        Cmp::AtLeast => "≥",
        Cmp::Above => ">",
    }
}

/// A chapter's title, as the contents and its heading write it.
pub fn title(id: ChapterId, lang: Lang) -> &'static str {
    heading(id, lang).title
}

/// A chapter's one-sentence summary, for the home page's cards.
pub fn summary(id: ChapterId, lang: Lang) -> &'static str {
    heading(id, lang).summary
}
