//! The event feed: the last few things that happened, and a polite live region that reads the
//! newest ones (all those of the latest moment) to screen-reader users.

use leptos::prelude::*;

use super::lab::Lab;
use super::readout::{fixed, flag, live};
use crate::i18n::{tr, ui};

const SHOWN: usize = 5;

#[component]
pub fn EventFeed(lab: Lab) -> impl IntoView {
    let ui = ui();
    let recent = move || {
        lab.with_record(|w| {
            w.events().newest_first().take(SHOWN).map(|e| (e.at_ms, (ui.get().event)(&e.kind))).collect::<Vec<_>>()
        })
    };
    // Everything that happened at the newest moment, oldest first: a node's last failed check
    // and its removal from the pool come together, and both are read.
    let newest = Memo::new(move |_| {
        let mut said: Option<(u64, String)> = None;
        for (at, text) in recent() {
            said = match said {
                None => Some((at, text)),
                Some((moment, later)) if moment == at => Some((at, text + " " + &later)),
                Some(_) => break,
            };
        }
        said.map(|(_, text)| text)
    });
    view! {
        <section class="feed" aria-labelledby="feed-title">
            <h3 id="feed-title">{tr(|u| u.events)}</h3>
            <p class="empty" hidden=flag(move || lab.with_record(|w| w.events().total() > 0))>{tr(|u| u.no_events)}</p>
            <ol class="feed-list" data-testid="events">
                {move || {
                    recent()
                        .into_iter()
                        .map(|(at_ms, text)| {
                            view! {
                                <li>
                                    <span class="feed-time">{format!("{} s", fixed(at_ms as f64 / 1000.0, 1))}</span>
                                    " "
                                    {text}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ol>
            <p class="visually-hidden" aria-live="polite" data-testid="live-region">
                {live(move || newest.get().unwrap_or_default())}
            </p>
        </section>
    }
}
