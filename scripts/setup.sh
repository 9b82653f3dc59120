#!/usr/bin/env bash
# Installs everything Docket needs to build, run and test, skipping what is already there.
# Called by `make run` and `make test`; safe to run any number of times.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
# Must equal the wasm-bindgen version pinned in Cargo.toml (and so in Cargo.lock).
WASM_BINDGEN_VERSION=0.2.130

say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  say "installing cargo-leptos $CARGO_LEPTOS_VERSION (about 15 minutes, once per machine)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q "$WASM_BINDGEN_VERSION"; then
  say "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION"
  # Not --locked: its lock file pins a crate version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

if [ "${DOCKET_SETUP_E2E:-0}" = 1 ]; then
  if ! command -v chromium >/dev/null; then
    say "installing Debian's chromium"
    apt-get update -qq
    apt-get install -y -qq chromium >/dev/null
  fi
  if ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null; then
    say "installing Debian's poppler-utils (the invoice PDF tests read PDFs with pdftotext)"
    apt-get update -qq
    apt-get install -y -qq poppler-utils >/dev/null
  fi
  if ! python3 -c 'import aiosmtpd' 2>/dev/null; then
    say "installing aiosmtpd (the SMTP server the mail tests deliver to)"
    python3 -m pip install --quiet --disable-pip-version-check aiosmtpd
  fi
  if ! command -v moto_server >/dev/null; then
    say "installing moto's server (the S3 API the storage tests use)"
    python3 -m pip install --quiet --disable-pip-version-check "moto[server]"
  fi
  if [ ! -d end2end/node_modules/@playwright/test ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
    say "installing the end-to-end packages"
    (cd end2end && npm ci --no-audit --no-fund)
  fi
fi

if [ ! -x node_modules/.bin/tailwindcss ] || [ ! -x node_modules/.bin/wasm-opt ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing Tailwind and binaryen from npm"
  npm ci --no-audit --no-fund
fi
say "ready"
