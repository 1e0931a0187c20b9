// libsession/session_hub.hpp — who is connected: every live connection and its participant.
//
// The SessionHub knows each live connection by its channel id (the Socket.IO socket id), gives it
// a session id ("<participantId>_<epoch ms>", unique even for two connections opened in the same
// millisecond), and indexes connections by participant, so that "send to participant P" reaches
// all of P's connections and "send to channel C" reaches one. Lookups are O(1).
//
// Session-started and session-ended hooks are balanced: each session gets exactly one start and,
// later, exactly one end (the session directory and the engine link hang off them).
//
// The hub sends through a ChannelSender (SocketIoChannelSender for a SocketIoServer, a fake in
// unit tests); attachSessionHub() feeds it a namespace's sockets.
//
// Threading: the hub lives on its EventLoop's thread; every member must be called there, and the
// hooks run there. Other threads enter with post(), which is the only thread-safe member.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <libsession/event_loop.hpp>
#include <libsession/ids.hpp>
#include <libsession/value.hpp>

namespace libsession {

class Namespace;
class SocketIoServer;

struct SessionInfo {
  ChannelId channel;
  SessionId session;
  ParticipantId participant;
  /// The connection asked for whole engine Messages (handshake header x-proxy-message present
  /// and non-empty) rather than just their events.
  bool proxy = false;
  /// When the session started (ms since the Unix epoch; also the suffix of the session id).
  std::int64_t startedAtMs = 0;
};

/// Delivers an event to one connection.
class ChannelSender {
public:
  virtual ~ChannelSender() = default;
  /// False when the channel is gone or the event could not be sent.
  virtual bool emit(const ChannelId& channel, std::string_view event, Value::Array args) = 0;
  /// Sends one event with one argument to several channels; returns how many it reached.
  /// Senders that can encode it once for all of them override this; the default emits to each
  /// in turn.
  virtual std::size_t emitToAll(const std::vector<ChannelId>& channels, std::string_view event,
                                const Value& arg) {
    std::size_t reached = 0;
    for (const auto& channel : channels) {
      if (emit(channel, event, {arg})) ++reached;
    }
    return reached;
  }
};

class SessionHub {
public:
  using StartedHook = std::function<void(const SessionInfo&)>;
  using EndedHook = std::function<void(const SessionInfo&, std::string_view reason)>;

  SessionHub(EventLoop& loop, ChannelSender& sender);
  ~SessionHub();
  SessionHub(const SessionHub&) = delete;
  SessionHub& operator=(const SessionHub&) = delete;

  /// Registers a live connection and starts its session; returns the session (a copy: a
  /// started hook may already have closed it). Opening a channel that is already open returns
  /// the existing session unchanged.
  SessionInfo open(const ChannelId& channel, const ParticipantId& participant, bool proxy);
  /// Ends the channel's session. Unknown channels are ignored, so a session ends only once.
  void close(const ChannelId& channel, std::string_view reason);

  /// Adds a hook; hooks run in the order added.
  void onSessionStarted(StartedHook hook);
  void onSessionEnded(EndedHook hook);

  const SessionInfo* find(const ChannelId& channel) const noexcept;
  /// The participant's live sessions (empty when none).
  std::vector<const SessionInfo*> sessionsOf(const ParticipantId& participant) const;

  /// Sends to every connection of the participant; returns how many it reached.
  std::size_t emitToParticipant(const ParticipantId& participant, std::string_view event,
                                const Value::Array& args);
  /// Sends to one connection.
  bool emitToChannel(const ChannelId& channel, std::string_view event, Value::Array args);
  /// Sends one event with one argument to several connections, encoded once and without
  /// copying `arg`; returns how many it reached.
  std::size_t emitToChannels(const std::vector<ChannelId>& channels, std::string_view event,
                             const Value& arg);

  std::size_t connectionCount() const noexcept;
  std::size_t participantCount() const noexcept;

  /// Runs `task` on the hub's loop thread. Thread-safe; a task posted after the hub was
  /// destroyed does not run.
  void post(std::function<void(SessionHub&)> task);

private:
  class Impl;
  std::shared_ptr<Impl> impl_;
};

/// Sends through a SocketIoServer.
class SocketIoChannelSender final : public ChannelSender {
public:
  explicit SocketIoChannelSender(SocketIoServer& server) : server_(server) {}
  bool emit(const ChannelId& channel, std::string_view event, Value::Array args) override;
  /// Encodes the event once (SocketIoServer::emitToMany).
  std::size_t emitToAll(const std::vector<ChannelId>& channels, std::string_view event,
                        const Value& arg) override;

private:
  SocketIoServer& server_;
};

/// Opens a hub session for every socket that connects to `space` with a participant (set by the
/// namespace's authenticator) and closes it when the socket disconnects.
void attachSessionHub(SessionHub& hub, Namespace& space);

}  // namespace libsession
