// bench/load/transport.hpp — moving Engine.IO packets between a Connection and the server:
// WebSocket (websocket_transport.cpp) or HTTP long-polling (polling_transport.cpp).
//
// A transport turns bytes into packets for its TransportSink (the runner) and packets into
// bytes. It never decides what to send. Everything runs on the one thread of the event loop;
// sink callbacks come from inside onIo()/open()/fail() and may call send(), close() or fail()
// on the same connection, never open() (the runner starts connections from its loop only).
#pragma once

#include <netinet/in.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "connection.hpp"
#include "net.hpp"

namespace bench {

class TransportSink {
public:
  virtual ~TransportSink() = default;
  /// One Engine.IO packet (text) from the server.
  virtual void onPacket(Connection& c, std::string_view packet) = 0;
  /// The connection is over (c.stage is idle again). `was`: its stage when it ended. `error`:
  /// empty when it closed as asked (close()), else why it ended. Not called after abort().
  virtual void onClosed(Connection& c, Stage was, std::string_view error) = 0;
};

/// What every connection's transport shares: the poller, the server address, the read buffer.
struct TransportContext {
  net::Poller* poller = nullptr;
  TransportSink* sink = nullptr;
  sockaddr_in server{};
  std::vector<sockaddr_in> sources;  // local addresses, round robin; empty: the kernel's choice
  std::size_t nextSource = 0;
  std::string host;                  // Host header
  std::string path;                  // "/socket.io/"
  std::size_t maxMessageBytes = 0;   // largest WebSocket frame / HTTP body accepted
  std::vector<char> scratch;         // every read lands here first
  std::vector<std::uint32_t> dirty;  // connections with bytes to flush
  std::uint64_t rng = 0x9E3779B97F4A7C15ull;

  void markDirty(Connection& c) {
    if (!c.dirty) {
      c.dirty = true;
      dirty.push_back(c.index);
    }
  }
  /// xorshift64: WebSocket masks and keys need to vary, not to be secret.
  std::uint64_t random() noexcept {
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
  }
  sockaddr_in nextSourceAddress() {
    if (sources.empty()) return sockaddr_in{};
    return sources[nextSource++ % sources.size()];
  }
};

/// The poller's 64-bit event data: connection index, channel, and the socket's generation.
std::uint64_t pollData(const Connection& c, int channel) noexcept;
struct PollTarget {
  std::uint32_t index;
  int channel;
  std::uint32_t generation;
};
PollTarget decodePollData(std::uint64_t data) noexcept;
bool matches(const Channel& ch, const PollTarget& t) noexcept;

class Transport {
public:
  explicit Transport(TransportContext& context) : ctx_(context) {}
  virtual ~Transport() = default;
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  /// Starts connecting (stage handshaking). A failure is reported through onClosed.
  virtual void open(Connection& c) = 0;
  /// The poller reported `events` on the connection's `channel`.
  virtual void onIo(Connection& c, int channel, std::uint32_t events) = 0;
  /// Queues one packet; it goes out at the next flush().
  virtual void send(Connection& c, std::string_view packet) = 0;
  /// Writes what send() queued (called once per loop turn for each dirty connection).
  virtual void flush(Connection& c) = 0;
  /// Bytes queued and not yet taken by the kernel (the backlog the runner bounds).
  virtual std::size_t backlog(const Connection& c) const noexcept = 0;
  /// Ends the session politely (WebSocket close frame / Engine.IO close packet); onClosed
  /// with an empty error follows once the server has finished.
  virtual void close(Connection& c) = 0;

  /// Closes the sockets now; no onClosed.
  void abort(Connection& c);
  /// Closes the sockets now and reports `reason` through onClosed.
  void fail(Connection& c, std::string_view reason);

protected:
  enum class WriteResult { done, pending, failed };

  /// Opens the channel's socket (non-blocking connect); false after fail().
  bool connectChannel(Connection& c, int channel);
  /// Completes a pending connect; false after fail().
  bool finishConnect(Connection& c, int channel);
  /// Writes the channel's out buffer; asks for EPOLLOUT while the kernel cannot take it all.
  WriteResult write(Connection& c, int channel);
  void closeChannel(Channel& ch);
  /// The session ended as asked: closes the sockets, then onClosed with no error.
  void finish(Connection& c);
  /// Whether the channel still holds the socket of `generation` (a sink callback may have
  /// closed it).
  static bool alive(const Connection& c, int channel, std::uint32_t generation) noexcept {
    const Channel& ch = c.channels[static_cast<std::size_t>(channel)];
    return ch.fd >= 0 && ch.generation == generation;
  }

  TransportContext& ctx_;

private:
  void end(Connection& c, std::string_view error);
};

std::unique_ptr<Transport> makeWebSocketTransport(TransportContext& context);
std::unique_ptr<Transport> makePollingTransport(TransportContext& context);

}  // namespace bench
