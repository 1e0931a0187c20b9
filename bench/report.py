#!/usr/bin/env python3
"""bench/report.py — the markdown table of a bench/run.sh results file (python3 stdlib only).

Usage: bench/report.py RESULTS.jsonl > RESULTS.md

RESULTS.jsonl is what run.sh writes: a first line {"meta": {...}}, then one line per run,
{"row", "server", "rep", "roles": {pid: "server"|"broker"|"engine"}, "result": <session-bench's
JSON line>, "exit", "stderr"?} (exit != 0: session-bench printed figures but failed the run) or
{"row", "server", "rep", "failed": true, "exit", "stderr"}. For every scenario row
and metric it prints the median over the repetitions with the spread (min–max), for session-agent
and for Node, and their ratio; failed runs and runs with errors are listed under the table.
"""

import json
import statistics
import sys

# Scenario rows in table order: (row id, name, left server, right server).
ROWS = [
    ("a", "a. loopback, 100 conn, closed loop W=1", "session-agent", "node"),
    ("b", "b. loopback, 100 conn, closed loop W=8", "session-agent", "node"),
    ("c", "c. loopback, open loop 5,000 msg/s, 1,000 conn", "session-agent", "node"),
    ("d5k", "d. idle WebSocket connections: 5,000", "session-agent", "node"),
    ("d10k", "d. idle WebSocket connections: 10,000", "session-agent", "node"),
    ("d19k", "d. idle WebSocket connections: 19,000", "session-agent", "node"),
    ("e", "e. connection storm", "session-agent", "node"),
    ("f1", "f. RabbitMQ, 100 conn, closed loop W=1", "session-agent-rmq", "node-rmq"),
    ("f8", "f. RabbitMQ, 100 conn, closed loop W=8", "session-agent-rmq", "node-rmq"),
]

SERVER_NAMES = {
    "session-agent": "session-agent",
    "node": "Node echo-server.js",
    "session-agent-rmq": "session-agent --broker",
    "node-rmq": "Node amqp-agent.js",
}


def latency(key):
    return lambda r, roles: (r.get("latency_ms") or {}).get(key)


def field(key):
    return lambda r, roles: r.get(key)


def cpu_of(role):
    """CPU µs per message of the process that run.sh registered under this role."""
    def get(r, roles):
        for p in r.get("pids") or []:
            if roles.get(str(p.get("pid"))) == role:
                return p.get("cpu_us_per_msg")
        return None
    return get


def rss_of(role):
    def get(r, roles):
        for p in r.get("pids") or []:
            if roles.get(str(p.get("pid"))) == role:
                kb = p.get("rss_kb")
                return kb / 1024.0 if kb is not None else None
        return None
    return get


def cpu_sum(r, roles):
    values = [cpu_of(role)(r, roles) for role in ("server", "broker", "engine")]
    return sum(values) if all(v is not None for v in values) else None


def per_connection_kib(r, roles):
    b = r.get("rss_per_connection_bytes")
    return b / 1024.0 if b is not None else None


# Metrics per kind of row: (label, getter, format). ↑ higher is better, ↓ lower is better.
MESSAGE_METRICS = [
    ("msg/s ↑", field("msg_per_s"), "int"),
    ("p50 ms ↓", latency("p50"), "ms"),
    ("p99 ms ↓", latency("p99"), "ms"),
    ("server CPU µs/msg ↓", cpu_of("server"), "us"),
]
OPEN_METRICS = [
    ("p99 ms ↓", latency("p99"), "ms"),
    ("p50 ms ↓", latency("p50"), "ms"),
    ("p99.9 ms ↓", latency("p999"), "ms"),
    ("msg/s achieved", field("msg_per_s"), "int"),
    ("server CPU µs/msg ↓", cpu_of("server"), "us"),
]
IDLE_METRICS = [
    ("RSS per connection KiB ↓", per_connection_kib, "kib"),
    ("server RSS MiB ↓", rss_of("server"), "mib"),
    ("connected", field("connected"), "int"),
]
STORM_METRICS = [
    ("handshakes/s ↑", field("handshakes_per_s"), "int"),
    ("server CPU µs/handshake ↓", cpu_of("server"), "us"),
]
RABBIT_METRICS = [
    ("Events/s ↑", field("msg_per_s"), "int"),
    ("p50 ms ↓", latency("p50"), "ms"),
    ("p99 ms ↓", latency("p99"), "ms"),
    ("agent CPU µs/Event ↓", cpu_of("server"), "us"),
    ("broker CPU µs/Event", cpu_of("broker"), "us"),
    ("engine CPU µs/Event", cpu_of("engine"), "us"),
    ("agent+broker+engine µs/Event ↓", cpu_sum, "us"),
]


def metrics_for(row):
    if row in ("a", "b"):
        return MESSAGE_METRICS
    if row == "c":
        return OPEN_METRICS
    if row.startswith("d"):
        return IDLE_METRICS
    if row == "e":
        return STORM_METRICS
    return RABBIT_METRICS


def fmt(value, kind):
    if value is None:
        return "–"
    if kind == "int":
        return f"{value:,.0f}"
    if kind == "ms":
        return f"{value:.3g}" if value < 100 else f"{value:,.0f}"
    if kind in ("us", "kib", "mib"):
        return f"{value:,.1f}"
    return str(value)


def cell(values, kind):
    """median (min–max) of the values, or – when there are none."""
    if not values:
        return "–"
    med = statistics.median(values)
    if len(values) == 1:
        return fmt(med, kind)
    return f"{fmt(med, kind)} ({fmt(min(values), kind)}–{fmt(max(values), kind)})"


def ratio(left, right):
    if not left or not right:
        return "–"
    a, b = statistics.median(left), statistics.median(right)
    if a is None or b in (None, 0):
        return "–"
    return f"{a / b:.2f}×"


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: report.py RESULTS.jsonl\n")
        return 2
    meta = {}
    runs = []
    with open(argv[1], encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                sys.stderr.write(f"report.py: line {number}: {e}\n")
                continue
            if "meta" in record:
                meta = record["meta"]
            else:
                runs.append(record)

    out = []
    title = "quick smoke run" if meta.get("quick") else "benchmark"
    out.append(f"# session-agent vs Node socket.io: {title}, {meta.get('date', '?')}")
    out.append("")
    out.append(
        f"Commit `{meta.get('commit', '?')}`{' (uncommitted changes)' if meta.get('dirty') == 'yes' else ''}; "
        f"{meta.get('agent', '?')}; Node {meta.get('node', '?')}, socket.io {meta.get('socketio', '?')}, "
        f"amqplib {meta.get('amqplib', '?')}; {meta.get('cpu', '?')}, {meta.get('cpus', '?')} CPUs, "
        f"Linux {meta.get('kernel', '?')}.")
    out.append(
        f"{meta.get('reps', '?')} repetition(s), servers alternated; each run on a fresh server pinned to "
        f"CPU 0, session-bench on CPU 1; message scenarios measure {meta.get('measure_s', '?')} s after "
        f"{meta.get('warmup_s', '?')} s of warm-up, idle connections are held {meta.get('idle_hold_s', '?')} s, "
        f"the storm lasts {meta.get('storm_s', '?')} s. RabbitMQ rows: the broker and the echo engine are "
        f"not pinned (they share both CPUs with the agent and the load).")
    out.append("")
    out.append("Cells: median (min–max) over the repetitions. agent/Node: ratio of the medians; "
               "↑ higher is better, ↓ lower is better.")
    out.append("")
    out.append("| scenario | metric | session-agent | Node | agent/Node |")
    out.append("| --- | --- | ---: | ---: | ---: |")

    notes = []
    rows_present = {r.get("row") for r in runs}
    for row, name, left, right in ROWS:
        if row not in rows_present:
            continue
        ok = {left: [], right: []}
        failed = {left: 0, right: 0}
        flagged = {left: 0, right: 0}
        for r in runs:
            if r.get("row") != row or r.get("server") not in ok:
                continue
            if r.get("failed"):
                failed[r["server"]] += 1
                stderr = " ".join((r.get("stderr") or "").split())[-300:]
                notes.append(f"{name}, {SERVER_NAMES[r['server']]}, rep {r.get('rep')}: failed "
                             f"(exit {r.get('exit')}): {stderr or 'no output'}")
                continue
            result = r.get("result") or {}
            ok[r["server"]].append((result, r.get("roles") or {}))
            errors, dropped = result.get("errors") or 0, result.get("dropped") or 0
            if r.get("exit"):
                flagged[r["server"]] += 1
                verdict = " ".join((r.get("stderr") or "").split())
                verdict = verdict[verdict.rfind("session-bench:"):] if "session-bench:" in verdict else verdict[-200:]
                notes.append(f"{name}, {SERVER_NAMES[r['server']]}, rep {r.get('rep')}: figures kept, but "
                             f"session-bench exited {r['exit']}: {verdict or 'no output'}")
            elif errors or dropped:
                samples = "; ".join(str(s) for s in (result.get("error_samples") or [])[:3])
                notes.append(f"{name}, {SERVER_NAMES[r['server']]}, rep {r.get('rep')}: {errors} errors, "
                             f"{dropped} dropped{': ' + samples if samples else ''}")
        first = True
        for label, getter, kind in metrics_for(row):
            values = {}
            for server in (left, right):
                values[server] = [v for v in (getter(res, roles) for res, roles in ok[server]) if v is not None]
            scenario = name if first else ""
            if first:
                for server in (left, right):
                    if failed[server]:
                        scenario += f" ({SERVER_NAMES[server]}: {failed[server]} failed)"
                    if flagged[server]:
                        scenario += f" ({SERVER_NAMES[server]}: {flagged[server]} with errors, see notes)"
            first = False
            out.append(f"| {scenario} | {label} | {cell(values[left], kind)} | {cell(values[right], kind)} | "
                       f"{ratio(values[left], values[right])} |")

    out.append("")
    out.append("Servers: a–e session-agent (embedded loopback engine) vs bench/node/echo-server.js; "
               "f session-agent --broker vs bench/node/amqp-agent.js, both answered by "
               "bench/node/echo-engine.js.")
    if notes:
        out.append("")
        out.append("Notes:")
        out.extend(f"- {n}" for n in notes)
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
