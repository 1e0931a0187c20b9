#include "redis_server.hpp"

#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <hiredis/hiredis.h>

namespace test_redis {

namespace {

// Asks the kernel for a free port. Another process could take it before redis-server binds it;
// the constructor then fails loudly rather than testing against a stranger.
int freePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("socket() failed");
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = 0;
  socklen_t length = sizeof(address);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    ::close(fd);
    throw std::runtime_error("cannot find a free port");
  }
  ::close(fd);
  return ntohs(address.sin_port);
}

bool answersPing(int port) {
  timeval timeout{0, 200000};
  redisContext* context = redisConnectWithTimeout("127.0.0.1", port, timeout);
  bool ok = false;
  if (context && !context->err) {
    auto* reply = static_cast<redisReply*>(redisCommand(context, "PING"));
    ok = reply && reply->type == REDIS_REPLY_STATUS;
    if (reply) freeReplyObject(reply);
  }
  if (context) redisFree(context);
  return ok;
}

}  // namespace

RedisServer::RedisServer() {
  char pattern[] = "/tmp/libsession-redis-XXXXXX";
  if (!::mkdtemp(pattern)) throw std::runtime_error("mkdtemp failed");
  dir_ = pattern;
  port_ = freePort();
  start();
}

RedisServer::~RedisServer() {
  if (pid_ > 0) {
    ::kill(pid_, SIGKILL);
    ::waitpid(pid_, nullptr, 0);
  }
  std::error_code ignored;
  std::filesystem::remove_all(dir_, ignored);
}

void RedisServer::start() {
  std::string port = std::to_string(port_);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    ::execl(LIBSESSION_REDIS_SERVER, "redis-server", "--port", port.c_str(), "--bind",
            "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir_.c_str(),
            "--logfile", (dir_ + "/redis.log").c_str(), static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  if (!eventually([&] { return answersPing(port_); }, std::chrono::seconds(20))) {
    throw std::runtime_error("redis-server did not answer on port " + port + " (log in " +
                             dir_ + ")");
  }
}

void RedisServer::kill() {
  {
    RedisClient client(port_);
    client.command({"SAVE"});
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, nullptr, 0);
  pid_ = -1;
}

RedisClient::RedisClient(int port) {
  timeval timeout{5, 0};
  context_ = redisConnectWithTimeout("127.0.0.1", port, timeout);
  if (!context_ || context_->err) {
    std::string why = context_ ? context_->errstr : "out of memory";
    if (context_) redisFree(context_);
    throw std::runtime_error("cannot connect to redis: " + why);
  }
  redisSetTimeout(context_, timeout);
}

RedisClient::~RedisClient() { redisFree(context_); }

std::string RedisClient::command(const std::vector<std::string>& argv) {
  std::vector<const char*> args;
  std::vector<std::size_t> lengths;
  for (const auto& arg : argv) {
    args.push_back(arg.data());
    lengths.push_back(arg.size());
  }
  auto* reply = static_cast<redisReply*>(
      redisCommandArgv(context_, static_cast<int>(args.size()), args.data(), lengths.data()));
  if (!reply) throw std::runtime_error(std::string("redis command failed: ") + context_->errstr);
  std::string out;
  switch (reply->type) {
    case REDIS_REPLY_INTEGER: out = std::to_string(reply->integer); break;
    case REDIS_REPLY_NIL: out = "(nil)"; break;
    case REDIS_REPLY_ERROR: out = "ERR:" + std::string(reply->str, reply->len); break;
    case REDIS_REPLY_ARRAY: out = "(array)"; break;
    default: out.assign(reply->str, reply->len); break;
  }
  freeReplyObject(reply);
  return out;
}

std::set<std::string> RedisClient::members(const std::string& key) {
  auto* reply = static_cast<redisReply*>(redisCommand(context_, "SMEMBERS %b", key.data(),
                                                      key.size()));
  if (!reply) throw std::runtime_error(std::string("redis command failed: ") + context_->errstr);
  std::set<std::string> out;
  for (std::size_t i = 0; i < reply->elements; ++i) {
    out.emplace(reply->element[i]->str, reply->element[i]->len);
  }
  freeReplyObject(reply);
  return out;
}

bool RedisClient::exists(const std::string& key) { return command({"EXISTS", key}) == "1"; }

std::string RedisClient::hget(const std::string& key, const std::string& field) {
  return command({"HGET", key, field});
}

bool eventually(const std::function<bool()>& condition, std::chrono::milliseconds limit) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace test_redis
