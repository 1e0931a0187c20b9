// How the SrvThreds engine finds the nodes of the participants it addresses, for the test engine:
// it reads the keys the agents write to Redis (ParticipantSession:<pid> → session ids →
// SessionParticipant:<sid> field `data`, JSON with the nodeId), groups the participants by
// nodeId and publishes one Message per node with routing key = nodeId. Sessions without a
// nodeId go to the shared key org.wt.session, as in SrvThreds.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <libsession/value.hpp>

#include "redis/redis_server.hpp"
#include "rabbitmq/test_engine.hpp"

namespace agent_test {

/// nodeId → the participants of `participants` that have a session there (each once, in the
/// order given). Participants without sessions appear nowhere.
std::map<std::string, std::vector<std::string>> nodesOf(test_redis::RedisClient& redis,
                                                        const std::vector<std::string>& participants);

/// The publications of one Message {"id": messageId, "to": [...], "event": event}: one per node,
/// each addressed to that node's participants only.
std::vector<test_engine::Publication> routeMessage(test_redis::RedisClient& redis,
                                                   const std::string& messageId,
                                                   const std::vector<std::string>& to,
                                                   const libsession::Value& event);

/// An engine that answers each Event with a Message to the Event's source participant (id
/// "<event id>_0"), routed through the Redis at `redisPort`. The agents' own error events (type
/// org.wt.session) are not answered.
test_engine::Answerer answerToSource(int redisPort);

}  // namespace agent_test
