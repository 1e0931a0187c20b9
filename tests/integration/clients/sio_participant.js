// Participant addressing through the SessionHub: three connections of participant p1 and one of
// p2; `send-to-participant` reaches exactly p1's three (the ack says how many it reached).
//   node sio_participant.js <url>
'use strict';
const { report, scenario, Inbox, connectSocketIo, connected, call } = require('./lib');

function open(url, token, transports) {
  const socket = connectSocketIo(url, { auth: { token }, transports });
  return { socket, inbox: new Inbox(socket) };
}

scenario(async () => {
  const [url] = process.argv.slice(2);
  // Different transports: the hub must not care how a connection arrived.
  const p1 = [open(url, 'p1'), open(url, 'p1', ['websocket']), open(url, 'p1', ['polling'])];
  const p2 = open(url, 'p2');
  const all = [...p1, p2];
  await Promise.all(all.map((c) => connected(c.socket)));

  const sessions = await Promise.all(all.map(async (c) => (await c.inbox.next('session'))[0]));
  report('sessions.participants', sessions.map((s) => s.participantId));
  report('sessions.distinctIds', new Set(sessions.map((s) => s.sessionId)).size);
  report('sessions.idsMatchParticipant', sessions.every((s) => s.sessionId.startsWith(`${s.participantId}_`)));
  report('sessions.channelsAreSocketIds', sessions.every((s, i) => s.channelId === all[i].socket.id));

  // p2 sends: if the server wrongly delivered to p2 as well, that `message` would be written to
  // p2's connection before the ack, so the ack is the point where p2's count is final.
  report('send.p1.ack', await call(p2.socket, 'send-to-participant', 'p1', 'hello', Buffer.from([1, 2, 3])));
  report('send.p1.p2Received', p2.inbox.count('message'));
  const received = await Promise.all(p1.map(async (c) => await c.inbox.next('message')));
  report('send.p1.received', received);

  report('send.p2.ack', await call(p1[0].socket, 'send-to-participant', 'p2', { to: 'p2' }));
  report('send.p2.received', await p2.inbox.next('message'));
  report('send.nobody.ack', await call(p1[0].socket, 'send-to-participant', 'nobody', 'x'));

  // A disconnected connection ends its session: the next send reaches the other two.
  p1[1].socket.disconnect();
  report('send.afterDisconnect.ack', await call(p2.socket, 'send-to-participant', 'p1', 'again'));
  report('send.afterDisconnect.received',
         await Promise.all([p1[0], p1[2]].map(async (c) => await c.inbox.next('message'))));

  for (const c of all) c.socket.disconnect();
});
