// EngineIoServer: CORS headers and preflight, per CorsOptions (reference-server-behaviour.md §6,
// the cors npm middleware's rules; the header contract in engine_io_server.hpp).
#include "engine_fixture.hpp"

#include <algorithm>
#include <cctype>

using namespace libsession;
using namespace libsession::testing;

namespace {

const HttpHeaders kFromApp{{"Origin", "https://app.example"}};

EngineIoOptions corsOptions(std::vector<std::string> origins, bool credentials = false) {
  EngineIoOptions options;
  options.cors.allowedOrigins = std::move(origins);
  options.cors.allowCredentials = credentials;
  return options;
}

bool hasCorsHeader(const HttpHeaders& headers) {
  for (const auto& [name, value] : headers) {
    std::string lower;
    for (char c : name) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower.rfind("access-control-", 0) == 0) return true;
  }
  return false;
}

// The tokens of a comma-separated header value.
std::vector<std::string> tokens(const std::optional<std::string>& value) {
  std::vector<std::string> out;
  if (!value) return out;
  std::string current;
  for (char c : *value + ",") {
    if (c == ',') {
      if (!current.empty()) out.push_back(current);
      current.clear();
    } else if (c != ' ') {
      current += c;
    }
  }
  return out;
}

}  // namespace

TEST_CASE("cors: no CORS headers by default", "[engineio][cors]") {
  EngineFixture f;
  auto handshake = f.client.http("GET", "EIO=4&transport=polling", {}, kFromApp);
  CHECK_FALSE(hasCorsHeader(handshake->response().headers));
  CHECK_FALSE(handshake->header("Vary").has_value());
  CHECK(f.server.webSocketResponseHeaders(makeRequest("GET", "/socket.io/?EIO=4&transport=websocket",
                                                      {}, kFromApp))
            .empty());
  // Without CORS an OPTIONS request is just a bad handshake.
  checkJsonError(*f.client.http("OPTIONS", "EIO=4&transport=polling", {}, kFromApp), 400, 2,
                 "Bad handshake method");
}

TEST_CASE("cors: '*' allows every origin", "[engineio][cors]") {
  EngineFixture f(corsOptions({"*"}));
  const std::string sid = f.client.handshake(kFromApp);
  auto poll = f.client.get(sid, kFromApp);
  f.onlySession()->send("x");
  CHECK(poll->header("Access-Control-Allow-Origin") == std::optional<std::string>("*"));
  CHECK_FALSE(poll->header("Access-Control-Allow-Credentials").has_value());
  CHECK_FALSE(poll->header("Vary").has_value());

  auto post = f.client.post(sid, "4x", {{"Origin", "https://app.example"}});
  CHECK(post->header("Access-Control-Allow-Origin") == std::optional<std::string>("*"));
  // Error answers carry the CORS headers too, so that the browser lets the page read them.
  auto error = f.client.get("AAAAAAAAAAAAAAAAAAAA", kFromApp);
  CHECK(error->status() == 400);
  CHECK(error->header("Access-Control-Allow-Origin") == std::optional<std::string>("*"));
}

TEST_CASE("cors: a list reflects a matching Origin, with Vary", "[engineio][cors]") {
  EngineFixture f(corsOptions({"https://other.example", "https://app.example"}));
  auto allowed = f.client.http("GET", "EIO=4&transport=polling", {}, kFromApp);
  CHECK(allowed->status() == 200);
  CHECK(allowed->header("Access-Control-Allow-Origin") ==
        std::optional<std::string>("https://app.example"));
  CHECK(tokens(allowed->header("Vary")) == std::vector<std::string>{"Origin"});

  // A denied origin is not blocked (the browser enforces); the header is just absent.
  auto denied = f.client.http("GET", "EIO=4&transport=polling", {},
                              {{"Origin", "https://evil.example"}});
  CHECK(denied->status() == 200);
  CHECK_FALSE(denied->header("Access-Control-Allow-Origin").has_value());
  CHECK(tokens(denied->header("Vary")) == std::vector<std::string>{"Origin"});

  auto noOrigin = f.client.http("GET", "EIO=4&transport=polling");
  CHECK_FALSE(noOrigin->header("Access-Control-Allow-Origin").has_value());

  const auto wsHeaders = f.server.webSocketResponseHeaders(
      makeRequest("GET", "/socket.io/?EIO=4&transport=websocket", {}, kFromApp));
  CHECK(findHeader(wsHeaders, "Access-Control-Allow-Origin") ==
        std::optional<std::string>("https://app.example"));
}

TEST_CASE("cors: credentials", "[engineio][cors]") {
  SECTION("with a list") {
    EngineFixture f(corsOptions({"https://app.example"}, true));
    auto allowed = f.client.http("GET", "EIO=4&transport=polling", {}, kFromApp);
    CHECK(allowed->header("Access-Control-Allow-Origin") ==
          std::optional<std::string>("https://app.example"));
    CHECK(allowed->header("Access-Control-Allow-Credentials") == std::optional<std::string>("true"));
    auto denied = f.client.http("GET", "EIO=4&transport=polling", {},
                                {{"Origin", "https://evil.example"}});
    CHECK_FALSE(denied->header("Access-Control-Allow-Origin").has_value());
  }
  SECTION("with '*' the request's origin is echoed, since browsers refuse '*' with credentials") {
    EngineFixture f(corsOptions({"*"}, true));
    auto response = f.client.http("GET", "EIO=4&transport=polling", {}, kFromApp);
    CHECK(response->header("Access-Control-Allow-Origin") ==
          std::optional<std::string>("https://app.example"));
    CHECK(response->header("Access-Control-Allow-Credentials") ==
          std::optional<std::string>("true"));
    CHECK(tokens(response->header("Vary")) == std::vector<std::string>{"Origin"});
  }
}

TEST_CASE("cors: preflight OPTIONS → 204 and never reaches Engine.IO", "[engineio][cors]") {
  SECTION("'*'") {
    EngineFixture f(corsOptions({"*"}));
    auto preflight = f.client.http("OPTIONS", "EIO=4&transport=polling", {},
                                   {{"Origin", "https://app.example"},
                                    {"Access-Control-Request-Method", "POST"},
                                    {"Access-Control-Request-Headers", "content-type"}});
    REQUIRE(preflight->responded());
    CHECK(preflight->status() == 204);
    CHECK(preflight->body().empty());
    CHECK(preflight->header("Access-Control-Allow-Origin") == std::optional<std::string>("*"));
    CHECK(preflight->header("Access-Control-Allow-Methods") ==
          std::optional<std::string>("GET,HEAD,PUT,PATCH,POST,DELETE"));
    CHECK(preflight->header("Access-Control-Allow-Headers") ==
          std::optional<std::string>("content-type"));
    CHECK(tokens(preflight->header("Vary")) ==
          std::vector<std::string>{"Access-Control-Request-Headers"});
    CHECK(f.handler.opened.empty());
  }
  SECTION("on an existing sid") {
    EngineFixture f(corsOptions({"*"}));
    const std::string sid = f.client.handshake();
    auto preflight = f.client.http("OPTIONS", "EIO=4&transport=polling&sid=" + sid, {}, kFromApp);
    CHECK(preflight->status() == 204);
    CHECK(f.onlySession()->isOpen());
  }
  SECTION("a list, with requested headers: Vary names both") {
    EngineFixture f(corsOptions({"https://app.example"}, true));
    auto preflight = f.client.http("OPTIONS", "EIO=4&transport=polling", {},
                                   {{"Origin", "https://app.example"},
                                    {"Access-Control-Request-Method", "POST"},
                                    {"Access-Control-Request-Headers", "content-type"}});
    CHECK(preflight->status() == 204);
    CHECK(preflight->header("Access-Control-Allow-Origin") ==
          std::optional<std::string>("https://app.example"));
    CHECK(preflight->header("Access-Control-Allow-Credentials") ==
          std::optional<std::string>("true"));
    CHECK(preflight->header("Access-Control-Allow-Headers") ==
          std::optional<std::string>("content-type"));
    // The cors middleware appends to Vary: "Origin, Access-Control-Request-Headers". A cache
    // that saw only "Vary: Origin" could serve this preflight for other requested headers.
    auto vary = tokens(preflight->header("Vary"));
    std::sort(vary.begin(), vary.end());
    CHECK(vary == std::vector<std::string>{"Access-Control-Request-Headers", "Origin"});
  }
}

TEST_CASE("cors: refused WebSocket upgrades carry the CORS headers", "[engineio][cors]") {
  EngineFixture f(corsOptions({"*"}));
  const auto refusal = f.client.checkWebSocket("EIO=4&transport=websocket&sid=AAAAAAAAAAAAAAAAAAAA",
                                               kFromApp);
  REQUIRE(refusal.has_value());
  CHECK(refusal->status == 400);
  CHECK(findHeader(refusal->headers, "Access-Control-Allow-Origin") ==
        std::optional<std::string>("*"));
}
