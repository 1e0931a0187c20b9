// session-agent configuration: the command line, the environment and a JSON file, merged into one
// AgentConfig, validated, and turned into the library's option structs.
//
// Precedence is per key: flags > environment > file > defaults. Every problem found is reported
// (not just the first), each naming where it came from: a dotted file key (`server.port`), an
// environment variable (`PORT (env)`) or a flag (`--port`). The only I/O is reading the file;
// the environment is passed in as a map so that tests need not touch the process's own.
// docs/configuration.md lists every key, flag and variable.
//
// Thread-safety: stateless functions; safe from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <libsession/jwt.hpp>
#include <libsession/rabbitmq_engine_transport.hpp>
#include <libsession/redis_session_directory.hpp>
#include <libsession/server.hpp>
#include <libsession/session_agent.hpp>

namespace session_agent {

enum class EngineKind { loopback, rabbitmq };
enum class DirectoryKind { memory, redis };
/// token: the handshake's auth.token is the participant id (the Node agent's rule).
/// jwt: auth.token is an HS256 JWT signed with auth.jwtSecret; its claim participantId names
/// the participant.
enum class SocketAuth { token, jwt };
/// accepted: POST /event answers 202 {"id": ...}. compat: 200 text "Event processed." (the Node
/// agent's answer).
enum class EventResponse { accepted, compat };
enum class LogLevel { trace, debug, info, warn, error, off };
enum class LogFormat { text, json };

/// Every option of the agent. The member initialisers are the defaults: a single node with the
/// embedded loopback engine and in-memory sessions on 127.0.0.1:3000. The members mirror the
/// file's keys (docs/configuration.md); durations are in the unit their key names.
struct AgentConfig {
  /// This node's id: the RabbitMQ routing key for our sessions and the nodeId written to Redis.
  std::string nodeId = "org.wt.session1";

  struct Cors {
    std::vector<std::string> origins;
    bool credentials = false;
  };
  struct Server {
    /// Loopback, as the library's default: listening on every interface is a deliberate choice.
    std::string host = "127.0.0.1";
    std::uint16_t port = 3000;
    std::string path = "/socket.io/";
    std::size_t maxConnections = 10000;
    std::int64_t pingIntervalMs = 25000;
    std::int64_t pingTimeoutMs = 20000;
    std::int64_t upgradeTimeoutMs = 10000;
    std::int64_t connectTimeoutMs = 45000;
    std::size_t maxHttpBufferSize = 1'000'000;
    /// "polling" and/or "websocket", each at most once.
    std::vector<std::string> transports{"polling", "websocket"};
    bool allowUpgrades = true;
    Cors cors;
  } server;

  struct Auth {
    SocketAuth socket = SocketAuth::token;
    /// HS256 key for JWTs (socket auth "jwt" and POST /event). Empty: no JWT checking.
    std::string jwtSecret;
    /// Only HS256 is supported; the key exists so that a file can say so explicitly.
    std::string jwtAlgorithm = "HS256";
  } auth;

  struct RabbitMq {
    std::string url = "amqp://guest:guest@127.0.0.1:5672";
    std::string eventExchange = "event-exchange";
    std::string messageExchange = "message-exchange";
    /// Empty: derived from nodeId (effectiveNodeQueue()).
    std::string nodeQueue;
    std::string sharedKey = "org.wt.session";
    std::string sharedQueue = "session-message-queue";
    std::uint16_t prefetch = 10;
    std::size_t bufferCapacity = 10000;
    std::int64_t initialBackoffMs = 1000;
    std::int64_t maxBackoffMs = 60000;
    std::int64_t heartbeatS = 10;
    libsession::RabbitMqOptions::Declare declare =
        libsession::RabbitMqOptions::Declare::assertCompatible;
  };
  struct Engine {
    EngineKind kind = EngineKind::loopback;
    RabbitMq rabbitmq;
  } engine;

  struct Redis {
    std::string url = "redis://127.0.0.1:6379";
    std::vector<std::string> roles;
    std::size_t queueCapacity = 10000;
  };
  struct Directory {
    DirectoryKind kind = DirectoryKind::memory;
    Redis redis;
  } directory;

  struct Http {
    EventResponse eventResponse = EventResponse::accepted;
    std::size_t maxEventBytes = 1'000'000;
  } http;

  struct Log {
    LogLevel level = LogLevel::info;
    LogFormat format = LogFormat::text;
    /// Empty: standard error.
    std::string file;
  } log;

  struct Shutdown {
    std::int64_t timeoutMs = 10000;
  } shutdown;
};

/// One problem. `key` says where: a dotted file key (`engine.rabbitmq.prefetch`), a variable
/// (`PORT (env)`), a flag (`--port`), the file's path, or `command line`.
struct ConfigError {
  std::string key;
  std::string problem;
};

enum class ConfigAction { run, printConfig, checkConfig, help, version };

struct ConfigResult {
  ConfigAction action = ConfigAction::run;
  AgentConfig config;
  std::vector<ConfigError> errors;
  /// The help or version text (for those actions); empty otherwise.
  std::string text;
};

/// Parses argv (argv[0] is the program name), reads the file named by --config or
/// SESSION_AGENT_CONFIG, applies `env`, and validates the result. For help and version nothing
/// else is read. `config` holds every valid setting even when there are errors.
ConfigResult loadConfig(int argc, const char* const* argv,
                        const std::map<std::string, std::string>& env);

/// The process's environment as a map (for loadConfig).
std::map<std::string, std::string> processEnvironment();

enum class Secrets { masked, shown };
/// The config as a JSON file of the same schema (every key, nodeQueue as effective). Masked:
/// auth.jwtSecret as "***" when set, URL passwords as amqp://guest:***@host.
std::string printConfig(const AgentConfig& config, Secrets secrets = Secrets::masked);

/// One line per error: "config: <key>: <problem>\n".
std::string formatErrors(const std::vector<ConfigError>& errors);

/// engine.rabbitmq.nodeQueue, or when empty the name SrvThreds uses: the text of nodeId after
/// its last '.' + "-message-queue" (org.wt.session1 -> session1-message-queue).
std::string effectiveNodeQueue(const AgentConfig& config);

/// `url` with the password of its user info replaced by "***" (unchanged when it has none).
std::string maskUrlPassword(const std::string& url);

/// Names as they appear in the file ("loopback", "rabbitmq", ...), for logs and /health.
const char* toString(EngineKind kind);
const char* toString(DirectoryKind kind);
const char* toString(LogLevel level);

// The library's option structs, ready to construct the parts with.
libsession::ServerOptions serverOptions(const AgentConfig& config);
libsession::SessionAgentOptions sessionAgentOptions(const AgentConfig& config);
libsession::RabbitMqOptions rabbitMqOptions(const AgentConfig& config);
libsession::RedisSessionDirectoryOptions redisDirectoryOptions(const AgentConfig& config);
/// The verifier's options for auth.jwtSecret; nullopt when no secret is set (no JWT checking).
std::optional<libsession::JwtOptions> jwtOptions(const AgentConfig& config);

}  // namespace session_agent
