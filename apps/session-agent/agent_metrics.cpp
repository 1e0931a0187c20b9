// session-agent's Prometheus metrics (see agent_metrics.hpp).
#include "agent_metrics.hpp"

#include <libsession/version.hpp>

namespace session_agent {

AgentMetrics registerAgentMetrics(libsession::metrics::Registry& registry,
                                  const MetricSources& sources) {
  using libsession::EngineIoTransport;
  const auto& agent = sources.agent;
  const auto& stats = agent.stats();  // a reference: the callbacks read the live counters

  registry.callbackGaugeFamily("session_agent_info", "Constant 1, labelled with the version",
                               {"version"})
      .set({libsession::kVersion}, [] { return 1.0; });

  auto& connections = registry.callbackGaugeFamily(
      "session_agent_connections", "Open client connections by current transport", {"transport"});
  connections.set({"polling"}, [&engineIo = sources.engineIo] {
    return static_cast<double>(engineIo.sessionCount(EngineIoTransport::polling));
  });
  connections.set({"websocket"}, [&engineIo = sources.engineIo] {
    return static_cast<double>(engineIo.sessionCount(EngineIoTransport::websocket));
  });
  registry.callbackGauge("session_agent_sessions", "Sessions (authenticated connections)",
                         [&hub = sources.hub] { return static_cast<double>(hub.connectionCount()); });
  registry.callbackGauge("session_agent_participants", "Participants with at least one session",
                         [&hub = sources.hub] { return static_cast<double>(hub.participantCount()); });
  registry.callbackGauge("session_agent_tcp_connections", "Open TCP connections (HTTP and WebSocket)",
                         [&server = sources.server] {
                           return static_cast<double>(server.connectionCount());
                         });
  AgentMetrics own{
      registry.counter("session_agent_connects_total", "Sessions started"),
      registry.counter("session_agent_disconnects_total", "Sessions ended"),
      registry.histogram("session_agent_publish_confirm_seconds",
                         "Time from accepting an Event to the engine link's confirm",
                         libsession::metrics::exponentialBuckets(0.0005, 2, 16)),
  };

  auto counter = [&registry](const char* name, const char* help, const std::uint64_t& value) {
    registry.callbackCounter(name, help, [&value] { return static_cast<double>(value); });
  };
  counter("session_agent_events_received_total", "Events received from clients (socket and HTTP)",
          stats.eventsReceived);
  counter("session_agent_events_rejected_total", "Invalid Events answered with an error",
          stats.eventsRejected);
  counter("session_agent_events_refused_total", "Valid Events refused while shutting down",
          stats.eventsRefused);
  counter("session_agent_events_published_total", "Events handed to the engine link",
          stats.eventsPublished);
  counter("session_agent_events_confirmed_total", "Events the engine link confirmed",
          stats.eventsConfirmed);
  counter("session_agent_events_failed_total", "Events the engine link did not take",
          stats.eventsFailed);
  registry.callbackGauge("session_agent_events_pending", "Events published, not yet confirmed",
                         [&agent] { return static_cast<double>(agent.pendingEvents()); });
  counter("session_agent_messages_consumed_total", "Messages received from the engine",
          stats.messagesReceived);
  counter("session_agent_messages_delivered_total", "Messages that reached at least one connection",
          stats.messagesDelivered);
  counter("session_agent_messages_undeliverable_total",
          "Valid Messages with no local addressee", stats.messagesUndeliverable);
  counter("session_agent_messages_rejected_total", "Malformed Messages", stats.messagesRejected);

  registry.callbackGauge("session_agent_engine_up", "1 when the engine link is up",
                         [&agent] { return agent.engineLinkUp() ? 1.0 : 0.0; });
  registry.callbackGauge("session_agent_directory_up", "1 when the session directory is usable",
                         [&directory = sources.directory] { return directory.healthy() ? 1.0 : 0.0; });
  if (sources.brokerReconnects) {
    registry.callbackCounter("session_agent_broker_reconnects_total",
                             "Times the broker link was re-established", sources.brokerReconnects);
  }
  registry.callbackCounter("session_agent_received_bytes_total",
                           "Bytes received from clients (HTTP bodies, WebSocket messages)",
                           [&server = sources.server] {
                             return static_cast<double>(server.traffic().bytesReceived);
                           });
  registry.callbackCounter("session_agent_sent_bytes_total",
                           "Bytes sent to clients (HTTP bodies, WebSocket messages)",
                           [&server = sources.server] {
                             return static_cast<double>(server.traffic().bytesSent);
                           });
  return own;
}

}  // namespace session_agent
