// session-agent configuration (apps/session-agent/config.cpp): defaults, every file key, the
// precedence flags > environment > file > defaults, each error path, masking, round trips.
// Files are real temporary files; the environment is a map, the process's own is not touched.
#include "config.hpp"

#include <libsession/json.hpp>
#include <libsession/version.hpp>

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <initializer_list>
#include <map>
#include <string>
#include <vector>

using namespace session_agent;
using Env = std::map<std::string, std::string>;

namespace {

// A file in /tmp holding `text`, removed when it goes out of scope.
class TempFile {
 public:
  explicit TempFile(const std::string& text) {
    char name[] = "/tmp/session_agent_config_XXXXXX";
    const int fd = mkstemp(name);
    REQUIRE(fd >= 0);
    REQUIRE(write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size()));
    close(fd);
    path_ = name;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

ConfigResult load(std::initializer_list<std::string> args, const Env& env = {}) {
  std::vector<std::string> words{"session-agent"};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<const char*> argv;
  for (const std::string& w : words) argv.push_back(w.c_str());
  return loadConfig(static_cast<int>(argv.size()), argv.data(), env);
}

ConfigResult loadText(const std::string& text, const Env& env = {}) {
  TempFile file(text);
  return load({"--config", file.path()}, env);
}

// The single error a config should produce, for exact checks of key and problem.
ConfigError onlyError(const ConfigResult& result) {
  INFO(formatErrors(result.errors));
  REQUIRE(result.errors.size() == 1);
  return result.errors.front();
}

libsession::Value parsed(const std::string& json) {
  libsession::Value v;
  REQUIRE_FALSE(libsession::parseJson(json, v));
  return v;
}

// Calls `visit(path, a, b)` for every leaf of two objects of the same shape.
void forEachLeaf(const libsession::Value& a, const libsession::Value& b, const std::string& prefix,
                 const std::function<void(const std::string&, const libsession::Value&,
                                          const libsession::Value&)>& visit) {
  if (const auto* object = a.asObject()) {
    for (const auto& [key, value] : *object) {
      const libsession::Value* other = b.find(key);
      INFO(prefix + key);
      REQUIRE(other != nullptr);
      forEachLeaf(value, *other, prefix + key + ".", visit);
    }
  } else {
    visit(prefix.substr(0, prefix.size() - 1), a, b);
  }
}

// Every key, each with a value other than its default.
const char* const kEveryKey = R"({
  "nodeId": "org.wt.session7",
  "server": {
    "host": "0.0.0.0",
    "port": 4000,
    "path": "/rt/",
    "maxConnections": 500,
    "pingIntervalMs": 5000,
    "pingTimeoutMs": 4000,
    "upgradeTimeoutMs": 3000,
    "connectTimeoutMs": 2000,
    "maxHttpBufferSize": 64000,
    "transports": ["websocket"],
    "allowUpgrades": false,
    "cors": {
      "origins": ["https://a.example", "https://b.example"],
      "credentials": true
    }
  },
  "auth": {
    "socket": "jwt",
    "jwtSecret": "s3cret",
    "jwtAlgorithm": "HS256"
  },
  "engine": {
    "kind": "rabbitmq",
    "rabbitmq": {
      "url": "amqp://agent:pw@broker:5673/vh",
      "eventExchange": "ev-x",
      "messageExchange": "msg-x",
      "nodeQueue": "custom-queue",
      "sharedKey": "org.wt.shared",
      "sharedQueue": "shared-q",
      "prefetch": 50,
      "bufferCapacity": 77,
      "initialBackoffMs": 200,
      "maxBackoffMs": 3000,
      "heartbeatS": 30,
      "declare": "passive"
    }
  },
  "directory": {
    "kind": "redis",
    "redis": {
      "url": "redis://:rpw@cache:6380/2",
      "roles": ["agent", "observer"],
      "queueCapacity": 99
    }
  },
  "http": {
    "eventResponse": "compat",
    "maxEventBytes": 2048
  },
  "log": {
    "level": "debug",
    "format": "json",
    "file": "/var/log/agent.log"
  },
  "shutdown": {
    "timeoutMs": 1500
  }
}
)";

}  // namespace

TEST_CASE("config: no file, no environment, no flags gives the defaults") {
  const ConfigResult r = load({});
  INFO(formatErrors(r.errors));
  CHECK(r.errors.empty());
  CHECK(r.action == ConfigAction::run);
  const AgentConfig& c = r.config;
  CHECK(c.nodeId == "org.wt.session1");
  CHECK(c.server.host == "127.0.0.1");
  CHECK(c.server.port == 3000);
  CHECK(c.server.path == "/socket.io/");
  CHECK(c.server.transports == std::vector<std::string>{"polling", "websocket"});
  CHECK(c.auth.socket == SocketAuth::token);
  CHECK(c.auth.jwtSecret.empty());
  CHECK(c.engine.kind == EngineKind::loopback);
  CHECK(c.engine.rabbitmq.prefetch == 10);
  CHECK(c.directory.kind == DirectoryKind::memory);
  CHECK(c.http.eventResponse == EventResponse::accepted);
  CHECK(c.log.level == LogLevel::info);
  CHECK(c.log.format == LogFormat::text);
  CHECK(c.shutdown.timeoutMs == 10000);
  CHECK(printConfig(c, Secrets::shown) == printConfig(AgentConfig{}, Secrets::shown));
}

TEST_CASE("config: the defaults agree with the library's own option defaults") {
  const AgentConfig c;
  const libsession::ServerOptions server = serverOptions(c);
  const libsession::ServerOptions libServer;
  CHECK(server.host == libServer.host);
  CHECK(server.port == libServer.port);
  CHECK(server.socketIoPath == libServer.socketIoPath);
  CHECK(server.maxConnections == libServer.maxConnections);
  CHECK(server.engine.pingInterval == libServer.engine.pingInterval);
  CHECK(server.engine.pingTimeout == libServer.engine.pingTimeout);
  CHECK(server.engine.upgradeTimeout == libServer.engine.upgradeTimeout);
  CHECK(server.engine.maxHttpBufferSize == libServer.engine.maxHttpBufferSize);
  CHECK(server.socketIo.connectTimeout == libServer.socketIo.connectTimeout);

  const libsession::RabbitMqOptions rabbit = rabbitMqOptions(c);
  const libsession::RabbitMqOptions libRabbit;
  CHECK(rabbit.url == libRabbit.url);
  CHECK(rabbit.nodeId == libRabbit.nodeId);
  CHECK(rabbit.nodeQueue == libRabbit.nodeQueue);
  CHECK(rabbit.sharedKey == libRabbit.sharedKey);
  CHECK(rabbit.sharedQueue == libRabbit.sharedQueue);
  CHECK(rabbit.eventExchange == libRabbit.eventExchange);
  CHECK(rabbit.messageExchange == libRabbit.messageExchange);
  CHECK(rabbit.prefetch == libRabbit.prefetch);
  CHECK(rabbit.bufferCapacity == libRabbit.bufferCapacity);
  CHECK(rabbit.initialBackoff == libRabbit.initialBackoff);
  CHECK(rabbit.maxBackoff == libRabbit.maxBackoff);
  CHECK(rabbit.heartbeat == libRabbit.heartbeat);
  CHECK(rabbit.declare == libRabbit.declare);

  const libsession::RedisSessionDirectoryOptions redis = redisDirectoryOptions(c);
  const libsession::RedisSessionDirectoryOptions libRedis;
  CHECK(redis.url == libRedis.url);
  CHECK(redis.nodeId == libRedis.nodeId);
  CHECK(redis.queueCapacity == libRedis.queueCapacity);
  CHECK(sessionAgentOptions(c).nodeId == libsession::SessionAgentOptions{}.nodeId);
}

TEST_CASE("config: every key is read from the file") {
  const ConfigResult r = loadText(kEveryKey);
  INFO(formatErrors(r.errors));
  REQUIRE(r.errors.empty());
  const AgentConfig& c = r.config;

  // The printed config (same schema) equals the file: no key was skipped or misread...
  CHECK(parsed(printConfig(c, Secrets::shown)) == parsed(kEveryKey));
  // ...and every key of the file differs from its default, so none passed by luck.
  forEachLeaf(parsed(printConfig(AgentConfig{}, Secrets::shown)), parsed(kEveryKey), "",
              [](const std::string& path, const libsession::Value& byDefault,
                 const libsession::Value& fromFile) {
                if (path == "auth.jwtAlgorithm") return;  // HS256 is its only allowed value
                INFO(path);
                CHECK(byDefault != fromFile);
              });

  // And the conversions carry them into the library's structs.
  const libsession::ServerOptions server = serverOptions(c);
  CHECK(server.host == "0.0.0.0");
  CHECK(server.port == 4000);
  CHECK(server.socketIoPath == "/rt/");
  CHECK(server.maxConnections == 500);
  CHECK(server.engine.pingInterval == std::chrono::milliseconds(5000));
  CHECK(server.engine.pingTimeout == std::chrono::milliseconds(4000));
  CHECK(server.engine.upgradeTimeout == std::chrono::milliseconds(3000));
  CHECK(server.socketIo.connectTimeout == std::chrono::milliseconds(2000));
  CHECK(server.engine.maxHttpBufferSize == 64000);
  CHECK_FALSE(server.engine.allowPolling);
  CHECK(server.engine.allowWebSocket);
  CHECK_FALSE(server.engine.allowUpgrades);
  CHECK(server.engine.cors.allowedOrigins ==
        std::vector<std::string>{"https://a.example", "https://b.example"});
  CHECK(server.engine.cors.allowCredentials);

  const libsession::RabbitMqOptions rabbit = rabbitMqOptions(c);
  CHECK(rabbit.url == "amqp://agent:pw@broker:5673/vh");
  CHECK(rabbit.nodeId == "org.wt.session7");
  CHECK(rabbit.eventExchange == "ev-x");
  CHECK(rabbit.messageExchange == "msg-x");
  CHECK(rabbit.nodeQueue == "custom-queue");
  CHECK(rabbit.sharedKey == "org.wt.shared");
  CHECK(rabbit.sharedQueue == "shared-q");
  CHECK(rabbit.prefetch == 50);
  CHECK(rabbit.bufferCapacity == 77);
  CHECK(rabbit.initialBackoff == std::chrono::milliseconds(200));
  CHECK(rabbit.maxBackoff == std::chrono::milliseconds(3000));
  CHECK(rabbit.heartbeat == std::chrono::seconds(30));
  CHECK(rabbit.declare == libsession::RabbitMqOptions::Declare::passive);

  const libsession::RedisSessionDirectoryOptions redis = redisDirectoryOptions(c);
  CHECK(redis.url == "redis://:rpw@cache:6380/2");
  CHECK(redis.nodeId == "org.wt.session7");
  CHECK(redis.roles == std::vector<std::string>{"agent", "observer"});
  CHECK(redis.queueCapacity == 99);
  CHECK(sessionAgentOptions(c).nodeId == "org.wt.session7");

  CHECK(c.auth.socket == SocketAuth::jwt);
  CHECK(c.auth.jwtSecret == "s3cret");
  CHECK(c.engine.kind == EngineKind::rabbitmq);
  CHECK(c.directory.kind == DirectoryKind::redis);
  CHECK(c.http.eventResponse == EventResponse::compat);
  CHECK(c.http.maxEventBytes == 2048);
  CHECK(c.log.level == LogLevel::debug);
  CHECK(c.log.format == LogFormat::json);
  CHECK(c.log.file == "/var/log/agent.log");
  CHECK(c.shutdown.timeoutMs == 1500);
}

TEST_CASE("config: a file that sets some keys keeps the defaults of the others") {
  const ConfigResult r = loadText(R"({"server": {"port": 0}, "engine": {"rabbitmq": {}}})");
  INFO(formatErrors(r.errors));
  REQUIRE(r.errors.empty());
  CHECK(r.config.server.port == 0);  // 0: any free port
  CHECK(r.config.server.host == "127.0.0.1");
  CHECK(r.config.engine.kind == EngineKind::loopback);
}

TEST_CASE("config: precedence is flag over environment over file, per key") {
  TempFile file(R"({"nodeId": "file.node", "server": {"host": "10.0.0.1", "port": 1000},
                    "auth": {"jwtSecret": "file-secret"}, "log": {"level": "warn", "format": "json"},
                    "engine": {"rabbitmq": {"url": "amqp://file-host"}},
                    "directory": {"redis": {"url": "redis://file-host"}}})");
  const Env env{{"NODE_ID", "env.node"},
                {"PORT", "2000"},
                {"LOG_LEVEL", "error"},
                {"JWT_SECRET", "env-secret"},
                {"RABBITMQ_URL", "amqp://env-host"}};

  SECTION("file over defaults") {
    const ConfigResult r = load({"--config", file.path()});
    REQUIRE(r.errors.empty());
    CHECK(r.config.nodeId == "file.node");
    CHECK(r.config.server.host == "10.0.0.1");
    CHECK(r.config.server.port == 1000);
    CHECK(r.config.log.level == LogLevel::warn);
    CHECK(r.config.auth.jwtSecret == "file-secret");
    CHECK(r.config.engine.kind == EngineKind::loopback);  // a URL in the file does not switch
    CHECK(r.config.engine.rabbitmq.url == "amqp://file-host");
  }
  SECTION("environment over file, key by key") {
    const ConfigResult r = load({"--config", file.path()}, env);
    INFO(formatErrors(r.errors));
    REQUIRE(r.errors.empty());
    CHECK(r.config.nodeId == "env.node");
    CHECK(r.config.server.port == 2000);
    CHECK(r.config.server.host == "10.0.0.1");  // no HOST in env: the file's
    CHECK(r.config.log.level == LogLevel::error);
    CHECK(r.config.log.format == LogFormat::json);
    CHECK(r.config.auth.jwtSecret == "env-secret");
    CHECK(r.config.engine.kind == EngineKind::rabbitmq);  // RABBITMQ_URL switches the engine
    CHECK(r.config.engine.rabbitmq.url == "amqp://env-host");
    CHECK(r.config.directory.kind == DirectoryKind::memory);
  }
  SECTION("flags over environment, key by key") {
    const ConfigResult r = load({"--config", file.path(), "-p", "3001", "--node-id", "flag.node",
                                 "--log-level", "trace", "--broker", "amqp://flag-host", "--redis",
                                 "redis://flag-host", "--host", "::1", "--log-format", "text"},
                                env);
    INFO(formatErrors(r.errors));
    REQUIRE(r.errors.empty());
    CHECK(r.config.nodeId == "flag.node");
    CHECK(r.config.server.port == 3001);
    CHECK(r.config.server.host == "::1");
    CHECK(r.config.log.level == LogLevel::trace);
    CHECK(r.config.log.format == LogFormat::text);
    CHECK(r.config.auth.jwtSecret == "env-secret");  // no flag for it: the environment's
    CHECK(r.config.engine.kind == EngineKind::rabbitmq);
    CHECK(r.config.engine.rabbitmq.url == "amqp://flag-host");
    CHECK(r.config.directory.kind == DirectoryKind::redis);  // --redis switches the directory
    CHECK(r.config.directory.redis.url == "redis://flag-host");
  }
  SECTION("the long and short flag names are the same option") {
    const ConfigResult r = load({"--port", "7", "-i", "x.y"});
    REQUIRE(r.errors.empty());
    CHECK(r.config.server.port == 7);
    CHECK(r.config.nodeId == "x.y");
  }
  SECTION("HOST and REDIS_URL") {
    const ConfigResult r = load({}, {{"HOST", "0.0.0.0"}, {"REDIS_URL", "redis://env-host:7000"}});
    REQUIRE(r.errors.empty());
    CHECK(r.config.server.host == "0.0.0.0");
    CHECK(r.config.directory.kind == DirectoryKind::redis);
    CHECK(r.config.directory.redis.url == "redis://env-host:7000");
  }
  SECTION("an empty variable counts as unset") {
    const ConfigResult r = load({"--config", file.path()}, {{"PORT", ""}, {"NODE_ID", ""}});
    REQUIRE(r.errors.empty());
    CHECK(r.config.server.port == 1000);
    CHECK(r.config.nodeId == "file.node");
  }
}

TEST_CASE("config: SESSION_AGENT_CONFIG names the file unless --config does") {
  TempFile fromEnv(R"({"server": {"port": 1111}})");
  TempFile fromFlag(R"({"server": {"port": 2222}})");
  const Env env{{"SESSION_AGENT_CONFIG", fromEnv.path()}};
  CHECK(load({}, env).config.server.port == 1111);
  CHECK(load({"--config", fromFlag.path()}, env).config.server.port == 2222);
}

TEST_CASE("config: an unreadable file names the path and the system's reason") {
  const ConfigResult r = load({"--config", "/nonexistent/agent.json"});
  const ConfigError e = onlyError(r);
  CHECK(e.key == "/nonexistent/agent.json");
  CHECK(e.problem == "cannot open: No such file or directory");
  CHECK(formatErrors(r.errors) ==
        "config: /nonexistent/agent.json: cannot open: No such file or directory\n");

  const ConfigError dir = onlyError(load({"--config", "/tmp"}));
  CHECK(dir.key == "/tmp");
  CHECK(dir.problem == "cannot read: Is a directory");
}

TEST_CASE("config: invalid JSON is reported with its line and column") {
  TempFile file("{\n  \"server\": {\n    \"port\": 3000\n    \"host\": \"x\"\n  }\n}\n");
  const ConfigError e = onlyError(load({"--config", file.path()}));
  CHECK(e.key == file.path());
  CHECK(e.problem ==
        "invalid JSON at line 4, column 5: Missing a comma or '}' after an object member.");

  const ConfigError notObject = onlyError(loadText("[1, 2]"));
  CHECK(notObject.problem == "must hold a JSON object, got [1,2]");

  const ConfigError utf8 = onlyError(loadText("{\"nodeId\": \"\xff\"}"));
  CHECK(utf8.problem.find("UTF-8") != std::string::npos);
}

TEST_CASE("config: an unknown key is named by its full path, with the likely intended key") {
  SECTION("misspelt") {
    const ConfigError e = onlyError(loadText(R"({"server": {"prot": 3000}})"));
    CHECK(e.key == "server.prot");
    CHECK(e.problem == "unknown key (did you mean server.port?)");
  }
  SECTION("at the wrong level") {
    const ConfigError e = onlyError(loadText(R"({"port": 3000})"));
    CHECK(e.key == "port");
    CHECK(e.problem == "unknown key (did you mean server.port?)");
  }
  SECTION("nothing close") {
    const ConfigError e = onlyError(loadText(R"({"engine": {"rabbitmq": {"zzzzzzzz": 1}}})"));
    CHECK(e.key == "engine.rabbitmq.zzzzzzzz");
    CHECK(e.problem == "unknown key");
  }
}

TEST_CASE("config: wrong types name the key and what was expected") {
  struct Case {
    const char* json;
    const char* key;
    const char* problem;
  };
  const Case cases[] = {
      {R"({"server": {"port": "3000"}})", "server.port",
       R"(must be an integer 0..65535, got "3000")"},
      {R"({"server": 3})", "server", "must be an object, got 3"},
      {R"({"server": {"cors": []}})", "server.cors", "must be an object, got []"},
      {R"({"nodeId": 5})", "nodeId", "must be a string, got 5"},
      {R"({"server": {"allowUpgrades": "yes"}})", "server.allowUpgrades",
       R"(must be true or false, got "yes")"},
      {R"({"server": {"cors": {"origins": "*"}}})", "server.cors.origins",
       R"(must be an array of strings, got "*")"},
      {R"({"directory": {"redis": {"roles": ["a", 1]}}})", "directory.redis.roles",
       "item 1 must be a string, got 1"},
      {R"({"log": {"level": null}})", "log.level",
       R"(must be one of "trace", "debug", "info", "warn", "error", "off", got null)"},
  };
  for (const Case& c : cases) {
    INFO(c.json);
    const ConfigError e = onlyError(loadText(c.json));
    CHECK(e.key == c.key);
    CHECK(e.problem == c.problem);
  }
}

TEST_CASE("config: values out of range name the key and the range") {
  struct Case {
    const char* json;
    const char* key;
    const char* problem;
  };
  const Case cases[] = {
      {R"({"server": {"port": 65536}})", "server.port", "must be an integer 0..65535, got 65536"},
      {R"({"server": {"port": -1}})", "server.port", "must be an integer 0..65535, got -1"},
      {R"({"server": {"port": 80.5}})", "server.port", "must be an integer 0..65535, got 80.5"},
      {R"({"engine": {"rabbitmq": {"prefetch": 0}}})", "engine.rabbitmq.prefetch",
       "must be an integer 1..65535, got 0"},
      {R"({"server": {"pingIntervalMs": 0}})", "server.pingIntervalMs",
       "must be an integer 1..2147483647, got 0"},
      {R"({"shutdown": {"timeoutMs": -5}})", "shutdown.timeoutMs",
       "must be an integer 1..2147483647, got -5"},
      {R"({"engine": {"rabbitmq": {"heartbeatS": 70000}}})", "engine.rabbitmq.heartbeatS",
       "must be an integer 1..65535, got 70000"},
      {R"({"engine": {"rabbitmq": {"bufferCapacity": 0}}})", "engine.rabbitmq.bufferCapacity",
       "must be an integer >= 1, got 0"},
      {R"({"directory": {"redis": {"queueCapacity": 0}}})", "directory.redis.queueCapacity",
       "must be an integer >= 1, got 0"},
      {R"({"server": {"maxConnections": 0}})", "server.maxConnections",
       "must be an integer >= 1, got 0"},
      {R"({"engine": {"rabbitmq": {"initialBackoffMs": 5000, "maxBackoffMs": 2000}}})",
       "engine.rabbitmq.maxBackoffMs",
       "must be >= engine.rabbitmq.initialBackoffMs (5000), got 2000"},
      {R"({"server": {"path": "socket.io"}})", "server.path",
       R"(must start and end with '/', got "socket.io")"},
      {R"({"server": {"host": ""}})", "server.host", "must not be empty"},
      {R"({"server": {"transports": []}})", "server.transports", "must name at least one"},
      {R"({"server": {"transports": ["websocket", "websocket"]}})", "server.transports",
       R"(lists "websocket" twice)"},
      {R"({"server": {"transports": ["webtransport"]}})", "server.transports",
       R"(items must be among "polling", "websocket", got "webtransport")"},
  };
  for (const Case& c : cases) {
    INFO(c.json);
    const ConfigError e = onlyError(loadText(c.json));
    CHECK(e.key == c.key);
    CHECK(e.problem == c.problem);
  }
}

TEST_CASE("config: bad enum values list the allowed ones") {
  struct Case {
    const char* json;
    const char* key;
    const char* problem;
  };
  const Case cases[] = {
      {R"({"engine": {"kind": "kafka"}})", "engine.kind",
       R"(must be one of "loopback", "rabbitmq", got "kafka")"},
      {R"({"directory": {"kind": "etcd"}})", "directory.kind",
       R"(must be one of "memory", "redis", got "etcd")"},
      {R"({"auth": {"socket": "none"}})", "auth.socket",
       R"(must be one of "token", "jwt", got "none")"},
      {R"({"auth": {"jwtAlgorithm": "RS256"}})", "auth.jwtAlgorithm",
       R"(must be one of "HS256", got "RS256")"},
      {R"({"http": {"eventResponse": "ok"}})", "http.eventResponse",
       R"(must be one of "accepted", "compat", got "ok")"},
      {R"({"log": {"format": "xml"}})", "log.format",
       R"(must be one of "text", "json", got "xml")"},
      {R"({"engine": {"rabbitmq": {"declare": "create"}}})", "engine.rabbitmq.declare",
       R"(must be one of "assert", "passive", got "create")"},
  };
  for (const Case& c : cases) {
    INFO(c.json);
    const ConfigError e = onlyError(loadText(c.json));
    CHECK(e.key == c.key);
    CHECK(e.problem == c.problem);
  }
}

TEST_CASE("config: URLs must have the right scheme, and the error does not show the password") {
  const ConfigError amqp =
      onlyError(loadText(R"({"engine": {"rabbitmq": {"url": "amqps://u:topsecret@host"}}})"));
  CHECK(amqp.key == "engine.rabbitmq.url");
  CHECK(amqp.problem ==
        R"(must be an amqp:// URL (amqps is not supported), got "amqps://u:***@host")");

  const ConfigError redis = onlyError(loadText(R"({"directory": {"redis": {"url": "http://h"}}})"));
  CHECK(redis.key == "directory.redis.url");
  CHECK(redis.problem == R"(must be a redis:// URL, got "http://h")");

  const ConfigError bare = onlyError(load({"--broker", "amqp://"}));
  CHECK(bare.key == "--broker");
}

TEST_CASE("config: jwt socket auth needs a secret") {
  const ConfigError e = onlyError(loadText(R"({"auth": {"socket": "jwt"}})"));
  CHECK(e.key == "auth.jwtSecret");
  CHECK(e.problem == R"(must be set when auth.socket is "jwt" (or set JWT_SECRET))");
  CHECK(loadText(R"({"auth": {"socket": "jwt"}})", {{"JWT_SECRET", "k"}}).errors.empty());
}

TEST_CASE("config: bad environment values name the variable") {
  const ConfigResult r = load({}, {{"PORT", "http"},
                                   {"LOG_LEVEL", "loud"},
                                   {"NODE_ID", "n.1"},
                                   {"RABBITMQ_URL", "redis://x"},
                                   {"REDIS_URL", "amqp://x"}});
  INFO(formatErrors(r.errors));
  REQUIRE(r.errors.size() == 4);
  CHECK(formatErrors(r.errors) ==
        "config: PORT (env): must be an integer 0..65535, got \"http\"\n"
        "config: RABBITMQ_URL (env): must be an amqp:// URL (amqps is not supported), got "
        "\"redis://x\"\n"
        "config: REDIS_URL (env): must be a redis:// URL, got \"amqp://x\"\n"
        "config: LOG_LEVEL (env): must be one of \"trace\", \"debug\", \"info\", \"warn\", "
        "\"error\", \"off\", got \"loud\"\n");
  // A rejected URL does not switch the kind either.
  CHECK(r.config.engine.kind == EngineKind::loopback);
  CHECK(r.config.directory.kind == DirectoryKind::memory);
  CHECK(r.config.nodeId == "n.1");  // the valid ones still apply

  const ConfigError negative = onlyError(load({}, {{"PORT", "-1"}}));
  CHECK(negative.problem == "must be an integer 0..65535, got -1");
}

TEST_CASE("config: bad flag values name the flag") {
  const ConfigResult r = load({"--port", "99999", "--log-format", "yaml", "--redis", "x"});
  REQUIRE(r.errors.size() == 3);
  CHECK(formatErrors(r.errors) ==
        "config: --port: must be an integer 0..65535, got 99999\n"
        "config: --redis: must be a redis:// URL, got \"x\"\n"
        "config: --log-format: must be one of \"text\", \"json\", got \"yaml\"\n");
}

TEST_CASE("config: command-line mistakes are errors, not exceptions") {
  const ConfigError unknown = onlyError(load({"--prot", "1"}));
  CHECK(unknown.key == "command line");
  CHECK(unknown.problem.find("--prot") != std::string::npos);

  const ConfigError missing = onlyError(load({"--port"}));
  CHECK(missing.key == "command line");

  const ConfigError both = onlyError(load({"--print-config", "--check-config"}));
  CHECK(both.key == "command line");
  CHECK(both.problem.find("excludes") != std::string::npos);
}

TEST_CASE("config: every error is reported, not just the first") {
  TempFile file(R"({"server": {"port": 0.5, "prot": 1, "transports": "ws"},
                    "engine": {"kind": "x", "rabbitmq": {"prefetch": 0}},
                    "auth": {"socket": "jwt"}})");
  const ConfigResult r = load({"--config", file.path(), "--log-level", "chatty"}, {{"PORT", "x"}});
  INFO(formatErrors(r.errors));
  CHECK(r.errors.size() == 8);
  std::vector<std::string> keys;
  for (const ConfigError& e : r.errors) keys.push_back(e.key);
  CHECK(keys == std::vector<std::string>{"server.port", "server.prot", "server.transports",
                                         "engine.kind", "engine.rabbitmq.prefetch", "PORT (env)",
                                         "--log-level", "auth.jwtSecret"});
}

TEST_CASE("config: the actions") {
  SECTION("help") {
    const ConfigResult r = load({"--help"});
    CHECK(r.action == ConfigAction::help);
    CHECK(r.errors.empty());
    for (const char* flag :
         {"--config", "--host", "--port", "--node-id", "--broker", "--redis", "--log-level",
          "--log-format", "--print-config", "--check-config", "--version"}) {
      INFO(flag);
      CHECK(r.text.find(flag) != std::string::npos);
    }
    CHECK(load({"-h"}).action == ConfigAction::help);
  }
  SECTION("help is given even with a broken file or environment") {
    const ConfigResult r = load({"--help", "--config", "/nonexistent"}, {{"PORT", "x"}});
    CHECK(r.action == ConfigAction::help);
    CHECK(r.errors.empty());
  }
  SECTION("version") {
    const ConfigResult r = load({"--version"});
    CHECK(r.action == ConfigAction::version);
    CHECK(r.text == std::string("session-agent ") + libsession::kVersion + "\n");
  }
  SECTION("print and check") {
    CHECK(load({"--print-config"}).action == ConfigAction::printConfig);
    CHECK(load({"--check-config"}).action == ConfigAction::checkConfig);
    const ConfigResult bad = load({"--check-config", "--port", "x"});
    CHECK(bad.action == ConfigAction::checkConfig);
    CHECK(bad.errors.size() == 1);
    CHECK(load({}).action == ConfigAction::run);
  }
}

TEST_CASE("config: printConfig masks the secret and URL passwords") {
  AgentConfig c;
  c.auth.jwtSecret = "hunter2";
  c.engine.rabbitmq.url = "amqp://agent:pa:ss@broker:5672/vhost";
  c.directory.redis.url = "redis://user:rpass@cache:6379/1";
  const std::string masked = printConfig(c);
  CHECK(masked.find("hunter2") == std::string::npos);
  CHECK(masked.find("pa:ss") == std::string::npos);
  CHECK(masked.find("rpass") == std::string::npos);
  const libsession::Value v = parsed(masked);
  CHECK(*v.find("auth")->find("jwtSecret") == libsession::Value("***"));
  CHECK(*v.find("engine")->find("rabbitmq")->find("url") ==
        libsession::Value("amqp://agent:***@broker:5672/vhost"));
  CHECK(*v.find("directory")->find("redis")->find("url") ==
        libsession::Value("redis://user:***@cache:6379/1"));

  // The default guest:guest URL is masked too; an unset secret stays visibly unset.
  const libsession::Value defaults = parsed(printConfig(AgentConfig{}));
  CHECK(*defaults.find("engine")->find("rabbitmq")->find("url") ==
        libsession::Value("amqp://guest:***@127.0.0.1:5672"));
  CHECK(*defaults.find("auth")->find("jwtSecret") == libsession::Value(""));

  const std::string shown = printConfig(c, Secrets::shown);
  CHECK(shown.find("hunter2") != std::string::npos);
  CHECK(shown.find("agent:pa:ss@") != std::string::npos);
}

TEST_CASE("config: maskUrlPassword") {
  CHECK(maskUrlPassword("amqp://guest:guest@127.0.0.1:5672") == "amqp://guest:***@127.0.0.1:5672");
  CHECK(maskUrlPassword("redis://:pw@h:6379/0") == "redis://:***@h:6379/0");
  CHECK(maskUrlPassword("amqp://p@ss:w@rd@host/v") == "amqp://p@ss:***@host/v");
  CHECK(maskUrlPassword("redis://user@h") == "redis://user@h");        // no password
  CHECK(maskUrlPassword("amqp://user:@h") == "amqp://user:@h");        // empty password
  CHECK(maskUrlPassword("amqp://h:5672/v@x") == "amqp://h:5672/v@x");  // '@' after the host
  CHECK(maskUrlPassword("redis://127.0.0.1:6379") == "redis://127.0.0.1:6379");
  CHECK(maskUrlPassword("not a url") == "not a url");
  CHECK(maskUrlPassword("amqp://user:pass@h") == "amqp://user:***@h");
  CHECK(maskUrlPassword("amqp://guest:guest@127.0.0.1:5672/%2f") ==
        "amqp://guest:***@127.0.0.1:5672/%2f");
  CHECK(maskUrlPassword("amqp://u:p@ss@host/v") == "amqp://u:***@host/v");  // unencoded '@'
  // "://" in a path or query is not a URL's user info.
  CHECK(maskUrlPassword("http://host/path?next=a://b:c@d") == "http://host/path?next=a://b:c@d");
  CHECK(maskUrlPassword("/relative?x=a://b:c@d") == "/relative?x=a://b:c@d");
  CHECK(maskUrlPassword("") == "");
}

TEST_CASE("config: JWT options exist only with a secret") {
  AgentConfig c;
  CHECK_FALSE(jwtOptions(c).has_value());
  c.auth.jwtSecret = "k";
  REQUIRE(jwtOptions(c).has_value());
  CHECK(jwtOptions(c)->secret == "k");
  CHECK(jwtOptions(c)->participantClaim == "participantId");
}

TEST_CASE("config: the node queue is derived from the node id unless set") {
  AgentConfig c;
  CHECK(effectiveNodeQueue(c) == "session1-message-queue");
  c.nodeId = "org.wt.session2";
  CHECK(effectiveNodeQueue(c) == "session2-message-queue");
  CHECK(rabbitMqOptions(c).nodeQueue == "session2-message-queue");
  c.nodeId = "plain";
  CHECK(effectiveNodeQueue(c) == "plain-message-queue");
  c.engine.rabbitmq.nodeQueue = "mine";
  CHECK(effectiveNodeQueue(c) == "mine");
  CHECK(rabbitMqOptions(c).nodeQueue == "mine");

  const ConfigResult r = load({"--node-id", "org.wt.session9"});
  CHECK(rabbitMqOptions(r.config).nodeQueue == "session9-message-queue");
  // Printed as the queue in effect.
  CHECK(parsed(printConfig(r.config))
            .find("engine")
            ->find("rabbitmq")
            ->find("nodeQueue")
            ->asString()
            ->compare("session9-message-queue") == 0);
}

TEST_CASE("config: printConfig output read back as a file gives the same config") {
  SECTION("with secrets shown: exactly the same") {
    const ConfigResult first = loadText(kEveryKey);
    REQUIRE(first.errors.empty());
    const std::string printed = printConfig(first.config, Secrets::shown);
    const ConfigResult second = loadText(printed);
    INFO(formatErrors(second.errors));
    REQUIRE(second.errors.empty());
    CHECK(printConfig(second.config, Secrets::shown) == printed);
  }
  SECTION("the defaults") {
    const std::string printed = printConfig(AgentConfig{}, Secrets::shown);
    const ConfigResult second = loadText(printed);
    REQUIRE(second.errors.empty());
    CHECK(printConfig(second.config, Secrets::shown) == printed);
  }
  SECTION("masked: the masked output is stable") {
    const ConfigResult first = loadText(kEveryKey);
    const std::string printed = printConfig(first.config);
    const ConfigResult second = loadText(printed);
    REQUIRE(second.errors.empty());
    CHECK(printConfig(second.config) == printed);
  }
}

TEST_CASE("config: the example files load without errors") {
  const std::string dir = SESSION_AGENT_EXAMPLES_DIR;
  SECTION("single node") {
    const ConfigResult r = load({"--config", dir + "/single-node.json"});
    INFO(formatErrors(r.errors));
    REQUIRE(r.errors.empty());
    CHECK(r.config.engine.kind == EngineKind::loopback);
    CHECK(r.config.directory.kind == DirectoryKind::memory);
  }
  SECTION("SrvThreds node") {
    const ConfigResult r = load({"--config", dir + "/srvthreds-node.json"});
    INFO(formatErrors(r.errors));
    REQUIRE(r.errors.empty());
    CHECK(r.config.nodeId == "org.wt.session1");
    CHECK(r.config.engine.kind == EngineKind::rabbitmq);
    CHECK(r.config.directory.kind == DirectoryKind::redis);
    CHECK(r.config.http.eventResponse == EventResponse::compat);
    CHECK(effectiveNodeQueue(r.config) == "session1-message-queue");
    CHECK(rabbitMqOptions(r.config).nodeId == redisDirectoryOptions(r.config).nodeId);
  }
}

TEST_CASE("config: processEnvironment reads the process's variables") {
  const char* path = std::getenv("PATH");
  const auto env = processEnvironment();
  if (path) {
    REQUIRE(env.count("PATH") == 1);
    CHECK(env.at("PATH") == path);
  }
}
