// amqp-agent.js — the benchmark's Node peer of session-agent's RabbitMQ path: what SrvThreds'
// own Node session agent (socket.io + rascal) does with Events and Messages, simplified.
// Usage: node amqp-agent.js PORT [amqpUrl] [nodeId]
//   amqpUrl default amqp://guest:guest@127.0.0.1:5672, nodeId default org.wt.session1.
// Client Events ('message' with an ack) are checked like the agent checks them, get source and
// time, and go to event-exchange, routing key '', as {"id": <uuid>, "payload": event}: JSON,
// persistent, mandatory, on a confirm channel. The client's ack {ok: true, id} is sent on the
// broker's confirm ({ok: false, error} on a nack or when no queue took it). The node's queue
// (session1-message-queue for org.wt.session1) is consumed with prefetch 10 and manual acks: each
// Message {"id","payload":{"id","to","event"}} goes as socket.io 'message' (the Message's event)
// to every connection of each addressed participant, then is acked. Prints
// "listening on 127.0.0.1:PORT" once the broker link and the socket are up. No reconnect: a lost
// broker ends the process.
'use strict';

const crypto = require('node:crypto');
const http = require('node:http');
const amqp = require('amqplib');
const { Server } = require('socket.io');
const { isObject, eventProblem, prepareEvent, requireToken, Participants } = require('./event');
const topology = require('./topology');

const PREFETCH = 10;  // SrvThreds' subscriptions and session-agent's default

const port = Number(process.argv[2]);
const url = process.argv[3] || topology.DEFAULT_URL;
const nodeId = process.argv[4] || topology.DEFAULT_NODE_ID;
if (process.argv.length < 3 || process.argv.length > 5 || !Number.isInteger(port) || port < 0 || port > 65535) {
  console.error('usage: node amqp-agent.js PORT [amqpUrl] [nodeId]');
  process.exit(2);
}

async function main() {
  const connection = await amqp.connect(url, { clientProperties: { connection_name: `amqp-agent ${nodeId}` } });
  const publisher = await connection.createConfirmChannel();
  const consumer = await connection.createChannel();
  topology.exitOnFailure('amqp-agent', connection, publisher, consumer);
  const queue = await topology.declareTopology(publisher, nodeId);

  // A mandatory publish that no queue takes comes back (basic.return) before its confirm.
  const returned = new Set();
  publisher.on('return', (msg) => returned.add(msg.properties.messageId));

  const httpServer = http.createServer();
  // The C++ agent does not compress WebSocket frames; neither do we.
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
      const id = crypto.randomUUID();
      const body = Buffer.from(JSON.stringify({ id, payload: event }));
      publisher.publish(topology.EVENT_EXCHANGE, '', body, {
        contentType: 'application/json', persistent: true, mandatory: true, messageId: id,
      }, (err) => {
        const wasReturned = returned.delete(id);
        if (err) return reply({ ok: false, error: 'the engine did not take the event: nacked' });
        if (wasReturned) return reply({ ok: false, error: 'the engine did not take the event: unroutable' });
        reply({ ok: true, id: event.id });
      });
    });
  });

  await consumer.prefetch(PREFETCH);
  await consumer.consume(queue, (delivery) => {
    if (delivery === null) return;  // consumer cancelled by the broker
    let message;
    try {
      const envelope = JSON.parse(delivery.content.toString('utf8'));
      message = isObject(envelope) ? envelope.payload : undefined;
    } catch (_) {
      message = undefined;
    }
    if (!isObject(message) || !Array.isArray(message.to) || !isObject(message.event)) {
      return consumer.nack(delivery, false, false);  // redelivering cannot repair it
    }
    for (const entry of message.to) {
      // A participant id, or {participantId, ...} as the client guide's richer form.
      const participant = typeof entry === 'string' ? entry : (isObject(entry) ? entry.participantId : undefined);
      if (typeof participant === 'string') participants.emit(participant, message.event);
    }
    consumer.ack(delivery);
  }, { noAck: false });

  httpServer.on('error', (err) => {
    console.error(`amqp-agent: ${err.message}`);
    process.exit(1);
  });
  httpServer.listen(port, '127.0.0.1', () => {
    console.log(`listening on 127.0.0.1:${httpServer.address().port}`);
  });
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(0));
main().catch((err) => {
  console.error(`amqp-agent: ${err.message}`);
  process.exit(1);
});
