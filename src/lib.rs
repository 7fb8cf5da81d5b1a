//! Server Lab (서버 환경 실험실): an interactive course on server environments.
//!
//! `sim`, `course`, `glossary`, `predict`, `progress` and `korean` are pure and compiled for every
//! target, so the model, the
//! challenges and saved-data parsing are tested natively. The views (`app`, `ui`, `chapters`,
//! `i18n`) exist only for wasm32.

pub mod classroom;
pub mod content;
pub mod course;
pub mod glossary;
pub mod korean;
pub mod predict;
pub mod progress;
pub mod sim;

#[cfg(target_arch = "wasm32")]
pub mod app;
#[cfg(target_arch = "wasm32")]
pub mod chapters;
#[cfg(target_arch = "wasm32")]
pub mod i18n;
#[cfg(target_arch = "wasm32")]
pub mod tools;
#[cfg(target_arch = "wasm32")]
pub mod ui;
