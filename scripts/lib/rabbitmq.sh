# scripts/lib/rabbitmq.sh — start and stop a RabbitMQ broker for the integration tests.
# Source it, then: rabbitmq_start; ...; rabbitmq_stop
#
# The broker is started directly (no systemd on CI machines or in containers), detached into its
# own session so that a Ctrl-C on the test run reaches it only through rabbitmq_stop. It listens
# on loopback only. A broker that is already listening is used as it is and left running.

RABBITMQ_PORT="${RABBITMQ_PORT:-5672}"
RABBITMQ_WAIT_SECONDS="${RABBITMQ_WAIT_SECONDS:-60}"
_rabbitmq_started_by_us=0
_rabbitmq_epmd_started_by_us=0

_rabbitmq_port_open() {
  (exec 3<>"/dev/tcp/127.0.0.1/$RABBITMQ_PORT") 2>/dev/null
}

# rabbitmq_start [log file]: returns once the AMQP port accepts connections, or fails after
# RABBITMQ_WAIT_SECONDS with the tail of the broker's log.
rabbitmq_start() {
  local log="${1:-${TMPDIR:-/tmp}/libsession-rabbitmq.log}"
  if _rabbitmq_port_open; then
    echo "rabbitmq: already listening on 127.0.0.1:$RABBITMQ_PORT; using it"
    return 0
  fi
  echo "rabbitmq: starting (log: $log)"
  # The broker starts epmd (the Erlang port mapper) as a daemon that outlives it.
  if ! epmd -names >/dev/null 2>&1; then _rabbitmq_epmd_started_by_us=1; fi
  # AMQP, the Erlang distribution port and epmd all bound to loopback.
  RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 \
  RABBITMQ_NODE_PORT="$RABBITMQ_PORT" \
  ERL_EPMD_ADDRESS=127.0.0.1 \
  RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}" \
    setsid rabbitmq-server </dev/null >"$log" 2>&1 &
  _rabbitmq_started_by_us=1
  local waited=0
  until _rabbitmq_port_open; do
    if [ "$waited" -ge "$RABBITMQ_WAIT_SECONDS" ]; then
      echo "rabbitmq: not listening after ${RABBITMQ_WAIT_SECONDS}s; last log lines:" >&2
      tail -n 30 "$log" >&2 || true
      return 1
    fi
    sleep 1
    waited=$((waited + 1))
  done
  echo "rabbitmq: up after ${waited}s"
}

# rabbitmq_stop: stops the broker if rabbitmq_start started it; safe to call more than once.
rabbitmq_stop() {
  if [ "$_rabbitmq_started_by_us" -ne 1 ]; then
    return 0
  fi
  _rabbitmq_started_by_us=0
  echo "rabbitmq: stopping"
  # `shutdown` (unlike `stop`) returns only once the Erlang runtime has exited.
  rabbitmqctl shutdown >/dev/null 2>&1 || rabbitmqctl stop >/dev/null 2>&1 ||
    echo "rabbitmq: rabbitmqctl shutdown failed" >&2
  if [ "$_rabbitmq_epmd_started_by_us" -eq 1 ]; then
    _rabbitmq_epmd_started_by_us=0
    epmd -kill >/dev/null 2>&1 || true
  fi
}
