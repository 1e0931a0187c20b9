// libsession/session_agent.hpp — the session agent's core: client Events to the engine, the
// engine's Messages to the addressed connections.
//
// Client → engine: a socket emits `message` with an Event. The agent checks it (an object with
// a non-empty string `id` and `type`; optional fields keep whatever the client sent), replaces
// `source` with {"id": <authenticated participant>} (no spoofing), fills `time` (epoch ms)
// when absent, and publishes it through the EngineTransport. The client's ack, when it asked
// for one, reports the engine's answer: [{"ok": true, "id": …}] once the engine has the Event
// (RabbitMQ: the broker's confirm), [{"ok": false, "error": …}] otherwise.
//
// Engine → clients: each Message names participants in `to` — a participant id string, or an
// object {participantId, sessionId?, nodeId?} where a sessionId narrows delivery to that
// session and a nodeId other than ours is skipped. Every local connection of an addressed
// participant gets socket.io event `message`: the whole Message when the connection is a proxy
// (handshake header x-proxy-message), otherwise only Message.event. The delivery is acked once
// handed off. A Message that is not one (no `to` array, no `event` object) is rejected and
// answered with an error event to the engine in the SrvThreds shape (code 5200).
//
// Threading: lives on the network thread's EventLoop, like the SessionHub; the transport
// delivers there (EngineTransport contract).
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <system_error>

#include <libsession/engine_transport.hpp>
#include <libsession/event_loop.hpp>
#include <libsession/session_hub.hpp>
#include <libsession/value.hpp>

namespace libsession {

class Namespace;

struct SessionAgentOptions {
  /// This node's id: the routing key the engine uses for our sessions (SrvThreds' default).
  std::string nodeId = "org.wt.session1";
  /// Called on the loop thread when the engine link settles a published Event: how long it
  /// took from submitEvent to the confirm (or failure), and the error if it failed. For
  /// latency metrics; may be empty.
  std::function<void(std::chrono::steady_clock::duration, std::error_code)> onEventSettled;
  /// Called on the loop thread for each Event refused before publishing (invalid, or while
  /// shutting down), with the reason the sender was given. For logging; may be empty.
  std::function<void(const ParticipantId&, const std::string& reason)> onEventRejected;
  /// Called on the loop thread when the engine link reports a change (up or down). May be
  /// empty.
  std::function<void(bool up)> onLinkState;
};

/// Counters for /health and /metrics.
struct SessionAgentStats {
  std::uint64_t eventsReceived = 0;
  std::uint64_t eventsRejected = 0;   ///< invalid Events answered with an error
  std::uint64_t eventsRefused = 0;    ///< valid Events refused while shutting down
  std::uint64_t eventsPublished = 0;  ///< handed to the engine link
  std::uint64_t eventsConfirmed = 0;
  std::uint64_t eventsFailed = 0;
  std::uint64_t messagesReceived = 0;
  std::uint64_t messagesDelivered = 0;    ///< Messages that reached at least one connection
  std::uint64_t messagesUndeliverable = 0;  ///< valid Messages with no local addressee
  std::uint64_t messagesRejected = 0;   ///< malformed Messages
};

/// Checks a client Event and prepares it for the engine: `source` forced to `participant`,
/// `time` filled. Returns the reason when it is not a valid Event.
std::optional<std::string> prepareEvent(Value& event, const ParticipantId& participant,
                                        std::int64_t nowEpochMs);

/// The error event the agent sends the engine about a Message it could not process
/// (SrvThreds' shape: type org.wt.session, data.content.error code 5200).
Value makeErrorEvent(const std::string& nodeId, const Value& message, const std::string& cause,
                     std::int64_t nowEpochMs, const std::string& uniqueSuffix);

class SessionAgent final : public EngineSink {
public:
  SessionAgent(EventLoop& loop, SessionHub& hub, EngineTransport& engine,
               SessionAgentOptions options = {});
  ~SessionAgent() override;

  /// Handles `message` events of the namespace's sockets (usually "/").
  void attach(Namespace& space);

  /// Sends a client's Event to the engine. `done` gets the Event id, or an error and a message
  /// for the client: Errc::invalid_payload for an invalid Event (Condition::protocol_violation),
  /// Errc::shutting_down after stopAcceptingEvents(), or the engine link's error.
  void submitEvent(const ParticipantId& from, Value event,
                   std::function<void(std::error_code, std::string detail)> done);

  /// Answers a Message the agent could not process (already rejected by whoever found the
  /// fault, e.g. a transport that could not parse the body) with the 5200 error event to the
  /// engine. `message` may be null when nothing of it could be read.
  void reportMalformedMessage(const Value& message, const std::string& cause);

  // EngineSink
  void onMessage(std::shared_ptr<EngineDelivery> delivery) override;
  void onLinkState(bool up) override;

  /// From now on submitEvent refuses Events with Errc::shutting_down; those already published
  /// still complete. For a graceful shutdown: stop taking work, then wait for pendingEvents()
  /// to reach 0.
  void stopAcceptingEvents() noexcept { accepting_ = false; }
  bool acceptingEvents() const noexcept { return accepting_; }
  /// Events published and not yet confirmed or failed.
  std::size_t pendingEvents() const noexcept { return pendingEvents_; }

  bool engineLinkUp() const noexcept { return linkUp_; }
  const SessionAgentStats& stats() const noexcept { return stats_; }

private:
  void route(const Value& message, EngineDelivery& delivery);

  EventLoop& loop_;
  SessionHub& hub_;
  EngineTransport& engine_;
  SessionAgentOptions options_;
  SessionAgentStats stats_;
  bool linkUp_ = false;
  bool accepting_ = true;
  std::size_t pendingEvents_ = 0;
  std::uint64_t errorEventCounter_ = 0;
  std::shared_ptr<bool> alive_;  // completions check it: the agent may be gone when they run
};

}  // namespace libsession
