//! Mounts the teacher's page (`teacher.html`). Everything else lives in the library.

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(target_arch = "wasm32")]
fn main() {
    server_lab::tools::start_teacher();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("The teacher's page runs in the browser: build the site with scripts/build.sh.");
}
