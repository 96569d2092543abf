#!/usr/bin/env bash
# Installs, once per machine and only from the package registries, every tool the build needs.
# Idempotent: a tool already present at the pinned version is left alone.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
# cargo-leptos calls wasm-bindgen as a program, and the program must match the library exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)

need() {
  command -v "$1" >/dev/null 2>&1 || {
    echo "error: '$1' is missing. $2" >&2
    exit 1
  }
}
need cargo "Install the Rust toolchain with rustup (https://rustup.rs), then run make again."
need rustup "Install the Rust toolchain with rustup, then run make again."
need npm "Install Node.js 20 or newer with npm (Debian: apt-get install nodejs npm), then run make again."

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  echo "==> adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(cargo leptos --version 2>/dev/null | awk '{print $2}')" != "$CARGO_LEPTOS_VERSION" ]; then
  echo "==> installing cargo-leptos $CARGO_LEPTOS_VERSION (about 17 minutes, once per machine)"
  cargo install cargo-leptos --locked --version "$CARGO_LEPTOS_VERSION"
fi

if [ -z "$WASM_BINDGEN_VERSION" ]; then
  echo "error: no wasm-bindgen in Cargo.lock" >&2
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$WASM_BINDGEN_VERSION" ]; then
  echo "==> installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 minutes, once per machine)"
  # Without --locked: its lock file names a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force
fi

# npm packages: bpmn-js, echarts and swagger-ui-dist (vendored into the site), binaryen's wasm-opt (Debian's
# binaryen 108 produces bundles chromium refuses), playwright-core for the browser tests.
if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund
fi

# Vendored browser bundles, copied from node_modules into public/ (git-ignored) so that
# cargo-leptos puts them in the site. Nothing is loaded from a CDN.
vendor=public/vendor
mkdir -p "$vendor/bpmn-js" "$vendor/echarts" "$vendor/swagger-ui"
cp -u node_modules/bpmn-js/dist/bpmn-modeler.production.min.js \
      node_modules/bpmn-js/dist/bpmn-navigated-viewer.production.min.js "$vendor/bpmn-js/"
cp -ru node_modules/bpmn-js/dist/assets/. "$vendor/bpmn-js/assets/"
cp -u node_modules/echarts/dist/echarts.min.js "$vendor/echarts/"
# The API reference page (/api-docs) renders /api-docs/openapi.json with Swagger UI.
cp -u node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
      "$vendor/swagger-ui/"
