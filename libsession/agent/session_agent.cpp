// SessionAgent: Event checks, source forcing, Message routing, as the SrvThreds engine expects
// them (the contract is summarised in session_agent.hpp).
#include <libsession/session_agent.hpp>

#include <libsession/error.hpp>
#include <libsession/socket_io_server.hpp>

namespace libsession {
namespace {

bool isNonEmptyString(const Value* v) { return v != nullptr && v->isString() && !v->asString()->empty(); }

Value okAck(const std::string& id) { return Value::object({{"ok", true}, {"id", id}}); }
Value errorAck(const std::string& reason) { return Value::object({{"ok", false}, {"error", reason}}); }

}  // namespace

std::optional<std::string> prepareEvent(Value& event, const ParticipantId& participant,
                                        std::int64_t nowEpochMs) {
  if (!event.isObject()) return "an Event must be a JSON object";
  if (!isNonEmptyString(event.find("id"))) return "Event.id must be a non-empty string";
  if (!isNonEmptyString(event.find("type"))) return "Event.type must be a non-empty string";
  if (const Value* source = event.find("source"); source != nullptr && !source->isObject()) {
    return "Event.source must be an object";
  }
  if (const Value* thredId = event.find("thredId"); thredId != nullptr && !thredId->isString()) {
    return "Event.thredId must be a string";
  }
  if (const Value* data = event.find("data"); data != nullptr && !data->isObject()) {
    return "Event.data must be an object";
  }
  if (const Value* time = event.find("time"); time != nullptr && !time->isNumber()) {
    return "Event.time must be a number (epoch ms)";
  }
  // Room for the two members set below: parsed objects are allocated at their exact size.
  event.asObject()->reserve(event.asObject()->size() + 2);
  // The engine trusts `source`: it is always the authenticated participant.
  event.set("source", Value::object({{"id", participant.str()}}));
  if (event.find("time") == nullptr) event.set("time", static_cast<double>(nowEpochMs));
  return std::nullopt;
}

Value makeErrorEvent(const std::string& nodeId, const Value& message, const std::string& cause,
                     std::int64_t nowEpochMs, const std::string& uniqueSuffix) {
  const Value* event = message.isObject() ? message.find("event") : nullptr;
  const Value* eventId = event != nullptr ? event->find("id") : nullptr;
  const Value* thredId = event != nullptr ? event->find("thredId") : nullptr;
  Value error = Value::object({
      {"id", nodeId + uniqueSuffix},
      {"type", "org.wt.session"},
  });
  if (eventId != nullptr && eventId->isString()) error.set("re", *eventId);
  if (thredId != nullptr && thredId->isString()) error.set("thredId", *thredId);
  error.set("time", static_cast<double>(nowEpochMs));
  error.set("source", Value::object({{"id", nodeId}, {"name", "Session Agent"}}));
  error.set("data", Value::object({
      {"title", nodeId + " Result"},
      {"content", Value::object({{"error", Value::object({{"message", "Task Error"},
                                                          {"code", 5200},
                                                          {"cause", cause}})}})},
  }));
  return error;
}

SessionAgent::SessionAgent(EventLoop& loop, SessionHub& hub, EngineTransport& engine,
                           SessionAgentOptions options)
    : loop_(loop), hub_(hub), engine_(engine), options_(std::move(options)),
      alive_(std::make_shared<bool>(true)) {}

SessionAgent::~SessionAgent() { *alive_ = false; }

void SessionAgent::attach(Namespace& space) {
  space.onConnection([this, alive = std::weak_ptr<bool>(alive_)](Socket& socket) {
    socket.on("message", [this, alive](Socket& from, Value::Array args, Ack ack) {
      if (alive.expired()) return;
      const SessionInfo* session = hub_.find(from.id());
      if (session == nullptr) {
        ++stats_.eventsReceived;
        ++stats_.eventsRejected;
        return ack({errorAck("not authenticated")});
      }
      if (args.empty()) {
        ++stats_.eventsReceived;
        ++stats_.eventsRejected;
        return ack({errorAck("message needs an Event argument")});
      }
      submitEvent(session->participant, std::move(args.front()),
                  [ack](std::error_code ec, std::string detail) mutable {
                    ack({ec ? errorAck(detail) : okAck(detail)});
                  });
    });
  });
}

void SessionAgent::submitEvent(const ParticipantId& from, Value event,
                               std::function<void(std::error_code, std::string)> done) {
  ++stats_.eventsReceived;
  if (auto problem = prepareEvent(event, from, loop_.nowEpochMs())) {
    ++stats_.eventsRejected;
    if (options_.onEventRejected) options_.onEventRejected(from, *problem);
    if (done) done(make_error_code(Errc::invalid_payload), *problem);
    return;
  }
  if (!accepting_) {
    ++stats_.eventsRefused;
    const std::string reason = "the server is shutting down";
    if (options_.onEventRejected) options_.onEventRejected(from, reason);
    if (done) done(make_error_code(Errc::shutting_down), reason);
    return;
  }
  std::string id = *event.find("id")->asString();
  ++stats_.eventsPublished;
  ++pendingEvents_;
  const auto submitted = std::chrono::steady_clock::now();
  engine_.publish(std::move(event), [this, alive = std::weak_ptr<bool>(alive_), id, submitted,
                                     done = std::move(done)](std::error_code ec) {
    if (alive.expired()) return;
    --pendingEvents_;
    if (options_.onEventSettled) {
      options_.onEventSettled(std::chrono::steady_clock::now() - submitted, ec);
    }
    if (ec) {
      ++stats_.eventsFailed;
      if (done) done(ec, "the engine did not take the event: " + ec.message());
      return;
    }
    ++stats_.eventsConfirmed;
    if (done) done({}, id);
  });
}

void SessionAgent::onMessage(std::shared_ptr<EngineDelivery> delivery) {
  ++stats_.messagesReceived;
  const Value& message = delivery->message();
  const Value* to = message.isObject() ? message.find("to") : nullptr;
  const Value* event = message.isObject() ? message.find("event") : nullptr;
  if (to == nullptr || !to->isArray() || event == nullptr || !event->isObject()) {
    delivery->reject();
    reportMalformedMessage(message, "a Message needs a 'to' array and an 'event' object");
    return;
  }
  route(message, *delivery);
  delivery->ack();
}

void SessionAgent::onLinkState(bool up) {
  linkUp_ = up;
  if (options_.onLinkState) options_.onLinkState(up);
}

void SessionAgent::reportMalformedMessage(const Value& message, const std::string& cause) {
  ++stats_.messagesRejected;
  const std::int64_t now = loop_.nowEpochMs();
  // The time keeps ids unique across restarts of the agent, the counter within one run.
  Value errorEvent = makeErrorEvent(options_.nodeId, message, cause, now,
                                    "_" + std::to_string(now) + "_" +
                                        std::to_string(++errorEventCounter_));
  engine_.publish(std::move(errorEvent), nullptr);
}

void SessionAgent::route(const Value& message, EngineDelivery& delivery) {
  (void)delivery;
  const Value& event = *message.find("event");
  // Connections get the Event, proxies the whole Message: each is encoded once for all of its
  // receivers.
  std::vector<ChannelId> eventReceivers;
  std::vector<ChannelId> messageReceivers;
  for (const Value& address : *message.find("to")->asArray()) {
    const std::string* participant = address.asString();
    const std::string* onlySession = nullptr;
    if (address.isObject()) {
      const Value* pid = address.find("participantId");
      participant = pid != nullptr ? pid->asString() : nullptr;
      if (const Value* sid = address.find("sessionId"); sid != nullptr) onlySession = sid->asString();
      // Sessions of other nodes are theirs to deliver (and, unlike the Node agent, not ours
      // to delete from the directory).
      if (const Value* node = address.find("nodeId");
          node != nullptr && node->isString() && *node->asString() != options_.nodeId) {
        continue;
      }
    }
    if (participant == nullptr) continue;
    for (const SessionInfo* session : hub_.sessionsOf(ParticipantId(*participant))) {
      if (onlySession != nullptr && session->session.str() != *onlySession) continue;
      (session->proxy ? messageReceivers : eventReceivers).push_back(session->channel);
    }
  }
  std::size_t reached = 0;
  if (!eventReceivers.empty()) reached += hub_.emitToChannels(eventReceivers, "message", event);
  if (!messageReceivers.empty()) {
    reached += hub_.emitToChannels(messageReceivers, "message", message);
  }
  if (reached > 0) {
    ++stats_.messagesDelivered;
  } else {
    ++stats_.messagesUndeliverable;
  }
}

}  // namespace libsession
