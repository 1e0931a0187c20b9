// The AMQP bodies exchanged with SrvThreds, without a broker.
#include "engine/rabbitmq/envelope.hpp"

#include <set>

#include <catch2/catch.hpp>

#include <libsession/error.hpp>
#include <libsession/json.hpp>

using libsession::Errc;
using libsession::Value;
using libsession::detail::buildEventBody;
using libsession::detail::makeMessageId;
using libsession::detail::parseMessageEnvelope;

namespace {
Value parse(const std::string& text) {
  Value v;
  REQUIRE_FALSE(libsession::parseJson(text, v));
  return v;
}
}  // namespace

TEST_CASE("event body is {id, payload} with the event's id, as the engine's consumer reads it") {
  Value event = parse(R"({"id":"evt1","type":"org.wt.tell","time":5,"source":{"id":"p1"}})");
  CHECK(buildEventBody(event, 1000) ==
        R"({"id":"evt1","payload":{"id":"evt1","type":"org.wt.tell","time":5,"source":{"id":"p1"}}})");
}

TEST_CASE("event body fills time (epoch ms) when absent or null, and keeps a present one") {
  Value absent = parse(R"({"id":"e","type":"t"})");
  buildEventBody(absent, 1700000000123);
  REQUIRE(absent.find("time") != nullptr);
  CHECK(*absent.find("time") == Value(1700000000123LL));

  Value null = parse(R"({"id":"e","time":null})");
  CHECK(parse(buildEventBody(null, 42)).find("payload")->find("time")->asNumber() != nullptr);
  CHECK(*null.find("time") == Value(42));

  Value present = parse(R"({"id":"e","time":7})");
  buildEventBody(present, 42);
  CHECK(*present.find("time") == Value(7));
}

TEST_CASE("event body keeps unknown fields (timestamp, patternId) as they are") {
  Value event = parse(R"({"id":"e","timestamp":"2024-01-01T00:00:00Z","patternId":"p","time":1})");
  Value body = parse(buildEventBody(event, 2));
  CHECK(*body.find("payload") == event);
}

TEST_CASE("event body of an event without id has id null and does not throw") {
  Value event = parse(R"({"type":"t","time":1})");
  CHECK(buildEventBody(event, 2) == R"({"id":null,"payload":{"type":"t","time":1}})");
}

TEST_CASE("message envelope yields its payload, id and topics are optional") {
  auto full = parseMessageEnvelope(
      R"({"id":"m1","payload":{"id":"e_0","to":["p1"],"event":{"id":"e"}},"topics":["org.wt.session1"]})");
  REQUIRE_FALSE(full.error);
  CHECK(full.message == parse(R"({"id":"e_0","to":["p1"],"event":{"id":"e"}})"));

  auto bare = parseMessageEnvelope(R"({"payload":{"to":[{"participantId":"p1"}],"event":{}}})");
  REQUIRE_FALSE(bare.error);
  CHECK(bare.message.find("to") != nullptr);
}

TEST_CASE("message envelope leaves the Message's own fields to the agent") {
  auto noTo = parseMessageEnvelope(R"({"id":"m","payload":{"event":{}}})");
  CHECK_FALSE(noTo.error);
}

TEST_CASE("message envelope errors: not JSON, not an object, payload missing or not an object") {
  CHECK(parseMessageEnvelope("not json").error == Errc::invalid_json);
  CHECK(parseMessageEnvelope("").error == Errc::invalid_json);
  CHECK(parseMessageEnvelope("\xff\xfe").error);
  CHECK(parseMessageEnvelope("[1,2]").error == Errc::invalid_payload);
  CHECK(parseMessageEnvelope(R"({"id":"m"})").error == Errc::invalid_payload);
  CHECK(parseMessageEnvelope(R"({"id":"m","payload":"text"})").error == Errc::invalid_payload);
  CHECK(parseMessageEnvelope(R"({"id":"m","payload":null})").error == Errc::invalid_payload);
  std::string deep = std::string(100, '[') + std::string(100, ']');
  CHECK(parseMessageEnvelope(R"({"payload":)" + deep + "}").error == Errc::json_too_deep);
}

TEST_CASE("message ids are unique") {
  std::set<std::string> ids;
  for (int i = 0; i < 10000; ++i) ids.insert(makeMessageId());
  CHECK(ids.size() == 10000);
}
