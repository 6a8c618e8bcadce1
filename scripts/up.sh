#!/usr/bin/env bash
# Starts the whole system in the foreground: PostgreSQL (a project-local instance under .data/ unless
# LOYALTY_PG names one), one silo, and the gateway on http://127.0.0.1:5080. Ctrl-C stops what it started.
# A development start: the gateway runs as Development with the published dev-* API keys, and everything
# listens on loopback only. For anything else use docker-compose.yml (Production, keys of your own; README).
#
#   LOYALTY_PG         Npgsql connection string of an existing database (skips the local PostgreSQL)
#   LOYALTY_HTTP_PORT  gateway port (default 5080)
#   LOYALTY_DATA_DIR   where the local PostgreSQL keeps its data (default .data/)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
cd "$REPO_ROOT"

http_port="${LOYALTY_HTTP_PORT:-5080}"
silo_http_port="${LOYALTY_SILO_HTTP_PORT:-5081}"
pg_port="${LOYALTY_PG_PORT:-5433}"
data_dir="${LOYALTY_DATA_DIR:-$REPO_ROOT/.data}"
pids=()
local_pg=

cleanup() {
  trap - EXIT INT TERM
  log "Stopping"
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$local_pg" ]; then stop_local_postgres "$local_pg"; fi
}
trap cleanup EXIT INT TERM

ensure_tools
ensure_dotnet
if [ -z "${LOYALTY_PG:-}" ]; then
  mkdir -p "$data_dir"
  local_pg="$data_dir/postgres"
  start_local_postgres "$local_pg" "$pg_port"
  create_database "$pg_port" loyalty
  LOYALTY_PG="Host=127.0.0.1;Port=$pg_port;Username=postgres;Database=loyalty"
fi

log "Building"
dotnet build -c Release -v quiet -nologo silo/OrleansLoyalty.Silo.csproj
dotnet build -c Release -v quiet -nologo gateway/OrleansLoyalty.Gateway.csproj

export ConnectionStrings__Loyalty="$LOYALTY_PG"
# Silo-to-silo and client ports are unauthenticated: advertise, and so listen on, loopback only.
export Orleans__AdvertisedIP=127.0.0.1

log "Starting a silo (it applies the schema first)"
# Each process runs from its build output, where its appsettings*.json are.
(cd silo/bin/Release/net10.0 && Urls="http://127.0.0.1:$silo_http_port" exec dotnet OrleansLoyalty.Silo.dll) &
pids+=($!)
wait_for_http "http://127.0.0.1:$silo_http_port/health/ready" 120 "${pids[-1]}"

log "Starting the gateway"
(cd gateway/bin/Release/net10.0 && ASPNETCORE_ENVIRONMENT=Development \
  Urls="http://127.0.0.1:$http_port" exec dotnet OrleansLoyalty.Gateway.dll) &
pids+=($!)
wait_for_http "http://127.0.0.1:$http_port/health/ready" 120 "${pids[-1]}"

cat <<MSG

  OrleansLoyalty is up (Development).
    API            http://127.0.0.1:$http_port/v1/...
    API keys       DEVELOPMENT KEYS ACTIVE: X-Api-Key: dev-admin-key | dev-pos-key | dev-app-key | dev-web-key | dev-integration-key | dev-partner-key (partner p-demo)
                   They are published (gateway/appsettings.Development.json): not for production.
                   docker-compose.yml runs as Production and refuses to start without keys of your own.
    API reference  http://127.0.0.1:$http_port/scalar/v1
    OpenAPI        http://127.0.0.1:$http_port/openapi/v1.json
    Health         http://127.0.0.1:$http_port/health/ready
  Ctrl-C stops everything this script started.

MSG
# Stay in the foreground until Ctrl-C or until either process exits.
wait -n "${pids[@]}"
