// Issue 5, operations: the real session-agent under the signals a supervisor sends. No broker is
// needed: an Event that stays unconfirmed is made by pointing the agent at a closed local port,
// so the graceful shutdown has something to wait for.
//   - SIGTERM waits for pending Events (bounded by shutdown.timeoutMs) while refusing new
//     sessions and Events; a second SIGTERM ends it at once with 128+15;
//   - SIGINT stops like SIGTERM;
//   - SIGHUP re-reads the configuration and reopens the log file (logrotate's rename + HUP);
//   - no secret (JWT_SECRET, the broker's password) ever reaches stdout, stderr or the log file;
//   - log.format json: every line is one JSON object, connection lines carry their fields.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <libsession/json.hpp>

#include "agent_harness.hpp"

using namespace agent_test;
using libsession::Value;
using libsession::toJson;

namespace {

// A local TCP port nobody listens on: bound by the kernel's choice, then released. Connecting to
// it is refused at once, which is what a broker that is down looks like.
std::uint16_t closedPort() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    if (fd >= 0) ::close(fd);
    throw std::runtime_error("cannot pick a free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

std::string readFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

bool fileContains(const std::string& path, std::string_view text) {
  return readFile(path).find(text) != std::string::npos;
}

// The first line of `log` containing `text`, or "".
std::string lineWith(const std::string& log, std::string_view text) {
  std::istringstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (line.find(text) != std::string::npos) return line;
  }
  return {};
}

std::string metricsOf(const AgentProcess& agent) { return httpGet(agent.port(), "/metrics").body; }

// An agent whose engine link can never connect, with shutdown.timeoutMs `timeoutMs`, and one
// client whose single Event the agent accepted and is still waiting to have confirmed.
struct StuckAgent {
  TempDir dir;
  std::string config;
  AgentProcess agent;
  LiveClient client;

  explicit StuckAgent(int timeoutMs)
      : config(dir.write("agent.json", R"({"server": {"port": 0},
           "engine": {"kind": "rabbitmq",
                      "rabbitmq": {"url": "amqp://guest:guest@127.0.0.1:)" +
                                               std::to_string(closedPort()) + R"("}},
           "shutdown": {"timeoutMs": )" + std::to_string(timeoutMs) + "}}")),
        agent({"--config", config}, {}),
        client("hold.js", {agent.url(), "stuck", "websocket", "1", "stay"}) {}

  // True once the agent holds the client's Event unconfirmed.
  bool eventPending() {
    return client.waitFor("sent", std::chrono::seconds(15)) &&
           eventually([&] { return metricsOf(agent).find("\nsession_agent_events_pending 1") !=
                                   std::string::npos; },
                      std::chrono::seconds(15));
  }
};

const char* kEvent = R"({"id":"http-1","type":"org.wt.tell","source":{"id":"x"},"data":{"title":"t"}})";

}  // namespace

TEST_CASE("session-agent: a second SIGTERM during a slow shutdown exits at once with 128+15",
          "[agent][signals]") {
  StuckAgent stuck(30000);
  AgentProcess& agent = stuck.agent;
  INFO(agent.log());
  REQUIRE(stuck.eventPending());

  agent.signal(SIGTERM);
  REQUIRE(agent.waitForLog("shutting down", std::chrono::seconds(10)));
  INFO(agent.log());
  // Draining while it waits for the pending Event: the load balancer is told, a new Event on the
  // open connection is refused with the reason, new clients are turned away.
  const HttpAnswer health = httpGet(agent.port(), "/health");
  CHECK(health.status == 503);
  CHECK(health.body.find(R"("status":"draining")") != std::string::npos);
  stuck.client.signal(SIGUSR1);
  CHECK(stuck.client.waitFor("lateAck", std::chrono::seconds(10)));
  const auto refusedLate = libsession::test::runNodeScenario(
      "hold.js", {agent.url(), "latecomer", "websocket", "0", "close"}, std::chrono::seconds(20));
  CHECK_FALSE(refusedLate.completed());
  CHECK(agent.running());

  agent.signal(SIGTERM);
  const auto status = agent.wait(std::chrono::seconds(10));
  INFO(agent.log());
  REQUIRE(status.has_value());
  INFO(status->describe());
  CHECK(status->exited);
  CHECK(status->code == 128 + SIGTERM);
  CHECK(agent.stderrText().find("second stop signal") != std::string::npos);

  const auto r = stuck.client.finish(std::chrono::seconds(20));
  INFO(r.diagnostics());
  CHECK(r.json("lateAck") ==
        R"({"id":"stuck-late","ack":{"ok":false,"error":"the server is shutting down"}})");
}

TEST_CASE("session-agent: shutdown.timeoutMs bounds the wait for unconfirmed Events",
          "[agent][signals]") {
  StuckAgent stuck(1000);
  AgentProcess& agent = stuck.agent;
  INFO(agent.log());
  REQUIRE(stuck.eventPending());

  agent.signal(SIGTERM);
  const auto status = agent.wait(std::chrono::seconds(20));
  INFO(agent.log());
  REQUIRE(status.has_value());
  INFO(status->describe());
  CHECK(status->success());
  const std::string log = agent.stderrText();
  CHECK(log.find("shutdown timeout") != std::string::npos);
  CHECK(lineWith(log, "shutdown timeout").find("pendingEvents=1") != std::string::npos);
  CHECK(log.find("stopped") != std::string::npos);

  // The client was closed so that it reconnects (to another node); its Event's ack never came.
  const auto r = stuck.client.finish(std::chrono::seconds(20));
  INFO(r.diagnostics());
  REQUIRE(r.completed());
  CHECK(r.json("wouldReconnect") == "true");
  CHECK((r.find("ack") == nullptr || r.json("ack", "ack").find("\"ok\":true") == std::string::npos));
}

TEST_CASE("session-agent: SIGINT stops gracefully like SIGTERM", "[agent][signals]") {
  AgentProcess agent(std::vector<std::string>{"-p", "0"}, {});
  INFO(agent.log());
  LiveClient client("hold.js", {agent.url(), "interrupted", "polling", "2", "stay"});
  REQUIRE(client.waitFor("sent", std::chrono::seconds(15)));
  REQUIRE(eventually([&] { return metricsOf(agent).find("\nsession_agent_events_confirmed_total 2") !=
                                  std::string::npos; },
                     std::chrono::seconds(15)));

  agent.signal(SIGINT);
  const auto status = agent.wait(std::chrono::seconds(20));
  INFO(agent.log());
  REQUIRE(status.has_value());
  INFO(status->describe());
  CHECK(status->success());
  const std::string log = agent.stderrText();
  CHECK(lineWith(log, "stop signal received").find("signal=2") != std::string::npos);
  CHECK(log.find("shutting down") != std::string::npos);
  CHECK(log.find("stopped") != std::string::npos);
  CHECK(lineWith(log, "connection closed").find("participant=interrupted") != std::string::npos);

  const auto r = client.finish(std::chrono::seconds(20));
  INFO(r.diagnostics());
  REQUIRE(r.completed());
  CHECK(r.json("wouldReconnect") == "true");
}

TEST_CASE("session-agent: SIGHUP re-reads the configuration and reopens the log file",
          "[agent][signals]") {
  TempDir dir;
  const std::string logFile = dir.path() + "/agent.log";
  auto configWith = [&](const char* level) {
    return dir.write("agent.json", std::string(R"({"server": {"port": 0}, "log": {"level": ")") +
                                       level + R"(", "file": ")" + logFile + R"("}})");
  };
  const std::string config = configWith("info");
  AgentProcess agent({"--config", config}, {});
  INFO(agent.log());
  REQUIRE(eventually([&] { return fileContains(logFile, "listening"); }, std::chrono::seconds(10)));

  // Lifecycle lines with their fields, at info.
  const auto first = libsession::test::runNodeScenario(
      "hold.js", {agent.url(), "hup-a", "websocket", "1", "close"}, std::chrono::seconds(20));
  INFO(first.diagnostics());
  REQUIRE(first.completed());
  REQUIRE(eventually([&] { return fileContains(logFile, "connection closed"); },
                     std::chrono::seconds(10)));
  const std::string opened = lineWith(readFile(logFile), "connection opened");
  INFO(opened);
  CHECK(opened.find(" participant=hup-a") != std::string::npos);
  CHECK(opened.find(" session=") != std::string::npos);
  CHECK(opened.find(" channel=") != std::string::npos);
  const std::string closed = lineWith(readFile(logFile), "connection closed");
  INFO(closed);
  CHECK(closed.find(" participant=hup-a") != std::string::npos);
  CHECK(closed.find(" session=") != std::string::npos);
  CHECK(closed.find(" channel=") != std::string::npos);
  // At info, an Event over HTTP leaves no (debug) line.
  CHECK(httpRequest(agent.port(), "POST", "/event",
                    {"Content-Type: application/json", "x-participant-id: hup-http"}, kEvent)
            .status == 202);

  // logrotate: rename, then HUP. The configuration now asks for debug.
  const std::string rotated = logFile + ".1";
  REQUIRE(std::rename(logFile.c_str(), rotated.c_str()) == 0);
  const std::string beforeReload = readFile(rotated);
  configWith("debug");
  agent.signal(SIGHUP);
  REQUIRE(eventually([&] { return fileContains(logFile, "configuration reloaded"); },
                     std::chrono::seconds(10)));
  CHECK(lineWith(readFile(logFile), "configuration reloaded").find("logLevel=debug") !=
        std::string::npos);

  // The new level and the new file are in effect: a debug line, and the next connection, land
  // in the new file; the renamed one got nothing since the reload.
  CHECK(httpRequest(agent.port(), "POST", "/event",
                    {"Content-Type: application/json", "x-participant-id: hup-http"}, kEvent)
            .status == 202);
  const auto second = libsession::test::runNodeScenario(
      "hold.js", {agent.url(), "hup-b", "polling", "1", "close"}, std::chrono::seconds(20));
  INFO(second.diagnostics());
  REQUIRE(second.completed());
  CHECK(eventually([&] { return fileContains(logFile, "event accepted over http"); },
                   std::chrono::seconds(10)));
  CHECK(eventually([&] { return fileContains(logFile, "participant=hup-b"); },
                   std::chrono::seconds(10)));
  CHECK(readFile(rotated) == beforeReload);
  CHECK(beforeReload.find("event accepted over http") == std::string::npos);
  CHECK(beforeReload.find("hup-b") == std::string::npos);

  const auto status = agent.stop();
  REQUIRE(status.has_value());
  CHECK(status->success());
  CHECK(fileContains(logFile, "stopped"));
}

TEST_CASE("session-agent: no secret reaches stdout, stderr or the log file", "[agent][signals]") {
  const std::string jwtSecret = "jwt-s3cr3t-value";
  const std::string brokerPassword = "s3cr3t-pw";
  TempDir dir;
  const std::string logFile = dir.path() + "/agent.log";
  // The JWT checks every connection and POST /event; the broker refuses every connection (a
  // closed port), so the engine link keeps retrying — with its URL — during the test.
  const std::string config = dir.write(
      "agent.json", R"({"server": {"port": 0}, "auth": {"socket": "jwt"},
                         "log": {"level": "trace", "file": ")" + logFile + R"("}})");
  AgentProcess agent({"--config", config, "--broker",
                      "amqp://guest:" + brokerPassword + "@127.0.0.1:" +
                          std::to_string(closedPort())},
                     {{"JWT_SECRET", jwtSecret}});

  const std::int64_t inAnHour = static_cast<std::int64_t>(std::time(nullptr)) + 3600;
  // A valid token connects; one signed with another key is refused (and logged).
  const auto accepted = libsession::test::runNodeScenario(
      "hold.js", {agent.url(), signToken(jwtSecret, "alice", inAnHour), "websocket", "0", "close"},
      std::chrono::seconds(20));
  INFO(accepted.diagnostics());
  CHECK(accepted.completed());
  const auto refused = libsession::test::runNodeScenario(
      "hold.js", {agent.url(), signToken("other-key", "mallory", inAnHour), "websocket", "0", "close"},
      std::chrono::seconds(20));
  CHECK_FALSE(refused.completed());
  CHECK(httpRequest(agent.port(), "POST", "/event",
                    {"Content-Type: application/json",
                     "Authorization: Bearer " + signToken("other-key", "mallory", inAnHour)},
                    kEvent)
            .status == 401);
  CHECK(httpGet(agent.port(), "/health").status == 503);  // the engine is down
  CHECK(httpGet(agent.port(), "/metrics").status == 200);
  agent.signal(SIGHUP);
  REQUIRE(eventually([&] { return fileContains(logFile, "configuration reloaded"); },
                     std::chrono::seconds(10)));
  CHECK(eventually([&] { return fileContains(logFile, "connection refused"); },
                   std::chrono::seconds(10)));
  const auto status = agent.stop();
  REQUIRE(status.has_value());
  CHECK(status->success());

  const std::string out = agent.log();  // stdout and stderr
  const std::string file = readFile(logFile);
  INFO(out);
  INFO("--- log file:\n" << file);
  CHECK(file.find("stopped") != std::string::npos);
  for (const std::string& secret : {jwtSecret, brokerPassword}) {
    INFO(secret);
    CHECK(out.find(secret) == std::string::npos);
    CHECK(file.find(secret) == std::string::npos);
  }
}

TEST_CASE("session-agent: log.format json writes one JSON object a line", "[agent][signals]") {
  AgentProcess agent({"-p", "0", "--log-format", "json", "--log-level", "debug"}, {});
  INFO(agent.log());
  const auto client = libsession::test::runNodeScenario(
      "hold.js", {agent.url(), "json \"quoted\" participant", "polling", "1", "close"},
      std::chrono::seconds(20));
  INFO(client.diagnostics());
  REQUIRE(client.completed());
  REQUIRE(agent.waitForLog("connection closed", std::chrono::seconds(10)));
  CHECK(httpRequest(agent.port(), "POST", "/event",
                    {"Content-Type: application/json", "x-participant-id: json-http"}, kEvent)
            .status == 202);
  agent.signal(SIGHUP);
  REQUIRE(agent.waitForLog("configuration reloaded", std::chrono::seconds(10)));
  const auto status = agent.stop();
  REQUIRE(status.has_value());
  CHECK(status->success());

  std::istringstream in(agent.stderrText());
  std::vector<std::string> messages;
  int lines = 0;
  for (std::string line; std::getline(in, line);) {
    INFO(line);
    ++lines;
    Value object;
    REQUIRE_FALSE(libsession::parseJson(line, object));
    REQUIRE(object.isObject());
    for (const char* key : {"ts", "level", "msg"}) {
      INFO(key);
      CHECK(object.find(key) != nullptr);
    }
    const Value* msg = object.find("msg");
    REQUIRE(msg != nullptr);
    REQUIRE(msg->isString());
    messages.push_back(*msg->asString());
    if (*msg->asString() == "connection opened" || *msg->asString() == "connection closed") {
      const Value* participant = object.find("participant");
      REQUIRE(participant != nullptr);
      CHECK(toJson(*participant) == R"("json \"quoted\" participant")");
      for (const char* key : {"session", "channel"}) {
        INFO(key);
        const Value* field = object.find(key);
        REQUIRE(field != nullptr);
        CHECK(field->isString());
      }
    }
  }
  CHECK(lines >= 6);
  for (const char* expected : {"listening", "connection opened", "connection closed",
                               "event accepted over http", "configuration reloaded",
                               "shutting down", "stopped"}) {
    INFO(expected);
    CHECK(std::find(messages.begin(), messages.end(), expected) != messages.end());
  }
}
