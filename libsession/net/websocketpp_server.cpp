// Server: the client transport on websocketpp + standalone asio. This is the only translation
// unit that includes websocketpp (its headers are slow to compile and do not build as C++20).
//
// websocketpp hands us whole HTTP requests (headers and body) and whole WebSocket messages; we
// turn them into the transport-neutral objects of http.hpp and route them by path.
#include <libsession/server.hpp>

#include <libsession/json.hpp>

#include <websocketpp/concurrency/none.hpp>
#include <websocketpp/config/asio_no_tls.hpp>
#include <websocketpp/server.hpp>

#include <atomic>
#include <map>
#include <stdexcept>

#include "net/asio_event_loop.hpp"

namespace libsession {
namespace {

// websocketpp's asio config, tuned for one network thread holding many mostly idle connections:
// - no locks and no strands: every connection lives on the one thread that runs the loop, so
//   websocketpp's mutexes and per-connection strand only cost time and memory;
// - a small read buffer: it is an array inside every connection object, so every idle
//   connection pays for it. Measured (bench/, 100 connections x 8 Events in flight, 5,000 idle
//   connections): 1 KiB 6.9 us/Event and 10.8 KB/connection, 2 KiB 5.4 us and 11.9 KB, 4 KiB
//   5.4 us and 13.9 KB, 16 KiB (the default) 16.4 KB. 2 KiB holds several small Events per
//   read; larger messages simply take several reads;
// - room for the largest messages we accept (the real limit is set per connection).
struct TransportConfig : websocketpp::config::asio {
  using type = TransportConfig;
  using concurrency_type = websocketpp::concurrency::none;
  using alog_type = websocketpp::log::basic<concurrency_type, websocketpp::log::alevel>;
  using elog_type = websocketpp::log::basic<concurrency_type, websocketpp::log::elevel>;

  struct transport_config : websocketpp::config::asio::transport_config {
    using concurrency_type = type::concurrency_type;
    using alog_type = type::alog_type;
    using elog_type = type::elog_type;
    static const bool enable_multithreading = false;
  };
  using transport_type = websocketpp::transport::asio::endpoint<transport_config>;

  static const size_t connection_read_buffer_size = 2048;
  static const size_t max_message_size = 100 * 1000 * 1000;
  static const size_t max_http_body_size = 100 * 1000 * 1000;
};

using WsServer = websocketpp::server<TransportConfig>;
using ConnectionPtr = WsServer::connection_ptr;
using Handle = websocketpp::connection_hdl;

HttpRequest toHttpRequest(const ConnectionPtr& connection) {
  const auto& request = connection->get_request();
  HttpRequest out;
  out.method = request.get_method();
  out.target = request.get_uri();
  for (const auto& [name, value] : request.get_headers()) out.headers.emplace_back(name, value);
  out.body = request.get_body();
  asio::error_code ec;
  const auto endpoint = connection->get_raw_socket().remote_endpoint(ec);
  if (!ec) out.remoteAddress = endpoint.address().to_string();
  return out;
}

// Written on the network thread only; atomics so that traffic() may be read from any thread.
struct TrafficCounters {
  std::atomic<std::uint64_t> received{0};
  std::atomic<std::uint64_t> sent{0};
};

bool startsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

void applyResponse(const ConnectionPtr& connection, const HttpResponse& response) {
  connection->set_status(static_cast<websocketpp::http::status_code::value>(response.status));
  for (const auto& [name, value] : response.headers) {
    // websocketpp computes Content-Length itself.
    if (name == "Content-Length") continue;
    connection->replace_header(name, value);
  }
  connection->set_body(response.body);
  // websocketpp closes every plain HTTP connection after its response; saying so keeps
  // clients with connection pools (python-requests) from reusing a dead connection.
  connection->replace_header("Connection", "close");
}

// An HTTP request whose response may come later (a held long-polling GET). It owns the
// connection until it answers: while a response is deferred, websocketpp has no operation in
// flight that would keep the connection alive.
class DeferredExchange final : public HttpExchange {
public:
  DeferredExchange(ConnectionPtr connection, HttpRequest request, TrafficCounters& traffic)
      : connection_(std::move(connection)), request_(std::move(request)), traffic_(traffic) {}

  const HttpRequest& request() const noexcept override { return request_; }
  bool responded() const noexcept override { return responded_; }
  void respond(HttpResponse response) override {
    if (responded_) return;
    responded_ = true;
    auto connection = std::move(connection_);
    connection_.reset();
    if (!connection) return;
    traffic_.sent += response.body.size();
    applyResponse(connection, response);
    websocketpp::lib::error_code ec;
    connection->send_http_response(ec);
  }

private:
  ConnectionPtr connection_;
  HttpRequest request_;
  TrafficCounters& traffic_;  // the server's; it outlives every connection
  bool responded_ = false;
};

// Appends one unmasked server frame (RFC 6455 §5.2) to `out`: FIN, the opcode, the length,
// then the payload, which is `head` followed by `body`.
void appendFrame(std::string& out, std::string_view head, std::string_view body, bool binary) {
  const std::size_t n = head.size() + body.size();
  out.push_back(static_cast<char>(0x80 | (binary ? 0x2 : 0x1)));
  if (n < 126) {
    out.push_back(static_cast<char>(n));
  } else if (n <= 0xFFFF) {
    out.push_back(static_cast<char>(126));
    out.push_back(static_cast<char>((n >> 8) & 0xFF));
    out.push_back(static_cast<char>(n & 0xFF));
  } else {
    out.push_back(static_cast<char>(127));
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.push_back(static_cast<char>((static_cast<std::uint64_t>(n) >> shift) & 0xFF));
    }
  }
  out.append(head).append(body);
}

class WebSocketAdapter;

// Coalesces a loop iteration's WebSocket sends: each connection's frames are appended to one
// buffer and written once, after every handler that was ready has run. Answering an Event
// sends two frames (the ack and the Message) and several Events often arrive in one read:
// without this, each frame was its own allocation, copy, UTF-8 check and sendmsg(2).
// Network thread only.
class WriteBatcher {
public:
  explicit WriteBatcher(asio::io_context& context) : context_(context) {}
  void schedule(std::shared_ptr<WebSocketAdapter> adapter);

private:
  void flushAll();

  asio::io_context& context_;
  std::vector<std::shared_ptr<WebSocketAdapter>> dirty_;
  std::vector<std::shared_ptr<WebSocketAdapter>> flushing_;  // kept to reuse its capacity
  bool posted_ = false;
};

class WebSocketAdapter final : public WebSocketConnection,
                               public std::enable_shared_from_this<WebSocketAdapter> {
public:
  WebSocketAdapter(std::weak_ptr<WsServer::connection_type> connection, TrafficCounters& traffic,
                   WriteBatcher& batcher)
      : connection_(std::move(connection)), traffic_(traffic), batcher_(batcher) {}

  void send(std::string_view bytes, bool binary) override { sendParts({}, bytes, binary); }
  void sendParts(std::string_view head, std::string_view body, bool binary) override {
    if (closing_ || connection_.expired()) return;
    traffic_.sent += head.size() + body.size();
    appendFrame(pending_, head, body, binary);
    if (!scheduled_) {
      scheduled_ = true;
      batcher_.schedule(shared_from_this());
    }
  }
  void close(WebSocketCloseCode code, std::string_view reason) override {
    auto connection = connection_.lock();
    if (!connection || closing_) return;
    flush();  // what was sent before the close goes out before the close frame
    closing_ = true;
    websocketpp::lib::error_code ec;
    // "No status" is sent as an empty close frame, which websocketpp calls `blank`.
    const auto wsCode = code == WebSocketCloseCode::no_status
                            ? websocketpp::close::status::blank
                            : static_cast<websocketpp::close::status::value>(code);
    connection->close(wsCode, std::string(reason), ec);
  }
  std::size_t bufferedAmount() const noexcept override {
    auto connection = connection_.lock();
    return pending_.size() + (connection ? connection->get_buffered_amount() : 0);
  }

  // Hands the frames gathered so far to websocketpp as one prepared message: it writes prepared
  // messages as they are, without framing, copying or validating them again.
  void flush() {
    scheduled_ = false;
    if (pending_.empty()) return;
    auto connection = connection_.lock();
    if (!connection) {
      pending_.clear();
      return;
    }
    auto message = std::make_shared<TransportConfig::message_type>(nullptr);
    message->get_raw_payload().swap(pending_);
    message->set_prepared(true);
    // A failed send means the connection is going away; its close handler reports that.
    (void)connection->send(message);
  }

private:
  std::weak_ptr<WsServer::connection_type> connection_;
  TrafficCounters& traffic_;
  WriteBatcher& batcher_;  // the server's; it outlives every connection
  std::string pending_;    // complete frames not yet handed to websocketpp
  bool scheduled_ = false;
  bool closing_ = false;
};

void WriteBatcher::schedule(std::shared_ptr<WebSocketAdapter> adapter) {
  dirty_.push_back(std::move(adapter));
  if (posted_) return;
  posted_ = true;
  // Runs after the handlers already queued, i.e. after every read of this poll round.
  asio::post(context_, [this] { flushAll(); });
}

void WriteBatcher::flushAll() {
  posted_ = false;
  flushing_.swap(dirty_);
  for (const auto& adapter : flushing_) adapter->flush();
  flushing_.clear();
}

// Pending accepts on the listening socket (see Server::listen()).
constexpr int kAcceptsInFlight = 16;

// How long stop() keeps serving polling clients that have yet to fetch their close packet.
constexpr std::chrono::milliseconds kGoodbyeLimit{2000};

// See onTcpOpen: how far past the engines' limit websocketpp reads before it refuses.
constexpr std::size_t kOversizeReadFactor = 4;

// Which engine a request path belongs to.
enum class Route { socketIo, engineIo, other };

}  // namespace

class Server::Impl {
public:
  explicit Impl(ServerOptions options)
      : options_(std::move(options)), loop_(context_),
        socketIo_(loop_, options_.engine, options_.socketIo) {
    for (const std::string* path : {&options_.socketIoPath, &options_.engineIoPath}) {
      if (!path->empty() && (path->front() != '/' || path->back() != '/')) {
        throw std::invalid_argument("server path must start and end with '/': " + *path);
      }
    }
    if (options_.socketIoPath.empty()) throw std::invalid_argument("socketIoPath is empty");
    // websocketpp's own logging goes to stderr; the library reports through its own hooks.
    websocket_.clear_access_channels(websocketpp::log::alevel::all);
    websocket_.clear_error_channels(websocketpp::log::elevel::all);
    websocket_.init_asio(&context_);
    websocket_.set_reuse_addr(true);
    websocket_.set_tcp_post_init_handler([this](Handle h) { onTcpOpen(h); });
    // Frames are already gathered per loop iteration (WriteBatcher): Nagle's algorithm would
    // only hold the second reply of a request until the client's delayed ACK.
    websocket_.set_socket_init_handler([](Handle, asio::ip::tcp::socket& socket) {
      asio::error_code ignored;
      socket.set_option(asio::ip::tcp::no_delay(true), ignored);
    });
    websocket_.set_http_handler([this](Handle h) { onHttp(h); });
    websocket_.set_validate_handler([this](Handle h) { return onValidate(h); });
    websocket_.set_open_handler([this](Handle h) { onOpen(h); });
    websocket_.set_message_handler(
        [this](Handle h, WsServer::message_ptr message) { onMessage(h, std::move(message)); });
    websocket_.set_close_handler([this](Handle h) { onEnd(h); });
    websocket_.set_fail_handler([this](Handle h) { onEnd(h); });
  }

  Route route(std::string_view path) const {
    if (startsWith(path, options_.socketIoPath)) return Route::socketIo;
    if (engineIo_ && !options_.engineIoPath.empty() && startsWith(path, options_.engineIoPath)) {
      return Route::engineIo;
    }
    return Route::other;
  }

  EngineIoServer* engineFor(Route r) {
    if (r == Route::socketIo) return &socketIo_.engine();
    if (r == Route::engineIo) return engineIo_.get();
    return nullptr;
  }

  void onTcpOpen(Handle handle) {
    ++connections_;
    auto connection = websocket_.get_con_from_hdl(handle);
    // The termination handler runs for every way a connection ends (websocketpp calls neither
    // the close nor the fail handler for an HTTP connection that ended normally).
    connection->set_termination_handler([this](ConnectionPtr) {
      if (connections_ > 0) --connections_;
    });
    if (connections_ > options_.maxConnections) {
      websocketpp::lib::error_code ec;
      connection->terminate(ec);
      return;
    }
    // The engines refuse bodies and messages over maxHttpBufferSize (413; close 1009). They
    // can only answer cleanly what websocketpp has read: when websocketpp itself refuses, it
    // stops reading and closes with unread data, which resets the TCP connection and loses the
    // answer. So websocketpp reads up to kOversizeReadFactor times the limit (bounded memory
    // per connection), the engines answer everything in that range properly, and only larger
    // inputs are cut off by websocketpp.
    const std::size_t limit = options_.engine.maxHttpBufferSize;
    connection->set_max_http_body_size(limit * kOversizeReadFactor);
    connection->set_max_message_size(limit * kOversizeReadFactor);
  }

  void onHttp(Handle handle) {
    auto connection = websocket_.get_con_from_hdl(handle);
    connection->defer_http_response();
    auto exchange =
        std::make_shared<DeferredExchange>(connection, toHttpRequest(connection), traffic_);
    traffic_.received += exchange->request().body.size();
    const Route r = route(exchange->request().path());
    if (EngineIoServer* engine = engineFor(r)) return engine->handleHttp(exchange);
    if (httpHandler_) return httpHandler_(exchange);
    exchange->respond(HttpResponse::json(404, R"({"error":"not found"})"));
  }

  bool onValidate(Handle handle) {
    auto connection = websocket_.get_con_from_hdl(handle);
    const HttpRequest request = toHttpRequest(connection);
    EngineIoServer* engine = engineFor(route(request.path()));
    if (engine == nullptr) {
      applyResponse(connection, HttpResponse::json(404, R"({"error":"not found"})"));
      return false;
    }
    if (auto refusal = engine->checkWebSocket(request)) {
      applyResponse(connection, *refusal);
      return false;
    }
    for (const auto& [name, value] : engine->webSocketResponseHeaders(request)) {
      connection->append_header(name, value);
    }
    return true;
  }

  void onOpen(Handle handle) {
    auto connection = websocket_.get_con_from_hdl(handle);
    const HttpRequest request = toHttpRequest(connection);
    EngineIoServer* engine = engineFor(route(request.path()));
    if (engine == nullptr) return;
    auto adapter = std::make_shared<WebSocketAdapter>(connection, traffic_, batcher_);
    auto listener = engine->acceptWebSocket(request, adapter);
    sockets_[handle] = SocketEntry{adapter, std::move(listener)};
    releaseHandshake(*connection);
  }

  // websocketpp keeps the upgrade request and the 101 response for the connection's life
  // (~1 KB of header maps and strings per connection) although it never reads them again once
  // open: only its failure and access logs would, and both are off. The engines have their own
  // copy, so they are emptied here. get_request() is const only to keep users from changing it
  // mid-handshake; the objects themselves are not const, so writing them is well defined.
  static void releaseHandshake(WsServer::connection_type& connection) {
    using Request = TransportConfig::request_type;
    using Response = TransportConfig::response_type;
    const_cast<Request&>(connection.get_request()) = Request();
    const_cast<Response&>(connection.get_response()) = Response();
  }

  void onMessage(Handle handle, WsServer::message_ptr message) {
    auto it = sockets_.find(handle);
    if (it == sockets_.end()) return;
    traffic_.received += message->get_payload().size();
    auto listener = it->second.listener;  // the listener may close the socket while handling
    listener->onMessage(message->get_payload(),
                        message->get_opcode() == websocketpp::frame::opcode::binary);
  }

  void onEnd(Handle handle) {
    auto it = sockets_.find(handle);
    if (it == sockets_.end()) return;
    auto listener = std::move(it->second.listener);
    sockets_.erase(it);
    listener->onClose();
  }

  void stop() {
    socketIo_.engine().refuseNewSessions();
    if (engineIo_) engineIo_->refuseNewSessions();
    socketIo_.closeAll();
    if (engineIo_) engineIo_->closeAll();
    goodbyeDeadline_ = std::chrono::steady_clock::now() + kGoodbyeLimit;
    finishWhenToldEveryone();
  }

  // A polling client between two polls learns of the close only on its next poll, which comes
  // within milliseconds: the port stays open until every such client has fetched its close
  // packet (bounded, for clients that died meanwhile).
  void finishWhenToldEveryone() {
    const std::size_t waiting =
        socketIo_.engine().closingSessionCount() + (engineIo_ ? engineIo_->closingSessionCount() : 0);
    if (waiting > 0 && std::chrono::steady_clock::now() < goodbyeDeadline_) {
      stopTimer_ = loop_.startTimer(std::chrono::milliseconds(20),
                                    [this] { finishWhenToldEveryone(); });
      return;
    }
    websocketpp::lib::error_code ec;
    if (websocket_.is_listening()) websocket_.stop_listening(ec);
    // Let the close frames and last responses go out, then end the loop.
    stopTimer_ = loop_.startTimer(std::chrono::milliseconds(200), [this] { context_.stop(); });
  }

  struct SocketEntry {
    std::shared_ptr<WebSocketAdapter> adapter;
    std::shared_ptr<WebSocketListener> listener;
  };

  ServerOptions options_;
  asio::io_context context_;
  detail::AsioEventLoop loop_;
  SocketIoServer socketIo_;
  std::unique_ptr<EngineIoServer> engineIo_;
  HttpHandler httpHandler_;
  WsServer websocket_;
  std::map<Handle, SocketEntry, std::owner_less<Handle>> sockets_;
  std::size_t connections_ = 0;
  TrafficCounters traffic_;
  WriteBatcher batcher_{context_};
  std::shared_ptr<Timer> stopTimer_;
  std::chrono::steady_clock::time_point goodbyeDeadline_;
  std::atomic<bool> stopping_{false};
};

Server::Server(ServerOptions options) : impl_(std::make_unique<Impl>(std::move(options))) {}

Server::~Server() {
  if (!impl_->context_.stopped()) {
    websocketpp::lib::error_code ec;
    if (impl_->websocket_.is_listening()) impl_->websocket_.stop_listening(ec);
  }
}

SocketIoServer& Server::socketIo() noexcept { return impl_->socketIo_; }

EngineIoServer& Server::serveEngineIo(EngineIoHandler& handler) {
  if (impl_->options_.engineIoPath.empty()) impl_->options_.engineIoPath = "/engine.io/";
  impl_->engineIo_ = std::make_unique<EngineIoServer>(impl_->loop_, impl_->options_.engine, handler);
  return *impl_->engineIo_;
}

void Server::setHttpHandler(HttpHandler handler) { impl_->httpHandler_ = std::move(handler); }

EventLoop& Server::loop() noexcept { return impl_->loop_; }

std::uint16_t Server::listen() {
  asio::error_code ec;
  const auto address = asio::ip::make_address(impl_->options_.host, ec);
  if (ec) throw std::system_error(ec, "invalid listen address " + impl_->options_.host);
  const asio::ip::tcp::endpoint endpoint(address, impl_->options_.port);
  impl_->websocket_.listen(endpoint, ec);
  if (ec) throw std::system_error(ec, "cannot listen on " + impl_->options_.host);
  // Several accepts in flight, each re-arming itself: websocketpp accepts one connection per
  // completion, and under load every loop iteration also serves every busy WebSocket, so a
  // single accept loop let polling clients (a new TCP connection per request) starve until
  // their heartbeat timed out.
  for (int i = 0; i < kAcceptsInFlight && !ec; ++i) impl_->websocket_.start_accept(ec);
  if (ec) throw std::system_error(ec, "cannot accept");
  const auto bound = impl_->websocket_.get_local_endpoint(ec);
  return ec ? impl_->options_.port : bound.port();
}

void Server::run() {
  // Keep run() alive while idle: it returns only once stop() ends the loop.
  auto guard = asio::make_work_guard(impl_->context_);
  impl_->context_.run();
}

void Server::stop() {
  if (impl_->stopping_.exchange(true)) return;
  asio::post(impl_->context_, [impl = impl_.get()] { impl->stop(); });
}

void Server::refuseNewSessions() {
  asio::post(impl_->context_, [impl = impl_.get()] {
    impl->socketIo_.engine().refuseNewSessions();
    if (impl->engineIo_) impl->engineIo_->refuseNewSessions();
  });
}

std::size_t Server::connectionCount() const noexcept { return impl_->connections_; }

ServerTraffic Server::traffic() const noexcept {
  return ServerTraffic{impl_->traffic_.received.load(std::memory_order_relaxed),
                       impl_->traffic_.sent.load(std::memory_order_relaxed)};
}

}  // namespace libsession
