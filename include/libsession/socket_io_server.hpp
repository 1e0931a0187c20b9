// libsession/socket_io_server.hpp — a Socket.IO v5 server on top of EngineIoServer.
//
// Namespaces ("/" always exists; add more with of()), CONNECT with the client's `auth` object
// checked by an authenticator hook, events and acknowledgements in both directions (binary
// included), server → client acks with a timeout, DISCONNECT from either side, and the reference
// server's reactions to misbehaving clients:
//   - CONNECT to an unknown namespace        → CONNECT_ERROR {"message":"Invalid namespace"}
//   - CONNECT refused by the authenticator   → CONNECT_ERROR {"message":…, "data":…}
//   - undecodable packet, a packet for a namespace not joined, a second CONNECT to a joined
//     namespace                              → the whole connection is closed
//   - no namespace joined within connectTimeout → the connection is closed
//
// Threading: every member and every callback runs on the EventLoop's thread. Code on other
// threads hands work to the loop with EventLoop::post(). Sockets are handed out as references
// valid for the duration of a callback; keep a ChannelId (or a weak_ptr from find()) to reach
// a socket later.
#pragma once

#include <any>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <libsession/codec/limits.hpp>
#include <libsession/engine_io_server.hpp>
#include <libsession/ids.hpp>
#include <libsession/value.hpp>

namespace libsession {

/// Acknowledges one received event. Empty (requested() == false) when the client did not ask
/// for an ack. Only the first call sends anything.
class Ack {
public:
  Ack() = default;
  explicit Ack(std::function<void(Value::Array)> send) : send_(std::move(send)) {}
  bool requested() const noexcept { return static_cast<bool>(send_); }
  void operator()(Value::Array args = {}) {
    if (!send_) return;
    auto send = std::move(send_);
    send_ = nullptr;
    send(std::move(args));
  }

private:
  std::function<void(Value::Array)> send_;
};

class Socket;

/// Handles one named event: the arguments after the event name, and the ack to answer with.
using EventHandler = std::function<void(Socket& socket, Value::Array args, Ack ack)>;
/// Receives every event that has no handler of its own (the name is args[0]'s value).
using AnyEventHandler =
    std::function<void(Socket& socket, const Value& name, Value::Array args, Ack ack)>;
/// The result of a server → client emit with ack: the client's arguments, or
/// Errc::ack_timeout / Errc::connection_closed.
using AckCallback = std::function<void(std::error_code ec, Value::Array args)>;
using DisconnectHandler = std::function<void(Socket& socket, std::string_view reason)>;

/// One client's connection to one namespace.
class Socket {
public:
  virtual ~Socket() = default;

  /// The socket id the client sees (CONNECT answer `sid`); unique per connection.
  virtual const ChannelId& id() const noexcept = 0;
  virtual const std::string& nsp() const noexcept = 0;
  /// Who the authenticator said this is (empty when the namespace has no authenticator).
  virtual const ParticipantId& participant() const noexcept = 0;
  /// The client's CONNECT `auth` object ({} when it sent none).
  virtual const Value& auth() const noexcept = 0;
  /// The HTTP request that opened the connection (headers, query, remote address). Every
  /// header is there while the authenticator and the onConnection handlers run; afterwards only
  /// SocketIoOptions::retainedHandshakeHeaders remain, in a new object: keep no reference
  /// obtained in those handlers beyond them.
  virtual const HttpRequest& handshake() const noexcept = 0;
  virtual EngineIoTransport transport() const noexcept = 0;
  virtual bool connected() const noexcept = 0;

  virtual void on(std::string event, EventHandler handler) = 0;
  virtual void onAny(AnyEventHandler handler) = 0;
  virtual void onDisconnect(DisconnectHandler handler) = 0;

  /// Sends an event. Returns false when disconnected or when the packet is invalid (reserved
  /// event name, more binary attachments than allowed).
  virtual bool emit(std::string_view event, Value::Array args = {}) = 0;
  /// Sends an event and waits up to `timeout` for the client's ack. `callback` runs exactly
  /// once: with the ack's arguments, or with an error (timeout, disconnect, invalid packet).
  virtual void emitWithAck(std::string_view event, Value::Array args, AckCallback callback,
                           std::chrono::milliseconds timeout = std::chrono::seconds(30)) = 0;
  /// Leaves the namespace (the client gets DISCONNECT); with `closeConnection` the whole
  /// connection closes too.
  virtual void disconnect(bool closeConnection = false) = 0;

  /// Application data attached to the socket.
  virtual std::any& data() noexcept = 0;
};

/// What a client asks for in its CONNECT packet.
struct ConnectRequest {
  const std::string& nsp;
  const Value& auth;               ///< the CONNECT payload, {} when absent
  const HttpRequest& handshake;
};

/// An authenticator's verdict.
struct AuthDecision {
  bool accepted = false;
  ParticipantId participant;       ///< when accepted: who this is
  std::string message;             ///< when refused: CONNECT_ERROR message
  std::optional<Value> data;       ///< when refused: CONNECT_ERROR data (optional)
  /// When accepted: the credentials run out at this time (ms since the Unix epoch, by the
  /// loop's clock; 0: never). The socket is then disconnected by the server (a Socket.IO
  /// DISCONNECT, so the client does not reconnect by itself with the stale credentials; its
  /// disconnect reason on the server is "credentials expired").
  std::int64_t expiresAtMs = 0;

  static AuthDecision accept(ParticipantId participant = {}) {
    AuthDecision d;
    d.accepted = true;
    d.participant = std::move(participant);
    return d;
  }
  static AuthDecision refuse(std::string message, std::optional<Value> data = std::nullopt) {
    AuthDecision d;
    d.message = std::move(message);
    d.data = std::move(data);
    return d;
  }
};

/// Decides a CONNECT. Call `done` exactly once, on the loop thread, now or later (e.g. after an
/// asynchronous lookup). Calling it after the client left is harmless.
using Authenticator =
    std::function<void(const ConnectRequest& request, std::function<void(AuthDecision)> done)>;
using ConnectionHandler = std::function<void(Socket& socket)>;

/// The session agent's default authenticator: the CONNECT's `auth.token` (a non-empty string)
/// names the participant. Without one the CONNECT is refused with "missing token" (data:
/// {"reason": …}), unless `required` is false, in which case it is accepted anonymously.
Authenticator tokenAsParticipant(bool required = true);

struct SocketIoOptions {
  /// A connection that joins no namespace within this time is closed (reference default).
  std::chrono::milliseconds connectTimeout{45000};
  /// Codec limits. maxPayloadBytes is taken from EngineIoOptions::maxHttpBufferSize.
  CodecLimits codec;
  /// Handshake headers a connection keeps once its first namespace CONNECT has been handled.
  /// The authenticator and the onConnection handlers see every header; afterwards
  /// Socket::handshake() holds the method, target (path and query), remote address and only
  /// these headers (case-insensitive; {"*"} keeps them all, as socket.io does). Empty by
  /// default: a browser's headers cost 1–2 KB per connection, held for its whole life.
  std::vector<std::string> retainedHandshakeHeaders;
};

class SocketIoServer;

/// A namespace: its authenticator and connection handlers.
class Namespace {
public:
  const std::string& name() const noexcept { return name_; }
  /// Replaces the authenticator. Without one every CONNECT is accepted.
  void setAuthenticator(Authenticator authenticator) { authenticator_ = std::move(authenticator); }
  /// Adds a handler for new sockets; handlers run in the order added.
  void onConnection(ConnectionHandler handler) { connectionHandlers_.push_back(std::move(handler)); }

  const Authenticator& authenticator() const noexcept { return authenticator_; }
  const std::vector<ConnectionHandler>& connectionHandlers() const noexcept {
    return connectionHandlers_;
  }

private:
  friend class SocketIoServer;
  explicit Namespace(std::string name) : name_(std::move(name)) {}

  std::string name_;
  Authenticator authenticator_;
  std::vector<ConnectionHandler> connectionHandlers_;
};

class SocketIoServer {
public:
  SocketIoServer(EventLoop& loop, EngineIoOptions engineOptions, SocketIoOptions options = {});
  ~SocketIoServer();
  SocketIoServer(const SocketIoServer&) = delete;
  SocketIoServer& operator=(const SocketIoServer&) = delete;

  /// The namespace called `name` ("/x"), created on first use.
  Namespace& of(const std::string& name);
  /// The Engine.IO server underneath; the transport hands it requests.
  EngineIoServer& engine() noexcept;

  /// A live socket by id, or nullptr.
  std::shared_ptr<Socket> find(const ChannelId& id) const;
  /// Emits to one socket by id. False when no such socket is connected.
  bool emitTo(const ChannelId& id, std::string_view event, Value::Array args);
  /// Emits the same one-argument event to several sockets, encoding it once per namespace
  /// rather than once per socket, and without copying `arg`. Returns how many sockets it
  /// reached (unknown or disconnected ones are skipped).
  std::size_t emitToMany(const std::vector<ChannelId>& ids, std::string_view event,
                         const Value& arg);

  /// Number of connected sockets over all namespaces.
  std::size_t socketCount() const noexcept;
  /// Closes every connection ("server shutting down").
  void closeAll();

  /// The implementation, defined inside the library (named here only so that the library's
  /// internal classes can refer to it).
  class Impl;

private:
  std::shared_ptr<Impl> impl_;
};

}  // namespace libsession
