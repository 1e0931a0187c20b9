// In-memory stand-ins for the transport side of http.hpp: an HTTP exchange that records its
// response, and a WebSocket that records what the server sent and lets the test play the client.
//
// Thread-safety: none; used on the test's thread only.
#pragma once

#include <libsession/event_loop.hpp>
#include <libsession/http.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace libsession::testing {

/// A request as a transport would build it. `target` is path plus query.
HttpRequest makeRequest(std::string method, std::string target, std::string body = {},
                        HttpHeaders headers = {});

/// Case-insensitive lookup of a response header (first match).
std::optional<std::string> findHeader(const HttpHeaders& headers, std::string_view name);

class FakeHttpExchange final : public HttpExchange {
public:
  explicit FakeHttpExchange(HttpRequest request) : request_(std::move(request)) {}

  const HttpRequest& request() const noexcept override { return request_; }
  void respond(HttpResponse response) override;
  bool responded() const noexcept override { return response_.has_value(); }

  /// The response; the test fails (Catch REQUIRE) when there is none yet.
  const HttpResponse& response() const;
  int status() const { return response().status; }
  const std::string& body() const { return response().body; }
  std::optional<std::string> header(std::string_view name) const {
    return findHeader(response().headers, name);
  }
  /// How often the server called respond(); more than once is harmless by contract, but a
  /// sign of confusion worth asserting against.
  int respondCalls() const noexcept { return respondCalls_; }

private:
  HttpRequest request_;
  std::optional<HttpResponse> response_;
  int respondCalls_ = 0;
};

/// An accepted WebSocket. The server's sends and close are recorded; receive(), receiveBinary()
/// and disconnect() play the client through the listener returned by acceptWebSocket().
///
/// Like the bundled websocketpp transport, a close() by the server is followed later (a posted
/// task on `loop`, when given) by the listener's onClose: the close handshake has completed.
/// onClose is reported at most once, and nothing is delivered after it.
class FakeWebSocket final : public WebSocketConnection,
                            public std::enable_shared_from_this<FakeWebSocket> {
public:
  struct Frame {
    std::string bytes;
    bool binary = false;
  };

  explicit FakeWebSocket(EventLoop* loop = nullptr) : loop_(loop) {}

  // WebSocketConnection (the server's side)
  void send(std::string_view bytes, bool binary) override;
  void close(WebSocketCloseCode code, std::string_view reason = {}) override;
  std::size_t bufferedAmount() const noexcept override { return 0; }

  void attach(std::shared_ptr<WebSocketListener> listener) { listener_ = std::move(listener); }

  // The client's side
  void receive(std::string_view text);
  void receiveBinary(std::string_view bytes);
  /// The peer closes the socket (or the TCP connection drops).
  void disconnect();

  /// Every frame the server sent, in order (sends after close() are not recorded: a real
  /// transport drops them).
  const std::vector<Frame>& sent() const noexcept { return sent_; }
  /// The text of each frame (binary frames included as their bytes).
  std::vector<std::string> sentBytes() const;
  /// Returns the frames sent since the last call and forgets them.
  std::vector<Frame> takeSent();
  std::vector<std::string> takeSentBytes();

  bool closedByServer() const noexcept { return closeCode_.has_value(); }
  std::optional<WebSocketCloseCode> closeCode() const noexcept { return closeCode_; }
  int closeCalls() const noexcept { return closeCalls_; }
  bool closeReported() const noexcept { return closeReported_; }

private:
  void reportClose();

  EventLoop* loop_;
  std::shared_ptr<WebSocketListener> listener_;
  std::vector<Frame> sent_;
  std::size_t taken_ = 0;
  std::optional<WebSocketCloseCode> closeCode_;
  int closeCalls_ = 0;
  bool closeReported_ = false;
};

}  // namespace libsession::testing
