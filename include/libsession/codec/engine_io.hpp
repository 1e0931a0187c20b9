// libsession/codec/engine_io.hpp — Engine.IO protocol v4 packets, frames and polling payloads.
//
// Sans-I/O: these functions turn bytes into packets and packets into bytes; they own no sockets
// and no threads. An Engine.IO packet is a type (one ASCII digit on the wire) and optional data:
//
//   WebSocket text frame     "4hello"            message "hello"
//   WebSocket binary frame   <bytes>             binary message (no type prefix in v4)
//   polling body             "4hello\x1e" "bAQID" two packets separated by U+001E; binary as
//                                                 'b' + base64
//
// Thread-safety: stateless; safe from any thread.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <libsession/codec/limits.hpp>

namespace libsession::engineio {

/// Protocol revision these functions implement (the `EIO=4` query parameter).
inline constexpr int kProtocolVersion = 4;
/// Separates packets in a long-polling body.
inline constexpr char kRecordSeparator = '\x1e';

enum class PacketType : std::uint8_t { open = 0, close, ping, pong, message, upgrade, noop };

/// Wire character of a type ('0'..'6'), and the name the reference implementation uses.
char toChar(PacketType type) noexcept;
const char* toString(PacketType type) noexcept;

struct Packet {
  PacketType type = PacketType::message;
  /// Text (UTF-8) or, when `binary`, raw bytes. Empty means "no data".
  std::string data;
  /// Only message packets carry binary data: the encoders write any packet with `binary` set
  /// as a binary message, whatever its `type`.
  bool binary = false;

  friend bool operator==(const Packet& a, const Packet& b) noexcept {
    return a.type == b.type && a.data == b.data && a.binary == b.binary;
  }
};

/// One WebSocket frame: text or binary.
struct Frame {
  std::string bytes;
  bool binary = false;
};

/// Encodes a packet for a WebSocket: binary packets become a binary frame of raw bytes, all
/// others a text frame of type digit + data.
Frame encodeFrame(const Packet& packet);

/// Decodes one WebSocket frame. A binary frame is a binary message; a text frame is a type digit
/// plus data, or 'b' + base64 for a binary message.
/// Errors: empty_packet, unknown_packet_type, invalid_base64, invalid_utf8, payload_too_large.
std::error_code decodeFrame(std::string_view bytes, bool binary, Packet& out,
                            const CodecLimits& limits = {});

/// Encodes packets as one long-polling body (binary packets as 'b' + base64).
std::string encodePayload(const std::vector<Packet>& packets);

/// Decodes a long-polling body into its packets. The whole body is rejected on the first bad
/// packet (the reference server closes the session in that case).
/// Errors: as decodeFrame, for any packet; payload_too_large for a body over maxPayloadBytes.
std::error_code decodePayload(std::string_view body, std::vector<Packet>& out,
                              const CodecLimits& limits = {});

/// The JSON data of the open packet the server sends first.
struct Handshake {
  std::string sid;                            ///< session id, also the `sid` query parameter
  std::vector<std::string> upgrades;          ///< transports the client may upgrade to
  std::uint64_t pingInterval = 25000;         ///< ms between server pings
  std::uint64_t pingTimeout = 20000;          ///< ms the server waits for a pong
  std::uint64_t maxPayload = 1'000'000;       ///< largest body/frame the server accepts

  friend bool operator==(const Handshake& a, const Handshake& b) noexcept {
    return a.sid == b.sid && a.upgrades == b.upgrades && a.pingInterval == b.pingInterval &&
           a.pingTimeout == b.pingTimeout && a.maxPayload == b.maxPayload;
  }
};

/// JSON of the open packet, keys in the reference server's order:
/// {"sid":…,"upgrades":[…],"pingInterval":…,"pingTimeout":…,"maxPayload":…}
std::string encodeHandshake(const Handshake& handshake);
/// Parses the open packet's JSON. Errors: invalid_json, invalid_handshake.
std::error_code decodeHandshake(std::string_view json, Handshake& out);

/// Standard base64 (RFC 4648 §4) with padding, as engine.io-parser writes it.
std::string encodeBase64(std::string_view bytes);
/// Strict standard base64; padding may be omitted. Errors: invalid_base64.
std::error_code decodeBase64(std::string_view text, std::string& out);

}  // namespace libsession::engineio
