// The raw Engine.IO echo at /engine.io/ with engine.io-client 6.6 (npm): messages without
// Socket.IO framing, text and binary, on each transport and across the upgrade.
#include <catch2/catch.hpp>

#include <string>

#include "support/client_scenario.hpp"
#include "support/echo_server.hpp"

using namespace libsession::test;

TEST_CASE("raw Engine.IO at /engine.io/ echoes text and binary messages", "[engineio][node]") {
  const auto [mode, upgrades, final] = GENERATE(table<std::string, std::string, std::string>({
      {"default", R"(["websocket"])", "websocket"},
      {"websocket", "[]", "websocket"},
      {"polling", "[]", "polling"},
  }));
  CAPTURE(mode);
  EchoServer server;
  const ClientResults r = runNodeScenario("eio_raw.js", {server.url(), mode});
  INFO(r.diagnostics());
  INFO(server.log());

  CHECK(r.json("echoed") == r.json("sent"));
  CHECK(r.json("echoedKinds") == R"(["text","text","binary","text","binary","text"])");
  CHECK(r.json("raw.empty") == R"(["4",{"$binary":""}])");
  CHECK(r.json("echo.final") == R"("after upgrade")");
  CHECK(r.json("upgrades") == upgrades);
  CHECK(r.json("transport.final") == "\"" + final + "\"");
  CHECK(r.completed());
  requireCleanStop(server);
}
