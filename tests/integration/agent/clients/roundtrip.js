// Four connections, polling and WebSocket, plain and proxy, each its own participant: each
// emits an Event with a spoofed source and gets it back through the test engine, which answers
// every Event with a Message to its source (routed by Redis to this node). A plain connection
// receives Message.event, a proxy connection (handshake header x-proxy-message) the Message.
//   node roundtrip.js <url>
// Reports, per connection <transport>.<plain|proxy>: ack, and the received message.
'use strict';
const { report, scenario, Inbox, connectSocketIo, connected, call } = require('../../clients/lib');

scenario(async () => {
  const [url] = process.argv.slice(2);
  const connections = [];
  for (const transport of ['polling', 'websocket']) {
    for (const kind of ['plain', 'proxy']) {
      const token = `rt-${transport}-${kind}`;
      const extraHeaders = kind === 'proxy' ? { 'x-proxy-message': '1' } : {};
      const socket = connectSocketIo(url, { auth: { token }, transports: [transport], extraHeaders });
      connections.push({ name: `${transport}.${kind}`, token, socket, inbox: new Inbox(socket) });
    }
  }
  for (const c of connections) await connected(c.socket);
  for (const c of connections) {
    const event = { id: `evt-${c.token}`, type: 'org.wt.tell', source: { id: 'mallory' },
                    timestamp: '2026-11-25T00:00:00Z', data: { title: `from ${c.name}` } };
    report(`${c.name}.ack`, await call(c.socket, 'message', event));
  }
  for (const c of connections) {
    const [received] = await c.inbox.next('message', 10000);
    report(`${c.name}.message`, received);
  }
  for (const c of connections) c.socket.close();
}, { timeoutMs: 30000 });
