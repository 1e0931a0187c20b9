// The SrvThreds Redis key layout (see redis_session_directory.hpp); no I/O here.
#include <libsession/redis_session_directory.hpp>

#include <libsession/json.hpp>
#include <libsession/value.hpp>

namespace libsession::redis_layout {

std::string sessionKey(std::string_view sessionId) {
  std::string key(kSessionPrefix);
  key += sessionId;
  return key;
}

std::string participantKey(std::string_view participantId) {
  std::string key(kParticipantPrefix);
  key += participantId;
  return key;
}

std::string sessionRecord(const SessionInfo& session, std::string_view nodeId,
                          const std::vector<std::string>& roles) {
  Value::Array roleValues;
  roleValues.reserve(roles.size());
  for (const auto& role : roles) roleValues.emplace_back(role);
  // Member order is the Node agent's object literal order, so the bytes match its output.
  return toJson(Value::object({
      {"participantId", session.participant.str()},
      {"nodeId", nodeId},
      {"data", Value::object({{"isProxy", session.proxy}, {"roles", std::move(roleValues)}})},
  }));
}

std::vector<Command> sessionStartCommands(const SessionInfo& session, std::string_view nodeId,
                                          const std::vector<std::string>& roles) {
  const std::string& sid = session.session.str();
  const std::string& pid = session.participant.str();
  return {
      {"MULTI"},
      {"HSET", sessionKey(sid), std::string(kRecordField), sessionRecord(session, nodeId, roles)},
      {"SADD", std::string(kSessionIndex), sid},
      {"SADD", participantKey(pid), sid},
      {"SADD", std::string(kParticipantIndex), pid},
      {"EXEC"},
  };
}

std::vector<Command> sessionEndCommands(std::string_view sessionId,
                                        std::string_view participantId) {
  return {
      {"MULTI"},
      {"DEL", sessionKey(sessionId)},
      {"SREM", std::string(kSessionIndex), std::string(sessionId)},
      {"SREM", participantKey(participantId), std::string(sessionId)},
      {"EXEC"},
  };
}

std::optional<RecordOwner> parseSessionRecord(std::string_view data) {
  Value record;
  if (parseJson(data, record)) return std::nullopt;
  const Value* participant = record.find("participantId");
  const Value* node = record.find("nodeId");
  if (!participant || !node || !participant->isString() || !node->isString()) return std::nullopt;
  return RecordOwner{*participant->asString(), *node->asString()};
}

}  // namespace libsession::redis_layout
