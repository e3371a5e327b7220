#!/usr/bin/env bash
# Load benchmark: Gazette serving three GraphQL queries over 100,000 generated articles.
#
#   benches/load.sh [sqlite|postgres|mysql ...]     (default: sqlite postgres)
#
# For each database: builds the release binary, loads `gazette demo --articles $ARTICLES` into a
# fresh database (timed), starts `gazette serve`, then drives with wrk (-t2 -c$CONN -d${DUR}s):
#   Q1  the 20 newest published articles with source name and tag names
#   Q2  one article by a random slug, with its body
#   Q3  page 3 of one source's articles, by cursor
# and prints req/s, p50, p99, the server's peak RSS, and the CPU seconds Gazette and the rest
# of the machine (database server, wrk, kernel) used during the run. Env: ARTICLES (100000), CONN (32), DUR (15),
# PG_URL (postgres://postgres@127.0.0.1:5432), MYSQL_URL (mysql://root@127.0.0.1:3306).
# The PostGraphile reference for the same load shape: ../shared/bench/postgraphile/run-all.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES=${ARTICLES:-100000}; CONN=${CONN:-32}; DUR=${DUR:-15}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}; MYSQL_URL=${MYSQL_URL:-mysql://root@127.0.0.1:3306}
PORT=${PORT:-18088}; URL="http://127.0.0.1:$PORT/graphql"
BACKENDS=("$@"); [ ${#BACKENDS[@]} -gt 0 ] || BACKENDS=(sqlite postgres)
WORK=$(mktemp -d); trap 'kill $SERVER 2>/dev/null || true; rm -rf "$WORK"' EXIT; SERVER=

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v bc >/dev/null || { apt-get update -qq && apt-get install -y -qq bc >/dev/null; }
cargo build --release --quiet
BIN=target/release/gazette

gql() { curl -sf "$URL" -H 'content-type: application/json' -d "$1"; }

prepare_bodies() {
  cat > "$WORK/q1.json" <<'JSON'
{"query":"query Q1 { articles(first: 20) { nodes { id title publishedAt source { name } tags { name } } } }"}
JSON
  # The source with the most articles, and the cursor after its page 2.
  local slug cursor
  slug=$(gql '{"query":"{ sources(first: 100) { nodes { slug articleCount } } }"}' |
    python3 -c 'import json,sys; n=json.load(sys.stdin)["data"]["sources"]["nodes"]; print(max(n, key=lambda s: s["articleCount"])["slug"])')
  cursor=$(gql "{\"query\":\"{ source(slug: \\\"$slug\\\") { articles(first: 40) { pageInfo { endCursor } } } }\"}" |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["source"]["articles"]["pageInfo"]["endCursor"])')
  python3 - "$slug" "$cursor" > "$WORK/q3.json" <<'PY'
import json, sys
q = "query Q3($slug: String!, $after: String) { source(slug: $slug) { articles(first: 20, after: $after) { pageInfo { endCursor hasNextPage } nodes { id title publishedAt } } } }"
print(json.dumps({"query": q, "variables": {"slug": sys.argv[1], "after": sys.argv[2]}}))
PY
  # 5,000 slugs for Q2, paged through the API itself.
  python3 - "$URL" > "$WORK/slugs.txt" <<'PY'
import json, sys, urllib.request
url, after, n = sys.argv[1], None, 0
while n < 5000:
    body = json.dumps({"query": "query($a: String) { articles(first: 100, after: $a, orderBy: [{field: TITLE}]) { nodes { slug } pageInfo { endCursor hasNextPage } } }", "variables": {"a": after}}).encode()
    req = urllib.request.Request(url, body, {"content-type": "application/json"})
    page = json.load(urllib.request.urlopen(req))["data"]["articles"]
    for node in page["nodes"]:
        print(node["slug"]); n += 1
    if not page["pageInfo"]["hasNextPage"]: break
    after = page["pageInfo"]["endCursor"]
PY
}

run_wrk() { # name, extra wrk args...
  local name=$1; shift
  wrk -t2 -c"$CONN" -d3s "$@" "$URL" >/dev/null          # warm-up
  ( max=0; while kill -0 "$SERVER" 2>/dev/null; do r=$(ps -o rss= -p "$SERVER" | tr -d ' '); [ "${r:-0}" -gt "$max" ] && max=$r; echo "$max" > "$WORK/$name.rss"; sleep 0.2; done ) &
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
  printf '%-9s %-3s %10s req/s  p50 %-9s p99 %-9s peak RSS %6d MB  CPU s: gazette %5.1f, rest %5.1f %s\n' \
    "$BACKEND" "$name" "$rps" "$p50" "$p99" $(( $(cat "$WORK/$name.rss") / 1024 )) \
    "$(echo "$cpu_used / $hz" | bc -l)" "$(echo "$db_used / $hz" | bc -l)" "$errors"
}

# CPU time (user + system, in clock ticks) of one process, and of the whole machine: the rest
# (the database server, wrk, the kernel) against Gazette's share of the two cores tells what
# bounds a run.
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
busy_ticks() { awk '/^cpu / {print $2 + $3 + $4 + $7 + $8 + $9}' /proc/stat; }

for BACKEND in "${BACKENDS[@]}"; do
  case $BACKEND in
    sqlite) DB="sqlite://$WORK/bench.db?mode=rwc" ;;
    postgres) psql "$PG_URL/postgres" -qc 'DROP DATABASE IF EXISTS gazette_bench' -qc 'CREATE DATABASE gazette_bench'; DB="$PG_URL/gazette_bench" ;;
    mysql) mariadb -h 127.0.0.1 -u root -e 'DROP DATABASE IF EXISTS gazette_bench; CREATE DATABASE gazette_bench'; DB="$MYSQL_URL/gazette_bench" ;;
    *) echo "unknown backend $BACKEND" >&2; exit 2 ;;
  esac
  start=$(date +%s%N)
  DATABASE_URL=$DB $BIN demo --articles "$ARTICLES" >/dev/null
  printf '%-9s demo --articles %s loaded in %d ms\n' "$BACKEND" "$ARTICLES" $(( ($(date +%s%N) - start) / 1000000 ))
  RUST_LOG=warn DATABASE_URL=$DB GAZETTE_LISTEN=127.0.0.1:$PORT GAZETTE_DB_MAX_CONNECTIONS=${POOL:-16} $BIN serve &
  SERVER=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.1; done
  printf '%-9s idle RSS %d MB\n' "$BACKEND" $(( $(ps -o rss= -p "$SERVER") / 1024 ))
  prepare_bodies
  for f in q1 q3; do gql "@$WORK/$f.json" | grep -q '"errors"' && { echo "$f returns errors" >&2; exit 1; }; done
  BODY_FILE="$WORK/q1.json" run_wrk Q1 -s benches/lua/post.lua
  SLUGS_FILE="$WORK/slugs.txt" run_wrk Q2 -s benches/lua/by_slug.lua
  BODY_FILE="$WORK/q3.json" run_wrk Q3 -s benches/lua/post.lua
  kill "$SERVER"; wait "$SERVER" 2>/dev/null || true; SERVER=
done
