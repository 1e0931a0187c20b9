// RedisSessionDirectory against a real redis-server: the exact SrvThreds keys after start and
// end, the start-up sweep (own stale sessions only), stop(), and a server restart mid-stream.
#include <libsession/redis_session_directory.hpp>

#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "redis_server.hpp"

using namespace libsession;
using test_redis::eventually;
using test_redis::RedisClient;
using test_redis::RedisServer;

namespace {

SessionInfo session(std::string participant, std::string id, bool proxy = false) {
  SessionInfo info;
  info.channel = ChannelId("chan-" + id);
  info.session = SessionId(std::move(id));
  info.participant = ParticipantId(std::move(participant));
  info.proxy = proxy;
  return info;
}

RedisSessionDirectoryOptions optionsFor(const RedisServer& server, std::string node) {
  RedisSessionDirectoryOptions options;
  options.url = server.url();
  options.nodeId = std::move(node);
  // Short waits keep the restart test quick; the production defaults are 1 s to 60 s.
  options.initialBackoff = std::chrono::milliseconds(50);
  options.maxBackoff = std::chrono::milliseconds(200);
  options.pingInterval = std::chrono::milliseconds(100);
  options.stopTimeout = std::chrono::seconds(10);
  return options;
}

std::string record(const std::string& participant, const std::string& node, bool proxy) {
  return R"({"participantId":")" + participant + R"(","nodeId":")" + node +
         R"(","data":{"isProxy":)" + (proxy ? "true" : "false") + R"(,"roles":[]}})";
}

// Writes a session the way another agent (or an earlier run of this one) would have.
void seed(RedisClient& client, const SessionInfo& info, const std::string& node) {
  for (const auto& command : redis_layout::sessionStartCommands(info, node)) {
    client.command(command);
  }
}

bool present(RedisClient& client, const std::string& sid, const std::string& pid) {
  return client.exists("SessionParticipant:" + sid) &&
         client.members("IDX:SessionParticipant").count(sid) == 1 &&
         client.members("ParticipantSession:" + pid).count(sid) == 1;
}

bool absent(RedisClient& client, const std::string& sid, const std::string& pid) {
  return !client.exists("SessionParticipant:" + sid) &&
         client.members("IDX:SessionParticipant").count(sid) == 0 &&
         client.members("ParticipantSession:" + pid).count(sid) == 0;
}

}  // namespace

TEST_CASE("redis directory: start and end write exactly the SrvThreds keys", "[redis]") {
  RedisServer server;
  RedisClient client(server.port());
  RedisSessionDirectory directory(optionsFor(server, "org.wt.session1"));
  directory.start();
  REQUIRE(eventually([&] { return directory.healthy(); }));

  directory.sessionStarted(session("alice", "alice_1700000000000", true));
  directory.sessionStarted(session("alice", "alice_1700000000001"));
  REQUIRE(eventually([&] { return present(client, "alice_1700000000001", "alice"); }));

  CHECK(client.hget("SessionParticipant:alice_1700000000000", "data") ==
        record("alice", "org.wt.session1", true));
  CHECK(client.hget("SessionParticipant:alice_1700000000001", "data") ==
        record("alice", "org.wt.session1", false));
  CHECK(client.command({"HLEN", "SessionParticipant:alice_1700000000000"}) == "1");
  CHECK(client.members("IDX:SessionParticipant") ==
        std::set<std::string>{"alice_1700000000000", "alice_1700000000001"});
  CHECK(client.members("ParticipantSession:alice") ==
        std::set<std::string>{"alice_1700000000000", "alice_1700000000001"});
  CHECK(client.members("IDX:ParticipantSession") == std::set<std::string>{"alice"});
  CHECK(client.command({"TYPE", "ParticipantSession:alice"}) == "set");
  CHECK(client.command({"DBSIZE"}) == "5");  // 2 records, 3 sets; nothing else

  directory.sessionEnded(session("alice", "alice_1700000000000", true));
  REQUIRE(eventually([&] { return absent(client, "alice_1700000000000", "alice"); }));
  CHECK(client.members("ParticipantSession:alice") ==
        std::set<std::string>{"alice_1700000000001"});
  directory.sessionEnded(session("alice", "alice_1700000000001"));
  REQUIRE(eventually([&] { return absent(client, "alice_1700000000001", "alice"); }));
  // As in the Node agent, the participant index keeps its member.
  CHECK(client.members("IDX:ParticipantSession") == std::set<std::string>{"alice"});
  CHECK(client.command({"DBSIZE"}) == "1");
  directory.stop();
}

TEST_CASE("redis directory: roles and db from the options", "[redis]") {
  RedisServer server;
  RedisClient client(server.port());
  auto options = optionsFor(server, "n1");
  options.url += "/2";
  options.roles = {"admin"};
  RedisSessionDirectory directory(options);
  directory.start();
  directory.sessionStarted(session("bob", "bob_1"));
  client.command({"SELECT", "2"});
  REQUIRE(eventually([&] { return present(client, "bob_1", "bob"); }));
  CHECK(client.hget("SessionParticipant:bob_1", "data") ==
        R"({"participantId":"bob","nodeId":"n1","data":{"isProxy":false,"roles":["admin"]}})");
  client.command({"SELECT", "0"});
  CHECK(client.command({"DBSIZE"}) == "0");
  directory.stop();
}

TEST_CASE("redis directory: start() sweeps this node's stale sessions, never another node's",
          "[redis]") {
  RedisServer server;
  RedisClient client(server.port());
  seed(client, session("alice", "alice_1"), "node-a");        // ours, stale
  seed(client, session("bob", "bob_1", true), "node-a");      // ours, stale
  seed(client, session("alice", "alice_2"), "node-b");        // another node's
  seed(client, session("carol", "carol_1"), "node-b");        // another node's
  client.command({"SADD", "IDX:SessionParticipant", "orphan_1"});  // no record: left alone
  client.command({"HSET", "SessionParticipant:garbage_1", "data", "not json"});
  client.command({"SADD", "IDX:SessionParticipant", "garbage_1"});
  // Enough stale sessions to take several SSCAN pages.
  for (int i = 0; i < 2500; ++i) {
    seed(client, session("bulk", "bulk_" + std::to_string(i)), "node-a");
  }

  RedisSessionDirectory directory(optionsFor(server, "node-a"));
  directory.start();
  // The sweep runs before any write, so once this session is there the sweep is over.
  directory.sessionStarted(session("dave", "dave_1"));
  REQUIRE(eventually([&] { return present(client, "dave_1", "dave"); }));

  CHECK(absent(client, "alice_1", "alice"));
  CHECK(absent(client, "bob_1", "bob"));
  CHECK(client.members("ParticipantSession:bulk").empty());
  CHECK(present(client, "alice_2", "alice"));
  CHECK(present(client, "carol_1", "carol"));
  CHECK(client.hget("SessionParticipant:alice_2", "data") == record("alice", "node-b", false));
  CHECK(client.members("IDX:SessionParticipant") ==
        std::set<std::string>{"alice_2", "carol_1", "orphan_1", "garbage_1", "dave_1"});
  CHECK(client.hget("SessionParticipant:garbage_1", "data") == "not json");
  directory.stop();
}

TEST_CASE("redis directory: stop() removes this node's sessions and nothing else", "[redis]") {
  RedisServer server;
  RedisClient client(server.port());
  seed(client, session("alice", "alice_9"), "node-b");
  RedisSessionDirectory directory(optionsFor(server, "node-a"));
  directory.start();
  directory.sessionStarted(session("alice", "alice_1"));
  directory.sessionStarted(session("bob", "bob_1", true));
  directory.sessionStarted(session("carol", "carol_1"));
  directory.sessionEnded(session("carol", "carol_1"));
  REQUIRE(eventually([&] { return present(client, "bob_1", "bob"); }));

  directory.stop();  // returns once the removals are written (bounded by stopTimeout)
  CHECK(absent(client, "alice_1", "alice"));
  CHECK(absent(client, "bob_1", "bob"));
  CHECK(absent(client, "carol_1", "carol"));
  CHECK(present(client, "alice_9", "alice"));
  CHECK(client.members("IDX:SessionParticipant") == std::set<std::string>{"alice_9"});
  CHECK_FALSE(directory.healthy());

  directory.stop();  // idempotent
  directory.sessionStarted(session("erin", "erin_1"));  // after stop: ignored
  CHECK(directory.pendingWrites() == 0);
}

TEST_CASE("redis directory: writes made while Redis is down are applied after it returns",
          "[redis]") {
  RedisServer server;
  RedisSessionDirectory directory(optionsFor(server, "node-a"));
  directory.start();
  {
    RedisClient client(server.port());
    directory.sessionStarted(session("alice", "alice_1"));
    directory.sessionStarted(session("bob", "bob_1"));
    REQUIRE(eventually([&] { return present(client, "bob_1", "bob"); }));
    REQUIRE(directory.healthy());
  }

  server.kill();
  REQUIRE(eventually([&] { return !directory.healthy(); }));

  // During the outage: ends of written sessions, new sessions, and sessions that start and end
  // before Redis is back (their start/end pairs must leave nothing behind).
  directory.sessionEnded(session("alice", "alice_1"));
  for (int i = 0; i < 50; ++i) {
    auto s = session("carol", "carol_" + std::to_string(i), i % 2 == 0);
    directory.sessionStarted(s);
    if (i % 3 == 0) directory.sessionEnded(s);
  }
  directory.sessionStarted(session("dave", "dave_1"));
  CHECK(directory.pendingWrites() > 0);

  server.start();
  REQUIRE(eventually([&] { return directory.healthy(); }));
  RedisClient client(server.port());
  REQUIRE(eventually([&] { return present(client, "dave_1", "dave"); }));
  REQUIRE(eventually([&] { return directory.pendingWrites() == 0; }));

  CHECK(absent(client, "alice_1", "alice"));
  CHECK(present(client, "bob_1", "bob"));
  std::set<std::string> carol;
  for (int i = 0; i < 50; ++i) {
    if (i % 3 != 0) carol.insert("carol_" + std::to_string(i));
  }
  CHECK(client.members("ParticipantSession:carol") == carol);
  CHECK(client.hget("SessionParticipant:carol_2", "data") == record("carol", "node-a", true));
  CHECK(client.hget("SessionParticipant:carol_1", "data") == record("carol", "node-a", false));
  CHECK_FALSE(client.exists("SessionParticipant:carol_3"));
  auto index = client.members("IDX:SessionParticipant");
  CHECK(index.size() == carol.size() + 2);  // + bob_1, dave_1

  directory.stop();
  CHECK(client.members("IDX:SessionParticipant").empty());
}

TEST_CASE("redis directory: after a queue overflow the live sessions are resynchronised",
          "[redis]") {
  RedisServer server;
  auto options = optionsFor(server, "node-a");
  options.queueCapacity = 8;
  RedisSessionDirectory directory(options);
  directory.start();
  RedisClient seedClient(server.port());
  directory.sessionStarted(session("alice", "alice_1"));
  directory.sessionStarted(session("gone", "gone_1"));
  REQUIRE(eventually([&] { return present(seedClient, "gone_1", "gone"); }));

  server.kill();
  REQUIRE(eventually([&] { return !directory.healthy(); }));
  directory.sessionEnded(session("gone", "gone_1"));
  for (int i = 0; i < 20; ++i) directory.sessionStarted(session("bob", "bob_" + std::to_string(i)));
  CHECK(directory.pendingWrites() < 20);  // overflowed

  server.start();
  RedisClient client(server.port());
  REQUIRE(eventually([&] {
    return client.members("ParticipantSession:bob").size() == 20 && absent(client, "gone_1", "gone");
  }));
  CHECK(present(client, "alice_1", "alice"));
  CHECK(client.members("IDX:SessionParticipant").size() == 21);
  directory.stop();
  CHECK(client.members("IDX:SessionParticipant").empty());
}
