// SocketIoServer: the Socket.IO v5 server rules of the reference socket.io 4.8 (its Client,
// Namespace and Socket classes), on top of EngineIoServer.
#include <libsession/socket_io_server.hpp>

#include <libsession/error.hpp>
#include <libsession/socket_io_codec.hpp>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "core/random_id.hpp"

namespace libsession {

class ClientConnection;
class ServerSocket;

class SocketIoServer::Impl final : public EngineIoHandler,
                                   public std::enable_shared_from_this<Impl> {
public:
  Impl(EventLoop& loop, EngineIoOptions engineOptions, SocketIoOptions options)
      : loop_(loop), options_(std::move(options)), engine_(loop, std::move(engineOptions), *this) {
    options_.codec.maxPayloadBytes = engine_.options().maxHttpBufferSize;
  }

  // EngineIoHandler
  void onOpen(const std::shared_ptr<EngineIoSession>& session) override;
  void onMessage(EngineIoSession& session, engineio::Packet&& message) override;
  void onClose(EngineIoSession& session, std::string_view reason) override;

  Namespace* findNamespace(const std::string& name) {
    auto it = namespaces_.find(name);
    return it == namespaces_.end() ? nullptr : it->second.get();
  }

  EventLoop& loop_;
  SocketIoOptions options_;
  EngineIoServer engine_;
  std::map<std::string, std::unique_ptr<Namespace>> namespaces_;
  std::unordered_map<std::string, std::shared_ptr<ClientConnection>> clients_;  // by engine sid
  std::unordered_map<ChannelId, std::weak_ptr<ServerSocket>> sockets_;
  detail::RandomIdGenerator socketIds_;
};

// One Engine.IO session seen from Socket.IO: its decoder and its sockets, one per namespace.
class ClientConnection final : public std::enable_shared_from_this<ClientConnection> {
public:
  ClientConnection(std::weak_ptr<SocketIoServer::Impl> server,
                   std::shared_ptr<EngineIoSession> engine, const CodecLimits& limits)
      : server_(std::move(server)), engine_(std::move(engine)), codec_(limits) {}

  void start();
  void onMessage(engineio::Packet&& message);
  void onClose(std::string_view reason);
  /// Sends a packet on this connection. False if it could not be encoded.
  bool send(const socketio::Packet& packet);
  /// Closes the whole connection. The sockets see the Engine.IO reason ("forced close"), as
  /// with the reference, unless `reason` says otherwise.
  void closeWith(std::string reason = {});
  /// Sends DISCONNECT for every joined namespace, then closes the connection.
  void disconnectAll(std::string reason);
  void forgetSocket(const std::string& nsp) { sockets_.erase(nsp); }
  EngineIoSession& engine() { return *engine_; }

private:
  void connect(const std::string& nsp, Value auth);
  void onAuthDecision(const std::string& nsp, Value auth, AuthDecision decision);
  void sendConnectError(const std::string& nsp, Value data);

  std::weak_ptr<SocketIoServer::Impl> server_;
  std::shared_ptr<EngineIoSession> engine_;
  SocketIoCodec codec_;
  std::map<std::string, std::shared_ptr<ServerSocket>> sockets_;  // by namespace
  std::map<std::string, std::uint64_t> pendingConnects_;          // namespace → attempt
  std::uint64_t connectAttempts_ = 0;
  std::shared_ptr<Timer> connectTimer_;
  std::string closeReason_;
  bool closed_ = false;
};

class ServerSocket final : public Socket, public std::enable_shared_from_this<ServerSocket> {
public:
  ServerSocket(std::weak_ptr<SocketIoServer::Impl> server, std::weak_ptr<ClientConnection> client,
               ChannelId id, std::string nsp, ParticipantId participant, Value auth,
               std::shared_ptr<const HttpRequest> handshake, EngineIoTransport transport)
      : server_(std::move(server)), client_(std::move(client)), id_(std::move(id)),
        nsp_(std::move(nsp)), participant_(std::move(participant)), auth_(std::move(auth)),
        handshake_(std::move(handshake)), transport_(transport) {}

  const ChannelId& id() const noexcept override { return id_; }
  const std::string& nsp() const noexcept override { return nsp_; }
  const ParticipantId& participant() const noexcept override { return participant_; }
  const Value& auth() const noexcept override { return auth_; }
  const HttpRequest& handshake() const noexcept override { return *handshake_; }
  void setHandshake(std::shared_ptr<const HttpRequest> handshake) {
    handshake_ = std::move(handshake);
  }
  EngineIoTransport transport() const noexcept override {
    auto client = client_.lock();
    return client ? client->engine().transport() : transport_;
  }
  bool connected() const noexcept override { return connected_; }

  void on(std::string event, EventHandler handler) override {
    handlers_[std::move(event)] = std::move(handler);
  }
  void onAny(AnyEventHandler handler) override { anyHandler_ = std::move(handler); }
  void onDisconnect(DisconnectHandler handler) override {
    disconnectHandlers_.push_back(std::move(handler));
  }

  bool emit(std::string_view event, Value::Array args) override {
    return sendEvent(event, std::move(args), std::nullopt);
  }
  /// Sends Engine.IO messages encoded once for many sockets of this namespace.
  bool sendEncoded(const std::vector<engineio::Packet>& messages) {
    auto client = client_.lock();
    if (!connected_ || !client) return false;
    client->engine().sendShared(messages);
    return true;
  }
  void emitWithAck(std::string_view event, Value::Array args, AckCallback callback,
                   std::chrono::milliseconds timeout) override;
  void disconnect(bool closeConnection) override;
  std::any& data() noexcept override { return data_; }

  void onPacket(socketio::Packet&& packet);
  /// The socket ends: handlers run once, pending acks fail with connection_closed.
  void close(std::string_view reason);
  /// Disconnects the socket (a DISCONNECT to the client) once the loop's clock reaches `atMs`
  /// (ms since the epoch).
  void expireAt(EventLoop& loop, std::int64_t atMs);

private:
  struct PendingAck {
    AckCallback callback;
    std::shared_ptr<Timer> timer;
  };

  bool sendEvent(std::string_view event, Value::Array args, std::optional<std::uint64_t> id);
  /// The server ends this namespace's socket: DISCONNECT to the client, then close(reason).
  void disconnectWith(std::string_view reason);
  void dispatch(socketio::Packet&& packet);
  void resolveAck(std::uint64_t id, Value::Array args);

  std::weak_ptr<SocketIoServer::Impl> server_;
  std::weak_ptr<ClientConnection> client_;
  ChannelId id_;
  std::string nsp_;
  ParticipantId participant_;
  Value auth_;
  std::shared_ptr<const HttpRequest> handshake_;  // shared with the Engine.IO session
  EngineIoTransport transport_;
  bool connected_ = true;
  std::unordered_map<std::string, EventHandler> handlers_;
  AnyEventHandler anyHandler_;
  std::vector<DisconnectHandler> disconnectHandlers_;
  std::map<std::uint64_t, PendingAck> pendingAcks_;
  std::uint64_t nextAckId_ = 0;
  std::shared_ptr<Timer> expiryTimer_;
  std::any data_;
};

// ---------------------------------------------------------------------------------------------
// ClientConnection

void ClientConnection::start() {
  auto server = server_.lock();
  if (!server) return;
  // A client must join a namespace in time; the timer is not re-armed after the first join
  // (socket.io Client.setup).
  connectTimer_ = server->loop_.startTimer(server->options_.connectTimeout,
                                           [w = weak_from_this()] {
    auto self = w.lock();
    if (self && self->sockets_.empty()) self->closeWith();
  });
}

bool ClientConnection::send(const socketio::Packet& packet) {
  std::vector<engineio::Packet> messages;
  if (codec_.encode(packet, messages)) return false;
  engine_->send(std::move(messages));
  return true;
}

void ClientConnection::closeWith(std::string reason) {
  if (closed_) return;
  closeReason_ = std::move(reason);
  engine_->close();  // onClose follows synchronously
}

void ClientConnection::disconnectAll(std::string reason) {
  for (const auto& entry : sockets_) {
    socketio::Packet packet;
    packet.type = socketio::PacketType::disconnect;
    packet.nsp = entry.first;
    send(packet);
  }
  closeWith(std::move(reason));
}

void ClientConnection::onMessage(engineio::Packet&& message) {
  std::optional<socketio::Packet> packet;
  if (const std::error_code ec = codec_.decodeMessage(message, packet)) {
    // The reference closes the connection on any packet it cannot decode.
    return closeWith();
  }
  if (!packet) return;  // waiting for binary attachments

  auto it = sockets_.find(packet->nsp);
  if (it == sockets_.end()) {
    if (packet->type == socketio::PacketType::connect &&
        pendingConnects_.find(packet->nsp) == pendingConnects_.end()) {
      return connect(packet->nsp, packet->data ? std::move(*packet->data) : Value(Value::Object{}));
    }
    return closeWith();  // a packet for a namespace not joined
  }
  if (packet->type == socketio::PacketType::connect ||
      packet->type == socketio::PacketType::connect_error) {
    return closeWith();  // a second CONNECT to a joined namespace
  }
  auto socket = it->second;
  socket->onPacket(std::move(*packet));
}

void ClientConnection::connect(const std::string& nsp, Value auth) {
  auto server = server_.lock();
  if (!server) return;
  Namespace* space = server->findNamespace(nsp);
  if (space == nullptr) {
    return sendConnectError(nsp, Value::object({{"message", "Invalid namespace"}}));
  }
  if (!space->authenticator()) {
    return onAuthDecision(nsp, std::move(auth), AuthDecision::accept());
  }
  const std::uint64_t attempt = ++connectAttempts_;
  pendingConnects_[nsp] = attempt;
  // The verdict may come later; it only counts if this attempt is still the pending one.
  auto authCopy = std::make_shared<Value>(auth);
  ConnectRequest request{nsp, *authCopy, engine_->handshakeRequest()};
  space->authenticator()(request, [w = weak_from_this(), nsp, attempt, authCopy](AuthDecision decision) {
    auto self = w.lock();
    if (!self || self->closed_) return;
    auto pending = self->pendingConnects_.find(nsp);
    if (pending == self->pendingConnects_.end() || pending->second != attempt) return;
    self->pendingConnects_.erase(pending);
    self->onAuthDecision(nsp, std::move(*authCopy), std::move(decision));
  });
}

void ClientConnection::onAuthDecision(const std::string& nsp, Value auth, AuthDecision decision) {
  auto server = server_.lock();
  if (!server || closed_ || !engine_->isOpen()) return;
  if (!decision.accepted) {
    Value data = Value::object({{"message", decision.message}});
    if (decision.data) data.set("data", std::move(*decision.data));
    return sendConnectError(nsp, std::move(data));
  }
  Namespace* space = server->findNamespace(nsp);
  if (space == nullptr) return;

  ChannelId id(server->socketIds_.next());
  auto socket = std::make_shared<ServerSocket>(server_, weak_from_this(), id, nsp,
                                               std::move(decision.participant), std::move(auth),
                                               engine_->sharedHandshakeRequest(),
                                               engine_->transport());
  sockets_[nsp] = socket;
  server->sockets_[id] = socket;
  if (decision.expiresAtMs > 0) socket->expireAt(server->loop_, decision.expiresAtMs);
  if (connectTimer_) {
    connectTimer_->cancel();
    connectTimer_.reset();
  }
  socketio::Packet answer;
  answer.type = socketio::PacketType::connect;
  answer.nsp = nsp;
  answer.data = Value::object({{"sid", id.str()}});
  send(answer);
  // Copy: a handler may add handlers, or disconnect the socket.
  const auto handlers = space->connectionHandlers();
  for (const auto& handler : handlers) {
    if (!socket->connected()) break;
    handler(*socket);
  }
  // The handlers have seen every header; from now on the connection keeps only those asked for.
  if (closed_) return;
  engine_->keepHandshakeHeaders(server->options_.retainedHandshakeHeaders);
  for (auto& entry : sockets_) entry.second->setHandshake(engine_->sharedHandshakeRequest());
}

void ClientConnection::sendConnectError(const std::string& nsp, Value data) {
  socketio::Packet packet;
  packet.type = socketio::PacketType::connect_error;
  packet.nsp = nsp;
  packet.data = std::move(data);
  send(packet);
}

void ClientConnection::onClose(std::string_view reason) {
  closed_ = true;
  if (connectTimer_) {
    connectTimer_->cancel();
    connectTimer_.reset();
  }
  pendingConnects_.clear();
  const std::string finalReason = closeReason_.empty() ? std::string(reason) : closeReason_;
  auto sockets = std::move(sockets_);
  sockets_.clear();
  for (auto& entry : sockets) entry.second->close(finalReason);
}

// ---------------------------------------------------------------------------------------------
// ServerSocket

bool ServerSocket::sendEvent(std::string_view event, Value::Array args,
                             std::optional<std::uint64_t> id) {
  auto client = client_.lock();
  if (!connected_ || !client) return false;
  Value::Array data;
  data.reserve(args.size() + 1);
  data.emplace_back(event);
  for (auto& arg : args) data.push_back(std::move(arg));
  socketio::Packet packet;
  packet.type = socketio::PacketType::event;
  packet.nsp = nsp_;
  packet.id = id;
  packet.data = Value(std::move(data));
  return client->send(packet);
}

void ServerSocket::emitWithAck(std::string_view event, Value::Array args, AckCallback callback,
                               std::chrono::milliseconds timeout) {
  auto server = server_.lock();
  const std::uint64_t id = nextAckId_++;
  if (!server || !sendEvent(event, std::move(args), id)) {
    if (callback) {
      callback(connected_ ? make_error_code(Errc::invalid_payload)
                          : make_error_code(Errc::connection_closed),
               {});
    }
    return;
  }
  PendingAck pending;
  pending.callback = std::move(callback);
  pending.timer = server->loop_.startTimer(timeout, [w = weak_from_this(), id] {
    auto self = w.lock();
    if (!self) return;
    auto it = self->pendingAcks_.find(id);
    if (it == self->pendingAcks_.end()) return;
    auto cb = std::move(it->second.callback);
    self->pendingAcks_.erase(it);
    if (cb) cb(make_error_code(Errc::ack_timeout), {});
  });
  pendingAcks_.emplace(id, std::move(pending));
}

void ServerSocket::disconnect(bool closeConnection) {
  auto client = client_.lock();
  if (!connected_ || !client) return;
  if (closeConnection) {
    // Every namespace of the connection says goodbye, then the connection closes.
    client->disconnectAll("server namespace disconnect");
    return;
  }
  disconnectWith("server namespace disconnect");
}

void ServerSocket::disconnectWith(std::string_view reason) {
  auto client = client_.lock();
  if (!connected_ || !client) return;
  socketio::Packet packet;
  packet.type = socketio::PacketType::disconnect;
  packet.nsp = nsp_;
  client->send(packet);
  client->forgetSocket(nsp_);
  close(reason);
}

void ServerSocket::expireAt(EventLoop& loop, std::int64_t atMs) {
  // Long waits go in steps of a day: the clock is re-read each time, and no timer duration
  // comes near the range where adding it to a time point could overflow.
  constexpr std::int64_t kStepMs = 24 * 60 * 60 * 1000;
  const std::int64_t left = std::max<std::int64_t>(0, atMs - loop.nowEpochMs());
  expiryTimer_ = loop.startTimer(std::chrono::milliseconds(std::min(left, kStepMs)),
                                 [w = weak_from_this(), &loop, atMs] {
                                   auto self = w.lock();
                                   if (!self) return;
                                   if (loop.nowEpochMs() < atMs) return self->expireAt(loop, atMs);
                                   self->disconnectWith("credentials expired");
                                 });
}

void ServerSocket::onPacket(socketio::Packet&& packet) {
  switch (packet.type) {
    case socketio::PacketType::event:
      return dispatch(std::move(packet));
    case socketio::PacketType::ack:
      if (packet.id && packet.data && packet.data->isArray()) {
        resolveAck(*packet.id, std::move(*packet.data->asArray()));
      }
      return;
    case socketio::PacketType::disconnect: {
      auto self = shared_from_this();
      if (auto client = client_.lock()) client->forgetSocket(nsp_);
      return close("client namespace disconnect");
    }
    default:
      return;
  }
}

void ServerSocket::dispatch(socketio::Packet&& packet) {
  Value::Array& all = *packet.data->asArray();
  Value name = std::move(all.front());
  Value::Array args(std::make_move_iterator(all.begin() + 1), std::make_move_iterator(all.end()));
  Ack ack;
  if (packet.id) {
    ack = Ack([w = weak_from_this(), id = *packet.id](Value::Array ackArgs) {
      auto self = w.lock();
      if (!self || !self->connected_) return;
      auto client = self->client_.lock();
      if (!client) return;
      socketio::Packet answer;
      answer.type = socketio::PacketType::ack;
      answer.nsp = self->nsp_;
      answer.id = id;
      answer.data = Value(std::move(ackArgs));
      client->send(answer);
    });
  }
  auto self = shared_from_this();  // a handler may disconnect us
  if (const std::string* event = name.asString()) {
    auto it = handlers_.find(*event);
    if (it != handlers_.end()) {
      auto handler = it->second;
      handler(*this, std::move(args), std::move(ack));
      return;
    }
  }
  if (anyHandler_) {
    auto handler = anyHandler_;
    handler(*this, name, std::move(args), std::move(ack));
  }
}

void ServerSocket::resolveAck(std::uint64_t id, Value::Array args) {
  auto it = pendingAcks_.find(id);
  if (it == pendingAcks_.end()) return;  // late or unknown: ignored, like the reference
  PendingAck pending = std::move(it->second);
  pendingAcks_.erase(it);
  if (pending.timer) pending.timer->cancel();
  if (pending.callback) pending.callback({}, std::move(args));
}

void ServerSocket::close(std::string_view reason) {
  if (!connected_) return;
  connected_ = false;
  auto self = shared_from_this();
  if (expiryTimer_) expiryTimer_->cancel();
  if (auto server = server_.lock()) server->sockets_.erase(id_);
  auto acks = std::move(pendingAcks_);
  pendingAcks_.clear();
  for (auto& entry : acks) {
    if (entry.second.timer) entry.second.timer->cancel();
    if (entry.second.callback) entry.second.callback(make_error_code(Errc::connection_closed), {});
  }
  auto handlers = std::move(disconnectHandlers_);
  disconnectHandlers_.clear();
  for (auto& handler : handlers) handler(*this, reason);
  handlers_.clear();
  anyHandler_ = nullptr;
}

// ---------------------------------------------------------------------------------------------
// SocketIoServer

Authenticator tokenAsParticipant(bool required) {
  return [required](const ConnectRequest& request, std::function<void(AuthDecision)> done) {
    const Value* token = request.auth.find("token");
    if (token != nullptr && token->isString() && !token->asString()->empty()) {
      return done(AuthDecision::accept(ParticipantId(*token->asString())));
    }
    if (!required) return done(AuthDecision::accept());
    done(AuthDecision::refuse("missing token",
                              Value::object({{"reason", "auth.token is required"}})));
  };
}

void SocketIoServer::Impl::onOpen(const std::shared_ptr<EngineIoSession>& session) {
  auto client = std::make_shared<ClientConnection>(weak_from_this(), session, options_.codec);
  clients_[session->id()] = client;
  client->start();
}

void SocketIoServer::Impl::onMessage(EngineIoSession& session, engineio::Packet&& message) {
  auto it = clients_.find(session.id());
  if (it == clients_.end()) return;
  auto client = it->second;  // keep alive while it handles the message
  client->onMessage(std::move(message));
}

void SocketIoServer::Impl::onClose(EngineIoSession& session, std::string_view reason) {
  auto it = clients_.find(session.id());
  if (it == clients_.end()) return;
  auto client = std::move(it->second);
  clients_.erase(it);
  client->onClose(reason);
}

SocketIoServer::SocketIoServer(EventLoop& loop, EngineIoOptions engineOptions,
                               SocketIoOptions options)
    : impl_(std::make_shared<Impl>(loop, std::move(engineOptions), std::move(options))) {
  of("/");
}

SocketIoServer::~SocketIoServer() = default;

Namespace& SocketIoServer::of(const std::string& name) {
  auto& slot = impl_->namespaces_[name];
  if (!slot) slot.reset(new Namespace(name));
  return *slot;
}

EngineIoServer& SocketIoServer::engine() noexcept { return impl_->engine_; }

std::shared_ptr<Socket> SocketIoServer::find(const ChannelId& id) const {
  auto it = impl_->sockets_.find(id);
  return it == impl_->sockets_.end() ? nullptr : it->second.lock();
}

bool SocketIoServer::emitTo(const ChannelId& id, std::string_view event, Value::Array args) {
  auto socket = find(id);
  return socket && socket->emit(event, std::move(args));
}

std::size_t SocketIoServer::emitToMany(const std::vector<ChannelId>& ids, std::string_view event,
                                       const Value& arg) {
  // Sockets of one hub usually share a namespace: the last encoding is reused while it fits.
  std::string encodedFor;
  std::vector<engineio::Packet> encoded;
  bool haveEncoding = false;
  std::size_t reached = 0;
  for (const ChannelId& id : ids) {
    auto it = impl_->sockets_.find(id);
    if (it == impl_->sockets_.end()) continue;
    auto socket = it->second.lock();
    if (!socket || !socket->connected()) continue;
    if (!haveEncoding || encodedFor != socket->nsp()) {
      if (socketio::encodeEvent(socket->nsp(), event, &arg, 1, encoded, impl_->options_.codec)) {
        return reached;
      }
      encodedFor = socket->nsp();
      haveEncoding = true;
    }
    if (socket->sendEncoded(encoded)) ++reached;
  }
  return reached;
}

std::size_t SocketIoServer::socketCount() const noexcept { return impl_->sockets_.size(); }

void SocketIoServer::closeAll() { impl_->engine_.closeAll(); }

}  // namespace libsession
