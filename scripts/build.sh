#!/usr/bin/env bash
# Builds the release site into dist/: the course (index.html, chapters 0-1), the placement lab
# (lab.html, chapters 2-3) and the classroom tools page (tools.html), each with its own wasm so
# no page's first load carries every chapter; then writes each page's Content-Security-Policy
# and the service worker's precache list.
# Expects the toolchain from scripts/setup.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build index.html --release
# Trunk names every page's output index.html: build the other pages aside and rename them.
for page in lab tools; do
  trunk build "$page.html" --release --dist "target/dist-$page"
  mv "target/dist-$page/index.html" "target/dist-$page/$page.html"
  cp -r "target/dist-$page/." dist/
done
node scripts/postbuild.mjs dist
