//! A requestAnimationFrame loop that runs only while it is wanted and the page is visible.
//!
//! Written against web-sys directly: the general-purpose helpers (leptos-use) cost about 4 KB
//! of compressed wasm for what is two event sources here (docs/decisions.md).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;

/// The callback handed to `requestAnimationFrame`, kept alive between frames.
type FrameCallback = Closure<dyn Fn(f64)>;

/// Calls `on_frame(real_ms_since_last_frame)` on every animation frame while `wanted` is true
/// and the document is visible. Stops for good when the calling component is cleaned up.
pub fn run_frames(wanted: Signal<bool>, on_frame: impl Fn(f64) + 'static) {
    let visible = RwSignal::new(document_visible());
    let on_visibility = Closure::<dyn Fn()>::new(move || visible.set(document_visible()));
    let _ = document().add_event_listener_with_callback("visibilitychange", on_visibility.as_ref().unchecked_ref());

    let running = Rc::new(Cell::new(false));
    let pending = Rc::new(Cell::new(None::<i32>));
    let last_ms = Rc::new(Cell::new(None::<f64>));
    let tick: Rc<RefCell<Option<FrameCallback>>> = Rc::new(RefCell::new(None));
    let request = {
        let (tick, pending) = (tick.clone(), pending.clone());
        move || {
            if let Some(f) = tick.borrow().as_ref() {
                pending.set(window().request_animation_frame(f.as_ref().unchecked_ref()).ok());
            }
        }
    };
    *tick.borrow_mut() = Some(Closure::new({
        let (running, last_ms, request) = (running.clone(), last_ms.clone(), request.clone());
        let pending = pending.clone();
        move |now_ms: f64| {
            pending.set(None);
            if !running.get() {
                return;
            }
            if let Some(last) = last_ms.replace(Some(now_ms)) {
                on_frame(now_ms - last);
            }
            request();
        }
    }));

    let (effect_running, effect_pending) = (running.clone(), pending.clone());
    Effect::new(move |_| {
        let go = wanted.get() && visible.get();
        if go && !effect_running.get() {
            effect_running.set(true);
            last_ms.set(None);
            // A frame still pending from before a pause within the same frame carries on the
            // one chain; requesting another would start a second.
            if effect_pending.get().is_none() {
                request();
            }
        } else if !go {
            effect_running.set(false);
        }
    });

    let on_visibility = send_wrapper::SendWrapper::new(on_visibility);
    let cleanup = send_wrapper::SendWrapper::new((running, pending, tick));
    on_cleanup(move || {
        let (running, pending, tick) = &*cleanup;
        let _ =
            document().remove_event_listener_with_callback("visibilitychange", on_visibility.as_ref().unchecked_ref());
        running.set(false);
        // The browser must not call a frame callback that is about to be dropped.
        if let Some(handle) = pending.take() {
            let _ = window().cancel_animation_frame(handle);
        }
        tick.borrow_mut().take();
    });
}

fn document_visible() -> bool {
    document().visibility_state() == web_sys::VisibilityState::Visible
}
