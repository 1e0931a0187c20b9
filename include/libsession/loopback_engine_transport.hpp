// libsession/loopback_engine_transport.hpp — an in-process stand-in for the workflow engine.
//
// The embedded default when no broker is configured: every published Event is confirmed at
// once and answered with a Message addressed to the Event's source participant, carrying the
// Event itself:
//   {"id": "<event.id>_1", "to": ["<source.id>"], "event": <event>}
// so that a client can try the agent with nothing else running.
//
// Threading: publish() is thread-safe; the completion and the Message are posted to the
// EventLoop given at construction.
#pragma once

#include <memory>

#include <libsession/engine_transport.hpp>
#include <libsession/event_loop.hpp>

namespace libsession {

class LoopbackEngineTransport final : public EngineTransport {
public:
  explicit LoopbackEngineTransport(EventLoop& loop);
  ~LoopbackEngineTransport() override;

  void start(EngineSink& sink) override;
  void publish(Value event, PublishCompletion done) override;
  /// From then on Events are still confirmed but answered with nothing (an Event whose task
  /// already ran on the loop has been answered). Thread-safe, idempotent; start() does not
  /// undo it.
  void stopReceiving() override;
  void stop() override;

private:
  struct State;
  std::shared_ptr<State> state_;
};

}  // namespace libsession
