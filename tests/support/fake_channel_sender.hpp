// FakeChannelSender: a ChannelSender that records every emit instead of sending it, for
// SessionHub tests. Channels listed in `gone` report failure, like a closed connection.
//
// Thread-safety: none; the hub calls it on the loop thread, which is the test's thread.
#pragma once

#include <libsession/session_hub.hpp>

#include <set>
#include <string>
#include <vector>

namespace libsession::testing {

class FakeChannelSender final : public ChannelSender {
public:
  struct Emitted {
    ChannelId channel;
    std::string event;
    Value::Array args;
  };

  bool emit(const ChannelId& channel, std::string_view event, Value::Array args) override {
    if (gone.count(channel) != 0) return false;
    emitted.push_back(Emitted{channel, std::string(event), std::move(args)});
    return true;
  }

  std::size_t countTo(const ChannelId& channel) const {
    std::size_t n = 0;
    for (const auto& e : emitted) n += e.channel == channel ? 1 : 0;
    return n;
  }

  std::vector<Emitted> emitted;
  std::set<ChannelId> gone;
};

}  // namespace libsession::testing
