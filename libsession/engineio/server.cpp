// EngineIoServer: the Engine.IO v4 server rules, as the reference engine.io 6 applies them.
// docs/notes/reference-server-behaviour.md records the reference behaviour this follows; the
// places where we deliberately differ are marked "Deviation".
#include <libsession/engine_io_server.hpp>

#include <libsession/error.hpp>
#include <libsession/json.hpp>

#include <algorithm>
#include <iterator>
#include <unordered_map>

#include "core/random_id.hpp"

namespace libsession {
namespace {

// The reference server's error codes (engine.io Server.errors) and messages, and one of ours.
enum class EngineError { unknown_transport = 0, unknown_sid, bad_handshake_method, bad_request,
                         forbidden, unsupported_protocol_version, shutting_down = 100 };

const char* errorMessage(EngineError e) {
  switch (e) {
    case EngineError::unknown_transport: return "Transport unknown";
    case EngineError::unknown_sid: return "Session ID unknown";
    case EngineError::bad_handshake_method: return "Bad handshake method";
    case EngineError::bad_request: return "Bad request";
    case EngineError::forbidden: return "Forbidden";
    case EngineError::unsupported_protocol_version: return "Unsupported protocol version";
    case EngineError::shutting_down: return "Server shutting down";
  }
  return "Bad request";
}

HttpResponse errorResponse(EngineError e) {
  Value body = Value::object({{"code", static_cast<int>(e)}, {"message", errorMessage(e)}});
  const int status = e == EngineError::forbidden       ? 403
                     : e == EngineError::shutting_down ? 503
                                                       : 400;
  return HttpResponse::json(status, toJson(body));
}

HttpResponse emptyResponse(int status) {
  HttpResponse response;
  response.status = status;
  return response;
}

// The interval at which a pending poll is released with a noop while a WebSocket upgrade is in
// progress (engine.io Socket._maybeUpgrade).
constexpr std::chrono::milliseconds kUpgradeNoopInterval{100};
// How long a closed polling session waits for the GET that carries its close packet
// (engine.io Polling closeTimeout).
constexpr std::chrono::milliseconds kPollingCloseTimeout{30000};

// Adds a field to the Vary header, keeping the ones already there.
void addVary(HttpResponse& response, std::string_view field) {
  for (auto& [name, value] : response.headers) {
    if (name == "Vary") {
      value += ", ";
      value += field;
      return;
    }
  }
  response.headers.emplace_back("Vary", std::string(field));
}

void cancel(std::shared_ptr<Timer>& timer) {
  if (timer) {
    timer->cancel();
    timer.reset();
  }
}

}  // namespace

class EngineIoServerSession;

class EngineIoServer::Impl : public std::enable_shared_from_this<Impl> {
public:
  Impl(EventLoop& loop, EngineIoOptions options, EngineIoHandler& handler)
      : loop_(loop), options_(std::move(options)), handler_(handler) {}

  void handleHttp(const std::shared_ptr<HttpExchange>& exchange);
  std::optional<HttpResponse> checkWebSocket(const HttpRequest& request) const;
  std::shared_ptr<WebSocketListener> acceptWebSocket(const HttpRequest& request,
                                                     std::shared_ptr<WebSocketConnection> socket);
  void closeAll();

  void addCorsHeaders(const HttpRequest& request, HttpResponse& response) const;
  void respond(HttpExchange& exchange, HttpResponse response) const {
    addCorsHeaders(exchange.request(), response);
    exchange.respond(std::move(response));
  }
  void forget(const std::string& sid) { sessions_.erase(sid); }
  std::size_t openSessionCount() const noexcept;

  EventLoop& loop_;
  EngineIoOptions options_;
  EngineIoHandler& handler_;
  bool refusingNewSessions_ = false;
  std::unordered_map<std::string, std::shared_ptr<EngineIoServerSession>> sessions_;
  detail::RandomIdGenerator ids_;

private:
  std::shared_ptr<EngineIoServerSession> openSession(const HttpRequest& request,
                                                     EngineIoTransport transport);
  void handlePreflight(HttpExchange& exchange) const;
};

// One Engine.IO session. Owned by the server's session map while open; timers and listeners
// hold weak references only.
class EngineIoServerSession final : public EngineIoSession,
                                    public std::enable_shared_from_this<EngineIoServerSession> {
public:
  enum class State { open, closing, closed };

  EngineIoServerSession(std::weak_ptr<EngineIoServer::Impl> server, std::string id,
                        HttpRequest handshake, EngineIoTransport transport)
      : server_(std::move(server)), id_(std::move(id)),
        handshake_(std::make_shared<HttpRequest>(std::move(handshake))),
        transport_(transport) {
    handshake_->body.clear();  // only headers and query are of later interest
  }

  // EngineIoSession
  const std::string& id() const noexcept override { return id_; }
  EngineIoTransport transport() const noexcept override { return transport_; }
  const HttpRequest& handshakeRequest() const noexcept override { return *handshake_; }
  std::shared_ptr<const HttpRequest> sharedHandshakeRequest() const noexcept override {
    return handshake_;
  }
  void keepHandshakeHeaders(const std::vector<std::string>& names) override;
  bool isOpen() const noexcept override { return state_ == State::open; }
  void send(std::string data, bool binary) override {
    if (writesDirectly()) {
      write(engineio::Packet{engineio::PacketType::message, std::move(data), binary});
      return;
    }
    queue(engineio::Packet{engineio::PacketType::message, std::move(data), binary});
    flush();
  }
  void send(std::vector<engineio::Packet> messages) override { sendShared(messages); }
  void sendShared(const std::vector<engineio::Packet>& messages) override {
    if (writesDirectly()) {
      for (const auto& m : messages) write(m);
      return;
    }
    for (const auto& m : messages) queue(m);
    flush();
  }
  void close() override {
    closeWith("forced close", /*transportGone=*/false, WebSocketCloseCode::no_status,
              /*goodbyePoll=*/true);
  }

  // Called by the server
  void start(const std::shared_ptr<WebSocketConnection>& socket);
  void onPollGet(const std::shared_ptr<HttpExchange>& exchange);
  void onPollPost(const std::shared_ptr<HttpExchange>& exchange);
  void beginUpgrade(const std::shared_ptr<WebSocketConnection>& probe);
  void onSocketMessage(const WebSocketConnection* socket, std::string_view bytes, bool binary);
  void onSocketClose(const WebSocketConnection* socket);
  /// Ends the session. `goodbyePoll`: a polling client with no poll pending is told on its next
  /// poll (only for a deliberate server close; after an error the sid is simply forgotten, so
  /// the next poll gets "Session ID unknown", as with the reference).
  void closeWith(std::string_view reason, bool transportGone,
                 WebSocketCloseCode code = WebSocketCloseCode::no_status,
                 bool goodbyePoll = false);
  bool canUpgrade() const noexcept {
    return state_ == State::open && transport_ == EngineIoTransport::polling && !upgrading_ &&
           !upgraded_;
  }
  State state() const noexcept { return state_; }

private:
  void queue(engineio::Packet packet) {
    if (state_ != State::open) return;
    buffer_.push_back(std::move(packet));
  }
  /// An open session on its WebSocket has nothing queued (flush() empties the queue at once):
  /// its packets go straight to the socket.
  bool writesDirectly() const noexcept {
    return state_ == State::open && transport_ == EngineIoTransport::websocket && socket_ &&
           buffer_.empty();
  }
  /// One packet as one WebSocket frame: text packets are the type character then the data,
  /// binary ones the bare data (Engine.IO v4).
  void write(const engineio::Packet& packet) {
    if (packet.binary) return socket_->send(packet.data, true);
    const char type = engineio::toChar(packet.type);
    socket_->sendParts(std::string_view(&type, 1), packet.data, false);
  }
  void flush();
  void answerPoll(std::vector<engineio::Packet> packets);
  void onPacket(engineio::Packet&& packet);
  void schedulePing();
  void resetPingTimeout();
  void checkUpgradeNoop();
  void completeUpgrade();
  void abortUpgrade();
  void cancelTimers();
  std::shared_ptr<EngineIoServer::Impl> server() const { return server_.lock(); }
  std::weak_ptr<EngineIoServerSession> weak() { return weak_from_this(); }

  std::weak_ptr<EngineIoServer::Impl> server_;
  std::string id_;
  std::shared_ptr<HttpRequest> handshake_;
  bool handshakeTrimmed_ = false;
  EngineIoTransport transport_;
  State state_ = State::open;
  bool closeNotified_ = false;

  // Packets waiting for a transport: a vector, not a deque, because libstdc++'s deque
  // allocates ~600 bytes as soon as it exists and most sessions (WebSocket) never queue.
  std::vector<engineio::Packet> buffer_;
  std::shared_ptr<HttpExchange> pendingGet_;
  std::shared_ptr<WebSocketConnection> socket_;  // the WebSocket transport, once in use
  std::shared_ptr<WebSocketConnection> probe_;   // a WebSocket being upgraded to
  bool upgrading_ = false;
  bool upgraded_ = false;
  bool pingTimeoutRefreshed_ = false;

  std::shared_ptr<Timer> pingIntervalTimer_;
  std::shared_ptr<Timer> pingTimeoutTimer_;
  std::shared_ptr<Timer> upgradeTimer_;
  std::shared_ptr<Timer> upgradeNoopTimer_;
  std::shared_ptr<Timer> closeTimer_;
};

namespace {

// Routes one WebSocket's traffic to its session; the session tells its active transport from
// an upgrade probe by the connection's identity.
class SessionSocketListener final : public WebSocketListener {
public:
  SessionSocketListener(std::weak_ptr<EngineIoServerSession> session,
                        const WebSocketConnection* socket)
      : session_(std::move(session)), socket_(socket) {}
  void onMessage(std::string_view bytes, bool binary) override {
    if (auto s = session_.lock()) s->onSocketMessage(socket_, bytes, binary);
  }
  void onClose() override {
    if (auto s = session_.lock()) s->onSocketClose(socket_);
  }

private:
  std::weak_ptr<EngineIoServerSession> session_;
  const WebSocketConnection* socket_;
};

class IgnoringListener final : public WebSocketListener {
public:
  void onMessage(std::string_view, bool) override {}
  void onClose() override {}
};

}  // namespace

// ---------------------------------------------------------------------------------------------
// Session

void EngineIoServerSession::keepHandshakeHeaders(const std::vector<std::string>& names) {
  if (handshakeTrimmed_) return;
  handshakeTrimmed_ = true;
  if (std::find(names.begin(), names.end(), "*") != names.end()) return;
  handshake_ = std::make_shared<HttpRequest>(handshake_->withHeadersOnly(names));
}

void EngineIoServerSession::start(const std::shared_ptr<WebSocketConnection>& socket) {
  auto srv = server();
  socket_ = socket;
  engineio::Handshake open;
  open.sid = id_;
  if (transport_ == EngineIoTransport::polling && srv->options_.allowUpgrades &&
      srv->options_.allowWebSocket) {
    open.upgrades.push_back("websocket");
  }
  open.pingInterval = static_cast<std::uint64_t>(srv->options_.pingInterval.count());
  open.pingTimeout = static_cast<std::uint64_t>(srv->options_.pingTimeout.count());
  open.maxPayload = srv->options_.maxHttpBufferSize;
  buffer_.push_back(engineio::Packet{engineio::PacketType::open, engineio::encodeHandshake(open), false});
  schedulePing();
  flush();
}

void EngineIoServerSession::flush() {
  if (buffer_.empty()) return;
  if (transport_ == EngineIoTransport::websocket) {
    if (!socket_) return;
    // Moved out first: a send may close the session, which clears the buffer.
    std::vector<engineio::Packet> packets;
    packets.swap(buffer_);
    for (const auto& packet : packets) write(packet);
    return;
  }
  if (!pendingGet_) return;
  auto srv = server();
  const std::size_t limit = srv ? std::max<std::size_t>(1, srv->options_.maxPacketsPerPoll) : 16;
  std::vector<engineio::Packet> packets;
  if (buffer_.size() <= limit) {
    packets.swap(buffer_);
  } else {
    const auto end = buffer_.begin() + static_cast<std::ptrdiff_t>(limit);
    packets.assign(std::make_move_iterator(buffer_.begin()), std::make_move_iterator(end));
    buffer_.erase(buffer_.begin(), end);
  }
  answerPoll(std::move(packets));
}

void EngineIoServerSession::answerPoll(std::vector<engineio::Packet> packets) {
  auto exchange = std::move(pendingGet_);
  pendingGet_.reset();
  if (!exchange) return;
  HttpResponse response =
      HttpResponse::text(200, engineio::encodePayload(packets), "text/plain; charset=UTF-8");
  response.setHeader("Cache-Control", "no-store");
  if (auto srv = server()) {
    srv->respond(*exchange, std::move(response));
  } else {
    exchange->respond(std::move(response));
  }
}

void EngineIoServerSession::onPollGet(const std::shared_ptr<HttpExchange>& exchange) {
  auto srv = server();
  if (state_ == State::closing) {
    // The session was closed while no poll was pending: polls now drain what was queued (the
    // close packet last), at most maxPacketsPerPoll at a time.
    pendingGet_ = exchange;
    flush();
    if (buffer_.empty()) {
      state_ = State::closed;
      cancel(closeTimer_);
      if (srv) srv->forget(id_);
    }
    return;
  }
  if (pendingGet_) {
    // Two concurrent polls: the reference treats it as a broken client and closes the session.
    if (srv) srv->respond(*exchange, emptyResponse(400));
    closeWith("transport error", /*transportGone=*/false);
    return;
  }
  pendingGet_ = exchange;
  flush();
}

void EngineIoServerSession::onPollPost(const std::shared_ptr<HttpExchange>& exchange) {
  auto srv = server();
  if (!srv) return;
  const HttpRequest& request = exchange->request();
  // Engine.IO v4 polling bodies are always text; a binary body means a confused client.
  if (auto type = request.header("Content-Type"); type && *type == "application/octet-stream") {
    srv->respond(*exchange, emptyResponse(400));
    closeWith("transport error", false);
    return;
  }
  if (request.body.size() > srv->options_.maxHttpBufferSize) {
    // Like the reference: refuse this body but keep the session.
    srv->respond(*exchange, emptyResponse(413));
    return;
  }
  CodecLimits limits;
  limits.maxPayloadBytes = srv->options_.maxHttpBufferSize;
  std::vector<engineio::Packet> packets;
  const std::error_code ec = engineio::decodePayload(request.body, packets, limits);

  HttpResponse ok = HttpResponse::text(200, "ok", "text/html");
  ok.setHeader("Cache-Control", "no-store");
  if (ec) {
    srv->respond(*exchange, std::move(ok));
    closeWith("parse error", false);
    return;
  }
  auto self = shared_from_this();  // handlers may close us while we iterate
  for (auto& packet : packets) {
    if (state_ != State::open) break;
    if (packet.type == engineio::PacketType::close) {
      // The client says goodbye: release its pending poll, then close.
      if (pendingGet_) answerPoll({engineio::Packet{engineio::PacketType::noop, {}, false}});
      closeWith("transport close", /*transportGone=*/true);
      break;
    }
    onPacket(std::move(packet));
  }
  srv->respond(*exchange, std::move(ok));
}

void EngineIoServerSession::onPacket(engineio::Packet&& packet) {
  if (state_ != State::open) return;
  auto srv = server();
  if (!srv) return;
  // Any traffic while a pong is awaited proves the peer alive: extend the deadline, once per
  // ping (engine.io Socket.onPacket).
  if (pingTimeoutTimer_ && !pingTimeoutRefreshed_ && packet.type != engineio::PacketType::pong) {
    pingTimeoutRefreshed_ = true;
    resetPingTimeout();
  }
  switch (packet.type) {
    case engineio::PacketType::ping:
      // In v4 only the server pings; a client ping is a protocol error.
      closeWith("transport error", false);
      return;
    case engineio::PacketType::pong:
      cancel(pingTimeoutTimer_);
      schedulePing();
      return;
    case engineio::PacketType::message:
      srv->handler_.onMessage(*this, std::move(packet));
      return;
    default:
      // open, close (over WebSocket only the close frame counts), upgrade, noop: ignored.
      return;
  }
}

void EngineIoServerSession::schedulePing() {
  auto srv = server();
  if (!srv) return;
  cancel(pingIntervalTimer_);
  pingIntervalTimer_ = srv->loop_.startTimer(srv->options_.pingInterval, [w = weak()] {
    auto self = w.lock();
    if (!self || self->state_ != State::open) return;
    self->pingIntervalTimer_.reset();
    self->pingTimeoutRefreshed_ = false;
    self->queue(engineio::Packet{engineio::PacketType::ping, {}, false});
    self->flush();
    self->resetPingTimeout();
  });
}

void EngineIoServerSession::resetPingTimeout() {
  auto srv = server();
  if (!srv) return;
  cancel(pingTimeoutTimer_);
  pingTimeoutTimer_ = srv->loop_.startTimer(srv->options_.pingTimeout, [w = weak()] {
    if (auto self = w.lock()) {
      self->pingTimeoutTimer_.reset();
      self->closeWith("ping timeout", false);
    }
  });
}

void EngineIoServerSession::beginUpgrade(const std::shared_ptr<WebSocketConnection>& probe) {
  auto srv = server();
  upgrading_ = true;
  probe_ = probe;
  upgradeTimer_ = srv->loop_.startTimer(srv->options_.upgradeTimeout, [w = weak()] {
    if (auto self = w.lock()) {
      self->upgradeTimer_.reset();
      self->abortUpgrade();
    }
  });
}

void EngineIoServerSession::checkUpgradeNoop() {
  auto srv = server();
  if (!srv || !upgrading_) return;
  // Release the client's pending poll so that it can pause polling and finish the upgrade.
  if (transport_ == EngineIoTransport::polling && pendingGet_) {
    answerPoll({engineio::Packet{engineio::PacketType::noop, {}, false}});
  }
  upgradeNoopTimer_ = srv->loop_.startTimer(kUpgradeNoopInterval, [w = weak()] {
    if (auto self = w.lock()) self->checkUpgradeNoop();
  });
}

void EngineIoServerSession::completeUpgrade() {
  cancel(upgradeTimer_);
  cancel(upgradeNoopTimer_);
  upgrading_ = false;
  upgraded_ = true;
  // Deviation: the reference answers a poll still pending at this point with a close packet;
  // a noop releases it just as well without telling a confused client to give up.
  if (pendingGet_) answerPoll({engineio::Packet{engineio::PacketType::noop, {}, false}});
  transport_ = EngineIoTransport::websocket;
  socket_ = std::move(probe_);
  probe_.reset();
  flush();  // whatever was queued during the upgrade goes out first, in order
}

void EngineIoServerSession::abortUpgrade() {
  cancel(upgradeTimer_);
  cancel(upgradeNoopTimer_);
  upgrading_ = false;
  if (auto probe = std::move(probe_)) {
    probe_.reset();
    probe->close(WebSocketCloseCode::no_status);
  }
}

void EngineIoServerSession::onSocketMessage(const WebSocketConnection* socket,
                                            std::string_view bytes, bool binary) {
  auto srv = server();
  if (!srv || state_ != State::open) return;
  CodecLimits limits;
  limits.maxPayloadBytes = srv->options_.maxHttpBufferSize;
  engineio::Packet packet;
  const std::error_code ec = engineio::decodeFrame(bytes, binary, packet, limits);

  if (probe_ && socket == probe_.get()) {
    if (ec) return abortUpgrade();
    if (packet.type == engineio::PacketType::ping && packet.data == "probe" && !binary) {
      probe_->send("3probe", false);
      cancel(upgradeNoopTimer_);
      checkUpgradeNoop();
    } else if (packet.type == engineio::PacketType::upgrade) {
      completeUpgrade();
    } else {
      abortUpgrade();  // anything else on a probe: drop the probe, keep polling
    }
    return;
  }
  if (!socket_ || socket != socket_.get()) return;
  if (ec) {
    closeWith(ec == Errc::payload_too_large ? "transport error" : "parse error", false,
              ec == Errc::payload_too_large ? WebSocketCloseCode::message_too_big
                                            : WebSocketCloseCode::no_status);
    return;
  }
  onPacket(std::move(packet));
}

void EngineIoServerSession::onSocketClose(const WebSocketConnection* socket) {
  if (probe_ && socket == probe_.get()) {
    probe_.reset();
    abortUpgrade();
    return;
  }
  if (socket_ && socket == socket_.get() && transport_ == EngineIoTransport::websocket) {
    socket_.reset();
    closeWith("transport close", /*transportGone=*/true);
  }
}

void EngineIoServerSession::cancelTimers() {
  cancel(pingIntervalTimer_);
  cancel(pingTimeoutTimer_);
  cancel(upgradeTimer_);
  cancel(upgradeNoopTimer_);
}

void EngineIoServerSession::closeWith(std::string_view reason, bool transportGone,
                                      WebSocketCloseCode code, bool goodbyePoll) {
  if (state_ != State::open) return;
  auto self = shared_from_this();
  auto srv = server();
  cancelTimers();
  abortUpgrade();

  bool keepForGoodbye = false;
  if (transport_ == EngineIoTransport::websocket) {
    flush();  // packets queued before the close (e.g. a DISCONNECT) still go out first
    if (socket_ && !transportGone) socket_->close(code);
    socket_.reset();
    buffer_.clear();
  } else if (!transportGone && (pendingGet_ || goodbyePoll)) {
    // The close packet goes out after what is queued, on the pending poll or on the next
    // ones (at most maxPacketsPerPoll each); the sid stays valid for that, for a while
    // (engine.io Polling closeTimeout).
    // Like the reference, a goodbye with nothing before it is "noop, close".
    if (buffer_.empty() && !pendingGet_) buffer_.push_back({engineio::PacketType::noop, {}, false});
    buffer_.push_back({engineio::PacketType::close, {}, false});
    flush();
    keepForGoodbye = !buffer_.empty();
  } else {
    if (pendingGet_) answerPoll({});
    buffer_.clear();
  }
  if (keepForGoodbye && srv) {
    closeTimer_ = srv->loop_.startTimer(kPollingCloseTimeout, [w = weak()] {
      auto s = w.lock();
      if (!s || s->state_ != State::closing) return;
      s->state_ = State::closed;
      if (auto server = s->server()) server->forget(s->id_);
    });
  }

  state_ = keepForGoodbye ? State::closing : State::closed;
  if (srv && !keepForGoodbye) srv->forget(id_);
  if (!closeNotified_) {
    closeNotified_ = true;
    if (srv) srv->handler_.onClose(*this, reason);
  }
}

// ---------------------------------------------------------------------------------------------
// Server

std::size_t EngineIoServer::Impl::openSessionCount() const noexcept {
  std::size_t count = 0;
  for (const auto& entry : sessions_) {
    if (entry.second->isOpen()) ++count;
  }
  return count;
}

void EngineIoServer::Impl::addCorsHeaders(const HttpRequest& request, HttpResponse& response) const {
  const auto& allowed = options_.cors.allowedOrigins;
  if (allowed.empty()) return;
  const auto origin = request.header("Origin");
  const bool any = std::find(allowed.begin(), allowed.end(), "*") != allowed.end();
  if (any && !options_.cors.allowCredentials) {
    response.setHeader("Access-Control-Allow-Origin", "*");
  } else {
    if (origin && (any || std::find(allowed.begin(), allowed.end(), *origin) != allowed.end())) {
      response.setHeader("Access-Control-Allow-Origin", std::string(*origin));
    }
    addVary(response, "Origin");
  }
  if (options_.cors.allowCredentials) {
    response.setHeader("Access-Control-Allow-Credentials", "true");
  }
}

void EngineIoServer::Impl::handlePreflight(HttpExchange& exchange) const {
  HttpResponse response = emptyResponse(204);
  response.setHeader("Access-Control-Allow-Methods", "GET,HEAD,PUT,PATCH,POST,DELETE");
  if (auto requested = exchange.request().header("Access-Control-Request-Headers")) {
    response.setHeader("Access-Control-Allow-Headers", std::string(*requested));
    addVary(response, "Access-Control-Request-Headers");
  }
  response.setHeader("Content-Length", "0");
  respond(exchange, std::move(response));
}

std::shared_ptr<EngineIoServerSession> EngineIoServer::Impl::openSession(
    const HttpRequest& request, EngineIoTransport transport) {
  std::string sid = ids_.next();
  auto session = std::make_shared<EngineIoServerSession>(weak_from_this(), sid, request, transport);
  sessions_.emplace(std::move(sid), session);
  return session;
}

void EngineIoServer::Impl::handleHttp(const std::shared_ptr<HttpExchange>& exchange) {
  const HttpRequest& request = exchange->request();
  if (request.method == "OPTIONS" && !options_.cors.allowedOrigins.empty()) {
    return handlePreflight(*exchange);
  }
  // The reference's verify() order: transport known, then the sid, then the handshake rules.
  const auto transport = request.queryParam("transport");
  const bool polling = transport && *transport == "polling" && options_.allowPolling;
  const bool websocket = transport && *transport == "websocket" && options_.allowWebSocket;
  if (!polling && !websocket) return respond(*exchange, errorResponse(EngineError::unknown_transport));
  const auto eio = request.queryParam("EIO");
  const auto sid = request.queryParam("sid");
  if (sid && !sid->empty()) {
    auto it = sessions_.find(*sid);
    if (it == sessions_.end() || it->second->state() == EngineIoServerSession::State::closed) {
      return respond(*exchange, errorResponse(EngineError::unknown_sid));
    }
    auto session = it->second;
    // Plain HTTP only ever serves polling sessions.
    if (!polling || session->transport() != EngineIoTransport::polling || !eio || *eio != "4") {
      return respond(*exchange, errorResponse(EngineError::bad_request));
    }
    if (request.method == "GET") return session->onPollGet(exchange);
    if (request.method == "POST") return session->onPollPost(exchange);
    return respond(*exchange, emptyResponse(500));
  }
  if (request.method != "GET") {
    return respond(*exchange, errorResponse(EngineError::bad_handshake_method));
  }
  // A WebSocket handshake must be an Upgrade request, which reaches acceptWebSocket instead.
  if (!polling) return respond(*exchange, errorResponse(EngineError::bad_request));
  if (!eio || *eio != "4") {
    return respond(*exchange, errorResponse(EngineError::unsupported_protocol_version));
  }
  if (refusingNewSessions_) return respond(*exchange, errorResponse(EngineError::shutting_down));
  auto session = openSession(request, EngineIoTransport::polling);
  session->onPollGet(exchange);  // the open packet goes out on this very request
  session->start(nullptr);
  if (session->isOpen()) handler_.onOpen(session);
}

std::optional<HttpResponse> EngineIoServer::Impl::checkWebSocket(const HttpRequest& request) const {
  // The reference answers refused upgrades with a bare 400 and the message as text/html.
  auto refuse = [&](EngineError e) {
    HttpResponse response = HttpResponse::text(400, errorMessage(e), "text/html");
    addCorsHeaders(request, response);
    return response;
  };
  const auto transport = request.queryParam("transport");
  if (!transport || *transport != "websocket" || !options_.allowWebSocket) {
    return refuse(EngineError::unknown_transport);
  }
  const auto sid = request.queryParam("sid");
  if (sid && !sid->empty()) {
    auto it = sessions_.find(*sid);
    if (it == sessions_.end() || !it->second->isOpen()) return refuse(EngineError::unknown_sid);
    return std::nullopt;
  }
  // Deviation: the reference completes the 101 and then writes an HTTP error into the
  // WebSocket; refusing before the upgrade gives the client a readable answer.
  const auto eio = request.queryParam("EIO");
  if (!eio || *eio != "4") return refuse(EngineError::unsupported_protocol_version);
  if (refusingNewSessions_) {
    HttpResponse response = HttpResponse::text(503, errorMessage(EngineError::shutting_down), "text/html");
    addCorsHeaders(request, response);
    return response;
  }
  return std::nullopt;
}

std::shared_ptr<WebSocketListener> EngineIoServer::Impl::acceptWebSocket(
    const HttpRequest& request, std::shared_ptr<WebSocketConnection> socket) {
  const auto sid = request.queryParam("sid");
  if (sid && !sid->empty()) {
    auto it = sessions_.find(*sid);
    if (it == sessions_.end() || !it->second->canUpgrade() || !options_.allowUpgrades) {
      // Unknown by now, already upgrading or upgraded: the reference closes the new socket.
      socket->close(WebSocketCloseCode::no_status);
      return std::make_shared<IgnoringListener>();
    }
    auto session = it->second;
    session->beginUpgrade(socket);
    return std::make_shared<SessionSocketListener>(session, socket.get());
  }
  auto session = openSession(request, EngineIoTransport::websocket);
  auto listener = std::make_shared<SessionSocketListener>(session, socket.get());
  session->start(socket);
  if (session->isOpen()) handler_.onOpen(session);
  return listener;
}

void EngineIoServer::Impl::closeAll() {
  auto sessions = sessions_;  // closing edits the map
  for (auto& entry : sessions) {
    // A deliberate close: a polling client between two polls gets its close packet on the
    // next one, so that it reconnects (elsewhere) rather than meeting "Session ID unknown".
    entry.second->closeWith("server shutting down", false, WebSocketCloseCode::going_away,
                            /*goodbyePoll=*/true);
  }
}

EngineIoServer::EngineIoServer(EventLoop& loop, EngineIoOptions options, EngineIoHandler& handler)
    : impl_(std::make_shared<Impl>(loop, std::move(options), handler)) {}

EngineIoServer::~EngineIoServer() = default;

void EngineIoServer::handleHttp(const std::shared_ptr<HttpExchange>& exchange) {
  impl_->handleHttp(exchange);
}

std::optional<HttpResponse> EngineIoServer::checkWebSocket(const HttpRequest& request) const {
  return impl_->checkWebSocket(request);
}

HttpHeaders EngineIoServer::webSocketResponseHeaders(const HttpRequest& request) const {
  HttpResponse response;
  impl_->addCorsHeaders(request, response);
  return response.headers;
}

std::shared_ptr<WebSocketListener> EngineIoServer::acceptWebSocket(
    const HttpRequest& request, std::shared_ptr<WebSocketConnection> socket) {
  return impl_->acceptWebSocket(request, std::move(socket));
}

void EngineIoServer::closeAll() { impl_->closeAll(); }

void EngineIoServer::refuseNewSessions() { impl_->refusingNewSessions_ = true; }

std::size_t EngineIoServer::sessionCount() const noexcept { return impl_->openSessionCount(); }

std::size_t EngineIoServer::closingSessionCount() const noexcept {
  return impl_->sessions_.size() - impl_->openSessionCount();
}

std::size_t EngineIoServer::sessionCount(EngineIoTransport transport) const noexcept {
  std::size_t count = 0;
  for (const auto& entry : impl_->sessions_) {
    if (entry.second->isOpen() && entry.second->transport() == transport) ++count;
  }
  return count;
}

void EngineIoServer::setCors(CorsOptions cors) { impl_->options_.cors = std::move(cors); }

const EngineIoOptions& EngineIoServer::options() const noexcept { return impl_->options_; }

}  // namespace libsession
