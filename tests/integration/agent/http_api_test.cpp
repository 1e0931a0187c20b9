// Issue 5, HTTP API: the real session-agent binary, stand-alone (loopback engine, sessions in
// memory; a broker URL only where it must be unreachable), answering GET /health, GET /metrics
// (checked with a strict Prometheus text parser while a socket.io-client uses the agent) and
// POST /event with every status of http_api.hpp: 202, 200 compat, 400, 401 (x-participant-id
// and JWT), 404, 405, 413, 415 and 503 when the engine link cannot take the Event.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libsession/json.hpp>
#include <libsession/version.hpp>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <csignal>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "agent_harness.hpp"
#include "prometheus_text.hpp"

using namespace agent_test;
using libsession::Value;
using libsession::test::ExitStatus;

namespace {

const std::vector<std::string> kJson = {"Content-Type: application/json"};

/// An agent of its own on a free port: loopback engine, memory sessions, `extra` flags after.
AgentProcess standaloneAgent(const std::vector<std::string>& extra = {},
                             const libsession::test::ChildProcess::Environment& env = {}) {
  std::vector<std::string> args{"--host", "127.0.0.1", "-p", "0", "-i", "org.wt.http1"};
  args.insert(args.end(), extra.begin(), extra.end());
  return AgentProcess(args, agentEnvironment(env), "org.wt.http1");
}

/// A port on 127.0.0.1 where nothing listens (bound, then released).
std::uint16_t closedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof(address);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0);
  ::close(fd);
  return ntohs(address.sin_port);
}

Value parsed(const HttpAnswer& answer) {
  Value body;
  INFO(answer.head << "\n\n" << answer.body);
  REQUIRE(!libsession::parseJson(answer.body, body));
  return body;
}



/// The header's value (case-insensitive name) in `head`, or "<no NAME>".
std::string header(const HttpAnswer& answer, std::string name) {
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  const std::string head = lower(answer.head);
  const auto at = head.find("\r\n" + lower(name) + ":");
  if (at == std::string::npos) return "<no " + name + ">";
  auto start = at + 3 + name.size();
  while (start < head.size() && answer.head[start] == ' ') ++start;
  return answer.head.substr(start, head.find("\r\n", start) - start);
}

/// GET /metrics, parsed strictly; fails the test when it is not valid Prometheus text.
libsession::testing::PrometheusText metrics(std::uint16_t port) {
  const HttpAnswer answer = httpGet(port, "/metrics");
  INFO(answer.head << "\n\n" << answer.body);
  REQUIRE(answer.status == 200);
  CHECK(header(answer, "Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  libsession::testing::PrometheusText text;
  std::string error;
  INFO(error);
  REQUIRE(libsession::testing::parsePrometheusText(answer.body, text, error));
  return text;
}

/// One sample's value from a fresh GET /metrics, NaN when missing (for eventually()).
double metric(std::uint16_t port, const std::string& name,
              const std::map<std::string, std::string>& labels = {}) {
  return metrics(port).value(name, labels).value_or(std::numeric_limits<double>::quiet_NaN());
}

/// A POST /event sent on a connection of its own whose answer is not awaited: the agent holds
/// it while the engine link has not confirmed the Event.
class UnansweredRequest {
public:
  UnansweredRequest(std::uint16_t port, const std::string& participant, const std::string& body) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(port);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
    const std::string request =
        "POST /event HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        "Content-Type: application/json\r\nx-participant-id: " + participant +
        "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
    REQUIRE(::send(fd_, request.data(), request.size(), MSG_NOSIGNAL) ==
            static_cast<ssize_t>(request.size()));
  }
  ~UnansweredRequest() { ::close(fd_); }
  UnansweredRequest(const UnansweredRequest&) = delete;
  UnansweredRequest& operator=(const UnansweredRequest&) = delete;

  /// Whatever the agent has answered so far, without waiting.
  std::string answerSoFar() {
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::recv(fd_, buffer, sizeof(buffer), MSG_DONTWAIT)) > 0) received_.append(buffer, n);
    return received_;
  }
  /// The whole answer, waiting at most `timeout` for the agent to close the connection.
  std::string answer(std::chrono::seconds timeout) {
    timeval limit{static_cast<time_t>(timeout.count()), 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof(limit));
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::recv(fd_, buffer, sizeof(buffer), 0)) > 0) received_.append(buffer, n);
    return received_;
  }

private:
  int fd_ = -1;
  std::string received_;
};

}  // namespace

TEST_CASE("GET /health answers 200 with the node's state when it is ready", "[agent][http]") {
  AgentProcess agent = standaloneAgent();
  INFO(agent.log());
  HttpAnswer health;
  REQUIRE(eventually(
      [&] {
        health = httpGet(agent.port(), "/health");
        return health.status == 200;
      },
      std::chrono::seconds(10)));
  CHECK(header(health, "Content-Type") == "application/json");
  const Value body = parsed(health);
  INFO(health.body);
  CHECK(jsonAt(body, "status") == R"("ok")");
  CHECK(jsonAt(body, "nodeId") == R"("org.wt.http1")");
  CHECK(jsonAt(body, "version") == "\"" + std::string(libsession::kVersion) + "\"");
  REQUIRE(body.find("uptime_s") != nullptr);
  REQUIRE(body.find("uptime_s")->isNumber());
  CHECK(*body.find("uptime_s")->asNumber() >= 0);
  CHECK(jsonAt(body, "connections") == "0");
  CHECK(jsonAt(body, "participants") == "0");
  CHECK(jsonAt(body, "engine") == R"({"kind":"loopback","up":true})");
  CHECK(jsonAt(body, "directory") == R"({"kind":"memory","up":true})");

  const HttpAnswer head = httpRequest(agent.port(), "HEAD", "/health");
  CHECK(head.status == 200);
  CHECK(head.body.empty());  // a HEAD answer carries the headers only
}

TEST_CASE("GET /health answers 503 degraded while the broker cannot be reached",
          "[agent][http]") {
  AgentProcess agent = standaloneAgent(
      {"--broker", "amqp://guest:guest@127.0.0.1:" + std::to_string(closedPort())});
  INFO(agent.log());
  const HttpAnswer health = httpGet(agent.port(), "/health");
  INFO(health.head << "\n\n" << health.body);
  CHECK(health.status == 503);
  const Value body = parsed(health);
  CHECK(jsonAt(body, "status") == R"("degraded")");
  CHECK(jsonAt(body, "engine") == R"({"kind":"rabbitmq","up":false})");
  CHECK(jsonAt(body, "directory") == R"({"kind":"memory","up":true})");
  CHECK(metric(agent.port(), "session_agent_engine_up") == 0);
  CHECK(metric(agent.port(), "session_agent_directory_up") == 1);
}

TEST_CASE("GET /metrics renders the agent's families and counts a WebSocket client's traffic",
          "[agent][http][metrics]") {
  AgentProcess agent = standaloneAgent();
  INFO(agent.log());
  REQUIRE(eventually([&] { return httpGet(agent.port(), "/health").status == 200; },
                     std::chrono::seconds(10)));

  const auto before = metrics(agent.port());
  const std::map<std::string, std::string> families = {
      {"session_agent_info", "gauge"},
      {"session_agent_connections", "gauge"},
      {"session_agent_sessions", "gauge"},
      {"session_agent_participants", "gauge"},
      {"session_agent_tcp_connections", "gauge"},
      {"session_agent_connects_total", "counter"},
      {"session_agent_disconnects_total", "counter"},
      {"session_agent_publish_confirm_seconds", "histogram"},
      {"session_agent_events_received_total", "counter"},
      {"session_agent_events_rejected_total", "counter"},
      {"session_agent_events_refused_total", "counter"},
      {"session_agent_events_published_total", "counter"},
      {"session_agent_events_confirmed_total", "counter"},
      {"session_agent_events_failed_total", "counter"},
      {"session_agent_events_pending", "gauge"},
      {"session_agent_messages_consumed_total", "counter"},
      {"session_agent_messages_delivered_total", "counter"},
      {"session_agent_engine_up", "gauge"},
      {"session_agent_directory_up", "gauge"},
      {"session_agent_received_bytes_total", "counter"},
      {"session_agent_sent_bytes_total", "counter"},
  };
  for (const auto& [family, type] : families) {
    INFO(family);
    const auto it = before.type.find(family);
    REQUIRE(it != before.type.end());
    CHECK(it->second == type);
    CHECK(before.help.count(family) == 1);
  }
  CHECK(before.value("session_agent_info", {{"version", libsession::kVersion}}) == 1);
  CHECK(before.value("session_agent_connections", {{"transport", "websocket"}}) == 0);
  CHECK(before.value("session_agent_connections", {{"transport", "polling"}}) == 0);
  CHECK(before.value("session_agent_connects_total") == 0);
  CHECK(before.value("session_agent_events_received_total") == 0);
  CHECK(before.value("session_agent_publish_confirm_seconds_count") == 0);
  CHECK(before.value("session_agent_engine_up") == 1);
  const double receivedBefore = before.value("session_agent_received_bytes_total").value_or(-1);
  const double sentBefore = before.value("session_agent_sent_bytes_total").value_or(-1);

  constexpr int kEvents = 3;
  LiveClient client("metrics_client.js", {agent.url(), "metrics-alice", std::to_string(kEvents)});
  REQUIRE(client.waitFor("acks", std::chrono::seconds(15)));

  const auto during = metrics(agent.port());
  CHECK(during.value("session_agent_connections", {{"transport", "websocket"}}) == 1);
  CHECK(during.value("session_agent_connections", {{"transport", "polling"}}) == 0);
  CHECK(during.value("session_agent_sessions") == 1);
  CHECK(during.value("session_agent_participants") == 1);
  CHECK(during.value("session_agent_connects_total") == 1);
  CHECK(during.value("session_agent_disconnects_total") == 0);
  CHECK(during.value("session_agent_events_received_total") == kEvents);
  CHECK(during.value("session_agent_events_published_total") == kEvents);
  CHECK(during.value("session_agent_events_confirmed_total") == kEvents);
  CHECK(during.value("session_agent_events_failed_total") == 0);
  CHECK(during.value("session_agent_events_pending") == 0);
  CHECK(during.value("session_agent_publish_confirm_seconds_count") == kEvents);
  CHECK(during.value("session_agent_publish_confirm_seconds_bucket", {{"le", "+Inf"}}) == kEvents);
  CHECK(during.value("session_agent_received_bytes_total").value_or(-1) > receivedBefore);
  CHECK(during.value("session_agent_sent_bytes_total").value_or(-1) > sentBefore);
  const Value health = parsed(httpGet(agent.port(), "/health"));
  CHECK(jsonAt(health, "connections") == "1");
  CHECK(jsonAt(health, "participants") == "1");

  client.signal(SIGUSR2);
  const auto results = client.finish(std::chrono::seconds(10));
  INFO(results.diagnostics());
  CHECK(results.json("transport") == R"("websocket")");
  CHECK(results.json("acks") ==
        R"([[{"ok":true,"id":"metrics-0"}],[{"ok":true,"id":"metrics-1"}],[{"ok":true,"id":"metrics-2"}]])");
  CHECK(results.completed());
  CHECK(eventually([&] { return metric(agent.port(), "session_agent_disconnects_total") == 1; },
                   std::chrono::seconds(10)));
  const auto after = metrics(agent.port());
  CHECK(after.value("session_agent_connections", {{"transport", "websocket"}}) == 0);
  CHECK(after.value("session_agent_sessions") == 0);
  CHECK(after.value("session_agent_connects_total") == 1);
}

TEST_CASE("POST /event answers 202, 400, 401, 404, 405 and 415 as documented", "[agent][http]") {
  AgentProcess agent = standaloneAgent();
  INFO(agent.log());
  const std::uint16_t port = agent.port();
  const std::vector<std::string> alice = {"Content-Type: application/json", "x-participant-id: alice"};

  SECTION("202 with the Event's id once the (loopback) engine has it") {
    const HttpAnswer a = httpRequest(port, "POST", "/event", alice,
                                     R"({"id":"evt-http-1","type":"org.wt.tell","data":{"x":1}})");
    INFO(a.head << "\n\n" << a.body);
    CHECK(a.status == 202);
    CHECK(header(a, "Content-Type") == "application/json");
    CHECK(a.body == R"({"id":"evt-http-1"})");
    // Without a Content-Type, and with parameters, the body is still taken as JSON.
    const HttpAnswer bare =
        httpRequest(port, "POST", "/event", {"x-participant-id: alice"}, R"({"id":"e2","type":"t"})");
    CHECK(bare.status == 202);
    const HttpAnswer charset = httpRequest(
        port, "POST", "/event", {"Content-Type: Application/JSON; charset=utf-8", "x-participant-id: a"},
        R"({"id":"e3","type":"t"})");
    CHECK(charset.status == 202);
    CHECK(metric(port, "session_agent_events_confirmed_total") == 3);
  }
  SECTION("400 naming the problem: not JSON, not a valid Event") {
    const HttpAnswer notJson = httpRequest(port, "POST", "/event", alice, "{\"id\": ");
    INFO(notJson.head << "\n\n" << notJson.body);
    CHECK(notJson.status == 400);
    const Value a = parsed(notJson);
    CHECK(jsonAt(a, "code") == R"("bad_request")");
    CHECK(contains(jsonAt(a, "error"), "not JSON"));

    const HttpAnswer noType =
        httpRequest(port, "POST", "/event", alice, R"({"id":"evt-no-type","data":{}})");
    INFO(noType.head << "\n\n" << noType.body);
    CHECK(noType.status == 400);
    const Value b = parsed(noType);
    CHECK(jsonAt(b, "code") == R"("bad_request")");
    CHECK(contains(jsonAt(b, "error"), "Event.type"));

    const HttpAnswer badData =
        httpRequest(port, "POST", "/event", alice, R"({"id":"e","type":"t","data":[1]})");
    CHECK(badData.status == 400);
    CHECK(contains(badData.body, "Event.data"));
    CHECK(metric(port, "session_agent_events_rejected_total") == 2);
  }
  SECTION("401 without x-participant-id when no JWT secret is set") {
    for (const auto& headers : {kJson, std::vector<std::string>{"Content-Type: application/json",
                                                                "x-participant-id:"}}) {
      const HttpAnswer a = httpRequest(port, "POST", "/event", headers, R"({"id":"e","type":"t"})");
      INFO(a.head << "\n\n" << a.body);
      CHECK(a.status == 401);
      const Value body = parsed(a);
      CHECK(jsonAt(body, "code") == R"("unauthorized")");
      CHECK(contains(jsonAt(body, "error"), "x-participant-id"));
    }
  }
  SECTION("415 for a Content-Type that is not JSON") {
    const HttpAnswer a = httpRequest(port, "POST", "/event",
                                     {"Content-Type: text/plain", "x-participant-id: alice"},
                                     R"({"id":"e","type":"t"})");
    INFO(a.head << "\n\n" << a.body);
    CHECK(a.status == 415);
    CHECK(jsonAt(parsed(a), "code") == R"("unsupported_media_type")");
  }
  SECTION("404 JSON for unknown paths") {
    for (const auto& [method, path] : std::vector<std::pair<std::string, std::string>>{
             {"GET", "/nope"}, {"POST", "/events"}, {"GET", "/health/x"}}) {
      const HttpAnswer a = httpRequest(port, method, path);
      INFO(method << " " << path << "\n" << a.head << "\n\n" << a.body);
      CHECK(a.status == 404);
      CHECK(header(a, "Content-Type") == "application/json");
      CHECK(jsonAt(parsed(a), "code") == R"("not_found")");
    }
  }
  SECTION("405 JSON with Allow for a known path and the wrong method") {
    struct Case {
      const char* method;
      const char* path;
      const char* allow;
    };
    for (const Case& c : {Case{"DELETE", "/health", "GET, HEAD"}, Case{"GET", "/event", "POST"},
                          Case{"POST", "/metrics", "GET, HEAD"}, Case{"PUT", "/event", "POST"}}) {
      const HttpAnswer a = httpRequest(port, c.method, c.path);
      INFO(c.method << " " << c.path << "\n" << a.head << "\n\n" << a.body);
      CHECK(a.status == 405);
      CHECK(header(a, "Allow") == c.allow);
      CHECK(jsonAt(parsed(a), "code") == R"("method_not_allowed")");
    }
  }
}

TEST_CASE("POST /event answers 413 for a body over http.maxEventBytes", "[agent][http]") {
  TempDir dir;
  const std::string file = dir.write("small.json", R"({"http": {"maxEventBytes": 64}})");
  AgentProcess agent = standaloneAgent({"--config", file});
  INFO(agent.log());
  const std::vector<std::string> headers = {"Content-Type: application/json", "x-participant-id: a"};
  const std::string fits = R"({"id":"small","type":"t","data":{"pad":"x"}})";
  REQUIRE(fits.size() <= 64);
  CHECK(httpRequest(agent.port(), "POST", "/event", headers, fits).status == 202);
  const std::string tooBig =
      R"({"id":"big","type":"t","data":{"pad":")" + std::string(64, 'x') + R"("}})";
  const HttpAnswer a = httpRequest(agent.port(), "POST", "/event", headers, tooBig);
  INFO(a.head << "\n\n" << a.body);
  CHECK(a.status == 413);
  const Value body = parsed(a);
  CHECK(jsonAt(body, "code") == R"("too_large")");
  CHECK(contains(jsonAt(body, "error"), "http.maxEventBytes"));
}

TEST_CASE("POST /event in compat mode answers 200 text Event processed.", "[agent][http]") {
  TempDir dir;
  const std::string file = dir.write("compat.json", R"({"http": {"eventResponse": "compat"}})");
  AgentProcess agent = standaloneAgent({"--config", file});
  INFO(agent.log());
  const std::vector<std::string> headers = {"Content-Type: application/json", "x-participant-id: a"};
  const HttpAnswer a =
      httpRequest(agent.port(), "POST", "/event", headers, R"({"id":"c1","type":"t"})");
  INFO(a.head << "\n\n" << a.body);
  CHECK(a.status == 200);
  CHECK(a.body == "Event processed.");
  CHECK(contains(header(a, "Content-Type"), "text/plain"));
  // Refusals stay JSON.
  const HttpAnswer bad = httpRequest(agent.port(), "POST", "/event", headers, R"({"id":"c2"})");
  CHECK(bad.status == 400);
  CHECK(contains(jsonAt(parsed(bad), "error"), "Event.type"));
}

TEST_CASE("POST /event with JWT_SECRET set takes only a valid Bearer token", "[agent][http][jwt]") {
  const std::string secret = "http-test-secret";
  AgentProcess agent = standaloneAgent({}, {{"JWT_SECRET", secret}});
  INFO(agent.log());
  const auto now = static_cast<std::int64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(
          std::chrono::system_clock::now().time_since_epoch())
          .count());
  const std::string event = R"({"id":"jwt-1","type":"org.wt.tell","source":{"id":"mallory"}})";
  auto post = [&](std::vector<std::string> headers) {
    headers.insert(headers.begin(), "Content-Type: application/json");
    return httpRequest(agent.port(), "POST", "/event", headers, event);
  };

  struct Refused {
    const char* what;
    std::vector<std::string> headers;
    const char* reason;
  };
  const std::vector<Refused> refused = {
      {"no Authorization (x-participant-id is not enough)", {"x-participant-id: alice"},
       "Bearer"},
      {"not a Bearer token", {"Authorization: Basic YWxpY2U6eA=="}, "Bearer"},
      {"malformed token", {"Authorization: Bearer not-a-jwt"}, "invalid token"},
      {"signed with another secret",
       {"Authorization: Bearer " + signToken("another-secret", "alice", now + 60)},
       "bad signature"},
      {"expired", {"Authorization: Bearer " + signToken(secret, "alice", now - 3600)}, "expired"},
  };
  for (const Refused& r : refused) {
    const HttpAnswer a = post(r.headers);
    INFO(r.what << "\n" << a.head << "\n\n" << a.body);
    CHECK(a.status == 401);
    const Value body = parsed(a);
    CHECK(jsonAt(body, "code") == R"("unauthorized")");
    CHECK(contains(jsonAt(body, "error"), r.reason));
    CHECK_FALSE(contains(a.body, secret));
  }
  const HttpAnswer ok = post({"Authorization: Bearer " + signToken(secret, "alice", now + 60)});
  INFO(ok.head << "\n\n" << ok.body);
  CHECK(ok.status == 202);
  CHECK(ok.body == R"({"id":"jwt-1"})");
  CHECK(metric(agent.port(), "session_agent_events_received_total") == 1);
}

TEST_CASE("POST /event answers 503 when the engine link cannot take the Event",
          "[agent][http][rabbitmq-down]") {
  TempDir dir;
  // A broker that is not there and room for one unconfirmed Event: the first POST waits for a
  // confirm that cannot come, the second finds the buffer full.
  const std::string file = dir.write("down.json", R"({
    "engine": {
      "kind": "rabbitmq",
      "rabbitmq": { "url": "amqp://guest:guest@127.0.0.1:)" + std::to_string(closedPort()) + R"(",
                    "bufferCapacity": 1 }
    },
    "shutdown": { "timeoutMs": 500 }
  })");
  AgentProcess agent = standaloneAgent({"--config", file});
  INFO(agent.log());

  UnansweredRequest first(agent.port(), "alice", R"({"id":"held","type":"org.wt.tell"})");
  REQUIRE(eventually([&] { return metric(agent.port(), "session_agent_events_pending") == 1; },
                     std::chrono::seconds(10)));
  const HttpAnswer second = httpRequest(agent.port(), "POST", "/event",
                                        {"Content-Type: application/json", "x-participant-id: bob"},
                                        R"({"id":"refused","type":"org.wt.tell"})");
  INFO(second.head << "\n\n" << second.body);
  CHECK(second.status == 503);
  const Value body = parsed(second);
  CHECK(jsonAt(body, "code") == R"("unavailable")");
  CHECK(metric(agent.port(), "session_agent_events_failed_total") == 1);
  // The first is still held: no 202 without a confirm.
  CHECK(first.answerSoFar().empty());
  CHECK(metric(agent.port(), "session_agent_events_confirmed_total") == 0);

  // On stop the held Event is reported failed (after shutdown.timeoutMs), not dropped.
  agent.signal(SIGTERM);
  const std::string late = first.answer(std::chrono::seconds(10));
  INFO(late);
  CHECK(late.rfind("HTTP/1.1 503", 0) == 0);
  const auto status = agent.wait(std::chrono::seconds(15));
  REQUIRE(status.has_value());
  CHECK(status->describe() == ExitStatus{true, 0, 0}.describe());
}

TEST_CASE("server.maxConnections: connections beyond it are closed at once, room frees up again",
          "[agent][http][limits]") {
  TempDir dir;
  const std::string file = dir.write("few.json", R"({"server": {"maxConnections": 3}})");
  AgentProcess agent = standaloneAgent({"--config", file});
  INFO(agent.log());
  REQUIRE(httpGet(agent.port(), "/health").status == 200);

  // Three idle TCP connections fill the server (a request on each would be answered: they count
  // from the moment they are accepted).
  std::vector<int> held;
  for (int i = 0; i < 3; ++i) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    address.sin_port = htons(agent.port());
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0);
    held.push_back(fd);
  }
  // The fourth is accepted and closed without an answer.
  CHECK(eventually([&] { return httpGet(agent.port(), "/health").status == 0; },
                   std::chrono::seconds(5)));
  // One leaves: the server takes requests again.
  ::close(held.back());
  held.pop_back();
  CHECK(eventually([&] { return httpGet(agent.port(), "/health").status == 200; },
                   std::chrono::seconds(5)));
  for (int fd : held) ::close(fd);
  CHECK(agent.running());
}
