// bench/load/wire.hpp — the bytes session-bench puts on and takes off the wire, sans I/O.
//
// session-bench is a load generator, so it speaks the client side of the protocols itself
// instead of using libsession's codec or websocketpp: websocketpp's client costs several
// allocations and a handler chain per message, which makes the generator the bottleneck long
// before the server is. What is here is deliberately minimal and fixed to the shapes the
// benchmark produces and expects:
//   - WebSocket client framing (RFC 6455 §5): masked client frames; server frames of any length
//     (7-bit, 16-bit and 64-bit lengths), control frames. Fragmented messages are not expected
//     from the servers we measure and are reported as errors by the caller.
//   - The HTTP/1.1 response head of a WebSocket upgrade or a long-polling request.
//   - Engine.IO v4 / Socket.IO v5 text packets: the Event the benchmark sends, and cheap scans
//     (no JSON DOM) of the replies, whose shapes are fixed: `43<ackId>[{"ok":true,...}]` and
//     `42["message",{..."id":"b<conn>-<seq>"...}]`.
// Everything returns views into the caller's buffer; nothing allocates per message.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace bench::wire {

// ---- WebSocket (RFC 6455) -------------------------------------------------------------------

enum class Opcode : std::uint8_t {
  continuation = 0x0,
  text = 0x1,
  binary = 0x2,
  close = 0x8,
  ping = 0x9,
  pong = 0xA,
};

enum class FrameStatus { incomplete, complete, error };

struct FrameResult {
  FrameStatus status = FrameStatus::incomplete;
  std::size_t frameBytes = 0;   // header + payload, when complete
  Opcode opcode = Opcode::text;
  bool fin = true;
  std::string_view payload;     // points into the parsed bytes, when complete
  const char* error = nullptr;  // when status == error
};

/// Parses the server frame at the front of `bytes`. A frame whose declared payload exceeds
/// `maxPayload` is an error as soon as its header is read, so a caller buffering partial frames
/// never holds more than maxPayload + 14 bytes. Server frames must not be masked (§5.1) and no
/// extension is negotiated, so reserved bits must be clear.
FrameResult parseServerFrame(std::string_view bytes, std::size_t maxPayload) noexcept;

/// Appends one complete (FIN) client frame, masked with `maskKey` (§5.3).
void appendClientFrame(std::string& out, Opcode opcode, std::string_view payload,
                       std::uint32_t maskKey);

/// Appends a close frame with a status code (§5.5.1).
void appendCloseFrame(std::string& out, std::uint16_t code, std::uint32_t maskKey);

/// A Sec-WebSocket-Key: the base64 of 16 bytes (§4.1).
std::string webSocketKey(std::uint64_t high, std::uint64_t low);

// ---- HTTP/1.1 -------------------------------------------------------------------------------

/// An upgrade request for `target` (path and query).
std::string upgradeRequest(std::string_view host, std::string_view target, std::string_view key);

/// A GET (empty body) or POST (text/plain body) for `target`; keep-alive is HTTP/1.1's default.
std::string pollRequest(std::string_view host, std::string_view target);
void appendPostRequest(std::string& out, std::string_view host, std::string_view target,
                       std::string_view body);

enum class HeadStatus { incomplete, complete, error };

struct ResponseHead {
  HeadStatus status = HeadStatus::incomplete;
  int code = 0;
  std::size_t headBytes = 0;              // up to and including the blank line
  std::int64_t contentLength = -1;        // -1: none given
  bool close = false;                     // the server closes after this response
  bool chunked = false;                   // Transfer-Encoding: chunked (not supported here)
  std::string_view statusLine;
  const char* error = nullptr;
};

/// Parses a response head at the front of `bytes`; heads longer than `maxHeadBytes` are errors.
ResponseHead parseResponseHead(std::string_view bytes, std::size_t maxHeadBytes) noexcept;

// ---- Engine.IO / Socket.IO ------------------------------------------------------------------

/// Calls f(packet) for each packet of a long-polling payload (separated by U+001E).
template <typename F>
void forEachPayloadPacket(std::string_view body, F&& f) {
  for (;;) {
    const std::size_t sep = body.find('\x1e');
    f(body.substr(0, sep));
    if (sep == std::string_view::npos) return;
    body.remove_prefix(sep + 1);
  }
}

/// The string value of `"key":"value"` in flat JSON (the first occurrence), or an empty view.
/// Escapes are skipped over, not decoded: this is for ids and error texts in reports.
std::string_view jsonStringField(std::string_view json, std::string_view key) noexcept;

struct AckReply {
  std::uint64_t ackId = 0;
  bool ok = false;
  std::string_view error;  // the "error" field when !ok
};

/// Parses a Socket.IO ACK `3<ackId>[...]` (the Engine.IO `4` already removed) on the default
/// namespace. false: not an ack this benchmark can match (no id, other namespace).
bool parseAck(std::string_view socketIoPacket, AckReply& out) noexcept;

struct BenchId {
  std::uint64_t connection = 0;
  std::uint64_t sequence = 0;
};

/// Finds the Event id `"id":"b<conn>-<seq>"` the benchmark sent, wherever it is in the packet:
/// the servers add fields (`"source":{"id":"bench-3"}`, `time`) and may reorder keys, and a
/// proxy-style Message around the Event has an id of its own (`"id":"b3-17_1"`), so only an
/// `"id"` whose whole value has that form matches.
bool findBenchId(std::string_view packet, BenchId& out) noexcept;

/// Formats the Event packets the benchmark sends:
///   42<seq>["message",{"id":"b<conn>-<seq>","type":"bench.echo","data":{"pad":"xxx..."}}]
/// with the pad sized so that the Event JSON is about `payloadBytes` long. The ack id and the
/// Event's sequence number are the same number, so the ack and the echo find the same slot.
class EventWriter {
public:
  EventWriter(std::size_t payloadBytes, std::size_t connections);
  /// The packet; valid until the next call.
  std::string_view format(std::uint64_t connection, std::uint64_t sequence);
  std::size_t padBytes() const noexcept { return pad_.size(); }

private:
  std::string pad_;
  std::string buffer_;
};

/// `40{"token":"<prefix>-<index>"}`: the namespace CONNECT with the benchmark's auth.
std::string connectPacket(std::string_view tokenPrefix, std::uint64_t index);

}  // namespace bench::wire
