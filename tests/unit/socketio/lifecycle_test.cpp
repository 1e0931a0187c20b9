// SocketIoServer: how sockets end — DISCONNECT from either side, the connection closing, and the
// reference server's reactions to misbehaving clients (reference-server-behaviour.md §5.4, §5.5,
// §7.1, §7.2). Disconnect handlers run exactly once, whatever the path.
#include "socket_io_fixture.hpp"

#include <algorithm>
#include <any>
#include <map>

using namespace libsession;
using namespace libsession::testing;

namespace {

// Counts disconnect handler calls per socket id and remembers the reasons.
struct DisconnectLog {
  explicit DisconnectLog(SioFixture& f, const std::string& nsp = "/") {
    f.server.of(nsp).onConnection([this](Socket& socket) {
      ids.push_back(socket.id());
      socket.onDisconnect([this](Socket& gone, std::string_view reason) {
        CHECK_FALSE(gone.connected());
        ++calls[gone.id()];
        reasons[gone.id()] = std::string(reason);
      });
    });
  }
  int callsFor(const ChannelId& id) const {
    auto it = calls.find(id);
    return it == calls.end() ? 0 : it->second;
  }
  std::string reasonFor(const ChannelId& id) const {
    auto it = reasons.find(id);
    return it == reasons.end() ? std::string() : it->second;
  }
  std::vector<ChannelId> ids;
  std::map<ChannelId, int> calls;
  std::map<ChannelId, std::string> reasons;
};

}  // namespace

TEST_CASE("socketio: DISCONNECT from the client: 'client namespace disconnect', connection kept",
          "[socketio][disconnect]") {
  SioFixture f;
  DisconnectLog log(f);
  std::string id;
  SioClient client = f.connect(&id);
  auto socket = f.server.find(ChannelId(id));
  REQUIRE(socket != nullptr);

  client.send("41");
  CHECK(log.callsFor(ChannelId(id)) == 1);
  CHECK(log.reasonFor(ChannelId(id)) == "client namespace disconnect");
  CHECK_FALSE(socket->connected());
  CHECK(f.server.find(ChannelId(id)) == nullptr);
  CHECK(f.server.socketCount() == 0);
  CHECK(client.received().empty());
  CHECK_FALSE(client.closed());
  CHECK(f.server.engine().sessionCount() == 1);

  // The same connection may join again, as a new socket.
  client.send("40");
  const std::string again = connectSid(client.received().at(0));
  CHECK(again != id);
  client.ws->disconnect();
  CHECK(log.callsFor(ChannelId(id)) == 1);
  CHECK(log.callsFor(ChannelId(again)) == 1);
}

TEST_CASE("socketio: socket.disconnect() sends 41 and keeps the connection",
          "[socketio][disconnect]") {
  SioFixture f;
  DisconnectLog root(f);
  DisconnectLog admin(f, "/admin");
  SioClient client = f.open();
  client.send("40");
  client.send("40/admin,");
  client.received();
  REQUIRE(root.ids.size() == 1);
  REQUIRE(admin.ids.size() == 1);

  f.server.find(admin.ids[0])->disconnect();
  CHECK(client.received() == std::vector<std::string>{"41/admin,"});
  CHECK(admin.reasonFor(admin.ids[0]) == "server namespace disconnect");
  CHECK(root.callsFor(root.ids[0]) == 0);

  auto rootSocket = f.server.find(root.ids[0]);
  rootSocket->disconnect();
  CHECK(client.received() == std::vector<std::string>{"41"});
  CHECK(root.reasonFor(root.ids[0]) == "server namespace disconnect");
  CHECK_FALSE(client.closed());
  CHECK(f.server.engine().sessionCount() == 1);

  rootSocket->disconnect();  // already gone: nothing more
  CHECK(client.received().empty());
  CHECK(root.callsFor(root.ids[0]) == 1);
  CHECK(admin.callsFor(admin.ids[0]) == 1);
}

TEST_CASE("socketio: disconnect(true) says 41 on every namespace, then closes the connection",
          "[socketio][disconnect]") {
  SioFixture f;
  DisconnectLog root(f);
  DisconnectLog admin(f, "/admin");
  SioClient client = f.open();
  client.send("40");
  client.send("40/admin,");
  client.received();

  f.server.find(root.ids.at(0))->disconnect(true);
  auto packets = client.received();
  std::sort(packets.begin(), packets.end());
  CHECK(packets == std::vector<std::string>{"41", "41/admin,"});
  CHECK(client.ws->closeCode() == std::optional<WebSocketCloseCode>(WebSocketCloseCode::no_status));
  CHECK(root.reasonFor(root.ids[0]) == "server namespace disconnect");
  CHECK(admin.reasonFor(admin.ids[0]) == "server namespace disconnect");
  f.loop.runPending();  // the transport reports the closed socket
  CHECK(root.callsFor(root.ids[0]) == 1);
  CHECK(admin.callsFor(admin.ids[0]) == 1);
  CHECK(f.server.socketCount() == 0);
  CHECK(f.server.engine().sessionCount() == 0);
}

TEST_CASE("socketio: disconnect(true) over polling: 41 on the next poll, then the close",
          "[socketio][disconnect]") {
  SioFixture f;
  DisconnectLog log(f);
  const std::string sid = f.driver.handshake();
  f.driver.post(sid, "40");
  connectSid(f.driver.get(sid)->body());
  f.server.find(log.ids.at(0))->disconnect(true);

  std::vector<std::string> packets;
  for (int i = 0; i < 3; ++i) {
    auto poll = f.driver.get(sid);
    REQUIRE(poll->responded());
    if (poll->status() != 200) break;
    for (auto& p : splitPayload(poll->body())) packets.push_back(p);
  }
  REQUIRE(packets.size() >= 2);
  CHECK(packets.front() == "41");
  CHECK(packets.back() == "1");
  CHECK(log.callsFor(log.ids[0]) == 1);
}

TEST_CASE("socketio: the connection closing ends its sockets with the engine's reason",
          "[socketio][disconnect]") {
  SECTION("transport close") {
    SioFixture f;
    DisconnectLog log(f);
    std::string id;
    SioClient client = f.connect(&id);
    client.ws->disconnect();
    CHECK(log.reasonFor(ChannelId(id)) == "transport close");
    CHECK(log.callsFor(ChannelId(id)) == 1);
    CHECK(f.server.socketCount() == 0);
  }
  SECTION("ping timeout") {
    SioFixture f;
    DisconnectLog log(f);
    std::string id;
    SioClient client = f.connect(&id);
    f.loop.advance(45000ms);
    CHECK(log.reasonFor(ChannelId(id)) == "ping timeout");
    f.loop.runPending();
    CHECK(log.callsFor(ChannelId(id)) == 1);
  }
  SECTION("server shutting down") {
    SioFixture f;
    DisconnectLog log(f);
    std::string id;
    SioClient client = f.connect(&id);
    f.server.closeAll();
    CHECK(log.reasonFor(ChannelId(id)) == "server shutting down");
    CHECK(client.ws->closeCode() == std::optional<WebSocketCloseCode>(WebSocketCloseCode::going_away));
    f.loop.runPending();
    f.server.closeAll();
    CHECK(log.callsFor(ChannelId(id)) == 1);
  }
  SECTION("client POSTs 1 over polling") {
    SioFixture f;
    DisconnectLog log(f);
    const std::string sid = f.driver.handshake();
    f.driver.post(sid, "40");
    f.driver.get(sid);
    f.driver.post(sid, "1");
    REQUIRE(log.ids.size() == 1);
    CHECK(log.reasonFor(log.ids[0]) == "transport close");
    CHECK(log.callsFor(log.ids[0]) == 1);
  }
}

TEST_CASE("socketio: misbehaving clients lose the whole connection, silently",
          "[socketio][errors]") {
  // Each input follows a successful CONNECT to "/".
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"undecodable packet type", "9"},
      {"bad JSON", R"(2["x",)"},
      {"event payload not an array", R"(2{"a":1})"},
      {"reserved event name", R"(2["connect"])"},
      {"CONNECT payload not an object", "0/admin,[]"},
      {"packet for a namespace not joined", R"(2/admin,["x"])"},
      {"DISCONNECT for a namespace not joined", "1/admin,"},
      {"second CONNECT to a joined namespace", "0"},
      {"CONNECT_ERROR from a client", R"(4{"message":"x"})"},
      {"binary header with too many attachments", R"(511-["x"])"},
  };
  for (const auto& [what, packet] : cases) {
    INFO(what << ": " << packet);
    SioFixture f;
    f.server.of("/admin");
    DisconnectLog log(f);
    std::string id;
    SioClient client = f.connect(&id);
    client.send("4" + packet);
    CHECK(client.ws->closeCode() == std::optional<WebSocketCloseCode>(WebSocketCloseCode::no_status));
    CHECK(client.received().empty());  // no Socket.IO packet explains it
    f.loop.runPending();
    CHECK(log.callsFor(ChannelId(id)) == 1);
    CHECK(f.server.socketCount() == 0);
    CHECK(f.server.engine().sessionCount() == 0);
  }
  SECTION("a binary frame nobody announced") {
    SioFixture f;
    SioClient client = f.connect();
    client.sendBinary("stray");
    CHECK(client.closed());
  }
  SECTION("a text packet while an attachment is awaited") {
    SioFixture f;
    SioClient client = f.connect();
    client.send(R"(451-["x",{"_placeholder":true,"num":0}])");
    CHECK_FALSE(client.closed());
    client.send(R"(42["y"])");
    CHECK(client.closed());
  }
  SECTION("before any CONNECT") {
    SioFixture f;
    SioClient client = f.open();
    client.send(R"(42["x"])");
    CHECK(client.closed());
  }
}

TEST_CASE("socketio: disconnect reasons for connections the server closes are the reference's",
          "[socketio][disconnect][errors]") {
  // The reference closes the Engine.IO connection (conn.close()) and its sockets see the engine's
  // reason, "forced close" (reference-server-behaviour.md §5.4); applications match on it.
  for (const char* packet : {"9", "0"}) {
    INFO(packet);
    SioFixture f;
    DisconnectLog log(f);
    std::string id;
    SioClient client = f.connect(&id);
    client.send("4" + std::string(packet));
    CHECK(log.reasonFor(ChannelId(id)) == "forced close");
  }
}

TEST_CASE("socketio: disconnecting from inside handlers runs each disconnect handler once",
          "[socketio][disconnect]") {
  SECTION("disconnect() inside an event handler") {
    SioFixture f;
    DisconnectLog log(f);
    f.server.of("/").onConnection([](Socket& socket) {
      socket.on("bye", [](Socket& s, Value::Array, Ack ack) {
        ack({"ok"});
        s.disconnect();
        s.disconnect(true);
      });
    });
    std::string id;
    SioClient client = f.connect(&id);
    client.send(R"(421["bye"])");
    const auto packets = client.received();
    CHECK(packets == std::vector<std::string>{R"(431["ok"])", "41"});
    CHECK(log.callsFor(ChannelId(id)) == 1);
  }
  SECTION("disconnect(true) inside a disconnect handler") {
    SioFixture f;
    int calls = 0;
    f.server.of("/").onConnection([&](Socket& socket) {
      socket.onDisconnect([&](Socket& s, std::string_view) {
        ++calls;
        s.disconnect(true);
        s.emit("ignored", {});
      });
    });
    SioClient client = f.connect();
    client.send("41");
    client.ws->disconnect();
    f.loop.advance(100000ms);
    CHECK(calls == 1);
  }
}

TEST_CASE("socketio: a socket reports its transport after an upgrade", "[socketio][upgrade]") {
  SioFixture f;
  ChannelId id;
  f.server.of("/").onConnection([&](Socket& socket) { id = socket.id(); });
  const std::string sid = f.driver.handshake();
  f.driver.post(sid, "40");
  auto socket = f.server.find(id);
  REQUIRE(socket != nullptr);
  CHECK(socket->transport() == EngineIoTransport::polling);

  auto probe = f.driver.probe(sid);
  probe->receive("2probe");
  socket->emit("during", {1});  // queued on polling; must come out after the upgrade
  probe->receive("5");
  CHECK(socket->transport() == EngineIoTransport::websocket);
  socket->emit("after", {2});
  std::vector<std::string> frames;
  for (const auto& frame : probe->takeSent()) frames.push_back(frame.bytes);
  REQUIRE(frames.size() == 4);
  CHECK(frames[0] == "3probe");
  CHECK(connectSid(frames[1]) == id.str());
  CHECK(frames[2] == R"(42["during",1])");
  CHECK(frames[3] == R"(42["after",2])");
}

TEST_CASE("socketio: application data on a socket", "[socketio]") {
  SioFixture f;
  f.server.of("/").onConnection([](Socket& socket) { socket.data() = std::string("attached"); });
  std::string id;
  SioClient client = f.connect(&id);
  auto socket = f.server.find(ChannelId(id));
  REQUIRE(socket != nullptr);
  CHECK(std::any_cast<std::string>(socket->data()) == "attached");
}
