// tests/integration/support/client_scenario.hpp — runs one client scenario script and collects
// what it reported.
//
// A scenario (clients/*.js for Node, clients/*.py for python3) prints one JSON object per line,
// {"name": "...", "value": ...}, ending with {"name":"done"} or {"name":"error"}. The test then
// asserts on the values by name, as JSON text, which Catch2 prints readably on a mismatch:
//
//   const ClientResults r = runNodeScenario("sio_events.js", {server.url(), "default"});
//   INFO(r.diagnostics());
//   CHECK(r.json("transport.final") == R"("websocket")");
//   REQUIRE(r.completed());
//
// Interpreters: LIBSESSION_NODE and LIBSESSION_PYTHON3 (compiled in by CMake, overridable from
// the environment); scripts are in LIBSESSION_INTEGRATION_CLIENTS.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <libsession/value.hpp>

#include "child_process.hpp"

namespace libsession::test {

struct ClientResults {
  std::string commandLine;
  std::optional<ExitStatus> status;  ///< nullopt: killed after the timeout
  std::string out;
  std::string err;
  std::vector<std::pair<std::string, Value>> values;  ///< in the order reported
  std::vector<std::string> unparsed;                  ///< stdout lines that were not reports

  /// The last value reported under `name`, or nullptr.
  const Value* find(std::string_view name) const;
  /// That value as JSON text (JSON.stringify's format), or "<missing NAME>".
  std::string json(std::string_view name) const;
  /// A member of an object value, as JSON text: json("stats", "sockets").
  std::string json(std::string_view name, std::string_view member) const;
  /// The value as a number, or NaN when missing or not a number.
  double number(std::string_view name) const;
  /// Exited 0 after reporting "done".
  bool completed() const;
  /// The command, exit status, the reported error and the tail of stdout/stderr.
  std::string diagnostics() const;
};

/// Splits `results.out` into reports (into `values`) and other lines (into `unparsed`); for
/// harnesses that run the client process themselves.
void parseReports(ClientResults& results);

/// Runs `node <clients>/<script> args...`, killing it after `timeout`.
ClientResults runNodeScenario(const std::string& script, const std::vector<std::string>& args,
                              std::chrono::milliseconds timeout = std::chrono::seconds(20));
/// Runs `python3 <clients>/<script> args...`, killing it after `timeout`.
ClientResults runPythonScenario(const std::string& script, const std::vector<std::string>& args,
                                std::chrono::milliseconds timeout = std::chrono::seconds(20));

}  // namespace libsession::test
