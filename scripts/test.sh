#!/usr/bin/env bash
# Runs every test: builds the solution, provisions a throwaway PostgreSQL, runs the unit, cluster and
# HTTP tests against it, then fuzzes a silo and gateway started on it (one more test: FUZZ_BUDGET
# requests, default 800), and removes it all again. Prints 'N passed, N failed' at the end.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

ensure_tools
ensure_dotnet
scratch=$(mktemp -d /tmp/orleans-loyalty-test.XXXXXX)
chmod 755 "$scratch"
pg_port="${LOYALTY_TEST_PG_PORT:-55432}"

cleanup() {
  stop_loyalty_system
  stop_local_postgres "$scratch/postgres"
  rm -rf "$scratch"
}
trap cleanup EXIT

# fsync off: this database is thrown away; commit semantics (what tests observe) are unchanged.
start_local_postgres "$scratch/postgres" "$pg_port" fsync=off
export LOYALTY_TEST_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=postgres"

log "Restoring and building"
dotnet restore OrleansLoyalty.sln -v quiet
dotnet build OrleansLoyalty.sln -c Release --no-restore -v quiet -nologo

log "Running tests"
status=0
dotnet test OrleansLoyalty.sln -c Release --no-build --logger "console;verbosity=normal" 2>&1 | tee "$scratch/test.log" || status=$?

# The fuzz stage: malformed and adversarial requests to every endpoint of a running gateway, on its own
# database and ports (gateway, silo health, silo, Orleans gateway; clear of scripts/up.sh and scripts/fuzz.sh).
# It counts as one test.
log "Fuzzing a running system"
read -r fuzz_http_port fuzz_silo_http_port fuzz_silo_port fuzz_gateway_port <<<"${LOYALTY_TEST_FUZZ_PORTS:-5190 5191 11221 30110}"
create_database "$pg_port" fuzz
fuzz_status=0
run_fuzz_scenario "Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=fuzz" "$scratch/fuzz-logs" \
  "$fuzz_http_port" "$fuzz_silo_http_port" "$fuzz_silo_port" "$fuzz_gateway_port" \
  --budget "${FUZZ_BUDGET:-800}" --recovery-seconds 10 || fuzz_status=$?
if [ "$fuzz_status" -ne 0 ]; then
  status=1
  # The trap removes the scratch directory: keep the logs that explain the fuzz failures.
  kept=$(mktemp -d /tmp/orleans-loyalty-fuzz-logs.XXXXXX)
  cp "$scratch"/fuzz-logs/*.log "$kept"/ 2>/dev/null && echo "silo and gateway logs kept in $kept" >&2
fi

# One plain closing line over all test projects and the fuzz stage, for people and for CI.
awk -v fuzz_failed="$((fuzz_status != 0))" \
  '/^ +Passed: +[0-9]+$/ { p += $2 } /^ +Failed: +[0-9]+$/ { f += $2 } /^ +Skipped: +[0-9]+$/ { s += $2 }
   END { printf "%d passed, %d failed, %d skipped\n", p + 1 - fuzz_failed, f + fuzz_failed, s }' "$scratch/test.log"
exit "$status"
