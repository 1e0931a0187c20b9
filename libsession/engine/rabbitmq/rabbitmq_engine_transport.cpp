// RabbitMqEngineTransport: one thread owns the rabbitmq-c connection and does every blocking
// call; other threads hand it work through queues under `mutex_` and wake it with an eventfd
// that it polls beside the AMQP socket. Results travel back through `outbox_`, drained by a task
// posted to the EventLoop, and by stop() itself so that nothing is left undelivered when it
// returns.
//
// Reliability: every publish is kept (in `pending_`, then in `unconfirmed_` by confirm sequence
// number) until the broker's basic.ack; when the link drops, the unconfirmed ones go back to the
// front of `pending_` in their order and are published again after the reconnect, with the same
// message_id (at-least-once; the engine may see a duplicate, never a gap). Deliveries that were
// not acked before a drop are redelivered by the broker; their stale ack()/reject() is ignored
// (the connection generation tells them apart).
//
// stopReceiving() only sets a flag and wakes the thread, which cancels the consumers there
// (basic.cancel with the tags basic.consume returned) and from then on connects without
// consuming. Deliveries the broker had pushed before the cancel precede basic.cancel-ok on the
// channel (AMQP 0-9-1 orders a channel's frames; rabbitmq-c queues those that arrive during the
// RPC), so they are read and handed to the sink like any other: none is dropped.
#include <libsession/rabbitmq_engine_transport.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <map>
#include <mutex>
#include <random>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <amqp.h>
#include <amqp_tcp_socket.h>

#include <libsession/error.hpp>

#include "engine/rabbitmq/envelope.hpp"

namespace libsession {
namespace {

std::error_code bufferFullError() { return make_error_code(Errc::overloaded); }
std::error_code brokerRejectedError() { return make_error_code(Errc::engine_rejected); }
std::error_code unroutableError() { return make_error_code(Errc::unroutable); }

constexpr std::uint16_t kPreconditionFailed = 406;
constexpr std::chrono::seconds kRpcTimeout{5};  // bounds every blocking RPC, and so stop()

amqp_bytes_t bytes(const std::string& s) {
  return amqp_bytes_t{s.size(), const_cast<char*>(s.data())};  // NOLINT: rabbitmq-c is not const-correct
}
std::string str(amqp_bytes_t b) { return std::string(static_cast<const char*>(b.bytes), b.len); }

timeval toTimeval(std::chrono::milliseconds d) {
  timeval tv{};
  tv.tv_sec = static_cast<time_t>(d.count() / 1000);
  tv.tv_usec = static_cast<suseconds_t>((d.count() % 1000) * 1000);
  return tv;
}

struct OutMessage {
  std::string body;
  std::string messageId;
  PublishCompletion done;
  bool returned = false;  // basic.return seen; the ack that follows it is not a success
};

struct Command {
  bool ack;
  std::uint64_t tag;
  std::uint64_t generation;
};

struct Outcome {
  enum class Kind { completion, delivery, link, malformed } kind;
  PublishCompletion done;
  std::error_code error;
  std::shared_ptr<EngineDelivery> delivery;
  bool up = false;
  MalformedMessage malformed;
};

}  // namespace

struct RabbitMqEngineTransport::Impl : std::enable_shared_from_this<Impl> {
  Impl(EventLoop& loop, RabbitMqOptions options) : loop_(loop), options_(std::move(options)) {
    urlBuffer_.assign(options_.url.begin(), options_.url.end());
    urlBuffer_.push_back('\0');
    amqp_default_connection_info(&info_);
    if (amqp_parse_url(urlBuffer_.data(), &info_) != AMQP_STATUS_OK)
      throw std::invalid_argument("RabbitMqOptions::url is not amqp://user:pass@host:port/vhost");
    if (info_.ssl) throw std::invalid_argument("RabbitMqOptions::url: amqps is not supported");
    wakeFd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
    if (wakeFd_ < 0) throw std::system_error(errno, std::generic_category(), "eventfd");
  }
  ~Impl() { ::close(wakeFd_); }

  // --- any thread ---------------------------------------------------------------------------

  void wake() {
    std::uint64_t one = 1;
    [[maybe_unused]] auto n = ::write(wakeFd_, &one, sizeof one);
  }

  void postDirect(PublishCompletion done, std::error_code ec) {
    if (!done) return;
    loop_.post([done = std::move(done), ec] { done(ec); });
  }

  void publish(Value event, PublishCompletion done) {
    const auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                         std::chrono::system_clock::now().time_since_epoch())
                         .count();
    OutMessage out{detail::buildEventBody(event, now), detail::makeMessageId(), std::move(done)};
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (!stopped_ && accepted_ < options_.bufferCapacity) {
        ++accepted_;
        pending_.push_back(std::move(out));
        out.done = nullptr;
      }
    }
    if (out.done) {
      postDirect(std::move(out.done), stoppedFlag() ? make_error_code(Errc::connection_closed)
                                                    : bufferFullError());
      return;
    }
    wake();
  }

  bool stoppedFlag() {
    std::lock_guard<std::mutex> lock(mutex_);
    return stopped_;
  }

  void stopReceiving() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (receivingStopped_ || stopped_) return;
      receivingStopped_ = true;
    }
    wake();
  }

  void settle(bool ack, std::uint64_t tag, std::uint64_t generation) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopped_) return;  // the connection's close makes the broker requeue it
      commands_.push_back(Command{ack, tag, generation});
    }
    wake();
  }

  // Results to the loop: queued, then drained by one posted task (or by stop()).
  void emit(Outcome outcome) {
    bool post = false;
    {
      std::lock_guard<std::mutex> lock(outboxMutex_);
      outbox_.push_back(std::move(outcome));
      post = !drainPosted_;
      drainPosted_ = true;
    }
    if (post) loop_.post([self = shared_from_this()] { self->drain(); });
  }

  void drain() {
    std::lock_guard<std::recursive_mutex> sinkLock(sinkMutex_);
    std::deque<Outcome> batch;
    {
      std::lock_guard<std::mutex> lock(outboxMutex_);
      batch.swap(outbox_);
      drainPosted_ = false;
    }
    for (auto& o : batch) {
      // A completion runs exactly once, even if a callback of this batch stopped us; sink
      // calls stop with stop().
      if (o.kind == Outcome::Kind::completion) {
        if (o.done) o.done(o.error);  // fire-and-forget publishes have none
        continue;
      }
      if (!active_) continue;
      switch (o.kind) {
        case Outcome::Kind::delivery: sink_->onMessage(std::move(o.delivery)); break;
        case Outcome::Kind::link: sink_->onLinkState(o.up); break;
        case Outcome::Kind::malformed:
          if (options_.onMalformed) options_.onMalformed(o.malformed);
          break;
        case Outcome::Kind::completion: break;
      }
    }
  }

  void start(EngineSink& sink) {
    {
      std::lock_guard<std::recursive_mutex> sinkLock(sinkMutex_);
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopped_ || thread_.joinable()) return;
      sink_ = &sink;
      active_ = true;
    }
    thread_ = std::thread([self = shared_from_this()] { self->run(); });
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      if (stopped_) return;
      stopped_ = true;
    }
    stopCv_.notify_all();
    wake();
    if (thread_.joinable()) {
      if (thread_.get_id() == std::this_thread::get_id())
        thread_.detach();  // unreachable (no callback runs on this thread); never self-join
      else
        thread_.join();
    }
    std::lock_guard<std::recursive_mutex> sinkLock(sinkMutex_);
    active_ = false;
    std::deque<Outcome> batch;
    {
      std::lock_guard<std::mutex> lock(outboxMutex_);
      batch.swap(outbox_);
    }
    std::deque<OutMessage> pending;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      pending.swap(pending_);
    }
    for (auto& [seq, out] : unconfirmed_) pending.push_back(std::move(out));
    unconfirmed_.clear();
    for (auto& o : batch)
      if (o.kind == Outcome::Kind::completion && o.done) o.done(o.error);
    for (auto& out : pending)
      if (out.done) out.done(make_error_code(Errc::connection_closed));
  }

  // --- the AMQP thread ----------------------------------------------------------------------

  void completeOne(OutMessage& out, std::error_code ec) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      --accepted_;
    }
    emit(Outcome{Outcome::Kind::completion, std::move(out.done), ec, nullptr, false, {}});
  }

  void reportLink(bool up) {
    if (linkReported_ && linkUp_ == up) return;
    linkReported_ = true;
    linkUp_ = up;
    emit(Outcome{Outcome::Kind::link, nullptr, {}, nullptr, up, {}});
  }

  void run() {
    std::mt19937_64 rng{std::random_device{}()};
    auto backoff = options_.initialBackoff;
    bool firstAttempt = true;
    while (!stoppedFlag()) {
      if (connect()) {
        backoff = options_.initialBackoff;
        // Counted before the link-up is posted, so whoever sees it up sees the count.
        if (!firstAttempt) reconnects_.fetch_add(1, std::memory_order_relaxed);
        reportLink(true);
        serve();
      }
      firstAttempt = false;
      disconnect();
      reportLink(false);
      if (stoppedFlag()) break;
      // Uniform in [d/2, d]: many agents restarted together do not reconnect in lockstep.
      std::uniform_int_distribution<long long> jitter(backoff.count() / 2, backoff.count());
      std::chrono::milliseconds wait{jitter(rng)};
      std::unique_lock<std::mutex> lock(mutex_);
      stopCv_.wait_for(lock, wait, [this] { return stopped_; });
      lock.unlock();
      backoff = std::min(backoff * 2, options_.maxBackoff);
    }
  }

  bool replyOk(amqp_rpc_reply_t reply, std::uint16_t* channelCloseCode = nullptr) {
    if (reply.reply_type == AMQP_RESPONSE_NORMAL) return true;
    if (reply.reply_type == AMQP_RESPONSE_SERVER_EXCEPTION &&
        reply.reply.id == AMQP_CHANNEL_CLOSE_METHOD && channelCloseCode != nullptr) {
      *channelCloseCode = static_cast<amqp_channel_close_t*>(reply.reply.decoded)->reply_code;
      amqp_channel_close_ok_t closeOk{};
      amqp_send_method(conn_, channel_, AMQP_CHANNEL_CLOSE_OK_METHOD, &closeOk);
    }
    return false;
  }

  bool openChannel() {
    ++channel_;
    amqp_channel_open(conn_, channel_);
    return replyOk(amqp_get_rpc_reply(conn_));
  }

  // Declares (or in passive mode checks) one exchange or queue. In assert mode an entity that
  // exists with other properties closes the channel with PRECONDITION_FAILED; then we take it as
  // it is (checked passively on a fresh channel) rather than fail forever against a broker whose
  // owner chose differently.
  template <typename Declare>
  bool declare(Declare&& declareWith) {
    const bool passive = options_.declare == RabbitMqOptions::Declare::passive;
    declareWith(passive);
    std::uint16_t code = 0;
    if (replyOk(amqp_get_rpc_reply(conn_), &code)) return true;
    if (passive || code != kPreconditionFailed || !openChannel()) return false;
    declareWith(true);
    return replyOk(amqp_get_rpc_reply(conn_));
  }

  bool connect() {
    conn_ = amqp_new_connection();
    amqp_socket_t* socket = amqp_tcp_socket_new(conn_);
    if (socket == nullptr) return false;
    timeval timeout = toTimeval(kRpcTimeout);
    amqp_set_handshake_timeout(conn_, &timeout);
    amqp_set_rpc_timeout(conn_, &timeout);
    if (amqp_socket_open_noblock(socket, info_.host, info_.port, &timeout) != AMQP_STATUS_OK)
      return false;
    // Named after the node, so that rabbitmqctl and the management UI tell the nodes apart
    // (rabbitmq-c merges it into its default client properties, capabilities included).
    const std::string name = "libsession " + options_.nodeId;
    amqp_table_entry_t nameEntry{};
    nameEntry.key = amqp_cstring_bytes("connection_name");
    nameEntry.value.kind = AMQP_FIELD_KIND_UTF8;
    nameEntry.value.value.bytes = bytes(name);
    const amqp_table_t properties{1, &nameEntry};
    if (!replyOk(amqp_login_with_properties(conn_, info_.vhost, 0, 131072,
                                            static_cast<int>(options_.heartbeat.count()),
                                            &properties, AMQP_SASL_METHOD_PLAIN, info_.user,
                                            info_.password)))
      return false;
    channel_ = 0;
    if (!openChannel()) return false;

    const amqp_table_t none = amqp_empty_table;
    for (const std::string* exchange : {&options_.eventExchange, &options_.messageExchange}) {
      if (!declare([&](bool passive) {
            amqp_exchange_declare(conn_, channel_, bytes(*exchange), amqp_cstring_bytes("topic"),
                                  passive, 1, 0, 0, none);
          }))
        return false;
    }
    std::vector<std::pair<const std::string*, const std::string*>> queues{
        {&options_.nodeQueue, &options_.nodeId}};
    if (!options_.sharedKey.empty()) queues.emplace_back(&options_.sharedQueue, &options_.sharedKey);
    for (const auto& [queueName, key] : queues) {
      const std::string* queue = queueName;  // a lambda may not capture a structured binding (C++17)
      if (!declare([&](bool passive) {
            amqp_queue_declare(conn_, channel_, bytes(*queue), passive, 1, 0, 0, none);
          }))
        return false;
      if (options_.declare == RabbitMqOptions::Declare::assertCompatible) {
        amqp_queue_bind(conn_, channel_, bytes(*queue), bytes(options_.messageExchange), bytes(*key),
                        none);
        if (!replyOk(amqp_get_rpc_reply(conn_))) return false;
      }
    }
    amqp_confirm_select(conn_, channel_);
    if (!replyOk(amqp_get_rpc_reply(conn_))) return false;
    amqp_basic_qos(conn_, channel_, 0, options_.prefetch, 0);
    if (!replyOk(amqp_get_rpc_reply(conn_))) return false;
    consumerTags_.clear();
    bool receiving = false;
    {
      std::lock_guard<std::mutex> lock(mutex_);
      receiving = !receivingStopped_;  // set later, serve() cancels what is consumed here
    }
    for (auto [queue, key] : queues) {
      if (!receiving) break;
      const auto* ok = amqp_basic_consume(conn_, channel_, bytes(*queue), amqp_empty_bytes, 0, 0, 0, none);
      if (!replyOk(amqp_get_rpc_reply(conn_)) || ok == nullptr) return false;
      consumerTags_.push_back(str(ok->consumer_tag));
    }
    ++generation_;
    nextSeq_ = 1;
    return true;
  }

  void disconnect() {
    if (conn_ == nullptr) return;
    if (stoppedFlag()) {
      // Orderly close so the broker requeues our unacked deliveries at once (it would anyway
      // when the socket goes); bounded by the RPC timeout.
      amqp_channel_close(conn_, channel_, AMQP_REPLY_SUCCESS);
      amqp_connection_close(conn_, AMQP_REPLY_SUCCESS);
    }
    amqp_destroy_connection(conn_);
    conn_ = nullptr;
    // Unconfirmed publishes go out again, first and in order.
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = unconfirmed_.rbegin(); it != unconfirmed_.rend(); ++it) {
      it->second.returned = false;
      pending_.push_front(std::move(it->second));
    }
    unconfirmed_.clear();
  }

  // Returns when the link fails or stop() is called.
  void serve() {
    const int sockfd = amqp_get_sockfd(conn_);
    for (;;) {
      std::deque<Command> commands;
      std::deque<OutMessage> pending;
      bool stopping = false;
      bool cancel = false;
      {
        std::lock_guard<std::mutex> lock(mutex_);
        stopping = stopped_;
        cancel = receivingStopped_ && !consumerTags_.empty();
        commands.swap(commands_);
        if (!stopping) pending.swap(pending_);
      }
      // The cancel goes before the acks: an ack sent first would let the broker push one more
      // Message into the window that stopReceiving() means to close. If it fails, the acks go
      // with the channel and the broker redelivers those Messages.
      if (cancel && !stopping && !cancelConsumers()) return requeue(std::move(pending));
      // Acks given before stop() still go out: the agent handed those Messages on.
      for (const auto& c : commands) {
        if (c.generation != generation_) continue;  // its channel is gone; the broker redelivers
        int rc = c.ack ? amqp_basic_ack(conn_, channel_, c.tag, 0)
                       : amqp_basic_nack(conn_, channel_, c.tag, 0, 0);
        if (rc != AMQP_STATUS_OK) return requeue(std::move(pending));
      }
      if (stopping) return;
      while (!pending.empty()) {
        if (!publishOne(pending.front())) return requeue(std::move(pending));
        pending.pop_front();
      }

      amqp_maybe_release_buffers(conn_);
      if (!amqp_frames_enqueued(conn_) && !amqp_data_in_buffer(conn_)) {
        pollfd fds[2] = {{sockfd, POLLIN, 0}, {wakeFd_, POLLIN, 0}};
        // Wake at least twice per heartbeat interval so rabbitmq-c sends ours in time.
        const int timeoutMs = static_cast<int>(std::max<long long>(
            250, std::chrono::duration_cast<std::chrono::milliseconds>(options_.heartbeat).count() / 2));
        ::poll(fds, 2, timeoutMs);
        if (fds[1].revents & POLLIN) {
          std::uint64_t count;
          [[maybe_unused]] auto n = ::read(wakeFd_, &count, sizeof count);
        }
      }
      if (!readFrames()) return;
    }
  }

  // basic.cancel for each consumer. The RPC waits for cancel-ok; deliveries and confirms that
  // arrive meanwhile are queued by rabbitmq-c and read by readFrames() afterwards.
  bool cancelConsumers() {
    while (!consumerTags_.empty()) {
      amqp_basic_cancel(conn_, channel_, bytes(consumerTags_.back()));
      if (!replyOk(amqp_get_rpc_reply(conn_))) return false;
      consumerTags_.pop_back();
    }
    return true;
  }

  void requeue(std::deque<OutMessage> pending) {
    std::lock_guard<std::mutex> lock(mutex_);
    for (auto it = pending.rbegin(); it != pending.rend(); ++it) pending_.push_front(std::move(*it));
  }

  bool publishOne(OutMessage& out) {
    amqp_basic_properties_t props{};
    props._flags = AMQP_BASIC_CONTENT_TYPE_FLAG | AMQP_BASIC_DELIVERY_MODE_FLAG |
                   AMQP_BASIC_MESSAGE_ID_FLAG;
    props.content_type = amqp_cstring_bytes("application/json");
    props.delivery_mode = AMQP_DELIVERY_PERSISTENT;
    props.message_id = bytes(out.messageId);
    const int rc = amqp_basic_publish(conn_, channel_, bytes(options_.eventExchange),
                                      amqp_empty_bytes, /*mandatory=*/1, 0, &props, bytes(out.body));
    if (rc != AMQP_STATUS_OK) return false;
    unconfirmed_.emplace(nextSeq_++, std::move(out));
    return true;
  }

  // Reads every frame already available; false when the link failed.
  bool readFrames() {
    for (;;) {
      amqp_frame_t frame;
      timeval now{0, 0};
      const int rc = amqp_simple_wait_frame_noblock(conn_, &frame, &now);
      if (rc == AMQP_STATUS_TIMEOUT) return true;
      if (rc != AMQP_STATUS_OK) return false;
      if (frame.frame_type != AMQP_FRAME_METHOD) continue;  // heartbeats
      switch (frame.payload.method.id) {
        case AMQP_BASIC_ACK_METHOD: {
          auto* m = static_cast<amqp_basic_ack_t*>(frame.payload.method.decoded);
          confirm(m->delivery_tag, m->multiple != 0, false);
          break;
        }
        case AMQP_BASIC_NACK_METHOD: {
          auto* m = static_cast<amqp_basic_nack_t*>(frame.payload.method.decoded);
          confirm(m->delivery_tag, m->multiple != 0, true);
          break;
        }
        case AMQP_BASIC_RETURN_METHOD: {
          amqp_message_t message;
          if (amqp_read_message(conn_, frame.channel, &message, 0).reply_type != AMQP_RESPONSE_NORMAL)
            return false;
          if (message.properties._flags & AMQP_BASIC_MESSAGE_ID_FLAG) {
            const std::string id = str(message.properties.message_id);
            for (auto& [seq, out] : unconfirmed_)
              if (out.messageId == id) out.returned = true;
          }
          amqp_destroy_message(&message);
          break;
        }
        case AMQP_BASIC_DELIVER_METHOD: {
          auto* m = static_cast<amqp_basic_deliver_t*>(frame.payload.method.decoded);
          const std::uint64_t tag = m->delivery_tag;
          const bool redelivered = m->redelivered != 0;
          std::string routingKey = str(m->routing_key);
          amqp_message_t message;
          if (amqp_read_message(conn_, frame.channel, &message, 0).reply_type != AMQP_RESPONSE_NORMAL)
            return false;
          std::string body = str(message.body);
          amqp_destroy_message(&message);
          deliver(tag, redelivered, std::move(routingKey), std::move(body));
          break;
        }
        default:
          // channel.close, connection.close, basic.cancel (queue deleted): start over.
          return false;
      }
    }
  }

  void confirm(std::uint64_t tag, bool multiple, bool nacked) {
    auto end = multiple ? unconfirmed_.upper_bound(tag) : unconfirmed_.find(tag);
    auto begin = multiple ? unconfirmed_.begin() : end;
    if (!multiple) {
      if (end == unconfirmed_.end()) return;
      ++end;
    }
    for (auto it = begin; it != end; ++it) {
      auto& out = it->second;
      completeOne(out, nacked ? brokerRejectedError()
                              : out.returned ? unroutableError() : std::error_code());
    }
    unconfirmed_.erase(begin, end);
  }

  void deliver(std::uint64_t tag, bool redelivered, std::string routingKey, std::string body);

  EventLoop& loop_;
  RabbitMqOptions options_;
  std::vector<char> urlBuffer_;  // amqp_parse_url points info_ into it
  amqp_connection_info info_{};
  int wakeFd_ = -1;

  // Shared with other threads, under mutex_.
  std::mutex mutex_;
  std::condition_variable stopCv_;
  bool stopped_ = false;
  std::size_t accepted_ = 0;  // published, not yet completed
  std::deque<OutMessage> pending_;
  std::deque<Command> commands_;
  bool receivingStopped_ = false;  // stopReceiving(): cancel, and consume no more

  std::mutex outboxMutex_;
  std::deque<Outcome> outbox_;
  bool drainPosted_ = false;

  // The loop side; recursive because a sink call may call stop().
  std::recursive_mutex sinkMutex_;
  EngineSink* sink_ = nullptr;
  bool active_ = false;

  std::thread thread_;

  // The AMQP thread's own (stop() reads unconfirmed_ only after joining it).
  amqp_connection_state_t conn_ = nullptr;
  amqp_channel_t channel_ = 0;
  std::uint64_t generation_ = 0;
  std::uint64_t nextSeq_ = 1;
  std::map<std::uint64_t, OutMessage> unconfirmed_;
  std::vector<std::string> consumerTags_;  // this connection's consumers, until cancelled
  bool linkReported_ = false;
  bool linkUp_ = false;

  std::atomic<std::uint64_t> reconnects_{0};  // read by reconnectCount() from any thread
};

namespace {

class RabbitMqDelivery final : public EngineDelivery {
public:
  RabbitMqDelivery(std::weak_ptr<RabbitMqEngineTransport::Impl> impl, std::uint64_t tag,
                   std::uint64_t generation, bool redelivered, Value message)
      : impl_(std::move(impl)), tag_(tag), generation_(generation), redelivered_(redelivered),
        message_(std::move(message)) {}
  ~RabbitMqDelivery() override { reject(); }

  const Value& message() const noexcept override { return message_; }
  bool redelivered() const noexcept override { return redelivered_; }
  void ack() override { settle(true); }
  void reject() override { settle(false); }

private:
  void settle(bool ack) {
    if (settled_.exchange(true)) return;
    if (auto impl = impl_.lock()) impl->settle(ack, tag_, generation_);
  }

  std::weak_ptr<RabbitMqEngineTransport::Impl> impl_;
  std::uint64_t tag_;
  std::uint64_t generation_;
  bool redelivered_;
  Value message_;
  std::atomic<bool> settled_{false};
};

}  // namespace

void RabbitMqEngineTransport::Impl::deliver(std::uint64_t tag, bool redelivered,
                                            std::string routingKey, std::string body) {
  detail::ParsedEnvelope parsed;
  if (body.size() > options_.maxMessageBytes) {
    parsed.error = make_error_code(Errc::payload_too_large);  // not even parsed
  } else {
    parsed = detail::parseMessageEnvelope(body);
  }
  if (parsed.error) {
    // Redelivering cannot repair it; the dead-letter exchange (if the broker has one) keeps it.
    amqp_basic_nack(conn_, channel_, tag, 0, 0);
    emit(Outcome{Outcome::Kind::malformed, nullptr, {}, nullptr, false,
                 MalformedMessage{std::move(body), std::move(routingKey), parsed.error}});
    return;
  }
  auto delivery = std::make_shared<RabbitMqDelivery>(weak_from_this(), tag, generation_,
                                                     redelivered, std::move(parsed.message));
  emit(Outcome{Outcome::Kind::delivery, nullptr, {}, std::move(delivery), false, {}});
}

RabbitMqEngineTransport::RabbitMqEngineTransport(EventLoop& loop, RabbitMqOptions options)
    : impl_(std::make_shared<Impl>(loop, std::move(options))) {}

RabbitMqEngineTransport::~RabbitMqEngineTransport() { stop(); }

void RabbitMqEngineTransport::start(EngineSink& sink) { impl_->start(sink); }

void RabbitMqEngineTransport::publish(Value event, PublishCompletion done) {
  impl_->publish(std::move(event), std::move(done));
}

void RabbitMqEngineTransport::stopReceiving() { impl_->stopReceiving(); }

void RabbitMqEngineTransport::stop() { impl_->stop(); }

std::uint64_t RabbitMqEngineTransport::reconnectCount() const noexcept {
  return impl_->reconnects_.load(std::memory_order_relaxed);
}

}  // namespace libsession
