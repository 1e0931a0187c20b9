// Hostile input on a live echo-server while a healthy socket.io-client keeps round-tripping
// (clients/hostile.js does the probing; the expected answers here are the reference server's,
// from docs/notes/reference-server-behaviour.md, section numbers in the comments).
//
// One scenario run feeds all the checks (so they are grouped in blocks, not Catch2 SECTIONs,
// which would re-run it per section).
//
// The server runs with long heartbeat and connect timeouts, so that no session the scenario
// leaves behind is cleaned up by a timer within the test: the final counts only come back to
// "just the healthy client" when every close path releases what it held.
#include <catch2/catch.hpp>

#include <string>

#include "support/client_scenario.hpp"
#include "support/echo_server.hpp"

using namespace libsession::test;

namespace {

std::string engineError(int code, const std::string& message) {
  return R"({"status":400,"contentType":"application/json","body":"{\"code\":)" + std::to_string(code) +
         R"(,\"message\":\")" + message + R"(\"}"})";
}

std::string webSocketRefusal(const std::string& message) {
  return R"({"status":400,"contentType":"text/html","body":")" + message + R"("})";
}

std::string roundTrip(int id, const std::string& text) {
  return R"({"post":200,"last":"43)" + std::to_string(id) + R"([\")" + text + R"(\"]"})";
}

}  // namespace

TEST_CASE("hostile input: the right answer each time + other clients unaffected + nothing leaked",
          "[hostile][node]") {
  EchoServer server({"--ping-interval", "10000", "--ping-timeout", "5000", "--connect-timeout", "20000"});
  const ClientResults r = runNodeScenario("hostile.js", {server.url()}, std::chrono::seconds(70));
  INFO(r.diagnostics());
  INFO(server.log());

  CHECK(r.json("baseline.stats", "sockets") == "1");

  {
    INFO("garbage on a WebSocket closes that connection, without a status code (§5.1, §7.1)");
    for (const char* probe :
         {"ws.garbageText", "ws.emptyText", "ws.badSocketIoPacket", "ws.badEventPayload",
          "ws.reservedEventName", "ws.secondConnect", "ws.eventBeforeConnect", "ws.garbageBinary",
          "ws.garbageBinaryBeforeConnect", "ws.extraAttachment", "ws.clientPing"}) {
      CAPTURE(probe);
      CHECK(r.json(probe) == "1005");
    }
    // Broken WebSocket framing and non-HTTP bytes: the server hangs up.
    CHECK(r.json("tcp.invalidFrame", "closedByServer") == "true");
    CHECK(r.json("tcp.unmaskedFrame", "closedByServer") == "true");
    CHECK(r.json("tcp.notHttp", "closedByServer") == "true");
  }

  {
    INFO("2 MB payloads: WebSocket close 1009, polling 413 with the session kept (§5.2, §1.5)");
    CHECK(r.json("ws.oversized") == "1009");
    CHECK(r.json("ws.oversizedBinary") == "1009");
    CHECK(r.json("polling.oversized") == R"({"status":413,"body":""})");
    CHECK(r.json("polling.oversized.sessionAfter") == roundTrip(7, "after 413"));
    CHECK(r.json("polling.close") == R"("ok")");
    CHECK(r.json("polling.closed") == engineError(1, "Session ID unknown"));
  }

  {
    INFO("protocol errors get the reference's status and {code, message} (§1.4, §1.5)");
    CHECK(r.json("http.unknownSid.get") == engineError(1, "Session ID unknown"));
    CHECK(r.json("http.unknownSid.post") == engineError(1, "Session ID unknown"));
    CHECK(r.json("ws.unknownSid") == webSocketRefusal("Session ID unknown"));
    CHECK(r.json("http.unknownTransport") == engineError(0, "Transport unknown"));
    CHECK(r.json("http.noTransport") == engineError(0, "Transport unknown"));
    CHECK(r.json("ws.unknownTransport") == webSocketRefusal("Transport unknown"));
    CHECK(r.json("http.postHandshake") == engineError(2, "Bad handshake method"));
    CHECK(r.json("http.eio3") == engineError(5, "Unsupported protocol version"));
    CHECK(r.json("http.noEio") == engineError(5, "Unsupported protocol version"));
    CHECK(r.json("http.websocketWithoutUpgrade") == engineError(3, "Bad request"));
    // A body that does not parse is acknowledged, and the session closes ("parse error").
    CHECK(r.json("polling.parseError.post", "status") == "200");
    CHECK(r.json("polling.parseError.post", "body") == R"("ok")");
    CHECK(r.json("polling.parseError.after") == engineError(1, "Session ID unknown"));
  }

  {
    INFO("a second concurrent poll: 400, the first poll gets a close packet, the session ends (§1.5)");
    CHECK(r.json("polling.overlap.second", "status") == "400");
    CHECK(r.json("polling.overlap.second", "body") == R"("")");
    CHECK(r.json("polling.overlap.first", "status") == "200");
    CHECK(r.json("polling.overlap.first", "body") == R"("1")");
    CHECK(r.json("polling.overlap.after") == engineError(1, "Session ID unknown"));
  }

  {
    INFO("half-open upgrades: the session goes on over polling (§4)");
    CHECK(r.json("upgrade.silent.probeAnswered") == "true");
    CHECK(r.json("upgrade.silent.roundTrip") == roundTrip(1, "while silent"));
    CHECK(r.json("upgrade.abandoned.roundTrip") == roundTrip(2, "after abandon"));
    CHECK(r.json("upgrade.abandoned.close") == R"("ok")");
    CHECK(r.json("upgrade.cutAfter101.roundTrip") == roundTrip(3, "after cut"));
    CHECK(r.json("upgrade.cutAfterProbe.roundTrip") == roundTrip(4, "after probe cut"));
    CHECK(r.json("upgrade.wrongPacket.probeClosed") == "true");
    CHECK(r.json("upgrade.wrongPacket.roundTrip") == roundTrip(5, "after wrong packet"));
    CHECK(r.json("upgrade.cut.close") == R"("ok")");
  }

  {
    INFO("1,000 connects/disconnects, 20 at a time, all served");
    CHECK(r.json("churn", "connected") == "900");
    CHECK(r.json("churn", "rawCut") == "100");
    CHECK(r.json("churn", "refusedOrFailed") == "0");
    CHECK(r.json("churn", "errors") == "[]");
  }

  {
    INFO("afterwards: the healthy client was never disturbed and nothing leaked");
    CHECK(r.json("healthy", "disconnects") == "0");
    CHECK(r.json("healthy", "failures") == "[]");
    const libsession::Value* healthy = r.find("healthy");
    const libsession::Value* roundTrips = healthy != nullptr ? healthy->find("roundTrips") : nullptr;
    CHECK((roundTrips != nullptr && roundTrips->isNumber() && *roundTrips->asNumber() > 10));
    CHECK(r.json("after.ack") == R"(["still alive"])");
    CHECK(r.json("after.messageBack") == R"({"$binary":"010203"})");
    CHECK(r.json("after.stats") ==
          R"({"sockets":1,"engineSessions":1,"hubConnections":1,"tcpConnections":1})");
  }

  CHECK(r.completed());
  requireCleanStop(server);
}
