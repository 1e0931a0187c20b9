// RedisSessionDirectory: the calling threads only queue; one thread owns the hiredis connection,
// connects with backoff, sweeps, then applies the queue in order. hiredis is included here only.
#include <libsession/redis_session_directory.hpp>

#include <algorithm>
#include <atomic>
#include <charconv>
#include <condition_variable>
#include <list>
#include <mutex>
#include <random>
#include <stdexcept>
#include <sys/time.h>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include <hiredis/hiredis.h>

namespace libsession {

namespace {

struct Endpoint {
  std::string host;
  int port = 6379;
  int db = 0;
  std::string user;
  std::string password;
};

bool parseNumber(std::string_view text, int min, int max, int& out) {
  if (text.empty()) return false;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, out);
  return ec == std::errc() && ptr == end && out >= min && out <= max;
}

Endpoint parseUrl(std::string_view url) {
  auto bad = [&](const char* why) {
    return std::invalid_argument("RedisSessionDirectory: url \"" + std::string(url) + "\": " + why);
  };
  constexpr std::string_view kScheme = "redis://";
  if (url.substr(0, kScheme.size()) != kScheme) throw bad("expected redis://host[:port][/db]");
  std::string_view rest = url.substr(kScheme.size());
  Endpoint endpoint;
  if (auto slash = rest.find('/'); slash != std::string_view::npos) {
    std::string_view db = rest.substr(slash + 1);
    if (!db.empty() && !parseNumber(db, 0, 1 << 20, endpoint.db)) throw bad("bad db number");
    rest = rest.substr(0, slash);
  }
  if (auto at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view userinfo = rest.substr(0, at);
    rest = rest.substr(at + 1);
    auto colon = userinfo.find(':');
    if (colon == std::string_view::npos) {
      endpoint.password = std::string(userinfo);  // redis://secret@host, like redis-cli -u
    } else {
      endpoint.user = std::string(userinfo.substr(0, colon));
      endpoint.password = std::string(userinfo.substr(colon + 1));
    }
  }
  if (auto colon = rest.rfind(':'); colon != std::string_view::npos) {
    if (!parseNumber(rest.substr(colon + 1), 1, 65535, endpoint.port)) throw bad("bad port");
    rest = rest.substr(0, colon);
  }
  if (rest.empty()) throw bad("no host");
  endpoint.host = std::string(rest);
  return endpoint;
}

timeval toTimeval(std::chrono::milliseconds ms) {
  timeval tv{};
  tv.tv_sec = static_cast<decltype(tv.tv_sec)>(ms.count() / 1000);
  tv.tv_usec = static_cast<decltype(tv.tv_usec)>((ms.count() % 1000) * 1000);
  return tv;
}

struct ReplyDeleter {
  void operator()(redisReply* reply) const noexcept { freeReplyObject(reply); }
};
using Reply = std::unique_ptr<redisReply, ReplyDeleter>;

struct ContextDeleter {
  void operator()(redisContext* context) const noexcept { redisFree(context); }
};
using Context = std::unique_ptr<redisContext, ContextDeleter>;

struct Op {
  enum class Kind { start, end };
  Kind kind;
  SessionInfo session;
};

// How a batch of commands went: applied; refused by the server (retrying cannot help, so the
// write is dropped and reported); or the connection failed (reconnect and retry).
enum class Outcome { ok, refused, disconnected };

}  // namespace

struct RedisSessionDirectory::Impl {
  RedisSessionDirectoryOptions options;
  Endpoint endpoint;

  mutable std::mutex mutex;
  std::condition_variable wake;     // the thread: work, or quit
  std::condition_variable drained;  // stop(): queue empty
  std::list<Op> queue;
  // Starts still in the queue, so that their end can cancel them.
  std::unordered_map<SessionId, std::list<Op>::iterator> queuedStarts;
  std::unordered_map<SessionId, SessionInfo> live;  // for stop() and the resync
  bool started = false;
  bool stopped = false;
  bool quit = false;
  bool needSweep = true;  // at the first connection, and after an overflow
  bool resync = false;    // the sweep keeps and rewrites the live sessions
  bool busy = false;      // the thread holds a popped op or runs the sweep
  std::atomic<bool> healthy{false};
  std::thread thread;

  // Thread-only state.
  Context context;
  std::mt19937 random{std::random_device{}()};

  void report(const std::string& what) {
    if (options.onError) options.onError(what);
  }

  // --- the calling side (under `mutex`) ---

  void enqueue(Op::Kind kind, const SessionInfo& session) {
    if (kind == Op::Kind::start) {
      live[session.session] = session;
      if (auto old = queuedStarts.find(session.session); old != queuedStarts.end()) {
        queue.erase(old->second);  // a repeated start: the newer record wins, as with HSET
        queuedStarts.erase(old);
      }
      queue.push_back(Op{kind, session});
      queuedStarts[session.session] = std::prev(queue.end());
    } else {
      live.erase(session.session);
      if (auto pending = queuedStarts.find(session.session); pending != queuedStarts.end()) {
        queue.erase(pending->second);  // never written: nothing to remove
        queuedStarts.erase(pending);
        return;
      }
      queue.push_back(Op{kind, session});
    }
    if (queue.size() > options.queueCapacity) {
      queue.clear();
      queuedStarts.clear();
      needSweep = true;
      resync = true;
    }
    wake.notify_one();
  }

  // --- the thread ---

  Outcome failed(const char* what) {
    std::string message = std::string("redis: ") + what;
    if (context && context->err) message += std::string(": ") + context->errstr;
    context.reset();
    healthy = false;
    report(message);
    return Outcome::disconnected;
  }

  // Sends the commands pipelined and reads every reply (so the connection stays in step even
  // when one is an error).
  Outcome run(const std::vector<redis_layout::Command>& commands, std::vector<Reply>* replies) {
    std::vector<const char*> argv;
    std::vector<std::size_t> lengths;
    for (const auto& command : commands) {
      argv.clear();
      lengths.clear();
      for (const auto& arg : command) {
        argv.push_back(arg.data());
        lengths.push_back(arg.size());
      }
      if (redisAppendCommandArgv(context.get(), static_cast<int>(argv.size()), argv.data(),
                                 lengths.data()) != REDIS_OK) {
        return failed("append failed");
      }
    }
    Outcome outcome = Outcome::ok;
    for (std::size_t i = 0; i < commands.size(); ++i) {
      void* raw = nullptr;
      if (redisGetReply(context.get(), &raw) != REDIS_OK || raw == nullptr) {
        return failed("connection lost");
      }
      Reply reply(static_cast<redisReply*>(raw));
      bool error = reply->type == REDIS_REPLY_ERROR;
      if (reply->type == REDIS_REPLY_ARRAY) {  // EXEC: one reply per queued command
        for (std::size_t e = 0; e < reply->elements; ++e) {
          error = error || reply->element[e]->type == REDIS_REPLY_ERROR;
        }
      }
      if (error) {
        const redisReply* shown = reply.get();
        for (std::size_t e = 0; reply->type == REDIS_REPLY_ARRAY && e < reply->elements; ++e) {
          if (reply->element[e]->type == REDIS_REPLY_ERROR) shown = reply->element[e];
        }
        report("redis: " + commands[i][0] + " refused: " +
               std::string(shown->str ? shown->str : "", shown->len));
        outcome = Outcome::refused;
      }
      if (replies) replies->push_back(std::move(reply));
    }
    return outcome;
  }

  bool connect() {
    Context fresh(redisConnectWithTimeout(endpoint.host.c_str(), endpoint.port,
                                          toTimeval(options.connectTimeout)));
    if (!fresh || fresh->err) {
      report("redis: cannot connect to " + endpoint.host + ":" + std::to_string(endpoint.port) +
             (fresh ? std::string(": ") + fresh->errstr : std::string()));
      return false;
    }
    redisSetTimeout(fresh.get(), toTimeval(options.commandTimeout));
    redisEnableKeepAlive(fresh.get());
    context = std::move(fresh);
    std::vector<redis_layout::Command> setup;
    if (!endpoint.password.empty()) {
      if (endpoint.user.empty()) setup.push_back({"AUTH", endpoint.password});
      else setup.push_back({"AUTH", endpoint.user, endpoint.password});
    }
    if (endpoint.db != 0) setup.push_back({"SELECT", std::to_string(endpoint.db)});
    setup.push_back({"PING"});
    Outcome outcome = run(setup, nullptr);
    if (outcome != Outcome::ok) {
      if (outcome == Outcome::refused) context.reset();  // bad password or db: retry later
      return false;
    }
    healthy = true;
    return true;
  }

  // Removes this node's sessions that are not in `keep`; other nodes' are never touched.
  Outcome sweep(const std::unordered_set<std::string>& keep) {
    std::vector<std::pair<std::string, std::string>> stale;  // session, participant
    std::string cursor = "0";
    do {
      std::vector<Reply> replies;
      Outcome outcome = run({{"SSCAN", std::string(redis_layout::kSessionIndex), cursor, "COUNT",
                              "1000"}},
                            &replies);
      if (outcome != Outcome::ok) return outcome;
      const redisReply* page = replies.front().get();
      if (page->type != REDIS_REPLY_ARRAY || page->elements != 2 ||
          page->element[1]->type != REDIS_REPLY_ARRAY) {
        report("redis: unexpected SSCAN reply");
        return Outcome::refused;
      }
      cursor.assign(page->element[0]->str, page->element[0]->len);
      std::vector<redis_layout::Command> reads;
      std::vector<std::string> members;
      for (std::size_t i = 0; i < page->element[1]->elements; ++i) {
        const redisReply* member = page->element[1]->element[i];
        members.emplace_back(member->str, member->len);
        reads.push_back({"HGET", redis_layout::sessionKey(members.back()),
                         std::string(redis_layout::kRecordField)});
      }
      if (reads.empty()) continue;
      std::vector<Reply> records;
      if (run(reads, &records) == Outcome::disconnected) return Outcome::disconnected;
      for (std::size_t i = 0; i < records.size(); ++i) {
        if (records[i]->type != REDIS_REPLY_STRING) continue;
        auto owner = redis_layout::parseSessionRecord(
            std::string_view(records[i]->str, records[i]->len));
        if (owner && owner->nodeId == options.nodeId && keep.count(members[i]) == 0) {
          stale.emplace_back(members[i], owner->participantId);
        }
      }
    } while (cursor != "0");

    constexpr std::size_t kBatch = 100;  // sessions per pipeline
    for (std::size_t first = 0; first < stale.size(); first += kBatch) {
      std::vector<redis_layout::Command> removals;
      for (std::size_t i = first; i < stale.size() && i < first + kBatch; ++i) {
        for (auto& command : redis_layout::sessionEndCommands(stale[i].first, stale[i].second)) {
          removals.push_back(std::move(command));
        }
      }
      if (run(removals, nullptr) == Outcome::disconnected) return Outcome::disconnected;
    }
    return Outcome::ok;
  }

  void waitBackoff(std::chrono::milliseconds& backoff) {
    std::uniform_int_distribution<long long> draw(backoff.count() / 2, backoff.count());
    std::chrono::milliseconds wait(draw(random));
    backoff = std::min(backoff * 2, options.maxBackoff);
    std::unique_lock<std::mutex> lock(mutex);
    wake.wait_for(lock, wait, [&] { return quit; });
  }

  void loop() {
    std::chrono::milliseconds backoff = options.initialBackoff;
    std::optional<Op> current;
    for (;;) {
      {
        std::lock_guard<std::mutex> lock(mutex);
        if (quit) break;
      }
      if (!context) {
        if (!connect()) {
          waitBackoff(backoff);
          continue;
        }
        backoff = options.initialBackoff;
      }

      bool doSweep = false;
      bool doResync = false;
      std::unordered_set<std::string> keep;
      std::vector<SessionInfo> rewrite;
      bool ping = false;
      {
        std::unique_lock<std::mutex> lock(mutex);
        if (!current && !needSweep) {
          bool woken = wake.wait_for(lock, options.pingInterval,
                                     [&] { return quit || needSweep || !queue.empty(); });
          if (quit) break;
          if (!woken) ping = true;
        }
        if (needSweep) {
          doSweep = true;
          doResync = resync;
          needSweep = false;
          resync = false;
          current.reset();  // a resync rewrites the live state; the popped write is part of it
          if (doResync) {
            for (const auto& [id, session] : live) {
              keep.insert(id.str());
              rewrite.push_back(session);
            }
          }
          busy = true;
        } else if (!current && !queue.empty()) {
          current = std::move(queue.front());
          queue.pop_front();
          if (current->kind == Op::Kind::start) queuedStarts.erase(current->session.session);
          busy = true;
        }
      }

      Outcome outcome = Outcome::ok;
      if (doSweep) {
        if (doResync) report("redis: write queue overflowed; resynchronising this node's sessions");
        outcome = sweep(keep);
        for (std::size_t i = 0; outcome != Outcome::disconnected && i < rewrite.size(); ++i) {
          outcome = run(redis_layout::sessionStartCommands(rewrite[i], options.nodeId,
                                                           options.roles),
                        nullptr);
        }
        if (outcome == Outcome::disconnected) {
          std::lock_guard<std::mutex> lock(mutex);
          needSweep = true;
          resync = resync || doResync;
        }
      } else if (current) {
        outcome = run(current->kind == Op::Kind::start
                          ? redis_layout::sessionStartCommands(current->session, options.nodeId,
                                                               options.roles)
                          : redis_layout::sessionEndCommands(current->session.session.str(),
                                                             current->session.participant.str()),
                      nullptr);
        if (outcome != Outcome::disconnected) current.reset();  // else: retried after reconnect
      } else if (ping) {
        outcome = run({{"PING"}}, nullptr);
      }

      std::lock_guard<std::mutex> lock(mutex);
      busy = current.has_value();
      if (queue.empty() && !busy && !needSweep) drained.notify_all();
    }
    context.reset();
    healthy = false;
  }
};

RedisSessionDirectory::RedisSessionDirectory(RedisSessionDirectoryOptions options)
    : impl_(std::make_shared<Impl>()) {
  if (options.nodeId.empty()) {
    throw std::invalid_argument("RedisSessionDirectory: nodeId must not be empty");
  }
  impl_->endpoint = parseUrl(options.url);
  if (options.initialBackoff.count() < 1) options.initialBackoff = std::chrono::milliseconds(1);
  if (options.maxBackoff < options.initialBackoff) options.maxBackoff = options.initialBackoff;
  impl_->options = std::move(options);
}

RedisSessionDirectory::~RedisSessionDirectory() { stop(); }

void RedisSessionDirectory::start() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (impl_->started || impl_->stopped) return;
  impl_->started = true;
  // The thread shares ownership, so that a stop() from onError (on the thread itself) can
  // detach it instead of joining itself.
  impl_->thread = std::thread([impl = impl_] { impl->loop(); });
}

void RedisSessionDirectory::sessionStarted(const SessionInfo& session) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (!impl_->stopped) impl_->enqueue(Op::Kind::start, session);
}

void RedisSessionDirectory::sessionEnded(const SessionInfo& session) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  if (!impl_->stopped) impl_->enqueue(Op::Kind::end, session);
}

void RedisSessionDirectory::stop() {
  Impl& impl = *impl_;
  std::unique_lock<std::mutex> lock(impl.mutex);
  if (impl.stopped) return;
  std::vector<SessionInfo> ending;
  for (const auto& [id, session] : impl.live) ending.push_back(session);
  for (const auto& session : ending) impl.enqueue(Op::Kind::end, session);
  impl.stopped = true;
  if (impl.started) {
    impl.drained.wait_for(lock, impl.options.stopTimeout, [&] {
      return impl.queue.empty() && !impl.busy && !impl.needSweep;
    });
  }
  impl.quit = true;
  impl.wake.notify_all();
  lock.unlock();
  if (impl.thread.joinable()) {
    if (impl.thread.get_id() == std::this_thread::get_id()) impl.thread.detach();
    else impl.thread.join();
  }
}

bool RedisSessionDirectory::healthy() const noexcept { return impl_->healthy.load(); }

std::size_t RedisSessionDirectory::pendingWrites() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->queue.size();
}

}  // namespace libsession
