#include "srvthreds_routing.hpp"

#include <algorithm>
#include <memory>

#include <libsession/json.hpp>

namespace agent_test {

namespace {
const char* const kSharedKey = "org.wt.session";
}  // namespace

std::map<std::string, std::vector<std::string>> nodesOf(test_redis::RedisClient& redis,
                                                        const std::vector<std::string>& participants) {
  std::map<std::string, std::vector<std::string>> byNode;
  for (const std::string& participant : participants) {
    for (const std::string& session : redis.members("ParticipantSession:" + participant)) {
      libsession::Value data;
      // A session whose record is gone (it ended meanwhile; hget gives "(nil)") addresses nobody.
      if (libsession::parseJson(redis.hget("SessionParticipant:" + session, "data"), data)) continue;
      std::string nodeId = kSharedKey;
      const libsession::Value* node = data.find("nodeId");
      if (node != nullptr && node->isString() && !node->asString()->empty()) nodeId = *node->asString();
      auto& onNode = byNode[nodeId];
      if (std::find(onNode.begin(), onNode.end(), participant) == onNode.end()) {
        onNode.push_back(participant);
      }
    }
  }
  return byNode;
}

std::vector<test_engine::Publication> routeMessage(test_redis::RedisClient& redis,
                                                   const std::string& messageId,
                                                   const std::vector<std::string>& to,
                                                   const libsession::Value& event) {
  std::vector<test_engine::Publication> publications;
  for (const auto& [nodeId, participants] : nodesOf(redis, to)) {
    libsession::Value::Array addressed(participants.begin(), participants.end());
    const libsession::Value message = libsession::Value::object(
        {{"id", messageId}, {"to", std::move(addressed)}, {"event", event}});
    publications.emplace_back(nodeId, test_engine::envelope(message, nodeId));
  }
  return publications;
}

test_engine::Answerer answerToSource(int redisPort) {
  // Made here, used only on the engine's thread afterwards.
  auto redis = std::make_shared<test_redis::RedisClient>(redisPort);
  return [redis](const libsession::Value& event) -> std::vector<test_engine::Publication> {
    const libsession::Value* type = event.find("type");
    const libsession::Value* id = event.find("id");
    const libsession::Value* source = event.find("source");
    const libsession::Value* from = source != nullptr ? source->find("id") : nullptr;
    if (type == nullptr || *type == libsession::Value("org.wt.session") || id == nullptr ||
        !id->isString() || from == nullptr || !from->isString()) {
      return {};
    }
    return routeMessage(*redis, *id->asString() + "_0", {*from->asString()}, event);
  };
}

}  // namespace agent_test
