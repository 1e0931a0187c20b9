#include "test_engine.hpp"

#include <cstdio>
#include <cstdlib>
#include <random>
#include <sstream>

#include <amqp.h>
#include <amqp_tcp_socket.h>

#include <libsession/json.hpp>
#include <libsession/value.hpp>

namespace test_engine {
namespace {

amqp_bytes_t bytes(const std::string& s) {
  return amqp_bytes_t{s.size(), const_cast<char*>(s.data())};
}

bool ok(amqp_connection_state_t conn) {
  return amqp_get_rpc_reply(conn).reply_type == AMQP_RESPONSE_NORMAL;
}

// A connection with channel 1 open, or null.
amqp_connection_state_t open() {
  std::string url = amqpUrl();
  amqp_connection_info info;
  if (amqp_parse_url(url.data(), &info) != AMQP_STATUS_OK) return nullptr;
  amqp_connection_state_t conn = amqp_new_connection();
  amqp_socket_t* socket = amqp_tcp_socket_new(conn);
  timeval timeout{5, 0};
  amqp_set_rpc_timeout(conn, &timeout);
  if (socket == nullptr || amqp_socket_open_noblock(socket, info.host, info.port, &timeout) != 0 ||
      amqp_login(conn, info.vhost, 0, 131072, 10, AMQP_SASL_METHOD_PLAIN, info.user, info.password)
              .reply_type != AMQP_RESPONSE_NORMAL) {
    amqp_destroy_connection(conn);
    return nullptr;
  }
  amqp_channel_open(conn, 1);
  if (!ok(conn)) {
    amqp_destroy_connection(conn);
    return nullptr;
  }
  return conn;
}

void closeConn(amqp_connection_state_t conn) {
  amqp_channel_close(conn, 1, AMQP_REPLY_SUCCESS);
  amqp_connection_close(conn, AMQP_REPLY_SUCCESS);
  amqp_destroy_connection(conn);
}

bool declareAll(amqp_connection_state_t conn, const Topology& t) {
  for (const auto* x : {&t.eventExchange, &t.messageExchange}) {
    amqp_exchange_declare(conn, 1, bytes(*x), amqp_cstring_bytes("topic"), 0, 1, 0, 0, amqp_empty_table);
    if (!ok(conn)) return false;
  }
  amqp_queue_declare(conn, 1, bytes(t.eventQueue), 0, 1, 0, 0, amqp_empty_table);
  if (!ok(conn)) return false;
  amqp_queue_bind(conn, 1, bytes(t.eventQueue), bytes(t.eventExchange), amqp_cstring_bytes("#"),
                  amqp_empty_table);
  return ok(conn);
}

std::string randomSuffix() {
  static std::mt19937_64 rng{std::random_device{}()};
  return std::to_string(rng());
}

}  // namespace

std::string amqpUrl() {
  const char* url = std::getenv("LIBSESSION_AMQP_URL");
  return url != nullptr ? url : "amqp://guest:guest@127.0.0.1:5672";
}

Topology Topology::unique() {
  const std::string s = "t" + randomSuffix();
  return Topology{s + "-event-exchange",   s + "-message-exchange", s + "-event-queue",
                  s + "-node-queue",       s + "-shared-queue",     s + ".session1",
                  s + ".session"};
}

Topology Topology::srvThreds() {
  return Topology{"event-exchange",         "message-exchange",      "event-queue",
                  "session1-message-queue", "session-message-queue", "org.wt.session1",
                  "org.wt.session"};
}

bool Admin::declareQueueWithDeadLetter(const std::string& queue, const std::string& dlx) {
  auto conn = open();
  if (conn == nullptr) return false;
  amqp_table_entry_t entry;
  entry.key = amqp_cstring_bytes("x-dead-letter-exchange");
  entry.value.kind = AMQP_FIELD_KIND_UTF8;
  entry.value.value.bytes = bytes(dlx);
  amqp_table_t args{1, &entry};
  amqp_queue_declare(conn, 1, bytes(queue), 0, 1, 0, 0, args);
  const bool good = ok(conn);
  closeConn(conn);
  return good;
}

long Admin::queueDepth(const std::string& queue) {
  auto conn = open();
  if (conn == nullptr) return -1;
  auto* r = amqp_queue_declare(conn, 1, bytes(queue), 1, 0, 0, 0, amqp_empty_table);
  const long depth = (ok(conn) && r != nullptr) ? static_cast<long>(r->message_count) : -1;
  closeConn(conn);
  return depth;
}

void Admin::remove(const Topology& t) {
  auto conn = open();
  if (conn == nullptr) return;
  for (const auto* q : {&t.eventQueue, &t.nodeQueue, &t.sharedQueue}) {
    amqp_queue_delete(conn, 1, bytes(*q), 0, 0);
    if (!ok(conn)) { closeConn(conn); return; }
  }
  for (const auto* x : {&t.eventExchange, &t.messageExchange}) {
    amqp_exchange_delete(conn, 1, bytes(*x), 0);
    if (!ok(conn)) { closeConn(conn); return; }
  }
  closeConn(conn);
}

bool Admin::declareLikeRascal(const Topology& t) {
  auto conn = open();
  if (conn == nullptr) return false;
  bool good = declareAll(conn, t);
  for (auto [q, key] : {std::make_pair(&t.nodeQueue, &t.nodeId), std::make_pair(&t.sharedQueue, &t.sharedKey)}) {
    if (!good) break;
    amqp_queue_declare(conn, 1, bytes(*q), 0, 1, 0, 0, amqp_empty_table);
    good = ok(conn);
    if (!good) break;
    amqp_queue_bind(conn, 1, bytes(*q), bytes(t.messageExchange), bytes(*key), amqp_empty_table);
    good = ok(conn);
  }
  closeConn(conn);
  return good;
}

bool Admin::deleteQueue(const std::string& queue) {
  auto conn = open();
  if (conn == nullptr) return false;
  amqp_queue_delete(conn, 1, bytes(queue), 0, 0);
  const bool good = ok(conn);
  closeConn(conn);
  return good;
}

bool Admin::waitForDepth(const std::string& queue, long depth, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (queueDepth(queue) == depth) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

namespace {

// rabbitmqctl now and then fails on a busy machine (its CLI node did not get through to the
// broker's); a few tries, as an operator would.
bool rabbitmqctl(const std::string& arguments, std::string* out = nullptr) {
  const std::string command = "rabbitmqctl -q " + arguments + " 2>/dev/null";
  for (int attempt = 0; attempt < 3; ++attempt) {
    if (attempt > 0) std::this_thread::sleep_for(std::chrono::milliseconds(500));
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) continue;
    std::string text;
    char buffer[4096];
    for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) text.append(buffer, n);
    if (::pclose(pipe) != 0) continue;
    if (out != nullptr) *out = std::move(text);
    return true;
  }
  return false;
}

}  // namespace

int Admin::closeConnectionsNamed(const std::string& name) {
  // One line per connection: its Erlang pid (what close_connection takes), a tab, then the
  // client properties, where ours reads {"connection_name","<name>"}.
  std::string out;
  if (!rabbitmqctl("list_connections --no-table-headers pid client_properties", &out)) return -1;
  const std::string quoted = "\"" + name + "\"";
  int closed = 0;
  std::istringstream lines(out);
  for (std::string line; std::getline(lines, line);) {
    const auto tab = line.find('\t');
    if (tab == std::string::npos || line.find(quoted, tab) == std::string::npos) continue;
    if (!rabbitmqctl("close_connection '" + line.substr(0, tab) + "' 'closed by a test'")) return -1;
    ++closed;
  }
  return closed;
}

std::string envelope(const libsession::Value& message, const std::string& routingKey) {
  const libsession::Value* id = message.find("id");
  return libsession::toJson(libsession::Value::object(
      {{"id", id != nullptr ? *id : libsession::Value()},
       {"payload", message},
       {"topics", libsession::Value::array({routingKey})}}));
}

Engine::Engine(Topology topology, bool answer) : t_(std::move(topology)), answer_(answer) {
  thread_ = std::thread([this] { run(); });
}

Engine::Engine(Topology topology, Answerer answerer)
    : t_(std::move(topology)), answer_(false), answerer_(std::move(answerer)) {
  thread_ = std::thread([this] { run(); });
}

Engine::~Engine() {
  stop_ = true;
  thread_.join();
}

void Engine::publishRaw(std::string routingKey, std::string body) {
  std::lock_guard<std::mutex> lock(mutex_);
  outgoing_.emplace_back(std::move(routingKey), std::move(body));
}

std::vector<std::string> Engine::receivedIds() {
  std::lock_guard<std::mutex> lock(mutex_);
  return received_;
}

std::vector<libsession::Value> Engine::receivedPayloads() {
  std::lock_guard<std::mutex> lock(mutex_);
  return payloads_;
}

bool Engine::waitForPayloads(
    const std::function<bool(const std::vector<libsession::Value>&)>& pred,
    std::chrono::seconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return pred(payloads_); });
}

bool Engine::waitFor(const std::function<bool(const std::vector<std::string>&)>& pred,
                     std::chrono::seconds timeout) {
  std::unique_lock<std::mutex> lock(mutex_);
  return cv_.wait_for(lock, timeout, [&] { return pred(received_); });
}

void Engine::run() {
  while (!stop_) {
    amqp_connection_state_t conn = open();
    if (conn == nullptr || !declareAll(conn, t_)) {
      if (conn != nullptr) amqp_destroy_connection(conn);
      std::this_thread::sleep_for(std::chrono::milliseconds(200));
      continue;
    }
    amqp_basic_qos(conn, 1, 0, 50, 0);
    amqp_basic_consume(conn, 1, bytes(t_.eventQueue), amqp_empty_bytes, 0, 0, 0, amqp_empty_table);
    if (!ok(conn)) {
      amqp_destroy_connection(conn);
      continue;
    }
    {
      // Under the mutex and notified, so that waitFor() predicates reading consuming() wake.
      std::lock_guard<std::mutex> lock(mutex_);
      consuming_ = true;
    }
    cv_.notify_all();
    bool alive = true;
    while (alive && !stop_) {
      std::deque<std::pair<std::string, std::string>> out;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        out.swap(outgoing_);
      }
      for (auto& [key, body] : out) {
        amqp_basic_properties_t props{};
        props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG;
        props.content_type = amqp_cstring_bytes("application/json");
        props.delivery_mode = AMQP_DELIVERY_PERSISTENT;
        if (amqp_basic_publish(conn, 1, bytes(t_.messageExchange), bytes(key), 0, 0, &props,
                               bytes(body)) != AMQP_STATUS_OK) {
          alive = false;  // lost with the connection, like any unconfirmed publish
          break;
        }
      }
      if (!alive) break;
      amqp_maybe_release_buffers(conn);
      amqp_envelope_t envelope;
      timeval timeout{0, 50000};
      auto reply = amqp_consume_message(conn, &envelope, &timeout, 0);
      if (reply.reply_type == AMQP_RESPONSE_LIBRARY_EXCEPTION &&
          reply.library_error == AMQP_STATUS_TIMEOUT)
        continue;
      if (reply.reply_type != AMQP_RESPONSE_NORMAL) {
        alive = false;
        break;
      }
      std::string body(static_cast<char*>(envelope.message.body.bytes), envelope.message.body.len);
      const std::string contentType =
          (envelope.message.properties._flags & AMQP_BASIC_CONTENT_TYPE_FLAG)
              ? std::string(static_cast<char*>(envelope.message.properties.content_type.bytes),
                            envelope.message.properties.content_type.len)
              : std::string();
      const auto tag = envelope.delivery_tag;
      amqp_destroy_envelope(&envelope);
      libsession::Value value;
      const libsession::Value* payload = nullptr;
      // The engine only parses JSON when the content type says so.
      if (contentType == "application/json" && !libsession::parseJson(body, value))
        payload = value.find("payload");
      std::string id = "<unparsed>";
      if (payload != nullptr && payload->find("id") != nullptr && payload->find("id")->asString())
        id = *payload->find("id")->asString();
      if (answer_ && payload != nullptr) {
        const libsession::Value* source = payload->find("source");
        const libsession::Value* to = source != nullptr ? source->find("id") : nullptr;
        libsession::Value message = libsession::Value::object(
            {{"id", id + "_0"},
             {"to", libsession::Value::array({to != nullptr ? *to : libsession::Value()})},
             {"event", *payload}});
        libsession::Value env = libsession::Value::object(
            {{"id", id + "_0"}, {"payload", message}, {"topics", libsession::Value::array({t_.nodeId})}});
        std::lock_guard<std::mutex> lock(mutex_);
        outgoing_.emplace_back(t_.nodeId, libsession::toJson(env));
      }
      if (answerer_ && payload != nullptr) {
        auto answers = answerer_(*payload);
        std::lock_guard<std::mutex> lock(mutex_);
        for (auto& answer : answers) outgoing_.push_back(std::move(answer));
      }
      if (amqp_basic_ack(conn, 1, tag, 0) != AMQP_STATUS_OK) alive = false;
      {
        // Recorded once acked: an Event the engine took is one it will not get again.
        std::lock_guard<std::mutex> lock(mutex_);
        if (alive) {
          received_.push_back(id);
          payloads_.push_back(payload != nullptr ? *payload : libsession::Value());
        }
      }
      cv_.notify_all();
    }
    consuming_ = false;
    if (stop_) closeConn(conn);
    else amqp_destroy_connection(conn);
  }
}

}  // namespace test_engine
