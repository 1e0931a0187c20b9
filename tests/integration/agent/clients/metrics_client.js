// One WebSocket-only connection for the /metrics test: emits <count> Events with acks, reports
// them, then stays connected (the test reads /metrics meanwhile) until SIGUSR2, when it
// disconnects and exits.
//   node metrics_client.js <url> <token> <count>
// Reports "transport" (once connected), "acks" (the ack arguments of each Event, in order),
// then "disconnecting".
'use strict';
const { report, scenario, connectSocketIo, connected, call } = require('../../clients/lib');

scenario(async () => {
  const [url, token, countText] = process.argv.slice(2);
  // Installed before anything can make the test signal us (it waits for "acks" first).
  const released = new Promise((resolve) => process.once('SIGUSR2', resolve));
  const socket = connectSocketIo(url, { auth: { token }, transports: ['websocket'] });
  await connected(socket);
  report('transport', socket.io.engine.transport.name);
  const acks = [];
  for (let i = 0; i < Number(countText); i += 1) {
    acks.push(await call(socket, 'message', { id: `metrics-${i}`, type: 'org.wt.tell', data: { n: i } }));
  }
  report('acks', acks);
  await released;
  report('disconnecting', true);
  socket.close();
}, { timeoutMs: 30000 });
