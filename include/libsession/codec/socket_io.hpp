// libsession/codec/socket_io.hpp — Socket.IO protocol v5 packets on top of Engine.IO messages.
//
// A Socket.IO packet travels as one Engine.IO text message, followed — for a packet whose data
// contains binary — by one binary message per attachment:
//
//   <type>[<attachments>-][<namespace>,][<ack id>][<JSON data>]
//   2["chat","hi"]                 EVENT on "/"
//   2/admin,7["ping"]              EVENT on "/admin" asking for ack 7
//   51-["file",{"_placeholder":true,"num":0}]  + 1 binary message
//
// `encodePacket` splits binary values out of the data into placeholders and attachments;
// `Decoder` joins them back, across as many messages as the header announced.
//
// Validity rules (those of the reference socket.io-parser's isPacketValid), checked both when
// encoding and when decoding:
//   CONNECT        data absent or an object
//   DISCONNECT     no data
//   EVENT          data a non-empty array whose first element is a number or a string that is
//                  not reserved (connect, connect_error, disconnect, disconnecting,
//                  newListener, removeListener)
//   ACK            data an array; an ack id is required (invalid_ack_id without one)
//   CONNECT_ERROR  data a string or an object
// Binary data is allowed only in EVENT and ACK packets. In a received binary packet every
// placeholder must name an announced attachment, and each attachment at most once
// (invalid_placeholder otherwise).
//
// Thread-safety: the free functions are stateless; a Decoder belongs to one connection and must
// be used by one thread at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <libsession/codec/engine_io.hpp>
#include <libsession/codec/limits.hpp>
#include <libsession/value.hpp>

namespace libsession::socketio {

/// Protocol revision implemented (Socket.IO v4/v5 servers and clients).
inline constexpr int kProtocolVersion = 5;
/// Largest ack id accepted: JavaScript peers cannot count past 2^53 - 1 exactly.
inline constexpr std::uint64_t kMaxAckId = (std::uint64_t{1} << 53) - 1;

enum class PacketType : std::uint8_t {
  connect = 0,
  disconnect = 1,
  event = 2,
  ack = 3,
  connect_error = 4,
  binary_event = 5,  ///< wire form only: decoded packets report `event`
  binary_ack = 6,    ///< wire form only: decoded packets report `ack`
};

const char* toString(PacketType type) noexcept;

/// True for the event names the protocol reserves.
bool isReservedEventName(std::string_view name) noexcept;

struct Packet {
  PacketType type = PacketType::event;
  /// Namespace, always starting with '/'.
  std::string nsp = "/";
  /// Ack id: present on an EVENT that asks for an ack and on every ACK.
  std::optional<std::uint64_t> id;
  /// Payload; binary values inside travel as attachments.
  std::optional<Value> data;

  friend bool operator==(const Packet& a, const Packet& b) noexcept {
    return a.type == b.type && a.nsp == b.nsp && a.id == b.id && a.data == b.data;
  }
};

/// Checks a packet against the validity rules above (and the namespace and ack-id rules).
/// Errors: invalid_payload, invalid_namespace, namespace_too_long, invalid_ack_id.
std::error_code validatePacket(const Packet& packet, const CodecLimits& limits = {});

/// Encodes `packet` as Engine.IO message packets: one text message, then one binary message per
/// attachment. EVENT/ACK packets whose data contains binary are sent as BINARY_EVENT/BINARY_ACK
/// (and `binary_event`/`binary_ack` are accepted as input and treated as event/ack).
/// The text is byte-identical to socket.io-parser's Encoder output.
/// Errors: as validatePacket; too_many_attachments when the data holds more binary values than
/// maxAttachments.
std::error_code encodePacket(const Packet& packet, std::vector<engineio::Packet>& out,
                             const CodecLimits& limits = {});

/// Encodes the EVENT packet `[event, args[0], ..., args[argCount-1]]` for namespace `nsp` like
/// encodePacket, without first copying the arguments into a Packet (one Message sent to many
/// connections is encoded from where it lies). Same output and errors as encodePacket.
std::error_code encodeEvent(std::string_view nsp, std::string_view event, const Value* args,
                            std::size_t argCount, std::vector<engineio::Packet>& out,
                            const CodecLimits& limits = {});

/// Decodes Socket.IO packets from a connection's Engine.IO message packets, joining binary
/// attachments. Feed every message in order; a completed packet is returned through `out`.
///
/// After an error the decoder has discarded any half-joined packet and is ready for the next
/// packet, but the reference server closes the connection on any decoding error, and so should
/// callers.
class Decoder {
public:
  explicit Decoder(CodecLimits limits = {}) : limits_(limits) {}

  /// Feeds one Engine.IO message packet (text or binary). Sets `out` when a packet completes;
  /// leaves it empty while attachments are still awaited. A packet of another Engine.IO type
  /// (ping, ...) is not Socket.IO traffic: unknown_packet_type.
  /// Errors: empty_packet, unknown_packet_type, invalid_attachment_count, too_many_attachments,
  /// invalid_namespace, namespace_too_long, invalid_ack_id, invalid_json, invalid_utf8,
  /// json_too_deep, invalid_payload, invalid_placeholder, unexpected_binary, unexpected_text,
  /// payload_too_large.
  std::error_code feed(const engineio::Packet& message, std::optional<Packet>& out);

  /// True while a binary packet is waiting for more attachments.
  bool awaitingAttachments() const noexcept { return pending_.has_value(); }
  /// Forgets any half-joined packet.
  void reset() noexcept;

  const CodecLimits& limits() const noexcept { return limits_; }

private:
  std::error_code feedText(std::string_view text, std::optional<Packet>& out);
  std::error_code feedBinary(std::string_view bytes, std::optional<Packet>& out);

  CodecLimits limits_;
  std::optional<Packet> pending_;                 // header of the packet being joined
  std::size_t expectedAttachments_ = 0;
  std::vector<Value::Binary> attachments_;
};

/// Decodes one text packet on its own, without joining attachments: for a BINARY_EVENT or
/// BINARY_ACK header the type stays binary, the placeholders stay in the data and the announced
/// count is stored in `*attachments` (0 for other types; may be null). Placeholders are checked
/// against that count. Exposed for tools and tests; connections use Decoder.
std::error_code decodeText(std::string_view text, Packet& out, const CodecLimits& limits = {},
                           std::size_t* attachments = nullptr);

}  // namespace libsession::socketio
