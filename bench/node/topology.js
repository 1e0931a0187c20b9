// topology.js — SrvThreds' RabbitMQ topology as the benchmark's Node peers declare it: the part of
// the engine's rascal configuration (/work/shared/srvthreds/rascal_config.json) that an agent and
// the engine use. Exchanges topic and durable, queues durable with no arguments, as rascal
// declares them, so a broker the engine or session-agent set up never answers PRECONDITION_FAILED.
'use strict';

const EVENT_EXCHANGE = 'event-exchange';
const MESSAGE_EXCHANGE = 'message-exchange';
const EVENT_QUEUE = 'event-queue';
const DEFAULT_URL = 'amqp://guest:guest@127.0.0.1:5672';
const DEFAULT_NODE_ID = 'org.wt.session1';

// SrvThreds names a node's queue after the last part of its id: org.wt.session1 -> session1-message-queue.
function nodeQueue(nodeId) {
  return `${nodeId.slice(nodeId.lastIndexOf('.') + 1)}-message-queue`;
}

// Declares both exchanges, event-queue bound with '#' and the node's queue bound with nodeId.
async function declareTopology(channel, nodeId) {
  await channel.assertExchange(EVENT_EXCHANGE, 'topic', { durable: true });
  await channel.assertExchange(MESSAGE_EXCHANGE, 'topic', { durable: true });
  await channel.assertQueue(EVENT_QUEUE, { durable: true });
  await channel.bindQueue(EVENT_QUEUE, EVENT_EXCHANGE, '#');
  const queue = nodeQueue(nodeId);
  await channel.assertQueue(queue, { durable: true });
  await channel.bindQueue(queue, MESSAGE_EXCHANGE, nodeId);
  return queue;
}

// A peer without its broker is useless to a benchmark: any connection or channel failure ends
// the process (no reconnect), so that run.sh sees it instead of measuring a stalled peer.
function exitOnFailure(name, connection, ...channels) {
  const fail = (what) => (err) => {
    console.error(`${name}: ${what}${err ? `: ${err.message}` : ''}`);
    process.exit(1);
  };
  connection.on('error', fail('connection error'));
  connection.on('close', fail('connection closed'));
  for (const ch of channels) {
    ch.on('error', fail('channel error'));
    ch.on('close', fail('channel closed'));
  }
}

module.exports = {
  EVENT_EXCHANGE, MESSAGE_EXCHANGE, EVENT_QUEUE, DEFAULT_URL, DEFAULT_NODE_ID,
  nodeQueue, declareTopology, exitOnFailure,
};
