// The proxy flag: a connection whose handshake request carries a non-empty `x-proxy-message`
// header is a proxy connection (the `session` event says so); absent or empty: not.
//   node sio_proxy.js <url>
'use strict';
const { report, scenario, Inbox, connectSocketIo, connected } = require('./lib');

scenario(async () => {
  const [url] = process.argv.slice(2);
  const variants = { one: { 'x-proxy-message': '1' }, absent: {}, empty: { 'x-proxy-message': '' } };
  // The handshake is a polling GET by default and the WebSocket upgrade request otherwise.
  for (const transport of ['polling', 'websocket']) {
    for (const [name, extraHeaders] of Object.entries(variants)) {
      const socket = connectSocketIo(url, { auth: { token: `proxy-${name}` }, transports: [transport], extraHeaders });
      const inbox = new Inbox(socket);
      await connected(socket);
      const [session] = await inbox.next('session');
      report(`proxy.${name}.${transport}`, session.proxy);
      socket.disconnect();
    }
  }
});
