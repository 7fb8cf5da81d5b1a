//! Chapters 2 and 3, virtual machines and containers: the placement lab. A shelf of services
//! and a rack of hosts; services are dragged (mouse, pen or finger, through pointer events) or
//! chosen with the keyboard onto a host, and every host draws its layers so a VM's own guest OS
//! and a container's shared kernel are visible at a glance.
//!
//! The view keeps no state of its own about where services are: every placement goes through
//! `Action::Place`/`Unplace` and the view redraws from the model, so a fast series of drags can
//! never duplicate or lose a service.

use gloo_timers::callback::Interval;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::course::{Challenge, ChapterId};
use crate::i18n::rack::RackUi;
use crate::i18n::{use_lang, Lang};
use crate::sim::host::catalog::SERVER;
use crate::sim::host::{HostId, HostKind, HostLoad, ServiceId, ServiceKind, Status};
use crate::sim::{Action, Metric, Refusal};
use crate::ui::chapter::ChapterPage;
use crate::ui::feed::EventFeed;
use crate::ui::lab::Lab;
use crate::ui::player::Transport;
use crate::ui::readout::{fixed, flag, format_metric, latest_figure, live};

#[component]
pub fn PlacementChapter(id: ChapterId, transport: Transport, challenge: Challenge) -> impl IntoView {
    view! {
        <ChapterPage id=id transport=transport challenge=challenge>
            <PlacementLab lab=transport.lab />
        </ChapterPage>
    }
}

/// Picks one lab string.
type Label = fn(&'static RackUi) -> &'static str;

/// A reactive lab string.
fn rtr(pick: Label) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let lang = use_lang();
    move || pick(lang.get().rack())
}

/// The lab strings of the current language, reactively.
fn rack_ui() -> Signal<&'static RackUi> {
    let lang = use_lang();
    Signal::derive(move || lang.get().rack())
}

/// What the learner is doing with the pointer or keyboard; where services are lives in the model.
#[derive(Clone, Copy)]
struct Hand {
    lab: Lab,
    /// Read in event handlers, which run outside the component tree's context.
    lang: RwSignal<Lang>,
    /// A service chosen by click or keyboard, waiting for a host.
    selected: RwSignal<Option<ServiceId>>,
    /// A service being dragged, where the pointer is, and the host under it.
    drag: RwSignal<Option<Drag>>,
    /// A pointer pressed on a service that may become a drag.
    press: StoredValue<Option<Press>>,
    /// The last refusal or drop message, shown and read out.
    message: RwSignal<Option<String>>,
    /// The host that holds the keyboard focus in the rack (roving tabindex).
    focus: RwSignal<Option<HostId>>,
    /// Scrolls the page while a drag rests near the top or bottom of the window.
    /// The timer that scrolls while a drag rests at an edge; dropping it stops it.
    edge_scroll: StoredValue<Option<Interval>, LocalStorage>,
}

#[derive(Clone, Copy, PartialEq)]
struct Drag {
    service: ServiceId,
    x: i32,
    y: i32,
    over: Option<HostId>,
}

#[derive(Clone, Copy)]
struct Press {
    service: ServiceId,
    pointer: i32,
    x: i32,
    y: i32,
    dragging: bool,
}

/// A pointer must move this far (CSS px) before a press becomes a drag; less is a click.
const DRAG_THRESHOLD_PX: i32 = 6;

impl Hand {
    fn act(self, action: Action) -> Result<(), Refusal> {
        let result = self.lab.apply(action);
        let lang = self.lang.get_untracked();
        self.message.set(result.err().map(|r| (lang.ui().refusal)(r)));
        result
    }

    fn place(self, service: ServiceId, host: HostId) {
        if self.act(Action::Place { service, host }).is_ok() {
            self.selected.set(None);
        }
    }

    fn is_placed(self, service: ServiceId) -> bool {
        self.lab.with_untracked(|w| w.rack().and_then(|r| r.service(service)).is_some_and(|s| s.host.is_some()))
    }

    fn shelve(self, service: ServiceId) {
        if self.is_placed(service) && self.act(Action::Unplace { service }).is_ok() {
            self.selected.set(None);
        }
    }

    /// Where a drag ends: a host places the service; anywhere else sends it back to the shelf.
    fn drop_at(self, service: ServiceId, over: Option<HostId>) {
        match over {
            Some(host) => self.place(service, host),
            None if self.is_placed(service) => self.shelve(service),
            None => {
                let rack = self.lang.get_untracked().rack();
                self.message.set(Some((rack.drop_outside)((rack.service_name)(kind_of(self.lab, service)))));
            }
        }
    }

    /// Keeps scrolling while a drag rests near the top or bottom edge, so far-off hosts come into
    /// reach (a finger cannot scroll while it carries a service); stops when it moves away.
    fn follow_edge(self, y: i32) {
        let direction = edge_direction(y);
        match (direction, self.edge_scroll.with_value(Option::is_some)) {
            (0, true) => self.stop_edge(),
            (0, false) | (_, true) => {}
            (direction, false) => {
                let scroll = move || {
                    window().scroll_by_with_x_and_y(0.0, f64::from(16 * direction));
                    self.drag.update(|drag| {
                        if let Some(drag) = drag {
                            drag.over = host_at(drag.x, drag.y);
                        }
                    });
                };
                self.edge_scroll.set_value(Some(Interval::new(30, scroll)));
            }
        }
    }

    /// Safe to call at any time, also while the component is being torn down.
    fn stop_edge(self) {
        // Dropping the timer cancels it.
        self.edge_scroll.try_update_value(Option::take);
    }

    fn toggle_selected(self, service: ServiceId) {
        self.selected.update(|s| *s = if *s == Some(service) { None } else { Some(service) });
        if self.selected.get_untracked().is_some() {
            focus_host(self.focus.get_untracked().or_else(|| first_host(self.lab)));
        }
    }
}

fn kind_of(lab: Lab, service: ServiceId) -> ServiceKind {
    lab.with_untracked(|w| w.rack().and_then(|r| r.service(service)).map_or(ServiceKind::WebApp, |s| s.kind))
}

fn first_host(lab: Lab) -> Option<HostId> {
    lab.with_untracked(|w| w.rack().and_then(|r| r.hosts().first().map(|h| h.id)))
}

fn focus_host(host: Option<HostId>) {
    let Some(host) = host else { return };
    if let Some(el) = document()
        .query_selector(&format!("[data-host-card=\"{host}\"]"))
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Which way a drag at height `y` should scroll the page: up (-1) near the top of the window,
/// down (1) near the bottom, else not (0).
fn edge_direction(y: i32) -> i32 {
    const EDGE_PX: i32 = 48;
    let height = window().inner_height().ok().and_then(|h| h.as_f64()).unwrap_or(0.0) as i32;
    if y < EDGE_PX {
        -1
    } else if y > height - EDGE_PX {
        1
    } else {
        0
    }
}

/// The host under a point on screen, if any.
fn host_at(x: i32, y: i32) -> Option<HostId> {
    let el = document().element_from_point(x as f32, y as f32)?;
    let host = el.closest("[data-host]").ok().flatten()?;
    host.get_attribute("data-host")?.parse().ok()
}

#[component]
pub fn PlacementLab(lab: Lab) -> impl IntoView {
    let hand = Hand {
        lab,
        lang: use_lang(),
        selected: RwSignal::new(None),
        drag: RwSignal::new(None),
        press: StoredValue::new(None),
        message: RwSignal::new(None),
        focus: RwSignal::new(None),
        edge_scroll: StoredValue::new_local(None),
    };
    on_cleanup(move || hand.stop_edge());
    let r = rack_ui();
    let offered = lab.with_untracked(|w| w.rack().map(|r| r.scenario().offered.clone()).unwrap_or_default());
    let add_buttons = offered
        .into_iter()
        .map(|kind| {
            view! {
                <button
                    type="button"
                    data-testid=format!("add-host-{}", kind_slug(kind))
                    on:click=move |_| {
                        let _ = hand.act(Action::AddHost { kind });
                    }
                >
                    {live(move || (r.get().add_host)((r.get().kind_name)(kind)))}
                </button>
            }
        })
        .collect_view();
    let host_ids = Memo::new(move |_| {
        lab.with(|w| w.rack().map(|r| r.hosts().iter().map(|h| h.id).collect::<Vec<_>>()).unwrap_or_default())
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        let Some(card) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.get_attribute("data-host-card"))
            .and_then(|a| a.parse::<HostId>().ok())
        else {
            return;
        };
        let ids = host_ids.get_untracked();
        let at = ids.iter().position(|h| *h == card).unwrap_or(0);
        let target = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => ids.get((at + 1).min(ids.len().saturating_sub(1))).copied(),
            "ArrowLeft" | "ArrowUp" => ids.get(at.saturating_sub(1)).copied(),
            "Home" => ids.first().copied(),
            "End" => ids.last().copied(),
            "Enter" | " " => {
                if let Some(service) = hand.selected.get_untracked() {
                    hand.place(service, card);
                }
                None
            }
            "Delete" | "Backspace" => {
                if let Some(service) = hand.selected.get_untracked() {
                    hand.shelve(service);
                }
                None
            }
            "Escape" => {
                hand.selected.set(None);
                None
            }
            _ => return,
        };
        ev.prevent_default();
        if target.is_some() {
            hand.focus.set(target);
            focus_host(target);
        }
    };
    let selected_name = live(move || {
        hand.selected.get().map(|s| (r.get().selected)((r.get().service_name)(kind_of(lab, s)))).unwrap_or_default()
    });
    view! {
        <div class="placement" class:dragging=flag(move || hand.drag.get().is_some())>
            <Shelf hand=hand />
            <div class="selection" hidden=flag(move || hand.selected.get().is_none())>
                <p data-testid="selection">{selected_name}</p>
                <button type="button" on:click=move |_| hand.selected.set(None)>{rtr(|r| r.cancel)}</button>
            </div>
            <p class="input-error" data-testid="placement-message" aria-live="polite">{live(move || hand.message.get().unwrap_or_default())}</p>
            <div class="add-hosts">{add_buttons}</div>
            <h3 class="visually-hidden" id="rack-title">{rtr(|r| r.rack)}</h3>
            <ul class="hosts" aria-labelledby="rack-title" data-testid="hosts" on:keydown=on_keydown>
                <For each=move || host_ids.get() key=|id| *id let(id)>
                    <HostCard hand=hand id=id />
                </For>
            </ul>
            <RackTotals lab=lab />
            <EventFeed lab=lab />
            <DragGhost hand=hand />
        </div>
    }
}

fn kind_slug(kind: HostKind) -> &'static str {
    match kind {
        HostKind::BareMetal => "bare-metal",
        HostKind::Hypervisor => "hypervisor",
        HostKind::HostedHypervisor => "hosted-hypervisor",
        HostKind::ContainerEngine => "container-engine",
    }
}

fn service_slug(kind: ServiceKind) -> &'static str {
    match kind {
        ServiceKind::WebApp => "web-app",
        ServiceKind::Api => "api",
        ServiceKind::Database => "database",
        ServiceKind::Cache => "cache",
        ServiceKind::BatchJob => "batch-job",
        ServiceKind::Search => "search",
        ServiceKind::Reports => "reports",
    }
}

/// The services not placed yet. Dropping a placed service here (or anywhere off a host) sends
/// it back.
#[component]
fn Shelf(hand: Hand) -> impl IntoView {
    let lab = hand.lab;
    let ids = Memo::new(move |_| {
        lab.with(|w| {
            w.rack()
                .map(|r| {
                    (0..r.services().len() as ServiceId)
                        .filter(|i| r.services()[usize::from(*i)].host.is_none())
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    view! {
        <section class="shelf" aria-labelledby="shelf-title" data-testid="shelf">
            <h3 id="shelf-title">{rtr(|r| r.shelf)}</h3>
            <p class="how">{rtr(|r| r.how_to_place)}</p>
            <p class="empty" hidden=flag(move || !ids.with(Vec::is_empty))>{rtr(|r| r.shelf_empty)}</p>
            <ul class="chips">
                <For each=move || ids.get() key=|id| *id let(id)>
                    <li>
                        <ServiceChip hand=hand id=id />
                    </li>
                </For>
            </ul>
        </section>
    }
}

/// A service as a button: click or Enter selects it; a pointer drag carries it; Delete sends it
/// back to the shelf.
#[component]
fn ServiceChip(hand: Hand, id: ServiceId) -> impl IntoView {
    let r = rack_ui();
    let kind = kind_of(hand.lab, id);
    // Leptos delegates events to the document, so the element to capture the pointer is taken
    // from a node reference, not from the event.
    let chip = NodeRef::<leptos::html::Button>::new();
    let on_pointerdown = move |ev: web_sys::PointerEvent| {
        if ev.button() != 0 {
            return;
        }
        if let Some(el) = chip.get_untracked() {
            let _ = el.set_pointer_capture(ev.pointer_id());
        }
        hand.press.set_value(Some(Press {
            service: id,
            pointer: ev.pointer_id(),
            x: ev.client_x(),
            y: ev.client_y(),
            dragging: false,
        }));
    };
    let on_pointermove = move |ev: web_sys::PointerEvent| {
        let Some(mut press) = hand.press.get_value().filter(|p| p.pointer == ev.pointer_id()) else { return };
        let (x, y) = (ev.client_x(), ev.client_y());
        if !press.dragging && (x - press.x).abs().max((y - press.y).abs()) < DRAG_THRESHOLD_PX {
            return;
        }
        press.dragging = true;
        hand.press.set_value(Some(press));
        ev.prevent_default();
        hand.follow_edge(y);
        hand.drag.set(Some(Drag { service: press.service, x, y, over: host_at(x, y) }));
    };
    let on_pointerup = move |ev: web_sys::PointerEvent| {
        let Some(press) = hand.press.get_value().filter(|p| p.pointer == ev.pointer_id()) else { return };
        hand.press.set_value(None);
        hand.drag.set(None);
        hand.stop_edge();
        if press.dragging {
            hand.drop_at(press.service, host_at(ev.client_x(), ev.client_y()));
        } else {
            hand.toggle_selected(press.service);
        }
    };
    let on_pointercancel = move |_| {
        hand.press.set_value(None);
        hand.drag.set(None);
        hand.stop_edge();
    };
    // A click that did not come from a pointer press (Enter or Space on the button).
    let on_click = move |ev: web_sys::MouseEvent| {
        if ev.detail() == 0 {
            hand.toggle_selected(id);
        }
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if matches!(ev.key().as_str(), "Delete" | "Backspace") {
            ev.prevent_default();
            hand.shelve(id);
        }
    };
    view! {
        <button
            type="button"
            class="chip"
            node_ref=chip
            data-service=service_slug(kind)
            data-testid=format!("service-{}", service_slug(kind))
            aria-pressed=live(move || (hand.selected.get() == Some(id)).to_string())
            class:lifted=flag(move || hand.drag.get().is_some_and(|d| d.service == id))
            on:pointerdown=on_pointerdown
            on:pointermove=on_pointermove
            on:pointerup=on_pointerup
            on:pointercancel=on_pointercancel
            on:click=on_click
            on:keydown=on_keydown
        >
            {live(move || (r.get().service_name)(kind).to_string())}
        </button>
    }
}

/// What a host card shows, compared so the DOM changes only when it does.
#[derive(Clone, PartialEq)]
struct HostView {
    kind: HostKind,
    limits: bool,
    rebooting: bool,
    load: HostLoad,
    services: Vec<ServiceId>,
}

#[component]
fn HostCard(hand: Hand, id: HostId) -> impl IntoView {
    let lab = hand.lab;
    let r = rack_ui();
    let state = Memo::new(move |_| {
        lab.with(|w| {
            w.rack().and_then(|rack| {
                let host = rack.hosts().iter().find(|h| h.id == id)?;
                Some(HostView {
                    kind: host.kind,
                    limits: host.limits,
                    rebooting: host.down_until_ms.is_some(),
                    load: rack.load(id).unwrap_or_default(),
                    services: rack.on_host(id),
                })
            })
        })
    });
    let kind = state.with_untracked(|s| s.as_ref().map_or(HostKind::BareMetal, |s| s.kind));
    let load = move || state.with(|s| s.as_ref().map(|s| s.load).unwrap_or_default());
    let services = move || state.with(|s| s.as_ref().map(|s| s.services.clone()).unwrap_or_default());
    let tabindex = live(move || {
        let current =
            hand.focus.get().filter(|f| lab.with_untracked(|w| w.rack().is_some_and(|r| r.load(*f).is_some())));
        if current.unwrap_or_else(|| first_host(lab).unwrap_or(0)) == id { "0" } else { "-1" }.to_string()
    });
    let label = live(move || format!("{} · {}", (r.get().host_name)(id), (r.get().kind_name)(kind)));
    let cpu_text = live(move || {
        let l = load();
        format!(
            "{} {} / {} {}",
            r.get().cpu,
            fixed(f64::from(l.cpu_used_milli) / 1000.0, 1),
            SERVER.cores_milli / 1000,
            r.get().cores
        )
    });
    let memory_text = live(move || {
        let l = load();
        format!(
            "{} {} / {} ({} {})",
            r.get().memory,
            format_metric(Metric::MemoryUsedMib, f64::from(l.memory_used_mib)),
            format_metric(Metric::MemoryUsedMib, f64::from(SERVER.memory_mib)),
            r.get().overhead,
            format_metric(Metric::OverheadMib, f64::from(l.memory_overhead_mib)),
        )
    });
    let idle_text = live(move || {
        let l = load();
        format!(
            "{}: {} {} · {}",
            r.get().idle,
            fixed(f64::from(l.idle_cpu_milli()) / 1000.0, 1),
            r.get().cores,
            format_metric(Metric::IdleMemoryMib, f64::from(l.memory_free_mib()))
        )
    });
    let percent = |part: u32, whole: u32| format!("{}%", u64::from(part) * 100 / u64::from(whole.max(1)));
    view! {
        <li
            class="host"
            data-host=id
            data-host-card=id
            data-kind=kind_slug(kind)
            data-testid=format!("host-{id}")
            tabindex=tabindex
            aria-label=label
            aria-describedby=format!("host-figures-{id}")
            class:drop-target=flag(move || hand.drag.get().is_some_and(|d| d.over == Some(id)))
            class:contended=flag(move || load().contended())
            on:focus=move |_| hand.focus.set(Some(id))
        >
            <div class="host-head">
                <h4>{live(move || (r.get().host_name)(id))}</h4>
                <span class="host-kind">{live(move || (r.get().kind_name)(kind).to_string())}</span>
                <ActionButton
                    hand=hand
                    action=Action::PanicKernel { host: id }
                    testid=format!("panic-{id}")
                    label=|r| r.panic_kernel
                />
                <ActionButton
                    hand=hand
                    action=Action::RemoveHost { host: id }
                    testid=format!("remove-host-{id}")
                    label=|r| r.remove_host
                />
            </div>
            {(kind == HostKind::ContainerEngine).then(|| view! { <LimitsSwitch hand=hand id=id state=state /> })}
            <div class="stack">
                <p class="rebooting" hidden=flag(move || !state.with(|s| s.as_ref().is_some_and(|s| s.rebooting)))>
                    {rtr(|r| r.rebooting)}
                </p>
                <ul class="units">
                    <li class="empty" hidden=flag(move || !services().is_empty())>{rtr(|r| r.empty_host)}</li>
                    <For each=services key=|s| *s let(service)>
                        <Unit hand=hand id=service kind=kind />
                    </For>
                </ul>
                <Layers kind=kind />
            </div>
            <div class="host-figures" id=format!("host-figures-{id}") data-testid=format!("host-figures-{id}")>
                <p>
                    <span class="bar" aria-hidden="true">
                        <span class="fill" style:width=live(move || percent(load().cpu_used_milli, SERVER.cores_milli))></span>
                    </span>
                    <span data-testid=format!("host-cpu-{id}")>{cpu_text}</span>
                </p>
                <p>
                    <span class="bar" aria-hidden="true">
                        <span class="fill overhead" style:width=live(move || percent(load().memory_overhead_mib, SERVER.memory_mib))></span>
                        <span class="fill" style:width=live(move || {
                            let l = load();
                            percent(l.memory_used_mib - l.memory_overhead_mib, SERVER.memory_mib)
                        })></span>
                    </span>
                    <span data-testid=format!("host-memory-{id}")>{memory_text}</span>
                </p>
                <p data-testid=format!("host-idle-{id}")>{idle_text}</p>
            </div>
            <button
                type="button"
                class="place-here"
                data-testid=format!("place-here-{id}")
                hidden=flag(move || hand.selected.get().is_none())
                on:click=move |_| {
                    if let Some(service) = hand.selected.get_untracked() {
                        hand.place(service, id);
                    }
                }
            >
                {rtr(|r| r.place_here)}
            </button>
        </li>
    }
}

/// A small button that applies one action; a refusal shows like any other.
#[component]
fn ActionButton(
    hand: Hand,
    action: Action,
    testid: String,
    label: Label,
    #[prop(optional)] disabled: Signal<bool>,
) -> impl IntoView {
    view! {
        <button
            type="button"
            class="small"
            data-testid=testid
            disabled=disabled
            on:click=move |_| {
                let _ = hand.act(action);
            }
        >
            {rtr(label)}
        </button>
    }
}

/// A container engine's CPU and memory limits, on or off (Docker's own default is off).
#[component]
fn LimitsSwitch(hand: Hand, id: HostId, state: Memo<Option<HostView>>) -> impl IntoView {
    view! {
        <label class="limits">
            <input
                type="checkbox"
                data-testid=format!("limits-{id}")
                prop:checked=move || state.with(|s| s.as_ref().is_some_and(|s| s.limits))
                on:change=move |ev| {
                    let _ = hand.act(Action::SwitchLimits { host: id, on: event_target_checked(&ev) });
                }
            />
            " "
            {rtr(|r| r.limits)}
        </label>
    }
}

/// The layers under a host's services, top to bottom: what sits on the hardware.
#[component]
fn Layers(kind: HostKind) -> impl IntoView {
    let r = rack_ui();
    let bands: &[(&str, Label)] = match kind {
        HostKind::BareMetal => &[("os", |r| r.linux)],
        HostKind::Hypervisor => &[("hypervisor", |r| r.hypervisor)],
        HostKind::HostedHypervisor => &[("hypervisor", |r| r.hypervisor_app), ("os", |r| r.host_os)],
        HostKind::ContainerEngine => &[("engine", |r| r.engine), ("kernel", |r| r.shared_kernel)],
    };
    view! {
        <div class="layers">
            {bands.iter().map(|(class, label)| view! { <div class=format!("band {class}")>{rtr(*label)}</div> }).collect_view()}
            <div class="band hardware">
                {live(move || (r.get().hardware)(SERVER.cores_milli / 1000, SERVER.memory_mib / 1024))}
            </div>
        </div>
    }
}

/// One placed service: in its VM (with a guest OS), its container, or as a process on the OS.
#[component]
fn Unit(hand: Hand, id: ServiceId, kind: HostKind) -> impl IntoView {
    let lab = hand.lab;
    let r = rack_ui();
    let service = Memo::new(move |_| lab.with(|w| w.rack().and_then(|r| r.service(id).copied())));
    let now_ms = move || lab.with(|w| w.now().millis());
    let status_text = live(move || {
        let Some(s) = service.get() else { return String::new() };
        let ui = r.get();
        match s.status {
            Status::Running => {
                let mut text =
                    format!("{} · {} {}", ui.running, fixed(f64::from(s.demand_milli) / 1000.0, 1), ui.cores);
                if let Some(ms) = s.response_ms {
                    text.push_str(&format!(" · {} {ms} ms", ui.response));
                }
                text
            }
            Status::Starting { ready_at_ms } => (ui.starting)(ready_at_ms.saturating_sub(now_ms()).div_ceil(1000)),
            Status::Waiting | Status::Shelf => ui.waiting.to_string(),
            Status::Refused { holder } => {
                let holder = lab.with_untracked(|w| w.rack().and_then(|r| r.service(holder)).map(|h| h.kind));
                let package = s.kind.spec().package.map_or(String::new(), |p| format!("{} {}", p.name, p.version));
                (ui.refused)((ui.service_name)(s.kind), &package, holder.map_or("", |h| (ui.service_name)(h)))
            }
        }
    });
    let state = live(move || {
        match service.get().map(|s| s.status) {
            Some(Status::Running) => "running",
            Some(Status::Starting { .. }) => "starting",
            Some(Status::Refused { .. }) => "refused",
            _ => "waiting",
        }
        .to_string()
    });
    let (unit_class, wrapper): (&str, Option<Label>) = match kind {
        HostKind::BareMetal => ("unit process", None),
        HostKind::Hypervisor | HostKind::HostedHypervisor => ("unit vm", Some(|r| r.guest_os)),
        HostKind::ContainerEngine => ("unit container", None),
    };
    let slug = service_slug(kind_of(lab, id));
    view! {
        <li class=unit_class data-state=state>
            <ServiceChip hand=hand id=id />
            <span class="status" data-testid=format!("status-{slug}")>{status_text}</span>
            <ActionButton
                hand=hand
                action=Action::LeakMemory { service: id }
                testid=format!("leak-{slug}")
                label=|r| r.leak_memory
                disabled=flag(move || service.get().is_none_or(|s| s.status != Status::Running))
            />
            {wrapper.map(|label| view! { <span class="guest-os">{rtr(label)}</span> })}
        </li>
    }
}

/// The whole rack's figures from the latest sample, and its cost from the model.
#[component]
fn RackTotals(lab: Lab) -> impl IntoView {
    let latest = move |metric: Metric| latest_figure(lab, metric);
    let direct = move |metric: Metric, pick: fn(&crate::sim::host::Rack) -> f64| {
        live(move || format_metric(metric, lab.with(|w| w.rack().map_or(0.0, pick))))
    };
    let figure = |label: Label, value: Signal<String>, testid: &'static str| {
        view! {
            <div>
                <dt>{rtr(label)}</dt>
                <dd data-testid=testid>{value}</dd>
            </div>
        }
    };
    view! {
        <h3 class="figures-title">{rtr(|r| r.totals)}</h3>
        <dl class="figures" data-testid="rack-totals">
            {figure(|r| r.servers, direct(Metric::Servers, |r| r.hosts().len() as f64), "servers")}
            {figure(|r| r.cost, direct(Metric::CostPerMonth, |r| f64::from(r.cost_per_month())), "cost")}
            {figure(|r| r.running_services, latest(Metric::ServicesRunning), "running")}
            {figure(|r| r.rack_cpu, latest(Metric::RackCpuPercent), "rack-cpu")}
            {figure(|r| r.memory_used, latest(Metric::MemoryUsedMib), "memory-used")}
            {figure(|r| r.overhead_total, latest(Metric::OverheadMib), "overhead")}
            {figure(|r| r.idle_memory, latest(Metric::IdleMemoryMib), "idle-memory")}
            {figure(|r| r.redeploy, latest(Metric::StartupSeconds), "redeploy")}
            {figure(|r| r.interference, latest(Metric::InterferenceEvents), "interference")}
        </dl>
    }
}

/// The service under the finger or pointer while dragging.
#[component]
fn DragGhost(hand: Hand) -> impl IntoView {
    let r = rack_ui();
    let lab = hand.lab;
    view! {
        <div
            class="drag-ghost"
            aria-hidden="true"
            hidden=flag(move || hand.drag.get().is_none())
            style:transform=live(move || hand.drag.get().map(|d| format!("translate({}px, {}px)", d.x, d.y)).unwrap_or_default())
        >
            {live(move || hand.drag.get().map(|d| (r.get().service_name)(kind_of(lab, d.service)).to_string()).unwrap_or_default())}
        </div>
    }
}
