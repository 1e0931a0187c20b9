// bench/load/transport.cpp — what both transports share: sockets, writes, ends.
#include "transport.hpp"

#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace bench {
namespace {
constexpr std::uint32_t kGenerationMask = 0x7FFFFFFFu;  // 31 bits of the poll data
}  // namespace

std::uint64_t pollData(const Connection& c, int channel) noexcept {
  const Channel& ch = c.channels[static_cast<std::size_t>(channel)];
  return std::uint64_t{c.index} | (std::uint64_t(channel & 1) << 32) |
         (std::uint64_t(ch.generation & kGenerationMask) << 33);
}

PollTarget decodePollData(std::uint64_t data) noexcept {
  return PollTarget{static_cast<std::uint32_t>(data & 0xFFFFFFFFu),
                    static_cast<int>((data >> 32) & 1u),
                    static_cast<std::uint32_t>(data >> 33)};
}

bool matches(const Channel& ch, const PollTarget& t) noexcept {
  return ch.fd >= 0 && (ch.generation & kGenerationMask) == t.generation;
}

void Transport::abort(Connection& c) {
  for (Channel& ch : c.channels) closeChannel(ch);
  c.stage = Stage::idle;
}

void Transport::fail(Connection& c, std::string_view reason) {
  end(c, reason.empty() ? std::string_view("connection failed") : reason);
}

void Transport::finish(Connection& c) { end(c, {}); }

void Transport::end(Connection& c, std::string_view error) {
  const std::string text(error);  // it may point into a buffer that closing clears
  const Stage was = c.stage;
  abort(c);
  if (was != Stage::idle) ctx_.sink->onClosed(c, was, text);
}

bool Transport::connectChannel(Connection& c, int channel) {
  Channel& ch = c.channels[static_cast<std::size_t>(channel)];
  closeChannel(ch);
  std::string error;
  const int fd = net::startConnect(ctx_.server, ctx_.nextSourceAddress(), error);
  if (fd < 0) {
    fail(c, error);
    return false;
  }
  ch.fd = fd;
  ++ch.generation;
  ch.connecting = true;
  ch.writeArmed = true;
  ctx_.poller->add(fd, EPOLLIN | EPOLLOUT, pollData(c, channel));
  return true;
}

bool Transport::finishConnect(Connection& c, int channel) {
  Channel& ch = c.channels[static_cast<std::size_t>(channel)];
  const std::string error = net::connectError(ch.fd);
  if (!error.empty()) {
    fail(c, error);
    return false;
  }
  ch.connecting = false;
  return true;
}

Transport::WriteResult Transport::write(Connection& c, int channel) {
  Channel& ch = c.channels[static_cast<std::size_t>(channel)];
  if (ch.fd < 0 || ch.connecting) return WriteResult::pending;
  while (ch.outPos < ch.out.size()) {
    const ssize_t n = ::send(ch.fd, ch.out.data() + ch.outPos, ch.out.size() - ch.outPos,
                             MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      ch.outPos += static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      // Keep the unsent tail at the front once it is the smaller part.
      if (ch.outPos > ch.out.size() / 2) {
        ch.out.erase(0, ch.outPos);
        ch.outPos = 0;
      }
      if (!ch.writeArmed) {
        ch.writeArmed = true;
        ctx_.poller->modify(ch.fd, EPOLLIN | EPOLLOUT, pollData(c, channel));
      }
      return WriteResult::pending;
    }
    fail(c, std::string("send: ") + std::strerror(errno));
    return WriteResult::failed;
  }
  ch.out.clear();
  ch.outPos = 0;
  if (ch.writeArmed) {
    ch.writeArmed = false;
    ctx_.poller->modify(ch.fd, EPOLLIN, pollData(c, channel));
  }
  return WriteResult::done;
}

void Transport::closeChannel(Channel& ch) {
  if (ch.fd >= 0) ::close(ch.fd);  // also leaves the epoll set
  ch.fd = -1;
  ch.connecting = false;
  ch.writeArmed = false;
  ch.busy = false;
  ch.closeFrameSeen = false;
  ch.in.clear();
  ch.out.clear();
  ch.outPos = 0;
}

}  // namespace bench
