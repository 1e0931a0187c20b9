// Private: the AMQP bodies SrvThreds exchanges with its agents, as pure functions (no broker),
// so the wire format is unit-tested without RabbitMQ.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>

#include <libsession/json.hpp>
#include <libsession/value.hpp>

namespace libsession::detail {

/// Fills `time` (epoch ms) when the Event has none, then returns the envelope the engine's
/// consumer reads: {"id":<event.id>,"payload":<event>}. An Event without an id gets "id":null
/// (the agent validates Events before publishing; this never throws).
std::string buildEventBody(Value& event, std::int64_t nowEpochMs);

struct ParsedEnvelope {
  Value message;          ///< the envelope's payload, when error is empty
  std::error_code error;  ///< why the body is not an envelope
};

/// Reads {"id"?, "payload": {...}, "topics"?}. Errors: those of parseJson, and
/// Errc::invalid_payload when the body is not an object or its payload is missing or not an
/// object. The Message's own fields (to, event) are the agent's to check.
ParsedEnvelope parseMessageEnvelope(std::string_view body, const JsonLimits& limits = {});

/// A message_id no other publish of this process or any other shares (random + counter).
std::string makeMessageId();

}  // namespace libsession::detail
