#include "client_scenario.hpp"

#include <libsession/json.hpp>

#include <limits>

#include "paths.hpp"

namespace libsession::test {

namespace {

// The last `limit` bytes of `text`, for messages.
std::string tail(const std::string& text, std::size_t limit = 4000) {
  if (text.size() <= limit) return text;
  return "..." + text.substr(text.size() - limit);
}

ClientResults runScenario(std::string interpreter, const std::string& script,
                          const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
  std::vector<std::string> argv{std::move(interpreter),
                                configuredPath("LIBSESSION_INTEGRATION_CLIENTS",
                                               LIBSESSION_INTEGRATION_CLIENTS) + "/" + script};
  argv.insert(argv.end(), args.begin(), args.end());
  ClientResults results;
  {
    // Debug output of the clients off: it would only fill stderr.
    ChildProcess client(argv, {{"DEBUG", ""}, {"PYTHONDONTWRITEBYTECODE", "1"}});
    results.commandLine = client.commandLine();
    results.status = client.wait(timeout);
    if (!results.status) client.kill();
    results.out = client.stdoutText();
    results.err = client.stderrText();
  }
  parseReports(results);
  return results;
}

}  // namespace

void parseReports(ClientResults& results) {
  std::size_t start = 0;
  while (start < results.out.size()) {
    std::size_t end = results.out.find('\n', start);
    if (end == std::string::npos) end = results.out.size();
    const std::string line = results.out.substr(start, end - start);
    start = end + 1;
    if (line.empty()) continue;
    Value report;
    const Value* name = nullptr;
    const Value* value = nullptr;
    if (!parseJson(line, report) && (name = report.find("name")) != nullptr && name->isString() &&
        (value = report.find("value")) != nullptr) {
      results.values.emplace_back(*name->asString(), *value);
    } else {
      results.unparsed.push_back(line);
    }
  }
}

const Value* ClientResults::find(std::string_view name) const {
  for (auto it = values.rbegin(); it != values.rend(); ++it) {
    if (it->first == name) return &it->second;
  }
  return nullptr;
}

std::string ClientResults::json(std::string_view name) const {
  const Value* value = find(name);
  return value != nullptr ? toJson(*value) : "<missing " + std::string(name) + ">";
}

std::string ClientResults::json(std::string_view name, std::string_view member) const {
  const Value* value = find(name);
  const Value* field = value != nullptr ? value->find(member) : nullptr;
  return field != nullptr ? toJson(*field)
                          : "<missing " + std::string(name) + "." + std::string(member) + ">";
}

double ClientResults::number(std::string_view name) const {
  const Value* value = find(name);
  return value != nullptr && value->isNumber() ? *value->asNumber()
                                               : std::numeric_limits<double>::quiet_NaN();
}

bool ClientResults::completed() const {
  return status && status->success() && find("done") != nullptr && find("error") == nullptr;
}

std::string ClientResults::diagnostics() const {
  std::string text = "client: " + commandLine + "\nstatus: ";
  text += status ? status->describe() : std::string("timed out, killed");
  if (const Value* error = find("error")) text += "\nreported error: " + toJson(*error);
  text += "\n--- client stdout (tail):\n" + tail(out) + "\n--- client stderr (tail):\n" + tail(err);
  return text;
}

ClientResults runNodeScenario(const std::string& script, const std::vector<std::string>& args,
                              std::chrono::milliseconds timeout) {
  return runScenario(configuredPath("LIBSESSION_NODE", LIBSESSION_NODE), script, args, timeout);
}

ClientResults runPythonScenario(const std::string& script, const std::vector<std::string>& args,
                                std::chrono::milliseconds timeout) {
  return runScenario(configuredPath("LIBSESSION_PYTHON3", LIBSESSION_PYTHON3), script, args, timeout);
}

}  // namespace libsession::test
