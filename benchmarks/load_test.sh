#!/usr/bin/env bash
# Load test: wrk with 50 connections for 60 s over the dashboard pages, against gunicorn on loopback.
#
#   benchmarks/load_test.sh            (after `make bench`, which leaves the scale-1 data in the bench DB)
#
# Settings from the environment: DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench),
# REDIS_URL for the page and chart cache shared by the workers (default redis://127.0.0.1:6379/11),
# CONNECTIONS (50), DURATION (60s), GUNICORN_WORKERS (4: 2 cores, with wrk on the same machine).
# Gunicorn is started here with DEBUG=0 on 127.0.0.1 and a free port, and stopped on exit.
# Appends a section with p95 and errors (non-2xx answers and socket errors) to BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/bench}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/11}"
CONNECTIONS="${CONNECTIONS:-50}"
DURATION="${DURATION:-60s}"
WORKERS="${GUNICORN_WORKERS:-4}"
# What every browser sends; the page cache answers it with the page it stored gzipped.
ACCEPT_ENCODING="${ACCEPT_ENCODING:-gzip, deflate, br}"
OUT="${BENCHMARKS_FILE:-$ROOT/BENCHMARKS.md}"

if ! command -v wrk >/dev/null; then
    apt-get install -y -qq wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk; }
fi

WORK=$(mktemp -d)
GUNICORN_PID=""
cleanup() {
    if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
        kill "$GUNICORN_PID"
        wait "$GUNICORN_PID" 2>/dev/null || true
    fi
    rm -rf "$WORK"
}
trap cleanup EXIT

# Production-like process settings; the cache is a Redis db of its own, emptied first.
# Plain HTTP on loopback, as behind production's TLS proxy: no redirect to https (a 301 would be
# measured as a fast page, since wrk counts 3xx as success).
export DEBUG=0 SECRET_KEY="${SECRET_KEY:-load-test-only-not-secret}" ALLOWED_HOSTS=127.0.0.1 STATIC_MANIFEST=0 \
    SECURE_SSL_REDIRECT=0
export DJANGO_SETTINGS_MODULE=governance.settings
PORT=$(.venv/bin/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# The pages each measured alone beside /healthz (issue 13's targets: each page at least 0.5x the
# framework's own floor, and no socket time-out).
.venv/bin/python - "$WORK/single.txt" <<'PY'
import sys
sys.path.insert(0, "benchmarks")
import django
django.setup()
from bench_pages import sample_objects
o = sample_objects()
codes = ",".join(a.code for a in o["actors"])
open(sys.argv[1], "w").write("\n".join([
    "/healthz", "/", f"/frameworks/{o['framework'].slug}/", f"/actors/{o['organisation'].code}/",
    f"/compare/?actors={codes}", "/articles/",
]) + "\n")
PY

# The pages: the same list the in-process benchmark discovers from initiatives.urls and the data.
.venv/bin/python - "$WORK/urls.txt" <<'PY'
import datetime as dt, sys
sys.path.insert(0, "benchmarks")
import django
django.setup()
from django.core.cache import cache
from bench_pages import discover_urls, sample_objects
cache.clear()
as_of = (dt.date.today() - dt.timedelta(days=3 * 365)).isoformat()
urls = [url for _label, url in discover_urls(sample_objects(), as_of) if url]
if not urls:
    sys.exit("no pages found: is the database filled (make bench)?")
open(sys.argv[1], "w").write("\n".join(urls) + "\n")
print(f"{len(urls)} pages")
PY

.venv/bin/gunicorn governance.wsgi --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
    --access-logfile /dev/null --error-logfile "$WORK/gunicorn.log" &
GUNICORN_PID=$!
for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break
    sleep 0.5
done
curl -fsS "http://127.0.0.1:$PORT/healthz" >/dev/null || { cat "$WORK/gunicorn.log"; exit 1; }
# One pass over the pages first, as after a deploy: the figures below are for a warm cache.
# Every page must answer 200 before it is measured.
while read -r path; do
    code=$(curl -sS -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT$path" || echo 000)
    [ "$code" = 200 ] || { echo "warm-up: $path answered $code, not 200: nothing measured"; cat "$WORK/gunicorn.log"; exit 1; }
done <"$WORK/urls.txt"

# Each page alone, as many readers open it at once, beside /healthz measured just before it: the
# floor is taken again for every page, so that other work on the machine weighs on both alike.
SINGLE_DURATION="${SINGLE_DURATION:-$DURATION}"
FLOOR_DURATION="${FLOOR_DURATION:-20s}"
: >"$WORK/single.md"
measure() {  # measure PATH DURATION: "rps p50 p99 timeouts non2xx"
    wrk -t2 -c"$CONNECTIONS" -d"$2" --timeout 10s --latency -H "Accept-Encoding: $ACCEPT_ENCODING" \
        "http://127.0.0.1:$PORT$1" >"$WORK/one.txt"
    rps=$(awk '/Requests\/sec/ {print $2}' "$WORK/one.txt")
    p50=$(awk '/^ +50%/ {print $2}' "$WORK/one.txt")
    p99=$(awk '/^ +99%/ {print $2}' "$WORK/one.txt")
    timeouts=$(awk '/Socket errors/ {gsub(",", ""); print $NF}' "$WORK/one.txt")
    non2xx=$(awk '/Non-2xx/ {print $NF}' "$WORK/one.txt")
    echo "${rps:-0} ${p50:-–} ${p99:-–} ${timeouts:-0} ${non2xx:-0}"
}
while read -r path; do
    [ "$path" = /healthz ] && continue
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT$path" || true
    floor=$(measure /healthz "$FLOOR_DURATION")
    page=$(measure "$path" "$SINGLE_DURATION")
    echo "$path ${floor%% *} $page" >>"$WORK/single.md"
    echo "  $path: ${page%% *} req/s beside /healthz ${floor%% *} req/s ($page)"
done <"$WORK/single.txt"

WRK_URLS="$WORK/urls.txt" wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency \
    -H "Accept-Encoding: $ACCEPT_ENCODING" \
    -s benchmarks/load.lua "http://127.0.0.1:$PORT" | tee "$WORK/wrk.txt"
RESULT=$(grep '^RESULT' "$WORK/wrk.txt" | sed 's/^RESULT //')
eval "$RESULT"  # requests= seconds= rps= p50_ms= p95_ms= ...
ERRORS=$((non2xx + connect + read + write + timeout))
PAGES=$(wc -l <"$WORK/urls.txt")
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')

{
    echo
    echo "## Load: wrk, $CONNECTIONS connections for $DURATION ($(date -u '+%Y-%m-%d %H:%M UTC'))"
    echo
    echo "gunicorn with $WORKERS sync workers on 127.0.0.1, DEBUG=0, cache in Redis, $PAGES dashboard pages in"
    echo "rotation (the in-process benchmark's list, with and without as_of), on $(nproc) cores ($CPU) shared"
    echo "with wrk itself."
    echo
    echo "| requests | req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx | socket errors (connect/read/write/timeout) |"
    echo "|---:|---:|---:|---:|---:|---:|---:|---|"
    echo "| $requests | $rps | $p50_ms | $p95_ms | $p99_ms | $max_ms | $non2xx | $connect/$read/$write/$timeout |"
    echo
    if [ "$ERRORS" -eq 0 ]; then echo "Target zero errors: **met**."; else echo "Target zero errors: **MISSED** ($ERRORS)."; fi
    echo
    echo "### Each page alone beside /healthz ($CONNECTIONS connections, $SINGLE_DURATION each)"
    echo
    echo "Anonymous readers get whole pages from the page cache (initiatives/page_cache.py), gzipped for a"
    echo "client that sends \`Accept-Encoding: $ACCEPT_ENCODING\` as browsers do. Each page is measured right"
    echo "after /healthz ($FLOOR_DURATION), the framework's own floor, so the ratio compares two runs under the"
    echo "same machine load. Target: each page at least 0.5x /healthz's requests per second, no socket time-out."
    echo
    echo "| path | req/s | /healthz req/s just before | x /healthz | p50 | p99 | socket time-outs | non-2xx | verdict |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
    while read -r path floor rps p50 p99 timeouts non2xx; do
        ratio=$(awk -v a="$rps" -v b="$floor" 'BEGIN {printf "%.2f", (b > 0 ? a / b : 0)}')
        verdict=$(awk -v r="$ratio" -v t="$timeouts" -v n="$non2xx" 'BEGIN {print (r >= 0.5 && t == 0 && n == 0) ? "met" : "MISSED"}')
        echo "| \`$path\` | $rps | $floor | $ratio | $p50 | $p99 | $timeouts | $non2xx | $verdict |"
    done <"$WORK/single.md"
} >>"$OUT"
echo "appended to $OUT; errors: $ERRORS"
