// CORS on the Engine.IO endpoint: the Access-Control-* headers on a polling handshake, a
// preflight, an error answer and a WebSocket 101, for an allowed and another origin.
//   node cors.js <url>
'use strict';
const http = require('http');
const { requireJs, report, scenario } = require('./lib');
const WebSocket = requireJs('ws');

function request(url, method, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

// Only the CORS headers, lower-cased names, so the test can compare the whole set.
function corsHeaders(headers) {
  const out = {};
  for (const [name, value] of Object.entries(headers)) {
    if (name.startsWith('access-control-') || name === 'vary') out[name] = value;
  }
  return out;
}

scenario(async () => {
  const [url] = process.argv.slice(2);
  const handshake = `${url}/socket.io/?EIO=4&transport=polling`;
  for (const [label, origin] of [['allowed', 'http://example.com'], ['other', 'http://evil.example'], ['none', null]]) {
    const originHeader = origin ? { Origin: origin } : {};
    const get = await request(handshake, 'GET', originHeader);
    report(`${label}.handshake.status`, get.status);
    report(`${label}.handshake.cors`, corsHeaders(get.headers));

    const preflight = await request(handshake, 'OPTIONS', {
      ...originHeader, 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'content-type',
    });
    report(`${label}.preflight.status`, preflight.status);
    report(`${label}.preflight.cors`, corsHeaders(preflight.headers));

    const error = await request(`${url}/socket.io/?EIO=4&transport=polling&sid=nope`, 'GET', originHeader);
    report(`${label}.error.status`, error.status);
    report(`${label}.error.cors`, corsHeaders(error.headers));

    const upgrade = await new Promise((resolve) => {
      const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`,
                               { headers: originHeader });
      ws.once('upgrade', (res) => resolve(corsHeaders(res.headers)));
      ws.once('open', () => ws.close());
      ws.once('error', (err) => resolve({ error: err.message }));
    });
    report(`${label}.upgrade.cors`, upgrade);
  }
});
