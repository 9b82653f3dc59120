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
DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-32}"

for tool in wrk brotli; do
  command -v "$tool" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$tool" >/dev/null; }
done
source "$(dirname "$0")/lib.sh"

wasm=target/site/pkg/docket.wasm
raw=$(stat -c %s "$wasm")
br=$(brotli -c -q 11 "$wasm" | wc -c)
echo "wasm ($PROFILE): $raw bytes raw, $br bytes brotli"

start_server

# Sign in as the demo admin; every request below carries that session.
cookie=$(curl -fs -D - -o /dev/null -H "Host: demo.localhost" -H "Origin: http://demo.localhost" \
  --data "email=admin@demo.test&password=demo-docket-2026&next=/" "http://127.0.0.1:$PORT/api/auth/sign-in" \
  | sed -n 's/^set-cookie: \(docket_session=[^;]*\).*/\1/ip' | tr -d '\r')
[ -n "$cookie" ] || { echo "bench: sign-in failed" >&2; exit 1; }

echo "server memory at rest: $(rss)"
wrk -t2 -c4 -d2s -H "Host: demo.localhost" -H "Cookie: $cookie" "http://127.0.0.1:$PORT/clients" >/dev/null
echo "GET /clients (demo firm, 25 rows of 86), $CONNECTIONS connections, ${DURATION}s:"
wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Host: demo.localhost" -H "Cookie: $cookie" "http://127.0.0.1:$PORT/clients" \
  | grep -E "Requests/sec|Transfer/sec|^ +(50|90|99)%|requests in|Non-2xx"
echo "server memory after load: $(rss)"
