// Issue 4, proof 3: the broker goes away in the middle of a stream and comes back. Two clients
// (polling and WebSocket) keep sending Events with acks through it; afterwards every Event a
// client saw acked with ok is with the engine (lost = 0), the same agent process still serves
// the same connections, and it consumes its queue again (the engine's answers to Events sent
// after the restart reach the clients).
#include <catch2/catch.hpp>

#include <csignal>
#include <cstdlib>
#include <set>
#include <thread>

#include <libsession/json.hpp>

#include "agent_harness.hpp"
#include "srvthreds_routing.hpp"

using namespace agent_test;
using libsession::Value;
using libsession::toJson;

namespace {

// The broker is stopped with `rabbitmqctl stop_app`: the RabbitMQ application stops, closing
// every connection and refusing new ones, while the Erlang VM (and with it rabbitmqctl's access)
// stays up, so `start_app` brings it back within seconds and durable queues keep their persistent
// messages. Killing the whole server would need this test to restart it the way
// scripts/lib/rabbitmq.sh does, and other users of the broker could not tell either apart.
bool rabbitmqctl(const char* command) {
  return std::system((std::string("rabbitmqctl -q ") + command + " >/dev/null 2>&1").c_str()) == 0;
}

// Starts the application again if the test leaves early while the broker is stopped.
struct BrokerRestorer {
  bool stopped = false;
  ~BrokerRestorer() {
    if (stopped) rabbitmqctl("start_app");
  }
};

std::size_t countWithPrefix(const std::vector<std::string>& ids, const std::string& prefix) {
  std::size_t n = 0;
  for (const auto& id : ids) n += id.rfind(prefix, 0) == 0 ? 1 : 0;
  return n;
}


}  // namespace

TEST_CASE("session-agent on RabbitMQ: broker restart mid-stream loses no acked Event",
          "[agent][rabbitmq][restart]") {
  using namespace std::chrono_literals;
  const std::string node = "org.wt.nodeA";
  clearBroker({node});
  test_redis::RedisServer redis;
  test_engine::Engine engine(test_engine::Topology::srvThreds(), answerToSource(redis.port()));
  REQUIRE(eventually([&] { return engine.consuming(); }, 15s));
  AgentProcess agent(node, redis.url());
  INFO(agent.log());
  REQUIRE(eventually([&] { return httpGet(agent.port(), "/health").status == 200; }, 15s));
  const pid_t pid = agent.pid();

  const std::vector<std::string> tokens{"streamer-polling", "streamer-websocket"};
  LiveClient polling("streamer.js", {agent.url(), tokens[0], "polling", "100"});
  LiveClient websocket("streamer.js", {agent.url(), tokens[1], "websocket", "100"});
  REQUIRE(polling.waitFor("ready", 15s));
  REQUIRE(websocket.waitFor("ready", 15s));
  // The stream flows from both clients before the broker goes.
  REQUIRE(engine.waitFor(
      [&](const auto& ids) {
        return countWithPrefix(ids, tokens[0] + "-") >= 10 && countWithPrefix(ids, tokens[1] + "-") >= 10;
      },
      20s));

  BrokerRestorer restorer;
  REQUIRE(rabbitmqctl("stop_app"));
  restorer.stopped = true;
  // The agent notices: not ready while its engine link is down.
  CHECK(eventually([&] { return httpGet(agent.port(), "/health").status == 503; }, 15s));
  std::this_thread::sleep_for(10s);  // the clients keep sending while the broker is away
  const std::size_t beforeRestart = engine.receivedIds().size();
  REQUIRE(rabbitmqctl("start_app"));
  restorer.stopped = false;
  const auto restarted = std::chrono::steady_clock::now();
  // Back: the agent reconnects (its backoff may wait up to ~16 s after a 10 s outage) and
  // publishes what it buffered meanwhile.
  REQUIRE(engine.waitFor([&](const auto& ids) { return ids.size() >= beforeRestart + 20; }, 60s));
  const auto reconnectSeconds =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - restarted)
          .count() / 1000.0;
  polling.signal(SIGHUP);
  websocket.signal(SIGHUP);
  const auto pollingResults = polling.finish(150s);
  const auto websocketResults = websocket.finish(150s);
  INFO(agent.log());  // as it is now (the INFO above holds it as it was at the start)

  std::set<std::string> acked;
  for (const auto* r : {&pollingResults, &websocketResults}) {
    INFO(r->diagnostics());
    CHECK(r->completed());
    CHECK(r->json("streamAcksSettled") == "true");
    CHECK(r->json("timedOut") == "[]");
    CHECK(r->json("failed") == "[]");  // the buffer is far from full: nothing is refused
    CHECK(r->json("disconnects") == "0");  // the same connection throughout
    for (const auto& id : stringsOf(r->find("acked"))) acked.insert(id);
  }
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const auto& r = i == 0 ? pollingResults : websocketResults;
    INFO(r.diagnostics());
    // Consumption resumed: the answers to the Events sent after the restart came back.
    std::string post;
    for (int n = 0; n < 5; ++n) post += std::string(n ? "," : "") + "\"" + tokens[i] + "-post-" + std::to_string(n) + "\"";
    CHECK(r.json("postAnswered") == "[" + post + "]");
  }

  // Every Event acked ok is with the engine. Bounded wait: the last ones may still be in flight.
  engine.waitFor(
      [&](const auto& ids) {
        const std::set<std::string> got(ids.begin(), ids.end());
        for (const auto& id : acked)
          if (got.count(id) == 0) return false;
        return true;
      },
      30s);
  const auto ids = engine.receivedIds();
  const std::set<std::string> got(ids.begin(), ids.end());
  std::vector<std::string> lost;
  for (const auto& id : acked)
    if (got.count(id) == 0) lost.push_back(id);
  const double sent = pollingResults.number("sent") + websocketResults.number("sent");
  WARN("broker restart: sent " << sent << ", acked ok " << acked.size() << ", engine received "
       << ids.size() << " (" << got.size() << " distinct, " << ids.size() - got.size()
       << " redelivered), lost " << lost.size() << "; agent pid " << pid
       << " throughout; engine traffic resumed " << reconnectSeconds << " s after start_app");
  CHECK(acked.size() == static_cast<std::size_t>(sent));
  CHECK(lost.empty());
  if (!lost.empty()) FAIL_CHECK("lost: " << toJson(Value(Value::Array(lost.begin(), lost.end()))));

  // The agent that started the test is the one still serving: same process, never restarted.
  CHECK(agent.running());
  CHECK(agent.pid() == pid);
  CHECK(eventually([&] { return httpGet(agent.port(), "/health").status == 200; }, 15s));
  const auto status = agent.stop();
  REQUIRE(status.has_value());
  CHECK(status->describe() == libsession::test::ExitStatus{true, 0, 0}.describe());
}
