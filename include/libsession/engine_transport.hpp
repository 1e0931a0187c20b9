// libsession/engine_transport.hpp — the seam between the agent and the workflow engine.
//
// The agent hands client Events to an EngineTransport and receives the engine's Messages from
// it. The library ships two: the loopback engine (in-process, the embedded default: it answers
// each Event with a Message to the Event's source) and RabbitMQ (wire-compatible with the
// SrvThreds engine). Users may write their own.
//
// Threading: publish() is thread-safe and never blocks (a transport queues and works on its own
// thread). The sink and the publish completions are called on the thread the transport was
// given (its EventLoop) — never on the caller's stack inside publish(). stop() is idempotent;
// after it returns no sink call or completion runs any more, and every publish still pending
// has completed with Errc::connection_closed.
//
// Graceful shutdown: stopReceiving() first (no new Messages; Events still go out and the
// Messages in hand can still be acked), let the clients' last Events confirm, then stop().
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <system_error>

#include <libsession/value.hpp>

namespace libsession {

/// One Message from the engine, with its acknowledgement. Exactly one of ack() or reject()
/// should be called (thread-safe; later calls are ignored); a delivery dropped without either
/// is rejected by its destructor, so nothing is left unacknowledged.
class EngineDelivery {
public:
  virtual ~EngineDelivery() = default;
  /// The Message (the envelope's payload): {"id", "to": [...], "event": {...}, "data"?}.
  virtual const Value& message() const noexcept = 0;
  /// True when the broker says it delivered this one before (after a reconnect).
  virtual bool redelivered() const noexcept = 0;
  /// The Message was handed to every addressed connection.
  virtual void ack() = 0;
  /// The Message cannot be processed; it is not redelivered.
  virtual void reject() = 0;
};

/// Receives the engine's Messages.
class EngineSink {
public:
  virtual ~EngineSink() = default;
  virtual void onMessage(std::shared_ptr<EngineDelivery> delivery) = 0;
  /// The link went up (true) or down (false); for health reporting.
  virtual void onLinkState(bool up) { (void)up; }
};

/// Reports whether the engine has taken an Event: success once it is safely with the engine
/// (RabbitMQ: the broker's publisher confirm), or an error (Errc::overloaded when the buffer
/// for a down link is full, Errc::connection_closed when stopped first, ...).
using PublishCompletion = std::function<void(std::error_code)>;

class EngineTransport {
public:
  virtual ~EngineTransport() = default;
  /// Starts delivering Messages to `sink`, which must outlive stop().
  virtual void start(EngineSink& sink) = 0;
  /// Sends an Event (already validated, `source` already forced to the authenticated
  /// participant). Thread-safe, never blocks; `done` runs exactly once.
  virtual void publish(Value event, PublishCompletion done) = 0;
  /// Stops taking new Messages while publishing goes on (first step of a graceful shutdown):
  /// RabbitMQ cancels its consumers so the broker keeps further Messages for other nodes or a
  /// restart. Deliveries already handed to the sink still take ack()/reject(). What a transport
  /// does with Messages it had received but not yet handed over is its header's to say; none
  /// drops one silently. A reconnect after it does not consume again (publishing of buffered
  /// and unconfirmed Events still resumes). Idempotent; call on the EventLoop's thread. The
  /// default does nothing, for transports that cannot refuse Messages.
  virtual void stopReceiving() {}
  /// Stops; idempotent.
  virtual void stop() = 0;
};

}  // namespace libsession
