// The ManualEventLoop fake itself: the heartbeat tests are only as good as its clock.
#include <catch2/catch.hpp>

#include "manual_event_loop.hpp"

#include <string>
#include <vector>

using namespace libsession::testing;
using namespace std::chrono_literals;

TEST_CASE("ManualEventLoop: timers run in due order when the clock reaches them",
          "[support]") {
  ManualEventLoop loop;
  std::vector<std::string> log;
  loop.startTimer(300ms, [&] { log.push_back("c@" + std::to_string(loop.elapsedMs())); });
  loop.startTimer(100ms, [&] { log.push_back("a@" + std::to_string(loop.elapsedMs())); });
  loop.startTimer(100ms, [&] { log.push_back("b@" + std::to_string(loop.elapsedMs())); });
  auto cancelled = loop.startTimer(200ms, [&] { log.push_back("cancelled"); });
  cancelled->cancel();
  CHECK(loop.activeTimerCount() == 3);

  loop.advance(99ms);
  CHECK(log.empty());
  loop.advance(250ms);
  CHECK(log == std::vector<std::string>{"a@100", "b@100", "c@300"});
  CHECK(loop.elapsedMs() == 349);
  CHECK(loop.activeTimerCount() == 0);
}

TEST_CASE("ManualEventLoop: timers started by timers, and posted tasks", "[support]") {
  ManualEventLoop loop;
  std::vector<std::string> log;
  loop.startTimer(10ms, [&] {
    log.push_back("first");
    loop.startTimer(0ms, [&] { log.push_back("zero-delay"); });
    loop.startTimer(10ms, [&] { log.push_back("second@" + std::to_string(loop.elapsedMs())); });
    loop.post([&] { log.push_back("posted"); });
  });
  loop.post([&] { log.push_back("before"); });
  CHECK(loop.runPending() == 1);
  loop.advance(100ms);
  CHECK(log == std::vector<std::string>{"before", "first", "posted", "zero-delay", "second@20"});
  CHECK(loop.nowEpochMs() == ManualEventLoop::kDefaultStartEpochMs + 100);
}
