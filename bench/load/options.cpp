// bench/load/options.cpp — see options.hpp.
#include "options.hpp"

#include <CLI/CLI.hpp>

#include <iostream>

namespace bench {
namespace {

constexpr std::size_t kMaxPayloadBytes = 1'000'000;  // the servers' default maxPayload
constexpr int kMaxInflight = 1000;                   // the per-connection ring stays small

// "http://host[:port][/path/]" -> host, port, path. Only plain http: the benchmark measures
// the server, not TLS.
bool parseUrl(Options& o, std::string& error) {
  const std::string scheme = "http://";
  if (o.url.compare(0, scheme.size(), scheme) != 0) {
    error = "--url must start with http:// (got " + o.url + ")";
    return false;
  }
  std::string rest = o.url.substr(scheme.size());
  const std::size_t slash = rest.find('/');
  std::string authority = rest.substr(0, slash);
  if (slash != std::string::npos) {
    std::string path = rest.substr(slash);
    if (path != "/") {
      if (path.back() != '/') path += '/';
      o.path = path;
    }
  }
  const std::size_t colon = authority.rfind(':');
  o.host = authority.substr(0, colon);
  if (colon != std::string::npos) {
    const std::string port = authority.substr(colon + 1);
    char* end = nullptr;
    const long value = std::strtol(port.c_str(), &end, 10);
    if (port.empty() || *end != '\0' || value < 1 || value > 65535) {
      error = "--url has an invalid port: " + port;
      return false;
    }
    o.port = static_cast<std::uint16_t>(value);
  }
  if (o.host.empty()) {
    error = "--url has no host: " + o.url;
    return false;
  }
  return true;
}

}  // namespace

CommandLine parseCommandLine(int argc, char** argv) {
  CommandLine result;
  Options& o = result.options;
  CLI::App app{
      "session-bench: a Socket.IO v4 load generator (Engine.IO v4 / Socket.IO v5 client).\n"
      "Prints one line of JSON on stdout and a summary on stderr; exits 0 when the run had no\n"
      "errors and every connection connected."};
  app.add_option("--url", o.url, "Server base URL (http://host:port[/socket.io/])")
      ->capture_default_str();
  app.add_option("--mode", o.mode,
                 "closed: W Events in flight per connection; open: a fixed aggregate rate; "
                 "idle: hold connections, measure memory; storm: connect/close repeatedly")
      ->required()
      ->check(CLI::IsMember({"closed", "open", "idle", "storm"}));
  app.add_option("--transport", o.transport, "websocket (direct) or polling")
      ->capture_default_str()
      ->check(CLI::IsMember({"websocket", "polling"}));
  app.add_option("--connections", o.connections, "Connections (storm: unused, see "
                                                 "--connect-concurrency)")
      ->capture_default_str()
      ->check(CLI::Range(1, 10'000'000));
  app.add_option("--inflight", o.inflight, "Closed loop: Events in flight per connection")
      ->capture_default_str()
      ->check(CLI::Range(1, kMaxInflight));
  app.add_option("--rate", o.rate, "Open loop: aggregate Events per second, spread evenly "
                                   "over the connections")
      ->check(CLI::PositiveNumber);
  app.add_option("--duration", o.durationS, "Measured seconds")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 86400.0));
  app.add_option("--warmup", o.warmupS, "Seconds of load before the measured window")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 86400.0));
  app.add_option("--payload-bytes", o.payloadBytes, "Approximate size of the Event JSON")
      ->capture_default_str()
      ->check(CLI::Range(std::size_t{0}, kMaxPayloadBytes));
  app.add_option("--token-prefix", o.tokenPrefix, "Auth token prefix: token = <prefix>-<i>")
      ->capture_default_str();
  app.add_option("--source-addresses", o.sourceAddresses,
                 "Local IPv4 addresses to connect from, round robin: a range "
                 "(127.0.0.1-127.0.0.8) or a comma list (each gives ~28k connections)");
  app.add_option("--connect-concurrency", o.connectConcurrency,
                 "Handshakes in flight while connecting, and in a storm")
      ->capture_default_str()
      ->check(CLI::Range(1, 100'000));
  app.add_option("--connect-timeout", o.connectTimeoutS,
                 "Deadline of the connect phase (and of each storm handshake), seconds")
      ->capture_default_str()
      ->check(CLI::Range(0.1, 3600.0));
  app.add_option("--pid", o.pids, "A server process to measure from /proc (repeatable)")
      ->check(CLI::PositiveNumber);
  app.add_option("--label", o.label, "Free text copied into the JSON output");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help prints and exits 0; a bad command line exits 2, whatever CLI11's own code is.
    result.exitCode = app.exit(e) == 0 ? 0 : 2;
    return result;
  }

  std::string error;
  if (!parseUrl(o, error)) {
    std::cerr << "session-bench: " << error << "\n";
    result.exitCode = 2;
    return result;
  }
  o.modeKind = o.mode == "closed" ? Mode::closed
               : o.mode == "open" ? Mode::open
               : o.mode == "idle" ? Mode::idle
                                  : Mode::storm;
  o.transportKind = o.transport == "polling" ? TransportKind::polling : TransportKind::websocket;
  if (o.modeKind == Mode::open && o.rate <= 0) {
    std::cerr << "session-bench: --mode open needs --rate (Events per second)\n";
    result.exitCode = 2;
    return result;
  }
  result.run = true;
  return result;
}

}  // namespace bench
