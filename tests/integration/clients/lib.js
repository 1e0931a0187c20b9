// Shared helpers of the Node client scenarios. A scenario prints one JSON object per line,
// {"name": ..., "value": ...}, which integration_test.cpp asserts on; binary values are written
// as {"$binary": "<hex>"} so that they survive JSON. The last line is {"name":"done"} on success
// or {"name":"error"} with the reason; the exit code says the same.
'use strict';

const path = require('path');
const { createRequire } = require('module');

// The npm packages are pinned in tests/js (package-lock.json); resolve them from there so the
// scenarios run from any working directory without NODE_PATH.
const requireJs = createRequire(path.resolve(__dirname, '../../js/package.json'));

function encode(value) {
  if (Buffer.isBuffer(value)) return { $binary: value.toString('hex') };
  if (value instanceof ArrayBuffer) return { $binary: Buffer.from(value).toString('hex') };
  if (ArrayBuffer.isView(value)) {
    return { $binary: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex') };
  }
  if (Array.isArray(value)) return value.map(encode);
  if (value instanceof Error) return { error: value.message };
  if (value !== null && typeof value === 'object') {
    const out = {};
    for (const [key, member] of Object.entries(value)) out[key] = encode(member);
    return out;
  }
  return value;
}

function report(name, value) {
  process.stdout.write(JSON.stringify({ name, value: encode(value === undefined ? null : value) }) + '\n');
}

// Exits once everything reported has left the process: a write to a pipe the reader has not
// emptied yet is asynchronous past 64 KiB, and process.exit() would cut it off (a large report
// lost its tail, and "done" with it).
function exitWhenFlushed(code) {
  process.stdout.write('', () => process.exit(code));
}

// Runs `body` and exits: 0 after "done", 1 after an exception, 3 when `timeoutMs` passes first.
// Every scenario is bounded by this even if a client hangs.
function scenario(body, { timeoutMs = 15000 } = {}) {
  const timer = setTimeout(() => {
    report('error', `scenario timed out after ${timeoutMs} ms`);
    exitWhenFlushed(3);
  }, timeoutMs);
  Promise.resolve()
    .then(body)
    .then(
      () => {
        clearTimeout(timer);
        report('done', true);
        exitWhenFlushed(0);
      },
      (err) => {
        report('error', String((err && err.stack) || err));
        exitWhenFlushed(1);
      });
}

function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// The arguments of the next `event` on `emitter`, or a rejection naming what was awaited.
function once(emitter, event, timeoutMs = 5000) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      emitter.off(event, handler);
      reject(new Error(`no '${event}' within ${timeoutMs} ms`));
    }, timeoutMs);
    const handler = (...args) => {
      clearTimeout(timer);
      resolve(args);
    };
    emitter.once(event, handler);
  });
}

// Resolves when `condition()` holds, polling every 10 ms; rejects with `what` after timeoutMs.
async function until(condition, what, timeoutMs = 5000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(10);
  }
}

// Records every event a Socket.IO client socket receives (attach before it connects: the
// server's first emits arrive together with the CONNECT answer), in order, per event name.
class Inbox {
  constructor(socket) {
    this.queues = new Map();
    this.waiters = new Map();
    this.counts = new Map();
    socket.onAny((event, ...args) => {
      // A trailing function is an ack callback the server asked for; not part of the data.
      if (typeof args[args.length - 1] === 'function') args.pop();
      const waiting = this.waiters.get(event);
      if (waiting && waiting.length > 0) {
        waiting.shift()(args);
      } else {
        if (!this.queues.has(event)) this.queues.set(event, []);
        this.queues.get(event).push(args);
      }
      this.counts.set(event, (this.counts.get(event) || 0) + 1);
    });
  }

  count(event) {
    return this.counts.get(event) || 0;
  }

  // The arguments of the next not yet consumed `event`.
  next(event, timeoutMs = 5000) {
    const queued = this.queues.get(event);
    if (queued && queued.length > 0) return Promise.resolve(queued.shift());
    return new Promise((resolve, reject) => {
      if (!this.waiters.has(event)) this.waiters.set(event, []);
      const waiting = this.waiters.get(event);
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(entry), 1);
        reject(new Error(`no '${event}' event within ${timeoutMs} ms`));
      }, timeoutMs);
      const entry = (args) => {
        clearTimeout(timer);
        resolve(args);
      };
      waiting.push(entry);
    });
  }
}

// A Socket.IO client that never reconnects by itself (a reconnect would hide a server-side
// drop) and gives up connecting after 5 s.
function connectSocketIo(url, options = {}) {
  const { io } = requireJs('socket.io-client');
  return io(url, { forceNew: true, reconnection: false, timeout: 5000, ...options });
}

// Resolves with the socket once connected, rejects with the connect_error.
function connected(socket, timeoutMs = 5000) {
  if (socket.connected) return Promise.resolve(socket);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not connected within ${timeoutMs} ms`)), timeoutMs);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.once('connect_error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
  });
}

// The acknowledgement of `event` (its arguments as an array), or a rejection on timeout.
async function call(socket, event, ...args) {
  const answer = [];
  await new Promise((resolve, reject) => {
    socket.timeout(5000).emit(event, ...args, (err, ...reply) => {
      if (err) return reject(new Error(`no ack for '${event}': ${err.message}`));
      answer.push(...reply);
      resolve();
    });
  });
  return answer;
}

module.exports = {
  requireJs, report, scenario, delay, once, until, Inbox, connectSocketIo, connected, call,
};
