#!/usr/bin/env bash
# Invoices on loopback: LINES billable time entries (default 500, half of them long
# descriptions) on one matter of the demo firm, made into one draft invoice and issued; then
# the invoice's PDF and LEDES export downloaded RUNS times each (default 30). Prints how long
# making and issuing the 500-line invoice took, p50/p90/p99/max of each download (the whole
# request: session, firm transaction, the invoice read, rendering), the PDF's size and pages,
# and the server's resident memory.
#
#   bench/invoices.sh                         # release build (builds it if needed)
#   PROFILE=debug LINES=100 bench/invoices.sh
set -euo pipefail
LINES="${LINES:-500}"
RUNS="${RUNS:-30}"
source "$(dirname "$0")/lib.sh"
start_server

host="demo.localhost"
base="http://127.0.0.1:$PORT"
work="$(mktemp -d -t docket-bench-invoices.XXXXXX)"
trap 'kill $server 2>/dev/null; rm -rf "$data" "$work"' EXIT
jar="$work/cookies"
post() { curl -fsS -b "$jar" -c "$jar" -H "Host: $host" -H "Origin: http://$host" "$@"; }
id() { python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])'; }
post --data 'email=admin%40demo.test&password=demo-docket-2026&next=%2F' "$base/api/auth/sign-in" >/dev/null
client=$(post --data 'name=Bench+Client&email=&phone=&kind=company&notes=' "$base/api/clients/create" | id)
matter=$(post --data "client_id=$client&form[title]=Bench&form[status]=open&form[opened_on]=2026-12-01&opening[conflict][decision]=clear" \
  "$base/api/matters/create" | id)
today=$(date -u +%F)
long="Reviewed+and+revised+the+draft+agreement+and+its+schedules%2C+conferred+with+opposing+counsel+on+the+open+points+and+reported+to+the+client"
echo "recording $LINES time entries..."
for i in $(seq "$LINES"); do
  description=$([ $((i % 2)) = 0 ] && echo "$long" || echo "Call+$i")
  post --data "matter_id=$matter&worked_on=$today&duration=0:$((i % 50 + 7))&description=$description&billable=true&task_code=L120&activity_code=A103" \
    "$base/api/time/create" >/dev/null
done
start=$(date +%s.%N)
invoice=$(post --data "form[client_id]=$client&form[matter_ids][0]=$matter&form[to]=$today" "$base/api/invoices/create" | id)
made=$(date +%s.%N)
post --data "id=$invoice" "$base/api/invoices/issue" >/dev/null
issued=$(date +%s.%N)
ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.0f", (b - a) * 1000 }'; }
echo "draft from $LINES entries: $(ms "$start" "$made") ms; issue: $(ms "$made" "$issued") ms ($PROFILE)"

download() {
  curl -fsS -b "$jar" -H "Host: $host" -o "$work/$2" -w '%{time_total}\n' "$base/billing/invoices/$invoice/$1"
}
for format in pdf ledes; do
  for _ in $(seq "$RUNS"); do download "$format" "invoice.$format"; done | percentiles "GET $format of $LINES lines ($PROFILE, $RUNS runs)"
done
echo "PDF: $(stat -c %s "$work/invoice.pdf") bytes, $(pdfinfo "$work/invoice.pdf" | awk '/^Pages/ { print $2 }') pages; LEDES: $(wc -l < "$work/invoice.ledes") lines"
echo "server memory after: $(rss)"
