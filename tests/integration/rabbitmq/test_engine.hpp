// A stand-in for the SrvThreds engine, speaking its side of the wire with rabbitmq-c on a thread
// of its own: it consumes the event queue (bound to the event exchange with "#", as rascal
// declares it), records every Event id, and can answer each Event with a Message to the Event's
// source, published to the message exchange with the node's routing key. It reconnects by
// itself, so it survives the broker restarts the tests cause. The agent's tests give it an
// Answerer instead, which routes like SrvThreds (via Redis), and read the whole Events it took.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <libsession/value.hpp>

namespace test_engine {

/// Every name the transport and the engine share; unique per test so tests do not see each
/// other's traffic on the one broker.
struct Topology {
  std::string eventExchange, messageExchange, eventQueue, nodeQueue, sharedQueue;
  std::string nodeId, sharedKey;
  static Topology unique();   ///< random names
  static Topology srvThreds(); ///< the names of SrvThreds' rascal_config.json
};

std::string amqpUrl();  ///< LIBSESSION_AMQP_URL, or the loopback broker of scripts/test.sh

/// Runs `fn` on a fresh blocking connection (declaring nothing); false if it failed to connect.
/// For set-up and inspection: declaring a queue with arguments, reading a queue's depth.
struct Admin {
  /// Declares `queue` durable with x-dead-letter-exchange=`deadLetterExchange` (as a broker
  /// configured differently from rascal would have it).
  static bool declareQueueWithDeadLetter(const std::string& queue, const std::string& deadLetterExchange);
  /// Messages ready in `queue`, or -1.
  static long queueDepth(const std::string& queue);
  /// Deletes the queues and exchanges (best effort).
  static void remove(const Topology& t);
  /// Declares the topology the way rascal does (durable topic exchanges, durable queues without
  /// arguments, the bindings) and also the event queue.
  static bool declareLikeRascal(const Topology& t);
  /// Deletes `queue` if it exists (true also when it did not); for leftovers of earlier runs.
  static bool deleteQueue(const std::string& queue);
  /// Waits (bounded by `timeout`) until `queue` holds `depth` ready Messages; false otherwise.
  static bool waitForDepth(const std::string& queue, long depth, std::chrono::seconds timeout);
  /// Has the broker close the connections whose client property connection_name is `name`
  /// (rabbitmqctl close_connection), leaving everyone else's alone. The number closed, or -1
  /// when rabbitmqctl failed.
  static int closeConnectionsNamed(const std::string& name);
};

/// One publication of the engine: (routing key on the message exchange, body).
using Publication = std::pair<std::string, std::string>;
/// Decides what the engine publishes for an Event it took (runs on the engine's thread).
using Answerer = std::function<std::vector<Publication>(const libsession::Value& event)>;

/// The AMQP body SrvThreds publishes a Message in: {"id", "payload": message, "topics": [key]}.
std::string envelope(const libsession::Value& message, const std::string& routingKey);

class Engine {
public:
  explicit Engine(Topology topology, bool answer = true);
  /// Answers each Event with what `answerer` returns (nothing for an empty answerer).
  Engine(Topology topology, Answerer answerer);
  ~Engine();

  /// Publishes `body` to the message exchange with `routingKey` (from the engine's thread).
  void publishRaw(std::string routingKey, std::string body);
  /// Ids of the Events received so far (with repeats, if the broker redelivered).
  std::vector<std::string> receivedIds();
  /// The payloads of everything received so far, in order (null for an unparsed body).
  std::vector<libsession::Value> receivedPayloads();
  /// Waits until `pred(receivedPayloads)` holds or `timeout` passes.
  bool waitForPayloads(const std::function<bool(const std::vector<libsession::Value>&)>& pred,
                       std::chrono::seconds timeout);
  /// Waits until `pred(receivedIds)` holds or `timeout` passes.
  bool waitFor(const std::function<bool(const std::vector<std::string>&)>& pred,
               std::chrono::seconds timeout);
  /// True once the consumer is attached (after each reconnect).
  bool consuming() const { return consuming_; }

private:
  void run();

  Topology t_;
  bool answer_;
  Answerer answerer_;
  std::atomic<bool> stop_{false};
  std::atomic<bool> consuming_{false};
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::string> received_;
  std::vector<libsession::Value> payloads_;
  std::deque<std::pair<std::string, std::string>> outgoing_;
  std::thread thread_;
};

}  // namespace test_engine
