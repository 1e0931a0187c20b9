// session-agent — the Socket.IO session agent between clients and the workflow engine.
//
// One port (default 3000) serves Socket.IO at /socket.io/ and GET /health. A client connects
// with auth {token}; the token names the participant. Its `message` events (Events) go to the
// engine; the engine's Messages come back as `message` events. This version runs the embedded
// loopback engine (each Event is answered with a Message to its sender); the RabbitMQ link and
// the configuration file come with the next issues.
#include <libsession/json.hpp>
#include <libsession/loopback_engine_transport.hpp>
#include <libsession/server.hpp>
#include <libsession/session_agent.hpp>
#include <libsession/session_hub.hpp>
#include <libsession/version.hpp>

#include <CLI/CLI.hpp>

#include <pthread.h>

#include <csignal>
#include <iostream>
#include <thread>

int main(int argc, char** argv) {
  // SIGINT/SIGTERM are taken by a thread that waits for them, so that stopping happens outside
  // a signal handler (where almost nothing is safe to call).
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  const std::string name = "session-agent";
  libsession::ServerOptions options;
  libsession::SessionAgentOptions agentOptions;
  CLI::App app{"Socket.IO v4 session agent: connects Socket.IO clients to a workflow engine.", name};
  app.set_version_flag("--version", name + " " + libsession::kVersion, "Print the version and exit");
  app.add_option("--host", options.host, "Address to listen on")->capture_default_str();
  app.add_option("-p,--port", options.port, "TCP port (0: any free port)")->capture_default_str();
  app.add_option("-i,--node-id", agentOptions.nodeId, "This node's id (engine routing key)")
      ->capture_default_str();
  CLI11_PARSE(app, argc, argv);

  libsession::Server server(options);
  libsession::SocketIoChannelSender sender(server.socketIo());
  libsession::SessionHub hub(server.loop(), sender);
  libsession::LoopbackEngineTransport engine(server.loop());
  libsession::SessionAgent agent(server.loop(), hub, engine, agentOptions);

  libsession::Namespace& root = server.socketIo().of("/");
  root.setAuthenticator(libsession::tokenAsParticipant());
  libsession::attachSessionHub(hub, root);
  agent.attach(root);
  engine.start(agent);

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
    const bool ready = agent.engineLinkUp();
    libsession::Value health = libsession::Value::object({
        {"status", ready ? "ok" : "degraded"},
        {"nodeId", agentOptions.nodeId},
        {"version", libsession::kVersion},
        {"uptime_s", static_cast<double>(uptime.count())},
        {"connections", hub.connectionCount()},
        {"participants", hub.participantCount()},
        {"engine", libsession::Value::object({{"kind", "loopback"}, {"up", ready}})},
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
  std::cout << name << " " << libsession::kVersion << " listening on " << options.host << ":"
            << port << " (node " << agentOptions.nodeId << ", loopback engine)" << std::endl;

  std::thread signalWaiter([&server, stopSignals] {
    int signal = 0;
    sigwait(&stopSignals, &signal);
    server.stop();
  });
  signalWaiter.detach();
  server.run();
  engine.stop();
  std::cout << name << " stopped" << std::endl;
  return 0;
}
