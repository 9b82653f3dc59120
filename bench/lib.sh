# Shared by the benchmarks: builds Docket (release unless PROFILE=debug) and starts a fresh
# server with the demo firm on 127.0.0.1:$PORT (SQLite in a temp dir), stopped on exit.
# Sets ROOT, BIN and `server` (the server's pid).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PROFILE="${PROFILE:-release}"
PORT="${PORT:-3200}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

scripts/setup.sh >/dev/null
if [ "$PROFILE" = release ]; then cargo leptos build --release >/dev/null 2>&1; else cargo leptos build >/dev/null 2>&1; fi
BIN="$TARGET/$PROFILE/docket"

start_server() {
  data="$(mktemp -d -t docket-bench.XXXXXX)"
  export DOCKET_DATA_DIR="$data" DOCKET_LISTEN="127.0.0.1:$PORT" DOCKET_LOG=warn LEPTOS_SITE_ROOT="$ROOT/target/site"
  unset DOCKET_DATABASE_URL DOCKET_APP_DATABASE_URL
  "$BIN" migrate >/dev/null
  "$BIN" seed demo >/dev/null
  # No plan request rate: the benchmarks measure the server, not the firm's quota.
  "$BIN" firm plan --slug demo --plan enterprise >/dev/null
  # TASKSET="taskset -c 0" pins the server to one core.
  ${TASKSET:-} "$BIN" serve >/dev/null 2>&1 &
  server=$!
  trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
  for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done
}

rss() { echo "$(( $(ps -o rss= -p "$server") / 1024 )) MiB"; }

# Reads one duration in seconds per line and prints "LABEL: p50 … ms, p90 …, p99 …, max …".
percentiles() {
  sort -n | awk -v label="$1" '
    function at(q,   i) { i = int(NR * q) + 1; if (i > NR) i = NR; return ms[i] }
    { ms[NR] = $1 * 1000 }
    END { printf "%s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms\n", label, at(0.5), at(0.9), at(0.99), ms[NR] }'
}
