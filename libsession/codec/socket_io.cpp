// Socket.IO protocol v5 packets (docs/socket.io-protocol/v5-current.md in socketio/socket.io),
// byte-compatible with the reference socket.io-parser 4.x Encoder/Decoder.
#include <libsession/codec/socket_io.hpp>

#include <libsession/error.hpp>
#include <libsession/json.hpp>

#include <algorithm>
#include <bitset>
#include <cmath>

namespace libsession::socketio {
namespace {

constexpr const char* kTypeNames[] = {"CONNECT",       "DISCONNECT",   "EVENT",     "ACK",
                                      "CONNECT_ERROR", "BINARY_EVENT", "BINARY_ACK"};

// Names the reference implementation reserves for its own events (socket.io-parser
// RESERVED_EVENTS); a peer that emits one of them would confuse the receiving side.
constexpr std::string_view kReservedEventNames[] = {
    "connect", "connect_error", "disconnect", "disconnecting", "newListener", "removeListener"};

// The most attachments we can track with the duplicate-use bitset below.
constexpr std::size_t kAttachmentBits = 1024;

bool isBinaryType(PacketType type) noexcept {
  return type == PacketType::binary_event || type == PacketType::binary_ack;
}

// BINARY_EVENT and BINARY_ACK are wire forms of EVENT and ACK; the rules are the same.
PacketType logicalType(PacketType type) noexcept {
  if (type == PacketType::binary_event) return PacketType::event;
  if (type == PacketType::binary_ack) return PacketType::ack;
  return type;
}

bool isDigit(char c) noexcept { return c >= '0' && c <= '9'; }

// socket.io-parser isDataValid(), plus "binary only in EVENT and ACK".
std::error_code validateData(PacketType type, const std::optional<Value>& data) {
  switch (logicalType(type)) {
    case PacketType::connect:
      if (data && !data->isObject()) return Errc::invalid_payload;
      break;
    case PacketType::disconnect:
      if (data) return Errc::invalid_payload;
      break;
    case PacketType::event: {
      const Value::Array* args = data ? data->asArray() : nullptr;
      if (args == nullptr || args->empty()) return Errc::invalid_payload;
      const Value& name = args->front();
      if (!name.isNumber() && !(name.isString() && !isReservedEventName(*name.asString()))) {
        return Errc::invalid_payload;
      }
      return {};
    }
    case PacketType::ack:
      if (!data || !data->isArray()) return Errc::invalid_payload;
      return {};
    case PacketType::connect_error:
      if (!data || !(data->isString() || data->isObject())) return Errc::invalid_payload;
      break;
    default:
      return Errc::unknown_packet_type;
  }
  if (data && data->containsBinary()) return Errc::invalid_payload;
  return {};
}

std::error_code validateNamespace(std::string_view nsp, const CodecLimits& limits) {
  if (nsp.empty() || nsp.front() != '/' || nsp.find(',') != std::string_view::npos) {
    return Errc::invalid_namespace;
  }
  if (nsp.size() > limits.maxNamespaceLength) return Errc::namespace_too_long;
  return {};
}

// Replaces every binary value by {"_placeholder":true,"num":N}, numbering depth-first in
// document order (socket.io-parser deconstructPacket), and moves the bytes to `attachments`.
Value splitAttachments(const Value& value, std::vector<Value::Binary>& attachments) {
  switch (value.kind()) {
    case Value::Kind::binary: {
      const double num = static_cast<double>(attachments.size());
      attachments.push_back(*value.asBinary());
      return Value::object({{"_placeholder", true}, {"num", num}});
    }
    case Value::Kind::array: {
      Value::Array items;
      items.reserve(value.asArray()->size());
      for (const auto& item : *value.asArray()) items.push_back(splitAttachments(item, attachments));
      return Value(std::move(items));
    }
    case Value::Kind::object: {
      Value::Object members;
      members.reserve(value.asObject()->size());
      for (const auto& [key, member] : *value.asObject()) {
        members.emplace_back(key, splitAttachments(member, attachments));
      }
      return Value(std::move(members));
    }
    default:
      return value;
  }
}

// A placeholder is any object whose "_placeholder" member is true (socket.io-parser
// _reconstructPacket). Returns its attachment index, or nullopt when `value` is not one.
// Sets `ec` when it is one but its "num" is not a usable index.
std::optional<std::size_t> placeholderIndex(const Value& value, std::size_t attachments,
                                            std::error_code& ec) {
  const Value* flag = value.find("_placeholder");
  if (flag == nullptr || !flag->isBool() || !*flag->asBool()) return std::nullopt;
  const Value* num = value.find("num");
  const double* index = num ? num->asNumber() : nullptr;
  if (index == nullptr || *index < 0 || std::floor(*index) != *index ||
      *index >= static_cast<double>(attachments)) {
    ec = Errc::invalid_placeholder;
    return std::nullopt;
  }
  return static_cast<std::size_t>(*index);
}

// Checks every placeholder of a binary packet's data. Each attachment may be referenced once:
// a legitimate encoder never repeats one, and allowing repeats would let a small packet make us
// copy one large attachment many times.
std::error_code checkPlaceholders(const Value& value, std::size_t attachments,
                                  std::bitset<kAttachmentBits>& used) {
  std::error_code ec;
  if (auto index = placeholderIndex(value, attachments, ec)) {
    if (used.test(*index)) return Errc::invalid_placeholder;
    used.set(*index);
    return {};
  }
  if (ec) return ec;
  if (const auto* items = value.asArray()) {
    for (const auto& item : *items) {
      if (auto err = checkPlaceholders(item, attachments, used)) return err;
    }
  } else if (const auto* members = value.asObject()) {
    for (const auto& member : *members) {
      if (auto err = checkPlaceholders(member.second, attachments, used)) return err;
    }
  }
  return {};
}

// Puts the attachments back where their (already checked) placeholders are.
void joinAttachments(Value& value, std::vector<Value::Binary>& attachments) {
  std::error_code ignored;
  if (auto index = placeholderIndex(value, attachments.size(), ignored)) {
    value = Value(std::move(attachments[*index]));
    return;
  }
  if (auto* items = value.asArray()) {
    for (auto& item : *items) joinAttachments(item, attachments);
  } else if (auto* members = value.asObject()) {
    for (auto& member : *members) joinAttachments(member.second, attachments);
  }
}

// Reads a run of ASCII digits as an unsigned number no larger than `max`.
// Returns false when there are no digits or the number is larger.
bool readNumber(std::string_view text, std::size_t& pos, std::uint64_t max, std::uint64_t& out,
                bool& tooLarge) {
  const std::size_t start = pos;
  std::uint64_t value = 0;
  tooLarge = false;
  while (pos < text.size() && isDigit(text[pos])) {
    const auto digit = static_cast<std::uint64_t>(text[pos] - '0');
    if (digit > max || value > (max - digit) / 10) tooLarge = true;
    if (!tooLarge) value = value * 10 + digit;
    ++pos;
  }
  out = value;
  return pos != start && !tooLarge;
}

}  // namespace

const char* toString(PacketType type) noexcept {
  const auto index = static_cast<std::size_t>(type);
  return index < std::size(kTypeNames) ? kTypeNames[index] : "UNKNOWN";
}

bool isReservedEventName(std::string_view name) noexcept {
  for (auto reserved : kReservedEventNames) {
    if (name == reserved) return true;
  }
  return false;
}

std::error_code validatePacket(const Packet& packet, const CodecLimits& limits) {
  if (static_cast<unsigned>(packet.type) > static_cast<unsigned>(PacketType::binary_ack)) {
    return Errc::unknown_packet_type;
  }
  if (auto ec = validateNamespace(packet.nsp, limits)) return ec;
  if (packet.id && *packet.id > kMaxAckId) return Errc::invalid_ack_id;
  if (logicalType(packet.type) == PacketType::ack && !packet.id) return Errc::invalid_ack_id;
  return validateData(packet.type, packet.data);
}

// A packet's text starts at this capacity: most packets fit, so the text is allocated once
// rather than grown by doubling from 15 bytes.
constexpr std::size_t kEncodeReserve = 256;

std::error_code encodeEvent(std::string_view nsp, std::string_view event, const Value* args,
                            std::size_t argCount, std::vector<engineio::Packet>& out,
                            const CodecLimits& limits) {
  out.clear();
  Packet head;
  head.type = PacketType::event;
  head.nsp = std::string(nsp);
  const Value* argsEnd = args + argCount;
  const bool binary =
      std::any_of(args, argsEnd, [](const Value& arg) { return arg.containsBinary(); });
  if (binary) {  // attachments are split from a copy, as encodePacket does
    Value::Array data;
    data.reserve(argCount + 1);
    data.emplace_back(event);
    data.insert(data.end(), args, argsEnd);
    head.data = Value(std::move(data));
    return encodePacket(head, out, limits);
  }
  head.data = Value(Value::Array{Value(event)});
  if (auto ec = validatePacket(head, limits)) return ec;
  std::string text;
  text.reserve(kEncodeReserve);
  text.push_back('2');
  if (nsp != "/") {
    text += nsp;
    text.push_back(',');
  }
  text.push_back('[');
  appendJson(text, head.data->asArray()->front());
  for (const Value* arg = args; arg != argsEnd; ++arg) {
    text.push_back(',');
    appendJson(text, *arg);
  }
  text.push_back(']');
  out.push_back(engineio::Packet{engineio::PacketType::message, std::move(text), false});
  return {};
}

std::error_code encodePacket(const Packet& packet, std::vector<engineio::Packet>& out,
                             const CodecLimits& limits) {
  out.clear();
  if (auto ec = validatePacket(packet, limits)) return ec;
  const PacketType type = logicalType(packet.type);
  const bool binary = packet.data && packet.data->containsBinary();

  std::vector<Value::Binary> attachments;
  std::optional<Value> split;
  if (binary) {
    split = splitAttachments(*packet.data, attachments);
    if (attachments.size() > limits.maxAttachments) return Errc::too_many_attachments;
  }

  std::string text;
  text.reserve(kEncodeReserve);
  if (binary) {
    text.push_back(type == PacketType::event ? '5' : '6');
    text += std::to_string(attachments.size());
    text.push_back('-');
  } else {
    text.push_back(static_cast<char>('0' + static_cast<int>(type)));
  }
  if (packet.nsp != "/") {
    text += packet.nsp;
    text.push_back(',');
  }
  if (packet.id) text += std::to_string(*packet.id);
  if (packet.data) appendJson(text, split ? *split : *packet.data);

  out.reserve(1 + attachments.size());
  out.push_back(engineio::Packet{engineio::PacketType::message, std::move(text), false});
  for (auto& bytes : attachments) {
    out.push_back(engineio::Packet{engineio::PacketType::message,
                                   std::string(bytes.begin(), bytes.end()), true});
  }
  return {};
}

std::error_code decodeText(std::string_view text, Packet& out, const CodecLimits& limits,
                           std::size_t* attachmentsOut) {
  out = Packet{};
  if (attachmentsOut) *attachmentsOut = 0;
  if (text.empty()) return Errc::empty_packet;
  if (text.size() > limits.maxPayloadBytes) return Errc::payload_too_large;
  if (text[0] < '0' || text[0] > '6') return Errc::unknown_packet_type;

  Packet packet;
  packet.type = static_cast<PacketType>(text[0] - '0');
  std::size_t pos = 1;

  std::size_t attachments = 0;
  if (isBinaryType(packet.type)) {
    std::uint64_t count = 0;
    bool tooLarge = false;
    const std::uint64_t max = std::min<std::uint64_t>(limits.maxAttachments, kAttachmentBits);
    const bool ok = readNumber(text, pos, max, count, tooLarge);
    if (tooLarge) return Errc::too_many_attachments;
    if (!ok || count == 0 || pos >= text.size() || text[pos] != '-') {
      return Errc::invalid_attachment_count;
    }
    ++pos;
    attachments = static_cast<std::size_t>(count);
  }

  if (pos < text.size() && text[pos] == '/') {
    const std::size_t comma = text.find(',', pos);
    const std::size_t end = comma == std::string_view::npos ? text.size() : comma;
    if (end - pos > limits.maxNamespaceLength) return Errc::namespace_too_long;
    packet.nsp.assign(text.substr(pos, end - pos));
    pos = comma == std::string_view::npos ? text.size() : comma + 1;
  }

  if (pos < text.size() && isDigit(text[pos])) {
    std::uint64_t id = 0;
    bool tooLarge = false;
    if (!readNumber(text, pos, kMaxAckId, id, tooLarge)) return Errc::invalid_ack_id;
    packet.id = id;
  }

  if (pos < text.size()) {
    Value data;
    JsonLimits jsonLimits;
    jsonLimits.maxDepth = limits.maxJsonDepth;
    if (auto ec = parseJson(text.substr(pos), data, jsonLimits)) return ec;
    packet.data = std::move(data);
  }

  if (auto ec = validatePacket(packet, limits)) return ec;
  if (attachments != 0) {
    std::bitset<kAttachmentBits> used;
    if (auto ec = checkPlaceholders(*packet.data, attachments, used)) return ec;
  }
  out = std::move(packet);
  if (attachmentsOut) *attachmentsOut = attachments;
  return {};
}

std::error_code Decoder::feed(const engineio::Packet& message, std::optional<Packet>& out) {
  out.reset();
  if (message.type != engineio::PacketType::message) return Errc::unknown_packet_type;
  return message.binary ? feedBinary(message.data, out) : feedText(message.data, out);
}

void Decoder::reset() noexcept {
  pending_.reset();
  expectedAttachments_ = 0;
  attachments_.clear();
}

std::error_code Decoder::feedText(std::string_view text, std::optional<Packet>& out) {
  if (pending_) {
    reset();
    return Errc::unexpected_text;
  }
  Packet packet;
  std::size_t attachments = 0;
  if (auto ec = decodeText(text, packet, limits_, &attachments)) return ec;
  if (attachments == 0) {
    out = std::move(packet);
    return {};
  }
  pending_ = std::move(packet);
  expectedAttachments_ = attachments;
  attachments_.reserve(attachments);
  return {};
}

std::error_code Decoder::feedBinary(std::string_view bytes, std::optional<Packet>& out) {
  if (!pending_) return Errc::unexpected_binary;
  if (bytes.size() > limits_.maxPayloadBytes) {
    reset();
    return Errc::payload_too_large;
  }
  attachments_.emplace_back(bytes.begin(), bytes.end());
  if (attachments_.size() < expectedAttachments_) return {};

  Packet packet = std::move(*pending_);
  packet.type = logicalType(packet.type);
  joinAttachments(*packet.data, attachments_);
  reset();
  out = std::move(packet);
  return {};
}

}  // namespace libsession::socketio
