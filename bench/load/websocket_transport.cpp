// bench/load/websocket_transport.cpp — Engine.IO over a WebSocket opened directly
// (`?EIO=4&transport=websocket`, no polling first): one packet per text frame.
//
// Hand-written client framing (wire.hpp) rather than websocketpp's client, which is far too
// slow per message for a load generator. Reads go to the shared scratch buffer and are parsed
// in place; only the tail of an incomplete frame is copied into the connection.
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "transport.hpp"
#include "wire.hpp"

namespace bench {
namespace {

constexpr std::size_t kMaxHeadBytes = 16 * 1024;
// Reads per readiness event: bounds how long one busy connection keeps the others waiting
// (level-triggered, so what is left is reported again).
constexpr int kReadsPerEvent = 4;
constexpr std::uint16_t kNormalClosure = 1000;
constexpr std::uint16_t kNoStatus = 1005;

class WebSocketTransport final : public Transport {
public:
  explicit WebSocketTransport(TransportContext& context)
      : Transport(context), target_(context.path + "?EIO=4&transport=websocket") {}

  void open(Connection& c) override {
    c.stage = Stage::handshaking;
    if (!connectChannel(c, 0)) return;
    Channel& ch = c.channels[0];
    ch.out = wire::upgradeRequest(ctx_.host, target_,
                                  wire::webSocketKey(ctx_.random(), ctx_.random()));
  }

  void onIo(Connection& c, int, std::uint32_t events) override {
    Channel& ch = c.channels[0];
    if (ch.connecting) {
      if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) == 0) return;
      if (!finishConnect(c, 0)) return;
      events |= EPOLLOUT;  // the upgrade request is waiting
    }
    if ((events & EPOLLOUT) != 0 && write(c, 0) == WriteResult::failed) return;
    if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) read(c);
  }

  void send(Connection& c, std::string_view packet) override {
    wire::appendClientFrame(c.channels[0].out, wire::Opcode::text, packet,
                            static_cast<std::uint32_t>(ctx_.random()));
    ctx_.markDirty(c);
  }

  void flush(Connection& c) override {
    if (c.channels[0].pendingOut() > 0) write(c, 0);
  }

  std::size_t backlog(const Connection& c) const noexcept override {
    return c.channels[0].pendingOut();
  }

  void close(Connection& c) override {
    if (c.stage != Stage::ready && c.stage != Stage::joining && c.stage != Stage::opening) {
      if (c.stage != Stage::closing) finish(c);
      return;
    }
    c.stage = Stage::closing;
    wire::appendCloseFrame(c.channels[0].out, kNormalClosure,
                           static_cast<std::uint32_t>(ctx_.random()));
    ctx_.markDirty(c);
  }

private:
  void read(Connection& c) {
    Channel& ch = c.channels[0];
    const std::uint32_t generation = ch.generation;
    for (int i = 0; i < kReadsPerEvent; ++i) {
      const ssize_t n = ::recv(ch.fd, ctx_.scratch.data(), ctx_.scratch.size(), MSG_DONTWAIT);
      if (n > 0) {
        if (!consume(c, std::string_view(ctx_.scratch.data(), static_cast<std::size_t>(n)))) return;
        if (!alive(c, 0, generation)) return;
        if (static_cast<std::size_t>(n) < ctx_.scratch.size()) return;  // drained
        continue;
      }
      if (n == 0) return onEndOfStream(c);
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      return fail(c, std::string("recv: ") + std::strerror(errno));
    }
  }

  // false when the connection ended while handling the bytes.
  bool consume(Connection& c, std::string_view bytes) {
    Channel& ch = c.channels[0];
    const std::uint32_t generation = ch.generation;
    if (ch.in.empty()) {
      const std::size_t used = handle(c, bytes);
      if (!alive(c, 0, generation)) return false;
      if (used < bytes.size()) ch.in.assign(bytes.substr(used));
      return true;
    }
    ch.in.append(bytes);
    const std::size_t used = handle(c, ch.in);
    if (!alive(c, 0, generation)) return false;
    ch.in.erase(0, used);
    return true;
  }

  // Handles the complete parts of `bytes`; returns how many bytes they took.
  std::size_t handle(Connection& c, std::string_view bytes) {
    const std::uint32_t generation = c.channels[0].generation;
    std::size_t pos = 0;
    if (c.stage == Stage::handshaking) {
      const wire::ResponseHead head = wire::parseResponseHead(bytes, kMaxHeadBytes);
      if (head.status == wire::HeadStatus::incomplete) return 0;
      if (head.status == wire::HeadStatus::error) {
        fail(c, head.error);
        return 0;
      }
      if (head.code != 101) {
        fail(c, "WebSocket upgrade refused: " + std::string(head.statusLine));
        return 0;
      }
      // The Sec-WebSocket-Accept hash is not checked: the server under test is trusted to
      // implement the handshake (its test suite checks it), and SHA-1 would be the only reason
      // to link a crypto library.
      c.stage = Stage::opening;
      pos = head.headBytes;
    }
    while (pos < bytes.size()) {
      const wire::FrameResult f = wire::parseServerFrame(bytes.substr(pos), ctx_.maxMessageBytes);
      if (f.status == wire::FrameStatus::incomplete) break;
      if (f.status == wire::FrameStatus::error) {
        fail(c, f.error);
        return pos;
      }
      pos += f.frameBytes;
      onFrame(c, f);
      if (!alive(c, 0, generation)) return pos;
    }
    return pos;
  }

  void onFrame(Connection& c, const wire::FrameResult& f) {
    Channel& ch = c.channels[0];
    switch (f.opcode) {
      case wire::Opcode::text:
        if (!f.fin) return fail(c, "fragmented WebSocket message (not expected from the server)");
        if (c.stage != Stage::closing) ctx_.sink->onPacket(c, f.payload);
        return;
      case wire::Opcode::continuation:
        return fail(c, "fragmented WebSocket message (not expected from the server)");
      case wire::Opcode::binary:
        if (c.stage == Stage::closing) return;
        return fail(c, "unexpected binary WebSocket message");
      case wire::Opcode::ping:  // answered with the same payload (RFC 6455 5.5.2)
        wire::appendClientFrame(ch.out, wire::Opcode::pong, f.payload,
                                static_cast<std::uint32_t>(ctx_.random()));
        ctx_.markDirty(c);
        return;
      case wire::Opcode::pong:
        return;
      case wire::Opcode::close:
        if (c.stage == Stage::closing) {
          // Our close was answered; the server closes the TCP connection first (7.1.1), which
          // leaves TIME_WAIT on its side rather than using up our ephemeral ports.
          ch.closeFrameSeen = true;
          return;
        }
        {
          const std::uint16_t code =
              f.payload.size() >= 2
                  ? static_cast<std::uint16_t>((static_cast<unsigned char>(f.payload[0]) << 8) |
                                               static_cast<unsigned char>(f.payload[1]))
                  : kNoStatus;
          // Echo the close (5.5.1), best effort, then report the server's close.
          wire::appendCloseFrame(ch.out, code == kNoStatus ? kNormalClosure : code,
                                 static_cast<std::uint32_t>(ctx_.random()));
          if (write(c, 0) == WriteResult::failed) return;
          return fail(c, "the server closed the WebSocket (code " + std::to_string(code) + ")");
        }
    }
  }

  void onEndOfStream(Connection& c) {
    if (c.stage == Stage::closing) return finish(c);
    fail(c, c.stage == Stage::handshaking ? "the server closed the connection during the upgrade"
                                          : "the server closed the connection");
  }

  std::string target_;
};

}  // namespace

std::unique_ptr<Transport> makeWebSocketTransport(TransportContext& context) {
  return std::make_unique<WebSocketTransport>(context);
}

}  // namespace bench
