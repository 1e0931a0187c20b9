// The parts every SocketIoServer test needs: a virtual-time loop, the server, and clients played
// through its engine() with the in-memory fakes. Most tests use WebSocket clients (one Socket.IO
// packet per frame reads best); the polling path is covered where it differs.
#pragma once

#include <libsession/error.hpp>
#include <libsession/json.hpp>
#include <libsession/socket_io_server.hpp>

#include <catch2/catch.hpp>

#include "engine_io_driver.hpp"
#include "fake_http.hpp"
#include "manual_event_loop.hpp"
#include "test_printers.hpp"

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace libsession::testing {

using namespace std::chrono_literals;

/// One client connection over WebSocket. Packets are written as the WebSocket frame text, the
/// Engine.IO type first: "40" is CONNECT, "42[…]" an EVENT, "41" a DISCONNECT.
struct SioClient {
  /// Sends one text frame.
  void send(const std::string& frame) { ws->receive(frame); }
  /// Sends a binary attachment.
  void sendBinary(const std::string& bytes) { ws->receiveBinary(bytes); }
  /// The Engine.IO message frames received since the last call, as text; binary attachments
  /// as "<bin:" + bytes + ">". Pings and other engine packets are left out.
  std::vector<std::string> received() {
    std::vector<std::string> out;
    for (auto& frame : ws->takeSent()) {
      if (frame.binary) {
        out.push_back("<bin:" + frame.bytes + ">");
      } else if (!frame.bytes.empty() && frame.bytes.front() == '4') {
        out.push_back(std::move(frame.bytes));
      }
    }
    return out;
  }
  bool closed() const { return ws->closedByServer() || ws->closeReported(); }

  std::shared_ptr<FakeWebSocket> ws;
  std::string engineSid;
};

/// The socket id in a CONNECT answer (`40{"sid":"…"}` or `40/nsp,{"sid":"…"}`).
inline std::string connectSid(const std::string& packet) {
  INFO(packet);
  REQUIRE(packet.rfind("40", 0) == 0);
  const std::size_t brace = packet.find('{');
  REQUIRE(brace != std::string::npos);
  Value data;
  REQUIRE_FALSE(parseJson(std::string_view(packet).substr(brace), data));
  REQUIRE(data.isObject());
  REQUIRE(data.asObject()->size() == 1);  // {"sid":…} only
  const Value* sid = data.find("sid");
  REQUIRE(sid != nullptr);
  REQUIRE(sid->isString());
  return *sid->asString();
}

struct SioFixture {
  explicit SioFixture(EngineIoOptions engineOptions = {}, SocketIoOptions options = {})
      : server(loop, std::move(engineOptions), options), driver(server.engine(), &loop) {}

  /// A fresh WebSocket connection that has not joined any namespace.
  SioClient open() {
    auto [ws, sid] = driver.openWebSocket();
    return SioClient{ws, sid};
  }
  /// A connection joined to `nsp` (CONNECT must succeed); returns the socket id through `id`.
  SioClient connect(std::string* id = nullptr, const std::string& nsp = "/",
                    const std::string& auth = {}) {
    SioClient client = open();
    client.send("40" + (nsp == "/" ? std::string() : nsp + ",") + auth);
    const auto packets = client.received();
    REQUIRE_FALSE(packets.empty());
    const std::string sid = connectSid(packets.front());
    if (id != nullptr) *id = sid;
    return client;
  }

  ManualEventLoop loop;
  SocketIoServer server;
  EngineIoDriver driver;
};

/// Records the calls of an AckCallback.
struct AckRecorder {
  AckCallback callback() {
    return [this](std::error_code ec, Value::Array received) {
      ++calls;
      error = ec;
      args = std::move(received);
    };
  }
  int calls = 0;
  std::error_code error;
  Value::Array args;
};

}  // namespace libsession::testing
