// session-agent's HTTP API on the Socket.IO port: everything outside /socket.io/.
//
//   GET  /health   liveness and readiness (JSON); 200 ready, 503 when the engine link or the
//                  session directory is down, or while shutting down
//   GET  /metrics  Prometheus text format (the node's metrics::Registry)
//   POST /event    one Event, handled like a socket's `message`: checked, `source` forced to
//                  the caller's participant, published, answered once the engine has it
//
// POST /event answers (http.eventResponse "accepted"; "compat" answers success as the Node
// agent does, 200 text "Event processed."):
//   202 {"id": "<event id>"}                    the engine confirmed the Event
//   400 {"error": "...", "code": "bad_request"} not JSON, or not a valid Event (names the problem)
//   401 {"error": "...", "code": "unauthorized"} no or invalid credentials: a Bearer JWT under
//       auth.jwtSecret when one is set, otherwise the x-participant-id header
//   413 {"error": "...", "code": "too_large"}   body over http.maxEventBytes
//   415 when the Content-Type is present and not JSON
//   503 {"error": "...", "code": "unavailable"} the engine link cannot take it, or shutting down
// Unknown paths: 404 JSON; a known path with the wrong method: 405 JSON with Allow.
//
// Every refusal is logged (at info: a caller sending rubbish must not flood the log with
// warnings); an Event the engine link could not take is logged at warn.
//
// Threading: lives on the network thread, like the server's other handlers.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <libsession/http.hpp>
#include <libsession/jwt.hpp>
#include <libsession/metrics.hpp>
#include <libsession/session_agent.hpp>
#include <libsession/session_directory.hpp>
#include <libsession/session_hub.hpp>

#include "config.hpp"
#include "logging.hpp"

namespace session_agent {

/// What /health reports that the API cannot find out itself.
struct NodeDescription {
  std::string nodeId;
  std::string engineKind;
  std::string directoryKind;
  std::chrono::steady_clock::time_point startedAt;
};

class HttpApi {
public:
  HttpApi(NodeDescription node, AgentConfig::Http options, libsession::SessionAgent& agent,
          libsession::SessionHub& hub, libsession::SessionDirectory& directory,
          const libsession::metrics::Registry& metrics, const Logging& log);

  void handle(const std::shared_ptr<libsession::HttpExchange>& exchange);

  /// The verifier for POST /event; null: callers name themselves with x-participant-id.
  void setVerifier(std::shared_ptr<const libsession::JwtVerifier> verifier) {
    verifier_ = std::move(verifier);
  }
  /// While draining, /health answers 503 "draining" and POST /event 503.
  void setDraining(bool draining) noexcept { draining_ = draining; }

private:
  void health(libsession::HttpExchange& exchange);
  void metrics(libsession::HttpExchange& exchange);
  void postEvent(const std::shared_ptr<libsession::HttpExchange>& exchange);
  /// Answers `status` with {"error": message, "code": code} and logs it.
  void refuse(libsession::HttpExchange& exchange, int status, const char* code,
              const std::string& message);

  NodeDescription node_;
  AgentConfig::Http options_;
  libsession::SessionAgent& agent_;
  libsession::SessionHub& hub_;
  libsession::SessionDirectory& directory_;
  const libsession::metrics::Registry& metrics_;
  const Logging& log_;
  std::shared_ptr<const libsession::JwtVerifier> verifier_;
  bool draining_ = false;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);  // for late publish completions
};

}  // namespace session_agent
