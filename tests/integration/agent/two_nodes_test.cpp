// Issue 4, proof 2: two session-agents with different nodeIds on one broker and one Redis. The
// test engine resolves participants to nodes from Redis as SrvThreds does and publishes one
// Message per node (routing key = nodeId): every Message reaches exactly the connections of the
// addressed participants, on the node(s) that hold them, and no other connection.
//
// No "nothing arrived within N seconds" waits: each client collects until a finish marker that
// the engine publishes last. Each node consumes its queue in order, so a Message that was going
// to reach a connection would have arrived before that connection's marker.
#include <catch2/catch.hpp>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <libsession/json.hpp>

#include "agent_harness.hpp"
#include "srvthreds_routing.hpp"

using namespace agent_test;
using libsession::Value;
using libsession::toJson;

namespace {

const std::string kNodeA = "org.wt.nodeA";
const std::string kNodeB = "org.wt.nodeB";

Value engineEvent(const std::string& id, const std::string& type = "org.wt.tell") {
  return Value::object({{"id", id},
                        {"type", type},
                        {"source", Value::object({{"id", "engine"}})},
                        {"data", Value::object({{"title", id}})}});
}

// The ids a listener reported, in arrival order, as JSON.
std::string receivedIds(const libsession::test::ClientResults& r) {
  const Value* received = r.find("received");
  if (received == nullptr || !received->isArray()) return "<no received>";
  Value::Array ids;
  for (const Value& entry : *received->asArray()) {
    const Value* id = entry.find("id");
    ids.push_back(id != nullptr ? *id : Value());
  }
  return toJson(Value(std::move(ids)));
}

// What each Message was like on arrival: [id, whole Message?, `to` (proxy only)].
std::string receivedShapes(const libsession::test::ClientResults& r) {
  const Value* received = r.find("received");
  if (received == nullptr || !received->isArray()) return "<no received>";
  Value::Array shapes;
  for (const Value& entry : *received->asArray()) {
    const Value* to = entry.find("to");
    shapes.push_back(Value::array({*entry.find("id"), *entry.find("whole"), to ? *to : Value()}));
  }
  return toJson(Value(std::move(shapes)));
}

}  // namespace

TEST_CASE("session-agent on RabbitMQ: two nodes, each Message reaches exactly the addressed nodes",
          "[agent][rabbitmq]") {
  clearBroker({kNodeA, kNodeB});
  test_redis::RedisServer redis;
  test_redis::RedisClient directory(redis.port());
  test_engine::Engine engine(test_engine::Topology::srvThreds(), test_engine::Answerer());
  REQUIRE(eventually([&] { return engine.consuming(); }, std::chrono::seconds(15)));
  AgentProcess a(kNodeA, redis.url());
  AgentProcess b(kNodeB, redis.url());
  INFO(a.log());
  INFO(b.log());
  for (AgentProcess* agent : {&a, &b}) {
    REQUIRE(eventually([&] { return httpGet(agent->port(), "/health").status == 200; },
                       std::chrono::seconds(15)));
  }

  // alice on A; bob and dave on B; carol on both. Both transports, plain and proxy.
  struct Listener {
    std::string name;
    LiveClient client;
  };
  std::vector<std::unique_ptr<Listener>> listeners;
  auto listen = [&](const std::string& name, AgentProcess& agent, const std::string& token,
                    const std::string& transport, const std::string& kind) {
    listeners.emplace_back(
        new Listener{name, LiveClient("listener.js", {agent.url(), token, transport, kind})});
  };
  listen("alice@A", a, "alice", "websocket", "plain");
  listen("carol@A", a, "carol", "polling", "plain");
  listen("bob@B", b, "bob", "polling", "proxy");
  listen("carol@B", b, "carol", "websocket", "proxy");
  listen("dave@B", b, "dave", "websocket", "plain");
  for (auto& l : listeners) {
    INFO(l->name);
    REQUIRE(l->client.waitFor("ready", std::chrono::seconds(15)));
  }
  // The directory as the engine sees it, once every session is written.
  const std::map<std::string, std::vector<std::string>> expected{
      {kNodeA, {"alice", "carol"}}, {kNodeB, {"bob", "carol", "dave"}}};
  REQUIRE(eventually([&] { return nodesOf(directory, {"alice", "bob", "carol", "dave"}) == expected; },
                     std::chrono::seconds(15)));
  CHECK(directory.members("ParticipantSession:carol").size() == 2);

  auto publish = [&](const std::string& id, const std::vector<std::string>& to,
                     std::size_t expectedNodes, const std::string& type = "org.wt.tell") {
    const auto publications = routeMessage(directory, id + "_0", to, engineEvent(id, type));
    CHECK(publications.size() == expectedNodes);
    for (const auto& [key, body] : publications) engine.publishRaw(key, body);
  };
  publish("m-alice", {"alice"}, 1);
  publish("m-bob", {"bob"}, 1);
  publish("m-carol", {"carol"}, 2);
  publish("m-alice-bob", {"alice", "bob"}, 2);
  publish("m-nobody", {"nobody"}, 0);
  // Misrouted: on A's key, but bob is only on B. A has nobody to give it to and drops it (acks);
  // B never sees it (it is not on B's queue).
  engine.publishRaw(kNodeA, test_engine::envelope(
      Value::object({{"id", "m-misrouted_0"}, {"to", Value::array({"bob"})},
                     {"event", engineEvent("m-misrouted")}}),
      kNodeA));
  publish("m-after", {"alice"}, 1);  // A keeps serving after the misrouted one
  // The seed guide's form: object entries; a nodeId other than the receiving node is skipped.
  engine.publishRaw(kNodeA, test_engine::envelope(
      Value::object({{"id", "m-objects_0"},
                     {"to", Value::array({Value::object({{"participantId", "alice"}, {"nodeId", kNodeA}}),
                                          Value::object({{"participantId", "carol"}, {"nodeId", kNodeB}})})},
                     {"event", engineEvent("m-objects")}}),
      kNodeA));
  publish("finish", {"alice", "bob", "carol", "dave"}, 2, "test.finish");

  std::map<std::string, libsession::test::ClientResults> results;
  for (auto& l : listeners) results[l->name] = l->client.finish(std::chrono::seconds(30));
  INFO(a.log());  // as they are now (the INFOs above hold them as they were at the start)
  INFO(b.log());
  for (auto& [name, r] : results) {
    INFO(name << "\n" << r.diagnostics());
    CHECK(r.completed());
    CHECK(r.json("disconnects") == "0");
  }
  CHECK(receivedIds(results["alice@A"]) == R"(["m-alice","m-alice-bob","m-after","m-objects","finish"])");
  CHECK(receivedIds(results["carol@A"]) == R"(["m-carol","finish"])");
  CHECK(receivedIds(results["bob@B"]) == R"(["m-bob","m-alice-bob","finish"])");
  CHECK(receivedIds(results["carol@B"]) == R"(["m-carol","finish"])");
  CHECK(receivedIds(results["dave@B"]) == R"(["finish"])");
  // Plain connections get the Event; proxies the whole Message of their node, `to` holding only
  // that node's participants.
  CHECK(receivedShapes(results["alice@A"]) ==
        R"([["m-alice",false,null],["m-alice-bob",false,null],["m-after",false,null],)"
        R"(["m-objects",false,null],["finish",false,null]])");
  CHECK(receivedShapes(results["bob@B"]) ==
        R"([["m-bob",true,["bob"]],["m-alice-bob",true,["bob"]],["finish",true,["bob","carol","dave"]]])");
  CHECK(receivedShapes(results["carol@B"]) ==
        R"([["m-carol",true,["carol"]],["finish",true,["bob","carol","dave"]]])");

  // Every Message was taken off the queues (acked, not left or requeued), including the ones
  // nobody could receive.
  CHECK(eventually([&] { return test_engine::Admin::queueDepth(nodeQueueOf(kNodeA)) == 0; },
                   std::chrono::seconds(10)));
  CHECK(test_engine::Admin::queueDepth(nodeQueueOf(kNodeB)) == 0);
  // Nothing of this went back to the engine (no error events: every Message was valid).
  CHECK(engine.receivedIds().empty());

  for (AgentProcess* agent : {&a, &b}) {
    CHECK(agent->running());
    const auto status = agent->stop();
    REQUIRE(status.has_value());
    CHECK(status->describe() == libsession::test::ExitStatus{true, 0, 0}.describe());
  }
  // No session left behind in the directory.
  CHECK(nodesOf(directory, {"alice", "bob", "carol", "dave"}).empty());
}
