// SessionHub: the connection registry and participant index.
#include <libsession/session_hub.hpp>

#include <libsession/socket_io_server.hpp>

#include <algorithm>
#include <unordered_map>

namespace libsession {

class SessionHub::Impl : public std::enable_shared_from_this<Impl> {
public:
  Impl(EventLoop& loop, ChannelSender& sender) : loop_(loop), sender_(sender) {}

  // Session ids end in the start time in ms; two connections of one participant may start in
  // the same millisecond, so the time is made strictly increasing across the hub.
  std::int64_t nextSessionMs() {
    lastSessionMs_ = std::max(loop_.nowEpochMs(), lastSessionMs_ + 1);
    return lastSessionMs_;
  }

  EventLoop& loop_;
  ChannelSender& sender_;
  std::unordered_map<ChannelId, SessionInfo> sessions_;
  std::unordered_map<ParticipantId, std::vector<ChannelId>> byParticipant_;
  std::vector<StartedHook> startedHooks_;
  std::vector<EndedHook> endedHooks_;
  std::int64_t lastSessionMs_ = 0;
};

SessionHub::SessionHub(EventLoop& loop, ChannelSender& sender)
    : impl_(std::make_shared<Impl>(loop, sender)) {}

SessionHub::~SessionHub() = default;

SessionInfo SessionHub::open(const ChannelId& channel, const ParticipantId& participant,
                             bool proxy) {
  auto existing = impl_->sessions_.find(channel);
  if (existing != impl_->sessions_.end()) return existing->second;
  SessionInfo info;
  info.channel = channel;
  info.participant = participant;
  info.proxy = proxy;
  info.startedAtMs = impl_->nextSessionMs();
  info.session = SessionId(participant.str() + "_" + std::to_string(info.startedAtMs));
  impl_->sessions_.emplace(channel, info);
  impl_->byParticipant_[participant].push_back(channel);
  // Hooks get the hub's copy while it lives; a hook may add hooks or even close the session.
  const auto hooks = impl_->startedHooks_;
  for (const auto& hook : hooks) {
    const SessionInfo* current = find(channel);
    if (current == nullptr) break;
    hook(*current);
  }
  return info;
}

void SessionHub::close(const ChannelId& channelRef, std::string_view reason) {
  // A copy: the caller's id may live in the very session this erases (sessionsOf(p)[i]->channel).
  const ChannelId channel = channelRef;
  auto it = impl_->sessions_.find(channel);
  if (it == impl_->sessions_.end()) return;
  SessionInfo info = std::move(it->second);
  impl_->sessions_.erase(it);
  auto owner = impl_->byParticipant_.find(info.participant);
  if (owner != impl_->byParticipant_.end()) {
    auto& channels = owner->second;
    channels.erase(std::remove(channels.begin(), channels.end(), channel), channels.end());
    if (channels.empty()) impl_->byParticipant_.erase(owner);
  }
  const auto hooks = impl_->endedHooks_;
  for (const auto& hook : hooks) hook(info, reason);
}

void SessionHub::onSessionStarted(StartedHook hook) { impl_->startedHooks_.push_back(std::move(hook)); }
void SessionHub::onSessionEnded(EndedHook hook) { impl_->endedHooks_.push_back(std::move(hook)); }

const SessionInfo* SessionHub::find(const ChannelId& channel) const noexcept {
  auto it = impl_->sessions_.find(channel);
  return it == impl_->sessions_.end() ? nullptr : &it->second;
}

std::vector<const SessionInfo*> SessionHub::sessionsOf(const ParticipantId& participant) const {
  std::vector<const SessionInfo*> result;
  auto it = impl_->byParticipant_.find(participant);
  if (it == impl_->byParticipant_.end()) return result;
  result.reserve(it->second.size());
  for (const auto& channel : it->second) {
    if (const SessionInfo* info = find(channel)) result.push_back(info);
  }
  return result;
}

std::size_t SessionHub::emitToParticipant(const ParticipantId& participant, std::string_view event,
                                          const Value::Array& args) {
  auto it = impl_->byParticipant_.find(participant);
  if (it == impl_->byParticipant_.end()) return 0;
  const auto channels = it->second;  // a send may close a channel
  std::size_t reached = 0;
  for (const auto& channel : channels) {
    if (impl_->sender_.emit(channel, event, args)) ++reached;
  }
  return reached;
}

bool SessionHub::emitToChannel(const ChannelId& channel, std::string_view event, Value::Array args) {
  if (find(channel) == nullptr) return false;
  return impl_->sender_.emit(channel, event, std::move(args));
}

std::size_t SessionHub::emitToChannels(const std::vector<ChannelId>& channels,
                                       std::string_view event, const Value& arg) {
  std::vector<ChannelId> known;
  known.reserve(channels.size());
  for (const auto& channel : channels) {
    if (find(channel) != nullptr) known.push_back(channel);
  }
  return known.empty() ? 0 : impl_->sender_.emitToAll(known, event, arg);
}

std::size_t SessionHub::connectionCount() const noexcept { return impl_->sessions_.size(); }
std::size_t SessionHub::participantCount() const noexcept { return impl_->byParticipant_.size(); }

void SessionHub::post(std::function<void(SessionHub&)> task) {
  // The hub may be destroyed before the task runs: only the hub owns the impl, so a live impl
  // means a live hub.
  impl_->loop_.post([weak = std::weak_ptr<Impl>(impl_), self = this, task = std::move(task)] {
    if (weak.lock()) task(*self);
  });
}

bool SocketIoChannelSender::emit(const ChannelId& channel, std::string_view event,
                                 Value::Array args) {
  return server_.emitTo(channel, event, std::move(args));
}

std::size_t SocketIoChannelSender::emitToAll(const std::vector<ChannelId>& channels,
                                             std::string_view event, const Value& arg) {
  return server_.emitToMany(channels, event, arg);
}

void attachSessionHub(SessionHub& hub, Namespace& space) {
  space.onConnection([&hub](Socket& socket) {
    if (socket.participant().empty()) return;
    const auto header = socket.handshake().header("x-proxy-message");
    const bool proxy = header.has_value() && !header->empty();
    hub.open(socket.id(), socket.participant(), proxy);
    socket.onDisconnect([&hub](Socket& gone, std::string_view reason) {
      hub.close(gone.id(), reason);
    });
  });
}

}  // namespace libsession
