#!/usr/bin/env bash
# Fuzzes a system this script starts itself: PostgreSQL (a throwaway instance unless LOYALTY_PG names a
# database), one silo and the gateway in the background on ports of their own (they do not clash with
# scripts/up.sh), then the load-tests fuzz verb against it; everything is stopped again at the end.
# Exits with the fuzzer's status: 0 only when it found no failure.
#
#   LOYALTY_PG        Npgsql connection string of an existing database (skips the throwaway PostgreSQL)
#   FUZZ_BUDGET       fuzz requests to send (default 3000)
#   FUZZ_ARGS         further options of the fuzz verb, e.g. "--seed 7 --concurrency 4" (see fuzz --help)
#   FUZZ_PG_PORT      port of the throwaway PostgreSQL (default 55442)
#   FUZZ_HTTP_PORT    gateway port (default 5180); the silo uses FUZZ_SILO_HTTP_PORT (5181),
#                     FUZZ_SILO_PORT (11211) and FUZZ_GATEWAY_PORT (30100)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

scratch=$(mktemp -d /tmp/orleans-loyalty-fuzz.XXXXXX)
chmod 755 "$scratch"
local_pg=
status=0

cleanup() {
  trap - EXIT INT TERM
  stop_loyalty_system
  if [ -n "$local_pg" ]; then stop_local_postgres "$local_pg"; rm -rf "$local_pg"; fi
  # The silo and gateway logs stay when the run failed: they hold the exceptions behind the failures.
  if [ "$status" -eq 0 ]; then rm -rf "$scratch"; fi
}
trap cleanup EXIT INT TERM

ensure_tools
ensure_dotnet
if [ -z "${LOYALTY_PG:-}" ]; then
  pg_port="${FUZZ_PG_PORT:-55442}"
  local_pg="$scratch/postgres"
  # fsync off: this database is thrown away; what the fuzzer observes does not depend on durability.
  start_local_postgres "$local_pg" "$pg_port" fsync=off
  create_database "$pg_port" fuzz
  LOYALTY_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=fuzz"
fi

log "Building"
for project in silo/OrleansLoyalty.Silo.csproj gateway/OrleansLoyalty.Gateway.csproj load-tests/OrleansLoyalty.LoadTests.csproj; do
  dotnet build -c Release -v quiet -nologo "$project"
done

# FUZZ_ARGS is split into words on purpose: it carries options.
# shellcheck disable=SC2086
run_fuzz_scenario "$LOYALTY_PG" "$scratch/logs" "${FUZZ_HTTP_PORT:-5180}" "${FUZZ_SILO_HTTP_PORT:-5181}" \
  "${FUZZ_SILO_PORT:-11211}" "${FUZZ_GATEWAY_PORT:-30100}" --budget "${FUZZ_BUDGET:-3000}" ${FUZZ_ARGS:-} || status=$?
exit "$status"
