// The pieces the session-agent integration tests share: the real session-agent binary started
// as a node of the broker (AgentProcess), a client script that stays running while the test
// drives the engine (LiveClient), GET over plain HTTP, and clearing the broker's leftovers.
//
// Every test uses SrvThreds' default exchange and queue names (the binary has no option for
// others yet), so the tests share the broker's names and run serially (RUN_SERIAL).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "support/child_process.hpp"
#include "support/client_scenario.hpp"

namespace agent_test {

/// SrvThreds' name of a node's queue: the last part of the nodeId (org.wt.nodeA → nodeA).
std::string nodeQueueOf(const std::string& nodeId);

/// Deletes the queues the agent tests use (event-queue, session-message-queue and the node
/// queues of `nodeIds`), so that nothing an earlier run left behind is delivered now.
void clearBroker(const std::vector<std::string>& nodeIds);

/// session-agent --host 127.0.0.1 -p 0 -i <nodeId> --broker <amqp url> --redis <redisUrl>,
/// started in the constructor, which waits (up to 15 s) for its "listening on" line.
class AgentProcess {
public:
  AgentProcess(std::string nodeId, const std::string& redisUrl);

  const std::string& nodeId() const noexcept { return nodeId_; }
  pid_t pid() const noexcept { return process_.pid(); }
  std::uint16_t port() const noexcept { return port_; }
  std::string url() const;  ///< http://127.0.0.1:<port>
  bool running() { return process_.running(); }
  std::string log() const;  ///< stdout and stderr so far
  std::string stderrText() const { return process_.stderrText(); }
  /// SIGTERM, then up to 15 s for it to exit.
  std::optional<libsession::test::ExitStatus> stop();

private:
  std::string nodeId_;
  libsession::test::ChildProcess process_;
  std::uint16_t port_ = 0;
};

/// A client script (clients/*.js in this folder) that runs beside the test: it reports
/// {"name","value"} lines like any scenario; the test waits for reports while it runs, may
/// signal it, and collects everything when it exits.
class LiveClient {
public:
  LiveClient(const std::string& script, const std::vector<std::string>& args);

  /// Waits until a report named `name` appeared; false after `timeout` or when it exited.
  bool waitFor(std::string_view name, std::chrono::milliseconds timeout);
  void signal(int sig) { process_.signal(sig); }
  /// Waits (up to `timeout`, then kills it) for it to exit and returns what it reported.
  libsession::test::ClientResults finish(std::chrono::milliseconds timeout);

private:
  libsession::test::ChildProcess process_;
};

struct HttpAnswer {
  int status = 0;  ///< 0: no answer
  std::string body;
};
/// GET http://127.0.0.1:<port><path> with Connection: close.
HttpAnswer httpGet(std::uint16_t port, const std::string& path);

/// Polls `condition` every 50 ms until it holds or `limit` passes; returns its last value.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit);

}  // namespace agent_test
