// bench/load/report.hpp — a run's results: one line of JSON for scripts (stdout) and a summary
// for people (stderr). The JSON keys are an interface: the driver scripts read them.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace bench {

struct PidReport {
  pid_t pid = 0;
  std::string error;                       // the process could not be read
  double cpuSeconds = 0;                   // utime + stime over the measured window
  std::optional<double> cpuUsPerMessage;   // per round trip (storm: per handshake)
  long rssKb = 0;                          // at the end of the window
  long hwmKb = 0;
  long rssBaselineKb = 0;                  // before the first connection
};

struct LatencyReport {
  double p50 = 0, p90 = 0, p99 = 0, p999 = 0, max = 0;  // milliseconds
};

struct Report {
  std::string label, mode, transport;
  int connections = 0;
  std::optional<int> inflight;               // closed loop
  std::optional<double> rate;                // open loop
  double durationS = 0;                      // the measured window, as it lasted
  std::uint64_t messages = 0;                // round trips completed in the window
  double messagesPerS = 0;
  std::uint64_t errors = 0;
  std::vector<std::string> errorSamples;
  LatencyReport latencyMs;                   // round trips; idle and storm: handshakes
  std::optional<double> handshakesPerS;      // storm
  std::uint64_t handshakes = 0;              // storm: completed in the window
  std::uint64_t connected = 0;
  std::uint64_t dropped = 0;
  std::uint64_t skipped = 0;                 // open loop: sends skipped (too much outstanding)
  std::uint64_t lost = 0;                    // Events never completed after the drain
  std::vector<PidReport> pids;
  std::optional<double> cpuUsPerMessageTotal;
  std::optional<double> rssPerConnectionBytes;  // idle
  double benchCpuS = 0;                      // the generator's own CPU over the window
  std::optional<double> benchCpuUsPerMessage;

  std::string failure;                       // why the exit status is 1; empty: 0
};

std::string toJson(const Report& r);
std::string toSummary(const Report& r);

}  // namespace bench
