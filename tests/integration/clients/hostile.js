// Hostile input on a live server while a healthy client keeps round-tripping: garbage frames,
// oversized payloads, unknown sids, protocol errors, overlapping polls, half-open upgrades and
// half-sent requests, then 1,000 connects/disconnects. Each probe reports what the server did;
// integration_test.cpp holds the expected answers (docs/notes/reference-server-behaviour.md).
// At the end the server's counts must be back to just the healthy client.
//   node hostile.js <url>
'use strict';
const http = require('http');
const net = require('net');
const { requireJs, report, scenario, delay, once, until, connectSocketIo, connected, call } = require('./lib');
const WebSocket = requireJs('ws');

const [url] = process.argv.slice(2);
const wsBase = url.replace(/^http/, 'ws');
const { port } = new URL(url);

function httpRequest(path, { method = 'GET', body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${path}`, { method, headers, agent: false }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (data += chunk));
      res.on('end', () => resolve({ status: res.statusCode, contentType: res.headers['content-type'] || null, body: data }));
    });
    req.setTimeout(5000, () => req.destroy(new Error(`${method} ${path}: no response in 5 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

// A polling session of our own: handshake, optionally CONNECT to "/".
async function pollingSession({ join = true } = {}) {
  const open = await httpRequest('/socket.io/?EIO=4&transport=polling');
  const sid = JSON.parse(open.body.slice(1)).sid;
  const path = `/socket.io/?EIO=4&transport=polling&sid=${sid}`;
  const session = {
    sid, path,
    post: (body, headers) => httpRequest(path, { method: 'POST', body, headers }),
    get: () => httpRequest(path),
  };
  if (join) {
    await session.post('40');
    const answer = await session.get();
    if (!answer.body.startsWith('40{"sid"')) throw new Error(`CONNECT answer: ${answer.body}`);
  }
  return session;
}

// Polls until a payload contains `wanted`, skipping the noops the server sends during an
// upgrade; returns the payloads seen.
async function pollFor(session, wanted) {
  const seen = [];
  for (let i = 0; i < 50; ++i) {
    const response = await session.get();
    seen.push(response.status === 200 ? response.body : `${response.status} ${response.body}`);
    if (response.status !== 200 || response.body.includes(wanted)) return seen;
  }
  return seen;
}

// An ack round trip over polling: `message-with-ack` with ack id `id`.
async function pollingRoundTrip(session, id, text) {
  const post = await session.post(`42${id}["message-with-ack","${text}"]`);
  const payloads = await pollFor(session, `43${id}[`);
  return { post: post.status, last: payloads[payloads.length - 1] };
}

// Opens a WebSocket; resolves with {ws} once open or with the refusal's {status, body}.
function openWebSocket(path, options = {}) {
  return new Promise((resolve) => {
    const ws = new WebSocket(`${wsBase}${path}`, options);
    const frames = [];
    ws.on('message', (data, isBinary) => frames.push(isBinary ? data : data.toString()));
    ws.once('open', () => resolve({ ws, frames }));
    ws.once('unexpected-response', (req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, contentType: res.headers['content-type'] || null, body }));
    });
    ws.once('error', (err) => resolve({ error: err.message }));
  });
}

// A WebSocket-first Engine.IO connection, joined to "/" unless join is false.
async function wsSession({ join = true } = {}) {
  const { ws, frames } = await openWebSocket('/socket.io/?EIO=4&transport=websocket');
  await until(() => frames.length > 0, 'open packet');
  if (join) {
    ws.send('40');
    await until(() => frames.some((f) => typeof f === 'string' && f.startsWith('40{"sid"')), 'CONNECT answer');
  }
  return { ws, frames };
}

// What the server does with the connection after `send`: the close code it sends (or that the
// ws library reports), within 5 s.
async function closeAfter(session, send) {
  const closed = once(session.ws, 'close', 5000).then(([code]) => code, () => 'still open');
  send(session.ws);
  const code = await closed;
  if (code === 'still open') session.ws.terminate();
  return code;
}

// Raw TCP: writes `bytes`, collects the answer until the server closes (or 5 s pass).
function rawTcp(chunks, { keepOpenMs = 0 } = {}) {
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), '127.0.0.1');
    let answer = Buffer.alloc(0);
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ closedByServer: false, answer: answer.toString('latin1') });
    }, 5000);
    socket.on('data', (data) => (answer = Buffer.concat([answer, data])));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ closedByServer: true, answer: answer.toString('latin1') });
    });
    socket.on('connect', async () => {
      for (const chunk of chunks) {
        socket.write(chunk);
        await delay(20);
      }
      if (keepOpenMs > 0) {
        await delay(keepOpenMs);
        clearTimeout(timer);
        socket.destroy();
        resolve({ closedByServer: false, answer: answer.toString('latin1') });
      }
    });
  });
}

const upgradeRequest = (path) =>
  `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';

scenario(async () => {
  // ---- the healthy client, round-tripping every 20 ms through everything below --------------
  const healthy = connectSocketIo(url, { auth: { token: 'healthy' } });
  const health = { roundTrips: 0, failures: [], disconnects: 0 };
  healthy.on('disconnect', (reason) => {
    ++health.disconnects;
    health.failures.push(`disconnect: ${reason}`);
  });
  await connected(healthy);
  let pinging = true;
  const pinger = (async () => {
    for (let i = 0; pinging; ++i) {
      try {
        const [echo] = await call(healthy, 'message-with-ack', i);
        if (echo === i) ++health.roundTrips;
        else health.failures.push(`round trip ${i} answered ${echo}`);
      } catch (err) {
        health.failures.push(err.message);
      }
      await delay(20);
    }
  })();
  report('baseline.stats', (await call(healthy, 'stats'))[0]);

  // ---- garbage WebSocket frames ------------------------------------------------------------
  // Not an Engine.IO packet type → "parse error"; the server closes without a status (1005).
  report('ws.garbageText', await closeAfter(await wsSession(), (ws) => ws.send('\u00ff\u0000garbage')));
  report('ws.emptyText', await closeAfter(await wsSession(), (ws) => ws.send('')));
  // An Engine.IO message that is no Socket.IO packet → the connection is closed.
  report('ws.badSocketIoPacket', await closeAfter(await wsSession(), (ws) => ws.send('4zzz')));
  report('ws.badEventPayload', await closeAfter(await wsSession(), (ws) => ws.send('42{"a":1}')));
  report('ws.reservedEventName', await closeAfter(await wsSession(), (ws) => ws.send('42["connect"]')));
  report('ws.secondConnect', await closeAfter(await wsSession(), (ws) => ws.send('40')));
  report('ws.eventBeforeConnect',
         await closeAfter(await wsSession({ join: false }), (ws) => ws.send('42["message","x"]')));
  // A binary frame nobody announced (no BINARY_EVENT header before it).
  report('ws.garbageBinary', await closeAfter(await wsSession(), (ws) => ws.send(Buffer.from([0xde, 0xad, 0xbe, 0xef, 0, 1]))));
  report('ws.garbageBinaryBeforeConnect',
         await closeAfter(await wsSession({ join: false }), (ws) => ws.send(Buffer.from([0xff, 0xfe]))));
  // More attachments than the header announced.
  report('ws.extraAttachment', await closeAfter(await wsSession(), (ws) => {
    ws.send('451-["message",{"_placeholder":true,"num":0}]');
    ws.send(Buffer.from([1]));
    ws.send(Buffer.from([2]));
  }));
  // A client ping is the wrong heartbeat direction in EIO4 → "transport error".
  report('ws.clientPing', await closeAfter(await wsSession(), (ws) => ws.send('2')));

  // Bytes that are not a valid WebSocket frame right after the 101: RSV bits set, opcode 0xF.
  report('tcp.invalidFrame', await rawTcp([upgradeRequest('/socket.io/?EIO=4&transport=websocket'),
                                           Buffer.from([0xff, 0x80, 1, 2, 3, 4])]));
  // An unmasked client frame (clients must mask).
  report('tcp.unmaskedFrame', await rawTcp([upgradeRequest('/socket.io/?EIO=4&transport=websocket'),
                                            Buffer.from([0x81, 0x02, 0x34, 0x30])]));
  // Not HTTP at all.
  report('tcp.notHttp', await rawTcp([Buffer.from('\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03 garbage\r\n\r\n', 'latin1')]));

  // ---- 2 MB payloads (maxPayload is 1,000,000) ---------------------------------------------
  const big = 'x'.repeat(2 * 1024 * 1024);
  report('ws.oversized', await closeAfter(await wsSession(), (ws) => ws.send(`42["message","${big}"]`)));
  report('ws.oversizedBinary', await closeAfter(await wsSession(), (ws) => ws.send(Buffer.alloc(2 * 1024 * 1024, 7))));
  {
    const session = await pollingSession();
    const post = await session.post(`42["message","${big}"]`).catch((err) => ({ error: err.message }));
    report('polling.oversized', post.error ? { error: post.error } : { status: post.status, body: post.body });
    // 413 leaves the session open: it still round-trips.
    report('polling.oversized.sessionAfter', await pollingRoundTrip(session, 7, 'after 413'));
    report('polling.close', (await session.post('1')).body);
    report('polling.closed', await session.get());
  }

  // ---- HTTP error answers --------------------------------------------------------------------
  report('http.unknownSid.get', await httpRequest('/socket.io/?EIO=4&transport=polling&sid=nope'));
  report('http.unknownSid.post', await httpRequest('/socket.io/?EIO=4&transport=polling&sid=nope', { method: 'POST', body: '40' }));
  report('ws.unknownSid', await openWebSocket('/socket.io/?EIO=4&transport=websocket&sid=nope'));
  report('http.unknownTransport', await httpRequest('/socket.io/?EIO=4&transport=carrier-pigeon'));
  report('http.noTransport', await httpRequest('/socket.io/?EIO=4'));
  report('ws.unknownTransport', await openWebSocket('/socket.io/?EIO=4&transport=carrier-pigeon'));
  report('http.postHandshake', await httpRequest('/socket.io/?EIO=4&transport=polling', { method: 'POST', body: '40' }));
  report('http.eio3', await httpRequest('/socket.io/?EIO=3&transport=polling'));
  report('http.noEio', await httpRequest('/socket.io/?transport=polling'));
  report('http.websocketWithoutUpgrade', await httpRequest('/socket.io/?EIO=4&transport=websocket'));
  {
    // The socket.io layer must not see a body the engine refused to parse.
    const session = await pollingSession();
    report('polling.parseError.post', await session.post('9abc'));
    report('polling.parseError.after', await session.get());
  }

  // ---- a second concurrent poll ------------------------------------------------------------
  {
    const session = await pollingSession({ join: false });
    const first = session.get();
    await delay(100);  // the first GET is pending on the server before the second arrives
    const second = await session.get();
    report('polling.overlap.second', second);
    report('polling.overlap.first', await first);
    report('polling.overlap.after', await session.get());
  }

  // ---- half-open upgrades ------------------------------------------------------------------
  {
    // Probe, then silence: the session goes on over polling (the pending GETs get noops).
    const session = await pollingSession();
    const probe = await openWebSocket(`/socket.io/?EIO=4&transport=websocket&sid=${session.sid}`);
    probe.ws.send('2probe');
    await until(() => probe.frames.includes('3probe'), '3probe');
    report('upgrade.silent.probeAnswered', true);
    report('upgrade.silent.roundTrip', await pollingRoundTrip(session, 1, 'while silent'));
    // The client gives up in the middle of the upgrade.
    probe.ws.close();
    await once(probe.ws, 'close');
    report('upgrade.abandoned.roundTrip', await pollingRoundTrip(session, 2, 'after abandon'));
    report('upgrade.abandoned.close', (await session.post('1')).body);
  }
  {
    // The WebSocket connection dies (no close frame) right after the 101, and after the probe.
    const session = await pollingSession();
    const cut = await openWebSocket(`/socket.io/?EIO=4&transport=websocket&sid=${session.sid}`);
    cut.ws.terminate();
    report('upgrade.cutAfter101.roundTrip', await pollingRoundTrip(session, 3, 'after cut'));
    const probed = await openWebSocket(`/socket.io/?EIO=4&transport=websocket&sid=${session.sid}`);
    probed.ws.send('2probe');
    await until(() => probed.frames.includes('3probe'), '3probe');
    probed.ws.terminate();
    report('upgrade.cutAfterProbe.roundTrip', await pollingRoundTrip(session, 4, 'after probe cut'));
    // Anything but 5 on the probe ends the probe, not the session.
    const wrong = await openWebSocket(`/socket.io/?EIO=4&transport=websocket&sid=${session.sid}`);
    wrong.ws.send('2probe');
    await until(() => wrong.frames.includes('3probe'), '3probe');
    wrong.ws.send('4hello');
    report('upgrade.wrongPacket.probeClosed', await once(wrong.ws, 'close', 5000).then(() => true, () => false));
    report('upgrade.wrongPacket.roundTrip', await pollingRoundTrip(session, 5, 'after wrong packet'));
    report('upgrade.cut.close', (await session.post('1')).body);
  }
  {
    // An upgrade request cut off in the middle of its headers, and a connection that never
    // sends a byte while everything goes on.
    const silentTcp = rawTcp([], { keepOpenMs: 1500 });
    report('tcp.halfUpgradeRequest', await rawTcp(
      [upgradeRequest('/socket.io/?EIO=4&transport=websocket').slice(0, 60)], { keepOpenMs: 300 }));
    report('tcp.halfPost', await rawTcp(
      [`POST /socket.io/?EIO=4&transport=polling&sid=nope HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n40`],
      { keepOpenMs: 300 }));
    report('tcp.silent', await silentTcp);
  }

  // ---- 1,000 connects/disconnects, 20 at a time ----------------------------------------------
  {
    const total = 1000;
    const churn = { connected: 0, refusedOrFailed: 0, rawCut: 0, errors: [] };
    let next = 0;
    const started = Date.now();
    const worker = async () => {
      while (next < total) {
        const i = next++;
        try {
          if (i % 10 === 9) {
            // A raw Engine.IO connection cut without a close frame.
            const raw = await wsSession({ join: i % 20 === 19 });
            raw.ws.terminate();
            ++churn.rawCut;
            continue;
          }
          const transports = i % 10 < 3 ? ['polling'] : i % 10 < 4 ? ['polling', 'websocket'] : ['websocket'];
          const socket = connectSocketIo(url, { auth: { token: `churn${i % 7}` }, transports });
          await connected(socket);
          ++churn.connected;
          const closed = once(socket.io.engine, 'close', 5000);
          socket.disconnect();
          await closed;
        } catch (err) {
          ++churn.refusedOrFailed;
          if (churn.errors.length < 5) churn.errors.push(`${i}: ${err.message}`);
        }
      }
    };
    await Promise.all(Array.from({ length: 20 }, worker));
    churn.ms = Date.now() - started;
    report('churn', churn);
  }

  // ---- afterwards ------------------------------------------------------------------------------
  report('after.ack', await call(healthy, 'message-with-ack', 'still alive'));
  healthy.emit('message', 'bin', Buffer.from([1, 2, 3]));
  report('after.messageBack', (await once(healthy, 'message-back'))[1]);
  // Everything we opened is closed; the server must get back to exactly the healthy client.
  const expected = { sockets: 1, engineSessions: 1, hubConnections: 1, tcpConnections: 1 };
  let stats;
  await until(async () => {
    [stats] = await call(healthy, 'stats');
    return Object.keys(expected).every((key) => stats[key] === expected[key]);
  }, 'the counts to settle', 8000).catch(() => {});
  report('after.stats', stats);
  pinging = false;
  await pinger;
  report('healthy', health);
  healthy.disconnect();
}, { timeoutMs: 60000 });
