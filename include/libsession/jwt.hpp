// libsession/jwt.hpp — verifies the HS256 access tokens the SrvThreds agent issues.
//
// The Node agent signs `{participantId, iat, exp}` with HMAC-SHA256 and the shared JWT_SECRET
// (jsonwebtoken defaults). The session agent accepts those tokens on `POST /event`
// (`Authorization: Bearer <token>`) and, optionally, as the Socket.IO CONNECT `auth.token`.
//
// What verify() accepts (anything else is refused with a short reason):
//   - at most JwtOptions::maxTokenBytes bytes, three base64url parts separated by '.'
//   - header `alg` exactly "HS256" — never "none", another HMAC size, an RSA/EC algorithm or a
//     missing alg (this closes the algorithm-confusion attacks); `typ`, if present, "JWT"
//   - a valid HMAC-SHA256 signature under JwtOptions::secret (compared in constant time)
//   - `exp`, if present, a number with now < exp + leeway. A token WITHOUT exp is accepted
//     (jsonwebtoken issues such tokens when no expiresIn is given; the Node agent always sets
//     one); JwtIdentity::expiresAt is then 0.
//   - `nbf`, if present, a number with nbf <= now + leeway (the same rules as jsonwebtoken's
//     clockTolerance). `iat` is not checked.
//   - the participant claim (default "participantId") a non-empty string
//
// Refusal reasons (fixed strings, safe for logs and a 401 body; they never contain the token or
// the secret): "token too long", "malformed token", "algorithm not allowed", "bad signature",
// "expired", "not yet valid", "invalid exp", "invalid nbf", "missing participantId" (the claim's
// name), "invalid participantId".
//
// Cost: one base64url decode and JSON parse of a small token and one HMAC — about 10 µs, no I/O,
// so it can run on the network thread.
//
// Thread-safety: a JwtVerifier is immutable after construction; verify() may be called from any
// number of threads at once. To rotate the secret, build a new verifier and swap the shared_ptr.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

#include <libsession/ids.hpp>
#include <libsession/socket_io_server.hpp>

namespace libsession {

struct JwtOptions {
  /// The HMAC key, used as raw bytes (jsonwebtoken uses the JWT_SECRET string's UTF-8 bytes).
  /// Must not be empty.
  std::string secret;
  /// The claim that names the participant (the Node agent's tokens carry "participantId").
  std::string participantClaim = "participantId";
  /// Clock skew tolerated on `exp` and `nbf` between the issuer and us.
  std::chrono::seconds leeway{30};
  /// Longest token accepted. The Node agent's tokens are about 200 bytes; the bound also keeps
  /// the decoder's scratch space small (libjwt decodes each part in a stack buffer).
  std::size_t maxTokenBytes = 8192;
};

/// Who a valid token says the caller is.
struct JwtIdentity {
  ParticipantId participant;
  std::int64_t expiresAt = 0;  ///< the token's `exp` (epoch seconds, rounded down), 0 if none
};

/// Verifies HS256 JWTs against one secret. Thread-safe (immutable).
class JwtVerifier {
public:
  /// Throws std::invalid_argument on an empty secret or claim name, a negative leeway or a
  /// zero maxTokenBytes.
  explicit JwtVerifier(JwtOptions options);

  /// Checks `token` as described at the top of this file, at time `nowEpochSeconds`. Returns the
  /// identity, or the reason for refusing it.
  std::variant<JwtIdentity, std::string> verify(std::string_view token,
                                                std::int64_t nowEpochSeconds) const;

  const JwtOptions& options() const noexcept { return options_; }

private:
  JwtOptions options_;
};

/// The token of an `Authorization` header value "Bearer <token>" (scheme case-insensitive,
/// spaces and tabs around the token trimmed), or nullopt for another scheme or an empty token.
/// The view points into `authorizationHeader`.
std::optional<std::string_view> bearerToken(std::string_view authorizationHeader);

/// The current time in epoch seconds (std::chrono::system_clock), for jwtAsParticipant().
std::int64_t systemEpochSeconds();

/// A Socket.IO authenticator: the CONNECT's `auth.token` must be a JWT that `verifier` accepts;
/// the participant is the token's participant claim. Refusals answer CONNECT_ERROR with
/// message "missing token" (no string auth.token) or "invalid token: <reason>" (reason as
/// listed above), and data {"reason": …}. Decides synchronously, on the calling (loop) thread.
Authenticator jwtAsParticipant(std::shared_ptr<const JwtVerifier> verifier,
                               std::function<std::int64_t()> nowEpochSeconds = systemEpochSeconds);

}  // namespace libsession
