// session-agent, the deployable binary, with its embedded loopback engine: the official
// socket.io client's Event goes to the engine with its source forced, the client's ack comes
// after the engine took it, and the engine's answer comes back as `message`.
#include <catch2/catch.hpp>

#include "support/client_scenario.hpp"
#include "support/echo_server.hpp"
#include "support/paths.hpp"

using namespace libsession::test;

TEST_CASE("session-agent: loopback round trip with source forced, proxy and /health",
          "[agent]") {
  EchoServer agent(configuredPath("LIBSESSION_SESSION_AGENT", LIBSESSION_SESSION_AGENT), {});
  const ClientResults r = runNodeScenario("agent_loopback.js", {agent.url()});
  INFO(r.diagnostics());
  INFO(agent.log());
  CHECK(r.json("ack") == R"([{"ok":true,"id":"evt-1"}])");
  CHECK(r.json("plain.event.id") == R"("evt-1")");
  CHECK(r.json("plain.event.source") == R"({"id":"alice"})");  // not the spoofed "mallory"
  CHECK(r.json("plain.event.data") == R"({"title":"hello"})");
  CHECK(r.json("plain.event.hasTime") == "true");
  CHECK(r.json("proxy.message.to") == R"(["alice"])");
  CHECK(r.json("proxy.message.event.id") == R"("evt-1")");
  CHECK(r.json("ack.invalid") == R"([{"ok":false,"error":"Event.id must be a non-empty string"}])");
  CHECK(r.json("noToken") == R"("missing token")");
  CHECK(r.json("health.status") == "200");
  CHECK(r.json("health.connections") == "2");
  CHECK(r.json("health.participants") == "1");
  REQUIRE(r.completed());
  requireCleanStop(agent);
}
