// The pieces the session-agent integration tests share: the real session-agent binary started
// as a node of the broker (AgentProcess), a client script that stays running while the test
// drives the engine (LiveClient), GET over plain HTTP, and clearing the broker's leftovers.
//
// The broker tests use SrvThreds' default exchange and queue names, so they share the broker's
// names and take turns (RESOURCE_LOCK rabbitmq_broker).
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <libsession/value.hpp>

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
  /// session-agent with exactly `args` (after the binary's path) and `env` added to the test's
  /// environment; waits for the "listening on" line like the constructor above. `nodeId` only
  /// names it in log(). Use "-p 0" (or server.port 0) so that tests never collide on a port.
  AgentProcess(const std::vector<std::string>& args, const libsession::test::ChildProcess::Environment& env,
               std::string nodeId = "org.wt.session1");

  const std::string& nodeId() const noexcept { return nodeId_; }
  pid_t pid() const noexcept { return process_.pid(); }
  std::uint16_t port() const noexcept { return port_; }
  std::string url() const;  ///< http://127.0.0.1:<port>
  bool running() { return process_.running(); }
  std::string log() const;  ///< stdout and stderr so far
  std::string stderrText() const { return process_.stderrText(); }
  /// SIGTERM, then up to 15 s for it to exit.
  std::optional<libsession::test::ExitStatus> stop();
  void signal(int sig) { process_.signal(sig); }
  std::optional<libsession::test::ExitStatus> wait(std::chrono::milliseconds timeout) {
    return process_.wait(timeout);
  }
  /// Waits until stderr (the log) contains `text`; false after `timeout`.
  bool waitForLog(std::string_view text, std::chrono::milliseconds timeout);

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
  std::string head;  ///< status line and headers, as received
  std::string body;
};
/// GET http://127.0.0.1:<port><path> with Connection: close.
HttpAnswer httpGet(std::uint16_t port, const std::string& path);
/// Any request: `headers` are whole lines without CRLF ("Content-Type: application/json");
/// Content-Length is added for a non-empty body.
HttpAnswer httpRequest(std::uint16_t port, const std::string& method, const std::string& path,
                       const std::vector<std::string>& headers = {}, const std::string& body = {});
/// The path of the session-agent binary under test.
std::string sessionAgentPath();

/// `set`, plus every variable the agent reads (SESSION_AGENT_CONFIG, JWT_SECRET, PORT, ...)
/// that `set` does not name, set empty (the agent treats empty as unset), so the test runner's
/// own environment cannot leak in. Each name once: with a name twice, which one getenv() finds
/// is not defined.
libsession::test::ChildProcess::Environment agentEnvironment(
    const libsession::test::ChildProcess::Environment& set = {});

/// The value at a dotted path ("engine.rabbitmq.url") as JSON text, or "<missing PATH>".
std::string jsonAt(const libsession::Value& root, const std::string& path);

bool contains(const std::string& text, const std::string& part);

/// The strings of a JSON array a client reported (other elements skipped; empty when `array` is
/// null or not an array).
std::vector<std::string> stringsOf(const libsession::Value* array);

/// Polls `condition` every 50 ms until it holds or `limit` passes; returns its last value.
bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit);

// For the configuration and HTTP API tests (config_cli_test, http_api_test,
// http_event_rabbitmq_test).

/// A private directory (mkdtemp under $TMPDIR or /tmp) for config files, removed with its
/// contents by the destructor.
class TempDir {
public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const noexcept { return path_; }
  /// Writes `text` to <dir>/<name> and returns that file's path.
  std::string write(const std::string& name, const std::string& text) const;

private:
  std::string path_;
};

/// An HS256 JWT with the claims the Node agent issues, {"participantId", "exp"}, signed with
/// `secret` (libjwt, independent of the verifier under test).
std::string signToken(const std::string& secret, const std::string& participantId,
                      std::int64_t expiresAt);

}  // namespace agent_test
