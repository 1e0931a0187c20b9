// libsession/server.hpp — a ready-to-run Socket.IO server on one TCP port (websocketpp + asio).
//
// One port serves everything: Socket.IO at `socketIoPath` (default /socket.io/) over HTTP
// long-polling and WebSocket, optionally a raw Engine.IO endpoint at `engineIoPath`, and any
// other path through the application's HttpHandler (404 JSON when there is none).
//
//   libsession::ServerOptions options;
//   options.port = 3000;
//   libsession::Server server(options);
//   server.socketIo().of("/").onConnection([](libsession::Socket& s) { s.emit("hello"); });
//   server.listen();
//   server.run();  // until stop()
//
// Threading: one network thread, the one that calls run(). All callbacks (Socket.IO handlers,
// hooks, the HttpHandler) run on it and must not block. Other threads reach it with
// loop().post(). stop() is thread-safe.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <libsession/engine_io_server.hpp>
#include <libsession/event_loop.hpp>
#include <libsession/http.hpp>
#include <libsession/socket_io_server.hpp>

namespace libsession {

struct ServerOptions {
  /// Address to listen on. Loopback by default: exposing the server is a deliberate choice.
  std::string host = "127.0.0.1";
  /// TCP port; 0 picks a free one (see listen()). 3000 is the Node agent's port.
  std::uint16_t port = 3000;
  /// Socket.IO path; requests whose path starts with it are Engine.IO requests.
  std::string socketIoPath = "/socket.io/";
  /// Raw Engine.IO path (messages without Socket.IO framing); empty: none.
  std::string engineIoPath;
  EngineIoOptions engine;
  SocketIoOptions socketIo;
  /// Most simultaneous TCP connections; further ones are closed at once. Keeps a flood from
  /// exhausting file descriptors that established clients need.
  std::size_t maxConnections = 10000;
};

/// Application bytes through the server since it started: HTTP bodies and WebSocket message
/// payloads (not HTTP headers or WebSocket framing).
struct ServerTraffic {
  std::uint64_t bytesReceived = 0;
  std::uint64_t bytesSent = 0;
};

class Server {
public:
  /// Throws std::invalid_argument for unusable options (bad paths).
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  SocketIoServer& socketIo() noexcept;
  /// Serves raw Engine.IO at options.engineIoPath with `handler`. Call before listen().
  EngineIoServer& serveEngineIo(EngineIoHandler& handler);
  /// Answers requests on other paths. Call before listen().
  void setHttpHandler(HttpHandler handler);
  /// The network thread's loop.
  EventLoop& loop() noexcept;

  /// Binds and starts accepting. Returns the bound port. Throws std::system_error when the
  /// address cannot be bound.
  std::uint16_t listen();
  /// Runs the network loop on the calling thread until stop().
  void run();
  /// Closes every session (clients are told to go away: WebSocket close 1001, polling clients
  /// get the close packet, on their next poll if none is pending — the port stays open up to
  /// 2 s for those), stops listening, and makes run() return. Thread-safe and idempotent.
  void stop();
  /// Refuses new Engine.IO sessions (503) while the open ones go on; the port stays open, as
  /// polling clients need new HTTP requests to finish. Thread-safe; stop() still ends it all.
  void refuseNewSessions();

  /// Open TCP connections (HTTP and WebSocket).
  std::size_t connectionCount() const noexcept;
  /// Thread-safe (relaxed counters: a reading from another thread may lag a little).
  ServerTraffic traffic() const noexcept;

private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace libsession
