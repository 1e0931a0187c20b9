#include "manual_event_loop.hpp"

#include <algorithm>
#include <iterator>

namespace libsession::testing {

void ManualEventLoop::post(std::function<void()> task) {
  std::lock_guard<std::mutex> lock(postMutex_);
  posted_.push_back(std::move(task));
}

std::shared_ptr<Timer> ManualEventLoop::startTimer(std::chrono::milliseconds delay,
                                                   std::function<void()> callback) {
  auto timer = std::make_shared<ManualTimer>();
  timer->callback = std::move(callback);
  const std::int64_t due = nowMs_ + std::max<std::int64_t>(0, delay.count());
  timers_.emplace(std::make_pair(due, nextSeq_++), timer);
  return timer;
}

std::size_t ManualEventLoop::runPending() {
  std::size_t ran = 0;
  for (;;) {
    std::function<void()> task;
    {
      std::lock_guard<std::mutex> lock(postMutex_);
      if (posted_.empty()) return ran;
      task = std::move(posted_.front());
      posted_.pop_front();
    }
    task();  // outside the lock: the task may post more
    ++ran;
  }
}

void ManualEventLoop::advance(std::chrono::milliseconds by) {
  const std::int64_t target = nowMs_ + std::max<std::int64_t>(0, by.count());
  runPending();
  for (;;) {
    auto it = timers_.begin();
    while (it != timers_.end() && it->second->cancelled) it = timers_.erase(it);
    if (it == timers_.end() || it->first.first > target) break;
    nowMs_ = std::max(nowMs_, it->first.first);
    auto timer = std::move(it->second);
    timers_.erase(it);
    // Taken out before it runs: a callback that cancels its own timer must not matter.
    auto callback = std::move(timer->callback);
    timer->callback = nullptr;
    timer->cancelled = true;
    if (callback) callback();
    runPending();
  }
  nowMs_ = target;
}

std::size_t ManualEventLoop::activeTimerCount() const {
  return static_cast<std::size_t>(std::count_if(
      timers_.begin(), timers_.end(), [](const auto& entry) { return !entry.second->cancelled; }));
}

void ManualEventLoop::dropCancelledTimers() {
  for (auto it = timers_.begin(); it != timers_.end();) {
    it = it->second->cancelled ? timers_.erase(it) : std::next(it);
  }
}

}  // namespace libsession::testing
