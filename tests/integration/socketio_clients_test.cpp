// socket.io-client 4.8 (npm, pinned in tests/js) against the real echo-server: the three
// transport configurations, participant addressing, the proxy header, namespaces and auth.
// The client side of each case is a script in clients/; see support/client_scenario.hpp.
#include <catch2/catch.hpp>

#include <string>

#include "support/client_scenario.hpp"
#include "support/echo_server.hpp"

using namespace libsession::test;

namespace {

std::string sequence(int count) {
  std::string json = "[";
  for (int i = 0; i < count; ++i) json += (i > 0 ? "," : "") + std::to_string(i);
  return json + "]";
}

// sio_events.js in one transport mode; `initial`/`final` are the expected transport names.
void checkEvents(const std::string& mode, const std::string& initial, const std::string& upgrades,
                 const std::string& final) {
  EchoServer server;
  const ClientResults r = runNodeScenario("sio_events.js", {server.url(), mode});
  INFO(r.diagnostics());
  INFO(server.log());

  CHECK(r.json("transport.initial") == "\"" + initial + "\"");
  CHECK(r.json("upgrades") == upgrades);
  CHECK(r.json("transport.final") == "\"" + final + "\"");
  // Sent at once (in the default mode, across the upgrade): all back, in order.
  CHECK(r.json("burst.order") == sequence(30));

  CHECK(r.json("auth") == R"({"token":"alice","role":"tester","n":1})");
  CHECK(r.json("session.participantId") == R"("alice")");
  CHECK(r.json("session.proxy") == "false");
  CHECK(r.json("session.channelIsSocketId") == "true");
  CHECK(r.json("session.sessionIdPattern") == "true");

  CHECK(r.json("message-back.text") == R"(["hello",42,{"nested":["a",null,true,1.5]}])");
  CHECK(r.json("message-back.binary") ==
        R"([{"$binary":"000102ff"},{"deep":{"bin":{"$binary":"6869"},"list":[{"$binary":""},7]}}])");
  CHECK(r.json("ack.text") == R"(["a",{"b":[1,2]}])");
  CHECK(r.json("ack.binary") == R"([{"$binary":"090807"},{"x":[{"$binary":"01"}]}])");
  CHECK(r.json("ack.empty") == "[]");

  // Server → client emit with ack (the echo server's emit-with-ack), answered by the client
  // with binary in it ...
  CHECK(r.json("client-ack") ==
        R"([{"ok":true,"args":["answer","q",{"$binary":"01"},{"$binary":"0402"}]}])");
  // ... and one the client never answers: the server's callback gets an error.
  const libsession::Value* timeout = r.find("client-ack.timeout");
  REQUIRE(timeout != nullptr);
  REQUIRE(timeout->isArray());
  REQUIRE(timeout->asArray()->size() == 1);
  const libsession::Value& outcome = timeout->asArray()->front();
  CHECK((outcome.find("ok") != nullptr && *outcome.find("ok") == libsession::Value(false)));
  CHECK((outcome.find("error") != nullptr && outcome.find("error")->isString()));

  CHECK(r.json("ack.final") == R"(["last"])");
  CHECK(r.json("disconnect.reason") == R"("io client disconnect")");
  CHECK(r.completed());
  requireCleanStop(server);
}

}  // namespace

TEST_CASE("socket.io-client default transports: upgrade to WebSocket + events + binary + acks both ways",
          "[socketio][node]") {
  checkEvents("default", "polling", R"(["websocket"])", "websocket");
}

TEST_CASE("socket.io-client websocket only: events + binary + acks both ways",
          "[socketio][node]") {
  checkEvents("websocket", "websocket", "[]", "websocket");
}

TEST_CASE("socket.io-client polling only: stays on polling + events + binary + acks both ways",
          "[socketio][node]") {
  checkEvents("polling", "polling", "[]", "polling");
}

TEST_CASE("send-to-participant reaches every connection of that participant and no other",
          "[socketio][hub][node]") {
  EchoServer server;
  const ClientResults r = runNodeScenario("sio_participant.js", {server.url()});
  INFO(r.diagnostics());
  INFO(server.log());

  CHECK(r.json("sessions.participants") == R"(["p1","p1","p1","p2"])");
  CHECK(r.json("sessions.distinctIds") == "4");
  CHECK(r.json("sessions.idsMatchParticipant") == "true");
  CHECK(r.json("sessions.channelsAreSocketIds") == "true");

  CHECK(r.json("send.p1.ack") == "[3]");
  CHECK(r.json("send.p1.p2Received") == "0");
  CHECK(r.json("send.p1.received") ==
        R"([["hello",{"$binary":"010203"}],["hello",{"$binary":"010203"}],["hello",{"$binary":"010203"}]])");
  CHECK(r.json("send.p2.ack") == "[1]");
  CHECK(r.json("send.p2.received") == R"([{"to":"p2"}])");
  CHECK(r.json("send.nobody.ack") == "[0]");
  CHECK(r.json("send.afterDisconnect.ack") == "[2]");
  CHECK(r.json("send.afterDisconnect.received") == R"([["again"],["again"]])");
  CHECK(r.completed());
  requireCleanStop(server);
}

TEST_CASE("the x-proxy-message handshake header sets the proxy flag when non-empty",
          "[socketio][hub][node]") {
  EchoServer server;
  const ClientResults r = runNodeScenario("sio_proxy.js", {server.url()});
  INFO(r.diagnostics());
  INFO(server.log());
  for (const std::string transport : {"polling", "websocket"}) {
    CAPTURE(transport);
    CHECK(r.json("proxy.one." + transport) == "true");
    CHECK(r.json("proxy.absent." + transport) == "false");
    CHECK(r.json("proxy.empty." + transport) == "false");
  }
  CHECK(r.completed());
  requireCleanStop(server);
}

TEST_CASE("an unknown namespace is refused with Invalid namespace while /custom works",
          "[socketio][node]") {
  EchoServer server;
  const ClientResults r = runNodeScenario("sio_namespaces.js", {server.url()});
  INFO(r.diagnostics());
  INFO(server.log());

  CHECK(r.json("nope.alone") == R"({"connected":false,"message":"Invalid namespace"})");
  // Multiplexed on one Engine.IO connection with "/" and "/custom": only /nope fails.
  CHECK(r.json("nope.multiplexed") == R"({"connected":false,"message":"Invalid namespace"})");
  CHECK(r.json("custom.connected") == R"({"connected":true})");
  CHECK(r.json("root.connected") == R"({"connected":true})");
  CHECK(r.json("custom.auth") == R"({"token":"carol","where":"custom"})");
  CHECK(r.json("custom.session.participantId") == R"("carol")");
  CHECK(r.json("custom.message-back") == R"(["in custom",{"$binary":"05"}])");
  CHECK(r.json("custom.ack") == R"(["custom ack"])");
  CHECK(r.json("root.ack") == R"(["root ack"])");
  CHECK(r.json("root.sendToCarol") == "[2]");
  CHECK(r.json("custom.messageToCarol") == R"(["to both"])");
  CHECK(r.json("root.messageToCarol") == R"(["to both"])");
  CHECK(r.json("engine.sharedAndOpen") == R"("open")");
  CHECK(r.completed());
  requireCleanStop(server);
}

TEST_CASE("the authenticator refuses a CONNECT without a token with message and data",
          "[socketio][auth][node]") {
  EchoServer server({"--require-token"});
  const ClientResults r = runNodeScenario("sio_auth.js", {server.url()});
  INFO(r.diagnostics());
  INFO(server.log());

  const std::string refused =
      R"({"connected":false,"message":"missing token","data":{"reason":"auth.token is required"}})";
  CHECK(r.json("noAuth") == refused);
  CHECK(r.json("emptyToken") == refused);
  CHECK(r.json("custom.noToken") == refused);
  CHECK(r.json("token") == R"({"connected":true})");
  CHECK(r.json("token.auth") == R"({"token":"dave"})");
  // After a refusal the same connection accepts a CONNECT with a token.
  CHECK(r.json("retry.first") == refused);
  CHECK(r.json("retry.second") == R"({"connected":true})");
  CHECK(r.json("retry.auth") == R"({"token":"erin"})");
  CHECK(r.completed());
  requireCleanStop(server);
}
