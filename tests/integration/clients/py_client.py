"""python3-socketio (Debian's python-socketio 5.7) against the echo server: connect with auth,
emit and receive (text and binary), call with an ack, answer a server ack, disconnect.
Prints JSON lines like lib.js: {"name": ..., "value": ...}, binary as {"$binary": "<hex>"}.

    /usr/bin/python3 py_client.py <url> default|polling
"""
import json
import os
import queue
import sys
import threading

import socketio


def encode(value):
    if isinstance(value, (bytes, bytearray)):
        return {"$binary": bytes(value).hex()}
    if isinstance(value, (list, tuple)):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    return value


def report(name, value):
    print(json.dumps({"name": name, "value": encode(value)}), flush=True)


def main():
    url, mode = sys.argv[1], sys.argv[2]
    # The whole scenario is bounded even if the client blocks somewhere unexpected.
    watchdog = threading.Timer(15, lambda: (report("error", "scenario timed out"), os._exit(3)))
    watchdog.daemon = True
    watchdog.start()

    sio = socketio.Client(reconnection=False)
    inbox = {name: queue.Queue() for name in ("auth", "session", "message-back")}
    disconnected = threading.Event()

    for name, box in inbox.items():
        sio.on(name, lambda *args, box=box: box.put(list(args)))
    sio.on("disconnect", lambda: disconnected.set())
    # Answers the server's emit with ack: the return value is the ack's arguments.
    sio.on("ask-client", lambda *args: ("answer", *args, b"\x04\x02"))

    transports = ["polling"] if mode == "polling" else None
    sio.connect(url, auth={"token": "py", "lang": "python"}, transports=transports, wait_timeout=5)
    report("connected", sio.connected)
    report("transport", sio.transport())
    report("auth", inbox["auth"].get(timeout=5)[0])
    session = inbox["session"].get(timeout=5)[0]
    report("session.participantId", session["participantId"])
    report("session.channelIsSid", session["channelId"] == sio.get_sid())

    sio.emit("message", ("hello", {"n": 1, "list": [1, None, True]}))
    report("message-back.text", inbox["message-back"].get(timeout=5))
    sio.emit("message", (b"\x00\x01\xff", {"bin": b"hi"}))
    report("message-back.binary", inbox["message-back"].get(timeout=5))

    # More events than python-engineio accepts in one polling response (16): the server must
    # split them over several responses or this client drops the connection.
    burst = 20
    for i in range(burst):
        sio.emit("message", ("seq", i))
    report("burst.order", [inbox["message-back"].get(timeout=5)[1] for _ in range(burst)])

    # call() returns the ack's single argument, or a tuple for several.
    report("ack.text", sio.call("message-with-ack", ("x", {"y": 2}), timeout=5))
    report("ack.binary", sio.call("message-with-ack", (b"\x03", [b"\x04"]), timeout=5))
    report("client-ack", sio.call("emit-with-ack", ("ask-client", 5000, "q", b"\x01"), timeout=5))

    sio.disconnect()
    report("disconnected", disconnected.wait(5))
    report("connected.after", sio.connected)


if __name__ == "__main__":
    try:
        main()
    except Exception as error:  # reported for the test's failure message
        report("error", "%s: %s" % (type(error).__name__, error))
        os._exit(1)
    report("done", True)
    # os._exit: a client thread left behind by a failure must not keep the process alive.
    os._exit(0)
