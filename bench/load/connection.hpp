// bench/load/connection.hpp — one simulated Socket.IO client: its sockets, its buffers and the
// Events it has in flight. Plain data: the transports (transport.hpp) move its bytes, the runner
// (runner.hpp) decides what it sends. Lives in the runner's vector for the whole run; storm mode
// reuses a slot for one handshake after another.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace bench {

enum class Stage : std::uint8_t {
  idle,         // not started, or over
  handshaking,  // TCP connect + WebSocket upgrade, or the polling handshake GET
  opening,      // waiting for the Engine.IO open packet
  joining,      // namespace CONNECT (40 + auth) sent, waiting for 40{"sid":...}
  ready,        // connected to the namespace
  closing,      // we asked to close; waiting for the server to finish
};

/// One TCP connection. WebSocket uses one; long-polling two (a held GET and a POST), each
/// reconnected when the server closes it after a response.
struct Channel {
  int fd = -1;
  std::uint32_t generation = 0;  // bumped per socket: events for an earlier socket are dropped
  bool connecting = false;       // non-blocking connect not finished yet
  bool writeArmed = false;       // EPOLLOUT requested
  bool busy = false;             // polling: a request is out, its response not complete
  bool closeFrameSeen = false;   // WebSocket: the server's close frame arrived
  std::string in;                // bytes of an incomplete frame or response
  std::string out;               // bytes not yet written, from outPos
  std::size_t outPos = 0;

  std::size_t pendingOut() const noexcept { return out.size() - outPos; }
};

/// An Event sent and not yet answered with both its ack and its echo.
struct InFlight {
  std::uint64_t sequence = 0;
  std::int64_t sentNs = 0;  // closed loop: when it was sent; open loop: when it was due
  std::uint8_t got = 0;     // kGotAck | kGotEcho
  bool live = false;
};

inline constexpr std::uint8_t kGotAck = 1;
inline constexpr std::uint8_t kGotEcho = 2;

struct Connection {
  std::uint32_t index = 0;
  Stage stage = Stage::idle;
  bool dirty = false;             // has bytes to flush at the end of this loop turn
  std::int64_t stageSinceNs = 0;  // when the handshake (or the close) started
  std::array<Channel, 2> channels;

  // Long-polling only.
  std::string sid;
  std::string pollGet;            // the long-poll GET request, built once the sid is known
  std::string postTarget;         // path?EIO=4&transport=polling&sid=...
  std::string postQueue;          // packets waiting for the next POST, separated by U+001E

  // Load: a ring indexed by sequence number (its size, a power of two, bounds what is in
  // flight; a slot still live when its number comes round again holds up sending).
  std::uint64_t nextSequence = 0;
  std::uint32_t outstanding = 0;
  std::vector<InFlight> ring;
  std::uint64_t ringMask = 0;
};

}  // namespace bench
