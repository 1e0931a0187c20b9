// bench/load/net.hpp — the few system calls session-bench is built on (Linux): a monotonic
// clock, an epoll poller with sub-millisecond timeouts, non-blocking TCP connects from a chosen
// local address, and the file descriptor limit.
//
// epoll directly rather than asio: one thread, level-triggered, no handler objects or
// allocations per operation; every read and write is one system call on the caller's buffer.
#pragma once

#include <netinet/in.h>
#include <sys/epoll.h>

#include <cstdint>
#include <string>
#include <vector>

namespace bench::net {

/// CLOCK_MONOTONIC in nanoseconds.
std::int64_t nowNs() noexcept;

class Poller {
public:
  Poller();
  ~Poller();
  Poller(const Poller&) = delete;
  Poller& operator=(const Poller&) = delete;

  void add(int fd, std::uint32_t events, std::uint64_t data);
  void modify(int fd, std::uint32_t events, std::uint64_t data);
  /// Waits up to `timeoutNs` (0: poll; rounded up to the next millisecond where the kernel
  /// lacks epoll_pwait2). Returns the number of events in `events`.
  int wait(std::vector<epoll_event>& events, std::int64_t timeoutNs);

private:
  int fd_ = -1;
  bool precise_ = true;  // epoll_pwait2 available
};

/// Starts a non-blocking TCP connect to `to`, from `from` when its address is not 0 (any port:
/// IP_BIND_ADDRESS_NO_PORT lets the kernel pick the port at connect time, so each local address
/// has a full ephemeral range per destination). TCP_NODELAY is set. Returns the socket, or -1
/// with `error` set.
int startConnect(const sockaddr_in& to, const sockaddr_in& from, std::string& error);

/// The pending error of a connecting socket (SO_ERROR); empty when it connected.
std::string connectError(int fd);

/// Raises RLIMIT_NOFILE's soft limit to the hard limit; returns the new soft limit.
long raiseFileLimit();

/// "127.0.0.1-127.0.0.8" or "10.0.0.1,10.0.0.2" -> the addresses; false with `error` if bad.
bool parseAddressList(const std::string& text, std::vector<sockaddr_in>& out, std::string& error);

/// Resolves an IPv4 host name or literal; false with `error` if it cannot.
bool resolveIpv4(const std::string& host, std::uint16_t port, sockaddr_in& out, std::string& error);

}  // namespace bench::net
