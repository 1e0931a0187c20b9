// bench/load/proc_stats.hpp — what a process has cost so far, read from /proc (Linux only).
//
// The benchmark samples the server's processes (--pid) before connecting (RSS baseline), at
// the start and at the end of the measured window, and reports the difference in CPU time and
// the memory held at the end.
#pragma once

#include <string>
#include <sys/types.h>

namespace bench {

struct ProcSample {
  bool ok = false;
  std::string error;        // why not, when !ok (the process is gone, no permission)
  double cpuSeconds = 0;    // utime + stime (/proc/PID/stat fields 14 and 15), in seconds
  long rssKb = 0;           // VmRSS (/proc/PID/status)
  long hwmKb = 0;           // VmHWM: the peak RSS since the process started
};

ProcSample sampleProcess(pid_t pid);

/// This process's own user + system CPU time (getrusage), in seconds.
double ownCpuSeconds();

}  // namespace bench
