// RecordingEngineIoHandler: an EngineIoHandler that writes down every callback, so tests can
// assert "exactly one onOpen, exactly one onClose with this reason, these messages in order".
// Optional hooks let a test react (echo, close from inside a callback).
//
// Thread-safety: none; callbacks arrive on the loop thread, which is the test's thread.
#pragma once

#include <libsession/engine_io_server.hpp>

#include <algorithm>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace libsession::testing {

class RecordingEngineIoHandler final : public EngineIoHandler {
public:
  struct Message {
    std::string sid;
    engineio::Packet packet;
  };
  struct Closed {
    std::string sid;
    std::string reason;
  };

  void onOpen(const std::shared_ptr<EngineIoSession>& session) override {
    opened.push_back(session);
    if (openHook) openHook(session);
  }
  void onMessage(EngineIoSession& session, engineio::Packet&& message) override {
    messages.push_back(Message{session.id(), message});
    if (messageHook) messageHook(session, messages.back().packet);
  }
  void onClose(EngineIoSession& session, std::string_view reason) override {
    closed.push_back(Closed{session.id(), std::string(reason)});
    if (closeHook) closeHook(session, reason);
  }

  /// The session opened with this sid (nullptr when none).
  std::shared_ptr<EngineIoSession> session(const std::string& sid) const {
    for (const auto& s : opened) {
      if (s->id() == sid) return s;
    }
    return nullptr;
  }
  std::size_t openCount(const std::string& sid) const {
    return static_cast<std::size_t>(std::count_if(
        opened.begin(), opened.end(), [&](const auto& s) { return s->id() == sid; }));
  }
  std::size_t closeCount(const std::string& sid) const {
    return static_cast<std::size_t>(std::count_if(
        closed.begin(), closed.end(), [&](const Closed& c) { return c.sid == sid; }));
  }
  /// The reason of the session's first onClose, or "" when it has not closed.
  std::string closeReason(const std::string& sid) const {
    for (const auto& c : closed) {
      if (c.sid == sid) return c.reason;
    }
    return {};
  }
  /// Data of the messages received for `sid`, in order.
  std::vector<std::string> messageData(const std::string& sid) const {
    std::vector<std::string> out;
    for (const auto& m : messages) {
      if (m.sid == sid) out.push_back(m.packet.data);
    }
    return out;
  }

  std::vector<std::shared_ptr<EngineIoSession>> opened;
  std::vector<Message> messages;
  std::vector<Closed> closed;

  std::function<void(const std::shared_ptr<EngineIoSession>&)> openHook;
  std::function<void(EngineIoSession&, const engineio::Packet&)> messageHook;
  std::function<void(EngineIoSession&, std::string_view)> closeHook;
};

}  // namespace libsession::testing
