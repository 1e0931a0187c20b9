// SessionHub through a fake ChannelSender and a virtual clock: balanced hooks, session ids,
// the participant index, routing, and post() from other threads (session_hub.hpp contract).
#include <libsession/session_hub.hpp>

#include <catch2/catch.hpp>

#include "fake_channel_sender.hpp"
#include "manual_event_loop.hpp"
#include "test_printers.hpp"

#include <atomic>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <thread>

using namespace libsession;
using namespace libsession::testing;
using namespace std::chrono_literals;

namespace {

struct HubFixture {
  HubFixture() : hub(loop, sender) {
    hub.onSessionStarted([this](const SessionInfo& info) {
      started.push_back(info);
      ++startedPer[info.session.str()];
    });
    hub.onSessionEnded([this](const SessionInfo& info, std::string_view reason) {
      ended.emplace_back(info, std::string(reason));
      ++endedPer[info.session.str()];
    });
  }

  ManualEventLoop loop;
  FakeChannelSender sender;
  SessionHub hub;
  std::vector<SessionInfo> started;
  std::vector<std::pair<SessionInfo, std::string>> ended;
  std::map<std::string, int> startedPer;
  std::map<std::string, int> endedPer;
};

ChannelId channel(int i) { return ChannelId("chan" + std::to_string(i) + "xxxxxxxxxxxxxx"); }

}  // namespace

TEST_CASE("hub: open starts a session, close ends it, each exactly once", "[hub]") {
  HubFixture f;
  const SessionInfo& info = f.hub.open(channel(1), ParticipantId("alice"), /*proxy=*/true);
  CHECK(info.channel == channel(1));
  CHECK(info.participant == ParticipantId("alice"));
  CHECK(info.proxy);
  CHECK(info.startedAtMs == f.loop.nowEpochMs());
  CHECK(info.session == SessionId("alice_" + std::to_string(f.loop.nowEpochMs())));
  REQUIRE(f.started.size() == 1);
  CHECK(f.started[0].session == info.session);
  CHECK(f.started[0].channel == channel(1));

  const SessionInfo* found = f.hub.find(channel(1));
  REQUIRE(found != nullptr);
  CHECK(found->session == info.session);
  CHECK(f.hub.connectionCount() == 1);
  CHECK(f.hub.participantCount() == 1);

  // Opening an open channel changes nothing and starts nothing.
  f.loop.advance(5ms);
  const SessionInfo& again = f.hub.open(channel(1), ParticipantId("bob"), false);
  CHECK(again.session == info.session);
  CHECK(again.participant == ParticipantId("alice"));
  CHECK(f.started.size() == 1);
  CHECK(f.hub.connectionCount() == 1);

  f.hub.close(channel(1), "transport close");
  REQUIRE(f.ended.size() == 1);
  CHECK(f.ended[0].first.session == SessionId("alice_" + std::to_string(ManualEventLoop::kDefaultStartEpochMs)));
  CHECK(f.ended[0].first.participant == ParticipantId("alice"));
  CHECK(f.ended[0].second == "transport close");
  CHECK(f.hub.find(channel(1)) == nullptr);
  CHECK(f.hub.connectionCount() == 0);
  CHECK(f.hub.participantCount() == 0);

  f.hub.close(channel(1), "again");
  f.hub.close(channel(2), "never opened");
  CHECK(f.ended.size() == 1);
}

TEST_CASE("hub: session ids are <participant>_<ms>, unique within one millisecond", "[hub]") {
  HubFixture f;
  const std::regex format(R"(([A-Za-z0-9]+)_(\d{13}))");
  std::set<std::string> ids;
  for (int i = 0; i < 5; ++i) {
    // The clock does not move: all five open in the same millisecond.
    const SessionInfo& info = f.hub.open(channel(i), ParticipantId(i < 3 ? "alice" : "bob"), false);
    std::smatch match;
    const std::string id = info.session.str();
    REQUIRE(std::regex_match(id, match, format));
    CHECK(match[1] == info.participant.str());
    CHECK(match[2] == std::to_string(info.startedAtMs));
    CHECK(info.startedAtMs >= f.loop.nowEpochMs());
    ids.insert(id);
  }
  CHECK(ids.size() == 5);

  f.loop.advance(1000ms);
  const SessionInfo& later = f.hub.open(channel(10), ParticipantId("alice"), false);
  CHECK(later.startedAtMs == f.loop.nowEpochMs());
  CHECK(ids.count(later.session.str()) == 0);
}

TEST_CASE("hub: participant index and routing", "[hub]") {
  HubFixture f;
  for (int i = 1; i <= 3; ++i) f.hub.open(channel(i), ParticipantId("alice"), false);
  f.hub.open(channel(4), ParticipantId("bob"), false);
  CHECK(f.hub.connectionCount() == 4);
  CHECK(f.hub.participantCount() == 2);

  std::set<ChannelId> aliceChannels;
  for (const SessionInfo* info : f.hub.sessionsOf(ParticipantId("alice"))) {
    REQUIRE(info != nullptr);
    CHECK(info->participant == ParticipantId("alice"));
    aliceChannels.insert(info->channel);
  }
  CHECK(aliceChannels == std::set<ChannelId>{channel(1), channel(2), channel(3)});
  CHECK(f.hub.sessionsOf(ParticipantId("nobody")).empty());

  // To a participant: every connection, once each.
  CHECK(f.hub.emitToParticipant(ParticipantId("alice"), "note", {"hi", 1}) == 3);
  REQUIRE(f.sender.emitted.size() == 3);
  for (int i = 1; i <= 3; ++i) CHECK(f.sender.countTo(channel(i)) == 1);
  CHECK(f.sender.countTo(channel(4)) == 0);
  for (const auto& e : f.sender.emitted) {
    CHECK(e.event == "note");
    CHECK(Value(e.args) == Value::array({"hi", 1}));
  }

  // To a channel: that one only.
  f.sender.emitted.clear();
  CHECK(f.hub.emitToChannel(channel(2), "direct", {true}));
  REQUIRE(f.sender.emitted.size() == 1);
  CHECK(f.sender.emitted[0].channel == channel(2));
  CHECK(f.sender.emitted[0].event == "direct");

  // Unknown targets reach nobody, and the sender is not asked.
  f.sender.emitted.clear();
  CHECK(f.hub.emitToParticipant(ParticipantId("nobody"), "x", {}) == 0);
  CHECK_FALSE(f.hub.emitToChannel(channel(99), "x", {}));
  CHECK(f.sender.emitted.empty());

  // A connection the sender cannot reach is not counted.
  f.sender.gone.insert(channel(3));
  CHECK(f.hub.emitToParticipant(ParticipantId("alice"), "x", {}) == 2);
  CHECK_FALSE(f.hub.emitToChannel(channel(3), "x", {}));

  // Closing updates the index.
  f.hub.close(channel(2), "gone");
  CHECK(f.hub.sessionsOf(ParticipantId("alice")).size() == 2);
  f.hub.close(channel(1), "gone");
  f.hub.close(channel(3), "gone");
  CHECK(f.hub.sessionsOf(ParticipantId("alice")).empty());
  CHECK(f.hub.participantCount() == 1);
  CHECK(f.hub.emitToParticipant(ParticipantId("alice"), "x", {}) == 0);
}

TEST_CASE("hub: hooks stay balanced under churn", "[hub]") {
  HubFixture f;
  std::mt19937 random(12345);
  std::set<int> open;
  for (int step = 0; step < 5000; ++step) {
    const int c = static_cast<int>(random() % 200);
    if (random() % 3 == 0) f.loop.advance(1ms);
    if (random() % 2 == 0) {
      f.hub.open(channel(c), ParticipantId("p" + std::to_string(c % 17)), c % 2 == 0);
      open.insert(c);
    } else {
      f.hub.close(channel(c), "churn");
      if (random() % 5 == 0) f.hub.close(channel(c), "twice");
      open.erase(c);
    }
  }
  CHECK(f.hub.connectionCount() == open.size());
  for (int c : std::set<int>(open)) f.hub.close(channel(c), "end");
  CHECK(f.hub.connectionCount() == 0);
  CHECK(f.hub.participantCount() == 0);
  CHECK(f.started.size() == f.ended.size());
  for (const auto& [session, count] : f.startedPer) {
    INFO(session);
    CHECK(count == 1);
    CHECK(f.endedPer[session] == 1);
  }
}

TEST_CASE("hub: closing every session of a participant through sessionsOf()", "[hub]") {
  // The natural way to kick a participant: the ChannelId passed to close() is the one inside
  // the hub's own SessionInfo.
  HubFixture f;
  for (int i = 1; i <= 3; ++i) f.hub.open(channel(i), ParticipantId("alice"), false);
  f.hub.open(channel(4), ParticipantId("bob"), false);
  for (const SessionInfo* info : f.hub.sessionsOf(ParticipantId("alice"))) {
    f.hub.close(info->channel, "kicked");
  }
  CHECK(f.ended.size() == 3);
  CHECK(f.hub.connectionCount() == 1);
  CHECK(f.hub.sessionsOf(ParticipantId("alice")).empty());
  CHECK(f.hub.participantCount() == 1);  // bob only
  f.sender.emitted.clear();
  CHECK(f.hub.emitToParticipant(ParticipantId("alice"), "x", {}) == 0);
  CHECK(f.sender.emitted.empty());  // no sends to channels the hub has closed

  // The same from an ended hook (e.g. "one session ends, end its siblings").
  HubFixture g;
  g.hub.onSessionEnded([&](const SessionInfo& info, std::string_view) {
    g.hub.close(info.channel, "again");
  });
  g.hub.open(channel(1), ParticipantId("carol"), false);
  const SessionInfo* info = g.hub.find(channel(1));
  REQUIRE(info != nullptr);
  g.hub.close(info->channel, "by reference");
  CHECK(g.ended.size() == 1);
  CHECK(g.hub.participantCount() == 0);
}

TEST_CASE("hub: hooks run in the order added, and may add hooks", "[hub]") {
  HubFixture f;
  std::vector<std::string> order;
  f.hub.onSessionStarted([&](const SessionInfo&) {
    order.push_back("a");
    f.hub.onSessionStarted([&](const SessionInfo&) { order.push_back("added"); });
  });
  f.hub.onSessionStarted([&](const SessionInfo&) { order.push_back("b"); });
  f.hub.open(channel(1), ParticipantId("p"), false);
  CHECK(order == std::vector<std::string>{"a", "b"});
  order.clear();
  f.hub.open(channel(2), ParticipantId("p"), false);
  CHECK(order == std::vector<std::string>{"a", "b", "added"});
}

TEST_CASE("hub: a started hook that closes the session still gets one end", "[hub]") {
  // E.g. the session directory refuses the session. open() must not hand back a dangling
  // reference, and the end must follow the start exactly once.
  HubFixture f;
  f.hub.onSessionStarted([&](const SessionInfo& info) {
    if (info.participant == ParticipantId("refused")) f.hub.close(info.channel, "refused");
  });
  const SessionInfo& info = f.hub.open(channel(1), ParticipantId("refused"), false);
  CHECK(info.channel == channel(1));
  CHECK(info.participant == ParticipantId("refused"));
  CHECK(f.started.size() == 1);
  CHECK(f.ended.size() == 1);
  CHECK(f.hub.connectionCount() == 0);
  CHECK(f.hub.participantCount() == 0);
}

TEST_CASE("hub: post() from another thread runs on the loop thread, when the loop runs",
          "[hub][threads]") {
  ManualEventLoop loop;
  FakeChannelSender sender;
  SessionHub hub(loop, sender);
  const auto loopThread = std::this_thread::get_id();
  std::atomic<int> ran{0};
  std::atomic<bool> wrongThread{false};

  SECTION("posted, then run") {
    std::thread poster([&] {
      for (int i = 0; i < 100; ++i) {
        hub.post([&, i](SessionHub& h) {
          if (std::this_thread::get_id() != loopThread) wrongThread = true;
          h.open(channel(i), ParticipantId("p"), false);
          ++ran;
        });
      }
    });
    poster.join();
    CHECK(ran == 0);  // nothing runs until the loop does
    CHECK(hub.connectionCount() == 0);
    loop.runPending();
    CHECK(ran == 100);
    CHECK(hub.connectionCount() == 100);
  }
  SECTION("posted while the loop runs") {
    constexpr int kTasks = 2000;
    std::thread poster([&] {
      for (int i = 0; i < kTasks; ++i) {
        hub.post([&, i](SessionHub& h) {
          if (std::this_thread::get_id() != loopThread) wrongThread = true;
          h.open(channel(i), ParticipantId("p" + std::to_string(i % 10)), false);
          h.emitToParticipant(ParticipantId("p" + std::to_string(i % 10)), "x", {});
          ++ran;
        });
      }
    });
    while (ran < kTasks) {
      if (loop.runPending() == 0) std::this_thread::yield();
    }
    poster.join();
    CHECK(hub.connectionCount() == static_cast<std::size_t>(kTasks));
    CHECK(hub.participantCount() == 10);
  }
  CHECK_FALSE(wrongThread);
}

TEST_CASE("hub: a task posted before the hub is destroyed does not run after it",
          "[hub][threads]") {
  ManualEventLoop loop;
  FakeChannelSender sender;
  auto hub = std::make_unique<SessionHub>(loop, sender);
  std::atomic<int> ran{0};
  std::thread poster([&] {
    for (int i = 0; i < 50; ++i) {
      hub->post([&](SessionHub& h) {
        h.connectionCount();
        ++ran;
      });
    }
  });
  poster.join();
  hub->post([&](SessionHub&) { ++ran; });
  hub.reset();
  CHECK(loop.runPending() == 51);  // the loop still runs its tasks; the hub's do nothing
  CHECK(ran == 0);
}
