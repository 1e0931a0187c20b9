// A throwaway redis-server on 127.0.0.1 and a free port, plus a small synchronous client to
// read keys back. Persistence is off (--save "" --appendonly no); restart() keeps the data by an
// explicit SAVE into the server's own temporary directory, which the next start loads.
#pragma once

#include <chrono>
#include <functional>
#include <set>
#include <string>
#include <sys/types.h>
#include <vector>

struct redisContext;

namespace test_redis {

class RedisServer {
public:
  RedisServer();   ///< starts and waits until it answers PING
  ~RedisServer();  ///< kills it and removes its directory
  RedisServer(const RedisServer&) = delete;
  RedisServer& operator=(const RedisServer&) = delete;

  int port() const noexcept { return port_; }
  std::string url() const { return "redis://127.0.0.1:" + std::to_string(port_); }

  /// SAVE, then SIGKILL and reap: the port refuses connections until start().
  void kill();
  /// Starts on the same port and directory (loading the saved data).
  void start();

private:
  int port_ = 0;
  pid_t pid_ = -1;
  std::string dir_;
};

/// One blocking connection; throws std::runtime_error on connection errors.
class RedisClient {
public:
  explicit RedisClient(int port);
  ~RedisClient();
  RedisClient(const RedisClient&) = delete;
  RedisClient& operator=(const RedisClient&) = delete;

  /// Runs one command; returns the reply as a string (status, string, integer as decimal, nil
  /// as "(nil)", error as "ERR:<text>").
  std::string command(const std::vector<std::string>& argv);
  std::set<std::string> members(const std::string& key);
  bool exists(const std::string& key);
  std::string hget(const std::string& key, const std::string& field);

private:
  redisContext* context_ = nullptr;
};

/// Polls `condition` every 20 ms until it holds or `limit` passes; returns its last value.
/// (A bound for a background write to land, not a timing assertion.)
bool eventually(const std::function<bool()>& condition,
                std::chrono::milliseconds limit = std::chrono::seconds(15));

}  // namespace test_redis
