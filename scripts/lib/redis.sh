# scripts/lib/redis.sh — start and stop a Redis server for the integration tests.
# Source it, then: redis_start; ...; redis_stop
#
# For tests that share one Redis (several agents on one directory). The RedisSessionDirectory
# tests start their own servers on free ports and do not need it. The server runs in the
# foreground of its own session (no systemd on CI machines or in containers), listens on
# loopback only and persists nothing. A server already listening is used as it is and left
# running.

REDIS_PORT="${REDIS_PORT:-6379}"
REDIS_WAIT_SECONDS="${REDIS_WAIT_SECONDS:-30}"
_redis_pid=""

_redis_ping() {
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null | grep -q PONG
}

# redis_start [log file]: returns once the server answers PING, or fails after
# REDIS_WAIT_SECONDS with the tail of its log.
redis_start() {
  local log="${1:-${TMPDIR:-/tmp}/libsession-redis.log}"
  if _redis_ping; then
    echo "redis: already answering on 127.0.0.1:$REDIS_PORT; using it"
    return 0
  fi
  echo "redis: starting (log: $log)"
  setsid redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no \
    --dir "${TMPDIR:-/tmp}" </dev/null >"$log" 2>&1 &
  _redis_pid=$!
  local waited=0
  until _redis_ping; do
    if [ "$waited" -ge "$((REDIS_WAIT_SECONDS * 10))" ] || ! kill -0 "$_redis_pid" 2>/dev/null; then
      echo "redis: not answering after $((waited / 10))s; last log lines:" >&2
      tail -n 30 "$log" >&2 || true
      _redis_pid=""
      return 1
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  echo "redis: up on 127.0.0.1:$REDIS_PORT"
}

# redis_stop: stops the server if redis_start started it; safe to call more than once.
redis_stop() {
  if [ -z "$_redis_pid" ]; then
    return 0
  fi
  echo "redis: stopping"
  redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 ||
    kill "$_redis_pid" 2>/dev/null || true
  wait "$_redis_pid" 2>/dev/null || true
  _redis_pid=""
}
