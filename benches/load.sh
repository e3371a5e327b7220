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
# PG_URL (postgres://postgres@127.0.0.1:5432), PG_OPTIONS (sslmode=disable), MYSQL_URL (mysql://root@127.0.0.1:3306).
# The PostGraphile reference for the same load shape: ../shared/bench/postgraphile/run-all.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES=${ARTICLES:-100000}; CONN=${CONN:-32}; DUR=${DUR:-15}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}; MYSQL_URL=${MYSQL_URL:-mysql://root@127.0.0.1:3306}
PORT=${PORT:-18088}; URL="http://127.0.0.1:$PORT/graphql"
BACKENDS=("$@"); [ ${#BACKENDS[@]} -gt 0 ] || BACKENDS=(sqlite postgres)
# shellcheck source=benches/lib.sh
source benches/lib.sh

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

for BACKEND in "${BACKENDS[@]}"; do
  start_server "$BACKEND"
  prepare_bodies
  for f in q1 q3; do gql "@$WORK/$f.json" | grep -q '"errors"' && { echo "$f returns errors" >&2; exit 1; }; done
  BODY_FILE="$WORK/q1.json" run_wrk Q1 -s benches/lua/post.lua
  SLUGS_FILE="$WORK/slugs.txt" run_wrk Q2 -s benches/lua/by_slug.lua
  BODY_FILE="$WORK/q3.json" run_wrk Q3 -s benches/lua/post.lua
  stop_server
done
