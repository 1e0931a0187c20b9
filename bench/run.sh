#!/usr/bin/env bash
# bench/run.sh — session-agent against the Node socket.io reference, under identical load.
#
#   bench/run.sh [--build-dir DIR] [--no-build] [--reps N] [--quick] [--only a,b,...] [--duration S]
#
# Each scenario runs every server in turn (the order alternates between repetitions), each run on
# a freshly started server pinned to CPU 0 while session-bench drives it from CPU 1. The medians,
# their spread (min–max over the repetitions) and the session-agent/Node ratios go to stdout and
# to bench/results/<date>.md (raw JSON lines beside it, <date>.jsonl).
#
# Scenarios (--only takes the letters; d and f name all their rows):
#   a  loopback, 100 connections, closed loop, 1 Event in flight per connection
#   b  the same with 8 in flight
#   c  open loop, 5,000 Events/s over 1,000 connections: latency percentiles
#   d  idle WebSocket connections held: 5,000 / 10,000 / 19,000 (server RSS per connection)
#   e  connection storm: handshakes/s
#   f  RabbitMQ path, 100 connections, 1 and 8 in flight: session-agent --broker against
#      bench/node/amqp-agent.js, both answered by bench/node/echo-engine.js
# Servers: a–e session-agent (embedded loopback engine) vs bench/node/echo-server.js;
#          f   session-agent --broker vs bench/node/amqp-agent.js.
#
# Needs: DIR/apps/session-agent/session-agent and DIR/bench/session-bench (built here unless
# --no-build), node + npm (npm ci in bench/node when node_modules is missing), taskset, jq,
# python3, curl; for f, RabbitMQ (scripts/lib/rabbitmq.sh starts one on 127.0.0.1:5672 unless one
# is already listening, and stops it at the end only if it started it). Everything this script
# starts is stopped when it exits, however it exits.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH_DIR="$ROOT/bench"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; }

# ---- options ---------------------------------------------------------------------------------
BUILD_DIR="build/release"
DO_BUILD=1
REPS=3
QUICK=0
ONLY="a,b,c,d,e,f"
DURATION=""
while [ $# -gt 0 ]; do
  case "$1" in
    --build-dir) BUILD_DIR="${2:?--build-dir needs a value}"; shift 2 ;;
    --no-build) DO_BUILD=0; shift ;;
    --reps) REPS="${2:?--reps needs a value}"; shift 2 ;;
    --quick) QUICK=1; shift ;;
    --only) ONLY="${2:?--only needs a value}"; shift 2 ;;
    --duration) DURATION="${2:?--duration needs a value}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run.sh: unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
case "$BUILD_DIR" in /*) ;; *) BUILD_DIR="$ROOT/$BUILD_DIR" ;; esac
[[ "$REPS" =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: --reps must be a positive integer" >&2; exit 2; }
[ -z "$DURATION" ] || [[ "$DURATION" =~ ^[1-9][0-9]*$ ]] ||
  { echo "run.sh: --duration must be a positive integer (seconds)" >&2; exit 2; }

# Durations in seconds: the measured window of the message scenarios (a, b, c, f), their warm-up,
# how long idle connections are held (d) and how long the storm lasts (e).
if [ "$QUICK" -eq 1 ]; then
  REPS=1; MEASURE=5; WARMUP=1; IDLE_HOLD=2; STORM=3
else
  MEASURE=20; WARMUP=3; IDLE_HOLD=5; STORM=10
fi
[ -z "$DURATION" ] || MEASURE="$DURATION"

# The scenario rows, in table order; --only selects by first letter.
ALL_ROWS=(a b c d5k d10k d19k e f1 f8)
ROWS=()
IFS=',' read -r -a only_letters <<<"$ONLY"
for letter in "${only_letters[@]}"; do
  case "$letter" in a|b|c|d|e|f) ;; *) echo "run.sh: --only: unknown scenario '$letter' (a..f)" >&2; exit 2 ;; esac
done
for row in "${ALL_ROWS[@]}"; do
  for letter in "${only_letters[@]}"; do
    if [ "${row:0:1}" = "$letter" ]; then ROWS+=("$row"); break; fi
  done
done

AGENT="$BUILD_DIR/apps/session-agent/session-agent"
BENCH="$BUILD_DIR/bench/session-bench"
AMQP_URL="amqp://guest:guest@127.0.0.1:5672"
SOURCE_ADDRESSES="127.0.0.1-127.0.0.4"
SERVER_CPU=0
CLIENT_CPU=1

log() { echo "run.sh: $*" >&2; }
die() { log "$*"; exit 1; }

for tool in taskset jq python3 curl node npm; do
  command -v "$tool" >/dev/null || die "$tool is required"
done

# ---- cleanup: everything started here is stopped on exit ---------------------------------------
WORK="$(mktemp -d "${TMPDIR:-/tmp}/libsession-bench.XXXXXX")"
SERVER_PID=""
ENGINE_PID=""
CLIENT_PID=""
BROKER_PID=""
RABBIT_SOURCED=0

# stop_pid PID [seconds]: SIGTERM, then SIGKILL after the grace period.
stop_pid() {
  local pid="$1" grace="${2:-10}" waited=0
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if [ "$waited" -ge $((grace * 10)) ]; then kill -KILL "$pid" 2>/dev/null || true; break; fi
    sleep 0.1
    waited=$((waited + 1))
  done
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local status=$?
  trap - EXIT INT TERM
  stop_pid "$CLIENT_PID" 2
  stop_pid "$SERVER_PID"
  stop_pid "$ENGINE_PID"
  if [ -n "$BROKER_PID" ] && [ "$status" -ne 0 ]; then purge_queues; fi
  if [ "$RABBIT_SOURCED" -eq 1 ]; then rabbitmq_stop >&2 || true; fi
  rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# ---- build and dependencies --------------------------------------------------------------------
if [ "$DO_BUILD" -eq 1 ]; then
  if [ ! -f "$BUILD_DIR/CMakeCache.txt" ]; then
    log "configuring $BUILD_DIR (Release)"
    cmake -S "$ROOT" -B "$BUILD_DIR" -G Ninja -DCMAKE_BUILD_TYPE=Release >&2
  fi
  log "building session-agent and session-bench in $BUILD_DIR"
  cmake --build "$BUILD_DIR" -j"${LIBSESSION_JOBS:-2}" --target session-agent session-bench >&2 ||
    die "build failed"
fi
[ -x "$AGENT" ] || die "no $AGENT (build it, or pass --build-dir)"
[ -x "$BENCH" ] || die "no $BENCH (build it, or pass --build-dir)"
if [ ! -d "$BENCH_DIR/node/node_modules" ]; then
  log "npm ci in bench/node"
  (cd "$BENCH_DIR/node" && npm ci --no-audit --no-fund >&2)
fi

# 19,000 connections need as many descriptors, on both sides (children inherit the limit).
if ! ulimit -n 20000 2>/dev/null; then
  log "cannot raise the open-file limit to 20000 (hard limit $(ulimit -Hn)); d19k will fail"
fi

# Same limits for session-agent as Node's (which has none): 19,000 connections are beyond the
# agent's default maxConnections (10,000). Every session-agent run uses this file.
AGENT_CONFIG="$WORK/session-agent.json"
echo '{"server": {"maxConnections": 25000}}' >"$AGENT_CONFIG"
"$AGENT" --config "$AGENT_CONFIG" --check-config >/dev/null || die "session-agent rejects $AGENT_CONFIG"

# ---- servers -----------------------------------------------------------------------------------
# Below the ephemeral range (32768-60999 here): the load generator's tens of thousands of
# outgoing connections take their source ports from it, and a port there may be busy although
# nothing listens on it.
NEXT_PORT=21100
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
pick_port() {
  while port_in_use "$NEXT_PORT"; do NEXT_PORT=$((NEXT_PORT + 1)); done
  PORT="$NEXT_PORT"
  NEXT_PORT=$((NEXT_PORT + 1))
}

# wait_for_line PID FILE TEXT SECONDS: until FILE contains TEXT; fails if PID dies first.
wait_for_line() {
  local pid="$1" file="$2" text="$3" limit=$(($4 * 10)) waited=0
  until grep -q "$text" "$file" 2>/dev/null; do
    kill -0 "$pid" 2>/dev/null || { log "process $pid exited; its log:"; tail -n 20 "$file" >&2; return 1; }
    [ "$waited" -lt "$limit" ] || { log "no '$text' from $pid after $4 s; its log:"; tail -n 20 "$file" >&2; return 1; }
    sleep 0.1
    waited=$((waited + 1))
  done
}

# start_server KIND: starts it on a free port, pinned to SERVER_CPU; sets SERVER_PID and PORT.
# A port taken between the check and the bind is retried on the next one.
start_server() {
  local attempt
  for attempt in 1 2 3 4 5; do
    if start_server_once "$1"; then return 0; fi
    grep -qi "address already in use\|EADDRINUSE" "$WORK/server.log" || return 1
    stop_server
    log "port $PORT was taken; trying the next one"
  done
  return 1
}

start_server_once() {
  local kind="$1" out="$WORK/server.log"
  pick_port
  : >"$out"
  case "$kind" in
    agent)
      taskset -c "$SERVER_CPU" "$AGENT" --config "$AGENT_CONFIG" --port "$PORT" --log-level warn >"$out" 2>&1 &
      SERVER_PID=$! ;;
    agent-rmq)
      taskset -c "$SERVER_CPU" "$AGENT" --config "$AGENT_CONFIG" --port "$PORT" --log-level warn \
        --broker "$AMQP_URL" >"$out" 2>&1 &
      SERVER_PID=$! ;;
    node)
      taskset -c "$SERVER_CPU" node "$BENCH_DIR/node/echo-server.js" "$PORT" >"$out" 2>&1 &
      SERVER_PID=$! ;;
    node-rmq)
      taskset -c "$SERVER_CPU" node "$BENCH_DIR/node/amqp-agent.js" "$PORT" "$AMQP_URL" >"$out" 2>&1 &
      SERVER_PID=$! ;;
    *) die "unknown server kind $kind" ;;
  esac
  wait_for_line "$SERVER_PID" "$out" "listening on" 30 || return 1
  if [ "$kind" = agent-rmq ]; then
    # Listening comes before the broker link: wait until /health says the engine is up.
    local waited=0
    until curl -fsS "http://127.0.0.1:$PORT/health" 2>/dev/null | grep -q '"up":true'; do
      [ "$waited" -lt 300 ] || { log "session-agent's broker link not up after 30 s"; tail -n 20 "$out" >&2; return 1; }
      sleep 0.1
      waited=$((waited + 1))
    done
  fi
}

stop_server() { stop_pid "$SERVER_PID" 15; SERVER_PID=""; }

# ---- RabbitMQ (scenario f) ---------------------------------------------------------------------
prepare_rabbitmq() {
  [ -n "$BROKER_PID" ] && return 0
  # shellcheck source=../scripts/lib/rabbitmq.sh
  source "$ROOT/scripts/lib/rabbitmq.sh"
  RABBIT_SOURCED=1
  rabbitmq_start "$WORK/rabbitmq.log" >&2
  BROKER_PID="$(rabbitmqctl eval 'list_to_integer(os:getpid()).' 2>/dev/null | tr -dc '0-9')"
  [ -n "$BROKER_PID" ] && [ -d "/proc/$BROKER_PID" ] || die "cannot find the broker's process id"
  log "broker: beam.smp pid $BROKER_PID (not pinned: it shares both CPUs)"
}

# The queues the two agents and the engine use; emptied before every RabbitMQ run so that no run
# inherits another's backlog. A queue that does not exist yet is fine.
purge_queues() {
  local q
  for q in event-queue session1-message-queue session-message-queue; do
    rabbitmqctl purge_queue -q "$q" >/dev/null 2>&1 || true
  done
}

start_engine() {
  local out="$WORK/engine.log"
  : >"$out"
  node "$BENCH_DIR/node/echo-engine.js" "$AMQP_URL" >"$out" 2>&1 &
  ENGINE_PID=$!
  wait_for_line "$ENGINE_PID" "$out" "echo-engine ready" 30
}

stop_engine() { stop_pid "$ENGINE_PID" 5; ENGINE_PID=""; }

# ---- one run -----------------------------------------------------------------------------------
RESULTS_DIR="$BENCH_DIR/results"
mkdir -p "$RESULTS_DIR"
STAMP="$(date +%Y-%m-%d)"
[ "$QUICK" -eq 0 ] || STAMP="$STAMP-quick"
OUT_MD="$RESULTS_DIR/$STAMP.md"
n=2
while [ -e "$OUT_MD" ]; do OUT_MD="$RESULTS_DIR/$STAMP-$n.md"; n=$((n + 1)); done
OUT_JSONL="$WORK/results.jsonl"  # moved beside OUT_MD at the end: an interrupted run leaves nothing

# bench_args ROW: the session-bench arguments of a scenario row (without --url and --pid).
bench_args() {
  local common=(--warmup "$WARMUP" --duration "$MEASURE")
  # Idle rows measure memory, not connect speed: a generous connect deadline.
  local idle=(--connect-timeout 120 --source-addresses "$SOURCE_ADDRESSES")
  case "$1" in
    a) echo --mode closed --connections 100 --inflight 1 "${common[@]}" ;;
    b) echo --mode closed --connections 100 --inflight 8 "${common[@]}" ;;
    c) echo --mode open --connections 1000 --rate 5000 "${common[@]}" ;;
    d5k) echo --mode idle --connections 5000 --duration "$IDLE_HOLD" "${idle[@]}" ;;
    d10k) echo --mode idle --connections 10000 --duration "$IDLE_HOLD" "${idle[@]}" ;;
    d19k) echo --mode idle --connections 19000 --duration "$IDLE_HOLD" "${idle[@]}" ;;
    e) echo --mode storm --connections 1000 --connect-concurrency 100 --duration "$STORM" --source-addresses "$SOURCE_ADDRESSES" ;;
    f1) echo --mode closed --connections 100 --inflight 1 "${common[@]}" ;;
    f8) echo --mode closed --connections 100 --inflight 8 "${common[@]}" ;;
  esac
}

# record ROW SERVER REP ROLES JSON_OR_EMPTY RC ERRFILE: one line of the results file. A run that
# printed its JSON keeps its figures even when session-bench failed it (errors, connections
# missing: the report flags it); one without JSON is a failure with the tail of ERRFILE.
record() {
  local row="$1" server="$2" rep="$3" roles="$4" json="$5" rc="$6" errfile="$7"
  local stderr
  stderr="$(tail -c 600 "$errfile" 2>/dev/null || true)"
  if [ -n "$json" ] && jq -e . >/dev/null 2>&1 <<<"$json"; then
    jq -cn --arg row "$row" --arg server "$server" --argjson rep "$rep" --argjson roles "$roles" \
      --argjson result "$json" --argjson rc "$rc" --arg stderr "$stderr" \
      '{row: $row, server: $server, rep: $rep, roles: $roles, result: $result, exit: $rc}
       + (if $rc != 0 then {stderr: $stderr} else {} end)' >>"$OUT_JSONL"
  else
    jq -cn --arg row "$row" --arg server "$server" --argjson rep "$rep" --argjson rc "$rc" \
      --arg stderr "$stderr" \
      '{row: $row, server: $server, rep: $rep, failed: true, exit: $rc, stderr: $stderr}' >>"$OUT_JSONL"
  fi
}

# run_one ROW SERVER REP: one measurement on a fresh server (and, for f, a fresh engine).
run_one() {
  local row="$1" server="$2" rep="$3" kind pids=() roles json rc=0 timeout_s
  local errfile="$WORK/bench.err"
  case "$server" in
    session-agent) kind=agent ;;
    node) kind=node ;;
    session-agent-rmq) kind=agent-rmq ;;
    node-rmq) kind=node-rmq ;;
  esac
  if [ "${row:0:1}" = f ]; then
    purge_queues
    if ! start_engine; then
      stop_engine
      record "$row" "$server" "$rep" '{}' "" 1 "$WORK/engine.log"
      return 0
    fi
  fi
  if ! start_server "$kind"; then
    stop_server
    stop_engine
    record "$row" "$server" "$rep" '{}' "" 1 "$WORK/server.log"
    return 0
  fi
  pids=(--pid "$SERVER_PID")
  roles="{\"$SERVER_PID\": \"server\"}"
  if [ "${row:0:1}" = f ]; then
    pids+=(--pid "$BROKER_PID" --pid "$ENGINE_PID")
    roles="{\"$SERVER_PID\": \"server\", \"$BROKER_PID\": \"broker\", \"$ENGINE_PID\": \"engine\"}"
  fi
  # shellcheck disable=SC2046
  set -- $(bench_args "$row")
  timeout_s=$((WARMUP + MEASURE + IDLE_HOLD + STORM + 180))
  log "$row / $server / rep $rep: session-bench $* (server pid $SERVER_PID, port $PORT)"
  : >"$errfile"
  timeout "$timeout_s" taskset -c "$CLIENT_CPU" "$BENCH" --url "http://127.0.0.1:$PORT" "$@" "${pids[@]}" \
    --label "$row/$server/$rep" >"$WORK/bench.out" 2>"$errfile" &
  CLIENT_PID=$!
  wait "$CLIENT_PID" || rc=$?
  CLIENT_PID=""
  json="$(grep -m1 '^{' "$WORK/bench.out" || true)"
  [ "$rc" -eq 0 ] || log "session-bench exited $rc: $(tail -n 3 "$errfile" | tr '\n' ' ')"
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    log "the server died during the run; its log:"
    tail -n 20 "$WORK/server.log" >&2
    cp "$WORK/server.log" "$errfile"
    [ "$rc" -ne 0 ] || rc=1
  fi
  record "$row" "$server" "$rep" "$roles" "$json" "$rc" "$errfile"
  stop_server
  stop_engine
  sleep 1  # let the closed connections' sockets and CPU settle before the next server
}

# ---- the runs ----------------------------------------------------------------------------------
{
  jq -cn --arg date "$(date -u +%Y-%m-%dT%H:%M:%SZ)" \
    --arg commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    --arg dirty "$(git -C "$ROOT" status --porcelain 2>/dev/null | grep -qv '^??' && echo yes || echo no)" \
    --arg cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')" \
    --arg cpus "$(nproc)" --arg kernel "$(uname -r)" \
    --arg agent "$("$AGENT" --version 2>/dev/null)" --arg nodejs "$(node --version)" \
    --arg socketio "$(node -p "require('$BENCH_DIR/node/node_modules/socket.io/package.json').version")" \
    --arg amqplib "$(node -p "require('$BENCH_DIR/node/node_modules/amqplib/package.json').version")" \
    --argjson reps "$REPS" --argjson quick "$QUICK" --argjson measure "$MEASURE" \
    --argjson warmup "$WARMUP" --argjson idle "$IDLE_HOLD" --argjson storm "$STORM" \
    '{meta: {date: $date, commit: $commit, dirty: $dirty, cpu: $cpu, cpus: $cpus, kernel: $kernel,
             agent: $agent, node: $nodejs, socketio: $socketio, amqplib: $amqplib, reps: $reps,
             quick: ($quick == 1), measure_s: $measure, warmup_s: $warmup, idle_hold_s: $idle,
             storm_s: $storm}}'
} >"$OUT_JSONL"

for rep in $(seq 1 "$REPS"); do
  for row in "${ROWS[@]}"; do
    if [ "${row:0:1}" = f ]; then
      prepare_rabbitmq
      servers=(session-agent-rmq node-rmq)
    else
      servers=(session-agent node)
    fi
    # Alternate who goes first, so that neither always runs on a warmer (or more tired) machine.
    if [ $((rep % 2)) -eq 0 ]; then servers=("${servers[1]}" "${servers[0]}"); fi
    for server in "${servers[@]}"; do run_one "$row" "$server" "$rep"; done
  done
done
[ -z "$BROKER_PID" ] || purge_queues  # leave the shared broker as we found it: empty

python3 "$BENCH_DIR/report.py" "$OUT_JSONL" >"$OUT_MD"
cp "$OUT_JSONL" "${OUT_MD%.md}.jsonl"
cat "$OUT_MD"
log "wrote $OUT_MD and ${OUT_MD%.md}.jsonl"
