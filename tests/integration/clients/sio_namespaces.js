// Namespaces: a CONNECT to an unknown one is refused with "Invalid namespace" and the Engine.IO
// connection stays usable; "/custom" works like "/".
//   node sio_namespaces.js <url>
'use strict';
const { requireJs, report, scenario, Inbox, connected, call } = require('./lib');

function outcome(socket) {
  return connected(socket).then(() => ({ connected: true }),
                                (err) => ({ connected: false, message: err.message, data: err.data }));
}

scenario(async () => {
  const [url] = process.argv.slice(2);
  const { Manager } = requireJs('socket.io-client');

  // Alone on its own connection.
  const lonely = new Manager(url, { reconnection: false, timeout: 5000 }).socket('/nope');
  report('nope.alone', await outcome(lonely));
  lonely.disconnect();

  // Multiplexed on one Engine.IO connection: the refusal must not break the other namespaces.
  const manager = new Manager(url, { reconnection: false, timeout: 5000 });
  const nope = manager.socket('/nope');
  const custom = manager.socket('/custom', { auth: { token: 'carol', where: 'custom' } });
  const root = manager.socket('/', { auth: { token: 'carol' } });
  const customInbox = new Inbox(custom);
  const rootInbox = new Inbox(root);
  const [nopeResult, customResult, rootResult] = await Promise.all([outcome(nope), outcome(custom), outcome(root)]);
  report('nope.multiplexed', nopeResult);
  report('custom.connected', customResult);
  report('root.connected', rootResult);
  report('custom.auth', (await customInbox.next('auth'))[0]);
  const [session] = await customInbox.next('session');
  report('custom.session.participantId', session.participantId);
  custom.emit('message', 'in custom', Buffer.from([5]));
  report('custom.message-back', await customInbox.next('message-back'));
  report('custom.ack', await call(custom, 'message-with-ack', 'custom ack'));
  report('root.ack', await call(root, 'message-with-ack', 'root ack'));
  // The server emits `message` to p's connections in every namespace the hub knows it from.
  report('root.sendToCarol', await call(root, 'send-to-participant', 'carol', 'to both'));
  report('custom.messageToCarol', await customInbox.next('message'));
  report('root.messageToCarol', await rootInbox.next('message'));
  report('engine.sharedAndOpen', manager.engine.readyState);
  custom.disconnect();
  root.disconnect();
  nope.disconnect();
});
