// libsession/session_directory.hpp — where the engine finds a participant's sessions.
//
// The SrvThreds engine routes a Message to the agent node that holds the addressed
// participant's sessions by reading a shared session directory (Redis). The agent records each
// session there when it starts and removes it when it ends; at start-up it sweeps its own stale
// entries (left by a crash) and on graceful shutdown it removes all of its own. The library
// ships an in-memory directory (single node, the default) and a Redis one writing the SrvThreds
// key layout.
//
// Threading: every member is non-blocking and thread-safe; a networked directory works on its
// own thread. A failed write is retried (the directory reconnects) and never blocks or fails
// the client's connection.
#pragma once

#include <functional>
#include <string>

#include <libsession/session_hub.hpp>

namespace libsession {

class SessionDirectory {
public:
  virtual ~SessionDirectory() = default;
  /// Connects (when networked) and removes this node's stale sessions from an earlier run.
  virtual void start() = 0;
  /// Records a session of this node.
  virtual void sessionStarted(const SessionInfo& session) = 0;
  /// Removes a session of this node.
  virtual void sessionEnded(const SessionInfo& session) = 0;
  /// Removes every session of this node, waits (bounded) for the writes, and stops. Idempotent.
  virtual void stop() = 0;
  /// True while the directory is reachable (for /health).
  virtual bool healthy() const noexcept = 0;
};

}  // namespace libsession
