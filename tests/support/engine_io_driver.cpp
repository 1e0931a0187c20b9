#include "engine_io_driver.hpp"

#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>

namespace libsession::testing {

std::shared_ptr<FakeHttpExchange> EngineIoDriver::http(std::string method,
                                                       const std::string& query,
                                                       std::string body, HttpHeaders headers) {
  auto exchange = std::make_shared<FakeHttpExchange>(
      makeRequest(std::move(method), path_ + "?" + query, std::move(body), std::move(headers)));
  server_.handleHttp(exchange);
  return exchange;
}

std::shared_ptr<FakeHttpExchange> EngineIoDriver::get(const std::string& sid, HttpHeaders headers) {
  return http("GET", "EIO=4&transport=polling&sid=" + sid, {}, std::move(headers));
}

std::shared_ptr<FakeHttpExchange> EngineIoDriver::post(const std::string& sid, std::string body,
                                                       HttpHeaders headers) {
  return http("POST", "EIO=4&transport=polling&sid=" + sid, std::move(body), std::move(headers));
}

std::string EngineIoDriver::handshake(HttpHeaders headers) {
  auto exchange = http("GET", "EIO=4&transport=polling&t=Nx1abc", {}, std::move(headers));
  REQUIRE(exchange->responded());
  REQUIRE(exchange->status() == 200);
  const auto packets = splitPayload(exchange->body());
  REQUIRE(packets.size() == 1);
  return parseOpenPacket(packets.front()).sid;
}

std::optional<HttpResponse> EngineIoDriver::checkWebSocket(const std::string& query,
                                                           HttpHeaders headers) const {
  return server_.checkWebSocket(makeRequest("GET", path_ + "?" + query, {}, std::move(headers)));
}

std::shared_ptr<FakeWebSocket> EngineIoDriver::webSocket(const std::string& query,
                                                         HttpHeaders headers) {
  const HttpRequest request = makeRequest("GET", path_ + "?" + query, {}, std::move(headers));
  const auto refusal = server_.checkWebSocket(request);
  INFO("WebSocket refused: " << (refusal ? refusal->body : std::string()));
  REQUIRE_FALSE(refusal.has_value());
  auto socket = std::make_shared<FakeWebSocket>(loop_);
  auto listener = server_.acceptWebSocket(request, socket);
  REQUIRE(listener != nullptr);
  socket->attach(std::move(listener));
  return socket;
}

std::pair<std::shared_ptr<FakeWebSocket>, std::string> EngineIoDriver::openWebSocket(
    HttpHeaders headers) {
  auto socket = webSocket("EIO=4&transport=websocket", std::move(headers));
  const auto frames = socket->takeSent();
  REQUIRE_FALSE(frames.empty());
  REQUIRE_FALSE(frames.front().binary);
  return {socket, parseOpenPacket(frames.front().bytes).sid};
}

std::shared_ptr<FakeWebSocket> EngineIoDriver::probe(const std::string& sid) {
  return webSocket("EIO=4&transport=websocket&sid=" + sid);
}

std::vector<std::string> splitPayload(std::string_view body) {
  std::vector<std::string> out;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = body.find(engineio::kRecordSeparator, start);
    out.emplace_back(body.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return out;
}

engineio::Handshake parseOpenPacket(std::string_view packet) {
  INFO("open packet: " << std::string(packet));
  REQUIRE_FALSE(packet.empty());
  REQUIRE(packet.front() == '0');
  engineio::Handshake handshake;
  REQUIRE_FALSE(engineio::decodeHandshake(packet.substr(1), handshake));
  return handshake;
}

bool isBase64Id(std::string_view id) {
  return id.size() == 20 && std::all_of(id.begin(), id.end(), [](char c) {
           return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
         });
}

}  // namespace libsession::testing
