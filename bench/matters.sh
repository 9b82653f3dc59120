#!/usr/bin/env bash
# Benchmarks the matters list on PostgreSQL at scale: 100 firms with 10,000 matters each
# (1,000 clients per firm; the demo firm 10,000, with tags and a related party per matter),
# then GET /matters for the demo firm under wrk, as its Owner (every matter) and as a paralegal
# on 500 of its matters (the team subquery), plus a search; the clients list (first and a deep
# page, and a tag search); and conflict checks one after another.
# Prints requests/s, p50/p90/p99 and the server's memory.
#
#   bench/matters.sh            # release build (builds it if needed)
#   PROFILE=debug bench/matters.sh
#
# Uses a throwaway database on the local PostgreSQL (DOCKET_BENCH_POSTGRES, default
# postgres://postgres@127.0.0.1:5432) and drops it on exit. Requests go only to 127.0.0.1.
set -euo pipefail
# The searches below would otherwise be refused past 60 a minute per user.
export DOCKET_SEARCHES_PER_MINUTE=100000000
DURATION="${DURATION:-15}"
CONNECTIONS="${CONNECTIONS:-16}"
FIRMS="${FIRMS:-100}"
MATTERS="${MATTERS:-10000}"
PG="${DOCKET_BENCH_POSTGRES:-postgres://postgres@127.0.0.1:5432}"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v psql >/dev/null || { apt-get update -qq && apt-get install -y -qq postgresql-client >/dev/null; }
source "$(dirname "$0")/lib.sh"

db="docket_bench_$$"
psql -q "$PG/postgres" -c "CREATE DATABASE $db"
data="$(mktemp -d -t docket-bench.XXXXXX)"
cleanup() {
  [ -n "${server:-}" ] && kill "$server" 2>/dev/null && wait "$server" 2>/dev/null || true
  psql -q "$PG/postgres" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" || true
  rm -rf "$data"
}
trap cleanup EXIT
export DOCKET_DATA_DIR="$data" DOCKET_LISTEN="127.0.0.1:$PORT" DOCKET_LOG=warn LEPTOS_SITE_ROOT="$ROOT/target/site"
export DOCKET_DATABASE_URL="$PG/$db" DOCKET_APP_DATABASE_URL="${PG/postgres@/docket_app:docket_app@}/$db"
sql() { psql -q -v ON_ERROR_STOP=1 "$PG/$db" "$@"; }

"$BIN" migrate >/dev/null
"$BIN" seed demo >/dev/null
for i in $(seq 2 "$FIRMS"); do
  "$BIN" firm create --slug "bench-$i" --name "Bench Firm $i" --admin-email "admin@bench-$i.test" >/dev/null
done

echo "seeding $FIRMS firms x $MATTERS matters..."
start=$(date +%s)
sql <<SQL
-- 1,000 clients per firm (the demo firm keeps its sample clients too).
INSERT INTO clients (firm_id, id, name, kind, notes, created_at, updated_at)
SELECT f.id, gen_random_uuid(), 'Client ' || f.slug || ' ' || c, 'person', '', now(), now()
FROM firms f, generate_series(1, 1000) c;
-- $MATTERS matters per firm, spread over the firm's clients; the owner is responsible.
INSERT INTO matters (firm_id, id, number, title, client_id, status, opened_on, description,
                     responsible_id, created_at, updated_at)
WITH c AS (SELECT firm_id, id, row_number() OVER (PARTITION BY firm_id ORDER BY id) - 1 AS n
           FROM clients),
     o AS (SELECT DISTINCT ON (firm_id) firm_id, id FROM users ORDER BY firm_id, created_at)
SELECT f.id, gen_random_uuid(), '2026-' || lpad(m::text, greatest(4, length(m::text)), '0'),
       'Matter ' || m || CASE WHEN m % 97 = 0 THEN ' Smith estate' ELSE '' END,
       c.id, (ARRAY['open','pending','closed'])[1 + m % 3], DATE '2026-01-01' + (m % 300), '',
       o.id, now() - ($MATTERS - m) * interval '1 minute', now()
FROM firms f CROSS JOIN generate_series(1, $MATTERS) m
JOIN c ON c.firm_id = f.id AND c.n = m % 1000
JOIN o ON o.firm_id = f.id;
INSERT INTO matter_members (firm_id, id, matter_id, user_id, role, added_at)
SELECT m.firm_id, gen_random_uuid(), m.id, m.responsible_id, 'lead', now() FROM matters m;
INSERT INTO firm_sequences (firm_id, kind, year, last)
SELECT id, 'matter', 2026, $MATTERS FROM firms;
-- A paralegal in the demo firm (the admin's password) on every 20th matter.
INSERT INTO users (firm_id, id, email, name, password_hash, role, created_at, failed_sign_ins,
                   active, email_verified)
SELECT firm_id, gen_random_uuid(), 'para@demo.test', 'Pat Paralegal', password_hash, 'paralegal',
       now(), 0, true, true
FROM users WHERE email = 'admin@demo.test';
INSERT INTO matter_members (firm_id, id, matter_id, user_id, role, added_at)
SELECT m.firm_id, gen_random_uuid(), m.id, u.id, 'paralegal', now()
FROM matters m JOIN firms f ON f.id = m.firm_id AND f.slug = 'demo'
JOIN users u ON u.firm_id = m.firm_id AND u.email = 'para@demo.test'
WHERE split_part(m.number, '-', 2)::int % 20 = 0;
-- The demo firm: 10,000 clients in all, one in ten tagged, and a related party on every matter,
-- so that its lists and conflict checks run at a large firm's size.
INSERT INTO clients (firm_id, id, name, kind, notes, created_at, updated_at)
SELECT f.id, gen_random_uuid(), 'Demo client ' || c, 'company', '', now(), now()
FROM firms f, generate_series(1, 9000) c WHERE f.slug = 'demo';
INSERT INTO client_tags (firm_id, id, client_id, tag)
SELECT c.firm_id, gen_random_uuid(), c.id, 'vip'
FROM clients c JOIN firms f ON f.id = c.firm_id AND f.slug = 'demo'
WHERE c.name LIKE 'Demo client %0';
INSERT INTO matter_parties (firm_id, id, matter_id, name, role, created_at)
SELECT m.firm_id, gen_random_uuid(), m.id, 'Opponent ' || m.number, 'opposing_party', now()
FROM matters m JOIN firms f ON f.id = m.firm_id AND f.slug = 'demo';
ANALYZE;
SQL
echo "seeded in $(( $(date +%s) - start )) s: $(sql -tAc 'SELECT count(*) FROM matters') matters, $(sql -tAc 'SELECT count(*) FROM firms') firms"

${TASKSET:-} "$BIN" serve >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

sign_in() {
  curl -fs -D - -o /dev/null -H "Host: demo.localhost" -H "Origin: http://demo.localhost" \
    --data "email=$1&password=demo-docket-2026&next=/" "http://127.0.0.1:$PORT/api/auth/sign-in" \
    | sed -n 's/^set-cookie: \(docket_session=[^;]*\).*/\1/ip' | tr -d '\r'
}
owner=$(sign_in admin@demo.test)
para=$(sign_in para@demo.test)
[ -n "$owner" ] && [ -n "$para" ] || { echo "bench: sign-in failed" >&2; exit 1; }

echo "server memory at rest: $(rss)"
run() {
  local label="$1" cookie="$2" path="$3"
  wrk -t2 -c4 -d2s -H "Host: demo.localhost" -H "Cookie: $cookie" "http://127.0.0.1:$PORT$path" >/dev/null
  echo "$label: GET $path, $CONNECTIONS connections, ${DURATION}s"
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -H "Host: demo.localhost" -H "Cookie: $cookie" \
    "http://127.0.0.1:$PORT$path" | grep -E "Requests/sec|^ +(50|90|99)%|requests in|Non-2xx"
}
run "Owner, page 1 of $MATTERS" "$owner" "/matters"
run "Owner, page 200" "$owner" "/matters?page=200"
run "Owner, search" "$owner" "/matters?q=smith"
run "Paralegal on $((MATTERS / 20)) matters" "$para" "/matters"
run "Owner, clients page 1 of 10,000" "$owner" "/clients"
run "Owner, clients page 300" "$owner" "/clients?page=300"
run "Owner, clients by tag" "$owner" "/clients?q=vip"
# A conflict check compares the names with every client, party and matter title of the firm.
times=()
for _ in $(seq 30); do
  times+=("$(curl -fs -o /dev/null -w '%{time_total}' -H "Host: demo.localhost" -H "Origin: http://demo.localhost" \
    -H "Cookie: $owner" --data 'names=John+Smith%0AAcme+Holdings+LLC' "http://127.0.0.1:$PORT/api/conflicts/search")")
done
printf '%s\n' "${times[@]}" | percentiles "Conflict search, 2 names across $(sql -tAc "SELECT count(*) FROM clients c JOIN firms f ON f.id = c.firm_id AND f.slug = 'demo'") clients and $MATTERS matters, 30 one after another"
echo "server memory after load: $(rss)"
