// Many clients sending at once, for the graceful-shutdown test: <clients> Socket.IO connections
// from one process (forceNew: one Engine.IO session each), every <pollingEvery>-th of them
// polling-only and the rest WebSocket-only. Each sends an Event with an ack every <intervalMs>
// (at most <maxInFlight> unacknowledged at a time, so a slow broker costs bounded memory) until
// the server disconnects it. Nothing reconnects: the test wants to see the server's close.
//   node load.js <url> <clients> <pollingEvery> <intervalMs> <maxInFlight> <warmupAcks>
// Reports "connected" (all sockets connected), "flowing" (every socket had <warmupAcks> Events
// acked ok), then, once every socket is disconnected and every ack has settled: "sockets", "acked" (ids
// acked {ok:true}), "refused" (count of acks {ok:false}), "refusedErrors" (their distinct
// errors), "unsettled" (count of Events whose ack never came: cut off by the disconnect),
// "disconnected" (sockets that saw 'disconnect'), "reasons" ("<transport> <reason>: <detail>"
// -> count) and "wouldReconnect" (disconnected sockets that socket.io-client would reconnect,
// socket.active).
'use strict';
const { report, scenario, delay, connectSocketIo, connected } = require('../../clients/lib');

async function until(condition, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await delay(20);
  return condition();
}

scenario(async () => {
  const [url, countText, pollingEveryText, intervalText, maxInFlightText, warmupText] =
    process.argv.slice(2);
  const count = Number(countText);
  const pollingEvery = Number(pollingEveryText);
  const intervalMs = Number(intervalText);
  const maxInFlight = Number(maxInFlightText);
  const warmupAcks = Number(warmupText);

  const acked = [];
  const refusedErrors = new Map();
  let refused = 0;
  let unsettled = 0;
  let pending = 0;
  const reasons = new Map();
  let disconnected = 0;
  let wouldReconnect = 0;

  const clients = [];
  for (let i = 0; i < count; i += 1) {
    const transport = pollingEvery > 0 && i % pollingEvery === 0 ? 'polling' : 'websocket';
    const token = `load-${i}`;
    // Ack deadlines longer than the test: an ack is either answered or cut off by the disconnect
    // (socket.io-client fails the acks of emits with a timeout when the socket closes).
    const socket = connectSocketIo(url, { auth: { token }, transports: [transport], timeout: 20000 });
    const client = { socket, token, seq: 0, inFlight: 0, okCount: 0, down: false };
    socket.on('disconnect', (reason, details) => {
      client.down = true;
      disconnected += 1;
      // The detail tells a close by the server from a request that failed (status, message).
      const cause = details && (details.description || details.message);
      const status = details && details.context && details.context.status;
      const detail = [cause && (cause.message || String(cause)), status].filter(Boolean).join(' ');
      const key = `${transport} ${reason}: ${detail}`;
      reasons.set(key, (reasons.get(key) || 0) + 1);
      if (socket.active) wouldReconnect += 1;
    });
    clients.push(client);
  }
  await Promise.all(clients.map((c) => connected(c.socket, 30000)));
  report('connected', count);

  const send = (client) => {
    const id = `${client.token}-${client.seq}`;
    client.seq += 1;
    client.inFlight += 1;
    pending += 1;
    const event = { id, type: 'org.wt.tell', source: { id: client.token }, data: { title: id } };
    client.socket.timeout(120000).emit('message', event, (err, ack) => {
      client.inFlight -= 1;
      pending -= 1;
      if (err) {
        unsettled += 1;
      } else if (ack && ack.ok === true) {
        acked.push(id);
        client.okCount += 1;
      } else {
        refused += 1;
        const error = String(ack && ack.error);
        refusedErrors.set(error, (refusedErrors.get(error) || 0) + 1);
      }
    });
  };
  // One timer per client, started at spread offsets so the sends do not come in bursts.
  for (const [i, client] of clients.entries()) {
    setTimeout(() => {
      const timer = setInterval(() => {
        if (client.down) return clearInterval(timer);
        if (client.inFlight < maxInFlight) send(client);
      }, intervalMs);
    }, (i * intervalMs) / count);
  }
  await until(() => clients.every((c) => c.okCount >= warmupAcks || c.down), 60000);
  report('flowing', acked.length);

  // Runs until the server has closed every socket (the test stops the agent).
  await until(() => disconnected === count && pending === 0, 120000);
  report('sockets', count);
  report('acked', acked);
  report('refused', refused);
  report('refusedErrors', Object.fromEntries(refusedErrors));
  report('unsettled', unsettled);
  report('pending', pending);
  report('disconnected', disconnected);
  report('reasons', Object.fromEntries(reasons));
  report('wouldReconnect', wouldReconnect);
  for (const c of clients) c.socket.close();
}, { timeoutMs: 180000 });
