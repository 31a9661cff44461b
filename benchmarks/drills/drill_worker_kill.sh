#!/usr/bin/env bash
# Fault drill: kill -9 a Celery worker in the middle of 500 queued analyse_article tasks, start it
# again, and check that every article was processed exactly once (analysed, no duplicate mentions or
# suggestions, and analysing again changes nothing).
#
# Uses its own PostgreSQL database (DRILL_DATABASE_URL, default .../drill) and its own redis-server
# on 127.0.0.1:6390, started and stopped here, so nobody else's broker or cache is touched.
# acks_late + reject_on_worker_lost (settings) keep the tasks a dead worker held; the broker hands
# them out again after the visibility timeout, which this drill shortens to 60 s
# (CELERY_TASK_TIME_LIMIT=15 -> visibility_timeout 4x = 60 s).
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${N:-500}"
PORT="${DRILL_REDIS_PORT:-6390}"
export DATABASE_URL="${DRILL_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/drill}"
export REDIS_URL="redis://127.0.0.1:$PORT/0"
export DEBUG=1 SECRET_KEY=drill-only INGEST_ALLOW_PRIVATE_NETWORKS=1 CELERY_TASK_TIME_LIMIT=15
PY=.venv/bin/python
H="benchmarks/drills/drill_helpers.py"
LOG=$(mktemp -d)
REDIS_PID="" WORKER_PID=""

cleanup() {
    [ -n "$WORKER_PID" ] && kill -TERM -- "-$WORKER_PID" 2>/dev/null || true
    [ -n "$REDIS_PID" ] && kill "$REDIS_PID" 2>/dev/null || true
    sleep 1
    [ -n "$WORKER_PID" ] && kill -KILL -- "-$WORKER_PID" 2>/dev/null || true
    rm -rf "$LOG"
}
trap cleanup EXIT

start_worker() {
    # setsid: the worker and its pool children form one process group, killed together below.
    setsid .venv/bin/celery -A governance worker --concurrency 2 --loglevel=WARNING -n "drill$1@%h" \
        >>"$LOG/worker.log" 2>&1 &
    WORKER_PID=$!
}

if redis-cli -p "$PORT" ping >/dev/null 2>&1; then echo "port $PORT is already in use: set DRILL_REDIS_PORT"; exit 1; fi
redis-server --bind 127.0.0.1 --port "$PORT" --save "" --appendonly no --daemonize no >"$LOG/redis.log" 2>&1 &
REDIS_PID=$!
for _ in $(seq 1 20); do redis-cli -p "$PORT" ping >/dev/null 2>&1 && break; sleep 0.2; done
redis-cli -p "$PORT" flushall >/dev/null

psql "${DATABASE_URL%/*}/postgres" -qtAc "SELECT 1 FROM pg_database WHERE datname='${DATABASE_URL##*/}'" | grep -q 1 \
    || psql "${DATABASE_URL%/*}/postgres" -qc "CREATE DATABASE \"${DATABASE_URL##*/}\""
$PY $H worker-setup "$N"
$PY $H worker-queue

start_worker 1
# Kill it when a fifth of the articles are done: the others are queued or in the pool's hands.
while [ $SECONDS -lt 300 ]; do
    done_count=$($PY $H worker-progress)
    [ "$done_count" -ge $((N / 5)) ] && break
    sleep 0.5
done
echo "kill -9 of the worker's process group with $done_count/$N analysed"
kill -KILL -- "-$WORKER_PID"
wait "$WORKER_PID" 2>/dev/null || true
sleep 1
echo "after the kill: $($PY $H worker-progress)/$N analysed; starting the worker again"
start_worker 2

DEADLINE=$((SECONDS + 240)); while [ $SECONDS -lt $DEADLINE ]; do
    done_count=$($PY $H worker-progress)
    [ "$done_count" -ge "$N" ] && break
    sleep 1
done
echo "finished waiting: $done_count/$N analysed"
# Let any redelivered duplicates run too, so that "exactly once" is checked after them.
sleep 5
$PY $H worker-verify
