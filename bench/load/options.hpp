// bench/load/options.hpp — session-bench's command line (CLI11). The option names are an
// interface: the benchmark driver scripts are written against them.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace bench {

enum class Mode { closed, open, idle, storm };
enum class TransportKind { websocket, polling };

struct Options {
  std::string url = "http://127.0.0.1:3000";
  std::string mode;                    // closed | open | idle | storm
  std::string transport = "websocket"; // websocket | polling
  int connections = 100;
  int inflight = 1;                    // closed loop: Events in flight per connection
  double rate = 0;                     // open loop: aggregate Events per second
  double durationS = 5;                // the measured window
  double warmupS = 1;                  // load before the window, not measured
  std::size_t payloadBytes = 190;      // about the size of the Event JSON
  std::string tokenPrefix = "bench";   // auth token "<prefix>-<connection>"
  std::string sourceAddresses;         // local IPv4 addresses to bind, round robin
  int connectConcurrency = 64;         // handshakes in flight while connecting / in a storm
  double connectTimeoutS = 10;         // the connect phase's deadline (and a storm handshake's)
  std::vector<pid_t> pids;             // server processes to measure
  std::string label;                   // copied into the JSON

  // Derived by parseCommandLine.
  Mode modeKind = Mode::closed;
  TransportKind transportKind = TransportKind::websocket;
  std::string host;                    // from the URL
  std::uint16_t port = 80;
  std::string path = "/socket.io/";    // the URL's path when it has one
};

struct CommandLine {
  bool run = false;   // false: exit with exitCode (help printed, or an error reported)
  int exitCode = 0;
  Options options;
};

CommandLine parseCommandLine(int argc, char** argv);

}  // namespace bench
