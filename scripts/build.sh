#!/usr/bin/env bash
# Builds the release site into dist/: the course (index.html) and the classroom tools page
# (tools.html), each with its own wasm so the course's first load stays small; then writes
# each page's Content-Security-Policy and the service worker's precache list.
# Expects the toolchain from scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build index.html --release
# Trunk names every page's output index.html: build the tools page aside and rename it.
trunk build tools.html --release --dist target/dist-tools
mv target/dist-tools/index.html target/dist-tools/tools.html
cp -r target/dist-tools/. dist/
node scripts/postbuild.mjs dist
