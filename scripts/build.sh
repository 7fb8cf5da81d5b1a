#!/usr/bin/env bash
# Builds the release site into dist/: the learner's app (index.html: every chapter, the
# progress page and the glossary, one wasm) and the teacher's page (teacher.html, its own wasm, so that no learner
# downloads it); then writes each page's Content-Security-Policy and the service worker's
# precache list.
# Expects the toolchain from scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build index.html --release
# Trunk names its output index.html: build the teacher's page aside and rename it.
# The teacher's page without Leptos' `erase_components` (.cargo/config.toml): on its few views the
# type-erased components cost more than they save (176.0 against 165.5 KB brotli). An empty
# RUSTFLAGS replaces the config's flags.
RUSTFLAGS="" trunk build teacher.html --release --dist target/dist-teacher
mv target/dist-teacher/index.html target/dist-teacher/teacher.html
cp -r target/dist-teacher/. dist/
node scripts/postbuild.mjs dist
