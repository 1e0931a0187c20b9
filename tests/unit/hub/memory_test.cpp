// Memory per connection, measured with the counting operator new of counting_allocator.cpp:
//   - the SessionHub alone (its maps and SessionInfo), 10,000 sessions;
//   - a whole connection: Engine.IO session + Socket.IO connection and socket + hub session +
//     timers, 10,000 WebSocket connections, excluding only the network transport's own buffers.
// The figures are printed (for the issue); the bounds asserted are generous, to catch a
// regression by a large factor, not to pin a number.
#include <libsession/json.hpp>
#include <libsession/session_hub.hpp>
#include <libsession/socket_io_server.hpp>

#include <catch2/catch.hpp>

#include "counting_allocator.hpp"
#include "fake_channel_sender.hpp"
#include "fake_http.hpp"
#include "manual_event_loop.hpp"

#include <cstdio>
#include <string>
#include <vector>

using namespace libsession;
using namespace libsession::testing;

namespace {

constexpr std::size_t kConnections = 10000;

// A socket id shaped like the real ones (20 characters, beyond the small-string buffer).
std::string socketIdLike(std::size_t i) {
  std::string id = std::to_string(i);
  return std::string(20 - id.size(), 'A') + id;
}

// A WebSocket that keeps nothing: the transport's own memory is not what is measured here.
class NullWebSocket final : public WebSocketConnection {
public:
  void send(std::string_view, bool) override {}
  void close(WebSocketCloseCode, std::string_view) override {}
  std::size_t bufferedAmount() const noexcept override { return 0; }
};

// What a browser's upgrade request carries (socket.io-client in Chrome, roughly 600 bytes).
HttpRequest upgradeRequest() {
  return makeRequest(
      "GET", "/socket.io/?EIO=4&transport=websocket", {},
      {{"Host", "chat.example.com"},
       {"Connection", "Upgrade"},
       {"Pragma", "no-cache"},
       {"Cache-Control", "no-cache"},
       {"User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) "
                      "Chrome/120.0.0.0 Safari/537.36"},
       {"Upgrade", "websocket"},
       {"Origin", "https://chat.example.com"},
       {"Sec-WebSocket-Version", "13"},
       {"Accept-Encoding", "gzip, deflate, br"},
       {"Accept-Language", "en-GB,en-US;q=0.9,en;q=0.8"},
       {"Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ=="},
       {"Sec-WebSocket-Extensions", "permessage-deflate; client_max_window_bits"}});
}

}  // namespace

TEST_CASE("memory: SessionHub bytes per session (10,000 sessions)", "[hub][memory]") {
  ManualEventLoop loop;
  FakeChannelSender sender;
  SessionHub hub(loop, sender);
  std::vector<ChannelId> channels;
  std::vector<ParticipantId> participants;
  channels.reserve(kConnections);
  participants.reserve(kConnections);
  for (std::size_t i = 0; i < kConnections; ++i) {
    channels.emplace_back(socketIdLike(i));
    participants.emplace_back("user-" + std::to_string(100000 + i));
  }

  const std::size_t before = liveHeapBytes();
  for (std::size_t i = 0; i < kConnections; ++i) hub.open(channels[i], participants[i], false);
  const std::size_t during = liveHeapBytes();
  REQUIRE(hub.connectionCount() == kConnections);
  for (const auto& channel : channels) hub.close(channel, "done");
  const std::size_t after = liveHeapBytes();

  if (before == 0 && during == 0) {
    WARN("operator new is not counted in this build; nothing measured");
    return;
  }
  const double perSession = static_cast<double>(during - before) / kConnections;
  const double leftPerSession =
      static_cast<double>(after > before ? after - before : 0) / kConnections;
  std::printf("MEMORY: SessionHub: %.0f bytes per session (%zu sessions, %zu bytes); "
              "%.1f bytes per session left after closing all (hash buckets)\n",
              perSession, kConnections, during - before, leftPerSession);
  CHECK(perSession < 2048);
  CHECK(leftPerSession < 64);  // the emptied maps keep their buckets, nothing else
}

TEST_CASE("memory: a whole connection — engine, Socket.IO socket, hub session (10,000)",
          "[hub][memory]") {
  ManualEventLoop loop;
  SocketIoServer server(loop, {});
  SocketIoChannelSender sender(server);
  SessionHub hub(loop, sender);
  server.of("/").setAuthenticator(
      [](const ConnectRequest& request, std::function<void(AuthDecision)> done) {
        done(AuthDecision::accept(ParticipantId(*request.auth.find("token")->asString())));
      });
  attachSessionHub(hub, server.of("/"));

  std::vector<std::shared_ptr<WebSocketConnection>> sockets;
  std::vector<std::shared_ptr<WebSocketListener>> listeners;  // the transport holds these
  std::vector<std::string> connects;
  sockets.reserve(kConnections);
  listeners.reserve(kConnections);
  connects.reserve(kConnections);
  for (std::size_t i = 0; i < kConnections; ++i) {
    sockets.push_back(std::make_shared<NullWebSocket>());
    connects.push_back(R"(40{"token":"user-)" + std::to_string(100000 + i) + R"("})");
  }

  const std::size_t before = liveHeapBytes();
  for (std::size_t i = 0; i < kConnections; ++i) {
    listeners.push_back(server.engine().acceptWebSocket(upgradeRequest(), sockets[i]));
  }
  loop.runPending();
  const std::size_t opened = liveHeapBytes();  // Engine.IO session + Socket.IO client + timers
  for (std::size_t i = 0; i < kConnections; ++i) listeners[i]->onMessage(connects[i], false);
  loop.runPending();
  loop.dropCancelledTimers();  // the connect timeouts, cancelled by the joins
  const std::size_t during = liveHeapBytes();
  REQUIRE(server.socketCount() == kConnections);
  REQUIRE(hub.connectionCount() == kConnections);

  for (auto& listener : listeners) listener->onClose();
  listeners.clear();
  loop.runPending();
  loop.dropCancelledTimers();
  const std::size_t after = liveHeapBytes();
  CHECK(server.socketCount() == 0);
  CHECK(hub.connectionCount() == 0);
  CHECK(server.engine().sessionCount() == 0);

  if (before == 0 && during == 0) {
    WARN("operator new is not counted in this build; nothing measured");
    return;
  }
  const double perConnection = static_cast<double>(during - before) / kConnections;
  const double leftPerConnection =
      static_cast<double>(after > before ? after - before : 0) / kConnections;
  std::printf("MEMORY: whole connection (engine session + Socket.IO socket + hub session + "
              "timers, no transport buffers): %.0f bytes per connection (%zu connections): "
              "%.0f until the CONNECT, %.0f for the joined socket and its hub session; "
              "%.1f bytes per connection left after all closed\n",
              perConnection, kConnections,
              static_cast<double>(opened - before) / kConnections,
              static_cast<double>(during - opened) / kConnections, leftPerConnection);
  CHECK(perConnection < 16384);
  CHECK(leftPerConnection < 128);
}
