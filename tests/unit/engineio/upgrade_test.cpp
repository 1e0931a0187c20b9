// EngineIoServer: the polling → WebSocket upgrade (reference-server-behaviour.md §4): the probe
// (2probe/3probe), the noop that releases a held poll, the 5 that switches, and that no packet is
// lost, duplicated or reordered on the way.
#include "engine_fixture.hpp"

using namespace libsession;
using namespace libsession::testing;

namespace {

// Every message packet a client received, from poll bodies and WebSocket frames, in order.
struct Received {
  void fromPoll(const FakeHttpExchange& poll) {
    REQUIRE(poll.responded());
    REQUIRE(poll.status() == 200);
    for (const auto& p : splitPayload(poll.body())) {
      if (!p.empty() && p.front() == '4') messages.push_back(p.substr(1));
    }
  }
  void fromSocket(FakeWebSocket& socket) {
    for (const auto& frame : socket.takeSent()) {
      if (!frame.binary && !frame.bytes.empty() && frame.bytes.front() == '4') {
        messages.push_back(frame.bytes.substr(1));
      }
    }
  }
  std::vector<std::string> messages;
};

}  // namespace

TEST_CASE("engineio: upgrade — probe, noop for the held poll, 5 switches to WebSocket",
          "[engineio][upgrade]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  auto session = f.onlySession();
  auto poll = f.client.get(sid);

  auto probe = f.client.probe(sid);
  CHECK(probe->sent().empty());  // nothing but 3probe ever goes to a probe before the 5
  CHECK(session->transport() == EngineIoTransport::polling);

  probe->receive("2probe");
  CHECK(probe->takeSentBytes() == std::vector<std::string>{"3probe"});

  f.loop.advance(100ms);  // the reference releases the held poll within 100 ms
  REQUIRE(poll->responded());
  CHECK(poll->status() == 200);
  CHECK(poll->body() == "6");

  // While the client pauses polling, further polls are released the same way.
  auto paused = f.client.get(sid);
  f.loop.advance(100ms);
  REQUIRE(paused->responded());
  CHECK(paused->body() == "6");

  probe->receive("5");
  CHECK(session->transport() == EngineIoTransport::websocket);
  CHECK(session->isOpen());
  CHECK_FALSE(probe->closedByServer());

  session->send("over ws");
  CHECK(probe->takeSentBytes() == std::vector<std::string>{"4over ws"});
  probe->receive("4from client");
  CHECK(f.handler.messageData(sid) == std::vector<std::string>{"from client"});
  CHECK(f.handler.closed.empty());
  CHECK(f.handler.opened.size() == 1);  // an upgrade is not a new session
}

TEST_CASE("engineio: packets queued during the upgrade come out on the WebSocket, in order, "
          "none lost or duplicated", "[engineio][upgrade]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  auto session = f.onlySession();
  Received received;

  session->send("m0");
  received.fromPoll(*f.client.get(sid));

  auto probe = f.client.probe(sid);
  session->send("m1");  // upgrading: goes to polling, not to the probe
  CHECK(probe->sent().empty());
  probe->receive("2probe");
  CHECK(probe->takeSentBytes() == std::vector<std::string>{"3probe"});

  received.fromPoll(*f.client.get(sid));  // m1, at once
  auto held = f.client.get(sid);
  session->send("m2");  // answers the held poll
  received.fromPoll(*held);

  auto released = f.client.get(sid);
  f.loop.advance(100ms);
  received.fromPoll(*released);  // "6"

  // The client has paused polling; everything else waits for the WebSocket.
  for (int i = 3; i < 40; ++i) session->send("m" + std::to_string(i));
  CHECK(probe->takeSent().empty());

  probe->receive("5");
  received.fromSocket(*probe);
  for (int i = 40; i < 45; ++i) session->send("m" + std::to_string(i));
  received.fromSocket(*probe);

  std::vector<std::string> expected;
  for (int i = 0; i < 45; ++i) expected.push_back("m" + std::to_string(i));
  CHECK(received.messages == expected);
}

TEST_CASE("engineio: a poll still held when the 5 arrives is released, not lost",
          "[engineio][upgrade]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  auto probe = f.client.probe(sid);
  probe->receive("2probe");
  auto poll = f.client.get(sid);  // arrives after the probe; the 5 comes before the next tick
  probe->receive("5");
  REQUIRE(poll->responded());
  CHECK(poll->status() == 200);
  // Deviation (engineio/server.cpp completeUpgrade): a noop where the reference sends 1.
  CHECK(poll->body() == "6");
  CHECK(f.onlySession()->isOpen());
  CHECK(f.onlySession()->transport() == EngineIoTransport::websocket);
}

TEST_CASE("engineio: a 5 without a probe completes the upgrade too", "[engineio][upgrade]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  auto probe = f.client.probe(sid);
  probe->receive("5");
  CHECK(f.onlySession()->transport() == EngineIoTransport::websocket);
}

TEST_CASE("engineio: anything but 2probe or 5 on the probe drops it, polling continues",
          "[engineio][upgrade]") {
  for (const char* frame : {"4hello", "2", "3", "3probe", "1", "x"}) {
    INFO(frame);
    EngineFixture f;
    const std::string sid = f.client.handshake();
    auto probe = f.client.probe(sid);
    if (std::string(frame) != "2") {
      probe->receive("2probe");
      probe->takeSent();
    }
    probe->receive(frame);

    CHECK(probe->closeCode() == std::optional<WebSocketCloseCode>(WebSocketCloseCode::no_status));
    CHECK(probe->takeSent().empty());
    CHECK(f.handler.messages.empty());  // a probe's packets never reach the application
    auto session = f.onlySession();
    CHECK(session->isOpen());
    CHECK(session->transport() == EngineIoTransport::polling);

    // Polling works as before, and no more noops are sent.
    auto poll = f.client.get(sid);
    f.loop.advance(1000ms);
    CHECK_FALSE(poll->responded());
    session->send("still polling");
    CHECK(poll->body() == "4still polling");
    f.loop.runPending();  // the probe's close is reported back
    CHECK(f.handler.closed.empty());
  }
}

TEST_CASE("engineio: a binary frame on the probe drops it", "[engineio][upgrade]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  auto probe = f.client.probe(sid);
  probe->receiveBinary("probe");
  CHECK(probe->closedByServer());
  CHECK(f.handler.messages.empty());
  CHECK(f.onlySession()->transport() == EngineIoTransport::polling);
}

TEST_CASE("engineio: upgradeTimeout drops a probe that does not complete", "[engineio][upgrade]") {
  EngineIoOptions options;
  options.upgradeTimeout = 3000ms;
  EngineFixture f(options);
  const std::string sid = f.client.handshake();
  auto probe = f.client.probe(sid);  // the timer starts when the WebSocket is accepted
  f.loop.advance(1000ms);
  probe->receive("2probe");
  f.loop.advance(1999ms);
  CHECK_FALSE(probe->closedByServer());
  f.loop.advance(1ms);
  CHECK(probe->closeCode() == std::optional<WebSocketCloseCode>(WebSocketCloseCode::no_status));

  auto session = f.onlySession();
  CHECK(session->isOpen());
  CHECK(session->transport() == EngineIoTransport::polling);
  auto poll = f.client.get(sid);
  f.loop.advance(500ms);
  CHECK_FALSE(poll->responded());  // the noop ticker stopped with the probe
  session->send("x");
  CHECK(poll->body() == "4x");

  // A late 5 on the dropped probe changes nothing.
  probe->receive("5");
  CHECK(session->transport() == EngineIoTransport::polling);
  f.loop.runPending();
  CHECK(f.handler.closed.empty());
}

TEST_CASE("engineio: a probe the client closes is dropped, a later upgrade succeeds",
          "[engineio][upgrade]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  auto first = f.client.probe(sid);
  first->receive("2probe");
  first->disconnect();
  auto session = f.onlySession();
  CHECK(session->isOpen());
  CHECK(session->transport() == EngineIoTransport::polling);
  CHECK(f.handler.closed.empty());

  auto second = f.client.probe(sid);
  second->receive("2probe");
  CHECK(second->takeSentBytes() == std::vector<std::string>{"3probe"});
  second->receive("5");
  CHECK(session->transport() == EngineIoTransport::websocket);
}

TEST_CASE("engineio: a second WebSocket for an upgrading or upgraded session is closed at once",
          "[engineio][upgrade]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  auto probe = f.client.probe(sid);
  probe->receive("2probe");
  probe->takeSent();

  auto during = f.client.probe(sid);
  CHECK(during->closeCode() == std::optional<WebSocketCloseCode>(WebSocketCloseCode::no_status));
  CHECK(during->sent().empty());
  CHECK_FALSE(probe->closedByServer());  // the first probe is unaffected

  probe->receive("5");
  REQUIRE(f.onlySession()->transport() == EngineIoTransport::websocket);

  auto after = f.client.probe(sid);
  CHECK(after->closeCode() == std::optional<WebSocketCloseCode>(WebSocketCloseCode::no_status));
  after->receive("4ignored");
  f.loop.runPending();
  CHECK(f.handler.messages.empty());
  CHECK(f.onlySession()->isOpen());
  CHECK_FALSE(probe->closedByServer());
  CHECK(f.handler.closed.empty());
}

TEST_CASE("engineio: with allowUpgrades off a probe is closed at once", "[engineio][upgrade]") {
  EngineIoOptions options;
  options.allowUpgrades = false;
  EngineFixture f(options);
  const std::string sid = f.client.handshake();
  auto probe = f.client.probe(sid);
  CHECK(probe->closedByServer());
  CHECK(f.onlySession()->transport() == EngineIoTransport::polling);
}

TEST_CASE("engineio: the heartbeat goes on across the upgrade", "[engineio][upgrade][heartbeat]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  f.loop.advance(20000ms);
  auto probe = f.client.probe(sid);
  probe->receive("2probe");
  probe->takeSent();

  auto poll = f.client.get(sid);
  f.loop.advance(100ms);
  REQUIRE(poll->body() == "6");
  f.loop.advance(4900ms);  // t = 25 s: the ping is buffered for polling, not sent on the probe
  CHECK(probe->takeSent().empty());

  probe->receive("5");
  CHECK(probe->takeSentBytes() == std::vector<std::string>{"2"});
  probe->receive("3");
  f.loop.advance(25000ms);
  CHECK(probe->takeSentBytes() == std::vector<std::string>{"2"});
  f.loop.advance(20000ms);
  CHECK(f.handler.closeReason(sid) == "ping timeout");
  CHECK(probe->closeCode() == std::optional<WebSocketCloseCode>(WebSocketCloseCode::no_status));
}

TEST_CASE("engineio: closing a session during an upgrade closes the probe, onClose once",
          "[engineio][upgrade][close]") {
  SECTION("server close") {
    EngineFixture f;
    const std::string sid = f.client.handshake();
    auto poll = f.client.get(sid);
    auto probe = f.client.probe(sid);
    probe->receive("2probe");
    f.onlySession()->close();
    CHECK(probe->closedByServer());
    f.loop.runPending();
    CHECK(f.handler.closeCount(sid) == 1);
    CHECK(f.handler.closeReason(sid) == "forced close");
    REQUIRE(poll->responded());
  }
  SECTION("client POSTs 1") {
    EngineFixture f;
    const std::string sid = f.client.handshake();
    auto probe = f.client.probe(sid);
    probe->receive("2probe");
    f.client.post(sid, "1");
    CHECK(probe->closedByServer());
    probe->receive("5");
    f.loop.runPending();
    CHECK(f.handler.closeCount(sid) == 1);
    CHECK(f.handler.closeReason(sid) == "transport close");
  }
}

TEST_CASE("engineio: the upgraded WebSocket closing ends the session 'transport close'",
          "[engineio][upgrade][close]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  auto probe = f.client.probe(sid);
  probe->receive("2probe");
  probe->receive("5");
  probe->disconnect();
  CHECK(f.handler.closeReason(sid) == "transport close");
  CHECK(f.handler.closeCount(sid) == 1);
  CHECK(f.server.sessionCount() == 0);
  CHECK(f.loop.activeTimerCount() == 0);
}
