// libFuzzer target: an HTTP long-polling request body, as a client would POST it.
//
// The input is the body. It is decoded under the default limits and under a small
// maxPayloadBytes taken from its last byte; every decoded packet is re-encoded (as a body and as
// a WebSocket frame) and must decode back unchanged; open packets go through the handshake
// codec; message packets go on into a Socket.IO decoder, as they would on a connection.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_checks.hpp"

namespace {

using fuzz::CodecLimits;
using fuzz::Errc;
namespace engineio = fuzz::engineio;

void checkHandshake(const std::string& json) {
  engineio::Handshake handshake;
  if (engineio::decodeHandshake(json, handshake)) return;
  const std::string encoded = engineio::encodeHandshake(handshake);
  engineio::Handshake again;
  FUZZ_CHECK(!engineio::decodeHandshake(encoded, again));
  FUZZ_CHECK(again == handshake);
  FUZZ_CHECK(engineio::encodeHandshake(again) == encoded);
}

void checkPacket(const engineio::Packet& packet) {
  // Only message packets carry binary; a text packet of a body never holds the separator.
  FUZZ_CHECK(!packet.binary || packet.type == engineio::PacketType::message);
  FUZZ_CHECK(packet.type <= engineio::PacketType::noop);
  if (!packet.binary) FUZZ_CHECK(packet.data.find(engineio::kRecordSeparator) == std::string::npos);

  // The same packet over a WebSocket.
  const engineio::Frame frame = engineio::encodeFrame(packet);
  FUZZ_CHECK(frame.binary == packet.binary);
  engineio::Packet fromFrame;
  FUZZ_CHECK(!engineio::decodeFrame(frame.bytes, frame.binary, fromFrame));
  FUZZ_CHECK(fromFrame == packet);

  if (packet.type == engineio::PacketType::open) checkHandshake(packet.data);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);

  std::vector<engineio::Packet> packets;
  const std::error_code ec = engineio::decodePayload(body, packets);

  // A limit changes the outcome only by refusing a body over it.
  CodecLimits small;
  small.maxPayloadBytes = size == 0 ? 0 : data[size - 1];
  std::vector<engineio::Packet> smallPackets;
  const std::error_code smallEc = engineio::decodePayload(body, smallPackets, small);
  if (size > small.maxPayloadBytes) {
    FUZZ_CHECK(smallEc == Errc::payload_too_large);
    FUZZ_CHECK(smallPackets.empty());
  } else {
    FUZZ_CHECK(smallEc == ec);
    FUZZ_CHECK(smallPackets == packets);
  }

  // A body without separators is also a valid WebSocket text frame with the same meaning, and
  // any bytes are a valid binary frame.
  if (body.find(engineio::kRecordSeparator) == std::string_view::npos) {
    engineio::Packet frame;
    const std::error_code frameEc = engineio::decodeFrame(body, false, frame);
    FUZZ_CHECK(!frameEc == !ec);
    if (!ec) FUZZ_CHECK(packets.size() == 1 && frame == packets[0]);
  }
  if (size <= CodecLimits{}.maxPayloadBytes) {
    engineio::Packet binaryFrame;
    FUZZ_CHECK(!engineio::decodeFrame(body, true, binaryFrame));
    FUZZ_CHECK(binaryFrame.binary && binaryFrame.type == engineio::PacketType::message &&
               binaryFrame.data == body);
  }

  if (ec) {
    // The whole body is rejected on the first bad packet.
    FUZZ_CHECK(packets.empty());
    return 0;
  }
  FUZZ_CHECK(!packets.empty());

  // Re-encoding gives a body that decodes to the same packets and is a fixed point; text
  // packets are copied verbatim, so without binary packets it is the input itself.
  const std::string encoded = engineio::encodePayload(packets);
  bool anyBinary = false;
  for (const auto& packet : packets) anyBinary = anyBinary || packet.binary;
  if (!anyBinary) FUZZ_CHECK(encoded == body);
  std::vector<engineio::Packet> again;
  FUZZ_CHECK(!engineio::decodePayload(encoded, again, fuzz::relaxedLimits({})));
  FUZZ_CHECK(again == packets);
  FUZZ_CHECK(engineio::encodePayload(again) == encoded);

  // The Socket.IO layer sees the messages in order, as one connection would.
  fuzz::CheckedDecoder socketIo{CodecLimits{}};
  for (const auto& packet : packets) {
    checkPacket(packet);
    if (packet.type == engineio::PacketType::message) socketIo.feed(packet);
  }
  return 0;
}
