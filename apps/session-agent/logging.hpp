// session-agent logging: one spdlog logger writing text or JSON lines to stderr or a file, with
// structured fields on every event.
//
//   Logging logging(config.log);
//   logging.info("connection opened", {{"participant", p}, {"session", s}, {"transport", t}});
//
// text: 2026-11-25T22:00:00.123Z info  connection opened participant=alice session=alice_1 ...
// json: {"ts":"2026-11-25T22:00:00.123Z","level":"info","msg":"connection opened",
//        "participant":"alice","session":"alice_1",...}
//
// Times are UTC with milliseconds. In text, a value is written bare when it has no blank, quote,
// backslash, '=' or control character, and otherwise as a JSON string; non-string values as
// JSON (`count=3`, `ok=true`). The message has its control characters escaped, so one event is
// always one line. In JSON, every line is one valid JSON object (libsession's JSON.stringify
// escaping; invalid UTF-8 replaced by U+FFFD); a field named ts, level or msg is written as
// _ts, _level or _msg so it cannot shadow those. Plain spdlog calls on `logger()` produce the
// same lines without fields.
//
// No global state: the logger is not registered with spdlog and is not spdlog's default; pass
// the Logging (or its logger) to what needs it. Never log secrets: pass URLs through
// maskUrlPassword() (config.hpp).
//
// Threading: every member is thread-safe. The file is line-buffered (each event reaches the file
// when it is logged). reopen() is for SIGHUP after logrotate renamed the file; call it from the
// thread that handles the signal (e.g. an asio::signal_set), never from a signal handler.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <spdlog/logger.h>

#include <libsession/value.hpp>

#include "config.hpp"

namespace session_agent {

/// The structured fields of one event, in output order.
using LogFields = std::vector<libsession::Value::Member>;

namespace detail {
class LogSink;
}

/// Logs `message` with `fields` through `logger`, when its level is enabled. The fields are
/// rendered by the formatter Logging installs; a logger made elsewhere writes the message only.
void logEvent(spdlog::logger& logger, LogLevel level, std::string_view message,
              const LogFields& fields = {});

class Logging {
public:
  /// Throws std::runtime_error when `options.file` cannot be opened for appending.
  explicit Logging(const AgentConfig::Log& options);
  ~Logging();
  Logging(const Logging&) = delete;
  Logging& operator=(const Logging&) = delete;

  /// The logger, for code that takes a spdlog logger; it outlives this object if shared.
  const std::shared_ptr<spdlog::logger>& logger() const noexcept { return logger_; }

  void log(LogLevel level, std::string_view message, const LogFields& fields = {}) const {
    logEvent(*logger_, level, message, fields);
  }
  void trace(std::string_view message, const LogFields& fields = {}) const {
    log(LogLevel::trace, message, fields);
  }
  void debug(std::string_view message, const LogFields& fields = {}) const {
    log(LogLevel::debug, message, fields);
  }
  void info(std::string_view message, const LogFields& fields = {}) const {
    log(LogLevel::info, message, fields);
  }
  void warn(std::string_view message, const LogFields& fields = {}) const {
    log(LogLevel::warn, message, fields);
  }
  void error(std::string_view message, const LogFields& fields = {}) const {
    log(LogLevel::error, message, fields);
  }

  /// Changes the level at run time (an atomic store; takes effect for the next event).
  void setLevel(LogLevel level);
  LogLevel level() const;
  bool enabled(LogLevel level) const;

  /// Reopens the file by its path (appending; creating it when logrotate moved it away), so
  /// events go to the new file. On failure keeps writing to the old one and returns false.
  /// With stderr output it does nothing and returns true.
  bool reopen();
  void flush();

private:
  std::shared_ptr<detail::LogSink> sink_;
  std::shared_ptr<spdlog::logger> logger_;
};

}  // namespace session_agent
