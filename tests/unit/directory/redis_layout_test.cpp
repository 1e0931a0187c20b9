// The SrvThreds session keys, command by command, as the Node agent writes them
// (../shared/srvthreds-contract.md, "Sessions, and how the engine finds a node").
#include <libsession/redis_session_directory.hpp>

#include <catch2/catch.hpp>

#include <stdexcept>
#include <string>
#include <vector>

using namespace libsession;
using redis_layout::Command;

namespace {

SessionInfo session(std::string participant, std::string id, bool proxy = false) {
  SessionInfo info;
  info.channel = ChannelId("chan-" + id);
  info.session = SessionId(std::move(id));
  info.participant = ParticipantId(std::move(participant));
  info.proxy = proxy;
  info.startedAtMs = 1700000000000;
  return info;
}

}  // namespace

TEST_CASE("redis layout: the record is the Node agent's JSON.stringify output", "[directory]") {
  CHECK(redis_layout::sessionRecord(session("p1", "p1_1700000000000"), "org.wt.session1") ==
        R"({"participantId":"p1","nodeId":"org.wt.session1","data":{"isProxy":false,"roles":[]}})");
  CHECK(redis_layout::sessionRecord(session("p1", "s", true), "n2", {"admin", "user"}) ==
        R"({"participantId":"p1","nodeId":"n2","data":{"isProxy":true,"roles":["admin","user"]}})");
}

TEST_CASE("redis layout: ids are escaped as JSON and used verbatim in keys", "[directory]") {
  SessionInfo odd = session("a\"b\\c\n\xC3\xA9", "a\"b_1");
  CHECK(redis_layout::sessionRecord(odd, "n") ==
        "{\"participantId\":\"a\\\"b\\\\c\\n\xC3\xA9\",\"nodeId\":\"n\","
        "\"data\":{\"isProxy\":false,\"roles\":[]}}");
  CHECK(redis_layout::sessionKey("a\"b_1") == "SessionParticipant:a\"b_1");
  CHECK(redis_layout::participantKey("p:1") == "ParticipantSession:p:1");
}

TEST_CASE("redis layout: session start is one MULTI/EXEC of HSET and three SADDs", "[directory]") {
  const std::vector<Command> expected = {
      {"MULTI"},
      {"HSET", "SessionParticipant:p1_1700000000000", "data",
       R"({"participantId":"p1","nodeId":"org.wt.session1","data":{"isProxy":true,"roles":[]}})"},
      {"SADD", "IDX:SessionParticipant", "p1_1700000000000"},
      {"SADD", "ParticipantSession:p1", "p1_1700000000000"},
      {"SADD", "IDX:ParticipantSession", "p1"},
      {"EXEC"},
  };
  CHECK(redis_layout::sessionStartCommands(session("p1", "p1_1700000000000", true),
                                           "org.wt.session1") == expected);
}

TEST_CASE("redis layout: session end removes the record and both memberships", "[directory]") {
  // IDX:ParticipantSession keeps the participant, as in the Node agent.
  const std::vector<Command> expected = {
      {"MULTI"},
      {"DEL", "SessionParticipant:p1_1700000000000"},
      {"SREM", "IDX:SessionParticipant", "p1_1700000000000"},
      {"SREM", "ParticipantSession:p1", "p1_1700000000000"},
      {"EXEC"},
  };
  CHECK(redis_layout::sessionEndCommands("p1_1700000000000", "p1") == expected);
}

TEST_CASE("redis layout: parseSessionRecord reads owner and node, rejects non-records",
          "[directory]") {
  auto owner = redis_layout::parseSessionRecord(
      R"({"participantId":"p1","nodeId":"org.wt.session2","data":{"isProxy":false,"roles":[]}})");
  REQUIRE(owner);
  CHECK(owner->participantId == "p1");
  CHECK(owner->nodeId == "org.wt.session2");

  // Round trip of what we write.
  auto ours = redis_layout::parseSessionRecord(
      redis_layout::sessionRecord(session("x", "x_1"), "node-a"));
  REQUIRE(ours);
  CHECK(ours->participantId == "x");
  CHECK(ours->nodeId == "node-a");

  CHECK_FALSE(redis_layout::parseSessionRecord(""));
  CHECK_FALSE(redis_layout::parseSessionRecord("not json"));
  CHECK_FALSE(redis_layout::parseSessionRecord("[]"));
  CHECK_FALSE(redis_layout::parseSessionRecord(R"({"participantId":"p1"})"));
  CHECK_FALSE(redis_layout::parseSessionRecord(R"({"participantId":"p1","nodeId":7})"));
}

TEST_CASE("redis directory: bad options throw at construction, without connecting",
          "[directory]") {
  auto make = [](std::string url, std::string node = "n") {
    RedisSessionDirectoryOptions options;
    options.url = std::move(url);
    options.nodeId = std::move(node);
    RedisSessionDirectory directory(std::move(options));
  };
  CHECK_NOTHROW(make("redis://127.0.0.1:6379"));
  CHECK_NOTHROW(make("redis://localhost"));
  CHECK_NOTHROW(make("redis://localhost:6380/3"));
  CHECK_NOTHROW(make("redis://:secret@localhost:6380/"));
  CHECK_NOTHROW(make("redis://user:secret@localhost"));
  CHECK_THROWS_AS(make("http://localhost"), std::invalid_argument);
  CHECK_THROWS_AS(make("redis://"), std::invalid_argument);
  CHECK_THROWS_AS(make("redis://host:0"), std::invalid_argument);
  CHECK_THROWS_AS(make("redis://host:65536"), std::invalid_argument);
  CHECK_THROWS_AS(make("redis://host:port"), std::invalid_argument);
  CHECK_THROWS_AS(make("redis://host/db"), std::invalid_argument);
  CHECK_THROWS_AS(make("redis://host", ""), std::invalid_argument);
}

TEST_CASE("redis directory: without a server, writes wait in the queue and stop() returns",
          "[directory]") {
  RedisSessionDirectoryOptions options;
  options.url = "redis://127.0.0.1:1";  // nothing listens on port 1
  options.connectTimeout = std::chrono::milliseconds(100);
  options.stopTimeout = std::chrono::milliseconds(100);
  RedisSessionDirectory directory(options);
  directory.sessionStarted(session("p1", "s1"));  // before start(): queued
  directory.start();
  directory.sessionStarted(session("p2", "s2"));
  CHECK(directory.pendingWrites() == 2);
  // An end cancels its still-queued start: the pair never needs to reach Redis.
  directory.sessionEnded(session("p1", "s1"));
  CHECK(directory.pendingWrites() == 1);
  CHECK_FALSE(directory.healthy());
  directory.stop();
  directory.stop();  // idempotent
  CHECK_FALSE(directory.healthy());
  directory.sessionStarted(session("p3", "s3"));  // ignored after stop
  CHECK(directory.pendingWrites() == 0);
}

TEST_CASE("redis directory: an overflowing queue is dropped for a resync", "[directory]") {
  RedisSessionDirectoryOptions options;
  options.url = "redis://127.0.0.1:1";
  options.queueCapacity = 3;
  options.stopTimeout = std::chrono::milliseconds(0);
  RedisSessionDirectory directory(options);
  // Not started: nothing is popped, so the count is exact.
  for (int i = 0; i < 3; ++i) {
    directory.sessionStarted(session("p", "s" + std::to_string(i)));
  }
  CHECK(directory.pendingWrites() == 3);
  directory.sessionStarted(session("p", "s3"));
  CHECK(directory.pendingWrites() == 0);  // the live set is rewritten at the next connection
  directory.sessionStarted(session("p", "s4"));
  CHECK(directory.pendingWrites() == 1);
}
