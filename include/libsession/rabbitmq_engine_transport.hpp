// libsession/rabbitmq_engine_transport.hpp — EngineTransport over RabbitMQ, wire-compatible with
// the SrvThreds engine (see docs and ../shared/srvthreds-contract.md for the wire).
//
// Events go to `eventExchange` (routing key "", body {"id","payload"}, persistent, mandatory,
// publisher confirms). Messages come from `nodeQueue` (bound with `nodeId`) and `sharedQueue`
// (bound with `sharedKey`) on `messageExchange`, manual ack. rabbitmq-c is blocking, so the
// connection lives on a thread of its own; results are posted to the EventLoop. The connection
// names itself "libsession <nodeId>" to the broker (client property connection_name), so that
// rabbitmqctl and the management UI tell the nodes apart.
//
// Thread-safety: publish(), stopReceiving(), reconnectCount() and EngineDelivery::ack()/reject()
// from any thread; start() and stop() from one thread at a time, stop() never from inside the
// transport's own thread (it is not reachable from there: every callback runs on the EventLoop).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <system_error>

#include <libsession/engine_transport.hpp>
#include <libsession/event_loop.hpp>

namespace libsession {

/// A body on a message queue that is not an envelope {"id"?, "payload": {...}, "topics"?}. The
/// transport has already rejected it (nack, no requeue: redelivering cannot fix it). The agent
/// publishes SrvThreds' error event (code 5200) from here.
struct MalformedMessage {
  std::string body;          ///< the raw bytes, as received
  std::string routingKey;    ///< the key the engine published with
  /// invalid_json, invalid_utf8, json_too_deep, invalid_payload, or payload_too_large (beyond
  /// RabbitMqOptions::maxMessageBytes)
  std::error_code error;
};

struct RabbitMqOptions {
  /// amqp://user:pass@host:port/vhost (plain TCP; amqps is not supported). The default is the
  /// broker SrvThreds' own configuration uses.
  std::string url = "amqp://guest:guest@127.0.0.1:5672";
  /// This node's routing key; the engine addresses the sessions of this node with it.
  std::string nodeId = "org.wt.session1";
  /// The key for sessions without a node id; empty: do not consume it.
  std::string sharedKey = "org.wt.session";
  std::string eventExchange = "event-exchange";
  std::string messageExchange = "message-exchange";
  /// One queue per key, named as in SrvThreds' rascal_config.json.
  std::string nodeQueue = "session1-message-queue";
  std::string sharedQueue = "session-message-queue";
  /// Largest Message body taken; a bigger one is rejected unparsed (Errc::payload_too_large)
  /// rather than parsed and pushed to clients whole.
  std::size_t maxMessageBytes = 8 * 1024 * 1024;
  /// Unacknowledged Messages in flight per queue; SrvThreds' subscriptions use 10.
  std::uint16_t prefetch = 10;
  /// Events accepted but not yet confirmed (waiting while the link is down included). Beyond
  /// it publish() fails at once, so a dead broker costs bounded memory.
  std::size_t bufferCapacity = 10000;
  /// Reconnect backoff: doubles from initial to max, each wait drawn uniformly from [d/2, d].
  std::chrono::milliseconds initialBackoff{1000};
  std::chrono::milliseconds maxBackoff{60000};
  /// AMQP heartbeat; also bounds how long a silently dead TCP link goes unnoticed.
  std::chrono::seconds heartbeat{10};
  /// assertCompatible declares exchanges (topic, durable) and queues (durable, no arguments)
  /// exactly as SrvThreds' rascal does, and binds them; an entity that exists with other
  /// properties (PRECONDITION_FAILED) is then only checked passively. passive only checks that
  /// everything exists (for brokers whose topology is managed elsewhere).
  enum class Declare { assertCompatible, passive };
  Declare declare = Declare::assertCompatible;
  /// Called on the EventLoop for each rejected malformed body. May be empty.
  std::function<void(const MalformedMessage&)> onMalformed;
};

class RabbitMqEngineTransport final : public EngineTransport {
public:
  /// Throws std::invalid_argument for an unparseable url. Connects only on start().
  RabbitMqEngineTransport(EventLoop& loop, RabbitMqOptions options);
  ~RabbitMqEngineTransport() override;  ///< stop()

  RabbitMqEngineTransport(const RabbitMqEngineTransport&) = delete;
  RabbitMqEngineTransport& operator=(const RabbitMqEngineTransport&) = delete;

  void start(EngineSink& sink) override;
  /// Events published before start() wait in the buffer.
  void publish(Value event, PublishCompletion done) override;
  /// Hands the request to the AMQP thread and returns at once (never waits on the broker). There
  /// each consumer is cancelled (basic.cancel with the tag basic.consume returned); further
  /// Messages stay in the queues for other nodes or a restart. Messages the broker had already
  /// pushed (prefetched: up to `prefetch` per queue, on the wire or read but not yet handed
  /// over) reach the sink as usual after the call, and take ack()/reject() like any other;
  /// those the sink has not settled when stop() closes the channel (or the link drops) go back
  /// to their queue. So every Message ends acked, rejected by the sink, or in its queue — none
  /// is dropped. Reconnects after it do not consume; publishing, the buffer and the republish
  /// of unconfirmed Events go on. Before start(): the transport never consumes. Idempotent.
  void stopReceiving() override;
  /// Joins the AMQP thread (bounded by the RPC timeout). Completions still pending run inside
  /// stop() with Errc::connection_closed, so call it on the EventLoop's thread.
  void stop() override;

  /// Times the link came up other than on the very first connection attempt: each link-up (the
  /// onLinkState(true) it reports) that follows a lost link or a failed attempt counts once,
  /// however many attempts failed in between. 0 while the first connection holds. Counted
  /// before that onLinkState(true) is posted. For the metric
  /// session_agent_broker_reconnects_total; an atomic read, no lock, any thread.
  std::uint64_t reconnectCount() const noexcept;

  struct Impl;

private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace libsession
