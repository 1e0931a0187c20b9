// CORS on the real echo-server (docs/notes/reference-server-behaviour.md §6): with an allowed
// origin configured, handshakes, preflights, error answers and WebSocket 101s carry the
// Access-Control-* headers for that origin; with none configured there are no CORS headers and a
// preflight is an ordinary (refused) Engine.IO request.
#include <catch2/catch.hpp>

#include "support/client_scenario.hpp"
#include "support/echo_server.hpp"

using namespace libsession::test;

TEST_CASE("CORS headers for a configured origin and none without configuration", "[cors][node]") {
  SECTION("--cors-origin http://example.com") {
    EchoServer server({"--cors-origin", "http://example.com"});
    const ClientResults r = runNodeScenario("cors.js", {server.url()});
    INFO(r.diagnostics());
    INFO(server.log());

    CHECK(r.json("allowed.handshake.status") == "200");
    CHECK(r.json("allowed.handshake.cors", "access-control-allow-origin") == R"("http://example.com")");
    CHECK(r.json("allowed.handshake.cors", "vary") == R"("Origin")");
    CHECK(r.json("allowed.preflight.status") == "204");
    CHECK(r.json("allowed.preflight.cors", "access-control-allow-origin") == R"("http://example.com")");
    CHECK(r.json("allowed.preflight.cors", "access-control-allow-methods") ==
          R"("GET,HEAD,PUT,PATCH,POST,DELETE")");
    CHECK(r.json("allowed.preflight.cors", "access-control-allow-headers") == R"("content-type")");
    // Error answers carry them too, and so does the WebSocket 101.
    CHECK(r.json("allowed.error.status") == "400");
    CHECK(r.json("allowed.error.cors", "access-control-allow-origin") == R"("http://example.com")");
    CHECK(r.json("allowed.upgrade.cors", "access-control-allow-origin") == R"("http://example.com")");

    // Another origin is served (the browser enforces CORS) but not allowed.
    CHECK(r.json("other.handshake.status") == "200");
    CHECK(r.json("other.handshake.cors", "access-control-allow-origin") ==
          "<missing other.handshake.cors.access-control-allow-origin>");
    CHECK(r.json("other.preflight.status") == "204");
    CHECK(r.json("other.preflight.cors", "access-control-allow-origin") ==
          "<missing other.preflight.cors.access-control-allow-origin>");
    CHECK(r.completed());
    requireCleanStop(server);
  }
  SECTION("--cors-origin '*'") {
    EchoServer server({"--cors-origin", "*"});
    const ClientResults r = runNodeScenario("cors.js", {server.url()});
    INFO(r.diagnostics());
    INFO(server.log());
    CHECK(r.json("allowed.handshake.cors", "access-control-allow-origin") == R"("*")");
    CHECK(r.json("other.handshake.cors", "access-control-allow-origin") == R"("*")");
    CHECK(r.json("allowed.preflight.status") == "204");
    CHECK(r.json("other.preflight.cors", "access-control-allow-origin") == R"("*")");
    CHECK(r.completed());
    requireCleanStop(server);
  }
  SECTION("no CORS configuration") {
    EchoServer server;
    const ClientResults r = runNodeScenario("cors.js", {server.url()});
    INFO(r.diagnostics());
    INFO(server.log());
    for (const char* label : {"allowed", "other", "none"}) {
      CAPTURE(label);
      const std::string prefix(label);
      CHECK(r.json(prefix + ".handshake.status") == "200");
      CHECK(r.json(prefix + ".handshake.cors") == "{}");
      CHECK(r.json(prefix + ".error.cors") == "{}");
      CHECK(r.json(prefix + ".upgrade.cors") == "{}");
      // OPTIONS without a sid is a handshake with the wrong method.
      CHECK(r.json(prefix + ".preflight.status") == "400");
      CHECK(r.json(prefix + ".preflight.cors") == "{}");
    }
    CHECK(r.completed());
    requireCleanStop(server);
  }
}
