// tests/integration/support/echo_server.hpp — the real echo-server binary, started for one test.
//
//   EchoServer server({"--ping-interval", "300"});   // port 0: it picks a free port
//   ... clients connect to server.url() ...
//   requireCleanStop(server);                         // SIGTERM; it must exit 0
//
// The binary is $<TARGET_FILE:echo-server>, compiled in as LIBSESSION_ECHO_SERVER; the
// environment variable of the same name overrides it (e.g. to try another build).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "child_process.hpp"

namespace libsession::test {

class EchoServer {
public:
  /// Starts echo-server on 127.0.0.1, port 0, plus `options`, and waits (up to 10 s) for it to
  /// print its port. Throws std::runtime_error, with its output, when it does not.
  explicit EchoServer(std::vector<std::string> options = {});
  /// Starts another server binary that takes --host/--port and prints the same
  /// "<name> <version> listening on <host>:<port>" line (e.g. session-agent).
  EchoServer(std::string binary, std::vector<std::string> options);

  std::uint16_t port() const noexcept { return port_; }
  /// "http://127.0.0.1:<port>"
  std::string url() const;
  /// Whether the process is still alive (a crash ends it).
  bool running() { return process_.running(); }
  /// SIGTERM, then up to 10 s for it to exit; nullopt when it did not (the destructor kills it).
  std::optional<ExitStatus> stop();
  /// Its stdout and stderr so far, for failure messages.
  std::string log() const;

private:
  ChildProcess process_;
  std::uint16_t port_ = 0;
};

/// Stops the server and checks it exited with status 0 (a crash or a hang fails the test).
void requireCleanStop(EchoServer& server);

}  // namespace libsession::test
