//! Requests as moving dots on one canvas: chapter 1's and chapter 5's diagram of users, the
//! load balancer and the servers.
//!
//! Drawn whole on every frame the lab changes, from the model alone (nothing here keeps
//! positions of its own). Being drawn by the next commit.

use leptos::prelude::*;

use crate::ui::lab::Lab;

/// The canvas, labelled by `label` for screen readers (the table beside it says the figures).
#[component]
pub fn RequestCanvas(lab: Lab, label: Signal<String>) -> impl IntoView {
    let _ = lab;
    view! { <canvas class="request-canvas" role="img" aria-label=label width="720" height="360"></canvas> }
}
