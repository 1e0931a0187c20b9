// libsession/event_loop.hpp — the single-threaded executor the server's state lives on.
//
// Everything the server owns (Engine.IO sessions, sockets, the SessionHub) is touched only on its
// EventLoop's thread. Other threads hand work in with post(). Timers fire on the same thread.
// The library ships an asio-backed loop (created by Server); tests use a manual loop with a
// virtual clock, so heartbeat rules are tested without waiting.
//
// Thread-safety: post() may be called from any thread; startTimer() only on the loop thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>

namespace libsession {

/// A pending timer. Destroying the handle does not cancel it; cancel() does.
class Timer {
public:
  virtual ~Timer() = default;
  /// Prevents the callback from running, if it has not run yet. Loop thread only.
  virtual void cancel() = 0;
};

class EventLoop {
public:
  virtual ~EventLoop() = default;

  /// Runs `task` on the loop thread, after the current task. Thread-safe.
  virtual void post(std::function<void()> task) = 0;

  /// Runs `callback` on the loop thread once `delay` has passed, unless cancelled first.
  virtual std::shared_ptr<Timer> startTimer(std::chrono::milliseconds delay,
                                            std::function<void()> callback) = 0;

  /// Milliseconds since the Unix epoch, from the loop's clock.
  virtual std::int64_t nowEpochMs() const = 0;
};

}  // namespace libsession
