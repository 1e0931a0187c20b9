// session-agent — the Socket.IO session agent between clients and the workflow engine.
//
// One port (default 3000) serves Socket.IO at /socket.io/ and GET /health. A client connects
// with auth {token}; the token names the participant. Its `message` events (Events) go to the
// engine; the engine's Messages come back as `message` events.
//
// The engine link is the embedded loopback engine (each Event answered with a Message to its
// sender) unless --broker names a RabbitMQ, which makes the agent a node of a SrvThreds
// deployment. Sessions are recorded in memory, or in Redis with --redis so that the engine can
// find the node that holds a participant.
#include <libsession/json.hpp>
#include <libsession/loopback_engine_transport.hpp>
#include <libsession/memory_session_directory.hpp>
#include <libsession/rabbitmq_engine_transport.hpp>
#include <libsession/redis_session_directory.hpp>
#include <libsession/server.hpp>
#include <libsession/session_agent.hpp>
#include <libsession/session_directory.hpp>
#include <libsession/session_hub.hpp>
#include <libsession/version.hpp>

#include <CLI/CLI.hpp>

#include <pthread.h>

#include <csignal>
#include <iostream>
#include <memory>
#include <thread>

namespace {

struct Settings {
  libsession::ServerOptions server;
  libsession::SessionAgentOptions agent;
  std::string brokerUrl;  ///< empty: the loopback engine
  std::string redisUrl;   ///< empty: sessions in memory
};

/// SrvThreds names a node's queue after the last part of its id (org.wt.session1 →
/// session1-message-queue); deriving it the same way keeps one queue per node by default.
std::string nodeQueueFor(const std::string& nodeId) {
  const auto dot = nodeId.rfind('.');
  return (dot == std::string::npos ? nodeId : nodeId.substr(dot + 1)) + "-message-queue";
}

}  // namespace

int main(int argc, char** argv) {
  // SIGINT/SIGTERM are taken by a thread that waits for them, so that stopping happens outside
  // a signal handler (where almost nothing is safe to call).
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  const std::string name = "session-agent";
  Settings settings;
  CLI::App app{"Socket.IO v4 session agent: connects Socket.IO clients to a workflow engine.", name};
  app.set_version_flag("--version", name + " " + libsession::kVersion, "Print the version and exit");
  app.add_option("--host", settings.server.host, "Address to listen on")->capture_default_str();
  app.add_option("-p,--port", settings.server.port, "TCP port (0: any free port)")
      ->capture_default_str();
  app.add_option("-i,--node-id", settings.agent.nodeId, "This node's id (engine routing key)")
      ->capture_default_str();
  app.add_option("--broker", settings.brokerUrl,
                 "RabbitMQ of the engine, amqp://user:pass@host:port/vhost (default: loopback engine)");
  app.add_option("--redis", settings.redisUrl,
                 "Redis session directory, redis://host:port/db (default: in memory)");
  CLI11_PARSE(app, argc, argv);

  libsession::Server server(settings.server);
  libsession::EventLoop& loop = server.loop();
  libsession::SocketIoChannelSender sender(server.socketIo());
  libsession::SessionHub hub(loop, sender);

  std::unique_ptr<libsession::EngineTransport> engine;
  // The transport reports bodies it could not read; the agent answers them, once it exists.
  libsession::SessionAgent* agentForReports = nullptr;
  std::string engineKind = "loopback";
  if (settings.brokerUrl.empty()) {
    engine = std::make_unique<libsession::LoopbackEngineTransport>(loop);
  } else {
    libsession::RabbitMqOptions rabbit;
    rabbit.url = settings.brokerUrl;
    rabbit.nodeId = settings.agent.nodeId;
    rabbit.nodeQueue = nodeQueueFor(settings.agent.nodeId);
    rabbit.onMalformed = [&agentForReports](const libsession::MalformedMessage& malformed) {
      std::cerr << "engine message rejected (" << malformed.error.message() << ", "
                << malformed.body.size() << " bytes, routing key '" << malformed.routingKey
                << "')" << std::endl;
      if (agentForReports != nullptr) {
        agentForReports->reportMalformedMessage(libsession::Value(),
                                                "unreadable Message: " + malformed.error.message());
      }
    };
    try {
      engine = std::make_unique<libsession::RabbitMqEngineTransport>(loop, std::move(rabbit));
    } catch (const std::exception& e) {
      std::cerr << name << ": --broker: " << e.what() << std::endl;
      return 2;
    }
    engineKind = "rabbitmq";
  }

  std::unique_ptr<libsession::SessionDirectory> directory;
  std::string directoryKind = "memory";
  if (settings.redisUrl.empty()) {
    directory = std::make_unique<libsession::MemorySessionDirectory>(settings.agent.nodeId);
  } else {
    libsession::RedisSessionDirectoryOptions redis;
    redis.url = settings.redisUrl;
    redis.nodeId = settings.agent.nodeId;
    try {
      directory = std::make_unique<libsession::RedisSessionDirectory>(std::move(redis));
    } catch (const std::exception& e) {
      std::cerr << name << ": --redis: " << e.what() << std::endl;
      return 2;
    }
    directoryKind = "redis";
  }
  hub.onSessionStarted([&directory](const libsession::SessionInfo& session) {
    directory->sessionStarted(session);
  });
  hub.onSessionEnded([&directory](const libsession::SessionInfo& session, std::string_view) {
    directory->sessionEnded(session);
  });

  libsession::SessionAgent agent(loop, hub, *engine, settings.agent);
  agentForReports = &agent;
  libsession::Namespace& root = server.socketIo().of("/");
  root.setAuthenticator(libsession::tokenAsParticipant());
  libsession::attachSessionHub(hub, root);
  agent.attach(root);

  const auto started = std::chrono::steady_clock::now();
  server.setHttpHandler([&](std::shared_ptr<libsession::HttpExchange> exchange) {
    const auto& request = exchange->request();
    if (request.path() != "/health") {
      return exchange->respond(libsession::HttpResponse::json(404, R"({"error":"not found"})"));
    }
    if (request.method != "GET") {
      return exchange->respond(libsession::HttpResponse::json(405, R"({"error":"method not allowed"})"));
    }
    const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(
        std::chrono::steady_clock::now() - started);
    const bool engineUp = agent.engineLinkUp();
    const bool directoryUp = directory->healthy();
    const bool ready = engineUp && directoryUp;
    libsession::Value health = libsession::Value::object({
        {"status", ready ? "ok" : "degraded"},
        {"nodeId", settings.agent.nodeId},
        {"version", libsession::kVersion},
        {"uptime_s", static_cast<double>(uptime.count())},
        {"connections", hub.connectionCount()},
        {"participants", hub.participantCount()},
        {"engine", libsession::Value::object({{"kind", engineKind}, {"up", engineUp}})},
        {"directory", libsession::Value::object({{"kind", directoryKind}, {"up", directoryUp}})},
    });
    exchange->respond(libsession::HttpResponse::json(ready ? 200 : 503, libsession::toJson(health)));
  });

  std::uint16_t port = 0;
  try {
    port = server.listen();
  } catch (const std::exception& e) {
    std::cerr << name << ": " << e.what() << std::endl;
    return 1;
  }
  directory->start();
  engine->start(agent);
  std::cout << name << " " << libsession::kVersion << " listening on " << settings.server.host
            << ":" << port << " (node " << settings.agent.nodeId << ", " << engineKind
            << " engine, " << directoryKind << " sessions)" << std::endl;

  std::thread signalWaiter([&server, stopSignals] {
    int signal = 0;
    sigwait(&stopSignals, &signal);
    server.stop();
  });
  signalWaiter.detach();
  server.run();
  // run() has returned: the network thread is this one, and no client is left.
  engine->stop();
  directory->stop();
  std::cout << name << " stopped" << std::endl;
  return 0;
}
