//! Chapter 7, SSH: a terminal on the laptop, beside a diagram of the connection (the SSH
//! session on port 22 next to users' HTTPS on port 443, and the handshake's steps with how far
//! the latest attempt got), the provider's console (the server's port 22, and rebuilding the
//! server), the deploy's figures and the event log.
//!
//! Typed lines go to the world ([`Lab::enter`]); the console's changes are [`Action`]s. Every
//! figure comes from [`SshLab`].

use leptos::prelude::*;

use crate::course::{Challenge, ChapterId};
use crate::i18n::ssh::{ssh_ui, SshUi};
use crate::i18n::use_lang;
use crate::sim::net::lab::Host;
use crate::sim::shell::ssh::{SshLab, Stage, StageState, SSH_PORT};
use crate::sim::{Action, Metric};
use crate::ui::chapter::ChapterPage;
use crate::ui::feed::EventFeed;
use crate::ui::lab::Lab;
use crate::ui::player::Transport;
use crate::ui::readout::{live, MetricFigure};
use crate::ui::terminal::Terminal;

#[component]
pub fn SshChapter(transport: Transport, challenge: Challenge) -> impl IntoView {
    view! {
        <ChapterPage id=ChapterId::Ssh transport=transport challenge=challenge>
            <div class="ssh-lab">
                <Terminal lab=transport.lab title=str_of(|s| s.terminal) />
                <div class="ssh-side">
                    <Connection lab=transport.lab />
                    <Console lab=transport.lab />
                    <DeployFigures lab=transport.lab />
                    <EventFeed lab=transport.lab />
                </div>
            </div>
        </ChapterPage>
    }
}

/// A string of the lab in the learner's language, as a signal.
fn str_of(pick: fn(&'static SshUi) -> &'static str) -> Signal<String> {
    let lang = use_lang();
    live(move || pick(ssh_ui(lang.get())).to_string())
}

/// Reads the lab's model, re-running when the world changes.
fn read<T: Default>(lab: Lab, f: impl FnOnce(&SshLab) -> T) -> T {
    lab.with(|w| w.ssh().map(f).unwrap_or_default())
}

/// The machines, the two kinds of traffic, and the handshake's steps.
#[component]
fn Connection(lab: Lab) -> impl IntoView {
    let lang = use_lang();
    let connected = move || read(lab, SshLab::on_server);
    let state_of = move |stage: Stage| {
        read(lab, |l| {
            l.handshake().map_or(0, |h| match stage.cmp(&h.stage) {
                std::cmp::Ordering::Less => 1,
                std::cmp::Ordering::Greater => 0,
                std::cmp::Ordering::Equal => match h.state {
                    StageState::Passed => 1,
                    StageState::Failed => 2,
                    StageState::Asking => 3,
                },
            })
        })
    };
    const STATES: [&str; 4] = ["none", "passed", "failed", "asking"];
    view! {
        <section class="ssh-connection" aria-labelledby="ssh-diagram-title">
            <h3 id="ssh-diagram-title">{str_of(|s| s.diagram_title)}</h3>
            <svg viewBox="0 0 320 130" class="ssh-diagram" aria-hidden="true" data-connected=move || connected().to_string()>
                <rect x="4" y="10" width="100" height="44" rx="6" class="box" />
                <text x="54" y="37" text-anchor="middle">{str_of(|s| s.laptop)}</text>
                <rect x="216" y="40" width="100" height="50" rx="6" class="box" />
                <text x="266" y="69" text-anchor="middle">"web-1"</text>
                <rect x="4" y="80" width="100" height="44" rx="6" class="box" />
                <text x="54" y="107" text-anchor="middle">{str_of(|s| s.users)}</text>
                <line x1="104" y1="32" x2="216" y2="58" class="lane ssh" />
                <text x="160" y="34" text-anchor="middle" class="lane-label">"SSH :22"</text>
                <line x1="104" y1="102" x2="216" y2="76" class="lane https" />
                <text x="160" y="110" text-anchor="middle" class="lane-label">"HTTPS :443"</text>
            </svg>
            <p class="ssh-lanes">
                {str_of(|s| s.laptop)} " (192.168.0.20) → " {str_of(|s| s.server)} ": " {str_of(|s| s.ssh_lane)} ". "
                {str_of(|s| s.users)} " → web-1: " {str_of(|s| s.https_lane)} "."
            </p>
            <p class="ssh-session" data-testid="ssh-session">
                {move || {
                    let s = ssh_ui(lang.get());
                    if connected() { s.connected } else { s.not_connected }
                }}
            </p>
            <ol class="ssh-stages" data-testid="ssh-stages">
                {Stage::ALL
                    .into_iter()
                    .map(|stage| {
                        view! {
                            <li data-state=move || STATES[state_of(stage)]>
                                {move || (ssh_ui(lang.get()).stages)(stage)}
                                ": "
                                {move || ssh_ui(lang.get()).stage_states[state_of(stage)]}
                            </li>
                        }
                    })
                    .collect_view()}
            </ol>
        </section>
    }
}

/// The provider's console: the server's port 22 and rebuilding the server.
#[component]
fn Console(lab: Lab) -> impl IntoView {
    let open = move || read(lab, |l| l.port_open(SSH_PORT));
    view! {
        <section class="ssh-console" aria-labelledby="ssh-console-title">
            <h3 id="ssh-console-title">{str_of(|s| s.console)}</h3>
            <label>
                <input
                    type="checkbox"
                    data-testid="ssh-port-22"
                    prop:checked=open
                    on:change=move |ev| {
                        let open = event_target_checked(&ev);
                        let _ = lab.apply(Action::SetFirewall { host: Host::Rented, port: SSH_PORT, open });
                    }
                />
                " "
                {str_of(|s| s.port_22_open)}
            </label>
            <button type="button" data-testid="ssh-rebuild" on:click=move |_| _ = lab.apply(Action::RebuildServer)>
                {str_of(|s| s.rebuild)}
            </button>
            <p class="note">{str_of(|s| s.rebuild_note)}</p>
        </section>
    }
}

/// The deploy's figures: the version running, whether it was verified, whether a new login is
/// possible, and how long the latest ssh waited.
#[component]
fn DeployFigures(lab: Lab) -> impl IntoView {
    let lang = use_lang();
    let yes_no = move |metric: Metric| {
        live(move || {
            let s = ssh_ui(lang.get());
            let on = lab.with_record(|w| w.latest(metric)).is_some_and(|v| v >= 100.0);
            (if on { s.yes } else { s.no }).to_string()
        })
    };
    let version = live(move || lab.with_record(|w| w.ssh().map(|l| l.running().to_string()).unwrap_or_default()));
    view! {
        <dl class="figures">
            <div>
                <dt>{str_of(|s| s.version_running)}</dt>
                <dd data-testid="ssh-version">{version}</dd>
            </div>
            <div>
                <dt>{str_of(|s| s.deploy_verified)}</dt>
                <dd data-testid="ssh-deployed">{yes_no(Metric::DeployVerified)}</dd>
            </div>
            <div>
                <dt>{str_of(|s| s.login_possible)}</dt>
                <dd data-testid="ssh-login">{yes_no(Metric::SshLoginPossible)}</dd>
            </div>
            <MetricFigure lab=lab metric=Metric::SshWaitMs testid="ssh-waited" />
        </dl>
    }
}
