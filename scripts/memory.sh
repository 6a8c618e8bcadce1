#!/usr/bin/env bash
# Resident memory per active member: the silo's RSS before and after enrolling (and so activating)
# MEMBERS members through the gateway of a running system (scripts/up.sh), divided by MEMBERS.
#   MEMBERS (default 100000), LOYALTY_URL (default http://127.0.0.1:5080), CONCURRENCY (default 32)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

members=${MEMBERS:-100000}
url=${LOYALTY_URL:-http://127.0.0.1:5080}
silo_pid=$(pgrep -f 'OrleansLoyalty.Silo.dll' | head -n 1) || { echo "no silo process is running" >&2; exit 2; }
rss_kib() { awk '/^VmRSS:/ { print $2 }' "/proc/$silo_pid/status"; }

dotnet build -c Release -v quiet -nologo load-tests/OrleansLoyalty.LoadTests.csproj
before=$(rss_kib)
log "Silo $silo_pid RSS before: $((before / 1024)) MiB; enrolling $members members"
dotnet load-tests/bin/Release/net10.0/OrleansLoyalty.LoadTests.dll pos --url "$url" --members "$members" \
  --concurrency "${CONCURRENCY:-32}" --duration 1 --warmup 0 --mix lookup=100 >/dev/null
after=$(rss_kib)
active=$(psql -h 127.0.0.1 -p "${LOYALTY_PG_PORT:-5433}" -U postgres -d loyalty -Atc \
  "SELECT count(DISTINCT member_id) FROM member_events" 2>/dev/null || echo "?")
printf 'silo RSS before %d MiB, after %d MiB; %d members enrolled in this run (%s in the database)\n' \
  $((before / 1024)) $((after / 1024)) "$members" "$active"
printf 'resident memory per active member: %.2f KiB\n' "$(echo "($after - $before) / $members" | bc -l)"
