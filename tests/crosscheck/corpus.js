// tests/crosscheck/corpus.js — the packets libsession's codec is cross-checked on.
//
// module.exports = [entry, ...], built deterministically (a seeded PRNG, no clock) so that every
// run checks the same inputs. Entries are plain JSON; binary is written {"$binary": "<base64>"}
// and NaN/Infinity as {"$number": "NaN"|"Infinity"|"-Infinity"} (JSON has no notation for them).
//
// Kinds (reference.js says what the reference parsers do with each):
//   eio-packet   {packet: {type, data?}}                one Engine.IO packet, encoded both ways
//   eio-payload  {packets: [...]}                       a long-polling body
//   eio-wire     {mode: "ws"|"poll", frame: Frame}      bytes as received, possibly invalid
//   sio-packet   {packet: {type, nsp, id?, data?}}      one Socket.IO packet, encoded then decoded
//   sio-wire     {frames: [Frame, ...]}                 Engine.IO messages fed to one Decoder
//   json         {text: "..."}                          JSON.parse then JSON.stringify
// Frame: {text: "..."} | {binary: $binary} | {textBytes: $binary} (a text frame given as raw
// bytes, for invalid UTF-8).
//
// Optional fields:
//   lossy       the reference does not give the input back (e.g. NaN becomes null); reference.js
//               fails if an entry round-trips and is marked lossy, or is lossy and is not marked.
//   divergence  a deliberate difference from the reference parsers (we are stricter on input no
//               JavaScript peer produces). `expect` then states OUR behaviour, which the C++ test
//               asserts instead of the reference's: {error: true}; for sio-packet
//               {decodeError: true} (we write the reference's bytes but do not read them back);
//               for sio-wire {packets: [{type, nsp, id?, dataJson}]} with the data as JSON text
//               (so that a key order JavaScript would change is kept). reference.js fails if the
//               reference also fails where we are expected to, so no marker outlives its reason.
'use strict';

// ---- deterministic helpers -------------------------------------------------------------------

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(0x5e55);
const randInt = (n) => Math.floor(rand() * n);

const bin = (bytes) => ({ $binary: Buffer.from(bytes).toString('base64') });
const randomBytes = (n) => {
  const b = Buffer.alloc(n);
  for (let i = 0; i < n; ++i) b[i] = randInt(256);
  return b;
};
const range = (n, f) => Array.from({ length: n }, (_, i) => f(i));

// Doubles from random bit patterns: every exponent and mantissa shape, not just "nice" numbers.
function randomDouble() {
  const view = new DataView(new ArrayBuffer(8));
  for (;;) {
    view.setUint32(0, Math.floor(rand() * 4294967296));
    view.setUint32(4, Math.floor(rand() * 4294967296));
    const d = view.getFloat64(0);
    if (Number.isFinite(d)) return d;
  }
}

// Random valid Unicode text (no lone surrogates): ASCII, Latin, BMP, astral, controls.
function randomString(len) {
  let s = '';
  for (let i = 0; i < len; ++i) {
    const r = rand();
    let cp;
    if (r < 0.4) cp = 0x20 + randInt(0x5f);
    else if (r < 0.5) cp = randInt(0x20);
    else if (r < 0.65) cp = 0x80 + randInt(0x780);
    else if (r < 0.85) {
      cp = 0x800 + randInt(0xf800);
      if (cp >= 0xd800 && cp <= 0xdfff) cp = 0x2028 + (cp & 1);
    } else cp = 0x10000 + randInt(0x100000);
    s += String.fromCodePoint(cp);
  }
  return s;
}

// Long text of a given UTF-8 size, mostly ASCII with some multi-byte characters.
function longText(bytes, seed) {
  const unit = `lorem ipsum ${seed} é ü € 😀 "q" \\ / `;
  const unitBytes = Buffer.byteLength(unit);
  let s = unit.repeat(Math.floor(bytes / unitBytes));
  s += 'x'.repeat(bytes - Buffer.byteLength(s));
  return s;
}

const ALL_CONTROLS = range(0x20, (i) => String.fromCharCode(i)).join('') + '\x7f';
const ESCAPES = '"\\/\b\f\n\r\t';
const UNICODE = {
  latin: 'héllo wörld ñ ß',
  cjk: '你好，世界 こんにちは 안녕하세요',
  emoji: '😀👍🏽👨‍👩‍👧‍👦🇫🇷',
  combining: 'e\u0301 a\u0308\u0323 \u0915\u094d\u0937',
  separators: 'line\u2028para\u2029end',
  bom: '\ufeffbom',
  extremes: '\u0080\u07ff\u0800\uffff\u{10000}\u{10ffff}\ufffd',
  rtl: 'שלום مرحبا',
};
const NUMBERS = [0, -0, 1, -1, 42, 2 ** 31 - 1, 2 ** 31, 2 ** 32, -(2 ** 31), 2 ** 53 - 1,
  -(2 ** 53 - 1), 2 ** 53, 2 ** 53 + 2, 2 ** 64, 1e21, 1e20, 123456789012345680000, 1e-6, 1e-7,
  1.5e-7, 0.1, 0.2, 0.1 + 0.2, 1 / 3, 2 / 3, 5e-324, 2.2250738585072014e-308,
  2.225073858507201e-308, 1.7976931348623157e308, 4.9406564584124654e-324, 1e308, 1e-308,
  123.456, -123.456e-10, 9.999999999999999e22, 1e23, 5e-7, 0.000001, 1.0000000000000002,
  0.30000000000000004, 100, 1e2, 12345678.9, Math.PI, Math.E, -Math.LN2, 999999999999999900000,
  1e21 - 65536, 123e18, 1.2345e20, -1e-7, 9.99e-7, 2 ** -1074, -(2 ** -1022), 2 ** 1023,
  1e15, 1e16, 1e17, 0.5, 0.25, 1e-5];

// ---- the corpus ------------------------------------------------------------------------------

const corpus = [];
const add = (entry) => corpus.push(entry);

// Engine.IO: one packet, every type ------------------------------------------------------------
const EIO_TYPES = ['open', 'close', 'ping', 'pong', 'message', 'upgrade', 'noop'];
const eioPacket = (name, packet, extra = {}) =>
  add({ name: `eio-packet/${name}`, kind: 'eio-packet', packet, ...extra });

for (const type of EIO_TYPES) eioPacket(`${type}/no-data`, { type });
eioPacket('open/handshake', { type: 'open', data: JSON.stringify({ sid: 'lv_VI97HAXpY6yYWAAAC',
  upgrades: ['websocket'], pingInterval: 25000, pingTimeout: 20000, maxPayload: 1000000 }) });
eioPacket('close/text', { type: 'close', data: 'bye' });
eioPacket('ping/probe', { type: 'ping', data: 'probe' });
eioPacket('pong/probe', { type: 'pong', data: 'probe' });
eioPacket('upgrade/text', { type: 'upgrade', data: 'x' });
eioPacket('noop/text', { type: 'noop', data: 'n' });
eioPacket('message/text', { type: 'message', data: 'hello' });
eioPacket('message/empty-string', { type: 'message', data: '' });
eioPacket('ping/empty-string', { type: 'ping', data: '' });
eioPacket('message/socketio-event', { type: 'message', data: '2["chat","hi"]' });
eioPacket('message/digits', { type: 'message', data: '0123456789' });
eioPacket('message/starts-with-b', { type: 'message', data: 'bAQID' });
eioPacket('message/type-digit-only', { type: 'message', data: '4' });
eioPacket('message/controls', { type: 'message', data: ALL_CONTROLS });
eioPacket('message/escapes', { type: 'message', data: ESCAPES });
for (const [k, v] of Object.entries(UNICODE)) eioPacket(`message/unicode-${k}`, { type: 'message', data: v });
eioPacket('message/random-unicode', { type: 'message', data: randomString(300) });
eioPacket('message/text-100k', { type: 'message', data: longText(100_000, 'a') });
eioPacket('message/text-900k', { type: 'message', data: longText(900_000, 'b') });
eioPacket('message/binary-empty', { type: 'message', data: bin([]) });
eioPacket('message/binary-one-zero', { type: 'message', data: bin([0]) });
eioPacket('message/binary-two', { type: 'message', data: bin([0xff, 0xfe]) });
eioPacket('message/binary-three', { type: 'message', data: bin([1, 2, 3]) });
eioPacket('message/binary-all-bytes', { type: 'message', data: bin(range(256, (i) => i)) });
eioPacket('message/binary-looks-like-text', { type: 'message', data: bin(Buffer.from('4hello')) });
eioPacket('message/binary-random-1000', { type: 'message', data: bin(randomBytes(1000)) });
eioPacket('message/binary-100k', { type: 'message', data: bin(randomBytes(100_000)) });
// 600 KB of binary is 800 KB of base64: the polling form stays under the 1 MB default limit.
eioPacket('message/binary-600k', { type: 'message', data: bin(randomBytes(600_000)) });

// Engine.IO: polling payloads --------------------------------------------------------------------
const eioPayload = (name, packets, extra = {}) =>
  add({ name: `eio-payload/${name}`, kind: 'eio-payload', packets, ...extra });

eioPayload('one-message', [{ type: 'message', data: 'hello' }]);
eioPayload('two-messages', [{ type: 'message', data: 'a' }, { type: 'message', data: 'b' }]);
eioPayload('every-type', EIO_TYPES.map((type) => ({ type })));
eioPayload('every-type-with-data', EIO_TYPES.map((type, i) => ({ type, data: `d${i}` })));
eioPayload('ping-pong-noop', [{ type: 'ping' }, { type: 'pong' }, { type: 'noop' }]);
eioPayload('empty-string-data', [{ type: 'message', data: '' }, { type: 'message', data: '' }]);
eioPayload('binary-only', [{ type: 'message', data: bin([1, 2, 3, 4]) }]);
eioPayload('binary-empty', [{ type: 'message', data: bin([]) }]);
eioPayload('binary-between-text', [{ type: 'message', data: '51-["f",{"_placeholder":true,"num":0}]' },
  { type: 'message', data: bin(randomBytes(17)) }, { type: 'message', data: '2["x"]' }]);
eioPayload('binary-lengths-0-to-9', range(10, (n) => ({ type: 'message', data: bin(randomBytes(n)) })));
eioPayload('unicode', Object.values(UNICODE).map((data) => ({ type: 'message', data })));
eioPayload('controls-except-separator', [{ type: 'message', data: ALL_CONTROLS.replace('\x1e', '') }]);
eioPayload('many-500', range(500, (i) => (i % 7 === 3
  ? { type: 'message', data: bin(randomBytes(i % 13)) }
  : { type: EIO_TYPES[i % 7], data: i % 5 === 0 ? undefined : randomString(1 + (i % 9)).replace(/\x1e/g, '_') })));
eioPayload('large-3x200k', range(3, (i) => ({ type: 'message', data: longText(200_000, `p${i}`) })));
eioPayload('separator-inside-data', [{ type: 'message', data: 'a\x1eb' }],
  { lossy: 'U+001E in text data splits the body: the reference decodes "b" as an unknown type' });
eioPayload('separator-then-valid-type', [{ type: 'message', data: 'a\x1e4b' }],
  { lossy: 'U+001E in text data splits the body into two messages' });
eioPayload('socketio-close-sequence', [{ type: 'message', data: '1' }, { type: 'close' }]);

// Engine.IO: raw wire input ---------------------------------------------------------------------
const eioWire = (name, mode, frame, extra = {}) =>
  add({ name: `eio-wire/${mode}/${name}`, kind: 'eio-wire', mode, frame, ...extra });
const text = (s) => ({ text: s });
const binary = (bytes) => ({ binary: bin(bytes) });
const textBytes = (bytes) => ({ textBytes: bin(bytes) });

for (const [i, type] of EIO_TYPES.entries()) eioWire(`type-${type}`, 'ws', text(String(i)));
eioWire('message-hello', 'ws', text('4hello'));
eioWire('ping-probe', 'ws', text('2probe'));
eioWire('message-unicode', 'ws', text(`4${UNICODE.emoji}${UNICODE.combining}`));
eioWire('base64-in-text-frame', 'ws', text('bAQID'));
eioWire('base64-empty', 'ws', text('b'));
eioWire('base64-unpadded-1', 'ws', text('bAQ'));
eioWire('base64-unpadded-2', 'ws', text('bAQI'));
eioWire('binary-frame', 'ws', binary([1, 2, 3]));
eioWire('binary-frame-empty', 'ws', binary([]));
eioWire('binary-frame-text-bytes', 'ws', binary(Buffer.from('4hi')));
eioWire('empty', 'ws', text(''));
eioWire('type-7', 'ws', text('7'));
eioWire('type-9-with-data', 'ws', text('9x'));
eioWire('type-letter', 'ws', text('a'));
eioWire('type-B-uppercase', 'ws', text('BAQID'));
eioWire('type-minus', 'ws', text('-1'));
eioWire('type-space', 'ws', text(' 4'));
eioWire('type-multibyte', 'ws', text('é'));
eioWire('text-exactly-limit', 'ws', text(`4${'y'.repeat(999_999)}`));
eioWire('base64-invalid-chars', 'ws', text('b!!!!'), { divergence: 'Node decodes invalid base64 leniently (skips bad characters); we reject', expect: { error: true } });
eioWire('base64-whitespace', 'ws', text('bAQ ID'), { divergence: 'Node skips whitespace inside base64; we reject', expect: { error: true } });
eioWire('base64-url-alphabet', 'ws', text('b-_8A'), { divergence: 'Node accepts the base64url alphabet in base64; we reject', expect: { error: true } });
eioWire('base64-single-char', 'ws', text('bA'), { divergence: 'Node decodes a dangling 6-bit group as nothing; we reject', expect: { error: true } });
eioWire('base64-noncanonical-bits', 'ws', text('bAQJ='), { divergence: 'Node ignores non-zero trailing bits; we accept canonical base64 only', expect: { error: true } });
eioWire('base64-triple-padding', 'ws', text('bAQ==='), { divergence: 'Node ignores excess padding; we reject', expect: { error: true } });
eioWire('invalid-utf8', 'ws', textBytes([0x34, 0xff, 0x61]), { divergence: 'Node\'s WebSocket layer replaces invalid UTF-8 with U+FFFD; we reject the frame', expect: { error: true } });
eioWire('overlong-utf8', 'ws', textBytes([0x34, 0xc0, 0xaf]), { divergence: 'Node replaces overlong UTF-8 with U+FFFD; we reject', expect: { error: true } });
eioWire('utf8-surrogate', 'ws', textBytes([0x34, 0xed, 0xa0, 0x80]), { divergence: 'Node replaces UTF-8-encoded surrogates with U+FFFD; we reject', expect: { error: true } });
eioWire('text-over-limit', 'ws', text(`4${'y'.repeat(1_000_000)}`), { divergence: 'maxPayload: the reference server enforces it in its transport, outside the parser', expect: { error: true } });
eioWire('binary-over-limit', 'ws', binary(Buffer.alloc(1_000_001, 7)), { divergence: 'maxPayload: the reference server enforces it in its transport, outside the parser', expect: { error: true } });

eioWire('two-messages', 'poll', text('4hello\x1e4world'));
eioWire('ping-pong-noop', 'poll', text('2\x1e3\x1e6'));
eioWire('base64-and-text', 'poll', text('bAQID\x1e4x\x1eb'));
eioWire('base64-unpadded', 'poll', text('bAQ\x1ebAQI\x1ebAQID'));
eioWire('unicode', 'poll', text(`4${UNICODE.cjk}\x1e4${UNICODE.separators}`));
eioWire('one-message', 'poll', text('4a'));
eioWire('only-type', 'poll', text('4'));
eioWire('body-exactly-limit', 'poll', text(`4${'z'.repeat(499_998)}\x1e4${'z'.repeat(499_999)}`));
eioWire('empty', 'poll', text(''));
eioWire('only-separator', 'poll', text('\x1e'));
eioWire('trailing-separator', 'poll', text('4a\x1e'));
eioWire('leading-separator', 'poll', text('\x1e4a'));
eioWire('double-separator', 'poll', text('4a\x1e\x1e4b'));
eioWire('unknown-type-second', 'poll', text('4a\x1e7'));
eioWire('unknown-type-first', 'poll', text('x\x1e4a'));
eioWire('base64-invalid-second', 'poll', text('4a\x1eb!!!'), { divergence: 'Node decodes invalid base64 leniently; we reject', expect: { error: true } });
eioWire('invalid-utf8', 'poll', textBytes([0x34, 0x61, 0x1e, 0x34, 0xfe]), { divergence: 'Node\'s HTTP layer replaces invalid UTF-8 with U+FFFD; we reject the body', expect: { error: true } });
eioWire('body-over-limit', 'poll', text(`4${'z'.repeat(1_000_000)}`), { divergence: 'maxHttpBufferSize: the reference server checks it before the parser', expect: { error: true } });

// Socket.IO: packets to encode ------------------------------------------------------------------
const CONNECT = 0, DISCONNECT = 1, EVENT = 2, ACK = 3, CONNECT_ERROR = 4;
const sioPacket = (name, packet, extra = {}) =>
  add({ name: `sio-packet/${name}`, kind: 'sio-packet', packet, ...extra });

sioPacket('connect/root', { type: CONNECT, nsp: '/' });
sioPacket('connect/admin', { type: CONNECT, nsp: '/admin' });
sioPacket('connect/auth', { type: CONNECT, nsp: '/', data: { token: 'abc' } });
sioPacket('connect/admin-auth', { type: CONNECT, nsp: '/admin', data: { token: 'abc', n: 1 } });
sioPacket('connect/empty-auth', { type: CONNECT, nsp: '/', data: {} });
sioPacket('connect/nested-auth', { type: CONNECT, nsp: '/a/b', data: { user: { id: 7, roles: ['x', 'y'], meta: null } } });
sioPacket('connect/pid-offset', { type: CONNECT, nsp: '/', data: { pid: 'e7Ue4Kh1eHw', offset: 'MzUPkW0' } });
sioPacket('connect/invalid-array', { type: CONNECT, nsp: '/', data: [1] });
sioPacket('connect/invalid-string', { type: CONNECT, nsp: '/', data: 'x' });
sioPacket('connect/invalid-null', { type: CONNECT, nsp: '/', data: null });
sioPacket('disconnect/root', { type: DISCONNECT, nsp: '/' });
sioPacket('disconnect/admin', { type: DISCONNECT, nsp: '/admin' });
sioPacket('disconnect/invalid-data', { type: DISCONNECT, nsp: '/', data: [] });
sioPacket('connect-error/string', { type: CONNECT_ERROR, nsp: '/', data: 'Not authorized' });
sioPacket('connect-error/object', { type: CONNECT_ERROR, nsp: '/admin', data: { message: 'Not authorized', data: { code: 401 } } });
sioPacket('connect-error/empty-string', { type: CONNECT_ERROR, nsp: '/', data: '' });
sioPacket('connect-error/invalid-no-data', { type: CONNECT_ERROR, nsp: '/' });
sioPacket('connect-error/invalid-array', { type: CONNECT_ERROR, nsp: '/', data: ['x'] });
sioPacket('connect-error/invalid-number', { type: CONNECT_ERROR, nsp: '/', data: 5 });

sioPacket('event/simple', { type: EVENT, nsp: '/', data: ['chat', 'hi'] });
sioPacket('event/name-only', { type: EVENT, nsp: '/', data: ['ping'] });
sioPacket('event/empty-name', { type: EVENT, nsp: '/', data: [''] });
sioPacket('event/number-name', { type: EVENT, nsp: '/', data: [1, 2, 3] });
sioPacket('event/zero-name', { type: EVENT, nsp: '/', data: [0] });
sioPacket('event/negative-float-name', { type: EVENT, nsp: '/', data: [-1.5, 'x'] });
sioPacket('event/unicode-name', { type: EVENT, nsp: '/', data: [UNICODE.emoji, UNICODE.cjk] });
sioPacket('event/admin', { type: EVENT, nsp: '/admin', data: ['chat', { text: 'hi' }] });
sioPacket('event/nested-nsp', { type: EVENT, nsp: '/a/b/c', data: ['x'] });
sioPacket('event/unicode-nsp', { type: EVENT, nsp: '/ñandú/😀', data: ['x'] });
sioPacket('event/nsp-with-space-and-query', { type: EVENT, nsp: '/a b?c=d', data: ['x'] });
sioPacket('event/nsp-256-bytes', { type: EVENT, nsp: `/${'n'.repeat(255)}`, data: ['x'] });
for (const id of [0, 1, 42, 1000, 2 ** 32, 2 ** 53 - 1]) {
  sioPacket(`event/ack-id-${id}`, { type: EVENT, nsp: '/', id, data: ['req', id] });
}
sioPacket('event/admin-ack-id', { type: EVENT, nsp: '/admin', id: 7, data: ['ping'] });
sioPacket('event/all-json-kinds', { type: EVENT, nsp: '/', data: ['k', null, true, false, 0, -1.25, 's', [], {}, [[]], { a: {} }] });
sioPacket('event/nested', { type: EVENT, nsp: '/', data: ['n', { a: [1, { b: [2, { c: [3, { d: 'deep' }] }] }], e: { f: { g: { h: [] } } } }] });
sioPacket('event/depth-40', { type: EVENT, nsp: '/', data: ['d', JSON.parse('['.repeat(40) + ']'.repeat(40))] });
sioPacket('event/key-order', { type: EVENT, nsp: '/', data: ['o', { zebra: 1, apple: 2, mango: 3, _: 4, A: 5 }] });
sioPacket('event/odd-keys', { type: EVENT, nsp: '/', data: ['o', { '': 1, ' ': 2, 'é': 3, '😀': 4, 'a"b': 5, 'c\\d': 6, '\n': 7, '\u0000': 8, '\u2028': 9 }] });
sioPacket('event/proto-key', { type: EVENT, nsp: '/', data: JSON.parse('["p",{"__proto__":{"x":1},"constructor":2,"toString":3}]') });
sioPacket('event/controls', { type: EVENT, nsp: '/', data: ['c', ALL_CONTROLS] });
sioPacket('event/escapes', { type: EVENT, nsp: '/', data: ['e', ESCAPES, '\\u0041', '"\\"'] });
for (const [k, v] of Object.entries(UNICODE)) sioPacket(`event/unicode-${k}`, { type: EVENT, nsp: '/', data: ['u', v] });
for (let i = 0; i < 6; ++i) sioPacket(`event/random-unicode-${i}`, { type: EVENT, nsp: '/', data: ['r', randomString(50 + 40 * i), { [randomString(5)]: randomString(10) }] });
sioPacket('event/numbers', { type: EVENT, nsp: '/', data: ['n', ...NUMBERS] });
sioPacket('event/powers-of-two', { type: EVENT, nsp: '/', data: ['p', ...range(64, (i) => 2 ** (i * 17 - 540))] });
sioPacket('event/powers-of-ten', { type: EVENT, nsp: '/', data: ['p', ...range(61, (i) => 10 ** (i - 30))] });
sioPacket('event/integers', { type: EVENT, nsp: '/', data: ['i', ...range(60, (i) => Math.floor(rand() * 2 ** (i % 54)) * (i % 2 ? -1 : 1))] });
for (let i = 0; i < 16; ++i) sioPacket(`event/random-doubles-${i}`, { type: EVENT, nsp: '/', data: ['d', ...range(60, randomDouble)] });
sioPacket('event/decimals', { type: EVENT, nsp: '/', data: ['f', ...range(60, () => Math.round(rand() * 1e6) / 10 ** randInt(9))] });
sioPacket('event/nan-infinity', { type: EVENT, nsp: '/', data: ['nan', { $number: 'NaN' }, { $number: 'Infinity' }, { $number: '-Infinity' }] },
  { lossy: 'JSON.stringify writes NaN and infinities as null' });
sioPacket('event/string-100k', { type: EVENT, nsp: '/', data: ['big', longText(100_000, 'c')] });
sioPacket('event/string-900k', { type: EVENT, nsp: '/', data: ['big', longText(900_000, 'd')] });
sioPacket('event/array-10000', { type: EVENT, nsp: '/', data: ['a', range(10000, (i) => i)] });
sioPacket('event/object-2000-keys', { type: EVENT, nsp: '/', data: ['o', Object.fromEntries(range(2000, (i) => [`k${i}`, i]))] });
for (const name of ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']) {
  sioPacket(`event/invalid-reserved-${name}`, { type: EVENT, nsp: '/', data: [name, 1] });
}
sioPacket('event/not-reserved-similar', { type: EVENT, nsp: '/', data: ['Connect', 'connects', 'error'] });
sioPacket('event/invalid-no-data', { type: EVENT, nsp: '/' });
sioPacket('event/invalid-empty-array', { type: EVENT, nsp: '/', data: [] });
sioPacket('event/invalid-null-name', { type: EVENT, nsp: '/', data: [null] });
sioPacket('event/invalid-bool-name', { type: EVENT, nsp: '/', data: [true] });
sioPacket('event/invalid-object-name', { type: EVENT, nsp: '/', data: [{ a: 1 }] });
sioPacket('event/invalid-object-data', { type: EVENT, nsp: '/', data: { a: 1 } });
sioPacket('event/invalid-string-data', { type: EVENT, nsp: '/', data: 'chat' });
sioPacket('event/invalid-nsp-no-slash', { type: EVENT, nsp: 'admin', data: ['x'] });
sioPacket('event/invalid-nsp-comma', { type: EVENT, nsp: '/a,b', data: ['x'] });
sioPacket('event/ack-id-2^53', { type: EVENT, nsp: '/', id: 2 ** 53, data: ['x'] },
  { divergence: 'ack ids above 2^53-1: JavaScript cannot count them exactly; we reject', expect: { error: true } });
sioPacket('event/nsp-257-bytes', { type: EVENT, nsp: `/${'n'.repeat(256)}`, data: ['x'] },
  { divergence: 'namespace longer than CodecLimits::maxNamespaceLength (256); the reference has no limit', expect: { error: true } });

sioPacket('ack/empty', { type: ACK, nsp: '/', id: 0, data: [] });
sioPacket('ack/values', { type: ACK, nsp: '/', id: 5, data: ['ok', 1, { a: null }] });
sioPacket('ack/admin', { type: ACK, nsp: '/admin', id: 3, data: [null] });
sioPacket('ack/max-id', { type: ACK, nsp: '/', id: 2 ** 53 - 1, data: [true] });
sioPacket('ack/reserved-name-allowed', { type: ACK, nsp: '/', id: 1, data: ['connect'] });
sioPacket('ack/invalid-no-data', { type: ACK, nsp: '/', id: 1 });
sioPacket('ack/invalid-object', { type: ACK, nsp: '/', id: 1, data: { a: 1 } });
sioPacket('ack/no-id', { type: ACK, nsp: '/', data: ['x'] },
  { divergence: 'ACK without an id: isPacketValid accepts it (the server ignores it); the header contract requires an id', expect: { error: true } });

// Binary: attachments travel as separate frames.
const DUPLICATE = 'an attachment referenced by two placeholders: the reference shares one Buffer, we would copy it (a cheap memory amplification), so we reject';
sioPacket('binary-event/one', { type: EVENT, nsp: '/', data: ['upload', bin([1, 2, 3])] });
for (let n = 2; n <= 10; ++n) {
  sioPacket(`binary-event/${n}-attachments`, { type: EVENT, nsp: '/', data: ['files', ...range(n, (i) => bin(randomBytes(i * 3)))] });
}
sioPacket('binary-event/invalid-11-attachments', { type: EVENT, nsp: '/', data: ['files', ...range(11, (i) => bin([i]))] });
sioPacket('binary-event/empty-binary', { type: EVENT, nsp: '/', data: ['empty', bin([])] });
sioPacket('binary-event/only-empty-binaries', { type: EVENT, nsp: '/', data: ['empty', bin([]), bin([]), bin([])] });
sioPacket('binary-event/deep', { type: EVENT, nsp: '/', data: ['deep', { a: { b: [{ c: bin([9, 8, 7]) }, 1], d: 'x' }, e: [[[[bin([6])]]]] }] });
sioPacket('binary-event/mixed-order', { type: EVENT, nsp: '/', data: ['m', { x: bin([1]), y: [bin([2]), 'z', { w: bin([3]) }] }, bin([4])] });
sioPacket('binary-event/number-name', { type: EVENT, nsp: '/', data: [7, bin([7])] });
sioPacket('binary-event/admin-ack-id', { type: EVENT, nsp: '/admin', id: 12, data: ['b', bin(randomBytes(64))] });
sioPacket('binary-event/ack-id-0', { type: EVENT, nsp: '/', id: 0, data: ['b', bin([0])] });
sioPacket('binary-event/placeholder-lookalike', { type: EVENT, nsp: '/', data: ['p', { _placeholder: true, num: 0 }, bin([1])] },
  { divergence: 'an object shaped like a placeholder is sent as is (the same bytes as the reference) and so names attachment 0 a second time, which we refuse to read (see sio-wire/binary-duplicate-ref)', expect: { decodeError: true } });
sioPacket('binary-event/large', { type: EVENT, nsp: '/', data: ['big', bin(randomBytes(500_000)), longText(100_000, 'e')] });
sioPacket('binary-event/all-bytes', { type: EVENT, nsp: '/', data: ['all', bin(range(256, (i) => 255 - i))] });
sioPacket('binary-event/unicode-nsp', { type: EVENT, nsp: '/ü', data: ['u', { 'é': bin([0xc3, 0xa9]) }] });
sioPacket('binary-event/invalid-reserved-name', { type: EVENT, nsp: '/', data: ['disconnect', bin([1])] });
sioPacket('binary-ack/one', { type: ACK, nsp: '/', id: 1, data: [bin([1, 2])] });
sioPacket('binary-ack/admin', { type: ACK, nsp: '/admin', id: 99, data: [{ file: bin(randomBytes(10)) }, 'ok'] });
sioPacket('binary-ack/ten', { type: ACK, nsp: '/', id: 2 ** 53 - 1, data: range(10, (i) => bin([i, i])) });
sioPacket('binary-connect', { type: CONNECT, nsp: '/', data: { token: bin([1]) } },
  { divergence: 'binary data outside EVENT/ACK: the reference writes Node\'s Buffer JSON; the header contract rejects it', expect: { error: true } });

// Socket.IO: raw frames into a Decoder ----------------------------------------------------------
const sioWire = (name, frames, extra = {}) =>
  add({ name: `sio-wire/${name}`, kind: 'sio-wire', frames, ...extra });
const ph = (num) => `{"_placeholder":true,"num":${num}}`;
const t = (s) => text(s);
const b = (...bytes) => binary(bytes);

// Valid
sioWire('connect', [t('0')]);
sioWire('connect-admin', [t('0/admin,')]);
sioWire('connect-admin-no-comma', [t('0/admin')]);
sioWire('connect-auth', [t('0{"token":"abc"}')]);
sioWire('connect-admin-auth', [t('0/admin,{"token":"abc","x":[1,2]}')]);
sioWire('disconnect', [t('1')]);
sioWire('disconnect-admin', [t('1/admin,')]);
sioWire('event', [t('2["a"]')]);
sioWire('event-admin', [t('2/admin,["a",{"b":1}]')]);
sioWire('event-ack', [t('21["a"]')]);
sioWire('event-admin-ack', [t('2/admin,99["a",1]')]);
sioWire('event-max-ack', [t('29007199254740991["a"]')]);
sioWire('event-ack-leading-zeros', [t('2007["a"]')]);
sioWire('binary-attachments-leading-zero', [t(`501-["e",${ph(0)}]`), b(1)]);
sioWire('event-number-name', [t('2[42,"x"]')]);
sioWire('ack', [t('31["x"]')]);
sioWire('ack-admin-empty', [t('3/admin,1[]')]);
sioWire('connect-error-string', [t('4"err"')]);
sioWire('connect-error-object', [t('4{"message":"m","data":{"a":1}}')]);
sioWire('connect-error-admin', [t('4/admin,{"message":"m"}')]);
sioWire('json-whitespace', [t('2[ "a" ,\t1 ,\n{ "b" : [ ] } ]')]);
sioWire('json-trailing-whitespace', [t('2["a"] \n')]);
sioWire('json-escapes', [t('2["\\u00e9\\ud83d\\ude00\\/\\b\\f\\n\\r\\t\\"\\\\\\u0000\\u001F"]')]);
sioWire('json-number-forms', [t('2["n",1E2,1e-2,-0,0.0,1.5e+3,-1.25E-3,123456789012345678901234567890,0.1e1]')]);
sioWire('json-number-rounding', [t('2["r",9007199254740993,2.4703282292062328e-324,1.00000000000000011102230246251565404236316680908203125,7.2057594037927933e16,0.30000000000000004441]')]);
sioWire('json-duplicate-keys', [t('2["e",{"a":1,"b":2,"a":3}]')]);
sioWire('json-raw-unicode', [t(`2["${UNICODE.emoji}${UNICODE.separators}${UNICODE.combining}"]`)]);
sioWire('namespace-unicode', [t('2/ñ😀,["a"]')]);
sioWire('namespace-root-explicit', [t('2/,["a"]')]);
sioWire('connect-root-explicit', [t('0/,')]);
sioWire('connect-with-id', [t('05')]);
sioWire('disconnect-with-id', [t('1/admin,3')]);
sioWire('connect-error-with-id', [t('47"x"')]);
sioWire('ack-id-many-leading-zeros', [t('2000000000000000000000000001["a"]')]);
sioWire('binary-attachments-many-leading-zeros', [t(`5000000000000000000001-["e",${ph(0)}]`), b(1)]);
sioWire('number-underflow', [t('2["e",1e-400,-1e-400,2.4703282292062327e-324]')]);
sioWire('number-long-mantissa', [t(`2["e",0.${'1234567890'.repeat(80)},${'9'.repeat(300)}]`)]);
sioWire('number-many-digits-tiny-exponent', [t('2["e",0.99476311710450635757021006079e-347]')]);
sioWire('number-zero-with-exponent', [t('2["e",0.0e-50,0e-320]')]);
sioWire('number-21-digits', [t('2["e",0.184467440737095516159]')]);
sioWire('number-max-double-rounding', [t('2["e",1.7976931348623158e308,1.79769313486231580793e308]')]);
sioWire('namespace-bracket', [t('2/a[,["x"]')]);
sioWire('namespace-256-bytes', [t(`2/${'n'.repeat(255)},["x"]`)]);
sioWire('depth-64', [t(`2["d",${'['.repeat(63)}${']'.repeat(63)}]`)]);
sioWire('placeholder-in-plain-event', [t(`2["e",${ph(0)}]`)]);
sioWire('sequence', [t('0'), t('2["a"]'), t('21["b"]'), t('3/x,4[]'), t('1')]);
sioWire('large-900k', [t(`2["big",${JSON.stringify(longText(900_000, 'f'))}]`)]);

sioWire('binary-one', [t(`51-["e",${ph(0)}]`), b(1, 2, 3)]);
sioWire('binary-empty-attachment', [t(`51-["e",${ph(0)}]`), b()]);
sioWire('binary-two-reversed', [t(`52-["e",${ph(1)},${ph(0)}]`), b(1), b(2)]);
sioWire('binary-duplicate-ref', [t(`52-["e",${ph(0)},${ph(0)}]`), b(1), b(2)],
  { divergence: DUPLICATE, expect: { error: true } });
sioWire('binary-unused-attachment', [t('51-["e"]'), b(1)]);
sioWire('binary-placeholder-extra-keys', [t('51-["e",{"_placeholder":true,"num":0,"x":1}]'), b(5)]);
sioWire('binary-placeholder-string-flag', [t('51-["e",{"_placeholder":"true","num":0},' + ph(0) + ']'), b(5)]);
sioWire('binary-ack', [t(`61-/admin,5[${ph(0)}]`), b(9)]);
sioWire('binary-ten', [t(`510-["e",${range(10, ph).join(',')}]`), ...range(10, (i) => b(i))]);
sioWire('binary-nested', [t(`52-/n,3["e",{"a":[${ph(1)},{"b":${ph(0)}}]}]`), b(1), b(2)]);
sioWire('binary-then-text', [t('2["a"]'), t(`51-["e",${ph(0)}]`), b(1), t('2["c"]'), t(`61-1[${ph(0)}]`), b()]);
sioWire('binary-pending', [t(`52-["e",${ph(0)},${ph(1)}]`), b(1)]);

// Invalid (reference and ours agree)
sioWire('type-7', [t('7')]);
sioWire('type-9', [t('9["a"]')]);
sioWire('type-letter', [t('x')]);
sioWire('type-minus', [t('-1')]);
sioWire('event-no-data', [t('2')]);
sioWire('event-no-data-admin', [t('2/admin,')]);
sioWire('event-ack-no-data', [t('21')]);
sioWire('event-empty-array', [t('2[]')]);
sioWire('event-null-name', [t('2[null]')]);
sioWire('event-object', [t('2{"a":1}')]);
sioWire('event-string', [t('2"a"')]);
for (const name of ['connect', 'connect_error', 'disconnect', 'disconnecting', 'newListener', 'removeListener']) {
  sioWire(`event-reserved-${name}`, [t(`2["${name}"]`)]);
}
sioWire('event-reserved-escaped', [t('2["\\u0063onnect"]')]);
sioWire('json-unterminated', [t('2["a"')]);
sioWire('json-trailing-comma', [t('2[1,]')]);
sioWire('json-leading-zero', [t('2["a",01]')]);
sioWire('json-nan', [t('2["a",NaN]')]);
sioWire('json-single-quotes', [t("2['a']")]);
sioWire('json-bare-fraction', [t('2["a",.5]')]);
sioWire('json-trailing-garbage', [t('2["a"]x')]);
sioWire('json-two-values', [t('2["a"]["b"]')]);
sioWire('json-raw-control', [t('2["a\nb"]')]);
sioWire('json-bad-escape', [t('2["\\x41"]')]);
sioWire('json-bom-before-data', [t('2\ufeff["a"]')], { divergence: 'socket.io-parser reads U+FEFF after the header as an ack-id digit (Number("\\ufeff") is 0); it is not JSON whitespace, so we reject', expect: { error: true } });
sioWire('nsp-swallows-data', [t('2/admin["a"]')]);
sioWire('nsp-comma-inside', [t('2/a,b,["x"]')]);
sioWire('nsp-after-id', [t('27/admin,["a"]')]);
sioWire('nsp-without-slash', [t('2admin,["a"]')]);
sioWire('connect-array', [t('0[]')]);
sioWire('connect-string', [t('0"x"')]);
sioWire('connect-null', [t('0null')]);
sioWire('disconnect-data', [t('1{}')]);
sioWire('ack-no-data', [t('31')]);
sioWire('ack-object', [t('31{}')]);
sioWire('connect-error-no-data', [t('4')]);
sioWire('connect-error-array', [t('4[]')]);
sioWire('connect-error-null', [t('4null')]);
sioWire('attachments-missing', [t(`5-["e",${ph(0)}]`)]);
sioWire('attachments-zero', [t(`50-["e",${ph(0)}]`)]);
sioWire('attachments-eleven', [t(`511-["e",${ph(0)}]`)]);
sioWire('attachments-huge', [t(`599999999999-["e",${ph(0)}]`)]);
sioWire('attachments-letters', [t(`5a-["e",${ph(0)}]`)]);
sioWire('attachments-no-dash', [t(`51["e",${ph(0)}]`)]);
sioWire('attachments-only-type', [t('5')]);
sioWire('attachments-negative', [t(`5-1-["e",${ph(0)}]`)]);
sioWire('binary-ack-no-id', [t(`61-[${ph(0)}]`), b(1)],
  { divergence: 'ACK without an id: isPacketValid accepts it; the header contract requires an id', expect: { error: true } });
sioWire('binary-event-no-data', [t('51-'), b(1)]);
sioWire('binary-event-reserved', [t(`51-["connect",${ph(0)}]`), b(1)]);
sioWire('binary-placeholder-as-name', [t(`51-[${ph(0)}]`), b(1)]);
sioWire('text-while-awaiting', [t(`51-["e",${ph(0)}]`), t('2["a"]')]);
sioWire('binary-without-header', [b(1, 2)]);
sioWire('binary-after-complete', [t(`51-["e",${ph(0)}]`), b(1), b(2)]);
sioWire('placeholder-out-of-range', [t(`51-["e",${ph(1)}]`), b(1)]);
sioWire('placeholder-negative', [t(`51-["e",${ph(-1)}]`), b(1)]);
sioWire('placeholder-string-num', [t('51-["e",{"_placeholder":true,"num":"0"}]'), b(1)]);
sioWire('placeholder-missing-num', [t('51-["e",{"_placeholder":true}]'), b(1)]);
sioWire('placeholder-out-of-range-second-packet', [t('2["ok"]'), t(`52-["e",${ph(0)},${ph(2)}]`), b(1), b(2)]);

// Divergences: input no JavaScript peer produces, where we are deliberately stricter.
const LOOSE = 'socket.io-parser reads the attachment count with JavaScript\'s loose Number() (whitespace, "1e0", "0x1", "1.0"); we accept decimal digits only';
sioWire('quirk-empty-text', [t('')],
  { divergence: 'socket.io-parser decodes "" as CONNECT (Number("") is 0); the server never passes it an empty message (Engine.IO gives undefined, which throws); we reject', expect: { error: true } });
sioWire('quirk-space-type', [t(' ')], { divergence: 'Number(" ") is 0, so the reference decodes " " as CONNECT; we reject', expect: { error: true } });
sioWire('quirk-attachments-space', [t(`5 1-["e",${ph(0)}]`), b(1)], { divergence: LOOSE, expect: { error: true } });
sioWire('quirk-attachments-exponent', [t(`51e0-["e",${ph(0)}]`), b(1)], { divergence: LOOSE, expect: { error: true } });
sioWire('quirk-attachments-hex', [t(`50x1-["e",${ph(0)}]`), b(1)], { divergence: LOOSE, expect: { error: true } });
sioWire('quirk-attachments-fraction', [t(`51.0-["e",${ph(0)}]`), b(1)], { divergence: LOOSE, expect: { error: true } });
const SPACE_ID = 'socket.io-parser reads whitespace after the header as an ack-id digit (Number(" ") is 0) and so sees ack id 0; we read it as whitespace before the JSON data: no ack id';
sioWire('quirk-ack-id-space', [t('2 ["a"]')], { divergence: SPACE_ID, expect: { packets: [{ type: EVENT, nsp: '/', dataJson: '["a"]' }] } });
sioWire('quirk-ack-id-tab', [t('2\t["a"]')], { divergence: SPACE_ID, expect: { packets: [{ type: EVENT, nsp: '/', dataJson: '["a"]' }] } });
sioWire('ack-id-2^53', [t('29007199254740992["a"]')], { divergence: 'ack ids above 2^53-1: JavaScript cannot count them exactly; we reject', expect: { error: true } });
sioWire('ack-id-20-digits', [t('299999999999999999999["a"]')], { divergence: 'ack ids above 2^53-1: the reference rounds to a double; we reject', expect: { error: true } });
sioWire('nsp-257-bytes', [t(`2/${'n'.repeat(256)},["x"]`)], { divergence: 'namespace longer than CodecLimits::maxNamespaceLength (256)', expect: { error: true } });
sioWire('depth-65', [t(`2["d",${'['.repeat(64)}${']'.repeat(64)}]`)], { divergence: 'JSON nested deeper than CodecLimits::maxJsonDepth (64)', expect: { error: true } });
sioWire('depth-1000', [t(`2["d",${'['.repeat(1000)}${']'.repeat(1000)}]`)], { divergence: 'JSON nested deeper than CodecLimits::maxJsonDepth (64)', expect: { error: true } });
sioWire('lone-surrogate-escape', [t('2["\\ud800"]')], { divergence: 'a lone UTF-16 surrogate escape has no UTF-8 form; we reject the JSON', expect: { error: true } });
sioWire('lone-low-surrogate-escape', [t('2["a\\udc00"]')], { divergence: 'a lone UTF-16 surrogate escape has no UTF-8 form; we reject the JSON', expect: { error: true } });
sioWire('number-overflow', [t('2["e",1e400]')], { divergence: 'a number beyond the double range (JavaScript reads Infinity); we reject the JSON', expect: { error: true } });
sioWire('placeholder-fraction', [t('51-["e",{"_placeholder":true,"num":0.5}]'), b(1)],
  { divergence: 'a fractional placeholder index: the reference puts undefined in its place; we reject', expect: { error: true } });
sioWire('integer-like-keys', [t('2["e",{"b":1,"2":2,"1":3}]')], {
  divergence: 'JavaScript moves integer-like keys to the front of an object; we keep insertion order',
  expect: { packets: [{ type: EVENT, nsp: '/', dataJson: '["e",{"b":1,"2":2,"1":3}]' }] },
});

// JSON text alone: JSON.parse then JSON.stringify, against parseJson then toJson -------------------
const json = (name, textValue, extra = {}) =>
  add({ name: `json/${name}`, kind: 'json', text: textValue, ...extra });

// Exact decimal of the midpoint between m * 2^q and the next double: the hardest rounding input.
function midpoint(m, q) {
  const n = 2n * m + 1n;
  const p = q - 1;
  if (p >= 0) return (n << BigInt(p)).toString();
  const k = -p;
  const digits = (n * 5n ** BigInt(k)).toString().padStart(k + 1, '0');
  return `${digits.slice(0, digits.length - k)}.${digits.slice(digits.length - k)}`;
}
const randomMantissa = () => (1n << 52n) + BigInt(randInt(2 ** 26)) * (1n << 26n) + BigInt(randInt(2 ** 26));
const randomDigits = (n) => range(n, () => randInt(10)).join('');

// Numbers no JavaScript peer writes but any peer may send: many digits, zeros with exponents,
// the edges of the subnormal range. Each alone, so that a failure names the number.
const HARD_NUMBERS = ['0.184467440737095516159', '-0.184467440737095516159', '184467440737095516159',
  '1.84467440737095516159', '0.0e-50', '0.000e-20', '0e-320', '0.0e-128', '0e-400', '-0.0e-10',
  '2.4703282292062327e-324', '2.4703282292062328e-324', '0.2005722415e-323', '4.9406564584124654e-324',
  '2.2250738585072011e-308', '2.2250738585072012e-308', '2.2250738585072014e-308',
  '1.7976931348623157e308', '1.7976931348623158e308', '128.74836467836484838364836483643636483648e-336',
  '0.99476311710450635757021006079e-347', '0.0032324527467773785220e-329', '1e-400', '-1e-400',
  '9007199254740993', '9007199254740992.5', '1.00000000000000011102230246251565404236316680908203125',
  '1.000000000000000111022302462515654042363166809082031250000000001', '7.2057594037927933e16',
  '2.220446049250313e-16', '3.725290298461914e-9', `0.${'0'.repeat(300)}1e300`];
for (const [i, n] of HARD_NUMBERS.entries()) json(`number-hard-${i}-${n.slice(0, 24)}`, n);
json('number-integer-part-beyond-double', `${'1'.repeat(400)}e-100`, { divergence: 'an integer part beyond the double range is refused even when an exponent brings the value back (json.hpp)', expect: { error: true } });
for (let i = 0; i < 10; ++i) {
  // Exponents stop short of overflow, which is a divergence of its own (below).
  json(`numbers-long-decimals-${i}`, `[${range(100, () => `${rand() < 0.5 ? '-' : ''}0.${randomDigits(1 + randInt(30))}e${randInt(640) - 340}`).join(',')}]`);
}
for (let i = 0; i < 5; ++i) {
  json(`numbers-halfway-${i}`, `[${range(60, () => {
    const mid = midpoint(randomMantissa(), randInt(200) - 150);
    return [mid, `${mid}1`, `${mid.slice(0, -1)}4999`];
  }).flat().join(',')}]`);
}
for (let i = 0; i < 3; ++i) json(`numbers-shortest-${i}`, JSON.stringify(range(300, randomDouble)));
json('numbers-integers-around-2^53', JSON.stringify(range(40, (i) => 2 ** 53 - 20 + i)).replace(/]$/, `,${range(20, (i) => `${2n ** 53n + BigInt(i)}`).join(',')}]`));

json('top-level-null', 'null');
json('top-level-true', ' true ');
json('top-level-string', '"s"');
json('top-level-number', '\t\n\r 42 \t\n\r');
json('empty-containers', '[[],{},[{}],{"a":[]}]');
json('whitespace-everywhere', ' { "a" : [ 1 , 2 ] , "b" : { } } ');
json('duplicate-keys', '{"a":1,"b":2,"a":{"c":3}}');
json('string-escapes', '["\\"\\\\\\/\\b\\f\\n\\r\\t","\\u0000\\u001f\\u007f\\u0080\\u00ff","\\u2028\\u2029\\ufeff\\uffff"]');
json('string-surrogate-pairs', '["\\ud83d\\ude00","\\uD83D\\uDE00","\\udbff\\udfff","\\ud800\\udc00"]');
json('string-raw-utf8', JSON.stringify([UNICODE.emoji, UNICODE.cjk, UNICODE.extremes, UNICODE.combining]));
json('string-del-and-c1', '["\u007f\u0080\u009f"]');
json('keys-with-escapes', '{"\\u0041":1,"\\n":2,"":3,"\\ud83d\\ude00":4}');
for (const bad of ['', ' ', '[', ']', '{"a"}', '[1,]', '{"a":1,}', '01', '-01', '1.', '.1', '1e', '1e+',
  '+1', '-', '--1', '[1 2]', '"\\x"', '"\u0001"', 'tru', 'nul', '[1]x', 'NaN', 'Infinity', '-Infinity',
  "'a'", '"\\u12"', '"\\u12G4"', '{1:2}', '[,]', '"abc', '\ufeff[]', '\u00a0[]', '[]\u2028', '[1]\u0000',
  '{"a" 1}', '{"a":}', 'True', '[0x1]', '[1_000]', '"\t"', '[-]', '[1e5.5]', '{"a":1 "b":2}', '/*c*/[]']) {
  json(`invalid-${JSON.stringify(bad).slice(1, -1).slice(0, 20) || 'empty'}`, bad);
}
json('overflow-1e400', '[1e400]', { divergence: 'a number beyond the double range (JavaScript reads Infinity, written as null); we reject', expect: { error: true } });
json('overflow-long-integer', `[${'9'.repeat(400)}]`, { divergence: 'a number beyond the double range (JavaScript reads Infinity, written as null); we reject', expect: { error: true } });
json('lone-surrogate-high', '["\\ud800"]', { divergence: 'a lone UTF-16 surrogate escape has no UTF-8 form; we reject', expect: { error: true } });
json('lone-surrogate-low', '["a\\udc00b"]', { divergence: 'a lone UTF-16 surrogate escape has no UTF-8 form; we reject', expect: { error: true } });
json('surrogates-reversed', '["\\udc00\\ud800"]', { divergence: 'a lone UTF-16 surrogate escape has no UTF-8 form; we reject', expect: { error: true } });
json('depth-65', `${'['.repeat(65)}${']'.repeat(65)}`, { divergence: 'JSON nested deeper than JsonLimits::maxDepth (64)', expect: { error: true } });

module.exports = corpus;
