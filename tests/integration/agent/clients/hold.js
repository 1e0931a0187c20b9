// One client that sends a few Events and then either closes at once or holds its connection
// until the server closes it; for the signal tests, which need a connection (and Events
// pending at the agent) while they signal the agent.
//   node hold.js <url> <token> <polling|websocket> <events> <close|stay>
// Reports "ready" (socket id), "sent" (the ids), then each ack as "ack" {id, ack} when it
// comes. With "stay": on SIGUSR1 it sends one more Event and reports its ack as "lateAck";
// when the server closes the connection it reports "disconnect" (reason) and
// "wouldReconnect" (socket.active), and ends. With "close": it waits for the acks, closes, ends.
'use strict';
const { report, scenario, delay, connectSocketIo, connected } = require('../../clients/lib');

// Closes the socket and waits (at most 5 s) until the close has left this process: the scenario
// exits right after, and an exit before the polling transport's last POST (or the WebSocket
// closing handshake) would leave the server waiting for a heartbeat instead of seeing a close.
async function closeAndFlush(socket) {
  const engine = socket.io.engine;
  const transport = engine && engine.transport;
  const ws = transport && transport.ws;
  socket.close();
  const deadline = Date.now() + 5000;
  const flushed = () => !engine || (engine.readyState === 'closed' &&
    (transport.name !== 'polling' || transport.writable) && (!ws || ws.readyState === 3));
  while (!flushed() && Date.now() < deadline) await delay(10);
}

scenario(async () => {
  const [url, token, transport, eventsText, then] = process.argv.slice(2);
  const socket = connectSocketIo(url, { auth: { token }, transports: [transport] });
  let disconnected = false;
  socket.on('disconnect', (reason) => {
    report('disconnect', reason);
    report('wouldReconnect', socket.active);
    disconnected = true;
  });
  await connected(socket);
  report('ready', socket.id);

  let pending = 0;
  const emit = (id, name) => {
    pending += 1;
    const event = { id, type: 'org.wt.tell', source: { id: token }, data: { title: id } };
    socket.timeout(120000).emit('message', event, (err, ack) => {
      pending -= 1;
      report(name, { id, ack: err ? { disconnected: err.message } : ack });
    });
  };
  const ids = [];
  for (let i = 0; i < Number(eventsText); i += 1) ids.push(`${token}-${i}`);
  ids.forEach((id) => emit(id, 'ack'));
  report('sent', ids);

  if (then === 'close') {
    while (pending > 0 && !disconnected) await delay(10);
    await closeAndFlush(socket);
    return;
  }
  process.on('SIGUSR1', () => emit(`${token}-late`, 'lateAck'));
  while (!disconnected) await delay(10);
}, { timeoutMs: 120000 });
