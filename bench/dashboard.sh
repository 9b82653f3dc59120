#!/usr/bin/env bash
# The platform dashboard with FIRMS firms (default 10,000) seeded straight into the SQLite
# database: each with counters and, for a third of them, 30 days of daily and 24 hours of
# hourly activity. Then, as a platform admin, RUNS loads (default 30) of each dashboard view:
# the default page, sorted by storage, sorted by activity, a search, and the whole page
# (GET / on admin., rendered with its data). Prints p50/p90/p99/max of each and the server's
# resident memory.
#
#   bench/dashboard.sh                      # release build (builds it if needed)
#   PROFILE=debug FIRMS=2000 bench/dashboard.sh
set -euo pipefail
FIRMS="${FIRMS:-10000}"
RUNS="${RUNS:-30}"
source "$(dirname "$0")/lib.sh"

data="$(mktemp -d -t docket-bench.XXXXXX)"
export DOCKET_DATA_DIR="$data" DOCKET_LISTEN="127.0.0.1:$PORT" DOCKET_LOG=warn LEPTOS_SITE_ROOT="$ROOT/target/site"
unset DOCKET_DATABASE_URL DOCKET_APP_DATABASE_URL
"$BIN" migrate >/dev/null
"$BIN" seed demo >/dev/null
password=$("$BIN" admin create --email ops@bench.test | sed -n 's/^Password: *//p')
echo "seeding $FIRMS firms..."
python3 - "$data/docket.db" "$FIRMS" <<'PY'
import random, sqlite3, sys, time, uuid
db, n = sys.argv[1], int(sys.argv[2])
con = sqlite3.connect(db)
created_at = con.execute("SELECT created_at FROM firms LIMIT 1").fetchone()[0]
now = int(time.time())
day, hour = now // 86400, now // 3600
random.seed(7)
firms, stats, activity = [], [], []
for i in range(n):
    fid = uuid.uuid4().bytes
    status = "suspended" if i % 50 == 0 else "active"
    plan = ("starter", "standard", "enterprise")[i % 3]
    # Spread creation over the last 12 weeks, in the stored text form.
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(now - random.randint(0, 84 * 86400)))
    firms.append((fid, f"firm-{i:05d}", f"Firm {i:05d} LLP", status, plan, stamp + created_at[19:]))
    stats.append((fid, random.randint(1, 40), random.randint(0, 500), random.randint(0, 5000), random.randint(0, 20 * 1024**3), now - random.randint(0, 30 * 86400)))
    if i % 3 == 0:
        for d in range(30):
            activity.append((fid, "d", day - d, random.randint(0, 2000), random.randint(0, 30)))
        for h in range(24):
            activity.append((fid, "h", hour - h, random.randint(0, 100), random.randint(0, 3)))
con.executemany("INSERT INTO firms (id, slug, name, status, plan, created_at) VALUES (?, ?, ?, ?, ?, ?)", firms)
con.executemany("INSERT INTO firm_stats (firm_id, users, matters, documents, storage_bytes, last_activity_at) VALUES (?, ?, ?, ?, ?, ?)", stats)
con.executemany("INSERT INTO firm_activity (firm_id, period, start, requests, sign_ins) VALUES (?, ?, ?, ?, ?)", activity)
con.commit()
print(f"{n} firms, {len(activity)} activity rows")
PY
${TASKSET:-} "$BIN" serve >/dev/null 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null && break; sleep 0.2; done

host="admin.localhost"
base="http://127.0.0.1:$PORT"
jar="$data/cookies"
curl -fsS -c "$jar" -H "Host: $host" -H "Origin: http://$host" \
  --data "email=ops%40bench.test&password=$password&next=%2F" "$base/api/auth/sign-in" >/dev/null
view() {
  curl -fsS -b "$jar" -H "Host: $host" -H "Origin: http://$host" -o /dev/null -w '%{time_total}\n' "$@"
}
for args in "" "query[sort]=storage" "query[sort]=activity" "query[q]=firm-0420" "query[status]=suspended&query[sort]=users"; do
  for _ in $(seq "$RUNS"); do view --data "$args" "$base/api/platform/dashboard"; done |
    percentiles "dashboard ${args:-default} ($FIRMS firms, $PROFILE, $RUNS runs)"
done
for _ in $(seq "$RUNS"); do view "$base/"; done | percentiles "GET / rendered ($FIRMS firms, $PROFILE, $RUNS runs)"
echo "server memory after: $(rss)"
