// echo-engine.js — the benchmark's stand-in for the SrvThreds engine, shared by both agents in
// the RabbitMQ scenario: it answers each Event with a Message to the Event's source.
// Usage: node echo-engine.js [amqpUrl] [nodeId]
//   amqpUrl default amqp://guest:guest@127.0.0.1:5672, nodeId default org.wt.session1 (the
//   routing key of its answers, i.e. the agent node they go to).
// Consumes event-queue (manual acks, prefetch ECHO_ENGINE_PREFETCH, default 200); for each
// envelope {"id","payload": Event} publishes to message-exchange, routing key nodeId,
// {"id": <event.id>_1, "payload": {"id": <event.id>_1, "to": [event.source.id], "event": Event}}
// (JSON, persistent) on a confirm channel, and acks the Event once the broker confirmed the
// answer, so that nothing is lost and the engine's own backlog is bounded by the prefetch.
// An envelope it cannot read is nacked without requeue. Prints "echo-engine ready" when consuming.
'use strict';

const amqp = require('amqplib');
const topology = require('./topology');

// Events in flight through the engine. Each waits for a persistent publish's confirm (an fsync
// batch away), so this must cover confirm latency x the target rate: 200 x ~10 ms = 20k/s.
const PREFETCH = Number(process.env.ECHO_ENGINE_PREFETCH || 200);

const url = process.argv[2] || topology.DEFAULT_URL;
const nodeId = process.argv[3] || topology.DEFAULT_NODE_ID;
if (process.argv.length > 4 || !Number.isInteger(PREFETCH) || PREFETCH < 1) {
  console.error('usage: node echo-engine.js [amqpUrl] [nodeId]   (env ECHO_ENGINE_PREFETCH >= 1)');
  process.exit(2);
}

const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

async function main() {
  const connection = await amqp.connect(url, { clientProperties: { connection_name: `echo-engine ${nodeId}` } });
  const consumer = await connection.createChannel();
  const publisher = await connection.createConfirmChannel();
  topology.exitOnFailure('echo-engine', connection, consumer, publisher);
  await topology.declareTopology(publisher, nodeId);

  let answered = 0;
  let dropped = 0;
  // Deliveries arrive in order on one channel, and waitForConfirms() waits for every publish so
  // far: once it resolves, everything up to the batch's last delivery is answered and can be
  // acked with one frame (multiple = true). Nothing is acked before its answer is confirmed.
  let last = null;
  let batch = 0;
  let flushScheduled = false;
  let ackedTag = 0;  // a tag acked twice would close the channel
  const flush = () => {
    flushScheduled = false;
    const upTo = last;
    const n = batch;
    last = null;
    batch = 0;
    publisher.waitForConfirms().then(() => {
      answered += n;
      if (upTo === null || upTo.fields.deliveryTag <= ackedTag) return;
      ackedTag = upTo.fields.deliveryTag;
      consumer.ack(upTo, true);
    }, (err) => {
      console.error(`echo-engine: the broker refused an answer: ${err.message}`);
      process.exit(1);
    });
  };
  await consumer.prefetch(PREFETCH);
  await consumer.consume(topology.EVENT_QUEUE, (delivery) => {
    if (delivery === null) return;  // consumer cancelled by the broker
    let event;
    try {
      const envelope = JSON.parse(delivery.content.toString('utf8'));
      event = isObject(envelope) ? envelope.payload : undefined;
    } catch (_) {
      event = undefined;
    }
    const source = isObject(event) && isObject(event.source) ? event.source.id : undefined;
    if (typeof source !== 'string' || typeof event.id !== 'string') {
      ++dropped;
      return consumer.nack(delivery, false, false);
    }
    const id = `${event.id}_1`;
    const body = Buffer.from(JSON.stringify({ id, payload: { id, to: [source], event } }));
    publisher.publish(topology.MESSAGE_EXCHANGE, nodeId, body, {
      contentType: 'application/json', persistent: true, messageId: id,
    });
    last = delivery;
    ++batch;
    if (!flushScheduled) {
      flushScheduled = true;
      setImmediate(flush);
    }
  }, { noAck: false });
  console.log('echo-engine ready');

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      console.error(`echo-engine: answered ${answered}, dropped ${dropped}`);
      process.exit(0);
    });
  }
}

main().catch((err) => {
  console.error(`echo-engine: ${err.message}`);
  process.exit(1);
});
