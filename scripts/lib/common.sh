# Shared by scripts/up.sh, scripts/test.sh and scripts/fuzz.sh: install what a fresh Debian machine lacks,
# and provision a project-local PostgreSQL when none is configured. Source it; don't run it.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_updated=
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq >/dev/null; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

ensure_tools() {
  local missing=()
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  command -v runuser >/dev/null 2>&1 || missing+=(util-linux)
  if [ ${#missing[@]} -gt 0 ]; then log "Installing ${missing[*]}"; apt_install ca-certificates "${missing[@]}"; fi
}

ensure_dotnet() {
  if command -v dotnet >/dev/null 2>&1 && dotnet --list-sdks | grep -q '^10\.'; then return; fi
  log "Installing the .NET 10 SDK"
  apt_install ca-certificates curl dotnet-sdk-10.0 || {
    echo "Could not install the .NET 10 SDK with apt; install it from https://dot.net and re-run." >&2; exit 1; }
}

# Prints the directory holding initdb/pg_ctl/postgres, installing the Debian server package if needed.
postgres_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$dir" ] && command -v initdb >/dev/null 2>&1; then dir=$(dirname "$(readlink -f "$(command -v initdb)")"); fi
  if [ -z "$dir" ]; then
    log "Installing the PostgreSQL server"
    apt_install postgresql postgresql-contrib
    dir=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  command -v psql >/dev/null 2>&1 || apt_install postgresql-client
  echo "$dir"
}

# initdb refuses root, so a root caller runs the server as the 'postgres' user.
as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# start_local_postgres DATA_DIR PORT [extra postgres -c settings...]
# Creates the cluster on first use (trust auth, loopback only), starts it, waits until it accepts connections.
start_local_postgres() {
  local data_dir="$1" port="$2"; shift 2
  local bin; bin=$(postgres_bin)
  mkdir -p "$data_dir"
  if [ "$(id -u)" -eq 0 ]; then chown postgres: "$data_dir"; fi
  chmod 700 "$data_dir"
  if [ ! -f "$data_dir/PG_VERSION" ]; then
    log "Creating a PostgreSQL cluster in $data_dir"
    as_pg_user "$bin/initdb" -D "$data_dir" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  fi
  local options="-c listen_addresses=127.0.0.1 -c port=$port -c unix_socket_directories=$data_dir -c max_connections=300 -c shared_buffers=256MB"
  for setting in "$@"; do options="$options -c $setting"; done
  log "Starting PostgreSQL on 127.0.0.1:$port"
  as_pg_user "$bin/pg_ctl" -D "$data_dir" -l "$data_dir/server.log" -o "$options" -w -t 60 start >/dev/null
}

stop_local_postgres() {
  local data_dir="$1" bin; bin=$(postgres_bin)
  as_pg_user "$bin/pg_ctl" -D "$data_dir" -m fast -w stop >/dev/null 2>&1 || true
}

# create_database PORT NAME: idempotent.
create_database() {
  local port="$1" name="$2"
  if ! psql -h 127.0.0.1 -p "$port" -U postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$name'" | grep -q 1; then
    psql -h 127.0.0.1 -p "$port" -U postgres -qc "CREATE DATABASE \"$name\"" >/dev/null
  fi
}

# Waits until URL answers 2xx, or fails after TIMEOUT seconds; PID, if given, must stay alive meanwhile.
wait_for_http() {
  local url="$1" timeout="$2" pid="${3:-}" deadline=$((SECONDS + $2))
  until curl -fsS -o /dev/null "$url" 2>/dev/null; do
    if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then echo "process $pid exited while waiting for $url" >&2; return 1; fi
    if [ "$SECONDS" -ge "$deadline" ]; then echo "timed out after ${timeout}s waiting for $url" >&2; return 1; fi
    sleep 0.5
  done
}

# start_loyalty_system CONNECTION_STRING LOG_DIR HTTP_PORT SILO_HTTP_PORT SILO_PORT GATEWAY_PORT [CLUSTER_ID]
# Starts one silo and the gateway (Development keys) in the background from their Release build output,
# each logging to LOG_DIR, and waits until both are ready. Build silo and gateway first. The ports and
# the cluster id are parameters so a second system can run beside scripts/up.sh, even on its database.
# Remembers the processes in LOYALTY_SYSTEM_PIDS for stop_loyalty_system.
LOYALTY_SYSTEM_PIDS=()
start_loyalty_system() {
  local connection="$1" log_dir="$2" http_port="$3" silo_http_port="$4" silo_port="$5" gateway_port="$6" cluster_id="${7:-loyalty}"
  mkdir -p "$log_dir"
  log "Starting a silo on 127.0.0.1:$silo_port (health $silo_http_port, cluster $cluster_id; it applies the schema first)"
  # Each process runs from its build output, where its appsettings*.json are.
  (cd "$REPO_ROOT/silo/bin/Release/net10.0" && ConnectionStrings__Loyalty="$connection" Orleans__AdvertisedIP=127.0.0.1 \
    Orleans__ClusterId="$cluster_id" Orleans__SiloPort="$silo_port" Orleans__GatewayPort="$gateway_port" \
    Urls="http://127.0.0.1:$silo_http_port" exec dotnet OrleansLoyalty.Silo.dll) >"$log_dir/silo.log" 2>&1 &
  LOYALTY_SYSTEM_PIDS+=($!)
  wait_for_http "http://127.0.0.1:$silo_http_port/health/ready" 120 "$!" || return 1
  log "Starting the gateway on http://127.0.0.1:$http_port"
  (cd "$REPO_ROOT/gateway/bin/Release/net10.0" && ConnectionStrings__Loyalty="$connection" Orleans__ClusterId="$cluster_id" \
    ASPNETCORE_ENVIRONMENT=Development Urls="http://127.0.0.1:$http_port" exec dotnet OrleansLoyalty.Gateway.dll) >"$log_dir/gateway.log" 2>&1 &
  LOYALTY_SYSTEM_PIDS+=($!)
  wait_for_http "http://127.0.0.1:$http_port/health/ready" 120 "$!" || return 1
}

# Stops what start_loyalty_system started (gateway first, so it does not log the silo going away). A silo
# whose grains are stuck can take long to stop gracefully: after 15 s it is killed.
stop_loyalty_system() {
  local i pid deadline=$((SECONDS + 15))
  for ((i = ${#LOYALTY_SYSTEM_PIDS[@]} - 1; i >= 0; i--)); do kill "${LOYALTY_SYSTEM_PIDS[i]}" 2>/dev/null || true; done
  for pid in "${LOYALTY_SYSTEM_PIDS[@]}"; do
    while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.5; done
    kill -9 "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  LOYALTY_SYSTEM_PIDS=()
}

# run_fuzz_scenario CONNECTION_STRING LOG_DIR HTTP_PORT SILO_HTTP_PORT SILO_PORT GATEWAY_PORT [fuzz options...]
# Starts a silo and gateway (cluster loyalty-fuzz) on the given database and ports, runs the load-tests fuzz
# verb against it, stops both again and returns the fuzzer's exit status. Build silo, gateway and load-tests first.
run_fuzz_scenario() {
  local connection="$1" log_dir="$2" http_port="$3" silo_http_port="$4" silo_port="$5" gateway_port="$6" status=0
  shift 6
  if ! start_loyalty_system "$connection" "$log_dir" "$http_port" "$silo_http_port" "$silo_port" "$gateway_port" loyalty-fuzz; then
    echo "the system did not start; logs in $log_dir" >&2
    stop_loyalty_system
    return 1
  fi
  log "Fuzzing http://127.0.0.1:$http_port"
  dotnet run -c Release --project "$REPO_ROOT/load-tests" --no-build -- fuzz --base-url "http://127.0.0.1:$http_port" "$@" || status=$?
  log "Stopping the fuzzed system"
  stop_loyalty_system
  if [ "$status" -ne 0 ]; then echo "silo and gateway logs: $log_dir" >&2; fi
  return "$status"
}
