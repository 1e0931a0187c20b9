// libsession/http.hpp — the seam between the network transport and the protocol engines.
//
// A client transport (the bundled one is websocketpp, see server.hpp; users may write their own)
// turns what arrives on the socket into these transport-neutral objects and hands them to the
// EngineIoServer:
//   - HttpExchange: one HTTP request awaiting its response. The response may be given later
//     (a long-polling GET is held until there is something to send).
//   - WebSocketConnection: an accepted WebSocket, with a WebSocketListener receiving its traffic.
// Unit tests implement both with in-memory fakes, so the Engine.IO rules are tested without
// sockets.
//
// Thread-safety: all calls happen on the server's EventLoop thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace libsession {

using HttpHeaders = std::vector<std::pair<std::string, std::string>>;

struct HttpRequest {
  std::string method;         ///< "GET", "POST", "OPTIONS", ...
  std::string target;         ///< as received: path, then '?' and the query
  HttpHeaders headers;        ///< names as received
  std::string body;
  std::string remoteAddress;  ///< peer IP address
  bool secure = false;        ///< arrived over TLS

  /// The target before '?'.
  std::string_view path() const noexcept;
  /// The raw query string after '?', or empty.
  std::string_view query() const noexcept;
  /// First header with this name (case-insensitive), or nullopt.
  std::optional<std::string_view> header(std::string_view name) const noexcept;
  /// Percent-decoded value of a query parameter ('+' is a space); the last one wins, like the
  /// reference server's URLSearchParams handling.
  std::optional<std::string> queryParam(std::string_view name) const;
  /// Every query parameter, percent-decoded, in order.
  std::vector<std::pair<std::string, std::string>> queryParams() const;
  /// A copy without the body and with only the headers named (case-insensitive, every
  /// occurrence, in their original order); "*" among the names keeps every header.
  HttpRequest withHeadersOnly(const std::vector<std::string>& names) const;
};

struct HttpResponse {
  int status = 200;
  HttpHeaders headers;
  std::string body;

  /// A response with a body and its Content-Type.
  static HttpResponse text(int status, std::string body,
                           std::string contentType = "text/plain; charset=UTF-8");
  /// A JSON response (Content-Type: application/json).
  static HttpResponse json(int status, std::string body);
  void setHeader(std::string name, std::string value);
};

/// One HTTP request awaiting its response.
class HttpExchange {
public:
  virtual ~HttpExchange() = default;
  virtual const HttpRequest& request() const noexcept = 0;
  /// Sends the response. Only the first call has an effect.
  virtual void respond(HttpResponse response) = 0;
  /// True once respond() was called.
  virtual bool responded() const noexcept = 0;
};

/// Answers HTTP requests outside the Engine.IO/Socket.IO paths (e.g. /health).
using HttpHandler = std::function<void(std::shared_ptr<HttpExchange>)>;

/// WebSocket close status codes the engines use.
enum class WebSocketCloseCode : std::uint16_t {
  no_status = 1005,  ///< no code in the close frame (what the reference server sends)
  normal = 1000,
  going_away = 1001, ///< server shutting down
  protocol_error = 1002,
  message_too_big = 1009,
};

/// An accepted WebSocket. Sends are queued by the transport and never block.
class WebSocketConnection {
public:
  virtual ~WebSocketConnection() = default;
  virtual void send(std::string_view bytes, bool binary) = 0;
  /// Sends one frame whose payload is `head` then `body` (an Engine.IO type byte and its data),
  /// so that the caller need not join them first. The default joins them and calls send().
  virtual void sendParts(std::string_view head, std::string_view body, bool binary) {
    std::string joined;
    joined.reserve(head.size() + body.size());
    joined.append(head).append(body);
    send(joined, binary);
  }
  virtual void close(WebSocketCloseCode code, std::string_view reason = {}) = 0;
  /// Bytes queued but not yet written to the socket (for backpressure).
  virtual std::size_t bufferedAmount() const noexcept = 0;
};

/// Receives one WebSocket's traffic. The transport calls onClose exactly once, after which it
/// calls nothing more.
class WebSocketListener {
public:
  virtual ~WebSocketListener() = default;
  virtual void onMessage(std::string_view bytes, bool binary) = 0;
  virtual void onClose() = 0;
};

}  // namespace libsession
