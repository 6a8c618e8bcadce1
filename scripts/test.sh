#!/usr/bin/env bash
# Runs every test: builds the solution, provisions a throwaway PostgreSQL, runs the unit, cluster and
# HTTP tests against it, and removes it again. Prints 'N passed, N failed' at the end.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

ensure_tools
ensure_dotnet
scratch=$(mktemp -d /tmp/orleans-loyalty-test.XXXXXX)
chmod 755 "$scratch"
pg_port="${LOYALTY_TEST_PG_PORT:-55432}"

cleanup() {
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

# One plain closing line over all test projects, for people and for CI.
awk '/^ +Passed: +[0-9]+$/ { p += $2 } /^ +Failed: +[0-9]+$/ { f += $2 } /^ +Skipped: +[0-9]+$/ { s += $2 }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$scratch/test.log"
exit "$status"
