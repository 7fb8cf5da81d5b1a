//! Controls every lab shares: a [`Panel`] that sends a group's actions and says what the model
//! refused, and a [`NumberField`] for a figure the learner types. One type each, so their view
//! code exists once in the wasm whichever chapters use them.

use leptos::prelude::*;

use crate::i18n::{use_lang, Lang};
use crate::sim::traffic::ServerFarm;
use crate::sim::{Action, Refusal, World};
use crate::ui::lab::Lab;
use crate::ui::readout::live;

/// What a message line says: kept as what happened and worded when shown, so a switch of
/// language rewords it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Said {
    Refused(Refusal),
    NotANumber,
}

impl Said {
    fn words(self, lang: Lang) -> String {
        match self {
            Said::Refused(refusal) => (lang.ui().refusal)(refusal),
            Said::NotANumber => lang.ui().not_a_number.to_string(),
        }
    }
}

/// A group of controls: the lab its actions go to, and the message line that says what the
/// model refused or what could not be read.
#[derive(Clone, Copy)]
pub struct Panel {
    pub lab: Lab,
    pub message: RwSignal<Option<Said>>,
}

impl Panel {
    pub fn new(lab: Lab) -> Panel {
        Panel { lab, message: RwSignal::new(None) }
    }

    /// Applies an action, and shows the model's refusal (or clears the line).
    pub fn send(self, action: Action) {
        self.message.set(self.lab.apply(action).err().map(Said::Refused));
    }

    /// Reads `text` as a whole number and sends the action it makes, or says it is not one.
    pub fn send_number(self, text: &str, action: impl FnOnce(&World, u32) -> Action) {
        match text.trim().parse::<u32>() {
            Ok(value) => self.send(self.lab.with_untracked(|w| action(w, value))),
            Err(_) => self.message.set(Some(Said::NotANumber)),
        }
    }

    /// A figure the farm is set to, read again whenever the world records something (every
    /// action does), never on every frame.
    pub fn setting(self, default: u32, read: fn(&ServerFarm) -> u32) -> Memo<u32> {
        let lab = self.lab;
        Memo::new(move |_| lab.with_record(|w| w.farm().map_or(default, read)))
    }

    /// The message line: read out politely, empty when there is nothing to say.
    pub fn message_line(self, testid: &'static str) -> impl IntoView {
        let lang = use_lang();
        let message = self.message;
        view! {
            <p class="lb-message" role="status" data-testid=testid>
                {live(move || message.get().map(|said| said.words(lang.get())).unwrap_or_default())}
            </p>
        }
    }
}

/// A labelled number box showing `value`; a change (Enter, or leaving the box) sends the
/// action it makes for `key` (a server, a setting, or nothing) from the world as it is (so one
/// field of several that go together can send them all), or says the text is not a number.
/// Every number box of chapters 5 and 6 is this one type.
pub struct NumberField {
    /// Read by screen readers; the slider beside it or the column heading says it to the eye.
    pub label: Signal<String>,
    pub testid: String,
    pub range: (u32, u32),
    pub value: Memo<u32>,
    pub key: u32,
    pub action: fn(&World, u32, u32) -> Action,
}

impl NumberField {
    pub fn view(self, panel: Panel) -> impl IntoView {
        let NumberField { label, testid, range: (min, max), value, key, action } = self;
        view! {
            <label class="lb-number">
                <span class="visually-hidden">{label}</span>
                <input
                    type="number"
                    inputmode="numeric"
                    min=min
                    max=max
                    step="1"
                    data-testid=testid
                    prop:value=live(move || value.get().to_string())
                    on:change=move |ev| {
                        // Whatever was not applied leaves the box: it shows the model's figure,
                        // and the message line says why.
                        panel.send_number(&event_target_value(&ev), |w, v| action(w, key, v));
                        if panel.message.with_untracked(Option::is_some) {
                            event_target::<web_sys::HtmlInputElement>(&ev).set_value(&value.get_untracked().to_string());
                        }
                    }
                />
            </label>
        }
    }
}
