// ManualEventLoop: an EventLoop whose clock only moves when the test says so.
//
// Heartbeats, upgrade timeouts and ack timeouts are tested in virtual time: advance(25000ms)
// runs every timer due in those 25 s, in due order, without waiting. Posted tasks queue until
// runPending() (or advance(), which drains them before and after each timer, as a real loop
// would run them between timers).
//
// Thread-safety: post() may be called from any thread (the SessionHub test relies on it); every
// other member on the test's thread, which plays the loop thread.
#pragma once

#include <libsession/event_loop.hpp>

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <utility>

namespace libsession::testing {

class ManualEventLoop final : public EventLoop {
public:
  /// 2023-11-14T22:13:20Z: any fixed instant will do; a round one reads well in session ids.
  static constexpr std::int64_t kDefaultStartEpochMs = 1'700'000'000'000;

  explicit ManualEventLoop(std::int64_t startEpochMs = kDefaultStartEpochMs)
      : startMs_(startEpochMs), nowMs_(startEpochMs) {}

  void post(std::function<void()> task) override;
  std::shared_ptr<Timer> startTimer(std::chrono::milliseconds delay,
                                    std::function<void()> callback) override;
  std::int64_t nowEpochMs() const override { return nowMs_; }

  /// Runs posted tasks, including those they post, until none is left. Returns how many ran.
  std::size_t runPending();
  /// Moves the clock forward by `by`, running each timer as its due time is reached (ties in
  /// the order they were started) and the posted tasks around them.
  void advance(std::chrono::milliseconds by);
  /// Timers started and neither run nor cancelled.
  std::size_t activeTimerCount() const;
  /// Forgets cancelled timers now (a real loop frees them soon after cancel(); this one keeps
  /// them until their due time), so that memory measurements see only live timers.
  void dropCancelledTimers();
  /// Virtual milliseconds since construction.
  std::int64_t elapsedMs() const noexcept { return nowMs_ - startMs_; }

private:
  struct ManualTimer final : Timer {
    void cancel() override {
      cancelled = true;
      callback = nullptr;  // release captures now, as a real loop would on cancel
    }
    std::function<void()> callback;
    bool cancelled = false;
  };

  std::int64_t startMs_;
  std::int64_t nowMs_;
  std::uint64_t nextSeq_ = 0;
  std::map<std::pair<std::int64_t, std::uint64_t>, std::shared_ptr<ManualTimer>> timers_;
  mutable std::mutex postMutex_;
  std::deque<std::function<void()>> posted_;
};

}  // namespace libsession::testing
