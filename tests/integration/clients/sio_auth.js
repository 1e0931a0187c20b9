// The authenticator: against `echo-server --require-token`, a CONNECT without auth.token is
// refused with CONNECT_ERROR {message, data}; the same socket can then retry with a token.
//   node sio_auth.js <url>
'use strict';
const { report, scenario, Inbox, connectSocketIo, connected } = require('./lib');

function outcome(socket) {
  return connected(socket).then(() => ({ connected: true }),
                                (err) => ({ connected: false, message: err.message, data: err.data }));
}

scenario(async () => {
  const [url] = process.argv.slice(2);

  const anonymous = connectSocketIo(url);
  report('noAuth', await outcome(anonymous));
  anonymous.disconnect();

  const emptyToken = connectSocketIo(url, { auth: { token: '' }, transports: ['websocket'] });
  report('emptyToken', await outcome(emptyToken));
  emptyToken.disconnect();

  const custom = connectSocketIo(`${url}/custom`, { auth: { other: 1 } });
  report('custom.noToken', await outcome(custom));
  custom.disconnect();

  const withToken = connectSocketIo(url, { auth: { token: 'dave' } });
  const inbox = new Inbox(withToken);
  report('token', await outcome(withToken));
  report('token.auth', (await inbox.next('auth'))[0]);
  withToken.disconnect();

  // A refused socket retries on the same connection with a token (the reference keeps the
  // connection after a CONNECT_ERROR).
  const retry = connectSocketIo(url, { auth: {} });
  report('retry.first', await outcome(retry));
  retry.auth = { token: 'erin' };
  const retryInbox = new Inbox(retry);
  retry.connect();
  report('retry.second', await outcome(retry));
  report('retry.auth', (await retryInbox.next('auth'))[0]);
  retry.disconnect();
});
