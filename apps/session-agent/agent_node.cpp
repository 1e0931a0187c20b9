// AgentNode: the session agent's parts wired together (see agent_node.hpp for the lifecycle).
#include "agent_node.hpp"

#include <libsession/jwt.hpp>
#include <libsession/loopback_engine_transport.hpp>
#include <libsession/memory_session_directory.hpp>
#include <libsession/metrics.hpp>
#include <libsession/rabbitmq_engine_transport.hpp>
#include <libsession/redis_session_directory.hpp>
#include <libsession/server.hpp>
#include <libsession/session_agent.hpp>
#include <libsession/session_hub.hpp>
#include <libsession/socket_io_server.hpp>
#include <libsession/version.hpp>

#include <optional>
#include <stdexcept>

#include "agent_metrics.hpp"
#include "http_api.hpp"

namespace session_agent {
namespace {

const char* transportName(libsession::EngineIoTransport transport) {
  return transport == libsession::EngineIoTransport::websocket ? "websocket" : "polling";
}

/// The socket authenticator auth.socket asks for, with every refusal logged.
libsession::Authenticator socketAuthenticator(const AgentConfig& config, const Logging& log) {
  libsession::Authenticator decide = libsession::tokenAsParticipant();
  if (config.auth.socket == SocketAuth::jwt) {
    // Validation guarantees a secret with auth.socket "jwt".
    decide = libsession::jwtAsParticipant(
        std::make_shared<const libsession::JwtVerifier>(*jwtOptions(config)));
  }
  return [decide = std::move(decide), &log](const libsession::ConnectRequest& request,
                                            std::function<void(libsession::AuthDecision)> done) {
    std::string remote = request.handshake.remoteAddress;
    decide(request, [done = std::move(done), remote = std::move(remote),
                     &log](libsession::AuthDecision decision) {
      if (!decision.accepted) {
        log.info("connection refused", {{"reason", decision.message}, {"remote", remote}});
      }
      done(std::move(decision));
    });
  };
}

std::shared_ptr<const libsession::JwtVerifier> httpVerifier(const AgentConfig& config) {
  auto options = jwtOptions(config);
  if (!options) return nullptr;
  return std::make_shared<const libsession::JwtVerifier>(std::move(*options));
}

}  // namespace

class AgentNode::Impl {
public:
  Impl(const AgentConfig& config, Logging& log)
      : config_(config), log_(log), server_(serverOptions(config)), sender_(server_.socketIo()),
        hub_(server_.loop(), sender_) {
    createEngine();
    createDirectory();
    auto agentOptions = sessionAgentOptions(config);
    agentOptions.onEventSettled = [this](std::chrono::steady_clock::duration took,
                                         std::error_code ec) {
      metrics_->publishConfirmSeconds.observe(std::chrono::duration<double>(took).count());
      if (ec) log_.warn("event not taken by the engine", {{"error", ec.message()}});
    };
    agentOptions.onLinkState = [this](bool up) {
      if (up) {
        log_.info("engine link up", {{"engine", toString(config_.engine.kind)}});
      } else {
        // The transport retries on its own (with backoff); until then Events wait in its
        // bounded buffer and /health answers 503.
        log_.warn("engine link down, retrying",
                  {{"engine", toString(config_.engine.kind)},
                   {"url", config_.engine.kind == EngineKind::rabbitmq
                               ? maskUrlPassword(config_.engine.rabbitmq.url)
                               : std::string()}});
      }
    };
    agentOptions.onEventRejected = [this](const libsession::ParticipantId& participant,
                                          const std::string& reason) {
      log_.info("event refused", {{"participant", participant.str()}, {"reason", reason}});
    };
    agent_.emplace(server_.loop(), hub_, *engine_, std::move(agentOptions));

    libsession::RabbitMqEngineTransport* rabbit =
        dynamic_cast<libsession::RabbitMqEngineTransport*>(engine_.get());
    metrics_.emplace(registerAgentMetrics(
        registry_,
        MetricSources{server_, server_.socketIo().engine(), hub_, *agent_, *directory_,
                      rabbit == nullptr ? std::function<double()>()
                                        : [rabbit] {
                                            return static_cast<double>(rabbit->reconnectCount());
                                          }}));

    http_.emplace(NodeDescription{config.nodeId, toString(config.engine.kind),
                                  toString(config.directory.kind),
                                  std::chrono::steady_clock::now()},
                  config.http, *agent_, hub_, *directory_, registry_, log_);
    http_->setVerifier(httpVerifier(config));
    server_.setHttpHandler([this](std::shared_ptr<libsession::HttpExchange> exchange) {
      http_->handle(exchange);
    });

    hub_.onSessionStarted([this](const libsession::SessionInfo& session) {
      metrics_->connects.inc();
      directory_->sessionStarted(session);
      LogFields fields{{"participant", session.participant.str()},
                       {"session", session.session.str()},
                       {"channel", session.channel.str()},
                       {"proxy", session.proxy}};
      if (auto socket = server_.socketIo().find(session.channel)) {
        fields.emplace_back("transport", transportName(socket->transport()));
        fields.emplace_back("remote", socket->handshake().remoteAddress);
      }
      log_.info("connection opened", fields);
    });
    hub_.onSessionEnded([this](const libsession::SessionInfo& session, std::string_view reason) {
      metrics_->disconnects.inc();
      directory_->sessionEnded(session);
      log_.info("connection closed", {{"participant", session.participant.str()},
                                      {"session", session.session.str()},
                                      {"channel", session.channel.str()},
                                      {"reason", std::string(reason)}});
    });

    libsession::Namespace& root = server_.socketIo().of("/");
    root.setAuthenticator(socketAuthenticator(config, log_));
    libsession::attachSessionHub(hub_, root);
    agent_->attach(root);
  }

  ~Impl() {
    // The agent's engine link and directory are stopped by run(); a node that never ran (or
    // threw) still must not leave their threads behind.
    engine_->stop();
    directory_->stop();
  }

  std::uint16_t listen() {
    port_ = server_.listen();
    return port_;
  }

  void run() {
    directory_->start();
    engine_->start(*agent_);
    log_.info("listening", {{"host", config_.server.host},
                            {"port", port_},
                            {"nodeId", config_.nodeId},
                            {"version", libsession::kVersion},
                            {"engine", toString(config_.engine.kind)},
                            {"directory", toString(config_.directory.kind)}});
    server_.run();
    // The loop has ended: no client is left and every session's end went to the directory.
    // Stopping the engine link completes what is still unconfirmed (with an error) and lets
    // the broker requeue Messages not yet acked.
    engine_->stop();
    directory_->stop();
    log_.info("stopped", {{"unconfirmedEvents", agent_->pendingEvents()}});
  }

  void shutdown() {
    server_.loop().post([this] { beginShutdown(); });
  }

  void reload(const AgentConfig& config) {
    server_.loop().post([this, config] { applyReload(config); });
  }

private:
  void createEngine() {
    if (config_.engine.kind == EngineKind::loopback) {
      engine_ = std::make_unique<libsession::LoopbackEngineTransport>(server_.loop());
      return;
    }
    libsession::RabbitMqOptions options = rabbitMqOptions(config_);
    options.onMalformed = [this](const libsession::MalformedMessage& malformed) {
      log_.warn("engine message rejected", {{"error", malformed.error.message()},
                                            {"bytes", malformed.body.size()},
                                            {"routingKey", malformed.routingKey}});
      if (agent_) {
        agent_->reportMalformedMessage(libsession::Value(),
                                       "unreadable Message: " + malformed.error.message());
      }
    };
    try {
      engine_ = std::make_unique<libsession::RabbitMqEngineTransport>(server_.loop(),
                                                                      std::move(options));
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string("engine.rabbitmq.url: ") + e.what());
    }
  }

  void createDirectory() {
    if (config_.directory.kind == DirectoryKind::memory) {
      directory_ = std::make_unique<libsession::MemorySessionDirectory>(config_.nodeId);
      return;
    }
    try {
      directory_ =
          std::make_unique<libsession::RedisSessionDirectory>(redisDirectoryOptions(config_));
    } catch (const std::exception& e) {
      throw std::runtime_error(std::string("directory.redis.url: ") + e.what());
    }
  }

  void beginShutdown() {
    if (draining_) return;
    draining_ = true;
    log_.info("shutting down", {{"sessions", hub_.connectionCount()},
                                {"pendingEvents", agent_->pendingEvents()},
                                {"timeoutMs", config_.shutdown.timeoutMs}});
    http_->setDraining(true);
    server_.refuseNewSessions();
    engine_->stopReceiving();
    agent_->stopAcceptingEvents();
    drainDeadline_ = std::chrono::steady_clock::now() +
                     std::chrono::milliseconds(config_.shutdown.timeoutMs);
    waitForConfirms();
  }

  // Polls rather than hooking every completion: a shutdown happens once, and 20 ms of polling
  // is simpler than a notification path through the agent.
  void waitForConfirms() {
    const std::size_t pending = agent_->pendingEvents();
    if (pending == 0 || std::chrono::steady_clock::now() >= drainDeadline_) {
      if (pending > 0) {
        log_.warn("shutdown timeout: events still unconfirmed", {{"pendingEvents", pending}});
      }
      log_.info("closing every connection", {{"sessions", hub_.connectionCount()}});
      server_.stop();
      return;
    }
    drainTimer_ = server_.loop().startTimer(std::chrono::milliseconds(20),
                                            [this] { waitForConfirms(); });
  }

  void applyReload(const AgentConfig& config) {
    if (!log_.reopen()) log_.error("log file could not be reopened; still writing to the old one");
    log_.setLevel(config.log.level);
    libsession::CorsOptions cors;
    cors.allowedOrigins = config.server.cors.origins;
    cors.allowCredentials = config.server.cors.credentials;
    server_.socketIo().engine().setCors(std::move(cors));
    http_->setVerifier(httpVerifier(config));
    server_.socketIo().of("/").setAuthenticator(socketAuthenticator(config, log_));

    // What the parts were built with cannot change under them; say so rather than ignore it.
    AgentConfig live = config_;
    live.log.level = config.log.level;
    live.server.cors = config.server.cors;
    live.auth = config.auth;
    const bool restartNeeded = printConfig(live, Secrets::shown) != printConfig(config, Secrets::shown);
    config_ = std::move(live);
    log_.info("configuration reloaded", {{"logLevel", toString(config.log.level)},
                                         {"corsOrigins", config.server.cors.origins.size()},
                                         {"restartNeededForOtherChanges", restartNeeded}});
  }

  AgentConfig config_;
  Logging& log_;
  libsession::Server server_;
  libsession::SocketIoChannelSender sender_;
  libsession::SessionHub hub_;
  std::unique_ptr<libsession::EngineTransport> engine_;
  std::unique_ptr<libsession::SessionDirectory> directory_;
  std::optional<libsession::SessionAgent> agent_;
  libsession::metrics::Registry registry_;
  std::optional<AgentMetrics> metrics_;
  std::optional<HttpApi> http_;
  std::uint16_t port_ = 0;
  bool draining_ = false;
  std::chrono::steady_clock::time_point drainDeadline_;
  std::shared_ptr<libsession::Timer> drainTimer_;
};

AgentNode::AgentNode(const AgentConfig& config, Logging& log)
    : impl_(std::make_unique<Impl>(config, log)) {}
AgentNode::~AgentNode() = default;

std::uint16_t AgentNode::listen() { return impl_->listen(); }
void AgentNode::run() { impl_->run(); }
void AgentNode::shutdown() { impl_->shutdown(); }
void AgentNode::reload(const AgentConfig& config) { impl_->reload(config); }

}  // namespace session_agent
