#!/usr/bin/env bash
# Builds the classroom bundle: one HTML file that runs every chapter from file:// with no
# server (copy it to a USB stick). Output: dist-bundle/server-lab.html
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/build.sh
node scripts/bundle.mjs dist dist-bundle/server-lab.html
