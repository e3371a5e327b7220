#!/usr/bin/env bash
# Import benchmark: `gazette import` of generated NDJSON into fresh databases.
#
#   benches/import.sh [sqlite|postgres|mysql ...]     (default: sqlite postgres)
#
# For each database: imports $ARTICLES generated articles (~2.5 KB each, benches/gen_ndjson.py)
# into a fresh database and prints articles/s and the importer's peak RSS; then imports the
# same file again (every article unchanged). With BIG=1 it also imports a file of about
# $BIG_MB MB (1024) into each database to show that memory stays flat however large the input is.
# Env: ARTICLES (100000), PG_URL (postgres://postgres@127.0.0.1:5432), PG_OPTIONS (sslmode=disable),
# MYSQL_URL (mysql://root@127.0.0.1:3306), BIG (0), BIG_MB (1024).
set -euo pipefail
cd "$(dirname "$0")/.."
ARTICLES=${ARTICLES:-100000}; BIG=${BIG:-0}; BIG_MB=${BIG_MB:-1024}
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432}; MYSQL_URL=${MYSQL_URL:-mysql://root@127.0.0.1:3306}
BACKENDS=("$@"); [ ${#BACKENDS[@]} -gt 0 ] || BACKENDS=(sqlite postgres)
# Without TLS to the PostgreSQL on this machine, as in benches/lib.sh.
PG_OPTIONS=${PG_OPTIONS-sslmode=disable}
WORK=$(mktemp -d); trap 'rm -rf "$WORK"' EXIT

cargo build --release --quiet
BIN=target/release/gazette

fresh_db() { # backend -> DATABASE_URL of an empty database
  case $1 in
    sqlite) rm -f "$WORK/bench.db"*; echo "sqlite://$WORK/bench.db?mode=rwc" ;;
    postgres) psql "$PG_URL/postgres" -qc 'DROP DATABASE IF EXISTS gazette_import_bench' -c 'CREATE DATABASE gazette_import_bench' >/dev/null
              echo "$PG_URL/gazette_import_bench${PG_OPTIONS:+?$PG_OPTIONS}" ;;
    mysql) mariadb -h127.0.0.1 -uroot -e 'DROP DATABASE IF EXISTS gazette_import_bench; CREATE DATABASE gazette_import_bench' >/dev/null
           echo "$MYSQL_URL/gazette_import_bench" ;;
    *) echo "unknown backend $1" >&2; exit 2 ;;
  esac
}

run_import() { # url file -> "seconds peak_rss_kb report"
  local url=$1 file=$2
  DATABASE_URL=$url RUST_LOG=warn /usr/bin/time -f '%e %M' -o "$WORK/time" "$BIN" import "$file" > "$WORK/report" 2>"$WORK/stderr" || {
    cat "$WORK/stderr" >&2; exit 1; }
  echo "$(cat "$WORK/time") $(cat "$WORK/report")"
}

python3 benches/gen_ndjson.py "$ARTICLES" > "$WORK/articles.ndjson"
SIZE_MB=$(( $(stat -c %s "$WORK/articles.ndjson") / 1048576 ))
echo "input: $ARTICLES articles, $SIZE_MB MB"
printf '%-9s %-10s %8s %12s %10s  %s\n' backend run seconds articles/s "RSS MB" report
for backend in "${BACKENDS[@]}"; do
  url=$(fresh_db "$backend")
  DATABASE_URL=$url "$BIN" migrate up >/dev/null 2>&1
  for run in first again; do
    read -r secs rss report <<<"$(run_import "$url" "$WORK/articles.ndjson")"
    printf '%-9s %-10s %8s %12.0f %10d  %s\n' "$backend" "$run" "$secs" "$(echo "$ARTICLES / $secs" | bc -l)" $((rss / 1024)) "$report"
  done
done

if [ "$BIG" = 1 ]; then
  per=$(( $(stat -c %s "$WORK/articles.ndjson") / ARTICLES ))
  n=$(( BIG_MB * 1048576 / per ))
  python3 benches/gen_ndjson.py "$n" > "$WORK/big.ndjson"
  rm -f "$WORK/articles.ndjson"
  for backend in "${BACKENDS[@]}"; do
    url=$(fresh_db "$backend")
    DATABASE_URL=$url "$BIN" migrate up >/dev/null 2>&1
    read -r secs rss report <<<"$(run_import "$url" "$WORK/big.ndjson")"
    printf 'big: %d MB, %d articles into %s in %ss (%.0f/s), peak RSS %d MB: %s\n' \
      $(( $(stat -c %s "$WORK/big.ndjson") / 1048576 )) "$n" "$backend" "$secs" "$(echo "$n / $secs" | bc -l)" $((rss / 1024)) "$report"
  done
fi
