// session-agent configuration: see config.hpp.
//
// One table (fields()) describes every file key: its dotted path, how to read it out of an
// AgentConfig and how to set it from a JSON value with validation. The file walker, the
// environment, the flags and printConfig all go through that table, so a key cannot be readable
// but unprintable, or validated in the file but not from a flag.
#include "config.hpp"

#include <libsession/json.hpp>
#include <libsession/value.hpp>
#include <libsession/version.hpp>

#include <CLI/CLI.hpp>
// Only to locate a syntax error (line, column, reason) for the message; the file itself is
// parsed with libsession::parseJson like every other JSON in the agent.
#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>
#include <utility>

extern char** environ;

namespace session_agent {
namespace {

using libsession::Value;

// Largest integer a JSON number (an IEEE double) holds exactly.
constexpr double kMaxExactInteger = 9007199254740991.0;
// Timers take milliseconds as int; 2^31-1 ms (24.8 days) is beyond any sensible timeout.
constexpr double kMaxDurationMs = 2147483647.0;

template <class T>
using Ref = T& (*)(AgentConfig&);

enum class Mask { none, secret, url };

struct Field {
  std::string path;
  std::function<Value(const AgentConfig&)> get;
  /// Sets the member from `value`; returns the problem, empty when accepted (the member is then
  /// changed, otherwise left as it was).
  std::function<std::string(AgentConfig&, const Value&)> set;
  Mask mask = Mask::none;
  /// A value given as text (environment, flag) is read as a number first.
  bool numeric = false;
};

// Getters reuse the setters' accessor, which takes a mutable config; they only read through it.
template <class T>
T& access(Ref<T> ref, const AgentConfig& config) {
  return ref(const_cast<AgentConfig&>(config));
}

std::string describe(const Value& value) {
  std::string text = libsession::toJson(value);
  if (text.size() > 60) text = text.substr(0, 57) + "...";
  return text;
}

std::string quoted(const std::string& text) {
  return libsession::toJson(Value(text));
}

std::string rangeText(double min, double max) {
  auto number = [](double n) {
    std::string out;
    libsession::appendJsonNumber(out, n);
    return out;
  };
  if (max >= kMaxExactInteger) return ">= " + number(min);
  return number(min) + ".." + number(max);
}

Field stringField(std::string path, Ref<std::string> ref, bool allowEmpty = true,
                  Mask mask = Mask::none) {
  Field f;
  f.path = std::move(path);
  f.mask = mask;
  f.get = [ref](const AgentConfig& c) { return Value(access(ref, c)); };
  f.set = [ref, allowEmpty](AgentConfig& c, const Value& v) -> std::string {
    const std::string* s = v.asString();
    if (!s) return "must be a string, got " + describe(v);
    if (s->empty() && !allowEmpty) return "must not be empty";
    ref(c) = *s;
    return {};
  };
  return f;
}

// A server path: the Server requires a leading and a trailing '/'.
Field pathField(std::string path, Ref<std::string> ref) {
  Field f = stringField(std::move(path), ref);
  f.set = [ref](AgentConfig& c, const Value& v) -> std::string {
    const std::string* s = v.asString();
    if (!s) return "must be a string, got " + describe(v);
    if (s->empty() || s->front() != '/' || s->back() != '/') {
      return "must start and end with '/', got " + quoted(*s);
    }
    ref(c) = *s;
    return {};
  };
  return f;
}

// `expected` completes "must be ...", e.g. "a redis:// URL".
Field urlField(std::string path, Ref<std::string> ref, std::string scheme, std::string expected) {
  Field f;
  f.path = std::move(path);
  f.mask = Mask::url;
  f.get = [ref](const AgentConfig& c) { return Value(access(ref, c)); };
  f.set = [ref, scheme, expected](AgentConfig& c, const Value& v) -> std::string {
    const std::string* s = v.asString();
    if (!s) return "must be a string, got " + describe(v);
    const std::string prefix = scheme + "://";
    if (s->compare(0, prefix.size(), prefix) != 0 || s->size() == prefix.size()) {
      // The value may hold a password: show it masked.
      return "must be " + expected + ", got " + quoted(maskUrlPassword(*s));
    }
    ref(c) = *s;
    return {};
  };
  return f;
}

std::string integerProblem(const Value& v, double min, double max, double& out) {
  const double* n = v.asNumber();
  if (!n || !std::isfinite(*n) || std::floor(*n) != *n || *n < min || *n > max) {
    return "must be an integer " + rangeText(min, max) + ", got " + describe(v);
  }
  out = *n;
  return {};
}

template <class T>
Field integerField(std::string path, Ref<T> ref, double min, double max) {
  Field f;
  f.path = std::move(path);
  f.numeric = true;
  f.get = [ref](const AgentConfig& c) { return Value(static_cast<double>(access(ref, c))); };
  f.set = [ref, min, max](AgentConfig& c, const Value& v) -> std::string {
    double n = 0;
    std::string problem = integerProblem(v, min, max, n);
    if (problem.empty()) ref(c) = static_cast<T>(n);
    return problem;
  };
  return f;
}

Field durationField(std::string path, Ref<std::int64_t> ref, double max = kMaxDurationMs) {
  return integerField<std::int64_t>(std::move(path), ref, 1, max);
}

Field sizeField(std::string path, Ref<std::size_t> ref) {
  return integerField<std::size_t>(std::move(path), ref, 1, kMaxExactInteger);
}

Field boolField(std::string path, Ref<bool> ref) {
  Field f;
  f.path = std::move(path);
  f.get = [ref](const AgentConfig& c) { return Value(access(ref, c)); };
  f.set = [ref](AgentConfig& c, const Value& v) -> std::string {
    const bool* b = v.asBool();
    if (!b) return "must be true or false, got " + describe(v);
    ref(c) = *b;
    return {};
  };
  return f;
}

template <class E>
using EnumNames = std::vector<std::pair<std::string, E>>;

template <class E>
std::string allowedText(const EnumNames<E>& names) {
  std::string out;
  for (const auto& [name, value] : names) out += (out.empty() ? "" : ", ") + quoted(name);
  return out;
}

template <class E>
Field enumField(std::string path, Ref<E> ref, EnumNames<E> names) {
  Field f;
  f.path = std::move(path);
  f.get = [ref, names](const AgentConfig& c) {
    for (const auto& [name, value] : names) {
      if (value == access(ref, c)) return Value(name);
    }
    return Value();
  };
  f.set = [ref, names](AgentConfig& c, const Value& v) -> std::string {
    if (const std::string* s = v.asString()) {
      for (const auto& [name, value] : names) {
        if (name == *s) {
          ref(c) = value;
          return {};
        }
      }
    }
    return "must be one of " + allowedText(names) + ", got " + describe(v);
  };
  return f;
}

// A list of strings; `allowed` (when not empty) restricts the items, and then each may appear
// once and at least one is required.
Field stringListField(std::string path, Ref<std::vector<std::string>> ref,
                      std::vector<std::string> allowed = {}) {
  Field f;
  f.path = std::move(path);
  f.get = [ref](const AgentConfig& c) {
    Value::Array items;
    for (const std::string& s : access(ref, c)) items.emplace_back(s);
    return Value(std::move(items));
  };
  f.set = [ref, allowed](AgentConfig& c, const Value& v) -> std::string {
    const Value::Array* items = v.asArray();
    if (!items) return "must be an array of strings, got " + describe(v);
    std::vector<std::string> out;
    for (std::size_t i = 0; i < items->size(); ++i) {
      const std::string* s = (*items)[i].asString();
      if (!s)
        return "item " + std::to_string(i) + " must be a string, got " + describe((*items)[i]);
      if (!allowed.empty()) {
        if (std::find(allowed.begin(), allowed.end(), *s) == allowed.end()) {
          std::string names;
          for (const std::string& a : allowed) names += (names.empty() ? "" : ", ") + quoted(a);
          return "items must be among " + names + ", got " + quoted(*s);
        }
        if (std::find(out.begin(), out.end(), *s) != out.end()) {
          return "lists " + quoted(*s) + " twice";
        }
      }
      out.push_back(*s);
    }
    if (!allowed.empty() && out.empty()) return "must name at least one";
    ref(c) = std::move(out);
    return {};
  };
  return f;
}

// The schema, in the file's order (printConfig writes it in this order).
const std::vector<Field>& fields() {
  using RabbitDeclare = libsession::RabbitMqOptions::Declare;
  static const std::vector<Field> table = [] {
    std::vector<Field> t;
    t.push_back(stringField(
        "nodeId", +[](AgentConfig& c) -> std::string& { return c.nodeId; }, false));

    t.push_back(stringField(
        "server.host", +[](AgentConfig& c) -> std::string& { return c.server.host; }, false));
    t.push_back(integerField<std::uint16_t>(
        "server.port", +[](AgentConfig& c) -> std::uint16_t& { return c.server.port; }, 0, 65535));
    t.push_back(pathField(
        "server.path", +[](AgentConfig& c) -> std::string& { return c.server.path; }));
    t.push_back(sizeField(
        "server.maxConnections",
        +[](AgentConfig& c) -> std::size_t& { return c.server.maxConnections; }));
    t.push_back(durationField(
        "server.pingIntervalMs",
        +[](AgentConfig& c) -> std::int64_t& { return c.server.pingIntervalMs; }));
    t.push_back(durationField(
        "server.pingTimeoutMs",
        +[](AgentConfig& c) -> std::int64_t& { return c.server.pingTimeoutMs; }));
    t.push_back(durationField(
        "server.upgradeTimeoutMs",
        +[](AgentConfig& c) -> std::int64_t& { return c.server.upgradeTimeoutMs; }));
    t.push_back(durationField(
        "server.connectTimeoutMs",
        +[](AgentConfig& c) -> std::int64_t& { return c.server.connectTimeoutMs; }));
    t.push_back(sizeField(
        "server.maxHttpBufferSize",
        +[](AgentConfig& c) -> std::size_t& { return c.server.maxHttpBufferSize; }));
    t.push_back(stringListField(
        "server.transports",
        +[](AgentConfig& c) -> std::vector<std::string>& { return c.server.transports; },
        {"polling", "websocket"}));
    t.push_back(boolField(
        "server.allowUpgrades", +[](AgentConfig& c) -> bool& { return c.server.allowUpgrades; }));
    t.push_back(stringListField(
        "server.cors.origins",
        +[](AgentConfig& c) -> std::vector<std::string>& { return c.server.cors.origins; }));
    t.push_back(boolField(
        "server.cors.credentials",
        +[](AgentConfig& c) -> bool& { return c.server.cors.credentials; }));

    t.push_back(enumField<SocketAuth>("auth.socket",
                                      +[](AgentConfig& c) -> SocketAuth& { return c.auth.socket; },
                                      {{"token", SocketAuth::token}, {"jwt", SocketAuth::jwt}}));
    t.push_back(stringField(
        "auth.jwtSecret", +[](AgentConfig& c) -> std::string& { return c.auth.jwtSecret; }, true,
        Mask::secret));
    t.push_back(enumField<std::string>(
        "auth.jwtAlgorithm", +[](AgentConfig& c) -> std::string& { return c.auth.jwtAlgorithm; },
        {{"HS256", "HS256"}}));

    t.push_back(enumField<EngineKind>(
        "engine.kind", +[](AgentConfig& c) -> EngineKind& { return c.engine.kind; },
        {{"loopback", EngineKind::loopback}, {"rabbitmq", EngineKind::rabbitmq}}));
    t.push_back(urlField(
        "engine.rabbitmq.url",
        +[](AgentConfig& c) -> std::string& { return c.engine.rabbitmq.url; }, "amqp",
        "an amqp:// URL (amqps is not supported)"));
    t.push_back(stringField(
        "engine.rabbitmq.eventExchange",
        +[](AgentConfig& c) -> std::string& { return c.engine.rabbitmq.eventExchange; }, false));
    t.push_back(stringField(
        "engine.rabbitmq.messageExchange",
        +[](AgentConfig& c) -> std::string& { return c.engine.rabbitmq.messageExchange; }, false));
    t.push_back(stringField(
        "engine.rabbitmq.nodeQueue",
        +[](AgentConfig& c) -> std::string& { return c.engine.rabbitmq.nodeQueue; }));
    t.push_back(stringField(
        "engine.rabbitmq.sharedKey",
        +[](AgentConfig& c) -> std::string& { return c.engine.rabbitmq.sharedKey; }));
    t.push_back(stringField(
        "engine.rabbitmq.sharedQueue",
        +[](AgentConfig& c) -> std::string& { return c.engine.rabbitmq.sharedQueue; }, false));
    t.push_back(integerField<std::uint16_t>(
        "engine.rabbitmq.prefetch",
        +[](AgentConfig& c) -> std::uint16_t& { return c.engine.rabbitmq.prefetch; }, 1, 65535));
    t.push_back(sizeField(
        "engine.rabbitmq.bufferCapacity",
        +[](AgentConfig& c) -> std::size_t& { return c.engine.rabbitmq.bufferCapacity; }));
    t.push_back(durationField(
        "engine.rabbitmq.initialBackoffMs",
        +[](AgentConfig& c) -> std::int64_t& { return c.engine.rabbitmq.initialBackoffMs; }));
    t.push_back(durationField(
        "engine.rabbitmq.maxBackoffMs",
        +[](AgentConfig& c) -> std::int64_t& { return c.engine.rabbitmq.maxBackoffMs; }));
    // AMQP negotiates the heartbeat as a 16-bit number of seconds.
    t.push_back(durationField(
        "engine.rabbitmq.heartbeatS",
        +[](AgentConfig& c) -> std::int64_t& { return c.engine.rabbitmq.heartbeatS; }, 65535));
    t.push_back(enumField<RabbitDeclare>(
        "engine.rabbitmq.declare",
        +[](AgentConfig& c) -> RabbitDeclare& { return c.engine.rabbitmq.declare; },
        {{"assert", RabbitDeclare::assertCompatible}, {"passive", RabbitDeclare::passive}}));

    t.push_back(enumField<DirectoryKind>(
        "directory.kind", +[](AgentConfig& c) -> DirectoryKind& { return c.directory.kind; },
        {{"memory", DirectoryKind::memory}, {"redis", DirectoryKind::redis}}));
    t.push_back(urlField(
        "directory.redis.url",
        +[](AgentConfig& c) -> std::string& { return c.directory.redis.url; }, "redis",
        "a redis:// URL"));
    t.push_back(stringListField(
        "directory.redis.roles",
        +[](AgentConfig& c) -> std::vector<std::string>& { return c.directory.redis.roles; }));
    t.push_back(sizeField(
        "directory.redis.queueCapacity",
        +[](AgentConfig& c) -> std::size_t& { return c.directory.redis.queueCapacity; }));

    t.push_back(enumField<EventResponse>(
        "http.eventResponse",
        +[](AgentConfig& c) -> EventResponse& { return c.http.eventResponse; },
        {{"accepted", EventResponse::accepted}, {"compat", EventResponse::compat}}));
    t.push_back(sizeField(
        "http.maxEventBytes",
        +[](AgentConfig& c) -> std::size_t& { return c.http.maxEventBytes; }));

    t.push_back(enumField<LogLevel>("log.level",
                                    +[](AgentConfig& c) -> LogLevel& { return c.log.level; },
                                    {{"trace", LogLevel::trace},
                                     {"debug", LogLevel::debug},
                                     {"info", LogLevel::info},
                                     {"warn", LogLevel::warn},
                                     {"error", LogLevel::error},
                                     {"off", LogLevel::off}}));
    t.push_back(enumField<LogFormat>("log.format",
                                     +[](AgentConfig& c) -> LogFormat& { return c.log.format; },
                                     {{"text", LogFormat::text}, {"json", LogFormat::json}}));
    t.push_back(stringField(
        "log.file", +[](AgentConfig& c) -> std::string& { return c.log.file; }));

    t.push_back(durationField(
        "shutdown.timeoutMs",
        +[](AgentConfig& c) -> std::int64_t& { return c.shutdown.timeoutMs; }));
    return t;
  }();
  return table;
}

const Field* findField(const std::string& path) {
  for (const Field& f : fields()) {
    if (f.path == path) return &f;
  }
  return nullptr;
}

bool isSection(const std::string& path) {
  const std::string prefix = path + ".";
  for (const Field& f : fields()) {
    if (f.path.compare(0, prefix.size(), prefix) == 0) return true;
  }
  return false;
}

std::size_t editDistance(const std::string& a, const std::string& b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string lastSegment(const std::string& path) {
  const auto dot = path.rfind('.');
  return dot == std::string::npos ? path : path.substr(dot + 1);
}

// The known key a misspelt or misplaced one most likely meant: the same name at another level
// ("port" -> "server.port"), else a full path within two edits ("server.prot").
std::string suggestKey(const std::string& path) {
  const std::string name = lastSegment(path);
  for (const Field& f : fields()) {
    if (lastSegment(f.path) == name) return f.path;
  }
  std::string best;
  std::size_t bestDistance = 3;
  for (const Field& f : fields()) {
    const std::size_t d = editDistance(path, f.path);
    if (d < bestDistance) {
      bestDistance = d;
      best = f.path;
    }
  }
  return best;
}

void applyObject(const Value& object, const std::string& prefix, AgentConfig& config,
                 std::vector<ConfigError>& errors) {
  for (const auto& [key, value] : *object.asObject()) {
    const std::string path = prefix.empty() ? key : prefix + "." + key;
    if (const Field* field = findField(path)) {
      std::string problem = field->set(config, value);
      if (!problem.empty()) errors.push_back({path, std::move(problem)});
    } else if (isSection(path)) {
      if (value.isObject()) {
        applyObject(value, path, config, errors);
      } else {
        errors.push_back({path, "must be an object, got " + describe(value)});
      }
    } else {
      std::string problem = "unknown key";
      const std::string suggestion = suggestKey(path);
      if (!suggestion.empty()) problem += " (did you mean " + suggestion + "?)";
      errors.push_back({path, std::move(problem)});
    }
  }
}

bool readFile(const std::string& path, std::string& out, std::string& problem) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) {
    problem = std::string("cannot open: ") + std::strerror(errno);
    return false;
  }
  char buffer[8192];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, file)) > 0) out.append(buffer, n);
  const bool failed = std::ferror(file) != 0;
  const int error = errno;
  std::fclose(file);
  if (failed) {
    problem = std::string("cannot read: ") + std::strerror(error);
    return false;
  }
  return true;
}

// Where and why `text` is not JSON, for a human to find the mistake.
std::string jsonProblem(const std::string& text, std::error_code error) {
  rapidjson::Document document;
  document.Parse(text.data(), text.size());
  if (!document.HasParseError()) return error.message();  // UTF-8, depth: our rules, not syntax
  const std::size_t offset = document.GetErrorOffset();
  std::size_t line = 1;
  std::size_t column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "invalid JSON at line " + std::to_string(line) + ", column " + std::to_string(column) +
         ": " + rapidjson::GetParseError_En(document.GetParseError());
}

void applyFile(const std::string& path, AgentConfig& config, std::vector<ConfigError>& errors) {
  std::string text;
  std::string problem;
  if (!readFile(path, text, problem)) {
    errors.push_back({path, problem});
    return;
  }
  Value root;
  if (std::error_code error = libsession::parseJson(text, root)) {
    errors.push_back({path, jsonProblem(text, error)});
    return;
  }
  if (!root.isObject()) {
    errors.push_back({path, "must hold a JSON object, got " + describe(root)});
    return;
  }
  applyObject(root, "", config, errors);
}

// Text from the environment or a flag, as the JSON value a file would hold.
Value textValue(const Field& field, const std::string& text) {
  const std::size_t sign = !text.empty() && text[0] == '-' ? 1 : 0;
  if (field.numeric && text.size() > sign && text.size() <= 18 &&
      std::all_of(text.begin() + sign, text.end(),
                  [](char ch) { return ch >= '0' && ch <= '9'; })) {
    return Value(static_cast<double>(std::stoll(text)));
  }
  return Value(text);
}

// An environment variable or flag: the key it sets, and the kind it switches on, if any.
struct Override {
  const char* path;
  void (*also)(AgentConfig&);
};

void useRabbitMq(AgentConfig& c) {
  c.engine.kind = EngineKind::rabbitmq;
}
void useRedis(AgentConfig& c) {
  c.directory.kind = DirectoryKind::redis;
}

void applyText(const Override& target, const std::string& text, const std::string& source,
               AgentConfig& config, std::vector<ConfigError>& errors) {
  const Field* field = findField(target.path);
  std::string problem = field->set(config, textValue(*field, text));
  if (!problem.empty()) {
    errors.push_back({source, std::move(problem)});
  } else if (target.also) {
    target.also(config);
  }
}

const std::vector<std::pair<std::string, Override>>& environmentVariables() {
  static const std::vector<std::pair<std::string, Override>> table = {
      {"NODE_ID", {"nodeId", nullptr}},
      {"HOST", {"server.host", nullptr}},
      {"PORT", {"server.port", nullptr}},
      {"RABBITMQ_URL", {"engine.rabbitmq.url", useRabbitMq}},
      {"REDIS_URL", {"directory.redis.url", useRedis}},
      {"JWT_SECRET", {"auth.jwtSecret", nullptr}},
      {"LOG_LEVEL", {"log.level", nullptr}},
  };
  return table;
}

// Checks that involve more than one key; they name the key to change.
void validateTogether(const AgentConfig& c, std::vector<ConfigError>& errors) {
  const auto& rabbit = c.engine.rabbitmq;
  if (rabbit.maxBackoffMs < rabbit.initialBackoffMs) {
    errors.push_back(
        {"engine.rabbitmq.maxBackoffMs", "must be >= engine.rabbitmq.initialBackoffMs (" +
                                             std::to_string(rabbit.initialBackoffMs) + "), got " +
                                             std::to_string(rabbit.maxBackoffMs)});
  }
  if (c.auth.socket == SocketAuth::jwt && c.auth.jwtSecret.empty()) {
    errors.push_back(
        {"auth.jwtSecret", "must be set when auth.socket is \"jwt\" (or set JWT_SECRET)"});
  }
}

Value& member(Value& object, const std::string& key) {
  if (Value* existing = object.find(key)) return *existing;
  return object.set(key, Value(Value::Object{}));
}

void appendPretty(std::string& out, const Value& value, std::size_t indent) {
  if (const Value::Object* object = value.asObject(); object && !object->empty()) {
    out += "{\n";
    for (std::size_t i = 0; i < object->size(); ++i) {
      out.append(indent + 2, ' ');
      libsession::appendJson(out, Value((*object)[i].first));
      out += ": ";
      appendPretty(out, (*object)[i].second, indent + 2);
      out += i + 1 < object->size() ? ",\n" : "\n";
    }
    out.append(indent, ' ');
    out += "}";
  } else if (const Value::Array* array = value.asArray(); array && !array->empty()) {
    out += "[";  // arrays here hold only strings: one line reads best
    for (std::size_t i = 0; i < array->size(); ++i) {
      if (i) out += ", ";
      libsession::appendJson(out, (*array)[i]);
    }
    out += "]";
  } else {
    libsession::appendJson(out, value);
  }
}

}  // namespace

ConfigResult loadConfig(int argc, const char* const* argv,
                        const std::map<std::string, std::string>& env) {
  ConfigResult result;
  CLI::App app{"Socket.IO v4 session agent: connects Socket.IO clients to a workflow engine.",
               "session-agent"};
  // Help and version are results, not exceptions, so that main() decides what to print.
  app.set_help_flag();
  bool help = false;
  bool version = false;
  bool print = false;
  bool check = false;
  app.add_flag("-h,--help", help, "Print this help and exit");
  app.add_flag("--version", version, "Print the version and exit");
  std::string configPath;
  app.add_option("--config", configPath, "JSON configuration file (env SESSION_AGENT_CONFIG)")
      ->type_name("PATH");

  struct Flag {
    const char* names;
    const char* typeName;
    const char* description;
    Override target;
    std::string value{};
    CLI::Option* option = nullptr;
  };
  // Taken as text and converted through the schema, so a flag is validated (and its error
  // worded) exactly like the same key in the file.
  std::vector<Flag> flags = {
      {"--host",
       "ADDRESS",
       "Address to listen on (env HOST; default 127.0.0.1)",
       {"server.host", nullptr}},
      {"-p,--port",
       "PORT",
       "TCP port, 0: any free port (env PORT; default 3000)",
       {"server.port", nullptr}},
      {"-i,--node-id",
       "ID",
       "This node's id, the engine's routing key (env NODE_ID)",
       {"nodeId", nullptr}},
      {"--broker",
       "URL",
       "Use RabbitMQ at this amqp:// URL (env RABBITMQ_URL)",
       {"engine.rabbitmq.url", useRabbitMq}},
      {"--redis",
       "URL",
       "Record sessions in Redis at this redis:// URL (env REDIS_URL)",
       {"directory.redis.url", useRedis}},
      {"--log-level",
       "LEVEL",
       "trace, debug, info, warn, error or off (env LOG_LEVEL)",
       {"log.level", nullptr}},
      {"--log-format", "FORMAT", "text or json", {"log.format", nullptr}},
  };
  for (Flag& flag : flags) {
    flag.option =
        app.add_option(flag.names, flag.value, flag.description)->type_name(flag.typeName);
  }
  CLI::Option* printOption =
      app.add_flag("--print-config", print, "Print the effective configuration (JSON) and exit");
  CLI::Option* checkOption =
      app.add_flag("--check-config", check, "Validate the configuration and exit (0 valid, 2 not)");
  printOption->excludes(checkOption);
  app.footer(
      "Precedence, per key: flags > environment > file > defaults. Exit status: 0, or 2 for "
      "a configuration error. See docs/configuration.md.");

  bool parsed = true;
  try {
    if (argc > 0 && argv) app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    parsed = false;
    result.errors.push_back({"command line", e.what()});
  }
  if (help) {
    result.action = ConfigAction::help;
    result.text = app.help();
    return result;
  }
  if (version) {
    result.action = ConfigAction::version;
    result.text = std::string("session-agent ") + libsession::kVersion + "\n";
    return result;
  }
  result.action = check   ? ConfigAction::checkConfig
                  : print ? ConfigAction::printConfig
                          : ConfigAction::run;

  // An empty variable counts as unset, as shells and compose files commonly leave them.
  auto variable = [&env](const std::string& name) -> const std::string* {
    auto it = env.find(name);
    return it == env.end() || it->second.empty() ? nullptr : &it->second;
  };
  AgentConfig& config = result.config;
  if (!configPath.empty()) {
    applyFile(configPath, config, result.errors);
  } else if (const std::string* path = variable("SESSION_AGENT_CONFIG")) {
    applyFile(*path, config, result.errors);
  }
  for (const auto& [name, target] : environmentVariables()) {
    if (const std::string* text = variable(name)) {
      applyText(target, *text, name + " (env)", config, result.errors);
    }
  }
  if (parsed) {
    for (const Flag& flag : flags) {
      if (flag.option->count() > 0) {
        applyText(flag.target, flag.value, flag.option->get_name(), config, result.errors);
      }
    }
  }
  validateTogether(config, result.errors);
  return result;
}

std::map<std::string, std::string> processEnvironment() {
  std::map<std::string, std::string> out;
  for (char** entry = environ; entry && *entry; ++entry) {
    const std::string text = *entry;
    const auto equals = text.find('=');
    if (equals != std::string::npos) out.emplace(text.substr(0, equals), text.substr(equals + 1));
  }
  return out;
}

std::string printConfig(const AgentConfig& config, Secrets secrets) {
  Value root(Value::Object{});
  for (const Field& field : fields()) {
    Value value = field.path == "engine.rabbitmq.nodeQueue" ? Value(effectiveNodeQueue(config))
                                                            : field.get(config);
    if (secrets == Secrets::masked) {
      if (field.mask == Mask::secret && !value.asString()->empty()) value = Value("***");
      if (field.mask == Mask::url) value = Value(maskUrlPassword(*value.asString()));
    }
    Value* parent = &root;
    std::string::size_type start = 0;
    for (auto dot = field.path.find('.'); dot != std::string::npos;
         dot = field.path.find('.', start)) {
      parent = &member(*parent, field.path.substr(start, dot - start));
      start = dot + 1;
    }
    parent->set(field.path.substr(start), std::move(value));
  }
  std::string out;
  appendPretty(out, root, 0);
  out += "\n";
  return out;
}

std::string formatErrors(const std::vector<ConfigError>& errors) {
  std::string out;
  for (const ConfigError& e : errors) out += "config: " + e.key + ": " + e.problem + "\n";
  return out;
}

std::string effectiveNodeQueue(const AgentConfig& config) {
  if (!config.engine.rabbitmq.nodeQueue.empty()) return config.engine.rabbitmq.nodeQueue;
  return lastSegment(config.nodeId) + "-message-queue";
}

std::string maskUrlPassword(const std::string& url) {
  const std::size_t scheme = url.find("://");
  // "://" inside a path or query is not a scheme separator.
  if (scheme == std::string::npos || url.find_first_of("/?#") < scheme) return url;
  const std::size_t authorityStart = scheme + 3;
  std::size_t authorityEnd = url.find_first_of("/?#", authorityStart);
  if (authorityEnd == std::string::npos) authorityEnd = url.size();
  const std::string authority = url.substr(authorityStart, authorityEnd - authorityStart);
  // The last '@' ends the user info: an unencoded '@' in a password must not leak its tail.
  const std::size_t at = authority.rfind('@');
  if (at == std::string::npos) return url;
  const std::size_t colon = authority.find(':');
  if (colon == std::string::npos || colon > at || colon + 1 == at) return url;  // no password
  return url.substr(0, authorityStart + colon + 1) + "***" + url.substr(authorityStart + at);
}

const char* toString(EngineKind kind) {
  return kind == EngineKind::rabbitmq ? "rabbitmq" : "loopback";
}

const char* toString(DirectoryKind kind) {
  return kind == DirectoryKind::redis ? "redis" : "memory";
}

const char* toString(LogLevel level) {
  switch (level) {
    case LogLevel::trace: return "trace";
    case LogLevel::debug: return "debug";
    case LogLevel::info: return "info";
    case LogLevel::warn: return "warn";
    case LogLevel::error: return "error";
    case LogLevel::off: return "off";
  }
  return "info";
}

libsession::ServerOptions serverOptions(const AgentConfig& config) {
  const auto& s = config.server;
  libsession::ServerOptions o;
  o.host = s.host;
  o.port = s.port;
  o.socketIoPath = s.path;
  o.maxConnections = s.maxConnections;
  o.engine.pingInterval = std::chrono::milliseconds(s.pingIntervalMs);
  o.engine.pingTimeout = std::chrono::milliseconds(s.pingTimeoutMs);
  o.engine.upgradeTimeout = std::chrono::milliseconds(s.upgradeTimeoutMs);
  o.engine.maxHttpBufferSize = s.maxHttpBufferSize;
  auto offers = [&s](const char* name) {
    return std::find(s.transports.begin(), s.transports.end(), name) != s.transports.end();
  };
  o.engine.allowPolling = offers("polling");
  o.engine.allowWebSocket = offers("websocket");
  o.engine.allowUpgrades = s.allowUpgrades;
  o.engine.cors.allowedOrigins = s.cors.origins;
  o.engine.cors.allowCredentials = s.cors.credentials;
  o.socketIo.connectTimeout = std::chrono::milliseconds(s.connectTimeoutMs);
  return o;
}

libsession::SessionAgentOptions sessionAgentOptions(const AgentConfig& config) {
  libsession::SessionAgentOptions o;
  o.nodeId = config.nodeId;
  return o;
}

libsession::RabbitMqOptions rabbitMqOptions(const AgentConfig& config) {
  const auto& r = config.engine.rabbitmq;
  libsession::RabbitMqOptions o;
  o.url = r.url;
  o.nodeId = config.nodeId;
  o.sharedKey = r.sharedKey;
  o.eventExchange = r.eventExchange;
  o.messageExchange = r.messageExchange;
  o.nodeQueue = effectiveNodeQueue(config);
  o.sharedQueue = r.sharedQueue;
  o.prefetch = r.prefetch;
  o.bufferCapacity = r.bufferCapacity;
  o.initialBackoff = std::chrono::milliseconds(r.initialBackoffMs);
  o.maxBackoff = std::chrono::milliseconds(r.maxBackoffMs);
  o.heartbeat = std::chrono::seconds(r.heartbeatS);
  o.declare = r.declare;
  return o;
}

std::optional<libsession::JwtOptions> jwtOptions(const AgentConfig& config) {
  if (config.auth.jwtSecret.empty()) return std::nullopt;
  libsession::JwtOptions o;
  o.secret = config.auth.jwtSecret;
  return o;
}

libsession::RedisSessionDirectoryOptions redisDirectoryOptions(const AgentConfig& config) {
  const auto& r = config.directory.redis;
  libsession::RedisSessionDirectoryOptions o;
  o.url = r.url;
  o.nodeId = config.nodeId;
  o.roles = r.roles;
  o.queueCapacity = r.queueCapacity;
  return o;
}

}  // namespace session_agent
