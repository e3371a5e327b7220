#!/usr/bin/env bash
# Search benchmark: full-text search over 100,000 generated articles.
#
#   benches/search.sh [sqlite|postgres|mysql ...]     (default: sqlite postgres)
#
# For each database: a fresh database with `gazette demo --articles $ARTICLES` (whose words follow
# a skewed, Zipf-like distribution), `gazette serve`, then wrk (-t2 -c$CONN -d${DUR}s) with three
# searches for 20 results with score, highlight and source (no totalCount: counting every
# match of a common word is its own cost), each request drawing its words at random from the
# distinct words of 1,000 English articles (so most are of the long tail, as readers' searches
# are: names, places, topics, and a few are very common):
#   S1  one word
#   S2  a phrase of two adjacent words
#   S3  one word, among English articles of the last 12 months
#   S4  the worst case: one of the 20 most frequent words (in a third to most of all articles)
#   S5  one word, newest first by publication time instead of by relevance
#   S6  one word, its totalCount only
#   S7  the floor: S1 with words found in at most five articles, so almost nothing to collect or
#       rank (what every search pays anyway: the request, parsing and planning its statements)
# and prints req/s, p50, p99, peak RSS and CPU as benches/load.sh does. The design target is p99
# under 50 ms on PostgreSQL at 16 connections. Env: ARTICLES (100000), CONN (16), DUR (15),
# PG_URL, PG_OPTIONS (sslmode=disable), MYSQL_URL, PORT.
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES=${ARTICLES:-100000}; CONN=${CONN:-16}; DUR=${DUR:-15}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}; MYSQL_URL=${MYSQL_URL:-mysql://root@127.0.0.1:3306}
PORT=${PORT:-18089}; URL="http://127.0.0.1:$PORT/graphql"
BACKENDS=("$@"); [ ${#BACKENDS[@]} -gt 0 ] || BACKENDS=(sqlite postgres)
# shellcheck source=benches/lib.sh
source benches/lib.sh

# Writes s1.ndjson to s7.ndjson: 1,000 request bodies each, with words drawn from the text of
# 1,000 articles read through the API, every distinct word (a pair for S2, one of the 20 most
# frequent for S4) as likely as any other however often it occurs: about half of S1's words
# match fewer than 100 of the 100,000 articles, a quarter more than 2,000. S7's 100 words are
# drawn last, so that the other bodies stay those that earlier versions of this script drew.
prepare_bodies() {
  python3 - "$URL" "$WORK" <<'PY'
import json, random, re, sys, urllib.request
url, work = sys.argv[1], sys.argv[2]
def gql(query, variables):
    req = urllib.request.Request(url, json.dumps({"query": query, "variables": variables}).encode(),
                                 {"content-type": "application/json"})
    return json.load(urllib.request.urlopen(req))["data"]
texts, after = [], None
while len(texts) < 1000:
    page = gql("query($a: String) { articles(first: 100, after: $a, filter: { language: { eq: \"en\" } }) "
               "{ nodes { title body(format: TEXT) } pageInfo { endCursor hasNextPage } } }", {"a": after})["articles"]
    texts += [n["title"] + ". " + n["body"] for n in page["nodes"]]
    if not page["pageInfo"]["hasNextPage"]: break
    after = page["pageInfo"]["endCursor"]
rng = random.Random(7)
from collections import Counter
counts = Counter(w.lower() for t in texts for w in re.findall(r"[A-Za-z]{4,}", t))
words = sorted(counts)
common = [w for w, _ in counts.most_common(20)]
pairs = sorted({m.lower() for t in texts for m in re.findall(r"\b([A-Za-z]{3,} [A-Za-z]{3,})\b", t)})
fields = "edges { score highlight node { id title publishedAt source { name } } }"
queries = {
    "s1": ("query S1($q: String) { articles(search: $q, first: 20) { %s } }" % fields, lambda: words),
    "s2": ("query S2($q: String) { articles(search: $q, first: 20) { %s } }" % fields, lambda: ['"%s"' % p for p in pairs]),
    "s3": ("query S3($q: String, $f: ArticleFilter) { articles(search: $q, filter: $f, first: 20) { %s } }" % fields, lambda: words),
    "s4": ("query S4($q: String) { articles(search: $q, first: 20) { %s } }" % fields, lambda: common),
    "s5": ("query S5($q: String) { articles(search: $q, first: 20, orderBy: [{field: PUBLISHED_AT, direction: DESC}]) "
           "{ edges { node { id title publishedAt source { name } } } } }", lambda: words),
    "s6": ("query S6($q: String) { articles(search: $q, first: 1) { totalCount } }", lambda: words),
    "s7": ("query S7($q: String) { articles(search: $q, first: 20) { %s } }" % fields, lambda: rare(100)),
}
def rare(wanted):
    found = []
    for word in rng.sample(words, len(words)):
        if len(found) == wanted: break
        count = gql(queries["s6"][0], {"q": word})["articles"]["totalCount"]
        if 0 < count <= 5: found.append(word)
    if not found: sys.exit("S7: no word of the 1,000 articles is found in one to five articles")
    return found
import datetime
since = (datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(days=365)).strftime("%Y-%m-%dT%H:%M:%SZ")
for name, (query, pool) in queries.items():
    with open(f"{work}/{name}.ndjson", "w") as out:
        choices = pool()
        for _ in range(1000):
            variables = {"q": rng.choice(choices)}
            if name == "s3":
                variables["f"] = {"language": {"eq": "en"}, "publishedAt": {"gte": since}}
            out.write(json.dumps({"query": query, "variables": variables}) + "\n")
PY
}

SEARCHES=(s1 s2 s3 s4 s5 s6 s7)
for BACKEND in "${BACKENDS[@]}"; do
  start_server "$BACKEND"
  prepare_bodies
  for s in "${SEARCHES[@]}"; do head -1 "$WORK/$s.ndjson" | gql @- | grep -q '"errors"' && { echo "$s returns errors" >&2; exit 1; }; done
  for s in "${SEARCHES[@]}"; do BODIES_FILE="$WORK/$s.ndjson" run_wrk "${s^^}" -s benches/lua/bodies.lua; done
  stop_server
done
