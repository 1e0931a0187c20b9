// JwtVerifier: HS256 verification on top of libjwt (Debian 12: libjwt 1.10.2, OpenSSL backend).
//
// libjwt does the parts that must not be hand-written: base64url decoding, JSON parsing of the
// header and payload (jansson), HMAC-SHA256 (OpenSSL) and the constant-time signature compare
// (Debian's 1.10.2-1+deb12u1 carries the CVE-2024-25189 fix). Checked before relying on it, with
// the findings that shape the code below:
//   1. jwt_decode() with a key refuses alg "none" (EINVAL), but verifies ANY HMAC algorithm the
//      header names (HS384/HS512 pass with our secret) and reads the alg name case-insensitively
//      ("hs256" passes). So the header alg is checked here to be exactly "HS256".
//   2. It decodes each part into a stack buffer (alloca) sized by the input: a multi-megabyte
//      token overflows the thread's stack (a 4 MB header crashes with a 2 MB stack). So the
//      token length is bounded before libjwt sees it (JwtOptions::maxTokenBytes).
//   3. It takes a NUL-terminated string and its base64 decoder (libb64) skips characters outside
//      the alphabet. A token with an embedded NUL would be verified on its prefix only, so the
//      token's characters are checked here first: base64url and exactly two dots.
//   4. jwt_get_grant_int() reads a non-integer `exp` ("x", 1.5) as 0 without telling. So the
//      claims are read from the payload as JSON (jwt_get_grants_json) with our own parser, and
//      their types are checked.
// libjwt 1.10 has no claim validation of its own (jwt_valid_* came in 1.12), so exp/nbf and the
// participant claim are checked here, with jsonwebtoken's rules (exp: now >= exp + tolerance is
// expired; nbf: nbf > now + tolerance is not yet valid).
#include <libsession/jwt.hpp>

#include <libsession/json.hpp>
#include <libsession/value.hpp>

#include <jwt.h>

#include <chrono>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>
#include <utility>

namespace libsession {
namespace {

struct JwtFree {
  void operator()(jwt_t* jwt) const noexcept { jwt_free(jwt); }
};
using JwtPtr = std::unique_ptr<jwt_t, JwtFree>;

struct CFree {
  void operator()(char* p) const noexcept { std::free(p); }
};

constexpr std::string_view kAlgorithm = "HS256";

bool isBase64UrlChar(char c) noexcept {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

// The JWS compact serialisation: header.payload.signature, base64url without padding (RFC 7515
// section 7.1). The signature may be empty here so that an alg "none" token is reported as such.
bool isCompactJws(std::string_view token) noexcept {
  std::size_t dots = 0;
  std::size_t partLength = 0;
  for (char c : token) {
    if (c == '.') {
      if (partLength == 0 || ++dots > 2) return false;
      partLength = 0;
    } else if (isBase64UrlChar(c)) {
      ++partLength;
    } else {
      return false;
    }
  }
  return dots == 2;
}

JwtPtr decode(const std::string& token, const std::string* secret) {
  jwt_t* jwt = nullptr;
  const auto* key = secret ? reinterpret_cast<const unsigned char*>(secret->data()) : nullptr;
  const int keyLength = secret ? static_cast<int>(secret->size()) : 0;
  if (jwt_decode(&jwt, token.c_str(), key, keyLength) != 0) return nullptr;
  return JwtPtr(jwt);
}

bool headerAlgIsHs256(jwt_t* jwt) {
  const char* alg = jwt_get_header(jwt, "alg");
  return alg != nullptr && kAlgorithm == alg && jwt_get_alg(jwt) == JWT_ALG_HS256;
}

// Why a token failed jwt_decode with the key. Only reached on refusal, so the second decode
// (without key: parse only, no signature check) costs nothing on the accepted path.
std::string classifyFailure(const std::string& token) {
  JwtPtr parsed = decode(token, nullptr);
  if (!parsed) return "malformed token";
  const char* alg = jwt_get_header(parsed.get(), "alg");
  if (alg == nullptr || kAlgorithm != alg) return "algorithm not allowed";
  return "bad signature";
}

std::int64_t toEpochSeconds(double seconds) noexcept {
  // Clamped so that an absurd exp (1e300) cannot overflow the conversion.
  if (seconds >= 9.2e18) return INT64_MAX;
  if (seconds <= -9.2e18) return INT64_MIN;
  return static_cast<std::int64_t>(std::floor(seconds));
}

}  // namespace

JwtVerifier::JwtVerifier(JwtOptions options) : options_(std::move(options)) {
  if (options_.secret.empty()) throw std::invalid_argument("JwtOptions::secret must not be empty");
  if (options_.secret.size() > static_cast<std::size_t>(INT_MAX)) {
    throw std::invalid_argument("JwtOptions::secret is too long");
  }
  if (options_.participantClaim.empty()) {
    throw std::invalid_argument("JwtOptions::participantClaim must not be empty");
  }
  if (options_.leeway.count() < 0) {
    throw std::invalid_argument("JwtOptions::leeway must not be negative");
  }
  if (options_.maxTokenBytes == 0) {
    throw std::invalid_argument("JwtOptions::maxTokenBytes must be positive");
  }
}

std::variant<JwtIdentity, std::string> JwtVerifier::verify(std::string_view token,
                                                           std::int64_t nowEpochSeconds) const {
  if (token.size() > options_.maxTokenBytes) return std::string("token too long");
  if (!isCompactJws(token)) return std::string("malformed token");

  const std::string text(token);
  JwtPtr jwt = decode(text, &options_.secret);
  if (!jwt) return classifyFailure(text);
  if (!headerAlgIsHs256(jwt.get())) return std::string("algorithm not allowed");

  // The payload as JSON, re-serialised by jansson from what it parsed; read with our parser so
  // that claim types can be checked (see 4. above).
  const std::unique_ptr<char, CFree> grants(jwt_get_grants_json(jwt.get(), nullptr));
  Value claims;
  if (!grants || parseJson(grants.get(), claims) || !claims.isObject()) {
    return std::string("malformed token");
  }

  const double now = static_cast<double>(nowEpochSeconds);
  const double leeway = static_cast<double>(options_.leeway.count());
  JwtIdentity identity;
  if (const Value* exp = claims.find("exp")) {
    if (!exp->isNumber()) return std::string("invalid exp");
    if (now >= *exp->asNumber() + leeway) return std::string("expired");
    identity.expiresAt = toEpochSeconds(*exp->asNumber());
  }
  if (const Value* nbf = claims.find("nbf")) {
    if (!nbf->isNumber()) return std::string("invalid nbf");
    if (*nbf->asNumber() > now + leeway) return std::string("not yet valid");
  }
  const Value* participant = claims.find(options_.participantClaim);
  if (participant == nullptr) return "missing " + options_.participantClaim;
  if (!participant->isString() || participant->asString()->empty()) {
    return "invalid " + options_.participantClaim;
  }
  identity.participant = ParticipantId(*participant->asString());
  return identity;
}

std::optional<std::string_view> bearerToken(std::string_view header) {
  const auto isBlank = [](char c) { return c == ' ' || c == '\t'; };
  while (!header.empty() && isBlank(header.front())) header.remove_prefix(1);
  while (!header.empty() && isBlank(header.back())) header.remove_suffix(1);

  constexpr std::string_view kScheme = "bearer";
  if (header.size() <= kScheme.size() || !isBlank(header[kScheme.size()])) return std::nullopt;
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    const char c = header[i];
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower != kScheme[i]) return std::nullopt;
  }
  header.remove_prefix(kScheme.size());
  while (!header.empty() && isBlank(header.front())) header.remove_prefix(1);
  // RFC 6750 section 2.1: the credentials are one b64token, so inner blanks mean a bad header.
  for (char c : header) {
    if (isBlank(c)) return std::nullopt;
  }
  if (header.empty()) return std::nullopt;
  return header;
}

std::int64_t systemEpochSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Authenticator jwtAsParticipant(std::shared_ptr<const JwtVerifier> verifier,
                               std::function<std::int64_t()> nowEpochSeconds) {
  if (!verifier) throw std::invalid_argument("jwtAsParticipant: verifier must not be null");
  if (!nowEpochSeconds) nowEpochSeconds = systemEpochSeconds;
  return [verifier = std::move(verifier), now = std::move(nowEpochSeconds)](
             const ConnectRequest& request, std::function<void(AuthDecision)> done) {
    const Value* token = request.auth.find("token");
    if (token == nullptr || !token->isString() || token->asString()->empty()) {
      return done(AuthDecision::refuse("missing token",
                                       Value::object({{"reason", "auth.token is required"}})));
    }
    auto result = verifier->verify(*token->asString(), now());
    if (auto* reason = std::get_if<std::string>(&result)) {
      return done(AuthDecision::refuse("invalid token: " + *reason,
                                       Value::object({{"reason", *reason}})));
    }
    auto& identity = std::get<JwtIdentity>(result);
    AuthDecision decision = AuthDecision::accept(std::move(identity.participant));
    // The socket lives as long as the token is accepted: exp, plus the clock-skew leeway
    // verify() grants.
    const std::int64_t leeway = verifier->options().leeway.count();
    const std::int64_t farFuture = std::numeric_limits<std::int64_t>::max() / 1000 - leeway;
    if (identity.expiresAt > 0 && identity.expiresAt < farFuture) {
      decision.expiresAtMs = (identity.expiresAt + leeway) * 1000;
    }
    done(std::move(decision));
  };
}

}  // namespace libsession
