// EngineIoServer: heartbeats in virtual time (reference-server-behaviour.md §3.2, §5.1).
// The server pings every pingInterval and gives the client pingTimeout to answer; only incoming
// traffic keeps a session alive.
#include "engine_fixture.hpp"

using namespace libsession;
using namespace libsession::testing;

TEST_CASE("engineio: a ping is sent after pingInterval, on the held poll", "[engineio][heartbeat]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  auto poll = f.client.get(sid);

  f.loop.advance(24999ms);
  CHECK_FALSE(poll->responded());
  f.loop.advance(1ms);
  REQUIRE(poll->responded());
  CHECK(poll->body() == "2");
}

TEST_CASE("engineio: a ping waits in the buffer for the next poll", "[engineio][heartbeat]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  f.loop.advance(25000ms);
  auto poll = f.client.get(sid);
  REQUIRE(poll->responded());
  CHECK(poll->body() == "2");
}

TEST_CASE("engineio: no pong within pingTimeout closes the session 'ping timeout'",
          "[engineio][heartbeat]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  auto ping = f.client.get(sid);
  f.loop.advance(25000ms);
  REQUIRE(ping->body() == "2");
  auto poll = f.client.get(sid);  // the client keeps polling but never answers

  f.loop.advance(19999ms);
  CHECK(f.onlySession()->isOpen());
  CHECK(f.handler.closed.empty());
  f.loop.advance(1ms);
  CHECK_FALSE(f.onlySession()->isOpen());
  CHECK(f.handler.closeReason(sid) == "ping timeout");
  CHECK(f.handler.closeCount(sid) == 1);
  // The held poll is told the session is over.
  REQUIRE(poll->responded());
  CHECK(poll->body() == "1");
  CHECK(f.server.sessionCount() == 0);
}

TEST_CASE("engineio: after a ping timeout with no poll held, the sid is simply gone",
          "[engineio][heartbeat]") {
  // The reference removes the session at once (Socket.onClose); only a deliberate server close
  // keeps the sid for a goodbye poll.
  EngineFixture f;
  const std::string sid = f.client.handshake();
  f.loop.advance(45000ms);
  CHECK(f.handler.closeReason(sid) == "ping timeout");
  checkJsonError(*f.client.get(sid), 400, 1, "Session ID unknown");
  CHECK(f.handler.closeCount(sid) == 1);
  CHECK(f.loop.activeTimerCount() == 0);
}

TEST_CASE("engineio: the next ping is pingInterval after the pong", "[engineio][heartbeat]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  f.loop.advance(25000ms);
  REQUIRE(f.client.get(sid)->body() == "2");

  f.loop.advance(5000ms);  // t = 30 s: the pong arrives late but in time
  CHECK(f.client.post(sid, "3")->body() == "ok");
  auto poll = f.client.get(sid);

  f.loop.advance(24999ms);  // t = 54.999 s; also past the old 45 s deadline
  CHECK_FALSE(poll->responded());
  CHECK(f.onlySession()->isOpen());
  f.loop.advance(1ms);  // t = 55 s
  REQUIRE(poll->responded());
  CHECK(poll->body() == "2");

  // Answered again: the session lives on indefinitely.
  for (int i = 0; i < 10; ++i) {
    f.client.post(sid, "3");
    auto next = f.client.get(sid);
    f.loop.advance(25000ms);
    REQUIRE(next->responded());
    CHECK(next->body() == "2");
  }
  CHECK(f.onlySession()->isOpen());
  CHECK(f.handler.closed.empty());
}

TEST_CASE("engineio: a non-pong packet while a pong is awaited extends the deadline once",
          "[engineio][heartbeat]") {
  // The reference observation: pingInterval 3 s, pingTimeout 2 s, ping at 3.0 s, a message at
  // 4.5 s → closed at 6.5 s (not 5.0 s, and a second message does not push it further).
  EngineIoOptions options;
  options.pingInterval = 3000ms;
  options.pingTimeout = 2000ms;
  EngineFixture f(options);
  const std::string sid = f.client.handshake();

  f.loop.advance(3000ms);
  REQUIRE(f.client.get(sid)->body() == "2");
  f.loop.advance(1500ms);  // 4.5 s
  f.client.post(sid, "4alive");
  f.loop.advance(500ms);  // 5.0 s: the original deadline has passed
  CHECK(f.onlySession()->isOpen());
  f.client.post(sid, "4still alive");  // no second extension
  f.loop.advance(1499ms);  // 6.499 s
  CHECK(f.onlySession()->isOpen());
  f.loop.advance(1ms);  // 6.5 s
  CHECK_FALSE(f.onlySession()->isOpen());
  CHECK(f.handler.closeReason(sid) == "ping timeout");
  CHECK(f.handler.messageData(sid) == std::vector<std::string>{"alive", "still alive"});
}

TEST_CASE("engineio: traffic while no pong is awaited does not move the ping",
          "[engineio][heartbeat]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  f.loop.advance(10000ms);
  f.client.post(sid, "4x");
  auto poll = f.client.get(sid);
  f.loop.advance(15000ms);  // t = 25 s
  REQUIRE(poll->responded());
  CHECK(poll->body() == "2");
}

TEST_CASE("engineio: a ping from the client is a protocol error ('transport error')",
          "[engineio][heartbeat]") {
  SECTION("over polling") {
    EngineFixture f;
    const std::string sid = f.client.handshake();
    auto post = f.client.post(sid, "2");
    CHECK(post->body() == "ok");
    CHECK(f.handler.closeReason(sid) == "transport error");
    CHECK(f.handler.closeCount(sid) == 1);
  }
  SECTION("over WebSocket") {
    EngineFixture f;
    auto [socket, sid] = f.client.openWebSocket();
    socket->receive("2");
    CHECK(f.handler.closeReason(sid) == "transport error");
    CHECK(socket->closedByServer());
    f.loop.runPending();
    CHECK(f.handler.closeCount(sid) == 1);
  }
}

TEST_CASE("engineio: the server's own sends never keep a session alive", "[engineio][heartbeat]") {
  SECTION("over WebSocket") {
    EngineFixture f;
    auto [socket, sid] = f.client.openWebSocket();
    auto session = f.onlySession();
    for (int second = 1; second < 45; ++second) {
      f.loop.advance(1000ms);
      session->send("tick");
    }
    CHECK(session->isOpen());
    f.loop.advance(1000ms);  // t = 45 s = pingInterval + pingTimeout
    CHECK_FALSE(session->isOpen());
    CHECK(f.handler.closeReason(sid) == "ping timeout");
    CHECK(socket->closeCode() == std::optional<WebSocketCloseCode>(WebSocketCloseCode::no_status));
  }
  SECTION("over polling, with the client fetching everything") {
    EngineFixture f;
    const std::string sid = f.client.handshake();
    auto session = f.onlySession();
    for (int second = 1; second < 45; ++second) {
      f.loop.advance(1000ms);
      session->send("tick");
      f.client.get(sid);
    }
    CHECK(session->isOpen());
    f.loop.advance(1000ms);
    CHECK(f.handler.closeReason(sid) == "ping timeout");
  }
}

TEST_CASE("engineio: heartbeat over WebSocket", "[engineio][heartbeat][websocket]") {
  EngineFixture f;
  auto [socket, sid] = f.client.openWebSocket();
  f.loop.advance(25000ms);
  CHECK(socket->takeSentBytes() == std::vector<std::string>{"2"});
  f.loop.advance(1000ms);
  socket->receive("3");
  f.loop.advance(24999ms);
  CHECK(socket->takeSentBytes().empty());
  f.loop.advance(1ms);
  CHECK(socket->takeSentBytes() == std::vector<std::string>{"2"});
  f.loop.advance(20000ms);
  CHECK(f.handler.closeReason(sid) == "ping timeout");
  CHECK(socket->closeCode() == std::optional<WebSocketCloseCode>(WebSocketCloseCode::no_status));
  f.loop.runPending();  // the transport reports the socket closed
  CHECK(f.handler.closeCount(sid) == 1);
}

TEST_CASE("engineio: a closed session leaves no timers behind", "[engineio][heartbeat]") {
  EngineFixture f;
  auto [socket, sid] = f.client.openWebSocket();
  socket->disconnect();
  CHECK(f.handler.closeReason(sid) == "transport close");
  CHECK(f.loop.activeTimerCount() == 0);
}
