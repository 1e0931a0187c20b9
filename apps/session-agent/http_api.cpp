// session-agent's HTTP API (see http_api.hpp for the routes and answers).
#include "http_api.hpp"

#include <libsession/error.hpp>
#include <libsession/json.hpp>
#include <libsession/version.hpp>

#include <string_view>
#include <variant>

namespace session_agent {
namespace {

using libsession::HttpExchange;
using libsession::HttpResponse;
using libsession::Value;

HttpResponse errorResponse(int status, const char* code, const std::string& message) {
  return HttpResponse::json(
      status, libsession::toJson(Value::object({{"error", message}, {"code", code}})));
}

bool isJsonContentType(std::string_view contentType) {
  const auto semicolon = contentType.find(';');
  std::string_view type = contentType.substr(0, semicolon);
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  std::string lower(type);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return lower == "application/json";
}

/// Answers a GET, or a HEAD with the same status and headers and no body (the transport
/// writes whatever body it is given).
void answerGet(HttpExchange& exchange, HttpResponse response) {
  if (exchange.request().method == "HEAD") response.body.clear();
  exchange.respond(std::move(response));
}

/// The Event's id for log lines, when it has one.
std::string eventIdOf(const Value& event) {
  const Value* id = event.isObject() ? event.find("id") : nullptr;
  return id != nullptr && id->isString() ? *id->asString() : std::string();
}

}  // namespace

HttpApi::HttpApi(NodeDescription node, AgentConfig::Http options, libsession::SessionAgent& agent,
                 libsession::SessionHub& hub, libsession::SessionDirectory& directory,
                 const libsession::metrics::Registry& metrics, const Logging& log)
    : node_(std::move(node)), options_(options), agent_(agent), hub_(hub),
      directory_(directory), metrics_(metrics), log_(log) {}

void HttpApi::handle(const std::shared_ptr<HttpExchange>& exchange) {
  const auto& request = exchange->request();
  const std::string_view path = request.path();
  const char* allowed = path == "/health" || path == "/metrics" ? "GET, HEAD"
                        : path == "/event"                       ? "POST"
                                                                 : nullptr;
  if (allowed == nullptr) {
    return exchange->respond(errorResponse(404, "not_found", "no such path"));
  }
  const bool isGet = request.method == "GET" || request.method == "HEAD";
  if (path == "/event" ? request.method != "POST" : !isGet) {
    HttpResponse response =
        errorResponse(405, "method_not_allowed", request.method + " is not allowed here");
    response.setHeader("Allow", allowed);
    return exchange->respond(std::move(response));
  }
  if (path == "/health") return health(*exchange);
  if (path == "/metrics") return metrics(*exchange);
  postEvent(exchange);
}

void HttpApi::health(HttpExchange& exchange) {
  const auto uptime = std::chrono::duration_cast<std::chrono::seconds>(
      std::chrono::steady_clock::now() - node_.startedAt);
  const bool engineUp = agent_.engineLinkUp();
  const bool directoryUp = directory_.healthy();
  const bool ready = engineUp && directoryUp && !draining_;
  const char* status = draining_ ? "draining" : ready ? "ok" : "degraded";
  const Value health = Value::object({
      {"status", status},
      {"nodeId", node_.nodeId},
      {"version", libsession::kVersion},
      {"uptime_s", static_cast<double>(uptime.count())},
      {"connections", hub_.connectionCount()},
      {"participants", hub_.participantCount()},
      {"engine", Value::object({{"kind", node_.engineKind}, {"up", engineUp}})},
      {"directory", Value::object({{"kind", node_.directoryKind}, {"up", directoryUp}})},
  });
  HttpResponse response = HttpResponse::json(ready ? 200 : 503, libsession::toJson(health));
  response.setHeader("Cache-Control", "no-store");
  answerGet(exchange, std::move(response));
}

void HttpApi::metrics(HttpExchange& exchange) {
  HttpResponse response =
      HttpResponse::text(200, metrics_.render(), libsession::metrics::kContentType);
  response.setHeader("Cache-Control", "no-store");
  answerGet(exchange, std::move(response));
}

void HttpApi::refuse(HttpExchange& exchange, int status, const char* code,
                     const std::string& message) {
  const auto& request = exchange.request();
  // info, not warn: a client sending rubbish must not be able to flood the log with warnings.
  log_.info("http request refused", {{"method", request.method},
                                     {"path", std::string(request.path())},
                                     {"status", status},
                                     {"error", message},
                                     {"remote", request.remoteAddress}});
  exchange.respond(errorResponse(status, code, message));
}

void HttpApi::postEvent(const std::shared_ptr<HttpExchange>& exchange) {
  const auto& request = exchange->request();
  // The cheap checks first: a refused request costs no parsing and no signature check.
  if (draining_) {
    return refuse(*exchange, 503, "unavailable", "the server is shutting down");
  }
  if (request.body.size() > options_.maxEventBytes) {
    return refuse(*exchange, 413, "too_large",
                  "the body has " + std::to_string(request.body.size()) +
                      " bytes; at most " + std::to_string(options_.maxEventBytes) +
                      " are accepted (http.maxEventBytes)");
  }
  if (auto contentType = request.header("Content-Type");
      contentType && !isJsonContentType(*contentType)) {
    return refuse(*exchange, 415, "unsupported_media_type",
                  "Content-Type must be application/json");
  }

  libsession::ParticipantId participant;
  if (verifier_) {
    const auto authorization = request.header("Authorization");
    const auto token = authorization ? libsession::bearerToken(*authorization) : std::nullopt;
    if (!token) {
      return refuse(*exchange, 401, "unauthorized",
                    "an Authorization: Bearer <token> header is required");
    }
    auto verdict = verifier_->verify(*token, libsession::systemEpochSeconds());
    if (const auto* reason = std::get_if<std::string>(&verdict)) {
      return refuse(*exchange, 401, "unauthorized", "invalid token: " + *reason);
    }
    participant = std::get<libsession::JwtIdentity>(verdict).participant;
  } else {
    const auto named = request.header("x-participant-id");
    if (!named || named->empty()) {
      return refuse(*exchange, 401, "unauthorized",
                    "an x-participant-id header is required (auth.jwtSecret is not set)");
    }
    participant = libsession::ParticipantId(std::string(*named));
  }

  Value event;
  if (const std::error_code ec = libsession::parseJson(request.body, event)) {
    return refuse(*exchange, 400, "bad_request", "the body is not JSON: " + ec.message());
  }
  const std::string eventId = eventIdOf(event);
  agent_.submitEvent(
      participant, std::move(event),
      [this, alive = std::weak_ptr<bool>(alive_), exchange, participant,
       eventId](std::error_code ec, std::string detail) {
        if (alive.expired()) return;
        if (!ec) {
          log_.debug("event accepted over http",
                     {{"participant", participant.str()}, {"event", eventId}});
          if (options_.eventResponse == EventResponse::compat) {
            return exchange->respond(HttpResponse::text(200, "Event processed."));
          }
          return exchange->respond(HttpResponse::json(
              202, libsession::toJson(Value::object({{"id", detail}}))));
        }
        if (ec == libsession::Condition::protocol_violation) {
          return refuse(*exchange, 400, "bad_request", detail);
        }
        // The node's onEventSettled hook has logged the engine link's failure.
        exchange->respond(errorResponse(503, "unavailable", detail));
      });
}

}  // namespace session_agent
