// Private: the EventLoop over a standalone-asio io_context (the network thread's loop).
#pragma once

#include <libsession/event_loop.hpp>

#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>

#include <chrono>

namespace libsession::detail {

class AsioEventLoop final : public EventLoop {
public:
  explicit AsioEventLoop(asio::io_context& context) : context_(context) {}

  void post(std::function<void()> task) override { asio::post(context_, std::move(task)); }

  std::shared_ptr<Timer> startTimer(std::chrono::milliseconds delay,
                                    std::function<void()> callback) override {
    auto timer = std::make_shared<AsioTimer>(context_, delay);
    // The handler holds the timer; `cancelled_` also stops a handler that was already queued
    // when cancel() ran (asio would run it with success).
    timer->timer_.async_wait([timer, callback = std::move(callback)](const asio::error_code& ec) {
      if (!ec && !timer->cancelled_) callback();
    });
    return timer;
  }

  std::int64_t nowEpochMs() const override {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

private:
  struct AsioTimer final : Timer {
    AsioTimer(asio::io_context& context, std::chrono::milliseconds delay)
        : timer_(context, delay) {}
    void cancel() override {
      cancelled_ = true;
      timer_.cancel();
    }
    asio::steady_timer timer_;
    bool cancelled_ = false;
  };

  asio::io_context& context_;
};

}  // namespace libsession::detail
