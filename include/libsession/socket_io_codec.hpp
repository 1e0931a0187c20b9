// libsession/socket_io_codec.hpp — the wire codec of one client connection.
//
// SocketIoCodec bundles the two protocol layers with one set of limits and the per-connection
// state (a Socket.IO packet being joined from its binary attachments). A transport feeds it what
// arrived — a WebSocket frame or a long-polling body — and gets Engine.IO packets back; it hands
// Engine.IO message packets to decodeMessage() to get Socket.IO packets. Going out, encode()
// turns a Socket.IO packet into Engine.IO packets, and the engineio functions turn those into
// frames or a polling body.
//
// Sans-I/O: no sockets, no threads, no clocks. Errors are Errc values; any error that compares
// equal to Condition::protocol_violation or Condition::limit_exceeded means the peer should be
// disconnected (that is what the reference server does).
//
// Thread-safety: one instance per connection, used by one thread at a time.
#pragma once

#include <optional>
#include <string_view>
#include <system_error>
#include <vector>

#include <libsession/codec/engine_io.hpp>
#include <libsession/codec/limits.hpp>
#include <libsession/codec/socket_io.hpp>

namespace libsession {

class SocketIoCodec {
public:
  explicit SocketIoCodec(CodecLimits limits = {}) : limits_(limits), decoder_(limits) {}

  const CodecLimits& limits() const noexcept { return limits_; }

  /// One WebSocket frame in -> one Engine.IO packet.
  std::error_code decodeFrame(std::string_view bytes, bool binary, engineio::Packet& out) const {
    return engineio::decodeFrame(bytes, binary, out, limits_);
  }
  /// One long-polling request body in -> its Engine.IO packets.
  std::error_code decodePayload(std::string_view body, std::vector<engineio::Packet>& out) const {
    return engineio::decodePayload(body, out, limits_);
  }
  /// One Engine.IO message in -> a Socket.IO packet once it is complete (see socketio::Decoder).
  std::error_code decodeMessage(const engineio::Packet& message,
                                std::optional<socketio::Packet>& out) {
    return decoder_.feed(message, out);
  }
  /// One Socket.IO packet out -> the Engine.IO message packets that carry it.
  std::error_code encode(const socketio::Packet& packet,
                         std::vector<engineio::Packet>& out) const {
    return socketio::encodePacket(packet, out, limits_);
  }

  /// True while a binary packet still awaits attachments.
  bool awaitingAttachments() const noexcept { return decoder_.awaitingAttachments(); }

private:
  CodecLimits limits_;
  socketio::Decoder decoder_;
};

}  // namespace libsession
