#!/usr/bin/env bash
# Benchmarks Docket on loopback: the release build's WASM size (raw and brotli), then
# GET /clients for the demo firm (86 clients), signed in as its admin, under wrk: requests/s, latency percentiles,
# and the server's resident memory before and after.
#
#   bench/clients.sh            # release build (builds it if needed)
#   PROFILE=debug bench/clients.sh
#
# Requests go only to 127.0.0.1; the run is bounded (DURATION seconds, CONNECTIONS
# connections) and stops by itself.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
cd "$ROOT"
PROFILE="${PROFILE:-release}"
DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT="${PORT:-3200}"
TARGET="${CARGO_TARGET_DIR:-$ROOT/target}"

for tool in wrk brotli; do
  command -v "$tool" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$tool" >/dev/null; }
done
scripts/setup.sh >/dev/null
if [ "$PROFILE" = release ]; then cargo leptos build --release >/dev/null 2>&1; else cargo leptos build >/dev/null 2>&1; fi
BIN="$TARGET/$PROFILE/docket"

wasm=target/site/pkg/docket.wasm
raw=$(stat -c %s "$wasm")
br=$(brotli -c -q 11 "$wasm" | wc -c)
echo "wasm ($PROFILE): $raw bytes raw, $br bytes brotli"

data="$(mktemp -d -t docket-bench.XXXXXX)"
export DOCKET_DATA_DIR="$data" DOCKET_LISTEN="127.0.0.1:$PORT" DOCKET_LOG=warn LEPTOS_SITE_ROOT="$ROOT/target/site"
unset DOCKET_DATABASE_URL DOCKET_APP_DATABASE_URL
"$BIN" migrate >/dev/null
"$BIN" seed demo >/dev/null
"$BIN" serve >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

# Sign in as the demo admin; every request below carries that session.
cookie=$(curl -fs -D - -o /dev/null -H "Host: demo.localhost" -H "Origin: http://demo.localhost" \
  --data "email=admin@demo.test&password=demo-docket-2026&next=/" "http://127.0.0.1:$PORT/api/auth/sign-in" \
  | sed -n 's/^set-cookie: \(docket_session=[^;]*\).*/\1/ip' | tr -d '\r')
[ -n "$cookie" ] || { echo "bench: sign-in failed" >&2; exit 1; }

rss() { echo "$(( $(ps -o rss= -p "$server") / 1024 )) MiB"; }
echo "server memory at rest: $(rss)"
wrk -t2 -c4 -d2s -H "Host: demo.localhost" -H "Cookie: $cookie" "http://127.0.0.1:$PORT/clients" >/dev/null
echo "GET /clients (demo firm, 25 rows of 86), $CONNECTIONS connections, ${DURATION}s:"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Host: demo.localhost" -H "Cookie: $cookie" "http://127.0.0.1:$PORT/clients" \
  | grep -E "Requests/sec|Transfer/sec|^ +(50|90|99)%|requests in|Non-2xx"
echo "server memory after load: $(rss)"
