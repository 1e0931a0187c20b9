// libsession/error.hpp — the library's error values.
//
// Runtime failures are std::error_code values of the `libsession::Errc` family, never exceptions.
// Each code also maps to a coarse `libsession::Condition` so that callers can react by class
// ("the peer broke the protocol", "a limit was exceeded") without listing every code:
//
//     if (ec == libsession::Condition::protocol_violation) closeConnection();
//
// Thread-safety: everything here is stateless and safe to use from any thread.
#pragma once

#include <system_error>

namespace libsession {

/// Every specific failure the library reports. Values are stable; new codes are appended.
enum class Errc {
  // Engine.IO framing
  empty_packet = 1,         ///< an Engine.IO or Socket.IO packet with no bytes at all
  unknown_packet_type,      ///< the type character is not one the protocol defines
  invalid_base64,           ///< a `b`-prefixed polling packet whose body is not valid base64
  invalid_utf8,             ///< text that is not valid UTF-8
  payload_too_large,        ///< a body, frame or packet larger than CodecLimits::maxPayloadBytes
  invalid_handshake,        ///< an Engine.IO open packet whose JSON lacks or mistypes a field
  // JSON
  invalid_json,             ///< text that is not one JSON value
  json_too_deep,            ///< JSON nested deeper than CodecLimits::maxJsonDepth
  // Socket.IO framing
  invalid_namespace,        ///< a namespace that does not start with '/' or contains ','
  namespace_too_long,       ///< a namespace longer than CodecLimits::maxNamespaceLength
  invalid_ack_id,           ///< an ack id that is not a decimal integer below 2^53
  invalid_attachment_count, ///< a binary packet header without a positive attachment count
  too_many_attachments,     ///< more binary attachments than CodecLimits::maxAttachments
  invalid_payload,          ///< a payload that breaks the rules of its packet type
  invalid_placeholder,      ///< a binary placeholder whose `num` is not a valid attachment index
  unexpected_binary,        ///< a binary frame arrived while no binary packet was being joined
  unexpected_text,          ///< a text frame arrived while a binary packet still awaited attachments
  // Connections
  ack_timeout,              ///< the peer did not acknowledge an emit in time
  connection_closed,        ///< the connection closed before the operation completed
  // Engine link
  overloaded,               ///< the engine link's bounded buffer is full; try again later
  engine_rejected,          ///< the broker refused the event (publisher confirm nack)
  unroutable,               ///< the broker had no queue to route the event to (mandatory return)
  shutting_down,            ///< the server is draining and takes no new work
};

/// Coarse classes of failure, for reacting without naming each code.
enum class Condition {
  protocol_violation = 1,   ///< the peer sent something the protocol does not allow
  limit_exceeded,           ///< the input was well-formed but larger than a configured limit
  timed_out,                ///< the peer did not answer in time
  closed,                   ///< the connection or the server went away first
  unavailable,              ///< the engine link cannot take the work now (full, refused,
                            ///< unroutable, shutting down)
};

const std::error_category& errorCategory() noexcept;
const std::error_category& conditionCategory() noexcept;

std::error_code make_error_code(Errc e) noexcept;
std::error_condition make_error_condition(Condition c) noexcept;

}  // namespace libsession

namespace std {
template <> struct is_error_code_enum<libsession::Errc> : true_type {};
template <> struct is_error_condition_enum<libsession::Condition> : true_type {};
}  // namespace std
