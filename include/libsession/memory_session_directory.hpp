// libsession/memory_session_directory.hpp — SessionDirectory in memory, for a single node.
//
// The default when no Redis is configured: with one agent there is no other node to find, so
// the directory only keeps the records (the same data the Redis directory writes) for
// introspection and tests. start() forgets nothing (there is nothing stale in a fresh process);
// stop() removes this node's sessions, as the Redis directory does.
//
// Thread-safety: every member is thread-safe (one mutex) and never blocks on I/O.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <libsession/session_directory.hpp>

namespace libsession {

class MemorySessionDirectory final : public SessionDirectory {
public:
  /// One stored session: what SessionParticipant:<sid> holds in Redis.
  struct Entry {
    SessionInfo session;
    std::string nodeId;
  };

  explicit MemorySessionDirectory(std::string nodeId = "org.wt.session1");
  ~MemorySessionDirectory() override;

  MemorySessionDirectory(const MemorySessionDirectory&) = delete;
  MemorySessionDirectory& operator=(const MemorySessionDirectory&) = delete;

  void start() override;
  /// Records the session (a second start of the same session id replaces the first).
  void sessionStarted(const SessionInfo& session) override;
  /// Removes the session; unknown sessions are ignored.
  void sessionEnded(const SessionInfo& session) override;
  /// Removes every session. Idempotent; later starts and ends are ignored.
  void stop() override;
  /// Always true: memory is always reachable.
  bool healthy() const noexcept override;

  const std::string& nodeId() const noexcept;
  /// The participant's sessions, in the order they started (empty when none).
  std::vector<SessionInfo> sessionsOf(const ParticipantId& participant) const;
  std::optional<Entry> find(const SessionId& session) const;
  /// Participants with at least one session, sorted.
  std::vector<ParticipantId> participants() const;
  std::size_t size() const;

private:
  struct State;
  std::unique_ptr<State> state_;
};

}  // namespace libsession
