// An EventLoop on a thread of its own, as the agent's asio loop would be: the transport's
// callbacks must arrive here, never on the AMQP thread or inside publish().
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <future>
#include <mutex>
#include <thread>

#include <libsession/event_loop.hpp>

class ThreadedEventLoop final : public libsession::EventLoop {
public:
  ThreadedEventLoop() : thread_([this] { run(); }) {}
  ~ThreadedEventLoop() override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

  void post(std::function<void()> task) override {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      tasks_.push_back(std::move(task));
    }
    cv_.notify_all();
  }

  std::shared_ptr<libsession::Timer> startTimer(std::chrono::milliseconds,
                                                std::function<void()>) override {
    return nullptr;  // the transport uses no timers
  }

  std::int64_t nowEpochMs() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  std::thread::id threadId() const { return thread_.get_id(); }

  /// Runs `fn` on the loop and waits for it (stop() belongs on the loop thread).
  void runSync(const std::function<void()>& fn) {
    std::promise<void> done;
    post([&] {
      fn();
      done.set_value();
    });
    done.get_future().wait();
  }

private:
  void run() {
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      cv_.wait(lock, [this] { return done_ || !tasks_.empty(); });
      if (tasks_.empty()) return;
      auto task = std::move(tasks_.front());
      tasks_.pop_front();
      lock.unlock();
      task();
      lock.lock();
    }
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> tasks_;
  bool done_ = false;
  std::thread thread_;
};
