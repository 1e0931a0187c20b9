// libsession/ids.hpp — strong identifiers used across the API.
//
// A participant (the authenticated user behind a token) may hold many connections; each
// connection has its own channel id (the Socket.IO socket id) and session id
// ("<participantId>_<epoch ms>", unique per connection). Distinct types stop one being passed
// where another is expected.
//
// Thread-safety: plain values.
#pragma once

#include <functional>
#include <string>
#include <string_view>
#include <utility>

namespace libsession {

template <class Tag>
class StrongId {
public:
  StrongId() = default;
  explicit StrongId(std::string value) : value_(std::move(value)) {}

  const std::string& str() const noexcept { return value_; }
  bool empty() const noexcept { return value_.empty(); }

  friend bool operator==(const StrongId& a, const StrongId& b) noexcept { return a.value_ == b.value_; }
  friend bool operator!=(const StrongId& a, const StrongId& b) noexcept { return a.value_ != b.value_; }
  friend bool operator<(const StrongId& a, const StrongId& b) noexcept { return a.value_ < b.value_; }

private:
  std::string value_;
};

struct ChannelIdTag {};
struct SessionIdTag {};
struct ParticipantIdTag {};

/// One Socket.IO connection (the socket id the client sees).
using ChannelId = StrongId<ChannelIdTag>;
/// One connection's session, as the engine knows it: "<participantId>_<epoch ms>".
using SessionId = StrongId<SessionIdTag>;
/// The authenticated participant (the user behind the token).
using ParticipantId = StrongId<ParticipantIdTag>;

}  // namespace libsession

template <class Tag>
struct std::hash<libsession::StrongId<Tag>> {
  std::size_t operator()(const libsession::StrongId<Tag>& id) const noexcept {
    return std::hash<std::string>{}(id.str());
  }
};
