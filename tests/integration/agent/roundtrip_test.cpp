// Issue 4, proof 1: session-agent as a node of the broker round-trips Events for
// socket.io-client connections on polling and on WebSocket, plain and proxy. The test engine
// answers each Event with a Message to its source, routed through Redis like SrvThreds; the
// Event reaches the engine with the authenticated participant as source, whatever the client
// claimed.
#include <catch2/catch.hpp>

#include <libsession/json.hpp>

#include "agent_harness.hpp"
#include "srvthreds_routing.hpp"

using namespace agent_test;
using libsession::Value;
using libsession::toJson;

namespace {

std::string member(const Value* v, std::string_view name) {
  const Value* m = v != nullptr ? v->find(name) : nullptr;
  return m != nullptr ? toJson(*m) : "<missing " + std::string(name) + ">";
}

}  // namespace

TEST_CASE("session-agent on RabbitMQ: round trip on polling and WebSocket, plain and proxy",
          "[agent][rabbitmq]") {
  const std::string node = "org.wt.nodeA";
  clearBroker({node});
  test_redis::RedisServer redis;
  test_engine::Engine engine(test_engine::Topology::srvThreds(), answerToSource(redis.port()));
  REQUIRE(eventually([&] { return engine.consuming(); }, std::chrono::seconds(15)));
  AgentProcess agent(node, redis.url());
  INFO(agent.log());
  REQUIRE(eventually([&] { return httpGet(agent.port(), "/health").status == 200; },
                     std::chrono::seconds(15)));

  const auto r = libsession::test::runNodeScenario("roundtrip.js", {agent.url()},
                                                   std::chrono::seconds(40));
  INFO(r.diagnostics());
  INFO(agent.log());  // as it is now (the INFO above holds it as it was at the start)
  for (const std::string transport : {"polling", "websocket"}) {
    for (const std::string kind : {"plain", "proxy"}) {
      const std::string name = transport + "." + kind;
      const std::string token = "rt-" + transport + "-" + kind;
      const std::string id = "evt-" + token;
      const std::string source = R"({"id":")" + token + R"("})";
      INFO(name);
      CHECK(r.json(name + ".ack") == R"([{"ok":true,"id":")" + id + R"("}])");
      const Value* got = r.find(name + ".message");
      REQUIRE(got != nullptr);
      const Value* event = got;
      if (kind == "proxy") {
        // The whole Message, as the engine published it for this node.
        CHECK(member(got, "id") == "\"" + id + "_0\"");
        CHECK(member(got, "to") == R"([")" + token + R"("])");
        event = got->find("event");
      } else {
        CHECK(got->find("to") == nullptr);  // Message.event only
        CHECK(got->find("event") == nullptr);
      }
      CHECK(member(event, "id") == "\"" + id + "\"");
      CHECK(member(event, "source") == source);  // not the spoofed "mallory"
      CHECK(member(event, "data") == R"({"title":"from )" + name + R"("})");
    }
  }
  REQUIRE(r.completed());

  // The engine's side: each Event once, source forced, time filled, client fields kept.
  const auto payloads = engine.receivedPayloads();
  CHECK(payloads.size() == 4);
  for (const Value& event : payloads) {
    INFO(toJson(event));
    const std::string id = member(&event, "id");
    REQUIRE(id.rfind("\"evt-rt-", 0) == 0);
    const std::string token = id.substr(5, id.size() - 6);
    CHECK(member(&event, "source") == R"({"id":")" + token + R"("})");
    CHECK(member(&event, "type") == R"("org.wt.tell")");
    CHECK(member(&event, "timestamp") == R"("2026-11-25T00:00:00Z")");
    REQUIRE(event.find("time") != nullptr);
    CHECK(event.find("time")->isNumber());
  }

  const HttpAnswer health = httpGet(agent.port(), "/health");
  INFO(health.body);
  CHECK(health.status == 200);
  Value body;
  REQUIRE(!libsession::parseJson(health.body, body));
  CHECK(member(body.find("engine"), "up") == "true");
  CHECK(member(body.find("directory"), "up") == "true");

  CHECK(agent.running());
  const auto status = agent.stop();
  REQUIRE(status.has_value());
  CHECK(status->describe() == libsession::test::ExitStatus{true, 0, 0}.describe());
}
