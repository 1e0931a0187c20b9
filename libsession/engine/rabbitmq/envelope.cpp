#include "engine/rabbitmq/envelope.hpp"

#include <mutex>

#include <libsession/error.hpp>

#include "core/random_id.hpp"

namespace libsession::detail {

std::string buildEventBody(Value& event, std::int64_t nowEpochMs) {
  if (event.isObject()) {
    const Value* time = event.find("time");
    if (time == nullptr || time->isNull()) event.set("time", Value(static_cast<long long>(nowEpochMs)));
  }
  const Value* id = event.isObject() ? event.find("id") : nullptr;
  std::string body = "{\"id\":";
  appendJson(body, id != nullptr ? *id : Value());
  body += ",\"payload\":";
  appendJson(body, event);
  body += '}';
  return body;
}

ParsedEnvelope parseMessageEnvelope(std::string_view body, const JsonLimits& limits) {
  ParsedEnvelope out;
  Value envelope;
  if (auto ec = parseJson(body, envelope, limits)) {
    out.error = ec;
    return out;
  }
  Value* payload = envelope.isObject() ? envelope.find("payload") : nullptr;
  if (payload == nullptr || !payload->isObject()) {
    out.error = make_error_code(Errc::invalid_payload);
    return out;
  }
  out.message = std::move(*payload);
  return out;
}

std::string makeMessageId() {
  // One generator for the process: its counter is what makes ids unique.
  static std::mutex mutex;
  static RandomIdGenerator generator;
  std::lock_guard<std::mutex> lock(mutex);
  return generator.next();
}

}  // namespace libsession::detail
