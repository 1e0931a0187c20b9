// SocketIoServer: events and acks in both directions, binary included, and server → client acks
// with a timeout (reference-server-behaviour.md §7.4; the AckCallback contract in
// socket_io_server.hpp: exactly once, ack_timeout or connection_closed).
#include "socket_io_fixture.hpp"

using namespace libsession;
using namespace libsession::testing;

namespace {

const std::string kPlaceholder0 = R"({"_placeholder":true,"num":0})";

Value bytes(const std::string& s) { return Value::binary(s.data(), s.size()); }

// Keeps the last socket that connected, so a test can emit to it.
struct LastSocket {
  explicit LastSocket(SioFixture& f, const std::string& nsp = "/") {
    f.server.of(nsp).onConnection([this](Socket& socket) {
      id = socket.id();
      setup(socket);
    });
  }
  std::function<void(Socket&)> setup = [](Socket&) {};
  ChannelId id;
};

}  // namespace

TEST_CASE("socketio: a client event reaches its handler with its arguments", "[socketio][events]") {
  SioFixture f;
  std::vector<Value::Array> calls;
  bool ackRequested = true;
  LastSocket last(f);
  last.setup = [&](Socket& socket) {
    socket.on("chat", [&](Socket& s, Value::Array args, Ack ack) {
      CHECK(s.id() == last.id);
      calls.push_back(std::move(args));
      ackRequested = ack.requested();
    });
  };
  SioClient client = f.connect();
  client.send(R"(42["chat","hi",{"n":1},[true,null]])");
  REQUIRE(calls.size() == 1);
  CHECK(Value(calls[0]) == Value::array({"hi", Value::object({{"n", 1}}), Value::array({true, nullptr})}));
  CHECK_FALSE(ackRequested);
  client.send(R"(42["chat"])");
  REQUIRE(calls.size() == 2);
  CHECK(calls[1].empty());
  CHECK(client.received().empty());
}

TEST_CASE("socketio: a client event with an ack id gets one ACK", "[socketio][events][ack]") {
  SioFixture f;
  Ack kept;
  LastSocket last(f);
  last.setup = [&](Socket& socket) {
    socket.on("question", [&](Socket&, Value::Array args, Ack ack) {
      CHECK(ack.requested());
      ack({"answer", args.at(0)});
      ack({"second call ignored"});
    });
    socket.on("later", [&](Socket&, Value::Array, Ack ack) { kept = std::move(ack); });
  };
  SioClient client = f.connect();
  client.send(R"(4212["question",42])");
  CHECK(client.received() == std::vector<std::string>{R"(4312["answer",42])"});

  // An ack may be called after the handler returned.
  client.send(R"(427["later"])");
  CHECK(client.received().empty());
  kept({});
  CHECK(client.received() == std::vector<std::string>{"437[]"});
}

TEST_CASE("socketio: acks on another namespace name it", "[socketio][events][ack]") {
  SioFixture f;
  LastSocket last(f, "/admin");
  last.setup = [&](Socket& socket) {
    socket.on("q", [&](Socket&, Value::Array, Ack ack) { ack({1}); });
  };
  SioClient client = f.open();
  client.send("40/admin,");
  client.received();
  client.send(R"(42/admin,5["q"])");
  CHECK(client.received() == std::vector<std::string>{R"(43/admin,5[1])"});
}

TEST_CASE("socketio: an ack after the socket disconnected sends nothing", "[socketio][events][ack]") {
  SioFixture f;
  Ack kept;
  LastSocket last(f);
  last.setup = [&](Socket& socket) {
    socket.on("later", [&](Socket&, Value::Array, Ack ack) { kept = std::move(ack); });
  };
  SioClient client = f.connect();
  client.send(R"(423["later"])");
  client.send("41");
  kept({"too late"});
  CHECK(client.received().empty());
}

TEST_CASE("socketio: onAny receives events without a handler of their own", "[socketio][events]") {
  SioFixture f;
  std::vector<std::string> any;
  int named = 0;
  LastSocket last(f);
  last.setup = [&](Socket& socket) {
    socket.on("named", [&](Socket&, Value::Array, Ack) { ++named; });
    socket.onAny([&](Socket&, const Value& name, Value::Array args, Ack ack) {
      any.push_back(toJson(name) + toJson(Value(args)));
      if (ack.requested()) ack({"any"});
    });
  };
  SioClient client = f.connect();
  client.send(R"(42["named"])");
  client.send(R"(42["other",1])");
  client.send(R"(429[7,"numeric name"])");
  CHECK(named == 1);
  CHECK(any == std::vector<std::string>{R"("other"[1])", R"(7["numeric name"])"});
  CHECK(client.received() == std::vector<std::string>{R"(439["any"])"});
}

TEST_CASE("socketio: an event nobody handles is dropped quietly", "[socketio][events]") {
  SioFixture f;
  SioClient client = f.connect();
  client.send(R"(42["nobody"])");
  client.send(R"(421["nobody"])");
  CHECK(client.received().empty());
  CHECK_FALSE(client.closed());
}

TEST_CASE("socketio: server emits", "[socketio][events]") {
  SioFixture f;
  LastSocket last(f);
  SioClient client = f.connect();
  auto socket = f.server.find(last.id);
  REQUIRE(socket != nullptr);

  CHECK(socket->emit("news", {1, "a", Value::object({{"k", nullptr}})}));
  CHECK(socket->emit("empty"));
  CHECK(f.server.emitTo(last.id, "direct", {true}));
  CHECK(client.received() ==
        std::vector<std::string>{R"(42["news",1,"a",{"k":null}])", R"(42["empty"])",
                                 R"(42["direct",true])"});

  // Reserved names are refused, and nothing is sent.
  CHECK_FALSE(socket->emit("connect", {}));
  CHECK_FALSE(socket->emit("disconnect", {}));
  CHECK(client.received().empty());

  CHECK_FALSE(f.server.emitTo(ChannelId("AAAAAAAAAAAAAAAAAAAA"), "x", {}));
  client.send("41");
  CHECK_FALSE(socket->emit("after", {}));
  CHECK_FALSE(f.server.emitTo(last.id, "after", {}));
  CHECK(client.received().empty());
}

TEST_CASE("socketio: emitWithAck resolves with the client's ack, exactly once",
          "[socketio][events][ack]") {
  SioFixture f;
  LastSocket last(f);
  SioClient client = f.connect();
  auto socket = f.server.find(last.id);
  REQUIRE(socket != nullptr);

  AckRecorder first, second;
  socket->emitWithAck("q", {1}, first.callback(), 5000ms);
  socket->emitWithAck("q", {2}, second.callback(), 5000ms);
  const auto sent = client.received();
  REQUIRE(sent.size() == 2);
  CHECK(sent[0] == R"(420["q",1])");  // ids count from 0, like the reference
  CHECK(sent[1] == R"(421["q",2])");

  client.send(R"(431["second",{"x":1}])");
  CHECK(first.calls == 0);
  REQUIRE(second.calls == 1);
  CHECK_FALSE(second.error);
  CHECK(Value(second.args) == Value::array({"second", Value::object({{"x", 1}})}));

  client.send(R"(430[])");
  REQUIRE(first.calls == 1);
  CHECK_FALSE(first.error);
  CHECK(first.args.empty());

  // Late, repeated and unknown acks are ignored.
  client.send(R"(430["again"])");
  client.send(R"(4399[])");
  f.loop.advance(10000ms);
  CHECK(first.calls == 1);
  CHECK(second.calls == 1);
  CHECK_FALSE(client.closed());
}

TEST_CASE("socketio: emitWithAck times out with Errc::ack_timeout, exactly once",
          "[socketio][events][ack]") {
  SioFixture f;
  LastSocket last(f);
  SioClient client = f.connect();
  auto socket = f.server.find(last.id);
  AckRecorder ack;
  socket->emitWithAck("q", {}, ack.callback(), 3000ms);
  f.loop.advance(2999ms);
  CHECK(ack.calls == 0);
  f.loop.advance(1ms);
  REQUIRE(ack.calls == 1);
  CHECK(ack.error == Errc::ack_timeout);
  CHECK(ack.error == Condition::timed_out);

  client.send("430[\"late\"]");
  client.send("41");
  f.loop.advance(10000ms);
  CHECK(ack.calls == 1);
  CHECK(ack.error == Errc::ack_timeout);
}

TEST_CASE("socketio: emitWithAck fails with Errc::connection_closed when the socket goes",
          "[socketio][events][ack]") {
  SECTION("the client leaves the namespace") {
    SioFixture f;
    LastSocket last(f);
    SioClient client = f.connect();
    AckRecorder ack;
    f.server.find(last.id)->emitWithAck("q", {}, ack.callback(), 3000ms);
    client.send("41");
    REQUIRE(ack.calls == 1);
    CHECK(ack.error == Errc::connection_closed);
    f.loop.advance(5000ms);
    CHECK(ack.calls == 1);
  }
  SECTION("the connection drops") {
    SioFixture f;
    LastSocket last(f);
    SioClient client = f.connect();
    AckRecorder ack;
    f.server.find(last.id)->emitWithAck("q", {}, ack.callback(), 3000ms);
    client.ws->disconnect();
    REQUIRE(ack.calls == 1);
    CHECK(ack.error == Errc::connection_closed);
    CHECK(ack.error == Condition::closed);
    f.loop.advance(5000ms);
    CHECK(ack.calls == 1);
  }
  SECTION("emitted on a socket already disconnected") {
    SioFixture f;
    LastSocket last(f);
    SioClient client = f.connect();
    auto socket = f.server.find(last.id);
    socket->disconnect();
    AckRecorder ack;
    socket->emitWithAck("q", {}, ack.callback(), 3000ms);
    REQUIRE(ack.calls == 1);
    CHECK(ack.error == Errc::connection_closed);
    f.loop.advance(5000ms);
    CHECK(ack.calls == 1);
  }
  SECTION("the server shuts down") {
    SioFixture f;
    LastSocket last(f);
    SioClient client = f.connect();
    AckRecorder ack;
    f.server.find(last.id)->emitWithAck("q", {}, ack.callback(), 3000ms);
    f.server.closeAll();
    REQUIRE(ack.calls == 1);
    CHECK(ack.error == Errc::connection_closed);
    f.loop.advance(5000ms);
    CHECK(ack.calls == 1);
  }
}

TEST_CASE("socketio: emitWithAck with an invalid event fails once, sending nothing",
          "[socketio][events][ack]") {
  SioFixture f;
  LastSocket last(f);
  SioClient client = f.connect();
  AckRecorder ack;
  f.server.find(last.id)->emitWithAck("connect", {}, ack.callback(), 3000ms);
  REQUIRE(ack.calls == 1);
  CHECK(ack.error);
  CHECK(client.received().empty());
  f.loop.advance(5000ms);
  CHECK(ack.calls == 1);
}

TEST_CASE("socketio: binary events from the client", "[socketio][events][binary]") {
  SioFixture f;
  std::vector<Value::Array> calls;
  LastSocket last(f);
  last.setup = [&](Socket& socket) {
    socket.on("upload", [&](Socket&, Value::Array args, Ack ack) {
      calls.push_back(args);
      if (ack.requested()) ack({args.at(1)});
    });
  };

  SECTION("over WebSocket") {
    SioClient client = f.connect();
    client.send(R"(451-["upload","name",)" + kPlaceholder0 + "]");
    CHECK(calls.empty());  // waiting for the attachment
    client.sendBinary(std::string("\x01\x02\x03", 3));
    REQUIRE(calls.size() == 1);
    CHECK(Value(calls[0]) == Value::array({"name", bytes(std::string("\x01\x02\x03", 3))}));

    // With an ack: a binary ack goes back as BINARY_ACK plus the attachment.
    client.send(R"(451-4["upload","n",)" + kPlaceholder0 + "]");
    client.sendBinary("ab");
    CHECK(client.received() ==
          std::vector<std::string>{"461-4[" + kPlaceholder0 + "]", "<bin:ab>"});
  }
  SECTION("over polling") {
    const std::string sid = f.driver.handshake();
    f.driver.post(sid, "40");
    connectSid(f.driver.get(sid)->body());
    auto post = f.driver.post(sid, R"(451-["upload","p",)" + kPlaceholder0 + "]\x1e" "bAQID");
    CHECK(post->body() == "ok");
    REQUIRE(calls.size() == 1);
    CHECK(Value(calls[0]) == Value::array({"p", bytes(std::string("\x01\x02\x03", 3))}));
  }
}

TEST_CASE("socketio: binary events and acks from the server", "[socketio][events][binary]") {
  SioFixture f;
  LastSocket last(f);
  SECTION("over WebSocket: raw binary frames after the header") {
    SioClient client = f.connect();
    auto socket = f.server.find(last.id);
    CHECK(socket->emit("down", {bytes("xy"), Value::object({{"b", bytes("z")}})}));
    CHECK(client.received() ==
          std::vector<std::string>{
              R"(452-["down",)" + kPlaceholder0 + R"(,{"b":{"_placeholder":true,"num":1}}])",
              "<bin:xy>", "<bin:z>"});

    AckRecorder ack;
    socket->emitWithAck("file?", {}, ack.callback(), 3000ms);
    CHECK(client.received() == std::vector<std::string>{R"(420["file?"])"});
    client.send("461-0[" + kPlaceholder0 + "]");
    CHECK(ack.calls == 0);
    client.sendBinary("content");
    REQUIRE(ack.calls == 1);
    CHECK_FALSE(ack.error);
    CHECK(Value(ack.args) == Value::array({bytes("content")}));
  }
  SECTION("over polling: b + base64 in the same payload") {
    const std::string sid = f.driver.handshake();
    f.driver.post(sid, "40");
    connectSid(f.driver.get(sid)->body());
    CHECK(f.server.emitTo(last.id, "down", {bytes(std::string("\x01\x02\x03", 3))}));
    CHECK(f.driver.get(sid)->body() == R"(451-["down",)" + kPlaceholder0 + "]\x1e" "bAQID");
  }
}

TEST_CASE("socketio: more binary attachments than the codec allows are refused",
          "[socketio][events][binary][limits]") {
  SocketIoOptions options;
  options.codec.maxAttachments = 2;
  SioFixture f({}, options);
  LastSocket last(f);
  SioClient client = f.connect();
  auto socket = f.server.find(last.id);
  CHECK_FALSE(socket->emit("many", {bytes("a"), bytes("b"), bytes("c")}));
  CHECK(client.received().empty());
  CHECK(socket->emit("two", {bytes("a"), bytes("b")}));
}

TEST_CASE("socketio: emitToMany encodes once and reaches every connected socket",
          "[socketio][events]") {
  SioFixture f;
  std::string first;
  std::string second;
  SioClient a = f.connect(&first);
  SioClient b = f.connect(&second);
  const std::vector<ChannelId> ids{ChannelId(first), ChannelId("gone"), ChannelId(second)};
  CHECK(f.server.emitToMany(ids, "message", Value::object({{"a", 1}})) == 2);
  CHECK(a.received() == std::vector<std::string>{R"(42["message",{"a":1}])"});
  CHECK(b.received() == std::vector<std::string>{R"(42["message",{"a":1}])"});
}
