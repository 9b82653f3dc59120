#!/usr/bin/env bash
# Documents on loopback: one SIZE_MB file (default 1024) uploaded to a matter of the demo firm
# and downloaded again, with curl streaming from and to disk. Prints the throughput of each
# (MB/s of plaintext; encryption, hashing and the local object store included), the server's
# peak resident memory during each (VmHWM, reset before each phase), and checks that the
# downloaded bytes equal the uploaded ones.
#
#   bench/documents.sh                      # release build (builds it if needed)
#   PROFILE=debug SIZE_MB=256 bench/documents.sh
set -euo pipefail
SIZE_MB="${SIZE_MB:-1024}"
source "$(dirname "$0")/lib.sh"
export DOCKET_MAX_UPLOAD_MB=$((SIZE_MB + 1)) DOCKET_FIRM_QUOTA_MB=$((SIZE_MB * 2 + 1))
start_server

host="demo.localhost"
base="http://127.0.0.1:$PORT"
work="$(mktemp -d -t docket-bench-docs.XXXXXX)"
trap 'kill $server 2>/dev/null; rm -rf "$data" "$work"' EXIT
jar="$work/cookies"
post() { curl -fsS -b "$jar" -c "$jar" -H "Host: $host" -H "Origin: http://$host" "$@"; }
post --data 'email=admin%40demo.test&password=demo-docket-2026&next=%2F' "$base/api/auth/sign-in" >/dev/null
client=$(post --data 'name=Bench+Client&email=&phone=&kind=company&notes=' "$base/api/clients/create" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
matter=$(post --data "client_id=$client&form[title]=Bench&form[status]=open&form[opened_on]=2026-12-01&opening[conflict][decision]=clear" \
  "$base/api/matters/create" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')

echo "writing a ${SIZE_MB} MB file of random bytes..."
head -c "${SIZE_MB}M" /dev/urandom > "$work/file.bin"
reset_peak() { echo 5 > "/proc/$server/clear_refs"; }
peak() { awk '/VmHWM/ { printf "%d MiB", $2 / 1024 }' "/proc/$server/status"; }
echo "server memory at rest: $(rss)"

reset_peak
read -r up_time up_speed < <(post -X POST -T "$work/file.bin" -H 'x-file-name: bench.bin' \
  -H 'Content-Type: application/octet-stream' -o "$work/document.json" -w '%{time_total} %{speed_upload}\n' \
  "$base/api/documents/upload?matter=$matter")
document=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["id"])' "$work/document.json")
printf 'upload %s MB (%s): %.1f s, %.1f MB/s, server peak memory %s\n' "$SIZE_MB" "$PROFILE" "$up_time" \
  "$(echo "$up_speed" | awk '{ print $1 / 1048576 }')" "$(peak)"

reset_peak
read -r down_time down_speed < <(curl -fsS -b "$jar" -H "Host: $host" -o "$work/back.bin" \
  -w '%{time_total} %{speed_download}\n' "$base/documents/$document/download")
printf 'download %s MB (%s): %.1f s, %.1f MB/s, server peak memory %s\n' "$SIZE_MB" "$PROFILE" "$down_time" \
  "$(echo "$down_speed" | awk '{ print $1 / 1048576 }')" "$(peak)"

if cmp -s "$work/file.bin" "$work/back.bin"; then echo "downloaded bytes equal the uploaded ones"; else echo "MISMATCH" >&2; exit 1; fi
echo "stored object: $(du -m "$data/documents" | tail -1 | cut -f1) MiB on disk (ciphertext)"
