// The raw Engine.IO echo at /engine.io/ with engine.io-client 6.6 (no Socket.IO framing): text and
// binary messages come back unchanged, over each transport and across the upgrade.
//   node eio_raw.js <url> default|websocket|polling
'use strict';
const { requireJs, report, scenario, once, until } = require('./lib');

scenario(async () => {
  const [url, mode] = process.argv.slice(2);
  const { Socket } = requireJs('engine.io-client');
  const options = { path: '/engine.io/' };
  if (mode !== 'default') options.transports = [mode];
  const socket = new Socket(url, options);
  const upgrades = [];
  socket.on('upgrade', (transport) => upgrades.push(transport.name));
  const messages = [];
  const waiters = [];
  socket.on('message', (data) => (waiters.length > 0 ? waiters.shift()(data) : messages.push(data)));
  const next = () => (messages.length > 0 ? Promise.resolve(messages.shift())
                                          : new Promise((resolve) => waiters.push(resolve)));
  const [error] = await Promise.race([once(socket, 'open'), once(socket, 'error').then((e) => [e])]);
  if (error) throw error;

  // No empty text message here: engine.io-parser decodes a bare `4` to data undefined, so the
  // client cannot tell '' apart; the raw check below covers it.
  const sent = ['hello', 'ünïcødé ✓', Buffer.from([0, 1, 2, 254, 255]), '4looks like a packet', Buffer.alloc(0),
                'x'.repeat(100000)];
  for (const message of sent) socket.send(message);
  const echoed = [];
  for (let i = 0; i < sent.length; ++i) echoed.push(await next());
  report('sent', sent);
  report('echoed', echoed);
  report('echoedKinds', echoed.map((m) => (typeof m === 'string' ? 'text' : 'binary')));

  if (mode === 'default' && upgrades.length === 0) await once(socket, 'upgrade', 5000);
  socket.send('after upgrade');
  report('echo.final', await next());
  report('upgrades', upgrades);
  report('transport.final', socket.transport.name);
  socket.close();

  // The empty messages on the wire: `4` and an empty binary frame come back unchanged.
  const WebSocket = requireJs('ws');
  const raw = new WebSocket(`${url.replace(/^http/, 'ws')}/engine.io/?EIO=4&transport=websocket`);
  const frames = [];
  raw.on('message', (data, isBinary) => frames.push(isBinary ? data : data.toString()));
  await until(() => frames.length > 0, 'open packet');
  raw.send('4');
  raw.send(Buffer.alloc(0));
  await until(() => frames.length >= 3, 'two echoes');
  report('raw.empty', frames.slice(1));
  raw.close();
});
