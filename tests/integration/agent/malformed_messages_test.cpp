// Issue 4, proof 4: Messages the engine should never send, on the node's routing key: bad JSON,
// valid JSON without `to`, `to` naming unknown participants, a body beyond the agent's limit
// (8 MiB) and a big one within it. Unreadable or invalid ones are nacked without requeue and
// answered with SrvThreds' error event (code 5200) on the event exchange; unknown participants
// are acked and reach nobody; afterwards the agent still delivers, answers /health with 200,
// and its queue holds nothing.
#include <catch2/catch.hpp>

#include <map>
#include <string>
#include <vector>

#include <libsession/json.hpp>

#include "agent_harness.hpp"
#include "srvthreds_routing.hpp"

using namespace agent_test;
using libsession::Value;
using libsession::toJson;

namespace {

const std::string kNode = "org.wt.nodeA";

Value engineEvent(const std::string& id, const std::string& type = "org.wt.tell",
                  const std::string& title = "") {
  return Value::object({{"id", id},
                        {"type", type},
                        {"thredId", "thred-" + id},
                        {"source", Value::object({{"id", "engine"}})},
                        {"data", Value::object({{"title", title.empty() ? id : title}})}});
}

std::string message(const std::string& id, Value to, const Value& event) {
  return test_engine::envelope(
      Value::object({{"id", id + "_0"}, {"to", std::move(to)}, {"event", event}}), kNode);
}

std::string receivedIds(const libsession::test::ClientResults& r) {
  const Value* received = r.find("received");
  if (received == nullptr || !received->isArray()) return "<no received>";
  Value::Array ids;
  for (const Value& entry : *received->asArray()) ids.push_back(*entry.find("id"));
  return toJson(Value(std::move(ids)));
}

std::string str(const Value* v) { return v != nullptr ? toJson(*v) : "<missing>"; }

}  // namespace

TEST_CASE("session-agent on RabbitMQ: malformed Messages are rejected and the agent keeps serving",
          "[agent][rabbitmq]") {
  using namespace std::chrono_literals;
  clearBroker({kNode});
  test_redis::RedisServer redis;
  test_redis::RedisClient directory(redis.port());
  test_engine::Engine engine(test_engine::Topology::srvThreds(), test_engine::Answerer());
  REQUIRE(eventually([&] { return engine.consuming(); }, 15s));
  AgentProcess agent(kNode, redis.url());
  INFO(agent.log());
  REQUIRE(eventually([&] { return httpGet(agent.port(), "/health").status == 200; }, 15s));

  LiveClient alice("listener.js", {agent.url(), "alice", "websocket", "plain"});
  LiveClient bob("listener.js", {agent.url(), "bob", "polling", "proxy"});
  REQUIRE(alice.waitFor("ready", 15s));
  REQUIRE(bob.waitFor("ready", 15s));
  const std::map<std::string, std::vector<std::string>> bothOnA{{kNode, {"alice", "bob"}}};
  REQUIRE(eventually([&] { return nodesOf(directory, {"alice", "bob"}) == bothOnA; }, 15s));

  // 1. Not JSON at all.
  engine.publishRaw(kNode, R"({"id":"bad-json","payload":{"id":)");
  // 2. JSON, but the Message has no `to`.
  engine.publishRaw(kNode, test_engine::envelope(
      Value::object({{"id", "no-to_0"}, {"event", engineEvent("no-to")}}), kNode));
  // 3. Valid, to participants nobody knows.
  engine.publishRaw(kNode, message("unknown", Value::array({"nobody", "ghost"}), engineEvent("unknown")));
  // 4. Over the limit: 10 MiB of title, addressed to alice.
  engine.publishRaw(kNode, message("huge", Value::array({"alice"}),
                                   engineEvent("huge", "org.wt.tell", std::string(10u << 20, 'x'))));
  // 5. Big but within the limit (3 MiB): delivered like any other.
  engine.publishRaw(kNode, message("big", Value::array({"alice"}),
                                   engineEvent("big", "org.wt.tell", std::string(3u << 20, 'y'))));
  // 6. A valid Message after all that, and one more invalid one as the last, whose error event
  //    tells the test that every earlier error event has been published.
  engine.publishRaw(kNode, message("after", Value::array({"alice", "bob"}), engineEvent("after")));
  engine.publishRaw(kNode, test_engine::envelope(
      Value::object({{"id", "sentinel_0"}, {"to", "alice"}, {"event", engineEvent("sentinel")}}), kNode));
  engine.publishRaw(kNode, message("finish", Value::array({"alice", "bob"}),
                                   engineEvent("finish", "test.finish")));

  const auto aliceResults = alice.finish(20s);
  const auto bobResults = bob.finish(20s);
  INFO(agent.log());  // as it is now (the INFO above holds it as it was at the start)
  CHECK(agent.running());  // not crashed by any of it
  {
    INFO(aliceResults.diagnostics());
    CHECK(aliceResults.completed());
    CHECK(receivedIds(aliceResults) == R"(["big","after","finish"])");
    const Value* received = aliceResults.find("received");
    REQUIRE(received != nullptr);
    // The 3 MiB Message arrived whole (its event, as alice is a plain connection).
    CHECK(*received->asArray()->front().find("size")->asNumber() > 3 * 1024 * 1024);
  }
  {
    INFO(bobResults.diagnostics());
    CHECK(bobResults.completed());
    CHECK(receivedIds(bobResults) == R"(["after","finish"])");
  }

  // The error events, in the order of the Messages they answer: bad JSON, no `to`, huge, sentinel.
  REQUIRE(engine.waitForPayloads(
      [](const auto& payloads) {
        for (const Value& p : payloads)
          if (p.find("re") != nullptr && *p.find("re") == Value("sentinel")) return true;
        return false;
      },
      20s));
  const auto payloads = engine.receivedPayloads();
  std::string all;
  for (const Value& p : payloads) all += toJson(p) + "\n";
  INFO("error events received by the engine:\n" << all);
  REQUIRE(payloads.size() == 4);
  const char* const expectedRe[] = {nullptr, "no-to", nullptr, "sentinel"};
  for (std::size_t i = 0; i < payloads.size(); ++i) {
    const Value& e = payloads[i];
    INFO("error event " << i << ": " << toJson(e));
    CHECK(str(e.find("type")) == R"("org.wt.session")");
    CHECK(str(e.find("source")) == R"({"id":"org.wt.nodeA","name":"Session Agent"})");
    const Value* id = e.find("id");
    REQUIRE(id != nullptr);
    CHECK(id->asString()->rfind(kNode, 0) == 0);
    REQUIRE(e.find("time") != nullptr);
    CHECK(e.find("time")->isNumber());
    const Value* data = e.find("data");
    REQUIRE(data != nullptr);
    CHECK(str(data->find("title")) == R"("org.wt.nodeA Result")");
    const Value* content = data->find("content");
    const Value* error = content != nullptr ? content->find("error") : nullptr;
    REQUIRE(error != nullptr);
    CHECK(str(error->find("message")) == R"("Task Error")");
    CHECK(str(error->find("code")) == "5200");
    CHECK(error->find("cause") != nullptr);
    if (expectedRe[i] == nullptr) {
      CHECK(e.find("re") == nullptr);  // nothing of the Message could be read
    } else {
      CHECK(str(e.find("re")) == "\"" + std::string(expectedRe[i]) + "\"");
      CHECK(str(e.find("thredId")) == "\"thred-" + std::string(expectedRe[i]) + "\"");
    }
  }

  // Nothing requeued or left: the node's queue is empty, and so is the shared one.
  CHECK(eventually([&] { return test_engine::Admin::queueDepth(nodeQueueOf(kNode)) == 0; }, 10s));
  CHECK(test_engine::Admin::queueDepth("session-message-queue") == 0);
  // Still serving.
  CHECK(agent.running());
  const HttpAnswer health = httpGet(agent.port(), "/health");
  INFO(health.body);
  CHECK(health.status == 200);
  CHECK(agent.stderrText().find("engine message rejected") != std::string::npos);
  const auto status = agent.stop();
  REQUIRE(status.has_value());
  CHECK(status->describe() == libsession::test::ExitStatus{true, 0, 0}.describe());
}
