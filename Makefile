# The commands the README names. Tools come from the registries only (scripts/install-tools.sh).
SHELL := /bin/bash
export PATH := $(CURDIR)/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)
# cargo-leptos must find sass/wasm-opt/wasm-bindgen on PATH, never download them.
export LEPTOS_SITE_ROOT ?= target/site

.PHONY: tools run build test lint fmt e2e clean-site bench-engine bench-todo bench-http api-fuzz

tools:
	@scripts/install-tools.sh

## Build the release site and server, then serve on 127.0.0.1:3000 with SQLite in data/.
run: tools build
	./target/release/workorder

build: tools
	cargo leptos build --release --precompress --split
	node scripts/regzip.mjs

## Everything that needs no external server: formatting, lints for both builds, all tests.
test: tools lint
	cargo test --workspace --features workorder/ssr

lint:
	cargo fmt --all --check
	cargo clippy --workspace --all-targets --features workorder/ssr -- -D warnings
	cargo clippy -p workorder --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings

fmt:
	cargo fmt --all

## Engine throughput in memory, on SQLite and (with WOC_BENCH_POSTGRES_URL) PostgreSQL: one JSON line per model and store (docs/benchmarks.md).
BENCH_N ?= 200000
BENCH_SQL_N ?= 2000
bench-engine:
	@for model in user-task straight-through parallel; do \
		for threads in 1 $$(nproc); do \
			cargo run --quiet --release --features ssr --bin workorder -- \
				bench engine --store memory --model $$model --n $(BENCH_N) --threads $$threads || exit $$?; \
		done; \
	done
	@for model in user-task straight-through parallel; do \
		cargo run --quiet --release --features ssr --bin workorder -- \
			bench engine --store sqlite --model $$model --n $(BENCH_SQL_N) || exit $$?; \
	done
	@if [ -n "$$WOC_BENCH_POSTGRES_URL" ]; then \
		for model in user-task straight-through parallel; do \
			cargo run --quiet --release --features ssr --bin workorder -- \
				bench engine --store postgres --database-url "$$WOC_BENCH_POSTGRES_URL" \
				--model $$model --n $(BENCH_SQL_N) || exit $$?; \
		done; \
	else echo "WOC_BENCH_POSTGRES_URL not set: PostgreSQL benchmark skipped"; fi

## Todo list query (page 1 and page 50 of 10, and its total) at 1k and 100k open tasks started
## through the engine, on SQLite and (with WOC_BENCH_POSTGRES_URL, a scratch database created on
## that server) PostgreSQL: one JSON line per size and store, then the p99 ratio (docs/benchmarks.md).
BENCH_TODO_OPEN ?= 1000,100000
BENCH_TODO_QUERIES ?= 200
bench-todo:
	@cargo run --quiet --release --features ssr --bin workorder -- \
		bench todo --store sqlite --open $(BENCH_TODO_OPEN) --queries $(BENCH_TODO_QUERIES)
	@if [ -n "$$WOC_BENCH_POSTGRES_URL" ]; then \
		cargo run --quiet --release --features ssr --bin workorder -- \
			bench todo --store postgres --database-url "$$WOC_BENCH_POSTGRES_URL" \
			--open $(BENCH_TODO_OPEN) --queries $(BENCH_TODO_QUERIES) || exit $$?; \
	else echo "WOC_BENCH_POSTGRES_URL not set: PostgreSQL todo benchmark skipped"; fi

## REST throughput of the release server with wrk (apt-get install wrk): start, todoList and
## complete at 64 connections, and REST lifecycles/s against the in-process engine on SQLite.
bench-http: build
	@scripts/bench-http.sh

## schemathesis (pinned, from PyPI, venv in target/api-fuzz) against /api-docs/openapi.json on
## a fresh server: fails on any 5xx. Uses the server make test builds (or the release one).
api-fuzz:
	@scripts/api-fuzz.sh

## Browser journeys (Debian chromium + playwright-core) against a fresh server and database.
e2e: build
	node --test --test-reporter=spec end2end/

clean-site:
	rm -rf target/site public/vendor
