// echo-server: one port serving Socket.IO (namespaces "/" and "/custom") at /socket.io/ and a raw
// Engine.IO echo at /engine.io/. Used by the integration tests; handy to try a client against.
//   Run:   ./echo-server --port 3000          (0 picks a free port; the chosen one is printed)
//   Try:   node -e "require('socket.io-client').io('http://127.0.0.1:3000',{auth:{token:'alice'}})
//                   .on('auth',a=>console.log(a)).emit('message','hi')"
// Events: on connect it emits `auth` (the handshake's auth) and `session` (its hub session);
// `message` comes back as `message-back`; `message-with-ack` is acked with its arguments;
// `send-to-participant` [participantId, ...args] emits `message` to all of that participant's
// connections; `emit-with-ack` [event, timeoutMs, ...args] makes the server emit to the client
// with an ack and report the outcome; `stats` is acked with the server's live counts (sockets,
// Engine.IO sessions, hub connections, TCP connections). With --require-token, a CONNECT without auth.token is refused.
#include <libsession/server.hpp>
#include <libsession/session_hub.hpp>
#include <libsession/version.hpp>

#include <CLI/CLI.hpp>

#include <pthread.h>

#include <csignal>
#include <iostream>
#include <thread>

namespace {

// Raw Engine.IO: every message goes straight back.
class EngineIoEcho final : public libsession::EngineIoHandler {
public:
  void onOpen(const std::shared_ptr<libsession::EngineIoSession>&) override {}
  void onMessage(libsession::EngineIoSession& session, libsession::engineio::Packet&& message) override {
    session.send(std::move(message.data), message.binary);
  }
  void onClose(libsession::EngineIoSession&, std::string_view) override {}
};

}  // namespace

int main(int argc, char** argv) {
  // SIGINT/SIGTERM are taken by a thread that waits for them, so that stopping happens outside
  // a signal handler (where almost nothing is safe to call).
  sigset_t stopSignals;
  sigemptyset(&stopSignals);
  sigaddset(&stopSignals, SIGINT);
  sigaddset(&stopSignals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stopSignals, nullptr);

  libsession::ServerOptions options;
  long pingInterval = 25000, pingTimeout = 20000, connectTimeout = 45000;
  std::size_t maxPayload = 1'000'000;
  bool requireToken = false;
  std::vector<std::string> corsOrigins;

  CLI::App app{"libsession echo server (Socket.IO + raw Engine.IO)"};
  app.add_option("--host", options.host, "address to listen on")->capture_default_str();
  app.add_option("--port", options.port, "TCP port (0: any free port)")->capture_default_str();
  app.add_option("--ping-interval", pingInterval, "ms between pings")->capture_default_str();
  app.add_option("--ping-timeout", pingTimeout, "ms to wait for a pong")->capture_default_str();
  app.add_option("--max-payload", maxPayload, "largest message/body in bytes")->capture_default_str();
  app.add_option("--connect-timeout", connectTimeout, "ms to join a namespace")->capture_default_str();
  app.add_option("--cors-origin", corsOrigins, "allowed CORS origin (repeatable, * for any)");
  app.add_flag("--require-token", requireToken, "refuse CONNECTs without auth.token");
  CLI11_PARSE(app, argc, argv);

  options.engine.pingInterval = std::chrono::milliseconds(pingInterval);
  options.engine.pingTimeout = std::chrono::milliseconds(pingTimeout);
  options.engine.maxHttpBufferSize = maxPayload;
  options.engine.cors.allowedOrigins = corsOrigins;
  options.socketIo.connectTimeout = std::chrono::milliseconds(connectTimeout);
  options.engineIoPath = "/engine.io/";

  libsession::Server server(options);
  EngineIoEcho engineIoEcho;
  server.serveEngineIo(engineIoEcho);

  libsession::SocketIoChannelSender sender(server.socketIo());
  libsession::SessionHub hub(server.loop(), sender);

  for (const std::string name : {"/", "/custom"}) {
    libsession::Namespace& space = server.socketIo().of(name);
    space.setAuthenticator(libsession::tokenAsParticipant(requireToken));
    libsession::attachSessionHub(hub, space);
    space.onConnection([&hub](libsession::Socket& socket) {
      socket.emit("auth", {socket.auth()});
      if (const libsession::SessionInfo* info = hub.find(socket.id())) {
        socket.emit("session", {libsession::Value::object({{"sessionId", info->session.str()},
                                                           {"channelId", info->channel.str()},
                                                           {"participantId", info->participant.str()},
                                                           {"proxy", info->proxy}})});
      }
      socket.on("message", [](libsession::Socket& s, libsession::Value::Array args, libsession::Ack) {
        s.emit("message-back", std::move(args));
      });
      socket.on("message-with-ack", [](libsession::Socket&, libsession::Value::Array args, libsession::Ack ack) {
        ack(std::move(args));
      });
      // `emit-with-ack` [event, timeoutMs, ...args]: the server emits `event` to this client with
      // an ack and reports the outcome by acking the request: {ok, args} or {ok:false, error}.
      socket.on("emit-with-ack", [](libsession::Socket& s, libsession::Value::Array args, libsession::Ack ack) {
        if (args.size() < 2 || !args[0].isString() || !args[1].isNumber()) return ack({false});
        const std::string event = *args[0].asString();
        const auto timeout = std::chrono::milliseconds(static_cast<long>(*args[1].asNumber()));
        args.erase(args.begin(), args.begin() + 2);
        auto reply = std::make_shared<libsession::Ack>(std::move(ack));
        s.emitWithAck(event, std::move(args), [reply](std::error_code ec, libsession::Value::Array result) {
          if (ec) return (*reply)({libsession::Value::object({{"ok", false}, {"error", ec.message()}})});
          (*reply)({libsession::Value::object({{"ok", true}, {"args", libsession::Value(std::move(result))}})});
        }, timeout);
      });
      socket.on("send-to-participant", [&hub](libsession::Socket&, libsession::Value::Array args, libsession::Ack ack) {
        if (args.empty() || !args.front().isString()) return ack({0});
        const libsession::ParticipantId target(*args.front().asString());
        args.erase(args.begin());
        ack({hub.emitToParticipant(target, "message", args)});
      });
    });
    // `stats` is acked with what the server holds right now, for the integration tests' leak
    // checks (tests/integration).
    space.onConnection([&server, &hub](libsession::Socket& socket) {
      socket.on("stats", [&server, &hub](libsession::Socket&, libsession::Value::Array, libsession::Ack ack) {
        ack({libsession::Value::object({{"sockets", server.socketIo().socketCount()},
                                        {"engineSessions", server.socketIo().engine().sessionCount()},
                                        {"hubConnections", hub.connectionCount()},
                                        {"tcpConnections", server.connectionCount()}})});
      });
    });
  }

  const std::uint16_t port = server.listen();
  std::cout << "echo-server " << libsession::kVersion << " listening on " << options.host << ":"
            << port << std::endl;
  std::thread signalWaiter([&server, stopSignals] {
    int signal = 0;
    sigwait(&stopSignals, &signal);
    server.stop();
  });
  signalWaiter.detach();
  server.run();
  std::cout << "echo-server stopped" << std::endl;
  return 0;
}
