# Shared by the load benchmarks (load.sh, search.sh): sourced after the caller has set
# ARTICLES, CONN, DUR, PG_URL, PG_OPTIONS, MYSQL_URL, PORT and URL. Builds the release binary, installs wrk
# and bc when missing, and defines:
#   start_server BACKEND   a fresh database with `gazette demo --articles $ARTICLES` (timed), and
#                          `gazette serve` on it, as $SERVER
#   stop_server
#   run_wrk NAME ARGS...   a warm-up, then wrk -t2 -c$CONN -d${DUR}s, printing req/s, p50, p99, the
#                          server's peak RSS and the CPU seconds of Gazette and of the rest
#   gql BODY               one GraphQL request
# PostgreSQL runs on this machine: connect without TLS, as a deployment on one machine would (by
# default the driver encrypts whenever the server offers TLS, as Debian's does, which cost searches
# 10-20% of their throughput here). PG_OPTIONS= (empty) keeps the driver's default.
PG_OPTIONS=${PG_OPTIONS-sslmode=disable}
WORK=$(mktemp -d); trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT; SERVER=

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v bc >/dev/null || { apt-get update -qq && apt-get install -y -qq bc >/dev/null; }
cargo build --release --quiet
BIN=target/release/gazette

gql() { curl -sf "$URL" -H 'content-type: application/json' -d "$1"; }

run_wrk() { # name, extra wrk args...
  local name=$1; shift
  wrk -t2 -c"$CONN" -d3s "$@" "$URL" >/dev/null          # warm-up
  ( max=0; while kill -0 "$SERVER" 2>/dev/null; do r=$(rss_kb "$SERVER"); [ "${r:-0}" -gt "$max" ] && max=$r; echo "$max" > "$WORK/$name.rss"; sleep 0.2; done ) &
  local sampler=$!
  local cpu_before db_before
  cpu_before=$(cpu_ticks "$SERVER"); db_before=$(busy_ticks)
  wrk -t2 -c"$CONN" -d"${DUR}s" --latency "$@" "$URL" > "$WORK/$name.wrk"
  local cpu_used=$(( $(cpu_ticks "$SERVER") - cpu_before ))
  local db_used=$(( $(busy_ticks) - db_before - cpu_used ))
  kill $sampler 2>/dev/null || true
  local rps p50 p99 errors
  rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/$name.wrk")
  p50=$(awk '$1=="50%" {print $2}' "$WORK/$name.wrk"); p99=$(awk '$1=="99%" {print $2}' "$WORK/$name.wrk")
  errors=$(awk '/Non-2xx|Socket errors/ {print}' "$WORK/$name.wrk" | tr '\n' ' ')
  local hz; hz=$(getconf CLK_TCK)
  # The sampler may be stopped between truncating its file and writing it.
  local rss; rss=$(cat "$WORK/$name.rss" 2>/dev/null || true); rss=${rss:-0}
  printf '%-9s %-3s %10s req/s  p50 %-9s p99 %-9s peak RSS %6d MB  CPU s: gazette %5.1f, rest %5.1f %s\n' \
    "$BACKEND" "$name" "$rps" "$p50" "$p99" $(( rss / 1024 )) \
    "$(echo "$cpu_used / $hz" | bc -l)" "$(echo "$db_used / $hz" | bc -l)" "$errors"
}

# Resident memory of a process in KiB, without the pages of a memory-mapped SQLite file
# ($DB_FILE): those are the kernel's page cache, which every connection maps again (so `ps`
# counts them once per connection), not memory the server holds.
rss_kb() {
  awk -v db="${DB_FILE:-}" '/^[0-9a-f]+-[0-9a-f]+ / { skip = db != "" && index($0, db) > 0 }
    /^Rss:/ && !skip { kb += $2 } END { print kb + 0 }' "/proc/$1/smaps" 2>/dev/null || echo 0
}

# CPU time (user + system, in clock ticks) of one process, and of the whole machine: the rest
# (the database server, wrk, the kernel) against Gazette's share of the two cores tells what
# bounds a run.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }


start_server() {
  BACKEND=$1
  case $BACKEND in
    sqlite) DB_FILE="$WORK/bench.db"; DB="sqlite://$DB_FILE?mode=rwc" ;;
    postgres) DB_FILE=; psql "$PG_URL/postgres" -qc 'DROP DATABASE IF EXISTS gazette_bench' -qc 'CREATE DATABASE gazette_bench'; DB="$PG_URL/gazette_bench${PG_OPTIONS:+?$PG_OPTIONS}" ;;
    mysql) DB_FILE=; mariadb -h 127.0.0.1 -u root -e 'DROP DATABASE IF EXISTS gazette_bench; CREATE DATABASE gazette_bench'; DB="$MYSQL_URL/gazette_bench" ;;
    *) echo "unknown backend $BACKEND" >&2; exit 2 ;;
  esac
  start=$(date +%s%N)
  DATABASE_URL=$DB $BIN demo --articles "$ARTICLES" >/dev/null
  printf '%-9s demo --articles %s loaded in %d ms\n' "$BACKEND" "$ARTICLES" $(( ($(date +%s%N) - start) / 1000000 ))
  RUST_LOG=warn DATABASE_URL=$DB GAZETTE_LISTEN=127.0.0.1:$PORT GAZETTE_DB_MAX_CONNECTIONS=${POOL:-16} $BIN serve &
  SERVER=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
  printf '%-9s idle RSS %d MB\n' "$BACKEND" $(( $(rss_kb "$SERVER") / 1024 ))
}

stop_server() { kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=; }
