# Docket's two commands: `make run` and `make test`. Both install what is missing first.
SHELL := /bin/bash
export LEPTOS_SITE_ROOT ?= target/site
# cargo-leptos compiles with this set and Leptos reads it at compile time; every cargo command
# here sets it too, so tests and lints reuse the build instead of recompiling Leptos (and
# relinking a `docket` whose pages would ask for the wrong WASM file).
export LEPTOS_OUTPUT_NAME := docket
# Same flags as cargo-leptos' debug build, so `cargo test` reuses its artifacts.
TEST_RUSTFLAGS := --cfg erase_components
CARGO_TARGET := $(or $(CARGO_TARGET_DIR),target)

.PHONY: setup build run test test-rust test-e2e fmt lint bench

setup:
	@scripts/setup.sh

build: setup
	cargo leptos build

## Builds, migrates the SQLite database under data/, seeds the demo firm and serves it.
run: build
	$(CARGO_TARGET)/debug/docket migrate
	$(CARGO_TARGET)/debug/docket seed demo
	@echo "Open http://demo.localhost:3000 (also http://admin.localhost:3000 and http://localhost:3000)"
	$(CARGO_TARGET)/debug/docket serve

## Every test: formatting and lints, unit, integration on SQLite and PostgreSQL, and
## end-to-end in Chromium.
test: export DOCKET_SETUP_E2E = 1
test: build
	$(MAKE) --no-print-directory lint test-rust test-e2e

test-rust:
	RUSTFLAGS="$(TEST_RUSTFLAGS)" cargo test --workspace --exclude frontend

test-e2e:
	cd end2end && DOCKET_BIN="$(abspath $(CARGO_TARGET))/debug/docket" LEPTOS_SITE_ROOT="$(abspath $(LEPTOS_SITE_ROOT))" npx playwright test

fmt:
	cargo fmt --all

lint:
	cargo fmt --all --check
	RUSTFLAGS="$(TEST_RUSTFLAGS)" cargo clippy --workspace --exclude frontend --all-targets -- -D warnings
	RUSTFLAGS="$(TEST_RUSTFLAGS)" cargo clippy -p frontend --target wasm32-unknown-unknown -- -D warnings
