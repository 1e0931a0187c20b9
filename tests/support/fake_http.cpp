#include "fake_http.hpp"

#include <catch2/catch.hpp>

#include <cctype>

namespace libsession::testing {

HttpRequest makeRequest(std::string method, std::string target, std::string body,
                        HttpHeaders headers) {
  HttpRequest request;
  request.method = std::move(method);
  request.target = std::move(target);
  request.body = std::move(body);
  request.headers = std::move(headers);
  request.remoteAddress = "127.0.0.1";
  return request;
}

std::optional<std::string> findHeader(const HttpHeaders& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key.size() != name.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < key.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(key[i])) ==
             std::tolower(static_cast<unsigned char>(name[i]));
    }
    if (same) return value;
  }
  return std::nullopt;
}

void FakeHttpExchange::respond(HttpResponse response) {
  ++respondCalls_;
  if (response_) return;
  response_ = std::move(response);
}

const HttpResponse& FakeHttpExchange::response() const {
  REQUIRE(response_.has_value());
  return *response_;
}

void FakeWebSocket::send(std::string_view bytes, bool binary) {
  if (closeCode_ || closeReported_) return;
  sent_.push_back(Frame{std::string(bytes), binary});
}

void FakeWebSocket::close(WebSocketCloseCode code, std::string_view) {
  ++closeCalls_;
  if (closeCode_ || closeReported_) return;
  closeCode_ = code;
  if (loop_ != nullptr) {
    loop_->post([weak = weak_from_this()] {
      if (auto self = weak.lock()) self->reportClose();
    });
  }
}

void FakeWebSocket::receive(std::string_view text) {
  if (closeReported_ || !listener_) return;
  auto listener = listener_;  // the listener may close us while handling
  listener->onMessage(text, false);
}

void FakeWebSocket::receiveBinary(std::string_view bytes) {
  if (closeReported_ || !listener_) return;
  auto listener = listener_;
  listener->onMessage(bytes, true);
}

void FakeWebSocket::disconnect() { reportClose(); }

void FakeWebSocket::reportClose() {
  if (closeReported_) return;
  closeReported_ = true;
  if (auto listener = std::move(listener_)) listener->onClose();
}

std::vector<std::string> FakeWebSocket::sentBytes() const {
  std::vector<std::string> out;
  out.reserve(sent_.size());
  for (const auto& frame : sent_) out.push_back(frame.bytes);
  return out;
}

std::vector<FakeWebSocket::Frame> FakeWebSocket::takeSent() {
  std::vector<Frame> out(sent_.begin() + static_cast<std::ptrdiff_t>(taken_), sent_.end());
  taken_ = sent_.size();
  return out;
}

std::vector<std::string> FakeWebSocket::takeSentBytes() {
  std::vector<std::string> out;
  for (auto& frame : takeSent()) out.push_back(std::move(frame.bytes));
  return out;
}

}  // namespace libsession::testing
