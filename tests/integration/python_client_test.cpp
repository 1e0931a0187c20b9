// python3-socketio (Debian's python-socketio 5.7 / python-engineio 4.3) against the real
// echo-server: it upgrades synchronously before its first packet and caps polling responses at
// 16 packets, two behaviours the Node client does not exercise.
#include <catch2/catch.hpp>

#include <string>

#include "support/client_scenario.hpp"
#include "support/echo_server.hpp"

using namespace libsession::test;

namespace {

void checkPythonClient(const std::string& mode, const std::string& transport) {
  EchoServer server;
  const ClientResults r = runPythonScenario("py_client.py", {server.url(), mode});
  INFO(r.diagnostics());
  INFO(server.log());

  CHECK(r.json("connected") == "true");
  CHECK(r.json("transport") == "\"" + transport + "\"");
  CHECK(r.json("auth") == R"({"token":"py","lang":"python"})");
  CHECK(r.json("session.participantId") == R"("py")");
  CHECK(r.json("session.channelIsSid") == "true");
  CHECK(r.json("message-back.text") == R"(["hello",{"n":1,"list":[1,null,true]}])");
  CHECK(r.json("message-back.binary") == R"([{"$binary":"0001ff"},{"bin":{"$binary":"6869"}}])");
  CHECK(r.json("burst.order") == "[0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19]");
  CHECK(r.json("ack.text") == R"(["x",{"y":2}])");
  CHECK(r.json("ack.binary") == R"([{"$binary":"03"},[{"$binary":"04"}]])");
  CHECK(r.json("client-ack") ==
        R"({"ok":true,"args":["answer","q",{"$binary":"01"},{"$binary":"0402"}]})");
  CHECK(r.json("disconnected") == "true");
  CHECK(r.json("connected.after") == "false");
  CHECK(r.completed());
  requireCleanStop(server);
}

}  // namespace

TEST_CASE("python3-socketio: connect with auth + emit + receive + acks both ways + disconnect",
          "[socketio][python]") {
  checkPythonClient("default", "websocket");
}

TEST_CASE("python3-socketio over long-polling only with bursts beyond 16 packets",
          "[socketio][python]") {
  checkPythonClient("polling", "polling");
}
