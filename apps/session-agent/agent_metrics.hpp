// session-agent's Prometheus metrics: which series /metrics shows and where each value comes from.
//
// Counts that live in the library's parts (the hub's connections, the agent's Event and Message
// counters, the server's bytes) are read when /metrics is rendered, so nothing is counted
// twice; only what no part counts (connects, disconnects, confirm latency) is kept here and
// updated by the node's hooks. Every name starts with `session_agent_`; docs/operations.md lists
// them.
//
// Threading: render on the network thread (the callbacks read the parts' plain counters).
#pragma once

#include <functional>

#include <libsession/engine_io_server.hpp>
#include <libsession/metrics.hpp>
#include <libsession/server.hpp>
#include <libsession/session_agent.hpp>
#include <libsession/session_directory.hpp>
#include <libsession/session_hub.hpp>

namespace session_agent {

/// Where the rendered values come from; every reference must outlive the registry's renders.
struct MetricSources {
  const libsession::Server& server;
  const libsession::EngineIoServer& engineIo;
  const libsession::SessionHub& hub;
  const libsession::SessionAgent& agent;
  const libsession::SessionDirectory& directory;
  /// Times the broker link was re-established; empty for an engine without a broker.
  std::function<double()> brokerReconnects;
};

/// The metrics the node updates itself.
struct AgentMetrics {
  libsession::metrics::Counter& connects;
  libsession::metrics::Counter& disconnects;
  /// Seconds from accepting an Event to the engine link's confirm (failures included).
  libsession::metrics::Histogram& publishConfirmSeconds;
};

/// Registers every session_agent_* family in `registry`.
AgentMetrics registerAgentMetrics(libsession::metrics::Registry& registry,
                                  const MetricSources& sources);

}  // namespace session_agent
