// socket.io-client 4.8 against the echo server: CONNECT with auth, the server's `auth` and
// `session` events, text and binary events, acks both ways, and which transport it ends on.
//   node sio_events.js <url> default|websocket|polling
'use strict';
const { report, scenario, once, Inbox, connectSocketIo, connected, call } = require('./lib');

scenario(async () => {
  const [url, mode] = process.argv.slice(2);
  const options = { auth: { token: 'alice', role: 'tester', n: 1 } };
  if (mode !== 'default') options.transports = [mode];

  const socket = connectSocketIo(url, options);
  const inbox = new Inbox(socket);
  const engine = socket.io.engine;
  const upgrades = [];
  engine.on('upgrade', (transport) => upgrades.push(transport.name));
  report('transport.initial', engine.transport.name);

  // A burst sent at once: in the default mode it crosses the polling → WebSocket upgrade, which
  // must neither lose nor reorder packets (in either direction).
  await connected(socket);
  const burst = 30;
  for (let i = 0; i < burst; ++i) socket.emit('message', 'seq', i);
  const order = [];
  for (let i = 0; i < burst; ++i) order.push((await inbox.next('message-back'))[1]);
  report('burst.order', order);

  const [auth] = await inbox.next('auth');
  report('auth', auth);
  const [session] = await inbox.next('session');
  report('session.participantId', session.participantId);
  report('session.proxy', session.proxy);
  report('session.channelIsSocketId', session.channelId === socket.id);
  report('session.sessionIdPattern', /^alice_[0-9]{13}/.test(session.sessionId));

  socket.emit('message', 'hello', 42, { nested: ['a', null, true, 1.5] });
  report('message-back.text', await inbox.next('message-back'));

  socket.emit('message', Buffer.from([0, 1, 2, 255]),
              { deep: { bin: Buffer.from('hi'), list: [Buffer.alloc(0), 7] } });
  report('message-back.binary', await inbox.next('message-back'));

  report('ack.text', await call(socket, 'message-with-ack', 'a', { b: [1, 2] }));
  report('ack.binary', await call(socket, 'message-with-ack', Buffer.from([9, 8, 7]), { x: [Buffer.from([1])] }));
  report('ack.empty', await call(socket, 'message-with-ack'));

  // Server → client emit with an ack: `emit-with-ack` [event, timeoutMs, ...args] makes the
  // server emit `event` to us with an ack and answer with {ok, args} or {ok: false, error}.
  socket.on('ask-client', (...args) => {
    const ack = args.pop();
    ack('answer', ...args, Buffer.from([4, 2]));
  });
  report('client-ack', await call(socket, 'emit-with-ack', 'ask-client', 5000, 'q', Buffer.from([1])));
  socket.on('ask-silent', () => {});  // never acknowledges
  report('client-ack.timeout', await call(socket, 'emit-with-ack', 'ask-silent', 200));

  if (mode === 'default' && upgrades.length === 0) await once(engine, 'upgrade', 5000);
  report('upgrades', upgrades);
  report('transport.final', engine.transport.name);
  report('ack.final', await call(socket, 'message-with-ack', 'last'));

  const disconnected = once(socket, 'disconnect');
  socket.disconnect();
  report('disconnect.reason', (await disconnected)[0]);
});
