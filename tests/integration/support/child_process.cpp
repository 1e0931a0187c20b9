#include "child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <system_error>

extern char** environ;

namespace libsession::test {

std::string ExitStatus::describe() const {
  if (exited) return "exit code " + std::to_string(code);
  return std::string("killed by signal ") + std::to_string(signal) + " (" + strsignal(signal) + ")";
}

namespace {

[[noreturn]] void throwErrno(const char* what) {
  throw std::system_error(errno, std::generic_category(), what);
}

ExitStatus toExitStatus(int raw) {
  ExitStatus status;
  if (WIFEXITED(raw)) {
    status.exited = true;
    status.code = WEXITSTATUS(raw);
  } else if (WIFSIGNALED(raw)) {
    status.signal = WTERMSIG(raw);
  }
  return status;
}

// A pipe whose ends close themselves unless released.
struct Pipe {
  int fds[2] = {-1, -1};
  Pipe() {
    if (pipe2(fds, O_CLOEXEC) != 0) throwErrno("pipe2");
  }
  ~Pipe() {
    for (int fd : fds) {
      if (fd >= 0) close(fd);
    }
  }
  Pipe(const Pipe&) = delete;
  Pipe& operator=(const Pipe&) = delete;
  int release(int end) {
    const int fd = fds[end];
    fds[end] = -1;
    return fd;
  }
};

}  // namespace

ChildProcess::ChildProcess(std::vector<std::string> argv, const Environment& extraEnv) {
  for (const std::string& arg : argv) {
    if (!commandLine_.empty()) commandLine_ += ' ';
    commandLine_ += arg;
  }

  // Everything the child needs is built before fork(): between fork() and exec() in a
  // multi-threaded parent only async-signal-safe calls are allowed (no allocation).
  std::vector<std::string> env;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text(*entry);
    const std::string_view name = text.substr(0, text.find('='));
    bool overridden = false;
    for (const auto& [key, value] : extraEnv) overridden = overridden || key == name;
    if (!overridden) env.emplace_back(text);
  }
  for (const auto& [key, value] : extraEnv) env.push_back(key + "=" + value);

  std::vector<char*> argvPointers;
  for (std::string& arg : argv) argvPointers.push_back(arg.data());
  argvPointers.push_back(nullptr);
  std::vector<char*> envPointers;
  for (std::string& entry : env) envPointers.push_back(entry.data());
  envPointers.push_back(nullptr);

  Pipe out, err, execError;
  const int devNull = open("/dev/null", O_RDONLY | O_CLOEXEC);
  if (devNull < 0) throwErrno("open /dev/null");
  const pid_t parent = getpid();

  pid_ = fork();
  if (pid_ < 0) {
    close(devNull);
    throwErrno("fork");
  }
  if (pid_ == 0) {
    // The child: own process group (so that kill(-pid) reaches anything it starts), death
    // with the parent, default signal handling, the pipes as stdout/stderr.
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(127);
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    struct sigaction defaultAction {};
    defaultAction.sa_handler = SIG_DFL;
    for (int sig : {SIGPIPE, SIGTERM, SIGINT, SIGHUP}) sigaction(sig, &defaultAction, nullptr);
    dup2(devNull, STDIN_FILENO);
    dup2(out.fds[1], STDOUT_FILENO);
    dup2(err.fds[1], STDERR_FILENO);
    execve(argvPointers[0], argvPointers.data(), envPointers.data());
    const int error = errno;
    [[maybe_unused]] const ssize_t written = write(execError.fds[1], &error, sizeof error);
    _exit(127);
  }
  setpgid(pid_, pid_);  // also here: whichever of the two runs first wins the race
  close(devNull);
  close(execError.release(1));
  int execErrno = 0;
  ssize_t got = 0;
  do {
    got = read(execError.fds[0], &execErrno, sizeof execErrno);
  } while (got < 0 && errno == EINTR);
  if (got > 0) {
    waitpid(pid_, nullptr, 0);
    pid_ = -1;
    throw std::system_error(execErrno, std::generic_category(), "exec " + commandLine_);
  }

  close(out.release(1));
  close(err.release(1));
  const int outFd = out.release(0);
  const int errFd = err.release(0);
  reader_ = std::thread([this, outFd, errFd] { readOutput(outFd, errFd); });
}

ChildProcess::~ChildProcess() {
  if (pid_ > 0 && !status_) kill();
  joinReader();
}

void ChildProcess::readOutput(int outFd, int errFd) {
  pollfd fds[2] = {{outFd, POLLIN, 0}, {errFd, POLLIN, 0}};
  std::string* buffers[2] = {&stdout_, &stderr_};
  char chunk[16384];
  int open = 2;
  while (open > 0) {
    {
      std::lock_guard lock(mutex_);
      if (stopReading_) break;
    }
    // A short poll timeout keeps the stop flag responsive even if a grandchild that escaped
    // the process group still holds a pipe open.
    if (poll(fds, 2, 100) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || fds[i].revents == 0) continue;
      const ssize_t n = read(fds[i].fd, chunk, sizeof chunk);
      if (n > 0) {
        std::lock_guard lock(mutex_);
        buffers[i]->append(chunk, static_cast<std::size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        close(fds[i].fd);
        fds[i].fd = -1;  // poll() ignores negative descriptors
        --open;
      }
      changed_.notify_all();
    }
  }
  for (const pollfd& p : fds) {
    if (p.fd >= 0) close(p.fd);
  }
  std::lock_guard lock(mutex_);
  outputClosed_ = true;
  changed_.notify_all();
}

void ChildProcess::joinReader() {
  if (!reader_.joinable()) return;
  {
    // The pipes normally reach EOF right after the group is gone; the flag is the backstop.
    std::unique_lock lock(mutex_);
    if (!changed_.wait_for(lock, std::chrono::seconds(2), [this] { return outputClosed_; })) {
      stopReading_ = true;
    }
  }
  reader_.join();
}

std::string ChildProcess::stdoutText() const {
  std::lock_guard lock(mutex_);
  return stdout_;
}

std::string ChildProcess::stderrText() const {
  std::lock_guard lock(mutex_);
  return stderr_;
}

bool ChildProcess::waitForOutput(const std::function<bool(const std::string&)>& done,
                                 std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return done(stdout_) || outputClosed_; });
  return done(stdout_);
}

void ChildProcess::signal(int sig) {
  if (pid_ > 0 && !status_) ::kill(pid_, sig);
}

std::optional<ExitStatus> ChildProcess::wait(std::chrono::milliseconds timeout) {
  if (status_) return status_;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    // WNOWAIT leaves the child a zombie, so its process group id cannot be reused while the
    // rest of the group is killed; then it is reaped.
    siginfo_t info{};
    if (waitid(P_PID, static_cast<id_t>(pid_), &info, WEXITED | WNOHANG | WNOWAIT) == 0 &&
        info.si_pid == pid_) {
      ::kill(-pid_, SIGKILL);
      int raw = 0;
      while (waitpid(pid_, &raw, 0) < 0 && errno == EINTR) {
      }
      status_ = toExitStatus(raw);
      joinReader();
      return status_;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

ExitStatus ChildProcess::kill() {
  if (status_) return *status_;
  ::kill(-pid_, SIGKILL);
  int raw = 0;
  while (waitpid(pid_, &raw, 0) < 0 && errno == EINTR) {
  }
  status_ = toExitStatus(raw);
  joinReader();
  return *status_;
}

bool ChildProcess::running() {
  return !wait(std::chrono::milliseconds(0)).has_value();
}

}  // namespace libsession::test
