#!/usr/bin/env bash
# Frame benchmark of the request canvas (tests/frame_bench.rs): the frame's work (Scene::of +
# paint) for about 1,000 and 10,000 dots in headless Chromium, beside the plain-JavaScript page
# bench/dots.js drawing the same dots in the same run; prints p50/p95/max of each. Figures, not
# a timed test (it is not part of scripts/test.sh, and the test is #[ignore]d so that a plain
# `cargo test --target wasm32-unknown-unknown` skips it). A release build, as the site ships;
# run it with nothing else compiling. Extra arguments go to the test runner.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
# About half a minute of warm-up and frames; the runner's default limit is 20 s.
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}"
CHROMEDRIVER=/usr/bin/chromedriver \
  cargo test --release --target wasm32-unknown-unknown --test frame_bench -- --nocapture --include-ignored "$@"
