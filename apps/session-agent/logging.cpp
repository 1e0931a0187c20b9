// The formatter renders the whole line itself (not a spdlog pattern) because the JSON form needs
// every part escaped and the fields placed inside the object, which a pattern cannot express.
#include "logging.hpp"

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <mutex>
#include <stdexcept>
#include <utility>

#include <spdlog/formatter.h>
#include <spdlog/sinks/base_sink.h>

#include <libsession/json.hpp>

namespace session_agent {

namespace {

// The fields of the event being logged on this thread. spdlog's synchronous logger formats in
// the calling thread, inside logger.log(), so logEvent() can hand them to the formatter without
// squeezing them into the message text (which plain logger calls must keep using).
thread_local const LogFields* tCurrentFields = nullptr;

spdlog::level::level_enum toSpdlog(LogLevel level) {
  switch (level) {
    case LogLevel::trace: return spdlog::level::trace;
    case LogLevel::debug: return spdlog::level::debug;
    case LogLevel::info: return spdlog::level::info;
    case LogLevel::warn: return spdlog::level::warn;
    case LogLevel::error: return spdlog::level::err;
    case LogLevel::off: return spdlog::level::off;
  }
  return spdlog::level::info;
}

LogLevel fromSpdlog(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace: return LogLevel::trace;
    case spdlog::level::debug: return LogLevel::debug;
    case spdlog::level::info: return LogLevel::info;
    case spdlog::level::warn: return LogLevel::warn;
    case spdlog::level::err:
    case spdlog::level::critical: return LogLevel::error;
    default: return LogLevel::off;
  }
}

const char* levelName(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace: return "trace";
    case spdlog::level::debug: return "debug";
    case spdlog::level::info: return "info";
    case spdlog::level::warn: return "warn";
    case spdlog::level::err: return "error";
    case spdlog::level::critical: return "crit";  // only from plain spdlog calls
    default: return "off";
  }
}

// Length of the valid UTF-8 sequence at s[i], or 0 (RFC 3629: no overlongs, no surrogates,
// nothing above U+10FFFF).
std::size_t utf8SequenceLength(std::string_view s, std::size_t i) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80;
  unsigned char hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (byte(i + k) < 0x80 || byte(i + k) > 0xBF) return 0;
  }
  return n;
}

// Log text comes from clients too (participant ids, URLs, headers); a JSON line must stay valid
// UTF-8 whatever they sent, so invalid bytes become U+FFFD.
std::string validUtf8(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = utf8SequenceLength(s, i);
    if (n == 0) {
      out += "\xEF\xBF\xBD";
      ++i;
    } else {
      out.append(s, i, n);
      i += n;
    }
  }
  return out;
}

void appendJsonString(std::string& out, std::string_view s) {
  libsession::appendJson(out, libsession::Value(validUtf8(s)));
}

// Control characters as JSON escapes, everything else as is: one event stays one line.
void appendEscapedControls(std::string& out, std::string_view s) {
  for (char c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      std::string escaped = libsession::toJson(libsession::Value(std::string(1, c)));
      out.append(escaped, 1, escaped.size() - 2);  // without the quotes
    } else {
      out.push_back(c);
    }
  }
}

bool isBare(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f || c == '"' || c == '=' || c == '\\') return false;
  }
  return true;
}

void appendTextValue(std::string& out, const libsession::Value& value) {
  const std::string* s = value.asString();
  const std::string text = s != nullptr ? *s : libsession::toJson(value);
  if (isBare(text)) {
    out += text;
  } else {
    appendJsonString(out, text);
  }
}

void appendTimestamp(std::string& out, spdlog::log_clock::time_point time) {
  using namespace std::chrono;
  const auto ms = duration_cast<milliseconds>(time.time_since_epoch()).count();
  auto seconds = static_cast<std::time_t>(ms / 1000);
  auto millis = static_cast<int>(ms % 1000);
  if (millis < 0) {  // before 1970: floor, not truncate
    millis += 1000;
    --seconds;
  }
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char buffer[32];
  const int n = std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ",
                              tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                              tm.tm_sec, millis);
  out.append(buffer, static_cast<std::size_t>(n));
}

class LineFormatter final : public spdlog::formatter {
public:
  explicit LineFormatter(LogFormat format) : format_(format) {}

  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override {
    const std::string_view message(msg.payload.data(), msg.payload.size());
    const LogFields* fields = tCurrentFields;
    std::string line;
    line.reserve(128 + message.size());
    if (format_ == LogFormat::json) {
      line += "{\"ts\":\"";
      appendTimestamp(line, msg.time);
      line += "\",\"level\":\"";
      line += levelName(msg.level);
      line += "\",\"msg\":";
      appendJsonString(line, message);
      if (fields != nullptr) {
        for (const auto& [key, value] : *fields) {
          line.push_back(',');
          const bool reserved = key == "ts" || key == "level" || key == "msg";
          appendJsonString(line, reserved ? "_" + key : key);
          line.push_back(':');
          if (const std::string* s = value.asString()) {
            appendJsonString(line, *s);
          } else {
            libsession::appendJson(line, value);
          }
        }
      }
      line += "}\n";
    } else {
      appendTimestamp(line, msg.time);
      line.push_back(' ');
      const std::string_view level = levelName(msg.level);
      line += level;
      line.append(level.size() < 5 ? 6 - level.size() : 1, ' ');
      appendEscapedControls(line, message);
      if (fields != nullptr) {
        for (const auto& [key, value] : *fields) {
          line.push_back(' ');
          appendEscapedControls(line, key);
          line.push_back('=');
          appendTextValue(line, value);
        }
      }
      line.push_back('\n');
    }
    dest.append(line.data(), line.data() + line.size());
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<LineFormatter>(format_);
  }

private:
  LogFormat format_;
};

std::FILE* openForAppend(const std::string& path) {
  // "e": O_CLOEXEC, so child processes do not inherit the log file.
  std::FILE* file = std::fopen(path.c_str(), "ae");
  if (file != nullptr) std::setvbuf(file, nullptr, _IOLBF, 0);
  return file;
}

}  // namespace

namespace detail {

// stderr or a file the sink owns; base_sink's mutex serialises writes and reopen().
class LogSink final : public spdlog::sinks::base_sink<std::mutex> {
public:
  LogSink() : file_(stderr) {}
  explicit LogSink(std::string path) : path_(std::move(path)), file_(openForAppend(path_)) {
    if (file_ == nullptr) {
      throw std::runtime_error("cannot open log file " + path_ + ": " + std::strerror(errno));
    }
  }
  ~LogSink() override {
    if (!path_.empty() && file_ != nullptr) std::fclose(file_);
  }

  bool reopen() {
    if (path_.empty()) return true;
    std::FILE* fresh = openForAppend(path_);
    if (fresh == nullptr) return false;
    std::lock_guard<std::mutex> lock(mutex_);
    std::fclose(file_);
    file_ = fresh;
    return true;
  }

protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    spdlog::memory_buf_t line;
    formatter_->format(msg, line);
    std::fwrite(line.data(), 1, line.size(), file_);
  }
  void flush_() override { std::fflush(file_); }

private:
  std::string path_;  // empty: stderr
  std::FILE* file_;
};

}  // namespace detail

void logEvent(spdlog::logger& logger, LogLevel level, std::string_view message,
              const LogFields& fields) {
  const spdlog::level::level_enum l = toSpdlog(level);
  if (l == spdlog::level::off || !logger.should_log(l)) return;
  struct Restore {
    const LogFields* previous;
    ~Restore() { tCurrentFields = previous; }
  } restore{tCurrentFields};
  tCurrentFields = &fields;
  logger.log(l, spdlog::string_view_t(message.data(), message.size()));
}

Logging::Logging(const AgentConfig::Log& options)
    : sink_(options.file.empty() ? std::make_shared<detail::LogSink>()
                                 : std::make_shared<detail::LogSink>(options.file)),
      logger_(std::make_shared<spdlog::logger>("session-agent", sink_)) {
  sink_->set_formatter(std::make_unique<LineFormatter>(options.format));
  logger_->set_level(toSpdlog(options.level));
}

Logging::~Logging() {
  if (logger_) logger_->flush();
}

void Logging::setLevel(LogLevel level) { logger_->set_level(toSpdlog(level)); }

LogLevel Logging::level() const { return fromSpdlog(logger_->level()); }

bool Logging::enabled(LogLevel level) const {
  const spdlog::level::level_enum l = toSpdlog(level);
  return l != spdlog::level::off && logger_->should_log(l);
}

bool Logging::reopen() { return sink_->reopen(); }

void Logging::flush() { logger_->flush(); }

}  // namespace session_agent
