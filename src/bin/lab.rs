//! Mounts the placement lab page (`lab.html`, chapters 2 and 3). Everything else lives in the
//! library.

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
fn main() {
    server_lab::app::start(server_lab::course::Page::Lab);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The lab page runs in the browser: build the site with scripts/build.sh.");
}
