// RabbitMqEngineTransport against the real RabbitMQ (scripts/test.sh starts one on
// 127.0.0.1:5672; LIBSESSION_AMQP_URL points elsewhere) and a test engine speaking SrvThreds'
// side of the wire (test_engine.hpp). Waits are bounded; nothing asserts on timing.
#include <libsession/rabbitmq_engine_transport.hpp>

#include <atomic>
#include <cstdlib>
#include <map>
#include <set>

#include <catch2/catch.hpp>

#include <libsession/error.hpp>
#include <libsession/json.hpp>

#include "test_engine.hpp"
#include "threaded_event_loop.hpp"

using namespace std::chrono_literals;
using libsession::Errc;
using libsession::RabbitMqEngineTransport;
using libsession::RabbitMqOptions;
using libsession::Value;
using test_engine::Admin;
using test_engine::Engine;
using test_engine::Topology;

namespace {

constexpr auto kWait = 30s;

RabbitMqOptions optionsFor(const Topology& t) {
  RabbitMqOptions o;
  o.url = test_engine::amqpUrl();
  o.nodeId = t.nodeId;
  o.sharedKey = t.sharedKey;
  o.eventExchange = t.eventExchange;
  o.messageExchange = t.messageExchange;
  o.nodeQueue = t.nodeQueue;
  o.sharedQueue = t.sharedQueue;
  o.initialBackoff = 200ms;  // the restart test should not idle for seconds
  o.maxBackoff = 1s;
  return o;
}

Value event(const std::string& id, const std::string& participant = "p1") {
  return Value::object({{"id", id},
                        {"type", "org.wt.tell"},
                        {"source", Value::object({{"id", participant}})}});
}

// Records what the transport hands to the loop, and checks it arrives on the loop thread.
class RecordingSink final : public libsession::EngineSink {
public:
  explicit RecordingSink(ThreadedEventLoop& loop, bool ack = true) : loop_(loop), ack_(ack) {}

  void onMessage(std::shared_ptr<libsession::EngineDelivery> delivery) override {
    if (std::this_thread::get_id() != loop_.threadId()) offLoop_ = true;
    std::lock_guard<std::mutex> lock(mutex_);
    messages_.push_back(delivery->message());
    if (ack_) delivery->ack();
    cv_.notify_all();
  }
  void onLinkState(bool up) override {
    if (std::this_thread::get_id() != loop_.threadId()) offLoop_ = true;
    std::lock_guard<std::mutex> lock(mutex_);
    links_.push_back(up);
    cv_.notify_all();
  }

  template <typename Pred>
  bool waitFor(Pred pred, std::chrono::seconds timeout = kWait) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return pred(messages_, links_); });
  }
  std::vector<Value> messages() {
    std::lock_guard<std::mutex> lock(mutex_);
    return messages_;
  }
  bool offLoop() const { return offLoop_; }

  using Messages = std::vector<Value>;
  using Links = std::vector<bool>;

private:
  ThreadedEventLoop& loop_;
  bool ack_;
  std::atomic<bool> offLoop_{false};
  std::mutex mutex_;
  std::condition_variable cv_;
  Messages messages_;
  Links links_;
};

bool linkUp(const RecordingSink::Messages&, const RecordingSink::Links& l) {
  return !l.empty() && l.back();
}

// Publish completions, by event id.
class Completions {
public:
  libsession::PublishCompletion forId(const std::string& id, ThreadedEventLoop& loop) {
    return [this, id, &loop](std::error_code ec) {
      if (std::this_thread::get_id() != loop.threadId()) offLoop_ = true;
      std::lock_guard<std::mutex> lock(mutex_);
      results_[id].push_back(ec);
      cv_.notify_all();
    };
  }
  bool waitCount(std::size_t n, std::chrono::seconds timeout = kWait) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return results_.size() >= n; });
  }
  std::map<std::string, std::vector<std::error_code>> results() {
    std::lock_guard<std::mutex> lock(mutex_);
    return results_;
  }
  bool offLoop() const { return offLoop_; }

private:
  std::atomic<bool> offLoop_{false};
  std::mutex mutex_;
  std::condition_variable cv_;
  std::map<std::string, std::vector<std::error_code>> results_;
};

struct Cleanup {
  Topology t;
  ~Cleanup() { Admin::remove(t); }
};

}  // namespace

TEST_CASE("a broker is reachable (scripts/test.sh starts one)", "[rabbitmq]") {
  INFO("no RabbitMQ at " << test_engine::amqpUrl()
                         << "; run scripts/test.sh, or source scripts/lib/rabbitmq.sh; rabbitmq_start");
  const Topology t = Topology::unique();
  Cleanup cleanup{t};
  REQUIRE(Admin::declareLikeRascal(t));
}

TEST_CASE("round trip: event to the engine, its Message back through the node's queue", "[rabbitmq]") {
  const Topology t = Topology::unique();
  Cleanup cleanup{t};
  ThreadedEventLoop loop;
  Engine engine(t);
  REQUIRE(engine.waitFor([&](auto&) { return engine.consuming(); }, kWait));
  RecordingSink sink(loop);
  Completions done;
  RabbitMqEngineTransport transport(loop, optionsFor(t));
  transport.start(sink);

  transport.publish(event("evt-1", "alice"), done.forId("evt-1", loop));
  REQUIRE(sink.waitFor([](auto& m, auto&) { return m.size() == 1; }));
  const Value message = sink.messages().front();
  CHECK(*message.find("id") == Value("evt-1_0"));
  CHECK(*message.find("to") == Value::array({"alice"}));
  CHECK(*message.find("event")->find("id") == Value("evt-1"));
  CHECK(message.find("event")->find("time")->isNumber());  // filled in by the transport
  REQUIRE(done.waitCount(1));
  CHECK(done.results().at("evt-1") == std::vector<std::error_code>{std::error_code()});
  CHECK(engine.receivedIds() == std::vector<std::string>{"evt-1"});

  // A Message for sessions without a node id arrives through the shared key's queue.
  engine.publishRaw(t.sharedKey, R"({"id":"s","payload":{"id":"s","to":["bob"],"event":{"id":"x"}}})");
  REQUIRE(sink.waitFor([](auto& m, auto&) { return m.size() == 2; }));
  CHECK(*sink.messages().back().find("to") == Value::array({"bob"}));

  loop.runSync([&] { transport.stop(); });
  CHECK_FALSE(sink.offLoop());
  CHECK_FALSE(done.offLoop());
  // Everything acked: nothing left in either queue.
  CHECK(Admin::queueDepth(t.nodeQueue) == 0);
  CHECK(Admin::queueDepth(t.sharedQueue) == 0);
}

TEST_CASE("every publish completes once, after its confirm, on the loop thread", "[rabbitmq]") {
  const Topology t = Topology::unique();
  Cleanup cleanup{t};
  ThreadedEventLoop loop;
  Engine engine(t, /*answer=*/false);
  REQUIRE(engine.waitFor([&](auto&) { return engine.consuming(); }, kWait));
  RecordingSink sink(loop);
  Completions done;
  RabbitMqEngineTransport transport(loop, optionsFor(t));
  transport.start(sink);

  constexpr int kEvents = 500;
  std::vector<std::thread> publishers;
  for (int p = 0; p < 4; ++p)
    publishers.emplace_back([&, p] {
      for (int i = p; i < kEvents; i += 4) {
        const std::string id = "e" + std::to_string(i);
        transport.publish(event(id), done.forId(id, loop));
      }
    });
  for (auto& th : publishers) th.join();
  REQUIRE(done.waitCount(kEvents));
  for (const auto& [id, results] : done.results()) {
    INFO(id);
    CHECK(results == std::vector<std::error_code>{std::error_code()});
  }
  // Confirmed means the broker has it: the engine gets every one.
  REQUIRE(engine.waitFor([&](auto& ids) { return ids.size() >= kEvents; }, kWait));
  const auto ids = engine.receivedIds();
  CHECK(std::set<std::string>(ids.begin(), ids.end()).size() == kEvents);
  CHECK_FALSE(done.offLoop());
  loop.runSync([&] { transport.stop(); });
}

TEST_CASE("an event no queue is bound for is returned: an error completion", "[rabbitmq]") {
  const Topology t = Topology::unique();  // no engine: nothing is bound to the event exchange
  Cleanup cleanup{t};
  ThreadedEventLoop loop;
  RecordingSink sink(loop);
  Completions done;
  RabbitMqEngineTransport transport(loop, optionsFor(t));
  transport.start(sink);
  transport.publish(event("lost"), done.forId("lost", loop));
  REQUIRE(done.waitCount(1));
  const auto results = done.results().at("lost");
  REQUIRE(results.size() == 1);
  CHECK(results.front());
  loop.runSync([&] { transport.stop(); });
}

TEST_CASE("malformed bodies are rejected without requeue and reported, serving goes on", "[rabbitmq]") {
  const Topology t = Topology::unique();
  Cleanup cleanup{t};
  ThreadedEventLoop loop;
  Engine engine(t, /*answer=*/false);
  REQUIRE(engine.waitFor([&](auto&) { return engine.consuming(); }, kWait));
  RecordingSink sink(loop);
  std::mutex mutex;
  std::vector<libsession::MalformedMessage> malformed;
  auto options = optionsFor(t);
  options.maxMessageBytes = 64 * 1024;
  options.onMalformed = [&](const libsession::MalformedMessage& m) {
    std::lock_guard<std::mutex> lock(mutex);
    malformed.push_back(m);
  };
  RabbitMqEngineTransport transport(loop, options);
  transport.start(sink);
  REQUIRE(sink.waitFor(linkUp));

  engine.publishRaw(t.nodeId, "not json at all");
  engine.publishRaw(t.nodeId, R"({"id":"m","payload":"a string"})");
  engine.publishRaw(t.nodeId, R"({"id":"m","topics":["x"]})");
  engine.publishRaw(t.nodeId, std::string(100, '[') + std::string(100, ']'));
  engine.publishRaw(t.nodeId, std::string(2 * 1024 * 1024, 'x'));  // huge and not JSON
  // Well-formed, but beyond maxMessageBytes: refused without being parsed.
  engine.publishRaw(t.nodeId, R"({"id":"big","payload":{"id":"big","to":["p"],"event":{"id":"e","data":")" +
                                  std::string(100 * 1024, 'a') + R"("}}})");
  // A Message the agent must judge (no `to`) is the agent's: it reaches the sink.
  engine.publishRaw(t.nodeId, R"({"id":"ok","payload":{"id":"ok","event":{"id":"e"}}})");
  engine.publishRaw(t.nodeId, R"({"id":"ok2","payload":{"id":"ok2","to":["p"],"event":{"id":"e"}}})");

  REQUIRE(sink.waitFor([](auto& m, auto&) { return m.size() == 2; }));
  loop.runSync([] {});  // malformed reports were posted before the later deliveries
  {
    std::lock_guard<std::mutex> lock(mutex);
    REQUIRE(malformed.size() == 6);
    CHECK(malformed[0].body == "not json at all");
    CHECK(malformed[0].routingKey == t.nodeId);
    CHECK(malformed[0].error == Errc::invalid_json);
    CHECK(malformed[1].error == Errc::invalid_payload);
    CHECK(malformed[2].error == Errc::invalid_payload);
    CHECK(malformed[3].error == Errc::json_too_deep);
    CHECK(malformed[4].body.size() == 2 * 1024 * 1024);
    CHECK(malformed[4].error == Errc::payload_too_large);
    CHECK(malformed[5].error == Errc::payload_too_large);
  }
  CHECK(*sink.messages()[0].find("id") == Value("ok"));
  loop.runSync([&] { transport.stop(); });
  CHECK(Admin::queueDepth(t.nodeQueue) == 0);  // rejected without requeue
}

TEST_CASE("a delivery never acked is redelivered after a restart of the transport", "[rabbitmq]") {
  const Topology t = Topology::unique();
  Cleanup cleanup{t};
  ThreadedEventLoop loop;
  Engine engine(t, /*answer=*/false);
  REQUIRE(engine.waitFor([&](auto&) { return engine.consuming(); }, kWait));
  std::shared_ptr<libsession::EngineDelivery> held;
  {
    struct HoldingSink final : libsession::EngineSink {
      std::shared_ptr<libsession::EngineDelivery>* slot;
      std::promise<void> got, up;
      bool upSet = false;
      void onLinkState(bool isUp) override {
        if (isUp && !upSet) up.set_value();
        upSet = upSet || isUp;
      }
      void onMessage(std::shared_ptr<libsession::EngineDelivery> d) override {
        *slot = std::move(d);
        got.set_value();
      }
    } holding;
    holding.slot = &held;
    RabbitMqEngineTransport transport(loop, optionsFor(t));
    transport.start(holding);
    REQUIRE(holding.up.get_future().wait_for(kWait) == std::future_status::ready);
    engine.publishRaw(t.nodeId, R"({"id":"h","payload":{"id":"h","to":["p"],"event":{}}})");
    REQUIRE(holding.got.get_future().wait_for(kWait) == std::future_status::ready);
    CHECK_FALSE(held->redelivered());
    loop.runSync([&] { transport.stop(); });
  }
  held->ack();  // after stop: ignored; the broker has requeued it
  held.reset();
  RecordingSink sink(loop);
  RabbitMqEngineTransport again(loop, optionsFor(t));
  again.start(sink);
  REQUIRE(sink.waitFor([](auto& m, auto&) { return m.size() == 1; }));
  CHECK(*sink.messages()[0].find("id") == Value("h"));
  loop.runSync([&] { again.stop(); });
  CHECK(Admin::queueDepth(t.nodeQueue) == 0);
}

TEST_CASE("declares compatibly with a broker SrvThreds set up, and passive mode only checks", "[rabbitmq]") {
  ThreadedEventLoop loop;
  SECTION("rascal's topology under its real names: the defaults assert it without conflict") {
    // Leaves the names in place (they are the engine's): declaring them again is idempotent.
    REQUIRE(Admin::declareLikeRascal(Topology::srvThreds()));
    RecordingSink sink(loop);
    RabbitMqOptions options;
    options.url = test_engine::amqpUrl();
    RabbitMqEngineTransport transport(loop, options);
    transport.start(sink);
    REQUIRE(sink.waitFor(linkUp));
    loop.runSync([&] { transport.stop(); });
  }
  SECTION("a node queue declared with other arguments is taken as it is, not fought") {
    const Topology t = Topology::unique();
    Cleanup cleanup{t};
    REQUIRE(Admin::declareQueueWithDeadLetter(t.nodeQueue, "x-message-dead-letter"));
    RecordingSink sink(loop);
    RabbitMqEngineTransport transport(loop, optionsFor(t));
    transport.start(sink);
    REQUIRE(sink.waitFor(linkUp));
    loop.runSync([&] { transport.stop(); });
  }
  SECTION("passive mode against a broker without the topology does not come up") {
    const Topology t = Topology::unique();
    Cleanup cleanup{t};
    RecordingSink sink(loop);
    auto options = optionsFor(t);
    options.declare = RabbitMqOptions::Declare::passive;
    RabbitMqEngineTransport transport(loop, options);
    transport.start(sink);
    REQUIRE(sink.waitFor([](auto&, auto& l) { return !l.empty(); }));
    CHECK(sink.waitFor(linkUp, 2s) == false);
    REQUIRE(Admin::declareLikeRascal(t));
    REQUIRE(sink.waitFor(linkUp));  // comes up by itself once the engine has declared it
    loop.runSync([&] { transport.stop(); });
  }
}

TEST_CASE("no broker: events wait in the bounded buffer, beyond it an error at once, stop fails the rest",
          "[rabbitmq]") {
  ThreadedEventLoop loop;
  RecordingSink sink(loop);
  Completions done;
  RabbitMqOptions options;
  options.url = "amqp://guest:guest@127.0.0.1:1";  // nothing listens on port 1
  options.bufferCapacity = 3;
  RabbitMqEngineTransport transport(loop, options);
  transport.start(sink);
  for (int i = 0; i < 5; ++i) transport.publish(event(std::to_string(i)), done.forId(std::to_string(i), loop));
  REQUIRE(done.waitCount(2));
  CHECK(done.results().count("3") == 1);
  CHECK(done.results().count("4") == 1);
  CHECK(done.results().at("3").front());
  REQUIRE(sink.waitFor([](auto&, auto& l) { return !l.empty(); }));
  CHECK(sink.waitFor([](auto&, auto& l) { return l.front() == false; }));
  loop.runSync([&] { transport.stop(); });
  const auto results = done.results();  // stop() ran the rest before returning
  REQUIRE(results.size() == 5);
  for (const char* id : {"0", "1", "2"}) CHECK(results.at(id) == std::vector<std::error_code>{Errc::connection_closed});
  // After stop: still exactly one completion, with connection_closed.
  transport.publish(event("late"), done.forId("late", loop));
  REQUIRE(done.waitCount(6));
  CHECK(done.results().at("late") == std::vector<std::error_code>{Errc::connection_closed});
  transport.stop();  // idempotent
}

TEST_CASE("broker restart mid-stream: no confirmed event lost, consumption resumes", "[rabbitmq][restart]") {
  const Topology t = Topology::unique();
  Cleanup cleanup{t};
  ThreadedEventLoop loop;
  Engine engine(t);  // answers each event with a Message to this node
  REQUIRE(engine.waitFor([&](auto&) { return engine.consuming(); }, kWait));
  RecordingSink sink(loop);
  Completions done;
  RabbitMqEngineTransport transport(loop, optionsFor(t));
  transport.start(sink);
  REQUIRE(sink.waitFor(linkUp));

  std::atomic<bool> stopPublishing{false};
  std::atomic<int> published{0};
  std::thread publisher([&] {
    while (!stopPublishing) {
      const std::string id = "r" + std::to_string(published.load());
      transport.publish(event(id), done.forId(id, loop));
      ++published;
      std::this_thread::sleep_for(5ms);
    }
  });
  REQUIRE(done.waitCount(50));
  REQUIRE(std::system("rabbitmqctl -q stop_app >/dev/null 2>&1") == 0);
  REQUIRE(sink.waitFor([](auto&, auto& l) { return !l.empty() && !l.back(); }));
  std::this_thread::sleep_for(3s);  // keep publishing while the broker is away
  REQUIRE(std::system("rabbitmqctl -q start_app >/dev/null 2>&1") == 0);
  REQUIRE(sink.waitFor(linkUp));
  std::this_thread::sleep_for(1s);
  stopPublishing = true;
  publisher.join();

  REQUIRE(done.waitCount(static_cast<std::size_t>(published.load()), 60s));
  std::set<std::string> confirmed;
  for (const auto& [id, results] : done.results()) {
    REQUIRE(results.size() == 1);
    if (!results.front()) confirmed.insert(id);
  }
  INFO("published " << published.load() << ", confirmed " << confirmed.size());
  // The buffer is large: every event is eventually confirmed, none fails.
  CHECK(confirmed.size() == static_cast<std::size_t>(published.load()));
  REQUIRE(engine.waitFor(
      [&](auto& ids) {
        std::set<std::string> got(ids.begin(), ids.end());
        for (const auto& id : confirmed)
          if (got.count(id) == 0) return false;
        return true;
      },
      60s));
  // Consumption resumed: the engine's answers to events published after the restart arrive.
  const std::string last = "r" + std::to_string(published.load() - 1);
  REQUIRE(sink.waitFor([&](auto& m, auto&) {
    for (const auto& v : m)
      if (*v.find("id") == Value(last + "_0")) return true;
    return false;
  }, 60s));
  loop.runSync([&] { transport.stop(); });
}

// --- Graceful shutdown (stopReceiving) and reconnects ----------------------------------------

namespace {

// Acks each Message on the loop and records its id; while closed it holds them instead, and
// release() (on the loop) acks what it held and opens again.
class GateSink final : public libsession::EngineSink {
public:
  struct State {
    std::vector<std::string> acked;  // Message ids, in ack order
    std::size_t received = 0;        // handed over, acked or held
    std::vector<bool> links;
  };

  explicit GateSink(ThreadedEventLoop& loop) : loop_(loop) {}

  void close() {
    std::lock_guard<std::mutex> lock(mutex_);
    open_ = false;
  }
  void release() {
    std::vector<std::shared_ptr<libsession::EngineDelivery>> held;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      open_ = true;
      held.swap(held_);
    }
    for (auto& d : held) ack(*d);
  }

  void onMessage(std::shared_ptr<libsession::EngineDelivery> delivery) override {
    if (std::this_thread::get_id() != loop_.threadId()) offLoop_ = true;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      ++state_.received;
      cv_.notify_all();
      if (!open_) {
        held_.push_back(std::move(delivery));
        return;
      }
    }
    ack(*delivery);
  }
  void onLinkState(bool up) override {
    if (std::this_thread::get_id() != loop_.threadId()) offLoop_ = true;
    std::lock_guard<std::mutex> lock(mutex_);
    state_.links.push_back(up);
    cv_.notify_all();
  }

  bool waitFor(const std::function<bool(const State&)>& pred, std::chrono::seconds timeout = kWait) {
    std::unique_lock<std::mutex> lock(mutex_);
    return cv_.wait_for(lock, timeout, [&] { return pred(state_); });
  }
  State state() {
    std::lock_guard<std::mutex> lock(mutex_);
    return state_;
  }
  bool offLoop() const { return offLoop_; }

private:
  void ack(libsession::EngineDelivery& delivery) {
    delivery.ack();
    const Value* id = delivery.message().find("id");
    std::lock_guard<std::mutex> lock(mutex_);
    state_.acked.push_back(id != nullptr && id->isString() ? *id->asString() : "?");
    cv_.notify_all();
  }

  ThreadedEventLoop& loop_;
  std::atomic<bool> offLoop_{false};
  std::mutex mutex_;
  std::condition_variable cv_;
  bool open_ = true;
  std::vector<std::shared_ptr<libsession::EngineDelivery>> held_;
  State state_;
};

// The set-up the tests below share: names of their own (removed afterwards), an engine that
// takes Events without answering them, and a started transport whose link is up.
struct Linked {
  explicit Linked(std::uint16_t prefetch = 10) : engine(t, /*answer=*/false), sink(loop) {
    REQUIRE(engine.waitFor([&](auto&) { return engine.consuming(); }, kWait));
    auto options = optionsFor(t);
    options.prefetch = prefetch;
    transport = std::make_unique<RabbitMqEngineTransport>(loop, options);
    transport->start(sink);
    REQUIRE(sink.waitFor([](const GateSink::State& s) { return !s.links.empty() && s.links.back(); }));
  }
  ~Linked() {
    if (transport) loop.runSync([&] { transport->stop(); });
  }

  /// Publishes an Event and waits for its completion; true if the broker confirmed it.
  bool publishConfirmed(const std::string& id) {
    const std::size_t before = done.results().size();
    transport->publish(event(id), done.forId(id, loop));
    if (!done.waitCount(before + 1)) return false;
    const auto results = done.results();
    return results.count(id) == 1 && results.at(id) == std::vector<std::error_code>{std::error_code()};
  }
  /// The engine publishes a Message with `id` to this node.
  void sendMessage(const std::string& id, const std::string& key) {
    engine.publishRaw(key, test_engine::envelope(Value::object({{"id", id},
                                                                 {"to", Value::array({"p"})},
                                                                 {"event", Value::object({})}}),
                                                  key));
  }

  const Topology t = Topology::unique();
  Cleanup cleanup{t};
  ThreadedEventLoop loop;
  Engine engine;
  GateSink sink;
  Completions done;
  std::unique_ptr<RabbitMqEngineTransport> transport;
};

// Polls `pred` until it holds or `timeout` passes (for state only the broker knows).
template <typename Pred>
bool eventually(Pred pred, std::chrono::seconds timeout = kWait) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (!pred()) {
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(50ms);
  }
  return true;
}

}  // namespace

TEST_CASE("stopReceiving: Messages stay in the queues, Events are still confirmed", "[rabbitmq][shutdown]") {
  Linked l;
  l.sendMessage("before", l.t.nodeId);
  REQUIRE(l.sink.waitFor([](const GateSink::State& s) { return s.acked.size() == 1; }));

  l.loop.runSync([&] {
    l.transport->stopReceiving();
    l.transport->stopReceiving();  // idempotent
  });
  // The AMQP thread cancels before it publishes anything queued after the call, so once this
  // Event is confirmed no consumer is left.
  REQUIRE(l.publishConfirmed("e1"));
  for (int i = 0; i < 3; ++i) l.sendMessage("n" + std::to_string(i), l.t.nodeId);
  l.sendMessage("s0", l.t.sharedKey);
  REQUIRE(Admin::waitForDepth(l.t.nodeQueue, 3, kWait));
  REQUIRE(Admin::waitForDepth(l.t.sharedQueue, 1, kWait));
  REQUIRE(l.publishConfirmed("e2"));
  REQUIRE(l.engine.waitFor([](auto& ids) { return ids.size() == 2; }, kWait));
  CHECK(l.engine.receivedIds() == std::vector<std::string>{"e1", "e2"});

  const auto state = l.sink.state();
  CHECK(state.received == 1);
  CHECK(state.acked == std::vector<std::string>{"before"});
  l.loop.runSync([&] { l.transport->stop(); });
  CHECK(Admin::queueDepth(l.t.nodeQueue) == 3);  // kept for another node or a restart
  CHECK(Admin::queueDepth(l.t.sharedQueue) == 1);
  CHECK_FALSE(l.sink.offLoop());
}

TEST_CASE("stopReceiving amid a burst: every Message is acked by the sink or still queued", "[rabbitmq][shutdown]") {
  constexpr long kBurst = 50;
  constexpr std::uint16_t kPrefetch = 5;
  Linked l(kPrefetch);
  bool holding = false;
  SECTION("the sink acks each Message at once") {}
  SECTION("the sink holds what it has until after the call") {
    holding = true;
    l.sink.close();
  }
  for (long i = 0; i < kBurst; ++i) l.sendMessage("b" + std::to_string(i), l.t.nodeId);
  REQUIRE(l.sink.waitFor([](const GateSink::State& s) { return s.received >= 1; }));
  l.loop.runSync([&] {
    l.transport->stopReceiving();
    l.sink.release();
  });
  REQUIRE(l.publishConfirmed("after"));  // the consumers are cancelled by now

  // Prefetched Messages still reach the sink after the call; the rest stay in the queue.
  long ready = -1;
  CHECK(eventually([&] {
    ready = Admin::queueDepth(l.t.nodeQueue);
    return static_cast<long>(l.sink.state().acked.size()) + ready == kBurst;
  }));
  l.loop.runSync([&] { l.transport->stop(); });
  const auto acked = l.sink.state().acked;
  ready = Admin::queueDepth(l.t.nodeQueue);
  INFO("acked " << acked.size() << ", still queued " << ready);
  CHECK(static_cast<long>(acked.size()) + ready == kBurst);  // none lost, none counted twice
  CHECK(std::set<std::string>(acked.begin(), acked.end()).size() == acked.size());
  CHECK(l.sink.state().received == acked.size());  // nothing handed over was left unsettled
  // Nothing was acked before the cancel, so the broker could push no more than its window.
  if (holding) CHECK(acked.size() <= kPrefetch);
  CHECK_FALSE(l.sink.offLoop());
}

TEST_CASE("reconnectCount counts link-ups after the broker closed the link. stopReceiving outlives a reconnect",
          "[rabbitmq][reconnect]") {
  Linked l;
  const std::string name = "libsession " + l.t.nodeId;  // how the transport names its connection
  CHECK(l.transport->reconnectCount() == 0);

  // Only this test's connection is closed: the broker and everyone else's links stay up.
  REQUIRE(Admin::closeConnectionsNamed(name) == 1);
  REQUIRE(l.sink.waitFor([](const GateSink::State& s) { return s.links.size() >= 3 && s.links.back(); }));
  CHECK(l.sink.state().links == std::vector<bool>{true, false, true});
  CHECK(l.transport->reconnectCount() == 1);
  l.sendMessage("m1", l.t.nodeId);  // consuming again
  REQUIRE(l.sink.waitFor([](const GateSink::State& s) { return s.acked.size() == 1; }));

  l.loop.runSync([&] { l.transport->stopReceiving(); });
  REQUIRE(l.publishConfirmed("e1"));
  REQUIRE(Admin::closeConnectionsNamed(name) == 1);
  REQUIRE(l.sink.waitFor([](const GateSink::State& s) { return s.links.size() >= 5 && s.links.back(); }));
  CHECK(l.transport->reconnectCount() == 2);
  // Publishing resumed after the reconnect, consuming did not.
  REQUIRE(l.publishConfirmed("e2"));
  l.sendMessage("m2", l.t.nodeId);
  REQUIRE(Admin::waitForDepth(l.t.nodeQueue, 1, kWait));
  REQUIRE(l.publishConfirmed("e3"));
  CHECK(l.sink.state().received == 1);
  l.loop.runSync([&] { l.transport->stop(); });
  CHECK(Admin::queueDepth(l.t.nodeQueue) == 1);
  CHECK_FALSE(l.sink.offLoop());
}
