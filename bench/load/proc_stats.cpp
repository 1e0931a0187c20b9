// bench/load/proc_stats.cpp — see proc_stats.hpp. Formats: proc(5).
#include "proc_stats.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace bench {
namespace {

bool readFile(const std::string& path, std::string& out, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot read " + path + ": " + std::strerror(errno);
    return false;
  }
  std::ostringstream text;
  text << in.rdbuf();
  out = text.str();
  return true;
}

// "VmRSS:\t  12345 kB" -> 12345; -1 if the field is missing.
long statusField(const std::string& status, const char* name) {
  const std::size_t at = status.find(name);
  if (at == std::string::npos) return -1;
  return std::strtol(status.c_str() + at + std::strlen(name), nullptr, 10);
}

}  // namespace

ProcSample sampleProcess(pid_t pid) {
  ProcSample s;
  const std::string base = "/proc/" + std::to_string(pid) + "/";
  std::string stat;
  std::string status;
  if (!readFile(base + "stat", stat, s.error) || !readFile(base + "status", status, s.error)) {
    return s;
  }
  // The command name (field 2) is in parentheses and may contain spaces or ')': the fields
  // after it are counted from the last ')'. Field 3 (state) is the first token after it, so
  // utime (14) and stime (15) are the 12th and 13th.
  const std::size_t paren = stat.rfind(')');
  if (paren == std::string::npos) {
    s.error = base + "stat: unexpected format";
    return s;
  }
  std::istringstream fields(stat.substr(paren + 1));
  std::string token;
  unsigned long long utime = 0;
  unsigned long long stime = 0;
  for (int i = 1; i <= 13 && (fields >> token); ++i) {
    if (i == 12) utime = std::strtoull(token.c_str(), nullptr, 10);
    if (i == 13) stime = std::strtoull(token.c_str(), nullptr, 10);
  }
  static const long ticks = sysconf(_SC_CLK_TCK);
  s.cpuSeconds = static_cast<double>(utime + stime) / static_cast<double>(ticks > 0 ? ticks : 100);
  s.rssKb = statusField(status, "VmRSS:");
  s.hwmKb = statusField(status, "VmHWM:");
  s.ok = true;
  return s;
}

double ownCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& t) {
    return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

}  // namespace bench
