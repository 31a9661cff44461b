#!/usr/bin/env bash
# Fault drill: restart Redis (broker and result backend) while a feed is being polled, and check that
# no entry is lost: every entry the feed served becomes an Article, and none is left pending once
# poll_due_feeds' catch-up (queue again what a lost message left behind) has run.
#
# Everything is the drill's own: a PostgreSQL database (DRILL_DATABASE_URL, default .../drill),
# a redis-server on 127.0.0.1:6390 (restarted here, never the shared one on 6379), a growing RSS
# feed from a local http.server (benchmarks/drills/feed_server.py) and one Celery worker.
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${N:-60}"             # feed entries, one every INTERVAL seconds
INTERVAL="${INTERVAL:-0.5}"
PORT="${DRILL_REDIS_PORT:-6390}"
export DATABASE_URL="${DRILL_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/drill}"
export REDIS_URL="redis://127.0.0.1:$PORT/0"
export DEBUG=1 SECRET_KEY=drill-only INGEST_ALLOW_PRIVATE_NETWORKS=1
PY=.venv/bin/python
H="benchmarks/drills/drill_helpers.py"
LOG=$(mktemp -d)
REDIS_PID="" WORKER_PID="" FEED_PID="" POLLER_PID=""

cleanup() {
    for pid in "$POLLER_PID" "$FEED_PID" "$REDIS_PID"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
    [ -n "$WORKER_PID" ] && kill -TERM -- "-$WORKER_PID" 2>/dev/null || true
    sleep 2
    [ -n "$WORKER_PID" ] && kill -KILL -- "-$WORKER_PID" 2>/dev/null || true
    rm -rf "$LOG"
}
trap cleanup EXIT

start_redis() {
    redis-server --bind 127.0.0.1 --port "$PORT" --save "" --appendonly no --daemonize no >>"$LOG/redis.log" 2>&1 &
    REDIS_PID=$!
    for _ in $(seq 1 25); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && return; sleep 0.2; done
    echo "redis did not start"; cat "$LOG/redis.log"; exit 1
}

if redis-cli -p "$PORT" ping >/dev/null 2>&1; then echo "port $PORT is already in use: set DRILL_REDIS_PORT"; exit 1; fi
start_redis
redis-cli -p "$PORT" flushall >/dev/null
psql "${DATABASE_URL%/*}/postgres" -qtAc "SELECT 1 FROM pg_database WHERE datname='${DATABASE_URL##*/}'" | grep -q 1 \
    || psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"${DATABASE_URL##*/}\""

$PY benchmarks/drills/feed_server.py "$LOG/port" "$N" "$INTERVAL" &
FEED_PID=$!
for _ in $(seq 1 25); do [ -s "$LOG/port" ] && break; sleep 0.2; done
FEED_ID=$($PY $H feed-setup "http://127.0.0.1:$(cat "$LOG/port")/feed.xml")

setsid .venv/bin/celery -A governance worker --concurrency 2 --loglevel=WARNING -n "drillredis@%h" \
    >"$LOG/worker.log" 2>&1 &
WORKER_PID=$!

POLL_SECONDS=$(python3 -c "print(int($N * $INTERVAL) + 25)")
$PY $H feed-poller "$FEED_ID" "$POLL_SECONDS" &
POLLER_PID=$!

sleep 10
echo "restarting redis (no persistence: every queued message and result is lost)"
kill "$REDIS_PID"; wait "$REDIS_PID" 2>/dev/null || true
sleep 4
start_redis
echo "redis is back"

wait "$POLLER_PID" || true
POLLER_PID=""
sleep 5
$PY $H feed-catch-up
DEADLINE=$((SECONDS + 120))
while [ $SECONDS -lt $DEADLINE ]; do
    [ "$($PY $H feed-pending)" -eq 0 ] && break
    sleep 2
done
grep -c "Connection\|connect" "$LOG/worker.log" >/dev/null && echo "worker log: it lost the broker and reconnected" || true
$PY $H feed-verify "$N"
