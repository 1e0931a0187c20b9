// Issue 5, operations: a graceful shutdown under load loses nothing a client was told was taken.
// 200 socket.io-client connections (a fifth of them polling-only) send Events with acks; the
// agent gets SIGTERM while they do. Every Event acked {ok:true} must reach the engine (the agent
// acks only once the broker confirmed), the refused ones must say why, every client must be
// disconnected in a way socket.io-client reconnects from, the agent must exit 0 by itself, and
// the sessions must be gone from Redis afterwards.
#include <catch2/catch.hpp>

#include <csignal>
#include <iostream>
#include <set>
#include <string>
#include <vector>

#include <libsession/json.hpp>

#include "agent_harness.hpp"
#include "rabbitmq/test_engine.hpp"
#include "redis/redis_server.hpp"

using namespace agent_test;
using libsession::Value;
using libsession::toJson;

namespace {

const std::string kNode = "org.wt.loadNode";
constexpr int kClients = 200;


}  // namespace

TEST_CASE("session-agent shutdown under load: 200 clients sending, SIGTERM, every acked Event "
          "reached the engine, exit 0",
          "[agent][rabbitmq][shutdown]") {
  clearBroker({kNode});
  test_redis::RedisServer redis;
  test_redis::RedisClient directory(redis.port());
  test_engine::Engine engine(test_engine::Topology::srvThreds(), test_engine::Answerer());
  REQUIRE(eventually([&] { return engine.consuming(); }, std::chrono::seconds(15)));
  AgentProcess agent(kNode, redis.url());
  REQUIRE(eventually([&] { return httpGet(agent.port(), "/health").status == 200; },
                     std::chrono::seconds(15)));

  // Every 5th client polling-only; one Event every 40 ms per client (5000 Events/s asked for),
  // at most 10 unacked each; the stop comes once every client had 5 Events acked. The sanitizer
  // build cannot keep up with that rate on two cores: there the test also shows that a
  // saturated agent still serves its polling clients (they used to starve until their
  // heartbeat timed out, before the server kept several accepts in flight).
  LiveClient load("load.js", {agent.url(), std::to_string(kClients), "5", "40", "10", "5"});
  const bool connectedAll = load.waitFor("connected", std::chrono::seconds(60));
  const bool flowing = connectedAll && load.waitFor("flowing", std::chrono::seconds(60));
  if (!flowing) {
    const auto r = load.finish(std::chrono::seconds(1));
    INFO(r.diagnostics());
    INFO(agent.log());
    REQUIRE(flowing);
  }
  // Every session is in the directory before the stop (so that its removal below means
  // something).
  std::set<std::string> sessions;
  CHECK(eventually(
      [&] {
        sessions = directory.members("IDX:SessionParticipant");
        return sessions.size() == kClients;
      },
      std::chrono::seconds(15)));

  const auto stopAt = std::chrono::steady_clock::now();
  agent.signal(SIGTERM);
  const auto status = agent.wait(std::chrono::seconds(30));
  const auto stopTook = std::chrono::steady_clock::now() - stopAt;
  const auto r = load.finish(std::chrono::seconds(30));
  INFO(r.diagnostics());
  INFO(agent.log());
  REQUIRE(status.has_value());
  INFO(status->describe());
  CHECK(status->success());

  // The clients: every socket disconnected by the server, in a way socket.io-client reconnects
  // from (a transport close, not a Socket.IO DISCONNECT that would end it for good).
  REQUIRE(r.completed());
  CHECK(r.json("sockets") == std::to_string(kClients));
  CHECK(r.json("disconnected") == std::to_string(kClients));
  CHECK(r.json("wouldReconnect") == std::to_string(kClients));
  CHECK(r.json("pending") == "0");
  // ... and each by a proper close of its transport (WebSocket close frame; for polling, the
  // Engine.IO close packet on its next poll), not by a transport error.
  const Value* reasons = r.find("reasons");
  REQUIRE(reasons != nullptr);
  REQUIRE(reasons->isObject());
  for (const auto& [reason, count] : *reasons->asObject()) {
    INFO(reason << ": " << toJson(count));
    CHECK((reason.rfind("websocket transport close", 0) == 0 ||
           reason.rfind("polling transport close", 0) == 0));
  }
  // Refusals (Events sent after the stop began) say why; nothing else was refused.
  const Value* refusedErrors = r.find("refusedErrors");
  REQUIRE(refusedErrors != nullptr);
  REQUIRE(refusedErrors->isObject());
  for (const auto& [error, count] : *refusedErrors->asObject()) {
    INFO(error << ": " << toJson(count));
    CHECK(error == "the server is shutting down");
  }

  // The engine: every Event a client saw acked ok reached it (the queue may take a moment to
  // drain after the agent is gone).
  const std::vector<std::string> acked = stringsOf(r.find("acked"));
  CHECK(acked.size() >= static_cast<std::size_t>(kClients));
  std::vector<std::string> missing;
  engine.waitFor(
      [&](const std::vector<std::string>& received) {
        const std::set<std::string> got(received.begin(), received.end());
        missing.clear();
        for (const auto& id : acked) {
          if (got.count(id) == 0) missing.push_back(id);
        }
        return missing.empty();
      },
      std::chrono::seconds(30));
  INFO("acked but never received, first of them: "
       << (missing.empty() ? std::string("-") : missing.front()));
  CHECK(missing.size() == 0);

  // The agent said what it did.
  const std::string log = agent.stderrText();
  CHECK(log.find("shutting down") != std::string::npos);
  CHECK(log.find("stopped") != std::string::npos);
  CHECK(log.find("shutdown timeout") == std::string::npos);

  // The directory: this node's sessions were removed when it stopped.
  CHECK(directory.members("IDX:SessionParticipant").empty());
  for (const auto& session : sessions) {
    INFO(session);
    CHECK_FALSE(directory.exists("SessionParticipant:" + session));
  }
  for (int i = 0; i < kClients; ++i) {
    INFO(i);
    CHECK_FALSE(directory.exists("ParticipantSession:load-" + std::to_string(i)));
  }

  const auto received = engine.receivedIds();
  std::cout << "shutdown under load: clients=" << kClients << " acked=" << acked.size()
            << " refused=" << r.json("refused") << " cutOff=" << r.json("unsettled")
            << " receivedByEngine=" << received.size()
            << " shutdownMs="
            << std::chrono::duration_cast<std::chrono::milliseconds>(stopTook).count()
            << " exit=" << status->describe() << " reasons=" << r.json("reasons") << "\n";
}
