#!/usr/bin/env bash
# Starts a fresh Docket for the browser tests (end2end/playwright.config.ts runs it):
# a new SQLite database in a temp dir, the demo firm, and a second firm "other".
# Listens on 127.0.0.1:3100; firms are reached as <slug>.localhost:3100.
#
# Env: DOCKET_BIN (default $CARGO_TARGET_DIR/debug/docket), CARGO_TARGET_DIR
# (default <repo>/target), LEPTOS_SITE_ROOT (default <repo>/target/site).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
BIN="${DOCKET_BIN:-$CARGO_TARGET_DIR/debug/docket}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-$ROOT/target/site}"

if [ ! -x "$BIN" ]; then
  echo "e2e-server: no Docket binary at $BIN (build it first, e.g. cargo leptos build)" >&2
  exit 1
fi
if [ ! -d "$LEPTOS_SITE_ROOT" ]; then
  echo "e2e-server: warning: no site files at $LEPTOS_SITE_ROOT; pages will not hydrate" >&2
fi

# A fresh data dir each run; the database is an SQLite file inside it.
DOCKET_DATA_DIR="$(mktemp -d -t docket-e2e.XXXXXX)"
export DOCKET_DATA_DIR
unset DOCKET_DATABASE_URL
export DOCKET_LISTEN=127.0.0.1:3100
export DOCKET_BASE_DOMAIN=localhost
# The browser tests sign in a few times a minute from one address.
export DOCKET_SIGN_IN_PER_MINUTE=60
echo "e2e-server: data in $DOCKET_DATA_DIR, binary $BIN, site $LEPTOS_SITE_ROOT" >&2

# Relative paths (such as a Cargo.toml the Leptos configuration is read from) resolve
# against the repository, not end2end/ where Playwright starts this script.
cd "$ROOT"

"$BIN" migrate
"$BIN" seed demo
# The browser tests sign in as this firm's admin: keep its one-time password for them.
mkdir -p end2end/.auth
# Mail goes to .eml files under the data dir; the browser tests read links from them.
printf '%s\n' "$DOCKET_DATA_DIR" > end2end/.auth/data-dir
created="$("$BIN" firm create --slug other --name "Other Firm LLP" --admin-email admin@other.test)"
echo "$created" >&2
printf '%s\n' "$created" | sed -n 's/^Password: *//p' > end2end/.auth/other-password
# A firm the platform test suspends (so no other test's firm loses its sessions).
lapsed="$("$BIN" firm create --slug lapsed --name "Lapsed & Co" --admin-email admin@lapsed.test)"
printf '%s\n' "$lapsed" | sed -n 's/^Password: *//p' > end2end/.auth/lapsed-password
admin="$("$BIN" admin create --email ops@docket.test)"
echo "$admin" >&2
printf '%s\n' "$admin" | sed -n 's/^Password: *//p' > end2end/.auth/admin-password
exec "$BIN" serve
