// echo-server.js — the benchmark's Node reference for session-agent's loopback engine.
// Usage: node echo-server.js PORT
// socket.io 4.8, default path and namespace, on 127.0.0.1. It does what the agent does with its
// embedded loopback engine: the participant is the handshake's auth.token (refused when missing);
// each 'message' (event, ack) is checked like the agent checks an Event, gets
// source = {id: participant} and time (when absent), is acked {ok: true, id}, then comes back as
// socket.io event 'message' to every connection of its participant. Prints
// "listening on 127.0.0.1:PORT" once it accepts connections.
'use strict';

const http = require('node:http');
const { Server } = require('socket.io');
const { eventProblem, prepareEvent, requireToken, Participants } = require('./event');

const port = Number(process.argv[2]);
if (process.argv.length !== 3 || !Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('usage: node echo-server.js PORT');
  process.exit(2);
}

const httpServer = http.createServer();
// The C++ agent does not compress WebSocket frames; neither do we, so both do the same work.
const io = new Server(httpServer, { perMessageDeflate: false });
const participants = new Participants();

io.use(requireToken);
io.on('connection', (socket) => {
  const participant = socket.handshake.auth.token;
  participants.add(participant, socket);
  socket.on('message', (event, ack) => {
    const reply = typeof ack === 'function' ? ack : () => {};
    const problem = eventProblem(event);
    if (problem !== null) return reply({ ok: false, error: problem });
    prepareEvent(event, participant);
    // As the loopback engine: confirmed at once, then answered with a Message to the source.
    reply({ ok: true, id: event.id });
    participants.emit(participant, event);
  });
});

httpServer.on('error', (err) => {
  console.error(`echo-server: ${err.message}`);
  process.exit(1);
});
httpServer.listen(port, '127.0.0.1', () => {
  console.log(`listening on 127.0.0.1:${httpServer.address().port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
