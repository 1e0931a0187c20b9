// One connection that records every `message` it receives until the test's finish marker (an
// event of type "test.finish") arrives; then it reports them in arrival order and exits.
//   node listener.js <url> <token> <polling|websocket> <plain|proxy>
// Reports "ready" once connected, then "received": [{id, type, size, whole, messageId?, to?}]
// where `whole` says the connection got a whole Message ({id, to, event}) rather than an Event.
'use strict';
const { report, scenario, connectSocketIo, connected } = require('../../clients/lib');

scenario(async () => {
  const [url, token, transport, kind] = process.argv.slice(2);
  const extraHeaders = kind === 'proxy' ? { 'x-proxy-message': '1' } : {};
  const socket = connectSocketIo(url, { auth: { token }, transports: [transport], extraHeaders });
  const received = [];
  let disconnects = 0;
  socket.on('disconnect', () => { disconnects += 1; });
  const finished = new Promise((resolve) => {
    socket.on('message', (m) => {
      const whole = m !== null && typeof m === 'object' && 'to' in m && 'event' in m;
      const event = (whole ? m.event : m) || {};
      const entry = { id: event.id, type: event.type, size: JSON.stringify(m).length, whole };
      if (whole) Object.assign(entry, { messageId: m.id, to: m.to });
      received.push(entry);
      if (event.type === 'test.finish') resolve();
    });
  });
  await connected(socket);
  report('ready', socket.id);
  await finished;
  report('received', received);
  report('disconnects', disconnects);
  socket.close();
}, { timeoutMs: 60000 });
