// The Errc category (messages) and the Condition category (classes of failure).
#include <libsession/error.hpp>

#include <string>

namespace libsession {
namespace {

bool isLimit(Errc e) noexcept {
  switch (e) {
    case Errc::payload_too_large:
    case Errc::json_too_deep:
    case Errc::namespace_too_long:
    case Errc::too_many_attachments:
      return true;
    default:
      return false;
  }
}

class ErrorCategory final : public std::error_category {
public:
  const char* name() const noexcept override { return "libsession"; }

  std::string message(int value) const override {
    switch (static_cast<Errc>(value)) {
      case Errc::empty_packet: return "empty packet";
      case Errc::unknown_packet_type: return "unknown packet type";
      case Errc::invalid_base64: return "invalid base64 in binary packet";
      case Errc::invalid_utf8: return "text is not valid UTF-8";
      case Errc::payload_too_large: return "payload too large";
      case Errc::invalid_handshake: return "invalid Engine.IO handshake";
      case Errc::invalid_json: return "invalid JSON";
      case Errc::json_too_deep: return "JSON nested too deeply";
      case Errc::invalid_namespace: return "invalid namespace";
      case Errc::namespace_too_long: return "namespace too long";
      case Errc::invalid_ack_id: return "invalid ack id";
      case Errc::invalid_attachment_count: return "invalid attachment count";
      case Errc::too_many_attachments: return "too many attachments";
      case Errc::invalid_payload: return "invalid payload for packet type";
      case Errc::invalid_placeholder: return "invalid binary placeholder";
      case Errc::unexpected_binary: return "binary data without a binary packet header";
      case Errc::unexpected_text: return "text packet while binary attachments were expected";
      case Errc::ack_timeout: return "acknowledgement timed out";
      case Errc::connection_closed: return "connection closed";
      case Errc::overloaded: return "engine link overloaded: event buffer full";
      case Errc::engine_rejected: return "the broker rejected the event";
      case Errc::unroutable: return "the broker could not route the event to any queue";
      case Errc::shutting_down: return "the server is shutting down";
    }
    return "unknown libsession error";
  }

  std::error_condition default_error_condition(int value) const noexcept override {
    const auto e = static_cast<Errc>(value);
    if (e == Errc::ack_timeout) return Condition::timed_out;
    if (e == Errc::connection_closed) return Condition::closed;
    if (e == Errc::overloaded || e == Errc::engine_rejected || e == Errc::unroutable ||
        e == Errc::shutting_down) {
      return Condition::unavailable;
    }
    return isLimit(e) ? Condition::limit_exceeded : Condition::protocol_violation;
  }
};

class ConditionCategory final : public std::error_category {
public:
  const char* name() const noexcept override { return "libsession-condition"; }

  std::string message(int value) const override {
    switch (static_cast<Condition>(value)) {
      case Condition::protocol_violation: return "protocol violation";
      case Condition::limit_exceeded: return "limit exceeded";
      case Condition::timed_out: return "timed out";
      case Condition::closed: return "closed";
      case Condition::unavailable: return "engine unavailable";
    }
    return "unknown libsession condition";
  }
};

}  // namespace

const std::error_category& errorCategory() noexcept {
  static const ErrorCategory category;
  return category;
}

const std::error_category& conditionCategory() noexcept {
  static const ConditionCategory category;
  return category;
}

std::error_code make_error_code(Errc e) noexcept {
  return {static_cast<int>(e), errorCategory()};
}

std::error_condition make_error_condition(Condition c) noexcept {
  return {static_cast<int>(c), conditionCategory()};
}

}  // namespace libsession
