// SocketIoServer: CONNECT, namespaces, the authenticator hook and connectTimeout
// (reference-server-behaviour.md §5.3, §7.2, §7.3).
#include "socket_io_fixture.hpp"

#include <set>

using namespace libsession;
using namespace libsession::testing;

TEST_CASE("socketio: CONNECT is answered 40 with a sid that is not the engine sid",
          "[socketio][connect]") {
  SioFixture f;
  int connections = 0;
  std::string seenId;
  f.server.of("/").onConnection([&](Socket& socket) {
    ++connections;
    seenId = socket.id().str();
    CHECK(socket.nsp() == "/");
    CHECK(socket.connected());
    CHECK(socket.participant().empty());
    CHECK(socket.auth() == Value(Value::Object{}));
    CHECK(socket.transport() == EngineIoTransport::websocket);
    CHECK(socket.handshake().queryParam("transport") == std::optional<std::string>("websocket"));
  });
  SioClient client = f.open();
  CHECK(f.server.socketCount() == 0);
  client.send("40");

  const auto packets = client.received();
  REQUIRE(packets.size() == 1);
  const std::string id = connectSid(packets.front());
  CHECK(isBase64Id(id));
  CHECK(id != client.engineSid);
  CHECK(connections == 1);
  CHECK(seenId == id);
  CHECK(f.server.socketCount() == 1);
  auto socket = f.server.find(ChannelId(id));
  REQUIRE(socket != nullptr);
  CHECK(socket->id() == ChannelId(id));
  CHECK_FALSE(client.closed());
}

TEST_CASE("socketio: socket ids are unique across connections", "[socketio][connect]") {
  SioFixture f;
  std::set<std::string> ids;
  std::vector<SioClient> clients;
  for (int i = 0; i < 50; ++i) {
    std::string id;
    clients.push_back(f.connect(&id));
    ids.insert(id);
    ids.insert(clients.back().engineSid);
  }
  CHECK(ids.size() == 100);
  CHECK(f.server.socketCount() == 50);
}

TEST_CASE("socketio: the CONNECT payload is the socket's auth", "[socketio][connect]") {
  SioFixture f;
  Value seen;
  f.server.of("/").onConnection([&](Socket& socket) { seen = socket.auth(); });
  f.connect(nullptr, "/", R"({"token":"abc","n":[1,2]})");
  CHECK(seen == Value::object({{"token", "abc"}, {"n", Value::array({1, 2})}}));
}

TEST_CASE("socketio: namespaces", "[socketio][connect]") {
  SioFixture f;
  std::vector<std::string> joined;
  f.server.of("/admin").onConnection([&](Socket& socket) { joined.push_back(socket.nsp()); });
  SioClient client = f.open();

  client.send("40/admin,");
  auto packets = client.received();
  REQUIRE(packets.size() == 1);
  CHECK(packets.front().rfind("40/admin,{\"sid\":\"", 0) == 0);

  // One connection may join several namespaces; socket.io-client-cpp omits the comma.
  client.send("40");
  packets = client.received();
  REQUIRE(packets.size() == 1);
  CHECK(packets.front().rfind("40{\"sid\":\"", 0) == 0);
  CHECK(joined == std::vector<std::string>{"/admin"});
  CHECK(f.server.socketCount() == 2);

  SioClient cpp = f.open();
  cpp.send("40/admin");
  packets = cpp.received();
  REQUIRE(packets.size() == 1);
  CHECK(packets.front().rfind("40/admin,{\"sid\":\"", 0) == 0);
}

TEST_CASE("socketio: CONNECT to an unknown namespace → 44 Invalid namespace, connection kept",
          "[socketio][connect]") {
  SioFixture f;
  SioClient client = f.open();
  client.send("40/nope,");
  CHECK(client.received() == std::vector<std::string>{R"(44/nope,{"message":"Invalid namespace"})"});
  CHECK_FALSE(client.closed());
  CHECK(f.server.socketCount() == 0);

  client.send("40");
  const auto packets = client.received();
  REQUIRE(packets.size() == 1);
  connectSid(packets.front());
}

TEST_CASE("socketio: the authenticator refuses with 44 {message, data}, connection kept",
          "[socketio][connect][auth]") {
  SioFixture f;
  int connections = 0;
  std::vector<std::string> requests;
  f.server.of("/").setAuthenticator([&](const ConnectRequest& request,
                                        std::function<void(AuthDecision)> done) {
    requests.push_back(request.nsp + " " + toJson(request.auth));
    CHECK(request.handshake.header("User-Agent") == std::optional<std::string_view>("test-agent"));
    const Value* token = request.auth.find("token");
    if (token == nullptr) return done(AuthDecision::refuse("no token"));
    if (*token != Value("good")) {
      return done(AuthDecision::refuse("not authorized", Value::object({{"reason", "x"}})));
    }
    done(AuthDecision::accept(ParticipantId("alice")));
  });
  f.server.of("/").onConnection([&](Socket& socket) {
    ++connections;
    CHECK(socket.participant() == ParticipantId("alice"));
  });

  auto [ws, sid] = f.driver.openWebSocket({{"User-Agent", "test-agent"}});
  SioClient client{ws, sid};
  client.send("40");
  CHECK(client.received() == std::vector<std::string>{R"(44{"message":"no token"})"});
  client.send(R"(40{"token":"bad"})");
  CHECK(client.received() ==
        std::vector<std::string>{R"(44{"message":"not authorized","data":{"reason":"x"}})"});
  CHECK_FALSE(client.closed());
  CHECK(connections == 0);
  CHECK(f.server.socketCount() == 0);

  // The client may try again on the same connection and succeed.
  client.send(R"(40{"token":"good"})");
  const auto packets = client.received();
  REQUIRE(packets.size() == 1);
  connectSid(packets.front());
  CHECK(connections == 1);
  CHECK(requests == std::vector<std::string>{"/ {}", R"(/ {"token":"bad"})", R"(/ {"token":"good"})"});
}

TEST_CASE("socketio: refusals on other namespaces name the namespace", "[socketio][connect][auth]") {
  SioFixture f;
  f.server.of("/admin").setAuthenticator(
      [](const ConnectRequest&, std::function<void(AuthDecision)> done) {
        done(AuthDecision::refuse("admins only", Value("sorry")));
      });
  SioClient client = f.open();
  client.send("40/admin,");
  CHECK(client.received() ==
        std::vector<std::string>{R"(44/admin,{"message":"admins only","data":"sorry"})"});
}

TEST_CASE("socketio: an asynchronous authenticator", "[socketio][connect][auth]") {
  SioFixture f;
  std::vector<std::function<void(AuthDecision)>> pending;
  f.server.of("/").setAuthenticator(
      [&](const ConnectRequest&, std::function<void(AuthDecision)> done) {
        pending.push_back(std::move(done));
      });
  int connections = 0;
  f.server.of("/").onConnection([&](Socket&) { ++connections; });

  SECTION("accepts later") {
    SioClient client = f.open();
    client.send(R"(40{"token":"t"})");
    CHECK(client.received().empty());
    REQUIRE(pending.size() == 1);
    f.loop.advance(2000ms);
    pending.front()(AuthDecision::accept(ParticipantId("p")));
    const auto packets = client.received();
    REQUIRE(packets.size() == 1);
    const std::string id = connectSid(packets.front());
    CHECK(connections == 1);
    auto socket = f.server.find(ChannelId(id));
    REQUIRE(socket != nullptr);
    CHECK(socket->participant() == ParticipantId("p"));
    CHECK(socket->auth() == Value::object({{"token", "t"}}));
  }
  SECTION("refuses later") {
    SioClient client = f.open();
    client.send("40");
    REQUIRE(pending.size() == 1);
    pending.front()(AuthDecision::refuse("later no"));
    CHECK(client.received() == std::vector<std::string>{R"(44{"message":"later no"})"});
    CHECK_FALSE(client.closed());
  }
  SECTION("the client left before the verdict: harmless") {
    SioClient client = f.open();
    client.send("40");
    REQUIRE(pending.size() == 1);
    client.ws->disconnect();
    pending.front()(AuthDecision::accept(ParticipantId("p")));
    CHECK(client.ws->takeSent().empty());
    CHECK(connections == 0);
    CHECK(f.server.socketCount() == 0);
  }
  SECTION("the connection timed out before the verdict: harmless") {
    SioClient client = f.open();
    client.send("40");
    f.loop.advance(45000ms);
    CHECK(client.closed());
    f.loop.runPending();
    pending.front()(AuthDecision::accept(ParticipantId("p")));
    CHECK(connections == 0);
    CHECK(f.server.socketCount() == 0);
  }
}

TEST_CASE("socketio: an authenticator verdict after the server is gone is harmless",
          "[socketio][connect][auth]") {
  ManualEventLoop loop;
  std::function<void(AuthDecision)> pending;
  {
    SocketIoServer server(loop, {});
    server.of("/").setAuthenticator(
        [&](const ConnectRequest&, std::function<void(AuthDecision)> done) {
          pending = std::move(done);
        });
    EngineIoDriver driver(server.engine(), &loop);
    auto [ws, sid] = driver.openWebSocket();
    ws->receive("40");
    REQUIRE(pending);
    server.closeAll();
  }
  pending(AuthDecision::accept(ParticipantId("p")));
  loop.advance(100000ms);
}

TEST_CASE("socketio: connection handlers run in order, right after the CONNECT answer",
          "[socketio][connect]") {
  SioFixture f;
  std::vector<int> order;
  f.server.of("/").onConnection([&](Socket& socket) {
    order.push_back(1);
    socket.emit("welcome", {"first"});
  });
  f.server.of("/").onConnection([&](Socket& socket) {
    order.push_back(2);
    socket.emit("welcome", {"second"});
  });
  SioClient client = f.open();
  client.send("40");
  const auto packets = client.received();
  REQUIRE(packets.size() == 3);
  connectSid(packets[0]);
  CHECK(packets[1] == R"(42["welcome","first"])");
  CHECK(packets[2] == R"(42["welcome","second"])");
  CHECK(order == std::vector<int>{1, 2});
}

TEST_CASE("socketio: a connection handler that disconnects stops the later handlers",
          "[socketio][connect]") {
  SioFixture f;
  int later = 0;
  f.server.of("/").onConnection([&](Socket& socket) { socket.disconnect(); });
  f.server.of("/").onConnection([&](Socket&) { ++later; });
  SioClient client = f.open();
  client.send("40");
  const auto packets = client.received();
  REQUIRE(packets.size() == 2);
  connectSid(packets[0]);
  CHECK(packets[1] == "41");
  CHECK(later == 0);
  CHECK(f.server.socketCount() == 0);
}

TEST_CASE("socketio: connectTimeout closes a connection that joins no namespace",
          "[socketio][connect][timeout]") {
  SocketIoOptions options;
  options.connectTimeout = 10000ms;
  SECTION("nothing sent") {
    SioFixture f({}, options);
    SioClient client = f.open();
    f.loop.advance(9999ms);
    CHECK_FALSE(client.closed());
    f.loop.advance(1ms);
    CHECK(client.ws->closeCode() == std::optional<WebSocketCloseCode>(WebSocketCloseCode::no_status));
    CHECK(client.received().empty());  // no Socket.IO packet for it
    CHECK(f.server.engine().sessionCount() == 0);
  }
  SECTION("an unknown namespace does not count") {
    SioFixture f({}, options);
    SioClient client = f.open();
    client.send("40/nope,");
    f.loop.advance(10000ms);
    CHECK(client.closed());
  }
  SECTION("a refused CONNECT does not count") {
    SioFixture f({}, options);
    f.server.of("/").setAuthenticator(
        [](const ConnectRequest&, std::function<void(AuthDecision)> done) {
          done(AuthDecision::refuse("no"));
        });
    SioClient client = f.open();
    client.send("40");
    f.loop.advance(10000ms);
    CHECK(client.closed());
  }
  SECTION("over polling, the held poll gets the close packet") {
    SioFixture f({}, options);
    const std::string sid = f.driver.handshake();
    auto poll = f.driver.get(sid);
    f.loop.advance(10000ms);
    REQUIRE(poll->responded());
    CHECK(poll->body() == "1");
  }
}

TEST_CASE("socketio: connectTimeout stops at the first join and is never re-armed",
          "[socketio][connect][timeout]") {
  EngineIoOptions engine;
  engine.pingInterval = std::chrono::hours(24);  // keep the heartbeat out of the picture
  SocketIoOptions options;
  options.connectTimeout = 10000ms;
  SioFixture f(engine, options);
  SioClient client = f.open();
  f.loop.advance(5000ms);
  client.send("40");
  connectSid(client.received().at(0));
  f.loop.advance(1000ms);
  client.send("41");  // leaves every namespace
  f.loop.advance(std::chrono::hours(1));
  CHECK_FALSE(client.closed());
  CHECK(f.server.engine().sessionCount() == 1);
}

TEST_CASE("socketio: a socket whose credentials expire is disconnected by the server then",
          "[socketio][connect][auth]") {
  // Heartbeats far apart: the test moves the clock by days.
  EngineIoOptions engineOptions;
  engineOptions.pingInterval = std::chrono::hours(24 * 30);
  SioFixture f(engineOptions);
  std::int64_t expiresAtMs = 0;
  f.server.of("/").setAuthenticator(
      [&](const ConnectRequest&, std::function<void(AuthDecision)> done) {
        AuthDecision decision = AuthDecision::accept(ParticipantId("p"));
        decision.expiresAtMs = expiresAtMs;
        done(std::move(decision));
      });
  std::vector<std::string> reasons;
  f.server.of("/").onConnection([&](Socket& socket) {
    socket.onDisconnect(
        [&](Socket&, std::string_view reason) { reasons.emplace_back(reason); });
  });

  SECTION("at the expiry, not before: a DISCONNECT, the connection stays") {
    expiresAtMs = f.loop.nowEpochMs() + 5000;
    std::string id;
    SioClient client = f.connect(&id);
    f.loop.advance(4999ms);
    CHECK(client.received().empty());
    CHECK(reasons.empty());
    f.loop.advance(1ms);
    CHECK(client.received() == std::vector<std::string>{"41"});
    CHECK(reasons == std::vector<std::string>{"credentials expired"});
    CHECK(f.server.find(ChannelId(id)) == nullptr);
    CHECK_FALSE(client.closed());
  }
  SECTION("days away: still exactly at the expiry") {
    expiresAtMs = f.loop.nowEpochMs() + 3 * 24 * 3600 * 1000LL + 7;
    SioClient client = f.connect();
    f.loop.advance(std::chrono::milliseconds(3 * 24 * 3600 * 1000LL + 6));
    CHECK(reasons.empty());
    f.loop.advance(1ms);
    CHECK(reasons == std::vector<std::string>{"credentials expired"});
  }
  SECTION("no expiry: never") {
    SioClient client = f.connect();
    f.loop.advance(std::chrono::hours(24 * 10));
    CHECK(reasons.empty());
  }
  SECTION("a socket that left first leaves no timer behind") {
    expiresAtMs = f.loop.nowEpochMs() + 5000;
    std::string id;
    SioClient client = f.connect(&id);
    client.send("41");
    CHECK(reasons == std::vector<std::string>{"client namespace disconnect"});
    f.loop.advance(10000ms);
    CHECK(reasons.size() == 1);
  }
}

TEST_CASE("socketio: handshake headers are all seen at connect, then only the retained ones kept",
          "[socketio][connect][memory]") {
  SocketIoOptions options;
  options.retainedHandshakeHeaders = {"X-Keep"};
  SioFixture f({}, options);
  std::optional<std::string> seenCookie;
  f.server.of("/").setAuthenticator([&](const ConnectRequest& request, std::function<void(AuthDecision)> done) {
    seenCookie = request.handshake.header("cookie");
    done(AuthDecision::accept());
  });
  Socket* connected = nullptr;
  f.server.of("/").onConnection([&](Socket& socket) {
    CHECK(socket.handshake().header("cookie") == std::optional<std::string_view>("a=1"));
    connected = &socket;
  });
  auto [ws, sid] = f.driver.openWebSocket({{"Cookie", "a=1"}, {"x-keep", "yes"}});
  SioClient client{ws, sid};
  client.send("40");
  REQUIRE(connected != nullptr);
  CHECK(seenCookie == std::optional<std::string>("a=1"));
  // After the handlers: method, target and remote address stay, only the named headers do.
  CHECK_FALSE(connected->handshake().header("cookie").has_value());
  CHECK(connected->handshake().header("X-KEEP") == std::optional<std::string_view>("yes"));
  CHECK(connected->handshake().queryParam("transport") == std::optional<std::string>("websocket"));
  CHECK(connected->handshake().method == "GET");
}

TEST_CASE("socketio: retainedHandshakeHeaders {\"*\"} keeps every header", "[socketio][connect]") {
  SocketIoOptions options;
  options.retainedHandshakeHeaders = {"*"};
  SioFixture f({}, options);
  Socket* connected = nullptr;
  f.server.of("/").onConnection([&](Socket& socket) { connected = &socket; });
  auto [ws, sid] = f.driver.openWebSocket({{"Cookie", "a=1"}});
  SioClient client{ws, sid};
  client.send("40");
  REQUIRE(connected != nullptr);
  CHECK(connected->handshake().header("cookie") == std::optional<std::string_view>("a=1"));
}
