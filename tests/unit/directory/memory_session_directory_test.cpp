// MemorySessionDirectory: the single-node directory's bookkeeping.
#include <libsession/memory_session_directory.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <thread>
#include <vector>

using namespace libsession;

namespace {

SessionInfo session(std::string participant, std::string id, bool proxy = false) {
  SessionInfo info;
  info.channel = ChannelId("chan-" + id);
  info.session = SessionId(std::move(id));
  info.participant = ParticipantId(std::move(participant));
  info.proxy = proxy;
  return info;
}

std::vector<std::string> ids(const std::vector<SessionInfo>& sessions) {
  std::vector<std::string> out;
  for (const auto& s : sessions) out.push_back(s.session.str());
  return out;
}

}  // namespace

TEST_CASE("memory directory: records sessions per participant in start order", "[directory]") {
  MemorySessionDirectory directory("node-a");
  directory.start();
  CHECK(directory.healthy());
  CHECK(directory.nodeId() == "node-a");
  directory.sessionStarted(session("p1", "p1_2"));
  directory.sessionStarted(session("p2", "p2_1", true));
  directory.sessionStarted(session("p1", "p1_1"));
  CHECK(directory.size() == 3);
  CHECK(ids(directory.sessionsOf(ParticipantId("p1"))) == std::vector<std::string>{"p1_2", "p1_1"});
  CHECK(directory.sessionsOf(ParticipantId("nobody")).empty());
  CHECK(directory.participants() == std::vector<ParticipantId>{ParticipantId("p1"),
                                                               ParticipantId("p2")});
  auto entry = directory.find(SessionId("p2_1"));
  REQUIRE(entry);
  CHECK(entry->nodeId == "node-a");
  CHECK(entry->session.participant == ParticipantId("p2"));
  CHECK(entry->session.proxy);
  CHECK(entry->session.channel == ChannelId("chan-p2_1"));
}

TEST_CASE("memory directory: an end removes one session, the participant goes with its last",
          "[directory]") {
  MemorySessionDirectory directory;
  directory.sessionStarted(session("p1", "a"));
  directory.sessionStarted(session("p1", "b"));
  directory.sessionEnded(session("p1", "a"));
  CHECK(ids(directory.sessionsOf(ParticipantId("p1"))) == std::vector<std::string>{"b"});
  directory.sessionEnded(session("p1", "a"));  // twice: ignored
  directory.sessionEnded(session("p9", "zz"));  // unknown: ignored
  CHECK(directory.size() == 1);
  directory.sessionEnded(session("p1", "b"));
  CHECK(directory.size() == 0);
  CHECK(directory.participants().empty());
  CHECK_FALSE(directory.find(SessionId("b")));
}

TEST_CASE("memory directory: a repeated session id replaces its record", "[directory]") {
  MemorySessionDirectory directory;
  directory.sessionStarted(session("p1", "s"));
  directory.sessionStarted(session("p2", "s", true));
  CHECK(directory.size() == 1);
  CHECK(directory.sessionsOf(ParticipantId("p1")).empty());
  REQUIRE(directory.sessionsOf(ParticipantId("p2")).size() == 1);
  CHECK(directory.sessionsOf(ParticipantId("p2"))[0].proxy);
}

TEST_CASE("memory directory: stop() clears everything, is idempotent, ignores later writes",
          "[directory]") {
  MemorySessionDirectory directory;
  directory.sessionStarted(session("p1", "a"));
  directory.stop();
  CHECK(directory.size() == 0);
  directory.stop();
  directory.sessionStarted(session("p1", "b"));
  CHECK(directory.size() == 0);
}

TEST_CASE("memory directory: concurrent writers from several threads", "[directory]") {
  MemorySessionDirectory directory;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&directory, t] {
      for (int i = 0; i < 500; ++i) {
        auto s = session("p" + std::to_string(t), std::to_string(t) + "_" + std::to_string(i));
        directory.sessionStarted(s);
        if (i % 2 == 0) directory.sessionEnded(s);
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(directory.size() == 4 * 250);
  CHECK(directory.sessionsOf(ParticipantId("p3")).size() == 250);
}
