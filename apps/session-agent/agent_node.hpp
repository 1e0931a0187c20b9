// AgentNode: one running session agent, wired from an AgentConfig — the server, the hub, the
// engine link (loopback or RabbitMQ), the session directory (memory or Redis), the SessionAgent,
// the HTTP API and the metrics — with its lifecycle: start, reload, graceful shutdown.
//
// Graceful shutdown (shutdown(), e.g. on SIGTERM), in order:
//   1. new Engine.IO sessions are refused (503), /health says "draining" (503) so a load
//      balancer stops sending clients here;
//   2. the engine link stops consuming (the broker keeps further Messages for other nodes);
//      Messages already received are still delivered and acked;
//   3. new Events are refused (the client's ack says so; POST /event 503);
//   4. it waits until every accepted Event is confirmed by the engine link, at most
//      shutdown.timeoutMs (then the unconfirmed ones are reported failed and logged);
//   5. every client is closed with a proper Engine.IO close (WebSocket 1001), so clients
//      reconnect, elsewhere; each session's end reaches the directory;
//   6. run() returns after stopping the engine link and the directory (Redis: this node's
//      sessions removed).
//
// Threading: run() is the network thread. shutdown() and reload() are thread-safe (they post
// to it); everything else happens on the network thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "config.hpp"
#include "logging.hpp"

namespace session_agent {

class AgentNode {
public:
  /// Builds every part (connects nothing yet). Throws std::runtime_error, naming the
  /// configuration key, for settings the parts refuse.
  AgentNode(const AgentConfig& config, Logging& log);
  ~AgentNode();
  AgentNode(const AgentNode&) = delete;
  AgentNode& operator=(const AgentNode&) = delete;

  /// Binds the port; returns it. Throws std::system_error when it cannot.
  std::uint16_t listen();
  /// Starts the engine link and the directory and serves until a shutdown has finished.
  void run();
  /// Starts the graceful shutdown described above. Thread-safe; later calls do nothing.
  void shutdown();
  /// Applies what can change while running: log level, CORS origins, the JWT secret. Other
  /// changed keys are logged as needing a restart. Thread-safe.
  void reload(const AgentConfig& config);

private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace session_agent
