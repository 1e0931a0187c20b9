// socket.io-client 4.8 against session-agent with the loopback engine: an Event emitted as
// `message` (with a spoofed source) is acked once the engine has it, and comes back as the
// engine's Message: the event only, or the whole Message on a proxy connection.
//   node agent_loopback.js <url>
'use strict';
const { report, scenario, Inbox, connectSocketIo, connected, call } = require('./lib');

scenario(async () => {
  const [url] = process.argv.slice(2);
  const plain = connectSocketIo(url, { auth: { token: 'alice' } });
  const proxy = connectSocketIo(url, { auth: { token: 'alice' }, extraHeaders: { 'x-proxy-message': '1' } });
  const plainInbox = new Inbox(plain);
  const proxyInbox = new Inbox(proxy);
  await connected(plain);
  await connected(proxy);

  const event = { id: 'evt-1', type: 'org.wt.tell', source: { id: 'mallory' },
                  timestamp: '2026-11-25T00:00:00Z', data: { title: 'hello' } };
  report('ack', await call(plain, 'message', event));

  const [received] = await plainInbox.next('message');
  report('plain.event.id', received.id);
  report('plain.event.source', received.source);
  report('plain.event.data', received.data);
  report('plain.event.hasTime', typeof received.time === 'number');
  const [whole] = await proxyInbox.next('message');
  report('proxy.message.to', whole.to);
  report('proxy.message.event.id', whole.event.id);

  report('ack.invalid', await call(plain, 'message', { type: 'no id' }));

  const refused = connectSocketIo(url, { auth: {}, reconnection: false });
  report('noToken', await new Promise((resolve) => refused.on('connect_error', (e) => resolve(e.message))));
  refused.close();

  const health = await fetch(`${url}/health`);
  report('health.status', health.status);
  const body = await health.json();
  report('health.connections', body.connections);
  report('health.participants', body.participants);

  plain.close();
  proxy.close();
});
