#!/usr/bin/env bash
# Sizes of the built browser bundle (target/site/pkg after `make build`), one line per file:
# raw bytes, gzip -9 bytes and the .br copy cargo-leptos wrote (--precompress), as served.
# The first load is the main .wasm and .js; `__wasm_split` chunks load when a lazy route opens.
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=${LEPTOS_SITE_ROOT:-target/site}/pkg
[ -d "$pkg" ] || { echo "no $pkg: run make build first" >&2; exit 2; }
printf '%-60s %10s %10s %10s\n' file raw gzip br
for f in "$pkg"/*; do
  case "$f" in *.gz|*.br) continue ;; esac
  raw=$(stat -c %s "$f")
  gz=$(gzip -9 -c "$f" | wc -c)
  br=-
  [ -f "$f.br" ] && br=$(stat -c %s "$f.br")
  printf '%-60s %10s %10s %10s\n' "$(basename "$f")" "$raw" "$gz" "$br"
done
