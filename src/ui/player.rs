//! The sim player: Play/Pause, Step, +1 s, Reset and speed, driven by animation frames.
//!
//! The learner's choice (playing or paused) is kept apart from whether frames may run now: a
//! hidden tab stops the frame loop without touching the choice. Under reduced motion the player
//! starts paused. Real time goes through a [`FrameClock`], so only whole steps ever run.

use super::frames::run_frames;
use super::lab::Lab;
use super::readout::{fixed, live};
use crate::i18n::{tr, ui};
use crate::sim::clock::{FrameClock, SPEEDS, STEPS_PER_SECOND};
use leptos::prelude::*;

/// Labels of [`SPEEDS`], in the same order.
const SPEED_LABELS: [&str; 5] = ["0.25×", "0.5×", "1×", "2×", "4×"];

/// What the player controls; shortcuts and buttons both go through it.
#[derive(Clone, Copy)]
pub struct Transport {
    pub lab: Lab,
    pub playing: RwSignal<bool>,
    clock: StoredValue<FrameClock>,
    speed: RwSignal<f64>,
}

impl Transport {
    pub fn new(lab: Lab, playing: bool) -> Self {
        Transport {
            lab,
            playing: RwSignal::new(playing),
            clock: StoredValue::new(FrameClock::default()),
            speed: RwSignal::new(1.0),
        }
    }

    pub fn toggle(&self) {
        self.playing.update(|p| *p = !*p);
        self.clock.update_value(FrameClock::clear);
    }

    /// Exactly one step.
    pub fn step(&self) {
        self.lab.run_steps(1);
    }

    /// One simulated second, in whole steps.
    pub fn step_second(&self) {
        self.lab.run_steps(STEPS_PER_SECOND);
    }

    pub fn reset(&self) {
        self.clock.update_value(FrameClock::clear);
        self.lab.reset();
    }

    pub fn speed(&self) -> f64 {
        self.speed.get()
    }

    /// Sets one of [`SPEEDS`]; anything else is ignored.
    pub fn set_speed(&self, speed: f64) {
        let accepted = self.clock.try_update_value(|c| c.set_speed(speed).is_ok()).unwrap_or(false);
        if accepted {
            self.speed.set(speed);
        }
    }

    /// One animation frame after `real_ms` of real time: runs the steps that are due.
    pub fn frame(&self, real_ms: f64) {
        if !self.playing.get_untracked() {
            return;
        }
        let steps = self.clock.try_update_value(|c| c.advance(real_ms)).unwrap_or(0);
        self.lab.run_steps(u64::from(steps));
    }
}

/// Play/Pause, Step, +1 s, Reset, speed and the clock readout.
#[component]
pub fn Player(transport: Transport) -> impl IntoView {
    let ui = ui();
    run_frames(transport.playing.into(), move |real_ms| transport.frame(real_ms));
    let seconds = move || transport.lab.with(|w| format!("{} s", fixed(w.seconds(), 2)));
    view! {
        <div class="player" role="group" aria-label=tr(|u| u.player_label)>
            <button
                type="button"
                class="player-play"
                data-testid="play"
                aria-pressed=live(move || transport.playing.get().to_string())
                on:click=move |_| transport.toggle()
            >
                <span aria-hidden="true">{live(move || if transport.playing.get() { "❚❚ " } else { "▶ " }.to_string())}</span>
                {live(move || if transport.playing.get() { ui.get().pause } else { ui.get().play }.to_string())}
            </button>
            <button type="button" data-testid="step" on:click=move |_| transport.step()>
                {tr(|u| u.step)}
            </button>
            <button type="button" data-testid="step-second" on:click=move |_| transport.step_second()>
                {tr(|u| u.step_second)}
            </button>
            <button type="button" data-testid="reset" on:click=move |_| transport.reset()>
                {tr(|u| u.reset)}
            </button>
            <label class="player-speed">
                {tr(|u| u.speed)}
                " "
                <select
                    data-testid="speed"
                    on:change=move |ev| {
                        if let Some(speed) = event_target_value(&ev).parse::<usize>().ok().and_then(|i| SPEEDS.get(i)) {
                            transport.set_speed(*speed);
                        }
                    }
                >
                    {SPEEDS
                        .iter()
                        .zip(SPEED_LABELS)
                        .enumerate()
                        .map(|(i, (s, label))| {
                            let s = *s;
                            view! {
                                <option value=i.to_string() selected=move || transport.speed() == s>
                                    {label}
                                </option>
                            }
                        })
                        .collect_view()}
                </select>
            </label>
            <p class="player-time">
                {tr(|u| u.sim_time)}
                ": "
                <output data-testid="sim-time">{seconds}</output>
            </p>
        </div>
    }
}

/// Whether the learner prefers reduced motion (the player then starts paused). Read straight
/// from the media query: the reactive helper only learns the value after the first render.
pub fn prefers_reduced_motion() -> bool {
    window().match_media("(prefers-reduced-motion: reduce)").ok().flatten().is_some_and(|m| m.matches())
}
