// Engine.IO v4 packets (docs/engine.io-protocol/v4-current.md in socketio/socket.io), with the
// byte-level behaviour of the reference engine.io-parser 5.x.
#include <libsession/codec/engine_io.hpp>

#include <libsession/error.hpp>
#include <libsession/json.hpp>

#include <cmath>

#include "core/utf8.hpp"

namespace libsession::engineio {
namespace {

constexpr const char* kTypeNames[] = {"open", "close", "ping", "pong", "message", "upgrade", "noop"};

// A text packet: one type digit, then data; or 'b' + base64 for binary (polling's form, which
// the reference decoder also accepts in a WebSocket text frame).
std::error_code decodeTextPacket(std::string_view text, Packet& out) {
  if (text.empty()) return Errc::empty_packet;
  const char typeChar = text.front();
  text.remove_prefix(1);
  if (typeChar == 'b') {
    out.type = PacketType::message;
    out.binary = true;
    return decodeBase64(text, out.data);
  }
  if (typeChar < '0' || typeChar > '6') return Errc::unknown_packet_type;
  out.type = static_cast<PacketType>(typeChar - '0');
  out.binary = false;
  out.data.assign(text);
  return {};
}

bool readCount(const Value& object, std::string_view key, std::uint64_t& out) {
  const Value* member = object.find(key);
  const double* number = member ? member->asNumber() : nullptr;
  if (number == nullptr || *number < 0 || *number > 9007199254740991.0 ||
      std::floor(*number) != *number) {
    return false;
  }
  out = static_cast<std::uint64_t>(*number);
  return true;
}

}  // namespace

char toChar(PacketType type) noexcept { return static_cast<char>('0' + static_cast<int>(type)); }

const char* toString(PacketType type) noexcept {
  const auto index = static_cast<std::size_t>(type);
  return index < std::size(kTypeNames) ? kTypeNames[index] : "unknown";
}

Frame encodeFrame(const Packet& packet) {
  if (packet.binary) return Frame{packet.data, true};
  Frame frame;
  frame.bytes.reserve(packet.data.size() + 1);
  frame.bytes.push_back(toChar(packet.type));
  frame.bytes += packet.data;
  return frame;
}

std::error_code decodeFrame(std::string_view bytes, bool binary, Packet& out,
                            const CodecLimits& limits) {
  out = Packet{};
  if (bytes.size() > limits.maxPayloadBytes) return Errc::payload_too_large;
  if (binary) {
    // Engine.IO v4 sends binary messages as bare binary frames, without a type byte.
    out.type = PacketType::message;
    out.binary = true;
    out.data.assign(bytes);
    return {};
  }
  if (!detail::isValidUtf8(bytes)) return Errc::invalid_utf8;
  std::error_code ec = decodeTextPacket(bytes, out);
  if (ec) out = Packet{};
  return ec;
}

std::string encodePayload(const std::vector<Packet>& packets) {
  std::string body;
  for (std::size_t i = 0; i < packets.size(); ++i) {
    if (i != 0) body.push_back(kRecordSeparator);
    const Packet& packet = packets[i];
    if (packet.binary) {
      body.push_back('b');
      body += encodeBase64(packet.data);
    } else {
      body.push_back(toChar(packet.type));
      body += packet.data;
    }
  }
  return body;
}

std::error_code decodePayload(std::string_view body, std::vector<Packet>& out,
                              const CodecLimits& limits) {
  out.clear();
  if (body.size() > limits.maxPayloadBytes) return Errc::payload_too_large;
  if (!detail::isValidUtf8(body)) return Errc::invalid_utf8;
  // U+001E never occurs inside a packet: text cannot contain it unescaped in Socket.IO's JSON,
  // and binary travels as base64. An Engine.IO-only text message that contains it would be
  // split, exactly as the reference parser does.
  std::size_t start = 0;
  while (true) {
    const std::size_t end = body.find(kRecordSeparator, start);
    const std::string_view piece =
        body.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    Packet packet;
    if (std::error_code ec = decodeTextPacket(piece, packet)) {
      out.clear();
      return ec;
    }
    out.push_back(std::move(packet));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return {};
}

std::string encodeHandshake(const Handshake& handshake) {
  Value::Array upgrades;
  upgrades.reserve(handshake.upgrades.size());
  for (const auto& name : handshake.upgrades) upgrades.emplace_back(name);
  Value open = Value::object({
      {"sid", handshake.sid},
      {"upgrades", Value(std::move(upgrades))},
      {"pingInterval", handshake.pingInterval},
      {"pingTimeout", handshake.pingTimeout},
      {"maxPayload", handshake.maxPayload},
  });
  return toJson(open);
}

std::error_code decodeHandshake(std::string_view json, Handshake& out) {
  out = Handshake{};
  Value open;
  if (std::error_code ec = parseJson(json, open)) return ec == Errc::json_too_deep ? Errc::invalid_handshake : ec;
  Handshake parsed;
  const Value* sid = open.find("sid");
  const Value* upgrades = open.find("upgrades");
  if (sid == nullptr || !sid->isString() || sid->asString()->empty()) return Errc::invalid_handshake;
  if (upgrades == nullptr || !upgrades->isArray()) return Errc::invalid_handshake;
  parsed.sid = *sid->asString();
  for (const auto& name : *upgrades->asArray()) {
    if (!name.isString()) return Errc::invalid_handshake;
    parsed.upgrades.push_back(*name.asString());
  }
  if (!readCount(open, "pingInterval", parsed.pingInterval) ||
      !readCount(open, "pingTimeout", parsed.pingTimeout) ||
      !readCount(open, "maxPayload", parsed.maxPayload)) {
    return Errc::invalid_handshake;
  }
  out = std::move(parsed);
  return {};
}

}  // namespace libsession::engineio
