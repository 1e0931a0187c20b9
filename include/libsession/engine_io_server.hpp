// libsession/engine_io_server.hpp — an Engine.IO v4 server, independent of the network library.
//
// EngineIoServer implements the Engine.IO rules of the reference server (engine.io 6): the
// handshake, HTTP long-polling, WebSocket, the polling → WebSocket upgrade, heartbeats, payload
// limits and the reference's error answers. It receives requests through the seam in http.hpp,
// so any transport can drive it; Server (server.hpp) drives it with websocketpp.
//
// Applications use it directly for raw Engine.IO (messages without Socket.IO framing), or
// through SocketIoServer, which sits on top of it.
//
// Threading: every member is called on the EventLoop's thread, and every callback runs there.
// Lifetime: the server must outlive the EventLoop's pending tasks, or be stopped first
// (closeAll()).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <libsession/codec/engine_io.hpp>
#include <libsession/event_loop.hpp>
#include <libsession/http.hpp>

namespace libsession {

/// Cross-origin (CORS) policy for browser clients on other origins.
struct CorsOptions {
  /// Origins allowed to read responses. Empty (the default): no CORS headers at all, so only
  /// same-origin pages can use the server — the safe default. "*" allows every origin.
  std::vector<std::string> allowedOrigins;
  /// Send Access-Control-Allow-Credentials: true (cookies, HTTP auth). With "*" the request's
  /// own origin is echoed instead of "*", since browsers refuse "*" with credentials.
  bool allowCredentials = false;
};

struct EngineIoOptions {
  /// Time between server pings. The reference default.
  std::chrono::milliseconds pingInterval{25000};
  /// Time the client has to answer a ping before the session is closed. The reference default.
  std::chrono::milliseconds pingTimeout{20000};
  /// Time a polling client has to complete a WebSocket upgrade before the probe is dropped.
  std::chrono::milliseconds upgradeTimeout{10000};
  /// Largest HTTP body or WebSocket message accepted (the reference's maxHttpBufferSize).
  std::size_t maxHttpBufferSize = 1'000'000;
  /// Transports offered. Both by default, like the reference.
  bool allowPolling = true;
  bool allowWebSocket = true;
  /// Offer the polling → WebSocket upgrade.
  bool allowUpgrades = true;
  /// Most packets sent in one long-polling response. The reference has no limit, but
  /// python-engineio drops the connection when a response holds more than 16 packets; the rest
  /// goes out on the next poll.
  std::size_t maxPacketsPerPoll = 16;
  CorsOptions cors;
};

enum class EngineIoTransport { polling, websocket };

/// One Engine.IO session (one client connection, whatever its transport).
class EngineIoSession {
public:
  virtual ~EngineIoSession() = default;
  /// The session id ("sid") the client uses.
  virtual const std::string& id() const noexcept = 0;
  virtual EngineIoTransport transport() const noexcept = 0;
  /// The request that opened the session (headers, query, remote address).
  virtual const HttpRequest& handshakeRequest() const noexcept = 0;
  /// The same request, shared (sockets keep it without copying its headers).
  virtual std::shared_ptr<const HttpRequest> sharedHandshakeRequest() const noexcept = 0;
  /// From now on the handshake request holds only its method, target, remote address and the
  /// headers named here (case-insensitive; "*" keeps all): a full set of browser headers costs
  /// 1–2 KB for the session's whole life. The full request lives on only while someone holds
  /// sharedHandshakeRequest(); references from handshakeRequest() end with it. Only the first
  /// call has an effect.
  virtual void keepHandshakeHeaders(const std::vector<std::string>& names) = 0;
  /// Queues a message (text, or binary when `binary`). Ignored once the session is closing.
  virtual void send(std::string data, bool binary = false) = 0;
  /// Queues several messages to go out together (a Socket.IO packet and its attachments).
  virtual void send(std::vector<engineio::Packet> messages) = 0;
  /// The same, for messages shared by many sessions (one encoding sent to many connections):
  /// they are copied only if they must wait for a transport.
  virtual void sendShared(const std::vector<engineio::Packet>& messages) = 0;
  /// Closes the session from the server side; onClose follows with reason "forced close".
  virtual void close() = 0;
  virtual bool isOpen() const noexcept = 0;
};

/// The application side of an EngineIoServer. Every session gets exactly one onOpen and, later,
/// exactly one onClose.
class EngineIoHandler {
public:
  virtual ~EngineIoHandler() = default;
  virtual void onOpen(const std::shared_ptr<EngineIoSession>& session) = 0;
  virtual void onMessage(EngineIoSession& session, engineio::Packet&& message) = 0;
  /// Reasons, as the reference names them: "transport close", "transport error",
  /// "ping timeout", "parse error", "forced close", "server shutting down".
  virtual void onClose(EngineIoSession& session, std::string_view reason) = 0;
};

class EngineIoServer {
public:
  EngineIoServer(EventLoop& loop, EngineIoOptions options, EngineIoHandler& handler);
  ~EngineIoServer();
  EngineIoServer(const EngineIoServer&) = delete;
  EngineIoServer& operator=(const EngineIoServer&) = delete;

  /// An HTTP request on the Engine.IO path (polling, handshake, CORS preflight, or errors).
  void handleHttp(const std::shared_ptr<HttpExchange>& exchange);

  /// Decides whether a WebSocket upgrade request may proceed. Returns nullopt to accept, or the
  /// error response to send instead of the 101 (the reference answers 400 text/html).
  std::optional<HttpResponse> checkWebSocket(const HttpRequest& request) const;
  /// Headers to add to the 101 response (CORS).
  HttpHeaders webSocketResponseHeaders(const HttpRequest& request) const;
  /// An accepted WebSocket on the Engine.IO path. Returns the listener that must receive its
  /// traffic.
  std::shared_ptr<WebSocketListener> acceptWebSocket(const HttpRequest& request,
                                                     std::shared_ptr<WebSocketConnection> socket);

  /// Closes every session (reason "server shutting down"); WebSockets get close code 1001, and
  /// polling clients get the close packet on their pending poll or, when none is pending, on
  /// the next one (the session stays known for that, see closingSessionCount()).
  void closeAll();
  /// From now on, handshakes (polling and WebSocket) are answered 503 "Server shutting down"
  /// while the open sessions carry on: the first step of a graceful shutdown, so clients
  /// reconnect elsewhere while the ones still here finish their work.
  void refuseNewSessions();

  std::size_t sessionCount() const noexcept;
  /// Sessions closed by the server whose polling client has not fetched its close packet yet
  /// (they are forgotten once it has, or after 30 s).
  std::size_t closingSessionCount() const noexcept;
  /// Open sessions currently on `transport` (a session that upgraded counts as websocket).
  std::size_t sessionCount(EngineIoTransport transport) const noexcept;
  const EngineIoOptions& options() const noexcept;
  /// Replaces the CORS rules for the requests that follow (e.g. on a configuration reload).
  void setCors(CorsOptions cors);

  /// The implementation, defined inside the library (named here only so that the library's
  /// internal classes can refer to it).
  class Impl;

private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace libsession
