// Heartbeats: clients that stop answering pings are dropped within pingInterval + pingTimeout,
// while a healthy client of the same participant stays connected. The drops are observed the way
// an application would: `send-to-participant` acks how many connections the hub still has.
//   node heartbeat.js <url> <pingIntervalMs> <pingTimeoutMs>
'use strict';
const http = require('http');
const { requireJs, report, scenario, delay, once, until, connectSocketIo, connected, call } = require('./lib');
const WebSocket = requireJs('ws');

function httpRequest(url, method, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (data += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: data }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

scenario(async () => {
  const [url, pingInterval, pingTimeout] = process.argv.slice(2);
  const bound = Number(pingInterval) + Number(pingTimeout);
  const base = url.replace(/^http/, 'ws');

  const healthy = connectSocketIo(url, { auth: { token: 'hb' } });
  let healthyDisconnects = 0;
  healthy.on('disconnect', () => ++healthyDisconnects);
  await connected(healthy);
  let healthyPings = 0;
  healthy.io.engine.on('ping', () => ++healthyPings);

  // A raw WebSocket client: Engine.IO handshake, Socket.IO CONNECT as participant hb, then it
  // never answers a ping.
  const ws = new WebSocket(`${base}/socket.io/?EIO=4&transport=websocket`);
  const frames = [];
  ws.on('message', (data, isBinary) => frames.push(isBinary ? data : data.toString()));
  const [openFrame] = await once(ws, 'message');
  const openedAt = Date.now();
  const handshake = JSON.parse(openFrame.toString().slice(1));
  report('silentWs.handshake', { pingInterval: handshake.pingInterval, pingTimeout: handshake.pingTimeout });
  ws.send('40{"token":"hb"}');
  await until(() => frames.some((f) => typeof f === 'string' && f.startsWith('40{"sid"')), 'CONNECT answer');
  const wsClosed = once(ws, 'close', bound + 10000);

  // A raw polling client: handshake, CONNECT as hb, one poll for the CONNECT answer, and then
  // silence (no GET, no pong).
  const pollOpen = await httpRequest(`${url}/socket.io/?EIO=4&transport=polling`, 'GET');
  const sid = JSON.parse(pollOpen.body.slice(1)).sid;
  const pollOpenedAt = Date.now();
  await httpRequest(`${url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, 'POST', '40{"token":"hb"}');
  const pollConnect = await httpRequest(`${url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, 'GET');
  report('silentPolling.connectAnswer', pollConnect.body.startsWith('40{"sid"'));

  report('participant.before', await call(healthy, 'send-to-participant', 'hb', 'before'));

  const [code] = await wsClosed;
  const wsAlive = Date.now() - openedAt;
  report('silentWs.closeCode', code);
  report('silentWs.pingsReceived', frames.filter((f) => f === '2').length);
  report('silentWs.aliveMs', wsAlive);

  // The polling session's deadline is about the same. Wait (bounded) until the hub holds only
  // the healthy connection; then the polling sid must be unknown.
  let remaining;
  do {
    [remaining] = await call(healthy, 'send-to-participant', 'hb', 'after');
    if (remaining === 1) break;
    await delay(20);
  } while (Date.now() < pollOpenedAt + bound + 3000);
  report('participant.after', [remaining]);
  const afterDrop = await httpRequest(`${url}/socket.io/?EIO=4&transport=polling&sid=${sid}`, 'GET');
  report('silentPolling.afterDrop', afterDrop);
  report('stats', (await call(healthy, 'stats'))[0]);

  // The healthy client keeps going through several more ping cycles.
  await delay(2 * bound);
  report('healthy.pings', healthyPings);
  report('healthy.disconnects', healthyDisconnects);
  report('healthy.ack', await call(healthy, 'message-with-ack', 'still here'));
  report('participant.final', await call(healthy, 'send-to-participant', 'hb', 'final'));
  healthy.disconnect();
}, { timeoutMs: 18000 });
