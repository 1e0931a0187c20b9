// session-agent — the Socket.IO session agent between clients and the workflow engine.
//
// One port (default 3000) serves Socket.IO at /socket.io/ and the HTTP API (/health, /metrics,
// POST /event). A client connects with auth {token}; the token names the participant. Its
// `message` events (Events) go to the engine; the engine's Messages come back as `message`
// events. The configuration (docs/configuration.md) comes from flags, the environment and a
// JSON file; with none of them the agent runs stand-alone: loopback engine, sessions in memory.
//
// A foreground process, for systemd or a container: logs to stderr (or log.file), stops
// gracefully on SIGTERM/SIGINT (a second one exits at once), reloads on SIGHUP.
//
// Exit status: 0 after a graceful stop, 1 when it cannot start (port taken, ...), 2 for a
// configuration error, 128+signal after a second stop signal.
#include <pthread.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>
#include <thread>

#include <libsession/version.hpp>

#include "agent_node.hpp"
#include "config.hpp"
#include "logging.hpp"

namespace {

constexpr int kConfigError = 2;

/// Takes SIGINT, SIGTERM and SIGHUP on a thread of its own (sigwait), so that the work they
/// start happens outside a signal handler, where almost nothing is safe to call.
/// Returns once `finished` is set and a signal woke it.
void handleSignals(const sigset_t& signals, session_agent::AgentNode& node,
                   session_agent::Logging& log, int argc, char** argv,
                   const std::atomic<bool>& finished) {
  bool stopping = false;
  for (;;) {
    int signal = 0;
    if (sigwait(&signals, &signal) != 0) continue;
    if (finished) return;
    if (signal == SIGHUP) {
      auto reloaded = session_agent::loadConfig(argc, argv, session_agent::processEnvironment());
      if (!reloaded.errors.empty()) {
        log.error("configuration not reloaded",
                  {{"errors", session_agent::formatErrors(reloaded.errors)}});
        continue;
      }
      node.reload(reloaded.config);
      continue;
    }
    if (stopping) {
      log.warn("second stop signal: exiting now", {{"signal", signal}});
      log.flush();
      std::_Exit(128 + signal);
    }
    stopping = true;
    log.info("stop signal received", {{"signal", signal}});
    node.shutdown();
  }
}

}  // namespace

int main(int argc, char** argv) {
  // Blocked before any thread starts, so every thread inherits the mask and only the signal
  // thread ever takes them.
  sigset_t signals;
  sigemptyset(&signals);
  for (int s : {SIGINT, SIGTERM, SIGHUP}) sigaddset(&signals, s);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  using namespace session_agent;
  const ConfigResult loaded = loadConfig(argc, argv, processEnvironment());
  switch (loaded.action) {
    case ConfigAction::help:
    case ConfigAction::version:
      std::cout << loaded.text;
      return loaded.errors.empty() ? 0 : kConfigError;
    default:
      break;
  }
  if (!loaded.errors.empty()) {
    std::cerr << formatErrors(loaded.errors);
    return kConfigError;
  }
  switch (loaded.action) {
    case ConfigAction::printConfig:
      std::cout << printConfig(loaded.config);
      return 0;
    case ConfigAction::checkConfig:
      std::cout << "config OK\n";
      return 0;
    default:
      break;
  }

  std::optional<Logging> log;
  try {
    log.emplace(loaded.config.log);
  } catch (const std::exception& e) {
    std::cerr << "config: log.file: " << e.what() << "\n";
    return kConfigError;
  }
  std::optional<AgentNode> node;
  try {
    node.emplace(loaded.config, *log);
  } catch (const std::exception& e) {
    std::cerr << "config: " << e.what() << "\n";
    return kConfigError;
  }
  try {
    const std::uint16_t port = node->listen();
    // The one line on stdout: scripts and tests read the bound port from it (port 0).
    std::cout << "session-agent " << libsession::kVersion << " listening on "
              << loaded.config.server.host << ":" << port << " (node " << loaded.config.nodeId
              << ", " << toString(loaded.config.engine.kind) << " engine, "
              << toString(loaded.config.directory.kind) << " sessions)" << std::endl;
  } catch (const std::exception& e) {
    log->error("cannot listen", {{"host", loaded.config.server.host},
                                 {"port", loaded.config.server.port},
                                 {"error", e.what()}});
    return 1;
  }

  std::atomic<bool> finished{false};
  std::thread signalThread(handleSignals, signals, std::ref(*node), std::ref(*log), argc, argv,
                           std::cref(finished));
  node->run();
  // Wake the signal thread so that it ends before the node it points at is destroyed.
  finished = true;
  pthread_kill(signalThread.native_handle(), SIGHUP);
  signalThread.join();
  log->flush();
  return 0;
}
