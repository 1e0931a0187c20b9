// bench/load/net.cpp — see net.hpp.
#include "net.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/tcp.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <stdexcept>
#include <system_error>

namespace bench::net {
namespace {

[[noreturn]] void throwErrno(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

std::string errnoText(const char* what, int error) {
  return std::string(what) + ": " + std::strerror(error);
}

bool parseIpv4(const std::string& text, in_addr& out) {
  return inet_pton(AF_INET, text.c_str(), &out) == 1;
}

}  // namespace

std::int64_t nowNs() noexcept {
  timespec t{};
  clock_gettime(CLOCK_MONOTONIC, &t);
  return static_cast<std::int64_t>(t.tv_sec) * 1'000'000'000 + t.tv_nsec;
}

Poller::Poller() : fd_(epoll_create1(EPOLL_CLOEXEC)) {
  if (fd_ < 0) throwErrno("epoll_create1");
}

Poller::~Poller() { close(fd_); }

void Poller::add(int fd, std::uint32_t events, std::uint64_t data) {
  epoll_event e{};
  e.events = events;
  e.data.u64 = data;
  if (epoll_ctl(fd_, EPOLL_CTL_ADD, fd, &e) != 0) throwErrno("epoll_ctl(ADD)");
}

void Poller::modify(int fd, std::uint32_t events, std::uint64_t data) {
  epoll_event e{};
  e.events = events;
  e.data.u64 = data;
  if (epoll_ctl(fd_, EPOLL_CTL_MOD, fd, &e) != 0) throwErrno("epoll_ctl(MOD)");
}

int Poller::wait(std::vector<epoll_event>& events, std::int64_t timeoutNs) {
  if (timeoutNs < 0) timeoutNs = 0;
  const int capacity = static_cast<int>(events.size());
  for (;;) {
    int n = -1;
    if (precise_) {
      // Open-loop schedules send every few microseconds; millisecond timeouts would bunch them.
      timespec t{static_cast<time_t>(timeoutNs / 1'000'000'000),
                 static_cast<long>(timeoutNs % 1'000'000'000)};
      n = epoll_pwait2(fd_, events.data(), capacity, &t, nullptr);
      if (n < 0 && errno == ENOSYS) {
        precise_ = false;
        continue;
      }
    } else {
      const auto ms = static_cast<int>((timeoutNs + 999'999) / 1'000'000);
      n = epoll_wait(fd_, events.data(), capacity, ms);
    }
    if (n >= 0) return n;
    if (errno != EINTR) throwErrno("epoll_wait");
  }
}

int startConnect(const sockaddr_in& to, const sockaddr_in& from, std::string& error) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
  if (fd < 0) {
    error = errnoText("socket", errno);
    return -1;
  }
  const int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (from.sin_addr.s_addr != 0) {
    setsockopt(fd, IPPROTO_IP, IP_BIND_ADDRESS_NO_PORT, &one, sizeof one);
    if (bind(fd, reinterpret_cast<const sockaddr*>(&from), sizeof from) != 0) {
      error = errnoText("bind", errno);
      close(fd);
      return -1;
    }
  }
  if (connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0 &&
      errno != EINPROGRESS) {
    error = errnoText("connect", errno);
    close(fd);
    return -1;
  }
  return fd;
}

std::string connectError(int fd) {
  int error = 0;
  socklen_t length = sizeof error;
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length) != 0) error = errno;
  return error == 0 ? std::string() : errnoText("connect", error);
}

long raiseFileLimit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return -1;
  if (limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
    getrlimit(RLIMIT_NOFILE, &limit);
  }
  return static_cast<long>(limit.rlim_cur);
}

bool parseAddressList(const std::string& text, std::vector<sockaddr_in>& out, std::string& error) {
  auto add = [&out](in_addr a) {
    sockaddr_in s{};
    s.sin_family = AF_INET;
    s.sin_addr = a;
    out.push_back(s);
  };
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = text.find(',', start);
    const std::string item =
        text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    start = comma == std::string::npos ? text.size() + 1 : comma + 1;
    if (item.empty()) continue;
    const std::size_t dash = item.find('-');
    in_addr first{};
    in_addr last{};
    if (dash == std::string::npos) {
      if (!parseIpv4(item, first)) {
        error = "not an IPv4 address: " + item;
        return false;
      }
      add(first);
      continue;
    }
    if (!parseIpv4(item.substr(0, dash), first) || !parseIpv4(item.substr(dash + 1), last) ||
        ntohl(last.s_addr) < ntohl(first.s_addr) || ntohl(last.s_addr) - ntohl(first.s_addr) > 65535) {
      error = "not an IPv4 range (first-last, at most 65536 addresses): " + item;
      return false;
    }
    for (std::uint32_t a = ntohl(first.s_addr); a <= ntohl(last.s_addr); ++a) {
      add(in_addr{htonl(a)});
    }
  }
  if (out.empty()) {
    error = "no address in: " + text;
    return false;
  }
  return true;
}

bool resolveIpv4(const std::string& host, std::uint16_t port, sockaddr_in& out, std::string& error) {
  addrinfo hints{};
  hints.ai_family = AF_INET;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* result = nullptr;
  const int rc = getaddrinfo(host.c_str(), nullptr, &hints, &result);
  if (rc != 0 || result == nullptr) {
    error = "cannot resolve " + host + ": " + gai_strerror(rc);
    return false;
  }
  std::memcpy(&out, result->ai_addr, sizeof out);
  out.sin_port = htons(port);
  freeaddrinfo(result);
  return true;
}

}  // namespace bench::net
