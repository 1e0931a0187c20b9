// LoopbackEngineTransport: confirms each Event and answers it with a Message to its source,
// always on the loop, never inside publish().
#include <catch2/catch.hpp>

#include <libsession/error.hpp>
#include <libsession/json.hpp>
#include <libsession/loopback_engine_transport.hpp>

#include "manual_event_loop.hpp"

#include <vector>

using namespace libsession;

namespace {

struct RecordingSink final : EngineSink {
  std::vector<std::shared_ptr<EngineDelivery>> deliveries;
  std::vector<bool> linkStates;
  void onMessage(std::shared_ptr<EngineDelivery> delivery) override {
    deliveries.push_back(std::move(delivery));
  }
  void onLinkState(bool up) override { linkStates.push_back(up); }
};

Value eventFrom(const char* participant) {
  return Value::object({{"id", "e1"}, {"type", "org.wt.tell"}, {"source", Value::object({{"id", participant}})}});
}

}  // namespace

TEST_CASE("loopback: an Event is confirmed and answered to its source, on the loop") {
  testing::ManualEventLoop loop;
  LoopbackEngineTransport engine(loop);
  RecordingSink sink;
  engine.start(sink);

  std::vector<std::error_code> completions;
  engine.publish(eventFrom("alice"), [&](std::error_code ec) { completions.push_back(ec); });
  CHECK(completions.empty());  // never inside publish()
  CHECK(sink.deliveries.empty());

  loop.runPending();
  REQUIRE(completions.size() == 1);
  CHECK_FALSE(completions[0]);
  CHECK(sink.linkStates == std::vector<bool>{true});
  REQUIRE(sink.deliveries.size() == 1);
  CHECK(toJson(sink.deliveries[0]->message()) ==
        R"({"id":"e1_1","to":["alice"],"event":{"id":"e1","type":"org.wt.tell","source":{"id":"alice"}}})");
  CHECK_FALSE(sink.deliveries[0]->redelivered());
}

TEST_CASE("loopback: after stop() publishes fail with connection_closed and nothing is delivered") {
  testing::ManualEventLoop loop;
  LoopbackEngineTransport engine(loop);
  RecordingSink sink;
  engine.start(sink);
  loop.runPending();

  std::vector<std::error_code> completions;
  engine.publish(eventFrom("bob"), [&](std::error_code ec) { completions.push_back(ec); });
  engine.stop();
  engine.stop();  // idempotent
  loop.runPending();
  REQUIRE(completions.size() == 1);
  CHECK(completions[0] == Errc::connection_closed);
  CHECK(sink.deliveries.empty());
}

TEST_CASE("loopback: after stopReceiving() Events are still confirmed but not answered") {
  testing::ManualEventLoop loop;
  LoopbackEngineTransport engine(loop);
  RecordingSink sink;
  engine.start(sink);
  loop.runPending();

  std::vector<std::error_code> completions;
  engine.publish(eventFrom("carol"), [&](std::error_code ec) { completions.push_back(ec); });
  loop.runPending();
  REQUIRE(sink.deliveries.size() == 1);

  engine.stopReceiving();
  engine.stopReceiving();  // idempotent
  engine.publish(eventFrom("carol"), [&](std::error_code ec) { completions.push_back(ec); });
  loop.runPending();
  REQUIRE(completions.size() == 2);
  CHECK_FALSE(completions[0]);
  CHECK_FALSE(completions[1]);
  CHECK(sink.deliveries.size() == 1);  // no answer to the second

  engine.stop();
  engine.publish(eventFrom("carol"), [&](std::error_code ec) { completions.push_back(ec); });
  loop.runPending();
  REQUIRE(completions.size() == 3);
  CHECK(completions[2] == Errc::connection_closed);
}
