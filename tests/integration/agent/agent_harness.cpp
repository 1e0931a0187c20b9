#include "agent_harness.hpp"

#include <libsession/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <jwt.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <system_error>
#include <thread>

#include "rabbitmq/test_engine.hpp"
#include "support/paths.hpp"

namespace agent_test {

namespace {

constexpr std::string_view kListening = " listening on ";

// The port from "session-agent <version> listening on <host>:<port> (...)", or 0.
std::uint16_t parsePort(const std::string& out) {
  const std::size_t at = out.find(kListening);
  if (at == std::string::npos) return 0;
  const std::size_t colon = out.find(':', at + kListening.size());
  const std::size_t end = out.find_first_not_of("0123456789", colon + 1);
  if (colon == std::string::npos || end == std::string::npos || end == colon + 1) return 0;
  const unsigned long port = std::stoul(out.substr(colon + 1, end - colon - 1));
  return port > 0 && port < 65536 ? static_cast<std::uint16_t>(port) : 0;
}

std::vector<std::string> agentArguments(const std::string& nodeId, const std::string& redisUrl) {
  return {"--host", "127.0.0.1", "-p", "0", "-i", nodeId,
          "--broker", test_engine::amqpUrl(), "--redis", redisUrl};
}

std::vector<std::string> nodeCommand(const std::string& script, const std::vector<std::string>& args) {
  std::vector<std::string> argv{
      libsession::test::configuredPath("LIBSESSION_NODE", LIBSESSION_NODE),
      libsession::test::configuredPath("LIBSESSION_INTEGRATION_CLIENTS", LIBSESSION_INTEGRATION_CLIENTS) + "/" +
          script};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

}  // namespace

std::string nodeQueueOf(const std::string& nodeId) {
  const auto dot = nodeId.rfind('.');
  return (dot == std::string::npos ? nodeId : nodeId.substr(dot + 1)) + "-message-queue";
}

void clearBroker(const std::vector<std::string>& nodeIds) {
  const auto t = test_engine::Topology::srvThreds();
  std::vector<std::string> queues{t.eventQueue, t.sharedQueue};
  for (const auto& nodeId : nodeIds) queues.push_back(nodeQueueOf(nodeId));
  for (const auto& queue : queues) {
    if (!test_engine::Admin::deleteQueue(queue)) {
      throw std::runtime_error("cannot delete queue " + queue + " on " + test_engine::amqpUrl() +
                               " (is RabbitMQ running? scripts/lib/rabbitmq.sh)");
    }
  }
}

std::string sessionAgentPath() {
  return libsession::test::configuredPath("LIBSESSION_SESSION_AGENT", LIBSESSION_SESSION_AGENT);
}

namespace {
std::vector<std::string> withBinary(const std::vector<std::string>& args) {
  std::vector<std::string> argv{sessionAgentPath()};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}
}  // namespace

AgentProcess::AgentProcess(const std::vector<std::string>& args,
                           const libsession::test::ChildProcess::Environment& env,
                           std::string nodeId)
    : nodeId_(std::move(nodeId)), process_(withBinary(args), env) {
  process_.waitForOutput([](const std::string& out) { return parsePort(out) != 0; },
                         std::chrono::seconds(15));
  port_ = parsePort(process_.stdoutText());
  if (port_ == 0) {
    throw std::runtime_error("session-agent did not report its port: " + process_.commandLine() +
                             "\n" + log());
  }
}

bool AgentProcess::waitForLog(std::string_view text, std::chrono::milliseconds timeout) {
  return eventually([&] { return process_.stderrText().find(text) != std::string::npos; }, timeout);
}

AgentProcess::AgentProcess(std::string nodeId, const std::string& redisUrl)
    : AgentProcess(agentArguments(nodeId, redisUrl), {}, nodeId) {}

std::string AgentProcess::url() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::string AgentProcess::log() const {
  return "--- session-agent " + nodeId_ + " stdout:\n" + process_.stdoutText() +
         "--- session-agent " + nodeId_ + " stderr:\n" + process_.stderrText();
}

std::optional<libsession::test::ExitStatus> AgentProcess::stop() {
  process_.signal(SIGTERM);
  return process_.wait(std::chrono::seconds(15));
}

LiveClient::LiveClient(const std::string& script, const std::vector<std::string>& args)
    : process_(nodeCommand(script, args), {{"DEBUG", ""}}) {}

bool LiveClient::waitFor(std::string_view name, std::chrono::milliseconds timeout) {
  const std::string needle = "{\"name\":\"" + std::string(name) + "\"";
  return process_.waitForOutput(
      [&](const std::string& out) { return out.find(needle) != std::string::npos; }, timeout);
}

libsession::test::ClientResults LiveClient::finish(std::chrono::milliseconds timeout) {
  libsession::test::ClientResults results;
  results.commandLine = process_.commandLine();
  results.status = process_.wait(timeout);
  if (!results.status) process_.kill();
  results.out = process_.stdoutText();
  results.err = process_.stderrText();
  libsession::test::parseReports(results);
  return results;
}

HttpAnswer httpGet(std::uint16_t port, const std::string& path) {
  return httpRequest(port, "GET", path);
}

HttpAnswer httpRequest(std::uint16_t port, const std::string& method, const std::string& path,
                       const std::vector<std::string>& headers, const std::string& body) {
  HttpAnswer answer;
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return answer;
  timeval timeout{10, 0};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  std::string response;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0) {
    std::string request = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" +
                          std::to_string(port) + "\r\nConnection: close\r\n";
    for (const auto& header : headers) request += header + "\r\n";
    if (!body.empty()) request += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    request += "\r\n" + body;
    std::size_t sent = 0;
    while (sent < request.size()) {
      const ssize_t n =
          ::send(fd, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<std::size_t>(n);
    }
    char buffer[4096];
    ssize_t n = 0;
    while ((n = ::recv(fd, buffer, sizeof(buffer), 0)) > 0) response.append(buffer, n);
  }
  ::close(fd);
  // "HTTP/1.1 200 OK\r\n...\r\n\r\n<body>"
  if (response.rfind("HTTP/1.", 0) == 0 && response.size() > 12) {
    answer.status = std::atoi(response.substr(9, 3).c_str());
    const std::size_t bodyAt = response.find("\r\n\r\n");
    answer.head = response.substr(0, bodyAt);
    if (bodyAt != std::string::npos) answer.body = response.substr(bodyAt + 4);
  }
  return answer;
}

libsession::test::ChildProcess::Environment agentEnvironment(
    const libsession::test::ChildProcess::Environment& set) {
  libsession::test::ChildProcess::Environment env = set;
  for (const char* name : {"SESSION_AGENT_CONFIG", "JWT_SECRET", "RABBITMQ_URL", "REDIS_URL",
                           "PORT", "HOST", "NODE_ID", "LOG_LEVEL"}) {
    const bool given = std::any_of(set.begin(), set.end(),
                                   [&](const auto& variable) { return variable.first == name; });
    if (!given) env.emplace_back(name, "");
  }
  return env;
}

std::string jsonAt(const libsession::Value& root, const std::string& path) {
  const libsession::Value* v = &root;
  std::string::size_type start = 0;
  for (;;) {
    const auto dot = path.find('.', start);
    v = v->find(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (v == nullptr) return "<missing " + path + ">";
    if (dot == std::string::npos) return libsession::toJson(*v);
    start = dot + 1;
  }
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::vector<std::string> stringsOf(const libsession::Value* array) {
  std::vector<std::string> out;
  if (array == nullptr || !array->isArray()) return out;
  for (const libsession::Value& v : *array->asArray()) {
    if (v.isString()) out.push_back(*v.asString());
  }
  return out;
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (!condition()) {
    if (std::chrono::steady_clock::now() > deadline) return condition();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return true;
}

TempDir::TempDir() {
  const char* tmp = std::getenv("TMPDIR");
  std::string pattern = std::string(tmp != nullptr && *tmp != '\0' ? tmp : "/tmp") +
                        "/session-agent-test-XXXXXX";
  if (::mkdtemp(pattern.data()) == nullptr) {
    throw std::system_error(errno, std::generic_category(), "mkdtemp " + pattern);
  }
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string TempDir::write(const std::string& name, const std::string& text) const {
  const std::string file = path_ + "/" + name;
  std::ofstream out(file, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush()) throw std::runtime_error("cannot write " + file);
  return file;
}

std::string signToken(const std::string& secret, const std::string& participantId,
                      std::int64_t expiresAt) {
  jwt_t* jwt = nullptr;
  if (jwt_new(&jwt) != 0) throw std::runtime_error("jwt_new failed");
  std::unique_ptr<jwt_t, void (*)(jwt_t*)> owner(jwt, jwt_free);
  if (jwt_add_grant(jwt, "participantId", participantId.c_str()) != 0 ||
      jwt_add_grant_int(jwt, "exp", static_cast<long>(expiresAt)) != 0 ||
      jwt_set_alg(jwt, JWT_ALG_HS256, reinterpret_cast<const unsigned char*>(secret.data()),
                  static_cast<int>(secret.size())) != 0) {
    throw std::runtime_error("cannot build the JWT");
  }
  char* encoded = jwt_encode_str(jwt);
  if (encoded == nullptr) throw std::runtime_error("jwt_encode_str failed");
  std::string token(encoded);
  std::free(encoded);  // libjwt 1.10 has no jwt_free_str; it allocates with malloc
  return token;
}

}  // namespace agent_test
