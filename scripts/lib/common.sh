# Shared by scripts/up.sh and scripts/test.sh: install what a fresh Debian machine lacks,
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
