//! A challenge's optimum, searched for in slices between frames once the chapter is shown.
//!
//! The model's search ([`OptimumSearch`]) never reads a clock: it does a bounded amount of work
//! per call. This view-side loop measures real time and yields to the browser (a zero-length
//! gloo-timers timeout) whenever a slice has run for [`SLICE_MS`], so the player, the controls
//! and the animation keep answering while a teacher's heavy goal is searched. The loop ends by
//! itself when the chapter is left (its signal is gone).

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;

use crate::sim::optimum::{OptimumSearch, SearchProgress, SLICE_WORK};

/// The longest a slice runs before the browser gets the thread back, in milliseconds.
const SLICE_MS: f64 = 16.0;

fn now_ms() -> f64 {
    window().performance().map_or_else(js_sys::Date::now, |p| p.now())
}

/// Where `search` has got, updated after every slice. A search answered when it was made (the
/// placement chapters') is there at once, with no task spawned.
pub fn search_in_slices(mut search: OptimumSearch) -> ReadSignal<SearchProgress> {
    if let OptimumSearch::Done(answer) = search {
        return signal(answer).0;
    }
    let (progress, set_progress) = signal(SearchProgress::Searching);
    leptos::task::spawn_local(async move {
        loop {
            // Let the chapter paint and answer input before (and between) slices.
            TimeoutFuture::new(0).await;
            let start = now_ms();
            let mut reached = search.advance(SLICE_WORK);
            while reached == SearchProgress::Searching && now_ms() - start < SLICE_MS {
                reached = search.advance(SLICE_WORK);
            }
            let finished = reached != SearchProgress::Searching;
            // `try_set` hands the value back when the chapter, and so the signal, is gone.
            if set_progress.try_set(reached).is_some() || finished {
                return;
            }
        }
    });
    progress
}
