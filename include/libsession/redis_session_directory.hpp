// libsession/redis_session_directory.hpp — SessionDirectory in Redis, in the SrvThreds layout.
//
// The SrvThreds engine finds the node holding a participant's sessions by reading Redis:
// ParticipantSession:<pid> -> session ids -> SessionParticipant:<sid> field `data` -> nodeId.
// This directory writes exactly what the Node agent writes (../shared/srvthreds-contract.md):
//
//   start  MULTI
//          HSET SessionParticipant:<sid> data {"participantId":<pid>,"nodeId":<node>,
//                                              "data":{"isProxy":<bool>,"roles":[...]}}
//          SADD IDX:SessionParticipant <sid>
//          SADD ParticipantSession:<pid> <sid>        (no trailing "s", as in SrvThreds)
//          SADD IDX:ParticipantSession <pid>
//          EXEC
//   end    MULTI, DEL SessionParticipant:<sid>, SREM IDX:SessionParticipant <sid>,
//          SREM ParticipantSession:<pid> <sid>, EXEC
//
// (The Node agent sends the end commands without MULTI; the transaction only makes the end
// atomic for a reader and leaves the same keys.) IDX:ParticipantSession is never pruned, as in
// SrvThreds.
//
// start() sweeps this node's stale sessions left by a crash: every member of
// IDX:SessionParticipant whose record says nodeId == this node is removed as on end. Sessions of
// other nodes are never touched, even when they look stale (their node sweeps them).
// stop() removes every session this node recorded.
//
// hiredis is blocking, so the connection lives on a thread of its own and the calls only queue.
// While Redis is down, writes wait in a bounded queue and are applied in order after the
// reconnect (1 s doubling to 60 s, jittered). An end whose start is still queued cancels it (the
// pair never reaches Redis: that is the state Redis would end in anyway). If the queue is still
// full, the queue is dropped and the directory does a full resync at the next connection: it
// removes this node's sessions that are no longer live and writes every live one. The live set
// is kept in memory (one entry per open session, which the hub bounds already), so a resync loses
// nothing; only the order of the dropped writes, which no longer matters, is gone.
//
// Thread-safety: every member is thread-safe and, except stop(), non-blocking. stop() waits at
// most `stopTimeout` for the final writes plus one connect/command timeout for the thread.
// A stopped directory cannot be started again.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <libsession/session_directory.hpp>

namespace libsession {

struct RedisSessionDirectoryOptions {
  /// redis://[[user]:password@]host[:port][/db]. Port 6379 and db 0 by default, like redis-cli;
  /// the engine must read the same db.
  std::string url = "redis://127.0.0.1:6379";
  /// This node's id, written as the sessions' nodeId; the engine routes Messages to it as the
  /// RabbitMQ routing key, so it must equal the transport's nodeId. SrvThreds' default.
  std::string nodeId = "org.wt.session1";
  /// Written as data.roles of every session. The Node agent takes them from the engine's user
  /// database; an agent without one writes [] (the engine does not route by them).
  std::vector<std::string> roles;
  /// Writes waiting for Redis (start and end each count one). Beyond it: full resync, see above.
  std::size_t queueCapacity = 10000;
  /// Reconnect backoff: doubles from initial to max, each wait drawn uniformly from [d/2, d], so
  /// that many agents restarted together do not reconnect in lockstep.
  std::chrono::milliseconds initialBackoff{1000};
  std::chrono::milliseconds maxBackoff{60000};
  /// Bounds on each connect and each command; also bound how long stop() can wait for the thread.
  std::chrono::milliseconds connectTimeout{2000};
  std::chrono::milliseconds commandTimeout{2000};
  /// While idle the thread PINGs this often, so that healthy() notices a dead server without
  /// waiting for the next session.
  std::chrono::milliseconds pingInterval{1000};
  /// How long stop() waits for this node's sessions to be removed before giving up on them (they
  /// are then swept at the next start).
  std::chrono::milliseconds stopTimeout{3000};
  /// Told about connection losses and rejected commands (on the directory's thread). May be empty.
  std::function<void(std::string_view)> onError;
};

class RedisSessionDirectory final : public SessionDirectory {
public:
  /// Throws std::invalid_argument for an unparseable url or an empty nodeId. Connects only on
  /// start().
  explicit RedisSessionDirectory(RedisSessionDirectoryOptions options);
  ~RedisSessionDirectory() override;  ///< stop()

  RedisSessionDirectory(const RedisSessionDirectory&) = delete;
  RedisSessionDirectory& operator=(const RedisSessionDirectory&) = delete;

  /// Starts the thread; the sweep runs at the first connection, before any queued write.
  void start() override;
  /// Queues the writes; calls before start() wait for it.
  void sessionStarted(const SessionInfo& session) override;
  void sessionEnded(const SessionInfo& session) override;
  void stop() override;
  /// True while connected and the last command or PING succeeded.
  bool healthy() const noexcept override;

  /// Writes waiting for Redis (for metrics and tests).
  std::size_t pendingWrites() const;

  struct Impl;

private:
  std::shared_ptr<Impl> impl_;
};

/// The key layout as pure functions: what the directory sends, testable without a server and
/// reusable by tools that inspect the directory.
namespace redis_layout {

using Command = std::vector<std::string>;  ///< one command's argv

inline constexpr std::string_view kSessionIndex = "IDX:SessionParticipant";
inline constexpr std::string_view kParticipantIndex = "IDX:ParticipantSession";
inline constexpr std::string_view kSessionPrefix = "SessionParticipant:";
inline constexpr std::string_view kParticipantPrefix = "ParticipantSession:";
inline constexpr std::string_view kRecordField = "data";

std::string sessionKey(std::string_view sessionId);
std::string participantKey(std::string_view participantId);

/// The `data` field of SessionParticipant:<sid>, byte for byte as the Node agent's
/// JSON.stringify writes it.
std::string sessionRecord(const SessionInfo& session, std::string_view nodeId,
                          const std::vector<std::string>& roles = {});

/// MULTI, HSET, SADD x3, EXEC.
std::vector<Command> sessionStartCommands(const SessionInfo& session, std::string_view nodeId,
                                          const std::vector<std::string>& roles = {});
/// MULTI, DEL, SREM x2, EXEC.
std::vector<Command> sessionEndCommands(std::string_view sessionId,
                                        std::string_view participantId);

/// Who owns a stored record; nullopt when `data` is not a record (not JSON, no string
/// participantId or nodeId), which the sweep leaves alone.
struct RecordOwner {
  std::string participantId;
  std::string nodeId;
};
std::optional<RecordOwner> parseSessionRecord(std::string_view data);

}  // namespace redis_layout

}  // namespace libsession
