// SessionAgent: Events checked and source-forced on their way to the engine; Messages routed
// to the addressed participants' connections (proxy: whole Message; others: its event).
#include <catch2/catch.hpp>

#include <libsession/error.hpp>
#include <libsession/json.hpp>
#include <libsession/session_agent.hpp>

#include "fake_channel_sender.hpp"
#include "manual_event_loop.hpp"

using namespace libsession;
using libsession::testing::FakeChannelSender;
using libsession::testing::ManualEventLoop;

namespace {

// An engine that records what it is given and completes publishes when told to.
struct FakeEngine final : EngineTransport {
  void start(EngineSink&) override {}
  void publish(Value event, PublishCompletion done) override {
    published.push_back(std::move(event));
    completions.push_back(std::move(done));
  }
  void stop() override {}
  void complete(std::size_t i, std::error_code ec = {}) {
    if (completions.at(i)) completions.at(i)(ec);
  }
  std::vector<Value> published;
  std::vector<PublishCompletion> completions;
};

struct FakeDelivery final : EngineDelivery {
  explicit FakeDelivery(Value m) : message_(std::move(m)) {}
  const Value& message() const noexcept override { return message_; }
  bool redelivered() const noexcept override { return false; }
  void ack() override { ++acks; }
  void reject() override { ++rejects; }
  Value message_;
  int acks = 0;
  int rejects = 0;
};

Value parse(const char* json) {
  Value v;
  REQUIRE_FALSE(parseJson(json, v));
  return v;
}

struct Fixture {
  explicit Fixture(SessionAgentOptions options = {}) : agent{loop, hub, engine, std::move(options)} {}

  ManualEventLoop loop;
  FakeChannelSender sender;
  SessionHub hub{loop, sender};
  FakeEngine engine;
  SessionAgent agent;
};

}  // namespace

TEST_CASE("agent: an Event goes to the engine with source forced and time filled") {
  Fixture f;
  std::error_code result = make_error_code(Errc::invalid_json);
  std::string detail;
  f.agent.submitEvent(ParticipantId("alice"),
                      parse(R"({"id":"e1","type":"org.wt.tell","source":{"id":"mallory","name":"x"},"timestamp":"2026-01-01T00:00:00Z","data":{"title":"t"}})"),
                      [&](std::error_code ec, std::string d) { result = ec; detail = d; });
  REQUIRE(f.engine.published.size() == 1);
  const Value& sent = f.engine.published[0];
  CHECK(toJson(*sent.find("source")) == R"({"id":"alice"})");
  CHECK(sent.find("time")->isNumber());
  CHECK(*sent.find("timestamp")->asString() == "2026-01-01T00:00:00Z");  // unknown fields kept
  CHECK(result == Errc::invalid_json);  // nothing reported before the engine confirms
  f.engine.complete(0);
  CHECK_FALSE(result);
  CHECK(detail == "e1");
  CHECK(f.agent.stats().eventsConfirmed == 1);
}

TEST_CASE("agent: an existing time is kept, engine failures reach the client") {
  Fixture f;
  std::error_code result;
  f.agent.submitEvent(ParticipantId("alice"), parse(R"({"id":"e2","type":"t","time":5})"),
                      [&](std::error_code ec, std::string) { result = ec; });
  CHECK(*f.engine.published[0].find("time")->asNumber() == 5);
  f.engine.complete(0, make_error_code(Errc::connection_closed));
  CHECK(result == Errc::connection_closed);
  CHECK(f.agent.stats().eventsFailed == 1);
}

TEST_CASE("agent: after stopAcceptingEvents new Events are refused, published ones still complete") {
  Fixture f;
  std::vector<std::error_code> results;
  auto record = [&](std::error_code ec, std::string) { results.push_back(ec); };
  f.agent.submitEvent(ParticipantId("alice"), parse(R"({"id":"e1","type":"t"})"), record);
  CHECK(f.agent.pendingEvents() == 1);
  f.agent.stopAcceptingEvents();
  CHECK_FALSE(f.agent.acceptingEvents());
  f.agent.submitEvent(ParticipantId("alice"), parse(R"({"id":"e2","type":"t"})"), record);
  REQUIRE(results.size() == 1);
  CHECK(results[0] == Errc::shutting_down);
  CHECK(results[0] == Condition::unavailable);
  CHECK(f.engine.published.size() == 1);  // e2 never reached the engine
  // An invalid Event is still called invalid, not "shutting down": the client must fix it.
  f.agent.submitEvent(ParticipantId("alice"), parse(R"({"id":"e3"})"), record);
  REQUIRE(results.size() == 2);
  CHECK(results[1] == Errc::invalid_payload);
  f.engine.complete(0);
  REQUIRE(results.size() == 3);
  CHECK_FALSE(results[2]);
  CHECK(f.agent.pendingEvents() == 0);
  CHECK(f.agent.stats().eventsRefused == 1);
  CHECK(f.agent.stats().eventsPublished == 1);
  CHECK(f.agent.stats().eventsRejected == 1);
}

TEST_CASE("agent: onEventRejected hears every refusal with the sender and the reason") {
  std::vector<std::string> heard;
  SessionAgentOptions options;
  options.onEventRejected = [&](const ParticipantId& who, const std::string& reason) {
    heard.push_back(who.str() + ": " + reason);
  };
  Fixture f(options);
  f.agent.submitEvent(ParticipantId("bob"), parse(R"({"id":"e1"})"), nullptr);
  f.agent.submitEvent(ParticipantId("bob"), parse(R"({"id":"e2","type":"t"})"), nullptr);
  f.agent.stopAcceptingEvents();
  f.agent.submitEvent(ParticipantId("eve"), parse(R"({"id":"e3","type":"t"})"), nullptr);
  REQUIRE(heard.size() == 2);
  CHECK(heard[0] == "bob: Event.type must be a non-empty string");
  CHECK(heard[1] == "eve: the server is shutting down");
}

TEST_CASE("agent: onEventSettled reports each published Event once, with its error") {
  std::vector<std::error_code> settled;
  SessionAgentOptions options;
  options.onEventSettled = [&](std::chrono::steady_clock::duration took, std::error_code ec) {
    CHECK(took.count() >= 0);
    settled.push_back(ec);
  };
  Fixture f(options);
  f.agent.submitEvent(ParticipantId("a"), parse(R"({"id":"e1","type":"t"})"), nullptr);
  f.agent.submitEvent(ParticipantId("a"), parse(R"({"id":"e2","type":"t"})"), nullptr);
  f.agent.submitEvent(ParticipantId("a"), parse(R"({"nope":1})"), nullptr);  // never published
  CHECK(settled.empty());
  f.engine.complete(0);
  f.engine.complete(1, make_error_code(Errc::overloaded));
  REQUIRE(settled.size() == 2);
  CHECK_FALSE(settled[0]);
  CHECK(settled[1] == Errc::overloaded);
}

TEST_CASE("agent: invalid Events are refused with the reason and never published") {
  Fixture f;
  for (const char* bad : {R"("text")", R"({"type":"t"})", R"({"id":"","type":"t"})", R"({"id":"e"})",
                          R"({"id":"e","type":"t","source":"x"})", R"({"id":"e","type":"t","data":[]})",
                          R"({"id":"e","type":"t","time":"now"})", R"({"id":1,"type":"t"})"}) {
    std::error_code result;
    std::string detail;
    f.agent.submitEvent(ParticipantId("alice"), parse(bad), [&](std::error_code ec, std::string d) {
      result = ec;
      detail = d;
    });
    INFO(bad);
    CHECK(result == Errc::invalid_payload);
    CHECK_FALSE(detail.empty());
  }
  CHECK(f.engine.published.empty());
  CHECK(f.agent.stats().eventsRejected == 8);
}

TEST_CASE("agent: a Message reaches every connection of each addressed participant") {
  Fixture f;
  const SessionInfo a1 = f.hub.open(ChannelId("a1"), ParticipantId("alice"), false);
  const SessionInfo a2 = f.hub.open(ChannelId("a2"), ParticipantId("alice"), true);  // proxy
  f.hub.open(ChannelId("b1"), ParticipantId("bob"), false);
  f.hub.open(ChannelId("c1"), ParticipantId("carol"), false);
  auto delivery = std::make_shared<FakeDelivery>(
      parse(R"({"id":"e1_1","to":["alice",{"participantId":"bob"}],"event":{"id":"e1","type":"t"}})"));
  f.agent.onMessage(delivery);
  CHECK(delivery->acks == 1);
  CHECK(f.sender.countTo(ChannelId("a1")) == 1);
  CHECK(f.sender.countTo(ChannelId("a2")) == 1);
  CHECK(f.sender.countTo(ChannelId("b1")) == 1);
  CHECK(f.sender.countTo(ChannelId("c1")) == 0);
  for (const auto& e : f.sender.emitted) {
    CHECK(e.event == "message");
    REQUIRE(e.args.size() == 1);
    if (e.channel == ChannelId("a2")) {
      CHECK(e.args[0] == delivery->message());  // proxy: the whole Message
    } else {
      CHECK(toJson(e.args[0]) == R"({"id":"e1","type":"t"})");  // the event only
    }
  }
  CHECK(f.agent.stats().messagesDelivered == 1);
}

TEST_CASE("agent: sessionId narrows delivery, other nodes' addresses are skipped") {
  Fixture f;
  const SessionInfo a1 = f.hub.open(ChannelId("a1"), ParticipantId("alice"), false);
  f.hub.open(ChannelId("a2"), ParticipantId("alice"), false);
  f.hub.open(ChannelId("b1"), ParticipantId("bob"), false);
  const std::string json = R"({"to":[{"participantId":"alice","sessionId":")" + a1.session.str() +
                           R"("},{"participantId":"bob","nodeId":"org.wt.session2"}],"event":{"id":"e","type":"t"}})";
  auto delivery = std::make_shared<FakeDelivery>(parse(json.c_str()));
  f.agent.onMessage(delivery);
  CHECK(delivery->acks == 1);
  CHECK(f.sender.countTo(ChannelId("a1")) == 1);
  CHECK(f.sender.countTo(ChannelId("a2")) == 0);
  CHECK(f.sender.countTo(ChannelId("b1")) == 0);
}

TEST_CASE("agent: a Message for nobody here is acked and counted undeliverable") {
  Fixture f;
  auto delivery = std::make_shared<FakeDelivery>(parse(R"({"to":["nobody"],"event":{"id":"e","type":"t"}})"));
  f.agent.onMessage(delivery);
  CHECK(delivery->acks == 1);
  CHECK(f.agent.stats().messagesUndeliverable == 1);
}

TEST_CASE("agent: a malformed Message is rejected and reported to the engine (code 5200)") {
  Fixture f;
  auto delivery = std::make_shared<FakeDelivery>(parse(R"({"id":"m","event":{"id":"e9","thredId":"t9","type":"t"}})"));
  f.agent.onMessage(delivery);
  CHECK(delivery->rejects == 1);
  CHECK(delivery->acks == 0);
  REQUIRE(f.engine.published.size() == 1);
  const Value& error = f.engine.published[0];
  CHECK(*error.find("type")->asString() == "org.wt.session");
  CHECK(*error.find("re")->asString() == "e9");
  CHECK(*error.find("thredId")->asString() == "t9");
  CHECK(toJson(*error.find("source")) == R"({"id":"org.wt.session1","name":"Session Agent"})");
  const Value* code = error.find("data")->find("content")->find("error")->find("code");
  CHECK(*code->asNumber() == 5200);
  CHECK(f.agent.stats().messagesRejected == 1);
}

TEST_CASE("agent: a body the transport could not read is reported with its cause and a unique id") {
  Fixture f;
  f.agent.reportMalformedMessage(Value(), "invalid JSON");
  f.agent.reportMalformedMessage(Value(), "invalid JSON");
  REQUIRE(f.engine.published.size() == 2);
  const Value& first = f.engine.published[0];
  CHECK(first.find("re") == nullptr);
  CHECK(*first.find("data")->find("content")->find("error")->find("cause")->asString() ==
        "invalid JSON");
  const std::string firstId = *first.find("id")->asString();
  CHECK(firstId.rfind("org.wt.session1_", 0) == 0);
  CHECK(firstId != *f.engine.published[1].find("id")->asString());
  CHECK(f.agent.stats().messagesRejected == 2);
}

TEST_CASE("agent: link state changes reach engineLinkUp and the onLinkState hook") {
  std::vector<bool> heard;
  SessionAgentOptions options;
  options.onLinkState = [&](bool up) { heard.push_back(up); };
  Fixture f(options);
  CHECK_FALSE(f.agent.engineLinkUp());
  f.agent.onLinkState(true);
  CHECK(f.agent.engineLinkUp());
  f.agent.onLinkState(false);
  CHECK_FALSE(f.agent.engineLinkUp());
  CHECK(heard == std::vector<bool>{true, false});
}
