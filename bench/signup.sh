#!/usr/bin/env bash
# Times firm sign-up end to end on loopback: POST /api/signup/create on the public host, one
# after another (each provisions a firm, its owner with an argon2id hash, a verification token
# and the queued mail, in one transaction). Prints p50/p90/p99/max in milliseconds.
#
#   bench/signup.sh             # release build (builds it if needed)
#   PROFILE=debug COUNT=20 bench/signup.sh
set -euo pipefail
COUNT="${COUNT:-40}"
source "$(dirname "$0")/lib.sh"
export DOCKET_SIGN_IN_PER_MINUTE=100000
start_server

times=()
for i in $(seq "$COUNT"); do
  t=$(curl -fs -o /dev/null -w '%{time_total}' -H "Host: localhost" -H "Origin: http://localhost" \
    --data "name=Bench+Firm+$i&slug=bench-$i&admin_name=Owner+$i&admin_email=owner$i@bench.test&admin_password=a+long+bench+passphrase" \
    "http://127.0.0.1:$PORT/api/signup/create")
  times+=("$t")
done
printf '%s\n' "${times[@]}" | percentiles "sign-up ($PROFILE), $COUNT firms one after another"
echo "server memory after: $(rss)"
