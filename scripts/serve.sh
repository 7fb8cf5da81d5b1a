#!/usr/bin/env bash
# Builds the release site and serves it the way GitHub Pages will: under a sub-path.
# Usage: scripts/serve.sh [port]   (default 8080)
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh build
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
scripts/build.sh
exec node scripts/serve.mjs dist "${1:-8080}"
