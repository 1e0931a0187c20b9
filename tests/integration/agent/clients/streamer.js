// A client that keeps sending: one Event every <intervalMs>, each with an ack (no ack deadline
// short enough to expire while the broker is away: the agent acks once the broker confirmed).
// On SIGHUP it stops, waits for every outstanding ack, then sends a few "post" Events and waits
// for the engine's answers to those (proof that the agent consumes its queue again).
//   node streamer.js <url> <token> <polling|websocket> <intervalMs>
// Reports "ready", then "sent", "acked" (ids acked ok), "failed" ([{id, error}] acked not ok),
// "timedOut" (ids never acked), "postAnswered" (post ids whose answer arrived), "disconnects".
'use strict';
const { report, scenario, delay, connectSocketIo, connected } = require('../../clients/lib');

async function settle(condition, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await delay(20);
  return condition();
}

scenario(async () => {
  const [url, token, transport, intervalMs] = process.argv.slice(2);
  let stopping = false;
  process.on('SIGHUP', () => { stopping = true; });
  const socket = connectSocketIo(url, { auth: { token }, transports: [transport] });
  const answers = new Set();
  socket.on('message', (event) => answers.add(event.id));
  let disconnects = 0;
  socket.on('disconnect', (reason) => {
    disconnects += 1;
    report('disconnect', reason);
  });
  await connected(socket);
  report('ready', socket.id);

  const acked = [];
  const failed = [];
  const timedOut = [];
  let pending = 0;
  let sent = 0;
  const send = (id) => {
    pending += 1;
    sent += 1;
    const event = { id, type: 'org.wt.tell', source: { id: 'mallory' }, data: { title: id } };
    socket.timeout(120000).emit('message', event, (err, ack) => {
      pending -= 1;
      if (err) timedOut.push(id);
      else if (ack && ack.ok === true) acked.push(id);
      else failed.push({ id, error: ack && ack.error });
    });
  };
  for (let seq = 0; !stopping; seq += 1) {
    send(`${token}-${seq}`);
    await delay(Number(intervalMs));
  }
  report('streamAcksSettled', await settle(() => pending === 0, 120000));
  const post = [0, 1, 2, 3, 4].map((i) => `${token}-post-${i}`);
  post.forEach(send);
  await settle(() => pending === 0 && post.every((id) => answers.has(id)), 30000);
  report('sent', sent);
  report('acked', acked);
  report('failed', failed);
  report('timedOut', timedOut);
  report('postAnswered', post.filter((id) => answers.has(id)));
  report('disconnects', disconnects);
  socket.close();
}, { timeoutMs: 240000 });
