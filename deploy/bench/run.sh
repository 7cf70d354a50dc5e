#!/usr/bin/env bash
# Benchmarks: the service side by side with what its own database can do, same machine, same run.
#   deploy/bench/run.sh            (see README "Performance"; settings below can be overridden by env)
# Starts its own PostgreSQL, builds and starts the packaged service (prod mode), seeds data, runs every
# scenario with wrk and its limit with pgbench/psql, stops everything, prints a table and writes it to
# target/bench/results.md. Each confirm scenario has two limits: orders.pgbench (the SQL the service sends
# today, a diagnostic) and essential-order.pgbench (the least SQL an order needs, the fixed yardstick).
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
DURATION=${DURATION:-20}            # seconds per measured run
WARMUP=${WARMUP:-60}               # seconds of unmeasured load first: the JIT compiler settles (C2 was still busy after 30 s)
MEDICINES=${MEDICINES:-1000}
STREAM_ROWS=${STREAM_ROWS:-1000000}
PG_PORT=${PG_PORT:-55432}
APP_PORT=${APP_PORT:-18080}
MGMT_PORT=${MGMT_PORT:-19000}      # health, metrics (the management interface)
JAVA_OPTS=${JAVA_OPTS:--Xmx512m}
SKIP_BUILD=${SKIP_BUILD:-0}
PAGE_WARMUP=${PAGE_WARMUP:-30}     # seconds of unmeasured page load before the page scenarios (JIT)
SCENARIOS=${SCENARIOS:-confirm page stream startup}   # a subset for quicker runs while profiling
GROUP_OFF=${GROUP_OFF:-1}           # 1: the confirm scenarios again with grouping off (#17), side by side
APP_OPTS=""                         # extra -D options of the service (grouping off: -Dpharmacy.orders.group.max-size=0)
JAVA25_HOME=${JAVA25_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}   # startup: the JDK that builds and uses the AOT cache
SKIP_AOT_BUILD=${SKIP_AOT_BUILD:-0}  # startup: 1 = use target/quarkus-app as built by -Daot already
has() { [[ " $SCENARIOS " == *" $1 "* ]]; }

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
BENCH=$ROOT/deploy/bench
OUT=$ROOT/target/bench
WORK=$(mktemp -d /tmp/pharmacy-bench.XXXXXX)
mkdir -p "$OUT"
chmod 755 "$WORK"
log() { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

# --- tools --------------------------------------------------------------------------------------
if ! command -v wrk >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing wrk"; apt-get install -y -qq wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
  else
    echo "wrk is required (Debian: apt-get install wrk)" >&2; exit 2
  fi
fi
for t in initdb postgres pg_ctl psql pgbench; do
  [ -x "$PG_BIN/$t" ] || { echo "PostgreSQL binaries not found in PG_BIN=$PG_BIN ($t)" >&2; exit 2; }
done
command -v openssl >/dev/null || { echo "openssl is required" >&2; exit 2; }
# tcpdump counts the round trips of one create + confirm; without it that row says n/a and why.
TCPDUMP_NA=""
if ! command -v tcpdump >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    log "installing tcpdump"; apt-get install -y -qq tcpdump >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq tcpdump >/dev/null 2>&1; } || true
  fi
  command -v tcpdump >/dev/null || TCPDUMP_NA="n/a: tcpdump is not installed (run as root to install it)"
fi
JSTAT=$(dirname "$(readlink -f "$(command -v java)")")/jstat

# PostgreSQL refuses to run as root: as root, its processes run as nobody.
as_pg() { if [ "$(id -u)" = 0 ]; then setpriv --reuid=nobody --regid="$(getent group nogroup >/dev/null && echo nogroup || echo nobody)" --clear-groups -- "$@"; else "$@"; fi; }
PSQL=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d pharmacy -v ON_ERROR_STOP=1 -qAt)

APP_PID=""
TCPDUMP_PID=""
cleanup() {
  [ -n "$TCPDUMP_PID" ] && kill "$TCPDUMP_PID" 2>/dev/null || true
  [ -n "$APP_PID" ] && kill "$APP_PID" 2>/dev/null && wait "$APP_PID" 2>/dev/null || true
  as_pg "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -m fast stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# --- PostgreSQL (documented settings) -----------------------------------------------------------
log "starting PostgreSQL ($("$PG_BIN/postgres" --version | awk '{print $3}')) on 127.0.0.1:$PG_PORT"
mkdir "$WORK/pgdata"; [ "$(id -u)" = 0 ] && chown nobody "$WORK/pgdata"
as_pg "$PG_BIN/initdb" -D "$WORK/pgdata" -U postgres -A trust -E UTF8 --locale=C >/dev/null
cat >> "$WORK/pgdata/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = ''
max_connections = 200
shared_buffers = 512MB
work_mem = 16MB
synchronous_commit = on
fsync = on
wal_buffers = 16MB
max_wal_size = 4GB
checkpoint_timeout = 15min
random_page_cost = 1.1
effective_cache_size = 4GB
CONF
as_pg "$PG_BIN/pg_ctl" -D "$WORK/pgdata" -l "$WORK/pgdata/server.log" -w start >/dev/null
"$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -qc "CREATE DATABASE pharmacy"

# --- the service ----------------------------------------------------------------------------------
if [ "$SKIP_BUILD" != 1 ]; then
  log "building the packaged service"
  (cd "$ROOT" && ./mvnw -B -q package -DskipTests)
fi
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$WORK/private.pem" 2>/dev/null
openssl pkey -in "$WORK/private.pem" -pubout -out "$WORK/public.pem"
APP_JAVA=java; APP_OPTS=""        # the startup scenario swaps in JDK 25 and its AOT cache
start_app() {
  QUARKUS_HTTP_PORT=$APP_PORT QUARKUS_MANAGEMENT_PORT=$MGMT_PORT \
  QUARKUS_DATASOURCE_REACTIVE_URL=postgresql://127.0.0.1:$PG_PORT/pharmacy \
  QUARKUS_DATASOURCE_JDBC_URL=jdbc:postgresql://127.0.0.1:$PG_PORT/pharmacy \
  QUARKUS_DATASOURCE_USERNAME=postgres QUARKUS_DATASOURCE_PASSWORD=unused \
  SMALLRYE_JWT_SIGN_KEY_LOCATION=file:$WORK/private.pem MP_JWT_VERIFY_PUBLICKEY_LOCATION=file:$WORK/public.pem \
  PHARMACY_BOOTSTRAP_ADMIN_USERNAME=bench PHARMACY_BOOTSTRAP_ADMIN_PASSWORD=bench-password-1 \
  PHARMACY_JWT_LIFETIME=PT2H \
  $APP_JAVA $JAVA_OPTS $APP_OPTS -jar "$ROOT/target/quarkus-app/quarkus-run.jar" >> "$OUT/service.log" 2>&1 &
  APP_PID=$!
  local t0; t0=$(date +%s%N)
  until curl -sf -o /dev/null "http://127.0.0.1:$MGMT_PORT/q/health/ready"; do
    kill -0 "$APP_PID" 2>/dev/null || { echo "the service died; see $OUT/service.log" >&2; exit 1; }
    sleep 0.02
  done
  STARTUP_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}
: > "$OUT/service.log"
log "starting the service (first start migrates the schema)"
start_app; FIRST_START_MS=$STARTUP_MS

log "seeding: $MEDICINES medicines, $STREAM_ROWS stream rows"
"${PSQL[@]}" -v medicines="$MEDICINES" -v stream_rows="$STREAM_ROWS" -f "$BENCH/seed.sql"
STORE=$("${PSQL[@]}" -c "SELECT id FROM stores WHERE code = 'BENCH'")
STREAM_STORE=$("${PSQL[@]}" -c "SELECT id FROM stores WHERE code = 'STREAM'")
MED_MIN=$("${PSQL[@]}" -c "SELECT min(id) FROM medicines WHERE sku LIKE 'BM-%'")
MED_MAX=$("${PSQL[@]}" -c "SELECT max(id) FROM medicines WHERE sku LIKE 'BM-%'")
TOKEN=$(curl -sf "http://127.0.0.1:$APP_PORT/api/v1/auth/token" -H 'Content-Type: application/json' \
  -d '{"username":"bench","password":"bench-password-1"}' | sed 's/.*"accessToken":"\([^"]*\)".*/\1/')
export BENCH_TOKEN=$TOKEN BENCH_STORE=$STORE BENCH_MED_MIN=$MED_MIN

# --- scenarios ------------------------------------------------------------------------------------
RESULTS=()
declare -A ON
row() { RESULTS+=("$(printf '| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |' "$@")"); }

wrk_orders() { # medicines-count connections seconds → RESULT line
  BENCH_MED_COUNT=$1 wrk -t2 -c"$2" -d"$3"s --latency -s "$BENCH/orders.lua" "http://127.0.0.1:$APP_PORT" 2>&1 | grep '^RESULT'
}
field() { sed -E "s/.* $1=([^ ]+).*/\1/" <<<"$2"; }
pgbench_orders() { # script med_max connections → "tps p50_ms p99_ms"
  rm -f "$WORK"/pgb.*
  "$PG_BIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared -c "$3" -j 2 -T "$DURATION" \
    -D store="$STORE" -D med_min="$MED_MIN" -D med_max="$2" -f "$BENCH/$1" -l --log-prefix="$WORK/pgb" pharmacy \
    > "$WORK/pgbench.out" 2>&1 || { cat "$WORK/pgbench.out" >&2; exit 1; }
  local tps; tps=$(grep -E '^tps' "$WORK/pgbench.out" | head -1 | awk '{print $3}')
  cat "$WORK"/pgb.* | awk '{print $3}' | sort -n > "$WORK/lat"
  local n; n=$(wc -l < "$WORK/lat")
  printf '%s %.2f %.2f\n' "$tps" "$(sed -n "$(( (n + 1) / 2 ))p" "$WORK/lat")e-3" "$(sed -n "$(( n * 99 / 100 > 0 ? n * 99 / 100 : 1 ))p" "$WORK/lat")e-3"
}
# CPU evidence: ticks used by the service, by PostgreSQL (postmaster, its live backends and the reaped ones),
# and by the whole machine (busy, iowait, total) from /proc.
cpu_ticks() {
  local pm; pm=$(head -1 "$WORK/pgdata/postmaster.pid")
  local svc=0; [ -n "$APP_PID" ] && svc=$(awk '{print $14 + $15}' "/proc/$APP_PID/stat")
  local pg; pg=$( { awk '{print $14 + $15 + $16 + $17}' "/proc/$pm/stat"
    for c in $(pgrep -P "$pm"); do awk '{print $14 + $15}' "/proc/$c/stat" 2>/dev/null || true; done; } | awk '{ s += $1 } END { print s }')
  echo "$svc $pg $(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9, $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat)"
}
HZ=$(getconf CLK_TCK)
CPU_ROWS=()
cpu_row() { # label units before after → a row: CPU ms per unit of the service and of PostgreSQL, machine busy and iowait
  read -r s0 p0 b0 w0 t0 <<<"$3"; read -r s1 p1 b1 w1 t1 <<<"$4"
  CPU_ROWS+=("$(awk -v l="$1" -v n="$2" -v s=$((s1 - s0)) -v p=$((p1 - p0)) -v b=$((b1 - b0)) -v w=$((w1 - w0)) -v t=$((t1 - t0)) -v hz="$HZ" \
    'BEGIN { printf "| %s | %.2f | %.2f | %.0f %% | %.0f %% |", l, s * 1000 / hz / n, p * 1000 / hz / n, 100 * b / t, 100 * w / t }')")
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'; }

if has confirm || has page; then
  log "warm-up ($WARMUP s)"
  wrk_orders "$MEDICINES" 16 "$WARMUP" >/dev/null
fi

# --- evidence: the SQL of one create + confirm as the service sends it, and its round trips ---------------
create_confirm() {
  local id
  id=$(curl -sf "http://127.0.0.1:$APP_PORT/api/v1/stores/$STORE/orders" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' -d "{\"items\":[{\"medicineId\":$MED_MIN,\"quantity\":1}]}" | sed 's/^{"id":\([0-9]*\).*/\1/')
  curl -sf -o /dev/null -X POST "http://127.0.0.1:$APP_PORT/api/v1/stores/$STORE/orders/$id/confirm" -H "Authorization: Bearer $TOKEN"
}
# After the warm-up, and one unmeasured create + confirm first, so the capture shows the steady state of the load
# runs: the code compiled, the user in the service's cache, the pooled connection's statements prepared. (Taken
# right after start, one run read 9 round trips against 4 in others of the same code: BEGIN and COMMIT each came back
# before the still-cold service had written what follows them, about a millisecond later each time.)
create_confirm
# The stock-events LISTEN connection receives a NOTIFY per confirmation; it is told apart by its port.
LISTENER_PORT=$("${PSQL[@]}" -c "SELECT client_port FROM pg_stat_activity WHERE query LIKE 'LISTEN%' LIMIT 1")
"${PSQL[@]}" -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null
sleep 0.5; mark=$(wc -l < "$WORK/pgdata/server.log")
# The TCP traffic on PostgreSQL's port around just these two requests (immediate mode: no packet waits in
# the kernel buffer when tcpdump stops; as root, -Z root keeps tcpdump from dropping to a user that may
# not write into target/).
rm -f "$OUT/order-traffic.pcap" "$OUT/order-roundtrips.txt" "$OUT/order-packets.txt"
if [ -z "$TCPDUMP_NA" ]; then
  tcpdump_user=(); [ "$(id -u)" = 0 ] && tcpdump_user=(-Z root)
  tcpdump -i lo -nn --immediate-mode "${tcpdump_user[@]}" -w "$OUT/order-traffic.pcap" "tcp port $PG_PORT" 2> "$WORK/tcpdump.err" &
  TCPDUMP_PID=$!
  for _ in $(seq 50); do grep -q 'listening on' "$WORK/tcpdump.err" && break; sleep 0.1; done
  if ! grep -q 'listening on' "$WORK/tcpdump.err"; then
    TCPDUMP_NA="n/a: tcpdump could not capture on lo ($(head -1 "$WORK/tcpdump.err"))"
    kill "$TCPDUMP_PID" 2>/dev/null || true; TCPDUMP_PID=""
  fi
fi
create_confirm
sleep 0.5
if [ -n "$TCPDUMP_PID" ]; then kill -TERM "$TCPDUMP_PID"; wait "$TCPDUMP_PID" 2>/dev/null || true; TCPDUMP_PID=""; fi
"${PSQL[@]}" -c "ALTER SYSTEM RESET log_statement" -c "SELECT pg_reload_conf()" >/dev/null
tail -n +"$((mark + 1))" "$WORK/pgdata/server.log" | grep -E 'LOG:  (execute|statement)' > "$WORK/order-statements.raw"
sed -E 's/^.*LOG:  //' "$WORK/order-statements.raw" > "$OUT/order-statements.log"
log "captured $(grep -c . "$OUT/order-statements.log") statements of one create + confirm ($OUT/order-statements.log)"
# Round trips, counted per connection that carried the order's statements (deploy/bench/roundtrips.awk).
# Prepared statement names are per connection: the log's lines are keyed by the client port of their
# backend (log_line_prefix's [pid], mapped through pg_stat_activity) to label each Bind with its SQL.
if [ -z "$TCPDUMP_NA" ]; then
  "${PSQL[@]}" -c "SELECT pid || ' ' || client_port FROM pg_stat_activity WHERE client_port IS NOT NULL" > "$WORK/pid-ports"
  awk 'NR == FNR { port[$1] = $2; next }
       match($0, /\[[0-9]+\]/) { pid = substr($0, RSTART + 1, RLENGTH - 2); sub(/^.*LOG:  /, ""); print port[pid] "\t" $0 }' \
    "$WORK/pid-ports" "$WORK/order-statements.raw" > "$WORK/order-statements.ports"
  tcpdump -r "$OUT/order-traffic.pcap" -nn -tt -x 2>/dev/null \
    | awk -v pg_port="$PG_PORT" -v listener="${LISTENER_PORT:-none}" -v statements="$WORK/order-statements.ports" \
          -f "$BENCH/roundtrips.awk" > "$OUT/order-roundtrips.txt"
  tcpdump -r "$OUT/order-traffic.pcap" -nn -tt 2>/dev/null > "$OUT/order-packets.txt"
  read -r _ RT RT_CONNS RT_PARSE < <(tail -1 "$OUT/order-roundtrips.txt")
  if [ "$RT_PARSE" = 0 ]; then warm="statements already prepared"; else warm="$RT_PARSE of them prepare a statement"; fi
  ROUND_TRIPS="$RT (over $RT_CONNS connection(s), after one unmeasured create + confirm; $warm; each round trip in target/bench/order-roundtrips.txt)"
  log "round trips per create + confirm: $RT ($OUT/order-roundtrips.txt)"
else
  ROUND_TRIPS=$TCPDUMP_NA
  log "round trips: $TCPDUMP_NA"
fi


# Targets (issue #13) are on the ratio to the essential order, the yardstick that does not move with the code.
target_of() { case "$1 $2" in
  "uniform 16") echo "essential ratio ≥ 0.5, p99 ≤ 50 ms" ;; "uniform 64") echo "essential ratio ≥ 0.5" ;;
  "hot 64") echo "essential ratio ≥ 0.8" ;; *) echo "-" ;; esac; }
has confirm && for scenario in uniform hot; do
  if [ $scenario = uniform ]; then count=$MEDICINES; max=$MED_MAX; else count=1; max=$MED_MIN; fi
  for c in 16 64; do
    log "confirm-$scenario, $c connections"
    before=$(cpu_ticks)
    r=$(wrk_orders "$count" "$c" "$DURATION")
    after=$(cpu_ticks)
    cpu_row "confirm-$scenario $c, service" "$(field confirmed "$r")" "$before" "$after"
    tput=$(awk -v n="$(field confirmed "$r")" -v s="$(field seconds "$r")" 'BEGIN { printf "%.0f", n / s }')
    # The service's own statements (diagnostic), then the essential order, each for DURATION.
    before=$(cpu_ticks)
    read -r limit lp50 lp99 < <(pgbench_orders orders.pgbench "$max" "$c")
    after=$(cpu_ticks)
    cpu_row "confirm-$scenario $c, pgbench captured SQL" "$(awk -v t="$limit" -v d="$DURATION" 'BEGIN { printf "%d", t * d }')" "$before" "$after"
    before=$(cpu_ticks)
    read -r ess ep50 ep99 < <(pgbench_orders essential-order.pgbench "$max" "$c")
    after=$(cpu_ticks)
    cpu_row "confirm-$scenario $c, pgbench essential order" "$(awk -v t="$ess" -v d="$DURATION" 'BEGIN { printf "%d", t * d }')" "$before" "$after"
    row "confirm-$scenario" "$c" "$tput orders/s" "$(field p50_ms "$r") ms" "$(field p99_ms "$r") ms" \
        "$(printf '%.0f' "$limit") tx/s (pgbench p50 $lp50 ms, p99 $lp99 ms)" "$(ratio "$tput" "$limit")" \
        "$(printf '%.0f' "$ess") tx/s (pgbench p50 $ep50 ms, p99 $ep99 ms)" "$(ratio "$tput" "$ess")" "$(target_of $scenario "$c")"
    [ "$(field failed "$r")" = 0 ] || log "  $(field failed "$r") requests failed"
    ON["$scenario $c"]="$tput $(field p99_ms "$r") $ess"
  done
done
row "round trips per create + confirm" - "$ROUND_TRIPS" - - - - - - "≤ 6"

# Grouping off against on (#17): the same wrk runs on a service restarted with max-size 0 (and warmed up again),
# compared with the runs above (grouping on, the default), and with the essential order of the same run.
GROUP_ROWS=()
if has confirm && [ "$GROUP_OFF" = 1 ]; then
  group_metrics() { curl -sf "http://127.0.0.1:$MGMT_PORT/q/metrics" | awk '/^pharmacy_orders_group_size_sum / { s = $2 }
    /^pharmacy_orders_group_size_count / { n = $2 } END { printf "%d %d", s, n }'; }
  read -r gsum gcount < <(group_metrics; echo)
  log "grouping off: restarting the service with -Dpharmacy.orders.group.max-size=0"
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
  APP_OPTS="-Dpharmacy.orders.group.max-size=0"
  start_app
  wrk_orders "$MEDICINES" 16 "$WARMUP" >/dev/null
  for key in "uniform 16" "uniform 64" "hot 16" "hot 64"; do
    read -r scenario c <<<"$key"
    if [ $scenario = uniform ]; then count=$MEDICINES; else count=1; fi
    log "confirm-$scenario, $c connections, grouping off"
    r=$(wrk_orders "$count" "$c" "$DURATION")
    off=$(awk -v n="$(field confirmed "$r")" -v s="$(field seconds "$r")" 'BEGIN { printf "%.0f", n / s }')
    read -r on onp99 ess <<<"${ON[$key]}"
    GROUP_ROWS+=("$(printf '| confirm-%s | %s | %s orders/s, p99 %s ms | %s orders/s, p99 %s ms | **%s** | %s tx/s | %s / %s |' \
      "$scenario" "$c" "$off" "$(field p99_ms "$r")" "$on" "$onp99" "$(ratio "$on" "$off")" "$(printf '%.0f' "$ess")" \
      "$(ratio "$off" "$ess")" "$(ratio "$on" "$ess")")")
  done
  GROUP_NOTE="grouping on: $gcount groups, $(awk -v s="$gsum" -v n="$gcount" 'BEGIN { printf "%.1f", (n > 0 ? s / n : 0) }') confirmations per group on average over the warm-up and the four runs"
  kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true
  APP_OPTS=""
  start_app
fi

if has page; then
# The confirm scenarios leave the bench store's stock rows with tens of thousands of dead versions, which the page's
# index range then steps over (pgbench of the page query ran at a third of its rate on a fresh seed), and a hundred
# thousand new orders, ledger and audit rows for autovacuum to get to, maybe mid-run. Vacuum everything now (the
# stock index too: VACUUM skips it when few pages have dead rows) and checkpoint, so the read scenarios do not
# share the 2 cores with the write scenarios' aftermath.
"${PSQL[@]}" -c "VACUUM (ANALYZE, INDEX_CLEANUP ON)" -c "CHECKPOINT"
# The page scenarios' own warm-up: the service may have just been restarted (grouping off) or warmed on orders only.
CURSOR=$(curl -sf "http://127.0.0.1:$APP_PORT/api/v1/stores/$STORE/inventory?size=50" -H "Authorization: Bearer $TOKEN" | jq -r .nextCursor)
log "page warm-up ($PAGE_WARMUP s)"
wrk -t2 -c64 -d"$((PAGE_WARMUP / 2))"s -s "$BENCH/page.lua" "http://127.0.0.1:$APP_PORT" >/dev/null 2>&1
BENCH_AFTER=$CURSOR wrk -t2 -c64 -d"$((PAGE_WARMUP / 2))"s -s "$BENCH/page-cursor.lua" "http://127.0.0.1:$APP_PORT" >/dev/null 2>&1
log "inventory-page, 64 connections"
r=$(wrk -t2 -c64 -d"${DURATION}"s --latency -s "$BENCH/page.lua" "http://127.0.0.1:$APP_PORT" 2>&1 | grep '^RESULT')
tput=$(awk -v n="$(field requests "$r")" -v s="$(field seconds "$r")" 'BEGIN { printf "%.0f", n / s }')
"$PG_BIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared -c 64 -j 2 -T "$DURATION" -D store="$STORE" \
  -f "$BENCH/page.pgbench" pharmacy > "$WORK/pgbench.out" 2>&1
limit=$(grep -E '^tps' "$WORK/pgbench.out" | head -1 | awk '{print $3}')
row "inventory-page" 64 "$tput req/s" "$(field p50_ms "$r") ms" "$(field p99_ms "$r") ms" "$(printf '%.0f' "$limit") tx/s (pgbench)" \
    "$(ratio "$tput" "$limit")" - - "p99 ≤ 25 ms"

log "inventory-page with a cursor, 64 connections"
# The second page, asked for with the first one's cursor; its key (expiry, batch) feeds pgbench the same query.
read -r K_EXPIRY K_BATCH < <(printf '%s' "$CURSOR" | tr '_-' '/+' \
  | awk '{ n = length($0) % 4; if (n) $0 = $0 substr("===", 1, 4 - n); print }' | base64 -d | jq -r '.k | join(" ")')
before=$(cpu_ticks)
r=$(BENCH_AFTER=$CURSOR wrk -t2 -c64 -d"${DURATION}"s --latency -s "$BENCH/page-cursor.lua" "http://127.0.0.1:$APP_PORT" 2>&1 | grep '^RESULT')
after=$(cpu_ticks)
cpu_row "inventory-page, cursor, service" "$(field requests "$r")" "$before" "$after"
tput=$(awk -v n="$(field requests "$r")" -v s="$(field seconds "$r")" 'BEGIN { printf "%.0f", n / s }')
before=$(cpu_ticks)
"$PG_BIN/pgbench" -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared -c 64 -j 2 -T "$DURATION" -D store="$STORE" \
  -D expiry="$K_EXPIRY" -D batch="$K_BATCH" -f "$BENCH/page-cursor.pgbench" pharmacy > "$WORK/pgbench.out" 2>&1
after=$(cpu_ticks)
limit=$(grep -E '^tps' "$WORK/pgbench.out" | head -1 | awk '{print $3}')
cpu_row "inventory-page, cursor, pgbench" "$(awk -v t="$limit" -v d="$DURATION" 'BEGIN { printf "%d", t * d }')" "$before" "$after"
row "inventory-page, cursor" 64 "$tput req/s" "$(field p50_ms "$r") ms" "$(field p99_ms "$r") ms" "$(printf '%.0f' "$limit") tx/s (pgbench)" \
    "$(ratio "$tput" "$limit")" - - "p99 ≤ 50 ms, ≥ 0.9 × pgbench"

# Evidence for what bounds the reads: the plans PostgreSQL chose (offset page and keyset page).
PAGE_SQL="SELECT s.batch_id, s.batch_number, s.medicine_id, s.medicine_name, s.sku, s.expiry_date, (s.mrp * 100)::bigint AS mrp_paise, s.quantity, s.batch_status, s.expiry_date, s.batch_id FROM stock s WHERE s.store_id = $STORE AND s.expiry_date > CURRENT_DATE AND s.quantity > 0 AND s.batch_status = 'ACTIVE'"
"${PSQL[@]}" -c "EXPLAIN (ANALYZE, BUFFERS) $PAGE_SQL ORDER BY s.expiry_date ASC, s.batch_id ASC LIMIT 50" > "$OUT/plan-inventory-page.txt"
"${PSQL[@]}" -c "EXPLAIN (ANALYZE, BUFFERS) $PAGE_SQL AND (s.expiry_date, s.batch_id) > (DATE '$K_EXPIRY', $K_BATCH) ORDER BY s.expiry_date ASC, s.batch_id ASC LIMIT 51" > "$OUT/plan-inventory-cursor.txt"

fi

if has stream; then
log "inventory-stream: $STREAM_ROWS rows"
PID=$APP_PID
STREAM_URL="http://127.0.0.1:$APP_PORT/api/v1/stores/$STREAM_STORE/inventory"
TODAY=$(date -u +%F)
# The service's query (InventoryQueries.inventory, default filters and order): since V11 it reads stock alone.
STREAM_SQL="SELECT s.batch_id, s.batch_number, s.medicine_id, s.medicine_name, s.sku, s.expiry_date, (s.mrp * 100)::bigint AS mrp_paise, s.quantity, s.batch_status FROM stock s WHERE s.store_id = $STREAM_STORE AND s.expiry_date > DATE '$TODAY' AND s.quantity > 0 AND s.batch_status = 'ACTIVE' ORDER BY s.expiry_date ASC, s.batch_id ASC"
# Three unmeasured passes first: the stream's code is compiled by the JIT over the first million rows or two.
for _ in 1 2 3; do curl -sf -N "$STREAM_URL" -H "Authorization: Bearer $TOKEN" -H 'Accept: application/x-ndjson' > /dev/null; done
# Three measured passes, each followed by COPY of the same query; the row shows the pass with the median ratio. Into a
# pipe that counts lines, as COPY goes into /dev/null: no disk on either side. The heap is sampled over all three.
"$JSTAT" -gc "$PID" 200 > "$WORK/jstat.log" 2>/dev/null &
JSTAT_PID=$!
sleep 0.5
: > "$WORK/stream.runs"
for _ in 1 2 3; do
  lines=$(curl -sf -N "$STREAM_URL" -H "Authorization: Bearer $TOKEN" -H 'Accept: application/x-ndjson' \
    -w '%{stderr}%{time_total}\n' 2> "$WORK/stream.time" | wc -l)
  secs=$(tail -1 "$WORK/stream.time")
  copy_secs=$( { TIMEFORMAT=%R; time "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d pharmacy -qc "COPY ($STREAM_SQL) TO STDOUT" > /dev/null; } 2>&1 )
  echo "$(ratio "$copy_secs" "$secs") $lines $secs $copy_secs" >> "$WORK/stream.runs"
done
sleep 0.5; kill "$JSTAT_PID" 2>/dev/null || true
read -r stream_ratio lines secs copy_secs < <(sort -n "$WORK/stream.runs" | sed -n 2p)
STREAM_RATIOS=$(awk '{ printf "%s%s", (NR > 1 ? ", " : ""), $1 }' "$WORK/stream.runs")
# jstat -gc columns: S0U=$3 S1U=$4 EU=$6 OU=$8 (KB). Heap used = S0U+S1U+EU+OU (eden fills between young
# collections: garbage); old-gen growth = what survived them.
read -r used0 peak old0 oldmax < <(awk 'NR > 1 && $1 ~ /^[0-9]/ { u = $3 + $4 + $6 + $8; if (!n++) { u0 = u; o0 = $8 }
  if (u > p) p = u; if ($8 > om) om = $8 } END { printf "%d %d %d %d\n", u0 / 1024, p / 1024, o0 / 1024, om / 1024 }' "$WORK/jstat.log")
stream_rate=$(awk -v n="$lines" -v s="$secs" 'BEGIN { printf "%.0f", n / s }')
copy_rate=$(awk -v n="$lines" -v s="$copy_secs" 'BEGIN { printf "%.0f", n / s }')
row "inventory-stream (median of 3: $STREAM_RATIOS)" 1 "$stream_rate rows/s ($lines rows in ${secs}s)" "-" "-" \
    "$copy_rate rows/s (COPY TO STDOUT, ${copy_secs}s)" "$stream_ratio" - - \
    "≥ 0.7; heap growth < 64 MB (measured: old gen +$((oldmax - old0)) MB; heap used $used0 → peak $peak MB, eden included)"
fi

if has startup; then
# Start to ready, median of three restarts with the schema in place: JDK 17 on the default build, then
# JDK 25 with the AOT cache on the -Daot build (aot-jar packaging, cache trained by PackagedAppIT).
median_start() { local runs=()
  for _ in 1 2 3; do
    kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
    start_app; runs+=("$STARTUP_MS")
  done
  MEDIAN_MS=$(printf '%s\n' "${runs[@]}" | sort -n | sed -n 2p); }
log "startup: JDK 17, default build"
median_start; START_MS=$MEDIAN_MS
sleep 5
RSS_MB=$(( $(ps -o rss= -p "$APP_PID") / 1024 ))
JDK17=$(java -version 2>&1 | head -1)
kill "$APP_PID"; wait "$APP_PID" 2>/dev/null || true; APP_PID=""
[ -x "$JAVA25_HOME/bin/java" ] || { echo "JDK 25 not found in JAVA25_HOME=$JAVA25_HOME" >&2; exit 2; }
if [ "$SKIP_AOT_BUILD" != 1 ]; then
  log "startup: building with -Daot on JDK 25 (trains the cache on PackagedAppIT)"
  (cd "$ROOT" && JAVA_HOME=$JAVA25_HOME ./mvnw -B verify -Daot > "$OUT/aot-build.log" 2>&1) \
    || { tail -30 "$OUT/aot-build.log" >&2; echo "the -Daot build failed; see $OUT/aot-build.log" >&2; exit 1; }
fi
AOT=$ROOT/target/quarkus-app/app.aot
# Loud failures: no cache, a cache this JDK refuses (-XX:AOTMode=on stops the JVM), app classes not from it.
[ -f "$AOT" ] || { echo "no $AOT: build with -Daot on JDK 25" >&2; exit 1; }
# The training JVM's exit hands the cache to a child JVM that may still be writing it when the build ends.
for _ in $(seq 60); do
  "$JAVA25_HOME/bin/java" -XX:AOTCache="$AOT" -XX:AOTMode=on -cp "$ROOT/target/quarkus-app/quarkus-run.jar" -version \
    >/dev/null 2>&1 && break
  sleep 1
done
APP_JAVA=$JAVA25_HOME/bin/java; APP_OPTS="-XX:AOTCache=$AOT -XX:AOTMode=on -Xlog:class+load:file=$WORK/class-load.txt"
start_app
grep -q 'com.pharmacyops.auth.AuthResource source: shared objects file' "$WORK/class-load.txt" \
  || { echo "the service's classes were not loaded from $AOT" >&2; exit 1; }
APP_OPTS="-XX:AOTCache=$AOT -XX:AOTMode=on"
median_start; AOT_MS=$MEDIAN_MS
sleep 5
AOT_RSS_MB=$(( $(ps -o rss= -p "$APP_PID") / 1024 ))
row "startup, $JDK17, plain" - "$START_MS ms to ready (median of 3; first start with migrations: $FIRST_START_MS ms)" - - - - - - "-"
row "startup, $("$APP_JAVA" -version 2>&1 | head -1), AOT cache" - "$AOT_MS ms to ready (median of 3)" - - - - - - "≤ 1000 ms"
row "idle memory" - "$RSS_MB MB resident (JDK 17); $AOT_RSS_MB MB (JDK 25 + AOT cache)" - - - - - - -
fi

# --- report ---------------------------------------------------------------------------------------
{
  echo "Benchmark $(date -u +%FT%TZ) on $(nproc) cores, $(free -g | awk '/^Mem:/ {print $2}') GiB; PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}'), $(java -version 2>&1 | head -1); service JAVA_OPTS=$JAVA_OPTS, pool 20; ${DURATION}s per run"
  echo
  echo "| scenario | connections | service throughput | p50 | p99 | limit, same run | ratio | essential order (same run) | ratio to essential order | target |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${RESULTS[@]}"
  echo
  echo "CPU per confirmed order or page request (ms), from /proc over each run (pgbench runs: per transaction); the rest of the machine's time went to the load generator and the kernel:"
  echo
  echo "| run | service | PostgreSQL | machine busy | iowait |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${CPU_ROWS[@]}"
  if [ ${#GROUP_ROWS[@]} -gt 0 ]; then
    echo
    echo "Grouped confirmations (#17), the same wrk runs with grouping off (max-size 0) and on (default); $GROUP_NOTE:"
    echo
    echo "| scenario | conn | grouping off | grouping on | on / off | essential order (same run) | ratio to essential, off / on |"
    echo "|---|---|---|---|---|---|---|"
    printf '%s\n' "${GROUP_ROWS[@]}"
  fi
} | tee "$OUT/results.md"
log "written to $OUT/results.md"
