//! The terminal: the world's scrollback as a log region, a prompt and an input line, history on
//! Up and Down, Tab completion, Ctrl+C and Ctrl+L, and a row of keys for phones.
//!
//! What a command prints comes from the model ([`crate::sim::shell`]); hints under it are
//! worded here in the learner's language. Keyboard users are never trapped: Tab completes only
//! a line with text in it, and after Escape the next Tab moves focus on. Ctrl+C interrupts only
//! when no text is selected (otherwise the browser copies it). The output can take focus, to be
//! scrolled with the keyboard; typing there goes to the input.

use leptos::html::{Div, Input};
use leptos::prelude::*;

use super::lab::Lab;
use super::readout::{flag, live};
use crate::i18n::ssh::ssh_ui;
use crate::i18n::{use_lang, Lang};
use crate::sim::shell::{complete, Completion, History, LineKind};

/// One line of the scrollback, numbered from the first ever printed.
#[derive(Clone, PartialEq)]
struct Shown {
    number: u64,
    kind: LineKind,
    text: String,
}

/// The terminal's own state beside the world: what is typed, the history, what Tab found, and
/// whether Tab leaves (after Escape). One `Copy` value whose methods every handler calls, so each
/// action's code exists once.
#[derive(Clone, Copy)]
struct Term {
    lab: Lab,
    lang: RwSignal<Lang>,
    input: RwSignal<String>,
    history: StoredValue<History>,
    tab_leaves: RwSignal<bool>,
    matches: RwSignal<String>,
    input_ref: NodeRef<Input>,
}

impl Term {
    fn press(self, key: Key) {
        let recalled = match key {
            Key::Tab => return self.complete(),
            Key::Interrupt => {
                self.lab.interrupt(&self.input.get_untracked());
                self.input.set(String::new());
                self.matches.set(String::new());
                return;
            }
            Key::Older => self.history.try_update_value(|h| h.older(&self.input.get_untracked()).map(str::to_string)),
            Key::Newer => self.history.try_update_value(|h| h.newer().map(str::to_string)),
        };
        if let Some(line) = recalled.flatten() {
            self.input.set(line);
        }
    }

    fn complete(self) {
        let line = self.input.get_untracked();
        let (line, found) = match complete(&line, &self.lab.with_untracked(|w| w.completions(&line))) {
            Completion::Nothing => (line, String::new()),
            Completion::Done(line) => (line, String::new()),
            Completion::Several { line, candidates } => {
                (line, (ssh_ui(self.lang.get_untracked()).matches)(&candidates.join("  ")))
            }
        };
        self.input.set(line);
        self.matches.set(found);
    }

    fn submit(self) {
        let line = self.input.get_untracked();
        self.history.update_value(|h| h.push(&line));
        self.input.set(String::new());
        self.matches.set(String::new());
        self.lab.enter(&line);
    }

    fn keydown(self, ev: web_sys::KeyboardEvent) {
        let key = ev.key();
        if key != "Tab" {
            self.tab_leaves.set(false);
        }
        let typed = !self.input.get_untracked().trim().is_empty();
        match key.as_str() {
            "Tab" if !ev.shift_key() && !self.tab_leaves.get_untracked() && typed => self.press(Key::Tab),
            "Escape" => {
                self.tab_leaves.set(true);
                self.matches.set(String::new());
                return;
            }
            "ArrowUp" => self.press(Key::Older),
            "ArrowDown" => self.press(Key::Newer),
            "c" | "C" if ev.ctrl_key() && !text_selected(self.input_ref.get_untracked()) => self.press(Key::Interrupt),
            "l" | "L" if ev.ctrl_key() => self.lab.clear_terminal(),
            _ => return,
        }
        ev.prevent_default();
    }

    fn focus(self) {
        if let Some(el) = self.input_ref.get_untracked() {
            let _ = el.focus();
        }
    }
}

/// The terminal of `lab`'s world, headed by `title` (which machine it is on).
#[component]
pub fn Terminal(lab: Lab, #[prop(into)] title: Signal<String>) -> impl IntoView {
    let lang = use_lang();
    let text = move |pick: fn(&'static crate::i18n::ssh::SshUi) -> &'static str| {
        live(move || pick(ssh_ui(lang.get())).to_string())
    };
    let term = Term {
        lab,
        lang,
        input: RwSignal::new(String::new()),
        history: StoredValue::new(History::default()),
        tab_leaves: RwSignal::new(false),
        matches: RwSignal::new(String::new()),
        input_ref: NodeRef::new(),
    };
    let Term { input, matches, input_ref, tab_leaves, .. } = term;
    let output_ref = NodeRef::<Div>::new();
    // Moves only when lines are printed or cleared, not on every step of the world.
    let printed = Memo::new(move |_| lab.with(|w| w.terminal().map_or((0, 0), |s| (s.printed(), s.lines().len()))));
    let lines = move || {
        printed.get();
        lab.with_untracked(|w| {
            let Some(screen) = w.terminal() else { return Vec::new() };
            let first = screen.printed() - screen.lines().len() as u64;
            (screen.lines().zip(first..))
                .map(|(line, number)| Shown { number, kind: line.kind, text: line.text.clone() })
                .collect::<Vec<_>>()
        })
    };
    let prompt = live(move || {
        printed.get();
        lab.with_untracked(|w| w.prompt())
    });
    Effect::new(move |_| {
        printed.get();
        if let Some(output) = output_ref.get() {
            output.set_scroll_top(output.scroll_height());
        }
    });
    view! {
        <section class="terminal" aria-labelledby="term-title">
            <h3 id="term-title">{title}</h3>
            <div
                class="term-screen"
                tabindex="0"
                node_ref=output_ref
                role="log"
                aria-label=text(|s| s.output)
                data-testid="terminal-output"
                on:click=move |_| {
                    if !text_selected(None) {
                        term.focus();
                    }
                }
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    // Typing with the output focused types into the input, and never reaches the
                    // lab's one-key shortcuts (R would reset the session).
                    if ev.key().chars().count() == 1 && !ev.ctrl_key() && !ev.meta_key() && !ev.alt_key() {
                        ev.stop_propagation();
                        term.focus();
                    }
                }
            >
                <For each=lines key=|line| line.number let:line>
                    <TerminalLine kind=line.kind text=line.text />
                </For>
            </div>
            <form
                class="term-input"
                on:submit=move |ev: web_sys::SubmitEvent| {
                    ev.prevent_default();
                    term.submit();
                }
            >
                <label for="term-input" class="term-prompt">
                    <span aria-hidden="true">{prompt}</span>
                    <span class="visually-hidden">{text(|s| s.command)}</span>
                </label>
                <input
                    id="term-input"
                    node_ref=input_ref
                    type="text"
                    autocomplete="off"
                    autocapitalize="off"
                    spellcheck="false"
                    enterkeyhint="send"
                    data-testid="terminal-input"
                    prop:value=move || input.get()
                    on:input=move |ev| input.set(event_target_value(&ev))
                    on:keydown=move |ev| term.keydown(ev)
                    on:focus=move |_| tab_leaves.set(false)
                />
            </form>
            <p class="term-matches" aria-live="polite" hidden=flag(move || matches.get().is_empty())>
                {move || matches.get()}
            </p>
            <div class="term-keys" role="group" aria-label=text(|s| s.keys_label)>
                {[(Key::Tab, "Tab"), (Key::Older, "↑"), (Key::Newer, "↓"), (Key::Interrupt, "Ctrl+C")]
                    .map(|(key, label)| key_button(label, key, term))}
            </div>
            <p class="note">{text(|s| s.keys_help)}</p>
        </section>
    }
}

/// The keys of the phone's key row.
#[derive(Clone, Copy)]
enum Key {
    Tab,
    Older,
    Newer,
    Interrupt,
}

/// A key of the phone's key row: pressing it leaves focus in the input (no focus change on
/// press), then it acts.
fn key_button(label: &'static str, key: Key, term: Term) -> impl IntoView {
    view! {
        <button
            type="button"
            on:mousedown=|ev| ev.prevent_default()
            on:click=move |_| {
                term.press(key);
                term.focus();
            }
        >
            {label}
        </button>
    }
}

/// One scrollback line; a hint is worded in the learner's language.
#[component]
fn TerminalLine(kind: LineKind, text: String) -> impl IntoView {
    let lang = use_lang();
    let class = match kind {
        LineKind::Typed => "typed",
        LineKind::Output => "out",
        LineKind::Error => "err",
        LineKind::Hint(_) => "hint",
    };
    let shown = live(move || match kind {
        LineKind::Hint(hint) => (ssh_ui(lang.get()).hint)(hint).to_string(),
        _ => text.clone(),
    });
    view! { <div class=class>{shown}</div> }
}

/// Whether text is selected in the page, or inside `input`.
fn text_selected(input: Option<web_sys::HtmlInputElement>) -> bool {
    let in_input = input
        .is_some_and(|el| matches!((el.selection_start(), el.selection_end()), (Ok(Some(a)), Ok(Some(b))) if a != b));
    let in_page =
        window().get_selection().ok().flatten().and_then(|s| s.to_string().as_string()).is_some_and(|s| !s.is_empty());
    in_input || in_page
}
