// EngineIoServer: the handshake on both transports and the reference server's error answers
// (docs/notes/reference-server-behaviour.md §1.3-§1.5, §2).
#include "engine_fixture.hpp"

#include <regex>
#include <set>

using namespace libsession;
using namespace libsession::testing;

TEST_CASE("engineio: polling handshake answers with the open packet", "[engineio][handshake]") {
  EngineFixture f;
  auto exchange = f.client.http("GET", "EIO=4&transport=polling&t=OdT1x2a");

  REQUIRE(exchange->responded());
  CHECK(exchange->status() == 200);
  CHECK(exchange->header("Content-Type") == std::optional<std::string>("text/plain; charset=UTF-8"));
  CHECK(exchange->header("Cache-Control") == std::optional<std::string>("no-store"));
  CHECK(exchange->respondCalls() == 1);

  // Exactly the open packet, keys in the reference order, nothing else in this first payload.
  const std::regex open(
      R"(0\{"sid":"[A-Za-z0-9_-]{20}","upgrades":\["websocket"\],"pingInterval":25000,)"
      R"("pingTimeout":20000,"maxPayload":1000000\})");
  CHECK(std::regex_match(exchange->body(), open));

  auto session = f.onlySession();
  CHECK(exchange->body().find(session->id()) != std::string::npos);
  CHECK(session->transport() == EngineIoTransport::polling);
  CHECK(session->isOpen());
  CHECK(session->handshakeRequest().queryParam("t") == std::optional<std::string>("OdT1x2a"));
  CHECK(f.server.sessionCount() == 1);
}

TEST_CASE("engineio: the open packet reflects the options", "[engineio][handshake]") {
  EngineIoOptions options;
  options.pingInterval = 3000ms;
  options.pingTimeout = 2000ms;
  options.maxHttpBufferSize = 5000;
  SECTION("upgrades offered") {
    EngineFixture f(options);
    auto exchange = f.client.http("GET", "EIO=4&transport=polling");
    const auto open = parseOpenPacket(exchange->body());
    CHECK(open.upgrades == std::vector<std::string>{"websocket"});
    CHECK(open.pingInterval == 3000);
    CHECK(open.pingTimeout == 2000);
    CHECK(open.maxPayload == 5000);
  }
  SECTION("allowUpgrades = false offers none") {
    options.allowUpgrades = false;
    EngineFixture f(options);
    CHECK(parseOpenPacket(f.client.http("GET", "EIO=4&transport=polling")->body()).upgrades.empty());
  }
  SECTION("no WebSocket transport offers none") {
    options.allowWebSocket = false;
    EngineFixture f(options);
    CHECK(parseOpenPacket(f.client.http("GET", "EIO=4&transport=polling")->body()).upgrades.empty());
  }
}

TEST_CASE("engineio: session ids are 20 url-safe base64 characters and unique",
          "[engineio][handshake]") {
  EngineFixture f;
  std::set<std::string> ids;
  for (int i = 0; i < 200; ++i) {
    const std::string sid = f.client.handshake();
    CHECK(isBase64Id(sid));
    ids.insert(sid);
  }
  CHECK(ids.size() == 200);
  CHECK(f.handler.opened.size() == 200);
  CHECK(f.server.sessionCount() == 200);
}

TEST_CASE("engineio: WebSocket-first handshake sends the open packet as the first frame",
          "[engineio][handshake]") {
  EngineFixture f;
  const auto refusal = f.client.checkWebSocket("EIO=4&transport=websocket");
  CHECK_FALSE(refusal.has_value());
  auto socket = f.client.webSocket("EIO=4&transport=websocket");

  REQUIRE(socket->sent().size() == 1);
  CHECK_FALSE(socket->sent().front().binary);
  const std::regex open(
      R"(0\{"sid":"[A-Za-z0-9_-]{20}","upgrades":\[\],"pingInterval":25000,)"
      R"("pingTimeout":20000,"maxPayload":1000000\})");
  CHECK(std::regex_match(socket->sent().front().bytes, open));

  auto session = f.onlySession();
  CHECK(session->transport() == EngineIoTransport::websocket);
  CHECK(socket->sent().front().bytes.find(session->id()) != std::string::npos);
  CHECK_FALSE(socket->closedByServer());

  // Messages flow both ways, one packet per frame.
  session->send("hello");
  CHECK(socket->sent().back().bytes == "4hello");
  socket->receive("4from client");
  CHECK(f.handler.messageData(session->id()) == std::vector<std::string>{"from client"});

  // Binary: raw binary frames both ways (no type byte in v4); "b" + base64 text is accepted too.
  session->send(std::string("\x01\x02", 2), /*binary=*/true);
  CHECK(socket->sent().back().binary);
  CHECK(socket->sent().back().bytes == std::string("\x01\x02", 2));
  socket->receiveBinary(std::string("\x03\x00", 2));
  socket->receive("bBAU=");
  REQUIRE(f.handler.messages.size() == 3);
  CHECK(f.handler.messages[1].packet ==
        engineio::Packet{engineio::PacketType::message, std::string("\x03\x00", 2), true});
  CHECK(f.handler.messages[2].packet ==
        engineio::Packet{engineio::PacketType::message, std::string("\x04\x05", 2), true});
}

TEST_CASE("engineio: polling requests with the sid of a WebSocket-first session → 400 code 3",
          "[engineio][errors]") {
  EngineFixture f;
  auto [socket, sid] = f.client.openWebSocket();
  checkJsonError(*f.client.get(sid), 400, 3, "Bad request");
  checkJsonError(*f.client.post(sid, "4x"), 400, 3, "Bad request");
  CHECK(f.onlySession()->isOpen());
  CHECK(f.handler.messages.empty());
}

TEST_CASE("engineio: unknown transport → 400 code 0", "[engineio][errors]") {
  EngineFixture f;
  for (const char* query : {"EIO=4&transport=foo", "EIO=4", "EIO=4&transport=", "transport=foo&EIO=3",
                            "EIO=4&transport=webtransport", "EIO=4&transport=foo&sid=nope"}) {
    INFO(query);
    for (const char* method : {"GET", "POST"}) {
      INFO(method);
      checkJsonError(*f.client.http(method, query), 400, 0, "Transport unknown");
    }
  }
  CHECK(f.handler.opened.empty());
}

TEST_CASE("engineio: unknown sid → 400 code 1", "[engineio][errors]") {
  EngineFixture f;
  checkJsonError(*f.client.get("AAAAAAAAAAAAAAAAAAAA"), 400, 1, "Session ID unknown");
  checkJsonError(*f.client.post("AAAAAAAAAAAAAAAAAAAA", "4x"), 400, 1, "Session ID unknown");
  // The sid is checked before anything that depends on the transport (reference verify()).
  checkJsonError(*f.client.http("GET", "EIO=4&transport=websocket&sid=AAAAAAAAAAAAAAAAAAAA"),
                 400, 1, "Session ID unknown");
}

TEST_CASE("engineio: a handshake that is not a GET → 400 code 2", "[engineio][errors]") {
  EngineFixture f;
  for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS"}) {
    INFO(method);
    checkJsonError(*f.client.http(method, "EIO=4&transport=polling", "4x"), 400, 2,
                   "Bad handshake method");
  }
  CHECK(f.handler.opened.empty());
}

TEST_CASE("engineio: a handshake with EIO other than 4 → 400 code 5", "[engineio][errors]") {
  EngineFixture f;
  for (const char* query : {"EIO=3&transport=polling", "transport=polling", "EIO=5&transport=polling",
                            "EIO=&transport=polling"}) {
    INFO(query);
    checkJsonError(*f.client.http("GET", query), 400, 5, "Unsupported protocol version");
  }
  CHECK(f.handler.opened.empty());
}

TEST_CASE("engineio: a plain GET with transport=websocket and no sid → 400 code 3",
          "[engineio][errors]") {
  EngineFixture f;
  checkJsonError(*f.client.http("GET", "EIO=4&transport=websocket"), 400, 3, "Bad request");
  CHECK(f.handler.opened.empty());
}

TEST_CASE("engineio: a known sid with a different EIO → 400 code 3, session unaffected",
          "[engineio][errors]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  checkJsonError(*f.client.http("GET", "EIO=3&transport=polling&sid=" + sid), 400, 3, "Bad request");
  CHECK(f.onlySession()->isOpen());
  CHECK(f.handler.closed.empty());
}

TEST_CASE("engineio: a method other than GET/POST on a polling sid → 500, session unaffected",
          "[engineio][errors]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  for (const char* method : {"PUT", "DELETE", "OPTIONS"}) {
    INFO(method);
    auto exchange = f.client.http(method, "EIO=4&transport=polling&sid=" + sid, "4x");
    REQUIRE(exchange->responded());
    CHECK(exchange->status() == 500);
    CHECK(exchange->body().empty());
  }
  CHECK(f.onlySession()->isOpen());
  CHECK(f.handler.messages.empty());
}

TEST_CASE("engineio: polling requests on an upgraded session → 400 code 3", "[engineio][errors]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  auto probe = f.client.probe(sid);
  probe->receive("2probe");
  probe->receive("5");
  REQUIRE(f.onlySession()->transport() == EngineIoTransport::websocket);

  checkJsonError(*f.client.get(sid), 400, 3, "Bad request");
  checkJsonError(*f.client.post(sid, "4x"), 400, 3, "Bad request");
  CHECK(f.onlySession()->isOpen());
  CHECK(f.handler.messages.empty());
}

TEST_CASE("engineio: checkWebSocket refusals are 400 text/html with the message",
          "[engineio][errors][websocket]") {
  EngineFixture f;
  auto checkRefused = [&](const std::string& query, const std::string& message) {
    INFO(query);
    const auto refusal = f.client.checkWebSocket(query);
    REQUIRE(refusal.has_value());
    CHECK(refusal->status == 400);
    CHECK(findHeader(refusal->headers, "Content-Type") == std::optional<std::string>("text/html"));
    CHECK(refusal->body == message);
  };
  checkRefused("EIO=4&transport=websocket&sid=AAAAAAAAAAAAAAAAAAAA", "Session ID unknown");
  checkRefused("EIO=4&transport=foo", "Transport unknown");
  checkRefused("EIO=4", "Transport unknown");
  // Deviation (engineio/server.cpp): refused before the 101 instead of after it.
  checkRefused("EIO=3&transport=websocket", "Unsupported protocol version");
  checkRefused("transport=websocket", "Unsupported protocol version");

  EngineIoOptions noWebSocket;
  noWebSocket.allowWebSocket = false;
  EngineFixture g(noWebSocket);
  const auto refusal = g.client.checkWebSocket("EIO=4&transport=websocket");
  REQUIRE(refusal.has_value());
  CHECK(refusal->body == "Transport unknown");
}

TEST_CASE("engineio: a WebSocket accepted for a sid that closed meanwhile is closed at once",
          "[engineio][errors][websocket]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  const HttpRequest request = makeRequest("GET", "/socket.io/?EIO=4&transport=websocket&sid=" + sid);
  REQUIRE_FALSE(f.server.checkWebSocket(request).has_value());
  f.onlySession()->close();
  f.client.get(sid);  // collects the goodbye; the sid is gone now

  auto socket = std::make_shared<FakeWebSocket>(&f.loop);
  auto listener = f.server.acceptWebSocket(request, socket);
  REQUIRE(listener != nullptr);
  socket->attach(listener);
  CHECK(socket->closeCode() == std::optional<WebSocketCloseCode>(WebSocketCloseCode::no_status));
  socket->receive("2probe");
  CHECK(socket->sent().empty());
  f.loop.runPending();
  CHECK(f.handler.closeCount(sid) == 1);
}

TEST_CASE("engineio: the polling transport can be switched off", "[engineio][errors]") {
  EngineIoOptions options;
  options.allowPolling = false;
  EngineFixture f(options);
  checkJsonError(*f.client.http("GET", "EIO=4&transport=polling"), 400, 0, "Transport unknown");
  auto [socket, sid] = f.client.openWebSocket();
  CHECK(isBase64Id(sid));
}

TEST_CASE("engineio: refuseNewSessions answers handshakes 503 while open sessions go on",
          "[engineio][handshake]") {
  EngineFixture f;
  const std::string sid = f.client.handshake();
  f.server.refuseNewSessions();

  auto refused = f.client.http("GET", "EIO=4&transport=polling");
  REQUIRE(refused->responded());
  CHECK(refused->status() == 503);
  CHECK(refused->body() == R"({"code":100,"message":"Server shutting down"})");
  const auto wsRefusal = f.client.checkWebSocket("EIO=4&transport=websocket");
  REQUIRE(wsRefusal.has_value());
  CHECK(wsRefusal->status == 503);
  CHECK(f.server.sessionCount() == 1);

  // The open session still polls, posts, and may even upgrade.
  auto posted = f.client.post(sid, "4hello");
  CHECK(posted->status() == 200);
  CHECK_FALSE(f.client.checkWebSocket("EIO=4&transport=websocket&sid=" + sid).has_value());
}
