// EngineIoServer: closing sessions from either side (reference-server-behaviour.md §3.3, §3.4,
// §5.4, §5.5). Every path ends in exactly one onClose.
#include "engine_fixture.hpp"

using namespace libsession;
using namespace libsession::testing;

TEST_CASE("engineio: server close on polling with a held poll answers it with 1",
          "[engineio][close]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  auto poll = f.client.get(sid);
  auto session = f.onlySession();
  session->close();

  REQUIRE(poll->responded());
  CHECK(poll->body() == "1");
  CHECK_FALSE(session->isOpen());
  CHECK(f.handler.closeReason(sid) == "forced close");
  CHECK(f.handler.closeCount(sid) == 1);
  checkJsonError(*f.client.get(sid), 400, 1, "Session ID unknown");
  session->close();
  CHECK(f.handler.closeCount(sid) == 1);
}

TEST_CASE("engineio: server close on polling without a held poll: the next poll carries the "
          "goodbye, the sid stays valid until then", "[engineio][close]") {
  SECTION("nothing queued: 6 then 1") {
    EngineFixture f;
    const std::string sid = f.client.handshake();
    auto session = f.onlySession();
    session->close();
    CHECK_FALSE(session->isOpen());
    CHECK(f.server.sessionCount() == 0);

    f.loop.advance(5000ms);
    auto poll = f.client.get(sid);
    REQUIRE(poll->responded());
    CHECK(poll->status() == 200);
    CHECK(poll->body() == "6\x1e" "1");
    checkJsonError(*f.client.get(sid), 400, 1, "Session ID unknown");
    CHECK(f.handler.closeCount(sid) == 1);
    CHECK(f.handler.closeReason(sid) == "forced close");
  }
  SECTION("queued packets first, then 1") {
    EngineFixture f;
    const std::string sid = f.client.handshake();
    auto session = f.onlySession();
    session->send("41");  // e.g. a Socket.IO DISCONNECT sent just before closing
    session->close();
    session->send("dropped");  // ignored once closing
    auto poll = f.client.get(sid);
    REQUIRE(poll->responded());
    const auto packets = splitPayload(poll->body());
    REQUIRE(packets.size() >= 2);
    CHECK(packets.front() == "441");
    CHECK(packets.back() == "1");
    CHECK(poll->body().find("dropped") == std::string::npos);
    CHECK(f.handler.closeCount(sid) == 1);
  }
  SECTION("packets POSTed while closing are ignored") {
    EngineFixture f;
    const std::string sid = f.client.handshake();
    f.onlySession()->close();
    auto post = f.client.post(sid, "4late");
    CHECK(f.handler.messages.empty());
    CHECK(f.handler.closeCount(sid) == 1);
  }
  SECTION("no poll within 30 s: the sid is forgotten") {
    EngineFixture f;
    const std::string sid = f.client.handshake();
    f.onlySession()->close();
    f.loop.advance(30000ms);
    checkJsonError(*f.client.get(sid), 400, 1, "Session ID unknown");
    CHECK(f.handler.closeCount(sid) == 1);
    CHECK(f.loop.activeTimerCount() == 0);
  }
}

TEST_CASE("engineio: server close on WebSocket sends a close frame without status",
          "[engineio][close][websocket]") {
  EngineFixture f;
  auto [socket, sid] = f.client.openWebSocket();
  auto session = f.onlySession();
  session->send("41");
  session->close();
  // Queued packets go out before the close frame; no 1 packet over WebSocket.
  CHECK(socket->takeSentBytes() == std::vector<std::string>{"441"});
  CHECK(socket->closeCode() == std::optional<WebSocketCloseCode>(WebSocketCloseCode::no_status));
  CHECK(f.handler.closeReason(sid) == "forced close");
  f.loop.runPending();  // the transport reports the closed socket
  CHECK(socket->closeReported());
  CHECK(f.handler.closeCount(sid) == 1);
  CHECK(f.server.sessionCount() == 0);
  CHECK(f.loop.activeTimerCount() == 0);
}

TEST_CASE("engineio: the client closing its WebSocket ends the session 'transport close'",
          "[engineio][close][websocket]") {
  EngineFixture f;
  auto [socket, sid] = f.client.openWebSocket();
  socket->disconnect();
  CHECK(f.handler.closeReason(sid) == "transport close");
  CHECK(f.handler.closeCount(sid) == 1);
  CHECK_FALSE(socket->closedByServer());
  f.onlySession()->close();
  CHECK(f.handler.closeCount(sid) == 1);
}

TEST_CASE("engineio: a 1 packet over WebSocket closes nothing", "[engineio][close][websocket]") {
  EngineFixture f;
  auto [socket, sid] = f.client.openWebSocket();
  socket->receive("1");
  CHECK(f.onlySession()->isOpen());
  CHECK_FALSE(socket->closedByServer());
  CHECK(f.handler.closed.empty());
}

TEST_CASE("engineio: an undecodable WebSocket frame closes the session 'parse error'",
          "[engineio][close][websocket]") {
  EngineFixture f;
  auto [socket, sid] = f.client.openWebSocket();
  socket->receive("9nope");
  CHECK(f.handler.closeReason(sid) == "parse error");
  CHECK(socket->closedByServer());
  f.loop.runPending();
  CHECK(f.handler.closeCount(sid) == 1);
}

TEST_CASE("engineio: a WebSocket message over maxHttpBufferSize → 1009, 'transport error'",
          "[engineio][close][websocket][limits]") {
  EngineIoOptions options;
  options.maxHttpBufferSize = 100;
  EngineFixture f(options);
  auto [socket, sid] = f.client.openWebSocket();
  socket->receive("4" + std::string(99, 'a'));
  CHECK(f.onlySession()->isOpen());
  socket->receive("4" + std::string(100, 'a'));
  CHECK(socket->closeCode() ==
        std::optional<WebSocketCloseCode>(WebSocketCloseCode::message_too_big));
  CHECK(f.handler.closeReason(sid) == "transport error");
  CHECK(f.handler.messageData(sid).size() == 1);
}

TEST_CASE("engineio: close() from inside the application's callbacks", "[engineio][close]") {
  SECTION("onMessage, polling") {
    EngineFixture f;
    f.handler.messageHook = [](EngineIoSession& session, const engineio::Packet&) {
      session.send("bye");
      session.close();
    };
    const std::string sid = f.client.handshake();
    auto poll = f.client.get(sid);
    auto post = f.client.post(sid, "4a\x1e" "4b");
    CHECK(post->body() == "ok");
    CHECK(f.handler.messageData(sid) == std::vector<std::string>{"a"});  // nothing after close
    REQUIRE(poll->responded());
    CHECK(splitPayload(poll->body()).front() == "4bye");
    f.loop.advance(60000ms);
    CHECK(f.handler.closeCount(sid) == 1);
  }
  SECTION("onOpen, WebSocket") {
    EngineFixture f;
    f.handler.openHook = [](const std::shared_ptr<EngineIoSession>& session) { session->close(); };
    auto socket = f.client.webSocket("EIO=4&transport=websocket");
    CHECK(socket->closedByServer());
    f.loop.runPending();
    REQUIRE(f.handler.opened.size() == 1);
    CHECK(f.handler.closeCount(f.handler.opened.front()->id()) == 1);
  }
  SECTION("onClose sends and closes again") {
    EngineFixture f;
    f.handler.closeHook = [](EngineIoSession& session, std::string_view) {
      session.send("ignored");
      session.close();
    };
    auto [socket, sid] = f.client.openWebSocket();
    socket->disconnect();
    CHECK(f.handler.closeCount(sid) == 1);
    CHECK(socket->takeSent().empty());
  }
}

TEST_CASE("engineio: closeAll closes every session 'server shutting down'", "[engineio][close]") {
  EngineFixture f;
  const std::string pollingHeld = f.client.handshake();
  auto poll = f.client.get(pollingHeld);
  const std::string pollingIdle = f.client.handshake();
  auto [socket, wsSid] = f.client.openWebSocket();
  REQUIRE(f.server.sessionCount() == 3);

  f.server.closeAll();
  CHECK(f.server.sessionCount() == 0);
  CHECK(f.handler.closed.size() == 3);
  for (const auto& sid : {pollingHeld, pollingIdle, wsSid}) {
    CHECK(f.handler.closeReason(sid) == "server shutting down");
  }
  REQUIRE(poll->responded());
  CHECK(poll->body() == "1");
  CHECK(socket->closeCode() == std::optional<WebSocketCloseCode>(WebSocketCloseCode::going_away));
  // The idle polling client is told on its next poll, so that it reconnects.
  CHECK(f.server.closingSessionCount() == 1);
  auto goodbye = f.client.get(pollingIdle);
  REQUIRE(goodbye->responded());
  CHECK(goodbye->body() == "6\x1e" "1");
  CHECK(f.server.closingSessionCount() == 0);

  f.server.closeAll();
  f.loop.advance(60000ms);
  CHECK(f.handler.closed.size() == 3);
}

TEST_CASE("engineio: onOpen and onClose stay balanced over many sessions and every kind of end",
          "[engineio][close]") {
  EngineFixture f;
  std::vector<std::string> sids;
  std::vector<std::shared_ptr<FakeWebSocket>> sockets;
  for (int i = 0; i < 10; ++i) {
    const std::string sid = f.client.handshake();
    sids.push_back(sid);
    switch (i % 5) {
      case 0: f.client.post(sid, "1"); break;                      // client goodbye
      case 1: f.client.get(sid); f.client.get(sid); break;         // overlapping polls
      case 2: f.client.post(sid, "9"); break;                      // parse error
      case 3: f.handler.opened.back()->close(); break;             // server close
      default: break;                                              // left to the heartbeat
    }
  }
  for (int i = 0; i < 5; ++i) {
    auto [socket, sid] = f.client.openWebSocket();
    sids.push_back(sid);
    sockets.push_back(socket);
    if (i % 2 == 0) socket->disconnect();
  }
  f.loop.advance(100000ms);
  REQUIRE(f.handler.opened.size() == sids.size());
  for (const auto& sid : sids) {
    INFO(sid);
    CHECK(f.handler.openCount(sid) == 1);
    CHECK(f.handler.closeCount(sid) == 1);
  }
  CHECK(f.server.sessionCount() == 0);
}
