#!/usr/bin/env bash
# Sign-in on loopback as the demo admin (POST /api/auth/sign-in on demo.localhost: rate limit,
# user look-up, argon2id verification on the blocking pool, session rotation and write).
#  1. latency: COUNT sign-ins one after another, p50/p90/p99/max in milliseconds;
#  2. throughput of one core: the server pinned to CPU 0 (`taskset`), wrk on CPU 1 with
#     8 connections for 15 s: sign-ins per second and wrk's latency percentiles.
#
#   bench/signin.sh             # release build (builds it if needed)
#   PROFILE=debug COUNT=20 bench/signin.sh
set -euo pipefail
COUNT="${COUNT:-100}"
source "$(dirname "$0")/lib.sh"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
export DOCKET_SIGN_IN_PER_MINUTE=100000000
TASKSET="taskset -c 0" start_server
BODY='email=admin%40demo.test&password=demo-docket-2026&next=%2F'

times=()
for _ in $(seq "$COUNT"); do
  t=$(curl -fs -o /dev/null -w '%{time_total}' -H "Host: demo.localhost" -H "Origin: http://demo.localhost" \
    --data "$BODY" "http://127.0.0.1:$PORT/api/auth/sign-in")
  times+=("$t")
done
printf '%s\n' "${times[@]}" | percentiles "sign-in ($PROFILE, server on one core), $COUNT one after another"

script="$(mktemp -t docket-signin.XXXXXX.lua)"
cat >"$script" <<LUA
wrk.method = "POST"
wrk.body = "$BODY"
wrk.headers["Host"] = "demo.localhost"
wrk.headers["Origin"] = "http://demo.localhost"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
LUA
taskset -c 1 wrk -t1 -c8 -d15s --latency -s "$script" "http://127.0.0.1:$PORT/api/auth/sign-in" |
  awk '/Requests\/sec/ { printf "sign-ins per second on one core: %s\n", $2 } / (50|90|99)%/ { printf "  wrk p%s %s\n", $1, $2 } /Non-2xx/ { print "  " $0 }'
rm -f "$script"
echo "server memory after: $(rss)"
