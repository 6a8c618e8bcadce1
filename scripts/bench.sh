#!/usr/bin/env bash
# Measures the gateway against the two ceilings it cannot beat on this machine, in one go:
#   (a) HTTP ceiling   - the pos generator against a bare Kestrel endpoint (load-tests baseline-server), lookups only
#   (b) gateway reads  - the pos generator against the gateway, lookups only
#   (c) gateway writes - the pos generator against the gateway, purchases only (balances verified afterwards)
#   (d) durable insert - pgbench, one single-row INSERT per transaction (load-tests/pgbench/insert.sql)
# and prints lookup rps / baseline rps and purchase rps / pgbench tps with the p99 latencies.
#
# Needs: a running system (scripts/up.sh), dotnet, psql, pgbench, jq, curl.
#   LOYALTY_URL         gateway base address                         (default http://127.0.0.1:5080)
#   LOYALTY_PG          the database for pgbench: a libpq URI or keyword string, or the Npgsql connection string
#                       scripts/up.sh takes (default: up.sh's local PostgreSQL, host=127.0.0.1 port=5433
#                       user=postgres dbname=loyalty). The bench_events table is created there and dropped again.
#   BENCH_CONCURRENCY   closed-loop workers / pgbench clients        (default 32)
#   BENCH_DURATION      measured seconds per step                    (default 20)
#   BENCH_WARMUP        warm-up seconds per generator step           (default 5)
#   BENCH_MEMBERS       members enrolled per gateway step            (default 1000)
#   BENCH_BASELINE_PORT port of the baseline server                  (default 5090)
#   BENCH_OUT           directory for logs and JSON summaries        (default a new temporary directory)
#
# Every step shares the machine with everything else that runs on it (silo, gateway, PostgreSQL, the generator
# itself), so compare ratios from the same machine rather than absolute numbers across machines.
set -euo pipefail
export LC_ALL=C   # printf and awk below read and print numbers with a decimal point
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"

url=${LOYALTY_URL:-http://127.0.0.1:5080}
pg=${LOYALTY_PG:-host=127.0.0.1 port=${LOYALTY_PG_PORT:-5433} user=postgres dbname=loyalty}
concurrency=${BENCH_CONCURRENCY:-32}
duration=${BENCH_DURATION:-20}
warmup=${BENCH_WARMUP:-5}
members=${BENCH_MEMBERS:-1000}
baseline_port=${BENCH_BASELINE_PORT:-5090}
out=${BENCH_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/loyalty-bench.XXXXXX")}
mkdir -p "$out"

for tool in dotnet psql pgbench jq curl; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is not on PATH" >&2; exit 2; }
done

# psql and pgbench speak libpq. An Npgsql string (Host=..;Port=..;Username=..) is handed over as PG* environment
# variables instead, which also spares quoting its values; pg_conn then stays empty and libpq reads the environment.
pg_conn=("$pg")
if [[ $pg != postgres://* && $pg != postgresql://* && $pg == *";"* ]]; then
  pg_conn=()
  IFS=';' read -ra npgsql_pairs <<<"$pg"
  for pair in "${npgsql_pairs[@]}"; do
    key=${pair%%=*} value=${pair#*=}
    key=${key,,} key=${key// /}
    case $key in
      host | server) export PGHOST=$value ;;
      port) export PGPORT=$value ;;
      username | user | userid) export PGUSER=$value ;;
      password | pwd) export PGPASSWORD=$value ;;
      database | db) export PGDATABASE=$value ;;
    esac
  done
fi

# --- cleanup: stop the baseline server and drop the bench table, however the script ends ---------------------------
baseline_pid=
bench_table_created=
cleanup() {
  if [[ -n $baseline_pid ]] && kill -0 "$baseline_pid" 2>/dev/null; then
    kill "$baseline_pid"
    wait "$baseline_pid" 2>/dev/null || true
  fi
  if [[ -n $bench_table_created ]]; then
    psql "${pg_conn[@]}" -q -c 'DROP TABLE IF EXISTS bench_events' >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM   # turn Ctrl-C into a normal exit so the EXIT trap runs once

# --- build once, then run the dll directly so no step pays for `dotnet run`'s up-to-date check ---------------------
log "Building load-tests (Release)"
dotnet build "$REPO_ROOT/load-tests" -c Release -nologo -v quiet
dll=$REPO_ROOT/load-tests/bin/Release/net10.0/OrleansLoyalty.LoadTests.dll
[[ -f $dll ]] || { echo "bench: $dll not found after the build" >&2; exit 2; }

# Fail early, before any measuring, if the gateway or the database is not there.
if [[ $(curl -s -o /dev/null -w '%{http_code}' "$url/v1/members/lookup?type=loyalty&value=0") == 000 ]]; then
  echo "bench: no HTTP answer from the gateway at $url (set LOYALTY_URL)" >&2
  exit 2
fi
psql "${pg_conn[@]}" -q -c 'SELECT 1' >/dev/null

# Runs the generator, teeing its output to a log. A failed verification (exit 1) is recorded and reported in the
# summary instead of aborting, so the remaining steps still run.
failed_steps=()
run_generator() {
  local step=$1
  shift
  log "$step"
  local status=0
  dotnet "$dll" pos --concurrency "$concurrency" --duration "$duration" --warmup "$warmup" \
    --json "$out/$step.json" "$@" | tee "$out/$step.log" || status=$?
  if ((status != 0)); then
    failed_steps+=("$step (exit $status)")
  fi
  [[ -f $out/$step.json ]] || { echo "bench: $step wrote no summary" >&2; exit 1; }
}

# --- (a) HTTP ceiling ------------------------------------------------------------------------------------------------
log "Starting baseline-server on port $baseline_port"
dotnet "$dll" baseline-server --port "$baseline_port" >"$out/baseline-server.log" 2>&1 &
baseline_pid=$!
wait_for_http "http://127.0.0.1:$baseline_port/v1/members/lookup?type=phone&value=0" 30 "$baseline_pid" ||
  { cat "$out/baseline-server.log" >&2; exit 1; }
run_generator baseline-lookup --url "http://127.0.0.1:$baseline_port" --no-enrol --members "$members" --mix lookup=100
# Stop it now: on a small machine an idle server still competes with the steps that follow.
kill "$baseline_pid"
wait "$baseline_pid" 2>/dev/null || true
baseline_pid=

# --- (b) and (c) the gateway ---------------------------------------------------------------------------------------
run_generator gateway-lookup --url "$url" --members "$members" --mix lookup=100
run_generator gateway-purchase --url "$url" --members "$members" --mix purchase=100

# --- (d) PostgreSQL single-row durable inserts at the same concurrency -----------------------------------------------
log "pgbench single-row insert"
psql "${pg_conn[@]}" -q -v ON_ERROR_STOP=1 -f "$REPO_ROOT/load-tests/pgbench/schema.sql"
bench_table_created=yes
# pgbench needs at least as many clients as threads; -l logs every transaction's latency for the p99 below.
threads=$((concurrency < 2 ? concurrency : 2))
rm -f "$out"/pgbench-tx.*
(cd "$out" && pgbench -n -c "$concurrency" -j "$threads" -T "$duration" -l --log-prefix=pgbench-tx \
  -f "$REPO_ROOT/load-tests/pgbench/insert.sql" "${pg_conn[@]}") | tee "$out/pgbench.log"
pgbench_tps=$(awk '/^tps = / { print $3; exit }' "$out/pgbench.log")
# Third column of the transaction log is the latency in microseconds.
pgbench_p99_ms=$(cat "$out"/pgbench-tx.* | awk '{ print $3 }' | sort -n |
  awk '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; printf "%.2f", v[i] / 1000 }')

# --- summary -------------------------------------------------------------------------------------------------------
field() { jq -r "$2" "$out/$1.json"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "n/a" }'; }

baseline_rps=$(field baseline-lookup '.overall.rps')
lookup_rps=$(field gateway-lookup '.overall.rps')
purchase_rps=$(field gateway-purchase '.overall.rps')

log "Summary: concurrency $concurrency, ${duration}s per step (logs and JSON in $out)"
printf '%-34s %12s %10s %8s\n' step throughput "p99 ms" errors
printf '%-34s %8.0f rps %10.2f %8s\n' "baseline-server lookup" "$baseline_rps" "$(field baseline-lookup '.overall.p99Ms')" "$(field baseline-lookup '.overall.errors')"
printf '%-34s %8.0f rps %10.2f %8s\n' "gateway lookup" "$lookup_rps" "$(field gateway-lookup '.overall.p99Ms')" "$(field gateway-lookup '.overall.errors')"
printf '%-34s %8.0f rps %10.2f %8s\n' "gateway purchase" "$purchase_rps" "$(field gateway-purchase '.overall.p99Ms')" "$(field gateway-purchase '.overall.errors')"
printf '%-34s %8.0f tps %10.2f %8s\n' "pgbench single-row insert" "$pgbench_tps" "$pgbench_p99_ms" -
echo
echo "gateway lookup rps / baseline rps:  $(ratio "$lookup_rps" "$baseline_rps")"
echo "gateway purchase rps / pgbench tps: $(ratio "$purchase_rps" "$pgbench_tps")"

if ((${#failed_steps[@]} > 0)); then
  echo
  echo "FAILED: ${failed_steps[*]} (see the logs in $out)"
  exit 1
fi
