// bench/load/polling_transport.cpp — Engine.IO over HTTP long-polling
// (`?EIO=4&transport=polling`), no upgrade.
//
// Channel 0 holds the GET: first the handshake (answered with the open packet), then one
// long-poll after another, each answered with the packets the server had for us. Channel 1
// carries the POSTs: at most one at a time (the reference server closes a session whose POSTs
// overlap), so packets queued meanwhile go together in the next one, separated by U+001E.
// A channel whose response said `Connection: close` (websocketpp closes every plain HTTP
// connection) is reconnected for the next request; a keep-alive one is reused.
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "transport.hpp"
#include "wire.hpp"

namespace bench {
namespace {

constexpr int kGet = 0;
constexpr int kPost = 1;
constexpr std::size_t kMaxHeadBytes = 16 * 1024;
constexpr int kReadsPerEvent = 4;

class PollingTransport final : public Transport {
public:
  explicit PollingTransport(TransportContext& context)
      : Transport(context),
        handshake_(wire::pollRequest(context.host, context.path + "?EIO=4&transport=polling")) {}

  void open(Connection& c) override {
    c.stage = Stage::handshaking;
    c.sid.clear();
    c.postQueue.clear();
    start(c, kGet, handshake_);
  }

  void onIo(Connection& c, int channel, std::uint32_t events) override {
    Channel& ch = c.channels[static_cast<std::size_t>(channel)];
    if (ch.connecting) {
      if ((events & (EPOLLOUT | EPOLLERR | EPOLLHUP)) == 0) return;
      if (!finishConnect(c, channel)) return;
      events |= EPOLLOUT;
    }
    if ((events & EPOLLOUT) != 0 && write(c, channel) == WriteResult::failed) return;
    if ((events & (EPOLLIN | EPOLLHUP | EPOLLERR)) != 0) read(c, channel);
  }

  void send(Connection& c, std::string_view packet) override {
    if (!c.postQueue.empty()) c.postQueue += '\x1e';
    c.postQueue.append(packet);
    ctx_.markDirty(c);
  }

  void flush(Connection& c) override {
    Channel& post = c.channels[kPost];
    if (post.busy || c.postQueue.empty() || c.sid.empty()) return;
    post.out.clear();
    post.outPos = 0;
    wire::appendPostRequest(post.out, ctx_.host, c.postTarget, c.postQueue);
    c.postQueue.clear();
    start(c, kPost, {});
  }

  std::size_t backlog(const Connection& c) const noexcept override {
    return c.postQueue.size() + c.channels[kPost].pendingOut();
  }

  void close(Connection& c) override {
    if (c.stage == Stage::closing) return;
    if (c.sid.empty() || c.stage == Stage::idle) return finish(c);
    // The Engine.IO close packet: the server answers the held GET (noop) and the POST (ok).
    send(c, "1");
    c.stage = Stage::closing;
  }

private:
  // Sends a request on the channel: `request` when given, else what is in its out buffer.
  void start(Connection& c, int channel, std::string_view request) {
    Channel& ch = c.channels[static_cast<std::size_t>(channel)];
    if (!request.empty()) {
      ch.out.assign(request);
      ch.outPos = 0;
    }
    ch.in.clear();
    if (ch.fd < 0) {
      std::string pending;
      pending.swap(ch.out);  // connectChannel starts from a clean channel
      if (!connectChannel(c, channel)) return;
      ch.out.swap(pending);
      ch.busy = true;
      return;  // written once connected
    }
    ch.busy = true;
    write(c, channel);
  }

  void read(Connection& c, int channel) {
    Channel& ch = c.channels[static_cast<std::size_t>(channel)];
    const std::uint32_t generation = ch.generation;
    for (int i = 0; i < kReadsPerEvent; ++i) {
      const ssize_t n = ::recv(ch.fd, ctx_.scratch.data(), ctx_.scratch.size(), MSG_DONTWAIT);
      if (n > 0) {
        if (!ch.busy) return fail(c, "HTTP bytes from the server with no request out");
        ch.in.append(ctx_.scratch.data(), static_cast<std::size_t>(n));
        if (!complete(c, channel, /*eof=*/false)) return;
        if (!alive(c, channel, generation)) return;
        if (static_cast<std::size_t>(n) < ctx_.scratch.size()) return;
        continue;
      }
      if (n == 0) {
        if (ch.busy) {
          complete(c, channel, /*eof=*/true);
        } else {
          closeChannel(ch);  // an idle keep-alive connection the server let go
        }
        return;
      }
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EWOULDBLOCK) return;
      return fail(c, std::string("recv: ") + std::strerror(errno));
    }
  }

  // Handles the channel's response if it is complete; false when the connection failed.
  bool complete(Connection& c, int channel, bool eof) {
    Channel& ch = c.channels[static_cast<std::size_t>(channel)];
    const wire::ResponseHead head = wire::parseResponseHead(ch.in, kMaxHeadBytes);
    if (head.status == wire::HeadStatus::error) {
      fail(c, head.error);
      return false;
    }
    if (head.status == wire::HeadStatus::incomplete) {
      if (!eof) return true;
      fail(c, "the server closed the connection before its response");
      return false;
    }
    if (head.chunked) {
      fail(c, "chunked HTTP responses are not supported by session-bench");
      return false;
    }
    std::size_t bodyBytes = 0;
    if (head.contentLength >= 0) {
      if (static_cast<std::uint64_t>(head.contentLength) > ctx_.maxMessageBytes) {
        fail(c, "HTTP response body larger than the receive limit");
        return false;
      }
      bodyBytes = static_cast<std::size_t>(head.contentLength);
      if (ch.in.size() < head.headBytes + bodyBytes) {
        if (!eof) return true;
        fail(c, "the server closed the connection in the middle of its response");
        return false;
      }
    } else if (!eof) {  // no length: the body runs to the end of the connection
      if (!head.close) {
        fail(c, "HTTP response with neither Content-Length nor Connection: close");
        return false;
      }
      if (ch.in.size() > head.headBytes + ctx_.maxMessageBytes) {
        fail(c, "HTTP response body larger than the receive limit");
        return false;
      }
      return true;
    } else {
      bodyBytes = ch.in.size() - head.headBytes;
    }

    // The response leaves the channel before it is handled: handling starts the next request.
    response_.swap(ch.in);
    ch.in.clear();
    ch.busy = false;
    if (head.close || eof) closeChannel(ch);
    const std::string_view body(response_.data() + head.headBytes, bodyBytes);
    const int code = head.code;
    const std::string statusLine(code == 200 ? std::string_view() : head.statusLine);
    const bool ok = channel == kGet ? onGetResponse(c, code, statusLine, body)
                                    : onPostResponse(c, code, statusLine);
    response_.clear();
    return ok;
  }

  bool onGetResponse(Connection& c, int code, const std::string& statusLine,
                     std::string_view body) {
    if (code != 200) {
      fail(c, "long-poll GET answered " + statusLine);
      return false;
    }
    if (c.stage == Stage::handshaking) {
      const std::string_view sid = wire::jsonStringField(body, "sid");
      if (body.empty() || body[0] != '0' || sid.empty()) {
        fail(c, "polling handshake without an open packet");
        return false;
      }
      c.sid.assign(sid);
      c.postTarget = ctx_.path + "?EIO=4&transport=polling&sid=" + c.sid;
      c.pollGet = wire::pollRequest(ctx_.host, c.postTarget);
      c.stage = Stage::opening;
    }
    const std::uint32_t generation = c.channels[kGet].generation;
    const auto stillOpen = [&] { return c.stage != Stage::idle && c.channels[kGet].generation == generation; };
    std::string_view rest = body;
    for (;;) {
      const std::size_t sep = rest.find('\x1e');
      const std::string_view packet = rest.substr(0, sep);
      if (c.stage != Stage::closing) ctx_.sink->onPacket(c, packet);
      if (!stillOpen()) return false;
      if (sep == std::string_view::npos) break;
      rest.remove_prefix(sep + 1);
    }
    if (c.stage == Stage::closing) {
      finishIfDone(c);
      return c.stage != Stage::idle;
    }
    start(c, kGet, c.pollGet);  // the next long-poll
    return c.stage != Stage::idle;
  }

  bool onPostResponse(Connection& c, int code, const std::string& statusLine) {
    if (code != 200) {
      fail(c, "POST answered " + statusLine);
      return false;
    }
    if (c.stage == Stage::closing) {
      finishIfDone(c);
      return c.stage != Stage::idle;
    }
    if (!c.postQueue.empty()) ctx_.markDirty(c);
    return true;
  }

  // Closing: done once the close packet was posted and both requests are answered.
  void finishIfDone(Connection& c) {
    if (!c.postQueue.empty()) {
      ctx_.markDirty(c);
      return;
    }
    if (c.channels[kGet].busy || c.channels[kPost].busy) return;
    finish(c);
  }

  std::string handshake_;
  std::string response_;  // the response being handled
};

}  // namespace

std::unique_ptr<Transport> makePollingTransport(TransportContext& context) {
  return std::make_unique<PollingTransport>(context);
}

}  // namespace bench
