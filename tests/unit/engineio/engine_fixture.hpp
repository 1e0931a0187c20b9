// The parts every EngineIoServer test needs: a virtual-time loop, a recording handler, the
// server, and a driver playing the clients.
#pragma once

#include <libsession/engine_io_server.hpp>
#include <libsession/json.hpp>

#include <catch2/catch.hpp>

#include "engine_io_driver.hpp"
#include "fake_http.hpp"
#include "manual_event_loop.hpp"
#include "recording_engine_io_handler.hpp"
#include "test_printers.hpp"

#include <chrono>
#include <string>

namespace libsession::testing {

using namespace std::chrono_literals;

struct EngineFixture {
  explicit EngineFixture(EngineIoOptions options = {})
      : server(loop, std::move(options), handler), client(server, &loop) {}

  /// The only session opened so far.
  std::shared_ptr<EngineIoSession> onlySession() {
    REQUIRE(handler.opened.size() == 1);
    return handler.opened.front();
  }

  ManualEventLoop loop;
  RecordingEngineIoHandler handler;
  EngineIoServer server;
  EngineIoDriver client;
};

/// The reference's JSON error answer: status, application/json, {"code":n,"message":"…"}.
inline void checkJsonError(const FakeHttpExchange& exchange, int status, int code,
                           const std::string& message) {
  REQUIRE(exchange.responded());
  CHECK(exchange.status() == status);
  CHECK(exchange.header("Content-Type") == std::optional<std::string>("application/json"));
  CHECK(exchange.body() ==
        R"({"code":)" + std::to_string(code) + R"(,"message":)" + toJson(Value(message)) + "}");
}

}  // namespace libsession::testing
