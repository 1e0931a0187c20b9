// Invariant checks shared by the fuzz targets.
//
// A failed check aborts, which libFuzzer reports as a crash and saves the input that caused it.
// The checks assert only what the public headers promise (or what must hold for any correct
// codec, such as decode(encode(x)) == x); they are the oracle, so an over-strict check here is
// a bug in the fuzzer, not in the library.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <libsession/codec/engine_io.hpp>
#include <libsession/codec/limits.hpp>
#include <libsession/codec/socket_io.hpp>
#include <libsession/error.hpp>
#include <libsession/value.hpp>

// Checked in every build type: the fuzzers are built RelWithDebInfo, where assert() is gone.
#define FUZZ_CHECK(cond)                                                                \
  do {                                                                                  \
    if (!(cond)) {                                                                      \
      std::fprintf(stderr, "fuzz invariant failed: %s (%s:%d)\n", #cond, __FILE__,      \
                   __LINE__);                                                           \
      std::abort();                                                                     \
    }                                                                                   \
  } while (0)

namespace fuzz {

using libsession::CodecLimits;
using libsession::Errc;
using libsession::Value;
namespace engineio = libsession::engineio;
namespace socketio = libsession::socketio;

// Limits under which a packet that decoded under `limits` must survive encode + decode: the
// encoded text may be a little longer than the input (`1e21` is written `1e+21`) and, were a
// placeholder ever allowed to be referenced twice, carry more attachments; but its namespace is
// the same and its JSON is no deeper (a placeholder object stands where the binary value was).
inline CodecLimits relaxedLimits(const CodecLimits& limits) {
  CodecLimits relaxed = limits;
  relaxed.maxPayloadBytes = std::size_t{1} << 40;
  relaxed.maxAttachments = std::size_t{1} << 20;
  return relaxed;
}

// Binary values in the order the encoder numbers them: depth first, members in order.
inline void collectBinaries(const Value& value, std::vector<const Value::Binary*>& out) {
  if (const auto* bytes = value.asBinary()) {
    out.push_back(bytes);
  } else if (const auto* items = value.asArray()) {
    for (const auto& item : *items) collectBinaries(item, out);
  } else if (const auto* members = value.asObject()) {
    for (const auto& member : *members) collectBinaries(member.second, out);
  }
}

// What socket.io-parser's reconstructPacket makes of a placeholder-bearing value: every object
// whose `_placeholder` is `true` becomes attachments[num]. Returns false when the reference
// would throw ("illegal attachments"); `undetermined` is set for a non-integer `num` in range,
// for which the reference yields `undefined`, which a Value cannot hold.
inline bool reconstruct(Value& value, const std::vector<Value::Binary>& attachments,
                        bool& undetermined) {
  if (auto* members = value.asObject()) {
    const Value* flag = value.find("_placeholder");
    if (flag != nullptr && flag->asBool() != nullptr && *flag->asBool()) {
      const Value* num = value.find("num");
      const double* index = num != nullptr ? num->asNumber() : nullptr;
      if (index == nullptr || !(*index >= 0) ||
          !(*index < static_cast<double>(attachments.size()))) {
        return false;
      }
      const auto whole = static_cast<std::size_t>(*index);
      if (static_cast<double>(whole) != *index) {
        undetermined = true;
        return true;
      }
      value = Value(attachments[whole]);
      return true;
    }
    for (auto& member : *members) {
      if (!reconstruct(member.second, attachments, undetermined)) return false;
    }
  } else if (auto* items = value.asArray()) {
    for (auto& item : *items) {
      if (!reconstruct(item, attachments, undetermined)) return false;
    }
  }
  return true;
}

// The logical type a packet of `type` is decoded as.
inline socketio::PacketType logicalType(socketio::PacketType type) {
  if (type == socketio::PacketType::binary_event) return socketio::PacketType::event;
  if (type == socketio::PacketType::binary_ack) return socketio::PacketType::ack;
  return type;
}

// Re-typed, re-numbered and emptied copies of a valid packet reach the encoder's validation with
// every type/data combination: encodePacket must accept exactly what validatePacket accepts, and
// what it accepts must decode back (as EVENT/ACK for the binary wire types).
inline void checkEncoderVariants(const socketio::Packet& packet, const CodecLimits& limits) {
  const CodecLimits relaxed = relaxedLimits(limits);
  for (int type = 0; type <= static_cast<int>(socketio::PacketType::binary_ack); ++type) {
    for (int variant = 0; variant < 3; ++variant) {
      socketio::Packet changed = packet;
      changed.type = static_cast<socketio::PacketType>(type);
      if (variant == 1) changed.id = changed.id ? std::nullopt : std::optional<std::uint64_t>(7);
      if (variant == 2) changed.data.reset();

      std::vector<engineio::Packet> messages;
      const std::error_code ec = socketio::encodePacket(changed, messages, relaxed);
      FUZZ_CHECK(ec == socketio::validatePacket(changed, relaxed));
      if (ec) continue;

      socketio::Decoder decoder(relaxed);
      std::optional<socketio::Packet> out;
      for (const auto& message : messages) {
        FUZZ_CHECK(!out);
        FUZZ_CHECK(!decoder.feed(message, out));
      }
      FUZZ_CHECK(out.has_value());
      changed.type = logicalType(changed.type);
      FUZZ_CHECK(*out == changed);
    }
  }
}

// Everything that must hold for a packet the Decoder produced under `limits`.
inline void checkDecodedPacket(const socketio::Packet& packet, const CodecLimits& limits) {
  // Decoded packets never report the wire-only binary types.
  FUZZ_CHECK(packet.type <= socketio::PacketType::connect_error);
  // The decoder enforces the same validity rules as the encoder.
  FUZZ_CHECK(!socketio::validatePacket(packet, limits));

  std::vector<const Value::Binary*> binaries;
  if (packet.data) collectBinaries(*packet.data, binaries);
  FUZZ_CHECK(binaries.empty() || packet.type == socketio::PacketType::event ||
             packet.type == socketio::PacketType::ack);

  // encodePacket's only error beyond validatePacket's is too_many_attachments.
  std::vector<engineio::Packet> messages;
  const std::error_code strictEc = socketio::encodePacket(packet, messages, limits);
  if (binaries.size() > limits.maxAttachments) {
    FUZZ_CHECK(strictEc == Errc::too_many_attachments);
  } else {
    FUZZ_CHECK(!strictEc);
  }

  const CodecLimits relaxed = relaxedLimits(limits);
  messages.clear();
  FUZZ_CHECK(!socketio::encodePacket(packet, messages, relaxed));
  FUZZ_CHECK(messages.size() == 1 + binaries.size());
  FUZZ_CHECK(messages[0].type == engineio::PacketType::message && !messages[0].binary);
  const std::string& text = messages[0].data;
  FUZZ_CHECK(!text.empty());
  const char expectedType =
      binaries.empty() ? static_cast<char>('0' + static_cast<int>(packet.type))
      : packet.type == socketio::PacketType::event ? '5'
                                                   : '6';
  FUZZ_CHECK(text[0] == expectedType);
  for (std::size_t i = 0; i < binaries.size(); ++i) {
    const engineio::Packet& attachment = messages[i + 1];
    FUZZ_CHECK(attachment.type == engineio::PacketType::message && attachment.binary);
    FUZZ_CHECK(attachment.data.size() == binaries[i]->size());
    const auto sameByte = [](char a, std::uint8_t b) { return static_cast<std::uint8_t>(a) == b; };
    FUZZ_CHECK(std::equal(attachment.data.begin(), attachment.data.end(), binaries[i]->begin(),
                          sameByte));
  }

  // Decoding the encoder's output gives the packet back; under the original limits too when
  // every message fits them.
  bool fitsStrict = binaries.size() <= limits.maxAttachments;
  for (const auto& message : messages) {
    fitsStrict = fitsStrict && message.data.size() <= limits.maxPayloadBytes;
  }
  for (const CodecLimits* redecodeLimits : {&relaxed, fitsStrict ? &limits : nullptr}) {
    if (redecodeLimits == nullptr) continue;
    socketio::Decoder decoder(*redecodeLimits);
    std::optional<socketio::Packet> out;
    for (std::size_t i = 0; i < messages.size(); ++i) {
      FUZZ_CHECK(!out);
      FUZZ_CHECK(!decoder.feed(messages[i], out));
      FUZZ_CHECK(decoder.awaitingAttachments() == !out.has_value());
    }
    FUZZ_CHECK(out.has_value());
    FUZZ_CHECK(*out == packet);
  }

  checkEncoderVariants(packet, limits);
}

// A socketio::Decoder run alongside a model of the documented state machine: a binary header
// opens a packet, each binary message fills one attachment, text while joining and binary while
// idle are errors, and any error drops the half-joined packet. Completed packets are compared
// with what decodeText + the reference's placeholder substitution produce, then round-tripped.
class CheckedDecoder {
public:
  explicit CheckedDecoder(const CodecLimits& limits) : limits_(limits), decoder_(limits) {}

  void feed(const engineio::Packet& message) {
    FUZZ_CHECK(decoder_.awaitingAttachments() == header_.has_value());
    if (message.binary) {
      feedBinary(message);
    } else {
      feedText(message);
    }
    FUZZ_CHECK(decoder_.awaitingAttachments() == header_.has_value());
  }

  void reset() {
    decoder_.reset();
    header_.reset();
    attachments_.clear();
    FUZZ_CHECK(!decoder_.awaitingAttachments());
  }

private:
  void feedText(const engineio::Packet& message) {
    const bool wasJoining = header_.has_value();
    std::optional<socketio::Packet> out;
    const std::error_code ec = decoder_.feed(message, out);
    if (wasJoining) {
      FUZZ_CHECK(ec == Errc::unexpected_text);
      FUZZ_CHECK(!out);
      header_.reset();
      attachments_.clear();
      return;
    }

    // On a fresh packet the decoder must agree with decodeText on the outcome.
    socketio::Packet alone;
    std::size_t count = 0;
    const std::error_code aloneEc = socketio::decodeText(message.data, alone, limits_, &count);
    FUZZ_CHECK(ec == aloneEc);
    if (ec) {
      FUZZ_CHECK(!out);
      return;
    }
    const bool binaryHeader = alone.type == socketio::PacketType::binary_event ||
                              alone.type == socketio::PacketType::binary_ack;
    if (!binaryHeader) {
      FUZZ_CHECK(count == 0);
      FUZZ_CHECK(out.has_value());
      FUZZ_CHECK(*out == alone);
      checkDecodedPacket(*out, limits_);
      return;
    }
    FUZZ_CHECK(!out);
    FUZZ_CHECK(count >= 1 && count <= limits_.maxAttachments);
    alone.type = alone.type == socketio::PacketType::binary_event ? socketio::PacketType::event
                                                                  : socketio::PacketType::ack;
    header_ = std::move(alone);
    expected_ = count;
    attachments_.clear();
  }

  void feedBinary(const engineio::Packet& message) {
    std::optional<socketio::Packet> out;
    const std::error_code ec = decoder_.feed(message, out);
    if (!header_) {
      FUZZ_CHECK(ec == Errc::unexpected_binary);
      FUZZ_CHECK(!out);
      return;
    }
    if (ec == Errc::payload_too_large && message.data.size() > limits_.maxPayloadBytes) {
      // An oversized attachment may be refused (frames are normally bounded one layer down).
      FUZZ_CHECK(!out);
      header_.reset();
      attachments_.clear();
      return;
    }
    attachments_.emplace_back(message.data.begin(), message.data.end());
    if (attachments_.size() < expected_) {
      FUZZ_CHECK(!ec);
      FUZZ_CHECK(!out);
      return;
    }

    socketio::Packet expected = std::move(*header_);
    header_.reset();
    bool undetermined = false;
    const bool valid =
        !expected.data || reconstruct(*expected.data, attachments_, undetermined);
    attachments_.clear();
    if (ec) {
      FUZZ_CHECK(!out);
      FUZZ_CHECK(!valid || undetermined);
      return;
    }
    FUZZ_CHECK(valid);
    FUZZ_CHECK(out.has_value());
    if (!undetermined) FUZZ_CHECK(*out == expected);
    checkDecodedPacket(*out, limits_);
  }

  CodecLimits limits_;
  socketio::Decoder decoder_;
  std::optional<socketio::Packet> header_;  // model: the binary packet being joined
  std::size_t expected_ = 0;
  std::vector<Value::Binary> attachments_;
};

}  // namespace fuzz
