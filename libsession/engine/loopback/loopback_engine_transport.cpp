// The loopback engine: confirms each Event and answers it with a Message to its source.
#include <libsession/loopback_engine_transport.hpp>

#include <libsession/error.hpp>

#include <atomic>
#include <mutex>

namespace libsession {
namespace {

// A loopback delivery has nothing to acknowledge to.
class LoopbackDelivery final : public EngineDelivery {
public:
  explicit LoopbackDelivery(Value message) : message_(std::move(message)) {}
  const Value& message() const noexcept override { return message_; }
  bool redelivered() const noexcept override { return false; }
  void ack() override {}
  void reject() override {}

private:
  Value message_;
};

}  // namespace

// Shared with the posted tasks, which may run after the transport object is gone.
struct LoopbackEngineTransport::State {
  explicit State(EventLoop& l) : loop(l) {}
  EventLoop& loop;
  std::mutex mutex;             // guards sink and stopped against publish() from other threads
  EngineSink* sink = nullptr;
  bool stopped = false;
  bool receiving = true;        // false after stopReceiving(): confirm, answer nothing
};

LoopbackEngineTransport::LoopbackEngineTransport(EventLoop& loop)
    : state_(std::make_shared<State>(loop)) {}

LoopbackEngineTransport::~LoopbackEngineTransport() { stop(); }

void LoopbackEngineTransport::start(EngineSink& sink) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->sink = &sink;
  state_->stopped = false;
  state_->loop.post([state = state_] {
    std::lock_guard<std::mutex> guard(state->mutex);
    if (state->sink != nullptr && !state->stopped) state->sink->onLinkState(true);
  });
}

void LoopbackEngineTransport::publish(Value event, PublishCompletion done) {
  state_->loop.post([state = state_, event = std::move(event), done = std::move(done)]() mutable {
    EngineSink* sink = nullptr;
    {
      std::lock_guard<std::mutex> lock(state->mutex);
      if (state->stopped || state->sink == nullptr) {
        if (done) done(make_error_code(Errc::connection_closed));
        return;
      }
      if (state->receiving) sink = state->sink;
    }
    if (done) done({});
    if (sink == nullptr) return;  // stopReceiving(): the answer is not taken
    const Value* source = event.find("source");
    const Value* participant = source ? source->find("id") : nullptr;
    if (participant == nullptr || !participant->isString()) return;  // nobody to answer
    const Value* id = event.find("id");
    // Built by moving: Value::object's initializer list would copy the whole Event.
    Value::Array to;
    to.emplace_back(*participant);
    Value::Object members;
    members.reserve(3);
    members.emplace_back("id", (id && id->isString() ? *id->asString() : std::string("event")) + "_1");
    members.emplace_back("to", Value(std::move(to)));
    members.emplace_back("event", std::move(event));
    Value message(std::move(members));
    sink->onMessage(std::make_shared<LoopbackDelivery>(std::move(message)));
  });
}

void LoopbackEngineTransport::stopReceiving() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->receiving = false;
}

void LoopbackEngineTransport::stop() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->stopped = true;
  state_->sink = nullptr;
}

}  // namespace libsession
