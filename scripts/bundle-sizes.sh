#!/usr/bin/env bash
# Sizes of the built browser bundle (target/site/pkg after `make build`), one line per file:
# raw bytes and the .gz and .br copies the server sends (`make build`: cargo-leptos
# --precompress, then scripts/regzip.mjs rewrites the .gz with zopfli). The first load is the
# main .wasm and .js plus the chunks of the route opened (end2end/bundle.test.mjs sums them).
set -euo pipefail
cd "$(dirname "$0")/.."
pkg=${LEPTOS_SITE_ROOT:-target/site}/pkg
[ -d "$pkg" ] || { echo "no $pkg: run make build first" >&2; exit 2; }
printf '%-60s %10s %10s %10s\n' file raw gzip br
for f in "$pkg"/*; do
  case "$f" in *.gz|*.br) continue ;; esac
  raw=$(stat -c %s "$f")
  gz=-
  [ -f "$f.gz" ] && gz=$(stat -c %s "$f.gz")
  br=-
  [ -f "$f.br" ] && br=$(stat -c %s "$f.br")
  printf '%-60s %10s %10s %10s\n' "$(basename "$f")" "$raw" "$gz" "$br"
done
