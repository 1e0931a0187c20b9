#!/usr/bin/env bash
# bench/smoke.sh AGENT BENCH — session-bench against the real session-agent, every mode once:
# closed over WebSocket and over polling, a storm, an idle hold. Each run must exit 0 and the
# load runs must complete round trips. No timing is checked. Run by ctest (bench.smoke).
set -euo pipefail

agent=$1
bench=$2
work=$(mktemp -d)
agent_pid=
cleanup() {
  if [[ -n $agent_pid ]]; then
    kill "$agent_pid" 2>/dev/null || true
    wait "$agent_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

# Port 0: the agent prints "session-agent <v> listening on <host>:<port> (...)" once bound.
"$agent" --host 127.0.0.1 --port 0 --log-level warn >"$work/agent.out" 2>"$work/agent.err" &
agent_pid=$!
port=
for _ in $(seq 1 150); do
  port=$(sed -n 's/^session-agent .* listening on [^ ]*:\([0-9][0-9]*\) .*/\1/p' "$work/agent.out")
  [[ -n $port ]] && break
  kill -0 "$agent_pid" 2>/dev/null || { cat "$work/agent.err" >&2; echo "agent exited" >&2; exit 1; }
  sleep 0.1
done
[[ -n $port ]] || { echo "session-agent did not report its port" >&2; exit 1; }
url=http://127.0.0.1:$port

# run NAME ARGS...: runs session-bench, keeps its JSON line in $work/NAME.json.
run() {
  local name=$1
  shift
  echo "--- $name: session-bench $*" >&2
  if ! "$bench" --url "$url" --pid "$agent_pid" --label "smoke-$name" "$@" >"$work/$name.json"; then
    echo "session-bench $name failed: $(cat "$work/$name.json")" >&2
    exit 1
  fi
  cat "$work/$name.json" >&2
}

# The "messages" count of a JSON line, which must be positive.
require_messages() {
  local messages
  messages=$(sed -n 's/.*"messages":\([0-9][0-9]*\).*/\1/p' "$work/$1.json")
  if [[ -z $messages || $messages -eq 0 ]]; then
    echo "$1: no round trip completed" >&2
    exit 1
  fi
}

run closed-ws --mode closed --connections 20 --inflight 4 --duration 2 --warmup 0.5
require_messages closed-ws
run closed-polling --mode closed --transport polling --connections 10 --inflight 2 \
  --duration 2 --warmup 0.5
require_messages closed-polling
run open-ws --mode open --connections 10 --rate 2000 --duration 1 --warmup 0.2
require_messages open-ws
run storm --mode storm --connect-concurrency 8 --duration 2 --warmup 0.2
run idle --mode idle --connections 100 --duration 2
echo "bench smoke: all modes passed" >&2
