// EngineIoDriver: plays Engine.IO clients against an EngineIoServer through the in-memory fakes
// (the way the websocketpp transport would hand it requests), so a test reads like the wire:
//
//   EngineIoDriver client(server, &loop);
//   const std::string sid = client.handshake();
//   auto poll = client.get(sid);             // held until the server has something to send
//   session->send("hi");
//   CHECK(poll->body() == "4hi");
//
// Thread-safety: none; the test's thread.
#pragma once

#include <libsession/codec/engine_io.hpp>
#include <libsession/engine_io_server.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fake_http.hpp"

namespace libsession::testing {

class EngineIoDriver {
public:
  /// `loop` is handed to the fake WebSockets so that a server-side close is later reported
  /// back through the listener, as the real transport does.
  EngineIoDriver(EngineIoServer& server, EventLoop* loop, std::string path = "/socket.io/")
      : server_(server), loop_(loop), path_(std::move(path)) {}

  /// Any HTTP request on the engine's path; `query` without the '?'.
  std::shared_ptr<FakeHttpExchange> http(std::string method, const std::string& query,
                                         std::string body = {}, HttpHeaders headers = {});
  /// A long-polling GET for `sid`.
  std::shared_ptr<FakeHttpExchange> get(const std::string& sid, HttpHeaders headers = {});
  /// A long-polling POST for `sid`, with the Content-Type engine.io-client sends.
  std::shared_ptr<FakeHttpExchange> post(const std::string& sid, std::string body,
                                         HttpHeaders headers = {
                                             {"Content-Type", "text/plain;charset=UTF-8"}});
  /// A polling handshake that must succeed; returns the new sid.
  std::string handshake(HttpHeaders headers = {});

  /// Asks the server whether a WebSocket upgrade request may proceed.
  std::optional<HttpResponse> checkWebSocket(const std::string& query,
                                             HttpHeaders headers = {}) const;
  /// A WebSocket the server must accept (checkWebSocket passes), connected to its listener.
  std::shared_ptr<FakeWebSocket> webSocket(const std::string& query, HttpHeaders headers = {});
  /// A WebSocket-first session: the socket and the sid from its open packet.
  std::pair<std::shared_ptr<FakeWebSocket>, std::string> openWebSocket(HttpHeaders headers = {});
  /// An upgrade probe for a polling session.
  std::shared_ptr<FakeWebSocket> probe(const std::string& sid);

  const std::string& path() const noexcept { return path_; }

private:
  EngineIoServer& server_;
  EventLoop* loop_;
  std::string path_;
};

/// The packets of a long-polling body, split on the record separator (no decoding).
std::vector<std::string> splitPayload(std::string_view body);
/// Parses an open packet ("0{...}"); the test fails when it is not one.
engineio::Handshake parseOpenPacket(std::string_view packet);
/// True for an id in the reference format: 20 characters of [A-Za-z0-9_-].
bool isBase64Id(std::string_view id);

}  // namespace libsession::testing
