#!/usr/bin/env node
// tests/crosscheck/reference.js — runs the reference parsers (engine.io-parser, socket.io-parser,
// pinned in tests/js/package-lock.json) over corpus.js and writes what they produce.
//
//   node tests/crosscheck/reference.js <out.json>
//
// The output holds every corpus entry plus a `ref` member with the reference's bytes and decoded
// structures (binary as {"$binary": base64}); crosscheck_test (C++) compares libsession's codec
// with it. Expected validity follows the reference server: a packet its Decoder accepts but its
// own isPacketValid() rejects counts as an error, since the server drops the client for it.
'use strict';

const fs = require('fs');
const path = require('path');
const { createRequire } = require('module');

const PINNED = { 'engine.io-parser': '5.2.3', 'socket.io-parser': '4.2.7' };

// Resolve the parsers from the shared Node workspace, wherever this script is run from.
const jsDir = path.resolve(__dirname, '../js');
const jsRequire = createRequire(path.join(jsDir, 'package.json'));
for (const [name, version] of Object.entries(PINNED)) {
  // Read directly: the packages' "exports" maps do not expose their package.json.
  const manifest = path.join(jsDir, 'node_modules', name, 'package.json');
  const actual = JSON.parse(fs.readFileSync(manifest, 'utf8')).version;
  if (actual !== version) {
    throw new Error(`${name} ${actual} is installed, the cross-check is pinned to ${version}: run scripts/deps.sh`);
  }
}
const eio = jsRequire('engine.io-parser');
const sio = jsRequire('socket.io-parser');
const corpus = require('./corpus.js');

// ---- corpus notation <-> JavaScript values ---------------------------------------------------

function fromWire(v) {
  if (Array.isArray(v)) return v.map(fromWire);
  if (v !== null && typeof v === 'object') {
    const keys = Object.keys(v);
    if (keys.length === 1 && keys[0] === '$binary') return Buffer.from(v.$binary, 'base64');
    if (keys.length === 1 && keys[0] === '$number') return Number(v.$number);
    // JSON.parse, unlike an object literal, keeps "__proto__" as an own key.
    const out = JSON.parse('{}');
    for (const k of keys) Object.defineProperty(out, k, { value: fromWire(v[k]), enumerable: true, writable: true, configurable: true });
    return out;
  }
  return v;
}

function toWire(v) {
  if (Buffer.isBuffer(v) || v instanceof Uint8Array) return { $binary: Buffer.from(v).toString('base64') };
  if (v instanceof ArrayBuffer) return { $binary: Buffer.from(v).toString('base64') };
  if (typeof v === 'number' && !Number.isFinite(v)) return { $number: String(v) };
  if (Array.isArray(v)) return v.map(toWire);
  if (v !== null && typeof v === 'object') {
    const out = JSON.parse('{}');
    for (const k of Object.keys(v)) {
      if (v[k] !== undefined) Object.defineProperty(out, k, { value: toWire(v[k]), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return v;
}

const same = (a, b) => JSON.stringify(toWire(a)) === JSON.stringify(toWire(b));

function frameToJs(frame) {
  if ('text' in frame) return frame.text;
  if ('binary' in frame) return Buffer.from(frame.binary.$binary, 'base64');
  // A text frame given as bytes: Node's ws and http layers decode it with U+FFFD replacement.
  return Buffer.from(frame.textBytes.$binary, 'base64').toString('utf8');
}
const frameFromJs = (x) => (typeof x === 'string' ? { text: x } : { binary: toWire(x) });

// ---- Engine.IO ---------------------------------------------------------------------------------

const encodePacket = (packet, supportsBinary) => {
  let out;
  eio.encodePacket(packet, supportsBinary, (encoded) => { out = encoded; });
  return out;
};
const encodePayload = (packets) => {
  let out;
  eio.encodePayload(packets, (encoded) => { out = encoded; });
  return out;
};
const eioDecoded = (p) => (p.type === 'error' ? { error: true } : toWire({ type: p.type, data: p.data }));
const eioDecodedList = (list) => (list.some((p) => p.type === 'error') ? { error: true } : list.map(eioDecoded));
// "" and no data are one thing on the wire ("4"), so compare without empty data.
const eioNormal = (p) => toWire(p.data === '' ? { type: p.type } : p);

function runEioPacket(entry) {
  const packet = fromWire(entry.packet);
  const ws = encodePacket(packet, true);
  const poll = encodePacket(packet, false);
  const ref = {
    ws: frameFromJs(ws),
    poll,
    wsDecoded: eioDecoded(eio.decodePacket(ws)),
    pollDecoded: eioDecoded(eio.decodePacket(poll)),
    pollPayloadDecoded: eioDecodedList(eio.decodePayload(poll)),
  };
  const faithful = same(ref.wsDecoded, eioNormal(packet)) && same(ref.pollDecoded, eioNormal(packet));
  return { ref, faithful, failed: false };
}

function runEioPayload(entry) {
  const packets = fromWire(entry.packets);
  const payload = encodePayload(packets);
  const ref = { payload, decoded: eioDecodedList(eio.decodePayload(payload)) };
  return { ref, faithful: same(ref.decoded, packets.map(eioNormal)), failed: false };
}

function runEioWire(entry) {
  const input = frameToJs(entry.frame);
  const decoded = entry.mode === 'ws'
    ? eioDecodedList([eio.decodePacket(input)])
    : eioDecodedList(eio.decodePayload(input));
  return { ref: { decoded }, faithful: true, failed: 'error' in decoded };
}

// ---- Socket.IO ---------------------------------------------------------------------------------

const sioDecoded = (p) => toWire({ type: p.type, nsp: p.nsp, id: p.id, data: p.data });

// Feeds frames to one Decoder, as the server does with one client's Engine.IO messages.
function decodeFrames(frames) {
  const decoder = new sio.Decoder();
  const packets = [];
  decoder.on('decoded', (p) => packets.push(p));
  let error = null;
  for (let i = 0; i < frames.length && !error; ++i) {
    const before = packets.length;
    try {
      decoder.add(frames[i]);
    } catch (e) {
      error = { frame: i, message: e.message };
      break;
    }
    for (let j = before; j < packets.length; ++j) {
      if (!sio.isPacketValid(packets[j])) {
        error = { frame: i, message: 'rejected by isPacketValid' };
        packets.length = j;
        break;
      }
    }
  }
  return { packets, error, pending: !error && decoder.reconstructor != null };
}

function runSioPacket(entry) {
  const packet = fromWire(entry.packet);
  const frames = new sio.Encoder().encode(fromWire(entry.packet));
  const decoded = decodeFrames(frames);
  const valid = sio.isPacketValid(packet) && !decoded.error && !decoded.pending && decoded.packets.length === 1;
  const ref = {
    valid,
    frames: frames.map(frameFromJs),
    // The same messages in one long-polling body: attachments as 'b' + base64.
    pollPayload: encodePayload(frames.map((data) => ({ type: 'message', data }))),
    decoded: decoded.packets.length === 1 ? sioDecoded(decoded.packets[0]) : null,
    decodeError: decoded.error,
  };
  return { ref, faithful: !valid || same(ref.decoded, sioDecoded(packet)), failed: !valid };
}

function runSioWire(entry) {
  const { packets, error, pending } = decodeFrames(entry.frames.map(frameToJs));
  return { ref: { packets: packets.map(sioDecoded), error, pending }, faithful: true, failed: error != null };
}

// ---- JSON alone -------------------------------------------------------------------------------

function runJson(entry) {
  let out;
  try {
    out = { json: JSON.stringify(JSON.parse(entry.text)) };
  } catch (e) {
    out = { error: true };
  }
  return { ref: out, faithful: true, failed: 'error' in out };
}

// ---- main --------------------------------------------------------------------------------------

const RUNNERS = {
  'eio-packet': runEioPacket,
  'eio-payload': runEioPayload,
  'eio-wire': runEioWire,
  'sio-packet': runSioPacket,
  'sio-wire': runSioWire,
  json: runJson,
};

function main() {
  const out = process.argv[2];
  if (!out) {
    process.stderr.write('usage: reference.js <out.json>\n');
    process.exit(2);
  }
  const names = new Set();
  const problems = [];
  const entries = corpus.map((entry) => {
    if (names.has(entry.name)) problems.push(`${entry.name}: duplicate name`);
    names.add(entry.name);
    const run = RUNNERS[entry.kind];
    if (!run) throw new Error(`${entry.name}: unknown kind ${entry.kind}`);
    const { ref, faithful, failed } = run(entry);
    // Keep the corpus honest: every lossy entry says so, and every divergence is still one.
    if (!faithful && !entry.lossy && !entry.divergence) problems.push(`${entry.name}: the reference does not give the input back; mark it lossy or fix it`);
    if (faithful && entry.lossy) problems.push(`${entry.name}: marked lossy but round-trips`);
    if (entry.divergence && !entry.expect) problems.push(`${entry.name}: a divergence needs an expect`);
    if (entry.divergence && entry.expect && entry.expect.error && failed) {
      problems.push(`${entry.name}: marked as a divergence but the reference rejects it too`);
    }
    if (entry.divergence && entry.expect && entry.expect.decodeError && failed) {
      problems.push(`${entry.name}: expects a decode error from us only, but the reference fails too`);
    }
    // A divergence's reference result is kept for the reader only, as JSON text: it may hold what
    // our JSON parser rejects by design (a lone surrogate, nesting beyond the limit).
    // (A sio-packet's frames are kept as they are: a divergence may still compare our bytes.)
    const kept = entry.divergence ? { json: JSON.stringify(ref), frames: ref.frames } : ref;
    return { ...entry, ref: kept };
  });
  if (problems.length) {
    process.stderr.write(`corpus problems:\n  ${problems.join('\n  ')}\n`);
    process.exit(1);
  }
  const counts = {};
  for (const e of entries) counts[e.kind] = (counts[e.kind] || 0) + 1;
  const doc = {
    generator: { node: process.version, ...PINNED },
    counts,
    entries,
  };
  fs.writeFileSync(out, JSON.stringify(doc));
  process.stdout.write(`reference: ${entries.length} entries ${JSON.stringify(counts)}, ` +
    `${entries.filter((e) => e.divergence).length} divergences -> ${out}\n`);
}

main();
