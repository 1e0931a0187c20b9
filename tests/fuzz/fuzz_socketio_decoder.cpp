// libFuzzer target: the Engine.IO messages of one connection, fed to one socketio::Decoder.
//
// Input format (chosen so that mutations keep most of the input meaningful, and so that the
// seed files stay readable):
//   [0xFE a b]   optional: small limits from bytes a and b (see limitsFrom); default limits else
//   then messages separated by 0x1E (the polling separator, which Socket.IO text never needs):
//     "b" + bytes   a binary message (an attachment) holding the raw bytes
//     0xFF          Decoder::reset()
//     anything else a text message holding the Socket.IO packet text
// Every decoded packet must match decodeText + placeholder substitution, pass validatePacket
// and survive encodePacket + a fresh Decoder unchanged (see fuzz_checks.hpp).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz_checks.hpp"

namespace {

using fuzz::CodecLimits;
namespace engineio = fuzz::engineio;

constexpr char kLimitsMarker = '\xfe';
constexpr char kBinaryMarker = 'b';
constexpr std::string_view kReset = "\xff";

// Small enough that the fuzzer reaches every limit with short inputs.
CodecLimits limitsFrom(std::uint8_t a, std::uint8_t b) {
  CodecLimits limits;
  limits.maxAttachments = a & 3u;                             // 0..3
  limits.maxJsonDepth = ((a >> 2) & 7u) + 1;                  // 1..8
  limits.maxNamespaceLength = ((a >> 5) & 7u) * 2 + 1;        // 1..15; "/" always fits
  limits.maxPayloadBytes = 16 + std::size_t{b} * 4;           // 16..1036
  return limits;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);

  CodecLimits limits;
  if (input.size() >= 3 && input[0] == kLimitsMarker) {
    limits = limitsFrom(data[1], data[2]);
    input.remove_prefix(3);
  }

  fuzz::CheckedDecoder decoder(limits);
  while (true) {
    const std::size_t end = input.find(engineio::kRecordSeparator);
    const std::string_view piece = input.substr(0, end);

    if (piece == kReset) {
      decoder.reset();
    } else {
      engineio::Packet message;
      message.type = engineio::PacketType::message;
      message.binary = !piece.empty() && piece[0] == kBinaryMarker;
      message.data.assign(message.binary ? piece.substr(1) : piece);
      decoder.feed(message);
    }

    if (end == std::string_view::npos) break;
    input.remove_prefix(end + 1);
  }
  return 0;
}
