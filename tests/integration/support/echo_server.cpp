#include "echo_server.hpp"

#include <catch2/catch.hpp>

#include <csignal>
#include <stdexcept>

#include "paths.hpp"

namespace libsession::test {

namespace {

constexpr std::string_view kListening = " listening on ";

// The port from "echo-server <version> listening on <host>:<port>\n", or 0.
std::uint16_t parsePort(const std::string& out) {
  const std::size_t at = out.find(kListening);
  if (at == std::string::npos) return 0;
  const std::size_t end = out.find('\n', at);
  if (end == std::string::npos) return 0;
  const std::size_t colon = out.rfind(':', end);
  if (colon == std::string::npos || colon < at) return 0;
  try {
    const unsigned long port = std::stoul(out.substr(colon + 1, end - colon - 1));
    return port > 0 && port < 65536 ? static_cast<std::uint16_t>(port) : 0;
  } catch (const std::exception&) {
    return 0;
  }
}

std::vector<std::string> commandLine(std::string binary, std::vector<std::string> options) {
  std::vector<std::string> argv{std::move(binary), "--host", "127.0.0.1", "--port", "0"};
  argv.insert(argv.end(), options.begin(), options.end());
  return argv;
}

}  // namespace

EchoServer::EchoServer(std::vector<std::string> options)
    : EchoServer(configuredPath("LIBSESSION_ECHO_SERVER", LIBSESSION_ECHO_SERVER),
                 std::move(options)) {}

EchoServer::EchoServer(std::string binary, std::vector<std::string> options)
    : process_(commandLine(std::move(binary), std::move(options))) {
  process_.waitForOutput([](const std::string& out) { return parsePort(out) != 0; },
                         std::chrono::seconds(10));
  port_ = parsePort(process_.stdoutText());
  if (port_ == 0) {
    throw std::runtime_error("the server did not report its port: " + process_.commandLine() +
                             "\n" + log());
  }
}

std::string EchoServer::url() const {
  return "http://127.0.0.1:" + std::to_string(port_);
}

std::optional<ExitStatus> EchoServer::stop() {
  process_.signal(SIGTERM);
  return process_.wait(std::chrono::seconds(10));
}

std::string EchoServer::log() const {
  return "--- echo-server stdout:\n" + process_.stdoutText() + "--- echo-server stderr:\n" +
         process_.stderrText();
}

void requireCleanStop(EchoServer& server) {
  CHECK(server.running());  // still alive after everything the test did to it
  const std::optional<ExitStatus> status = server.stop();
  INFO(server.log());
  REQUIRE(status.has_value());  // else it hung on SIGTERM
  CHECK(status->describe() == ExitStatus{true, 0, 0}.describe());
}

}  // namespace libsession::test
