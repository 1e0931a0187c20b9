// MemorySessionDirectory: a map from session id to its record, plus a per-participant list kept
// in start order (participants have few sessions, so a vector beats a set there).
#include <libsession/memory_session_directory.hpp>

#include <algorithm>
#include <mutex>
#include <unordered_map>
#include <utility>

namespace libsession {

struct MemorySessionDirectory::State {
  std::string nodeId;
  mutable std::mutex mutex;
  bool stopped = false;
  std::unordered_map<SessionId, SessionInfo> sessions;
  std::unordered_map<ParticipantId, std::vector<SessionId>> byParticipant;

  void erase(const SessionId& id) {
    auto it = sessions.find(id);
    if (it == sessions.end()) return;
    auto list = byParticipant.find(it->second.participant);
    if (list != byParticipant.end()) {
      auto& ids = list->second;
      ids.erase(std::remove(ids.begin(), ids.end(), id), ids.end());
      if (ids.empty()) byParticipant.erase(list);
    }
    sessions.erase(it);
  }
};

MemorySessionDirectory::MemorySessionDirectory(std::string nodeId)
    : state_(std::make_unique<State>()) {
  state_->nodeId = std::move(nodeId);
}

MemorySessionDirectory::~MemorySessionDirectory() = default;

void MemorySessionDirectory::start() {}

void MemorySessionDirectory::sessionStarted(const SessionInfo& session) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (state_->stopped) return;
  // A repeated id replaces the old record, as HSET does; its participant may have changed.
  state_->erase(session.session);
  state_->sessions.emplace(session.session, session);
  state_->byParticipant[session.participant].push_back(session.session);
}

void MemorySessionDirectory::sessionEnded(const SessionInfo& session) {
  std::lock_guard<std::mutex> lock(state_->mutex);
  if (state_->stopped) return;
  state_->erase(session.session);
}

void MemorySessionDirectory::stop() {
  std::lock_guard<std::mutex> lock(state_->mutex);
  state_->stopped = true;
  state_->sessions.clear();
  state_->byParticipant.clear();
}

bool MemorySessionDirectory::healthy() const noexcept { return true; }

const std::string& MemorySessionDirectory::nodeId() const noexcept { return state_->nodeId; }

std::vector<SessionInfo> MemorySessionDirectory::sessionsOf(const ParticipantId& participant) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  std::vector<SessionInfo> out;
  auto list = state_->byParticipant.find(participant);
  if (list == state_->byParticipant.end()) return out;
  out.reserve(list->second.size());
  for (const auto& id : list->second) out.push_back(state_->sessions.at(id));
  return out;
}

std::optional<MemorySessionDirectory::Entry> MemorySessionDirectory::find(
    const SessionId& session) const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  auto it = state_->sessions.find(session);
  if (it == state_->sessions.end()) return std::nullopt;
  return Entry{it->second, state_->nodeId};
}

std::vector<ParticipantId> MemorySessionDirectory::participants() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  std::vector<ParticipantId> out;
  out.reserve(state_->byParticipant.size());
  for (const auto& [participant, ids] : state_->byParticipant) out.push_back(participant);
  std::sort(out.begin(), out.end());
  return out;
}

std::size_t MemorySessionDirectory::size() const {
  std::lock_guard<std::mutex> lock(state_->mutex);
  return state_->sessions.size();
}

}  // namespace libsession
