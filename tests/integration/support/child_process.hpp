// tests/integration/support/child_process.hpp — a child process owned by a test.
//
// The integration tests start the real echo-server and real client programs. A failed REQUIRE
// throws out of the test case, so the child must be cleaned up by a destructor: ~ChildProcess
// kills the child's whole process group (the child is made a group leader) and reaps it. The
// child also gets PR_SET_PDEATHSIG(SIGKILL), so it dies with the test process even when ctest
// kills that on a timeout and no destructor runs.
//
// stdout and stderr are read by a background thread into buffers (a child blocked on a full
// pipe would look like a hang), readable at any time; waitForOutput() blocks until stdout
// holds what a predicate wants.
//
// Thread-safety: one test thread uses the object; the reader thread only touches the buffers
// under the mutex.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

namespace libsession::test {

/// How a child ended.
struct ExitStatus {
  bool exited = false;  ///< exited normally (then `code` is valid), else killed by `signal`
  int code = -1;
  int signal = 0;

  bool success() const noexcept { return exited && code == 0; }
  std::string describe() const;
};

class ChildProcess {
public:
  using Environment = std::vector<std::pair<std::string, std::string>>;

  /// Starts argv[0] (a path; no PATH search) with argv, the parent's environment plus `extraEnv`
  /// (which overrides), and stdin from /dev/null. Throws std::system_error when it cannot start.
  explicit ChildProcess(std::vector<std::string> argv, const Environment& extraEnv = {});
  /// Kills the process group with SIGKILL if the child is still running, and reaps it.
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  pid_t pid() const noexcept { return pid_; }
  /// The command line, for messages.
  const std::string& commandLine() const noexcept { return commandLine_; }

  /// Everything the child wrote so far.
  std::string stdoutText() const;
  std::string stderrText() const;

  /// Waits until `done(stdout so far)` is true or the child's stdout closes or `timeout`
  /// passes. Returns whether `done` became true.
  bool waitForOutput(const std::function<bool(const std::string&)>& done,
                     std::chrono::milliseconds timeout);

  /// Sends `sig` to the child (not its group).
  void signal(int sig);
  /// Waits for the child to end; nullopt when it is still running after `timeout`.
  std::optional<ExitStatus> wait(std::chrono::milliseconds timeout);
  /// SIGKILLs the process group and reaps the child; returns its status.
  ExitStatus kill();
  bool running();

private:
  void readOutput(int outFd, int errFd);
  void joinReader();

  pid_t pid_ = -1;
  std::optional<ExitStatus> status_;
  std::string commandLine_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::string stdout_;
  std::string stderr_;
  bool outputClosed_ = false;
  bool stopReading_ = false;
  std::thread reader_;
};

}  // namespace libsession::test
