// Heartbeats on the real echo-server with short intervals: a WebSocket client and a polling
// client that never answer pings are dropped within pingInterval + pingTimeout (plus slack for a
// loaded machine), their hub sessions end, and a healthy client of the same participant stays.
// "Exactly one session end" is observed through the hub: the participant's connection count
// (send-to-participant's ack) goes from 3 to 1 and stays there, and the hub holds one connection.
#include <catch2/catch.hpp>

#include <string>

#include "support/client_scenario.hpp"
#include "support/echo_server.hpp"

using namespace libsession::test;

namespace {

// Short enough to keep the test quick, long enough that the scenario's setup (a few round trips)
// is over long before the first drop even on a loaded machine.
constexpr int kPingInterval = 500;
constexpr int kPingTimeout = 500;
// Allowed lateness of a drop: scheduling on a loaded 2-core machine, not the server's precision.
constexpr int kSlack = 2000;

}  // namespace

TEST_CASE("a client that stops answering pings is dropped and its session ends once",
          "[heartbeat][node]") {
  const std::string interval = std::to_string(kPingInterval);
  const std::string timeout = std::to_string(kPingTimeout);
  EchoServer server({"--ping-interval", interval, "--ping-timeout", timeout});
  const ClientResults r = runNodeScenario("heartbeat.js", {server.url(), interval, timeout});
  INFO(r.diagnostics());
  INFO(server.log());

  CHECK(r.json("silentWs.handshake") ==
        R"({"pingInterval":)" + interval + R"(,"pingTimeout":)" + timeout + "}");
  CHECK(r.json("silentPolling.connectAnswer") == "true");
  // The healthy client and both silent ones are participant hb.
  CHECK(r.json("participant.before") == "[3]");

  // The WebSocket one: pinged, then closed by the server (no status code, like the reference).
  CHECK(r.number("silentWs.pingsReceived") >= 1);
  CHECK(r.json("silentWs.closeCode") == "1005");
  // Measured from the open packet, so it includes the first pingInterval.
  CHECK(r.number("silentWs.aliveMs") <= kPingInterval + kPingTimeout + kSlack);
  // The polling one: its sid is gone.
  CHECK(r.json("silentPolling.afterDrop") ==
        R"({"status":400,"body":"{\"code\":1,\"message\":\"Session ID unknown\"}"})");

  // Both sessions ended, each once: the hub has exactly the healthy connection left.
  CHECK(r.json("participant.after") == "[1]");
  CHECK(r.json("stats", "hubConnections") == "1");
  CHECK(r.json("stats", "sockets") == "1");
  CHECK(r.json("stats", "engineSessions") == "1");

  // The healthy client answered its pings and was never dropped.
  CHECK(r.number("healthy.pings") >= 3);
  CHECK(r.json("healthy.disconnects") == "0");
  CHECK(r.json("healthy.ack") == R"(["still here"])");
  CHECK(r.json("participant.final") == "[1]");
  CHECK(r.completed());
  requireCleanStop(server);
}
