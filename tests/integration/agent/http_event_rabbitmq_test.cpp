// Issue 5, POST /event through to the engine: the real session-agent on the real RabbitMQ with
// JWT_SECRET set takes an Event over HTTP with a valid Bearer token, forces its source to the
// token's participant (whatever the body claims), and answers 202 only once the broker has
// confirmed it; the test engine (integration/rabbitmq) receives it on SrvThreds' event queue.
#include <catch2/catch.hpp>

#include <libsession/json.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

#include "agent_harness.hpp"
#include "prometheus_text.hpp"
#include "rabbitmq/test_engine.hpp"

using namespace agent_test;
using libsession::Value;
using libsession::toJson;

namespace {

std::optional<double> metricNow(std::uint16_t port, const std::string& name) {
  const HttpAnswer answer = httpGet(port, "/metrics");
  libsession::testing::PrometheusText text;
  std::string error;
  INFO(answer.body);
  INFO(error);
  REQUIRE(libsession::testing::parsePrometheusText(answer.body, text, error));
  return text.value(name);
}

}  // namespace

TEST_CASE("POST /event with a Bearer token reaches the engine as the token's participant",
          "[agent][rabbitmq][http]") {
  const std::string node = "org.wt.httpnode";
  const std::string secret = "rabbit-http-secret";
  clearBroker({node});
  test_engine::Engine engine(test_engine::Topology::srvThreds(), /*answer=*/false);
  REQUIRE(eventually([&] { return engine.consuming(); }, std::chrono::seconds(15)));
  AgentProcess agent({"--host", "127.0.0.1", "-p", "0", "-i", node, "--broker",
                      test_engine::amqpUrl()},
                     {{"JWT_SECRET", secret}, {"REDIS_URL", ""}, {"SESSION_AGENT_CONFIG", ""}},
                     node);
  INFO(agent.log());
  REQUIRE(eventually([&] { return httpGet(agent.port(), "/health").status == 200; },
                     std::chrono::seconds(15)));

  const auto now = std::chrono::duration_cast<std::chrono::seconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  const std::string token = signToken(secret, "alice", now + 60);
  const HttpAnswer answer = httpRequest(
      agent.port(), "POST", "/event",
      {"Content-Type: application/json", "Authorization: Bearer " + token,
       "x-participant-id: mallory"},
      R"({"id":"evt-http-rmq-1","type":"org.wt.tell","source":{"id":"mallory","name":"M"},)"
      R"("thredId":"thred-1","data":{"title":"over http"}})");
  INFO(answer.head << "\n\n" << answer.body);
  CHECK(answer.status == 202);
  CHECK(answer.body == R"({"id":"evt-http-rmq-1"})");
  // The 202 was sent from the broker's confirm: by now the agent counts it confirmed.
  CHECK(metricNow(agent.port(), "session_agent_events_confirmed_total") == 1);
  CHECK(metricNow(agent.port(), "session_agent_events_pending") == 0);

  // Only this test's Events count: other runs on the same broker may use SrvThreds' names too.
  const auto idOf = [](const Value& event) {
    const Value* id = event.isObject() ? event.find("id") : nullptr;
    return id != nullptr && id->isString() ? *id->asString() : std::string();
  };
  const auto ours = [&](const std::vector<Value>& payloads) {
    std::vector<Value> mine;
    for (const Value& p : payloads) {
      if (idOf(p).rfind("evt-http-rmq-", 0) == 0) mine.push_back(p);
    }
    return mine;
  };
  REQUIRE(engine.waitForPayloads([&](const auto& p) { return !ours(p).empty(); },
                                 std::chrono::seconds(10)));
  const auto payloads = ours(engine.receivedPayloads());
  REQUIRE(payloads.size() == 1);
  const Value& event = payloads.front();
  INFO(toJson(event));
  const auto member = [&](const char* name) {
    const Value* v = event.find(name);
    return v != nullptr ? toJson(*v) : std::string("<missing>");
  };
  CHECK(member("id") == R"("evt-http-rmq-1")");
  CHECK(member("type") == R"("org.wt.tell")");
  CHECK(member("source") == R"({"id":"alice"})");  // the token's, not the body's nor the header's
  CHECK(member("thredId") == R"("thred-1")");
  CHECK(member("data") == R"({"title":"over http"})");
  REQUIRE(event.find("time") != nullptr);
  CHECK(event.find("time")->isNumber());

  // An invalid token never reaches the engine: the next Event that does is the valid one after
  // it (one publisher, one channel: the broker keeps their order).
  const HttpAnswer refused = httpRequest(
      agent.port(), "POST", "/event",
      {"Content-Type: application/json", "Authorization: Bearer " + signToken("wrong", "alice", now + 60)},
      R"({"id":"evt-http-rmq-2","type":"org.wt.tell"})");
  CHECK(refused.status == 401);
  const HttpAnswer third = httpRequest(
      agent.port(), "POST", "/event",
      {"Content-Type: application/json", "Authorization: Bearer " + token},
      R"({"id":"evt-http-rmq-3","type":"org.wt.tell"})");
  CHECK(third.status == 202);
  REQUIRE(engine.waitForPayloads([&](const auto& p) { return ours(p).size() >= 2; },
                                 std::chrono::seconds(10)));
  std::vector<std::string> ids;
  for (const Value& p : ours(engine.receivedPayloads())) ids.push_back(idOf(p));
  CHECK(ids == std::vector<std::string>{"evt-http-rmq-1", "evt-http-rmq-3"});

  const auto status = agent.stop();
  REQUIRE(status.has_value());
  CHECK(status->describe() == libsession::test::ExitStatus{true, 0, 0}.describe());
}
