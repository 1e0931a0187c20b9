// JwtVerifier, bearerToken and jwtAsParticipant: the tokens the Node agent issues are accepted,
// everything else (expired, wrong key, other algorithms, tampered, malformed, oversized) is
// refused with a stated reason and never crashes. Vectors: jwt_vectors.hpp.
#include <libsession/jwt.hpp>

#include <catch2/catch.hpp>

#include "auth/jwt_vectors.hpp"
#include "test_printers.hpp"

#include <cstdint>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>

using libsession::AuthDecision;
using libsession::bearerToken;
using libsession::ConnectRequest;
using libsession::HttpRequest;
using libsession::JwtIdentity;
using libsession::JwtOptions;
using libsession::JwtVerifier;
using libsession::Value;
using namespace libsession::testing::jwt;

namespace {

constexpr std::int64_t kNow = kIat + 60;

JwtOptions testOptions() {
  JwtOptions options;
  options.secret = std::string(kSecret);
  return options;
}

JwtIdentity accepted(const JwtVerifier& verifier, std::string_view token,
                     std::int64_t now = kNow) {
  auto result = verifier.verify(token, now);
  if (auto* reason = std::get_if<std::string>(&result)) FAIL("refused: " << *reason);
  return std::get<JwtIdentity>(result);
}

std::string refused(const JwtVerifier& verifier, std::string_view token,
                    std::int64_t now = kNow) {
  auto result = verifier.verify(token, now);
  if (auto* identity = std::get_if<JwtIdentity>(&result)) {
    FAIL("accepted as " << identity->participant.str());
  }
  return std::get<std::string>(result);
}

// The three dot-separated parts of a compact token.
struct Parts {
  std::string header, payload, signature;
};
Parts split(std::string_view token) {
  const auto first = token.find('.');
  const auto second = token.find('.', first + 1);
  return {std::string(token.substr(0, first)),
          std::string(token.substr(first + 1, second - first - 1)),
          std::string(token.substr(second + 1))};
}

}  // namespace

TEST_CASE("jwt: a token made by Node's jsonwebtoken is accepted", "[auth][jwt]") {
  const JwtVerifier verifier(testOptions());
  const JwtIdentity identity = accepted(verifier, kJsonwebtoken);
  CHECK(identity.participant.str() == "alice");
  CHECK(identity.expiresAt == kExp);
}

TEST_CASE("jwt: the participant claim is read as a string of any content", "[auth][jwt]") {
  const JwtVerifier verifier(testOptions());
  CHECK(accepted(verifier, kUnicodeClaim).participant.str() == "zo\xc3\xab \xe2\x98\x83");
  CHECK(accepted(verifier, kNoTyp).participant.str() == "alice");
}

TEST_CASE("jwt: the participant claim name is configurable", "[auth][jwt]") {
  JwtOptions options = testOptions();
  options.participantClaim = "userId";
  const JwtVerifier verifier(options);
  CHECK(accepted(verifier, kUserIdClaim).participant.str() == "bob");
  CHECK(refused(verifier, kJsonwebtoken) == "missing userId");
}

TEST_CASE("jwt: exp is enforced with the leeway", "[auth][jwt]") {
  const JwtVerifier verifier(testOptions());  // leeway 30 s
  CHECK(accepted(verifier, kJsonwebtoken, kExp - 1).participant.str() == "alice");
  CHECK(accepted(verifier, kJsonwebtoken, kExp + 29).participant.str() == "alice");
  CHECK(refused(verifier, kJsonwebtoken, kExp + 30) == "expired");
  CHECK(refused(verifier, kJsonwebtoken, kExp + 86400) == "expired");

  JwtOptions strict = testOptions();
  strict.leeway = std::chrono::seconds(0);
  const JwtVerifier strictVerifier(strict);
  CHECK(accepted(strictVerifier, kJsonwebtoken, kExp - 1).expiresAt == kExp);
  CHECK(refused(strictVerifier, kJsonwebtoken, kExp) == "expired");
}

TEST_CASE("jwt: nbf is enforced with the leeway", "[auth][jwt]") {
  const JwtVerifier verifier(testOptions());
  CHECK(refused(verifier, kJsonwebtokenNbf, kIat) == "not yet valid");
  CHECK(refused(verifier, kJsonwebtokenNbf, kNbf - 31) == "not yet valid");
  CHECK(accepted(verifier, kJsonwebtokenNbf, kNbf - 30).participant.str() == "alice");
  CHECK(accepted(verifier, kJsonwebtokenNbf, kNbf).participant.str() == "alice");
}

TEST_CASE("jwt: a token without exp is accepted and reports expiresAt 0", "[auth][jwt]") {
  const JwtVerifier verifier(testOptions());
  const JwtIdentity identity = accepted(verifier, kNoExp, kIat + 10 * 365 * 86400);
  CHECK(identity.participant.str() == "alice");
  CHECK(identity.expiresAt == 0);
}

TEST_CASE("jwt: exp and nbf must be numbers", "[auth][jwt]") {
  const JwtVerifier verifier(testOptions());
  CHECK(refused(verifier, kExpString) == "invalid exp");
  CHECK(refused(verifier, kNbfString) == "invalid nbf");
  // NumericDate may be fractional (RFC 7519 section 2); expiresAt rounds down.
  CHECK(accepted(verifier, kExpFraction).expiresAt == kExp);
  // An absurd exp is accepted (it is signed) without overflowing the conversion.
  CHECK(accepted(verifier, kExpHuge).expiresAt == INT64_MAX);
}

TEST_CASE("jwt: a token signed with another secret is refused", "[auth][jwt]") {
  JwtOptions options = testOptions();
  options.secret = "another-secret";
  CHECK(refused(JwtVerifier(options), kJsonwebtoken) == "bad signature");
  options.secret = std::string(kSecret) + "x";
  CHECK(refused(JwtVerifier(options), kJsonwebtoken) == "bad signature");
  options.secret = std::string(kSecret).substr(1);
  CHECK(refused(JwtVerifier(options), kJsonwebtoken) == "bad signature");
}

TEST_CASE("jwt: only HS256 is accepted, whatever the header claims", "[auth][jwt]") {
  const JwtVerifier verifier(testOptions());
  CHECK(refused(verifier, kAlgNone) == "algorithm not allowed");
  CHECK(refused(verifier, kAlgNoneSigned) == "algorithm not allowed");
  // Correctly signed with our secret, but not the algorithm we accept.
  CHECK(refused(verifier, kAlgHs512) == "algorithm not allowed");
  CHECK(refused(verifier, kAlgHs384) == "algorithm not allowed");
  CHECK(refused(verifier, kAlgLowercase) == "algorithm not allowed");
  CHECK(refused(verifier, kAlgMissing) == "malformed token");
  CHECK(refused(verifier, kAlgRs256) == "algorithm not allowed");
}

TEST_CASE("jwt: a tampered token is refused", "[auth][jwt]") {
  const JwtVerifier verifier(testOptions());
  const Parts good = split(kJsonwebtoken);
  const Parts other = split(kUserIdClaim);

  // Another (validly signed) payload under this signature.
  CHECK(refused(verifier, good.header + "." + other.payload + "." + good.signature) ==
        "bad signature");
  // The header of an unsigned token in front of a signed payload.
  const Parts none = split(kAlgNone);
  CHECK(refused(verifier, none.header + "." + good.payload + "." + good.signature) ==
        "algorithm not allowed");
  // Signature stripped.
  CHECK(refused(verifier, good.header + "." + good.payload + ".") == "bad signature");
  // Signature with a different last character: compared as text, so even the padding bits of
  // the final base64url character count.
  std::string sig = good.signature;
  sig.back() = sig.back() == 'Y' ? 'Z' : 'Y';
  CHECK(refused(verifier, good.header + "." + good.payload + "." + sig) == "bad signature");
}

TEST_CASE("jwt: every single-character change of a valid token is refused", "[auth][jwt]") {
  const JwtVerifier verifier(testOptions());
  const std::string good(kJsonwebtoken);
  static constexpr char kChars[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.=+/ \t\0";
  constexpr std::string_view kAlphabet(kChars, sizeof kChars - 1);  // keeps the NUL
  std::mt19937 random(12345);  // fixed seed: the same inputs on every run
  std::uniform_int_distribution<std::size_t> position(0, good.size() - 1);
  std::uniform_int_distribution<std::size_t> replacement(0, kAlphabet.size() - 1);
  int refusedCount = 0;
  for (int i = 0; i < 3000; ++i) {
    std::string token = good;
    const std::size_t at = position(random);
    const char c = kAlphabet[replacement(random)];
    if (token[at] == c) continue;
    token[at] = c;
    auto result = verifier.verify(token, kNow);
    INFO("token: " << libsession::testing::quoteBytes(token));
    REQUIRE(std::holds_alternative<std::string>(result));
    ++refusedCount;
  }
  CHECK(refusedCount > 2900);
}

TEST_CASE("jwt: claims that do not name a participant are refused", "[auth][jwt]") {
  const JwtVerifier verifier(testOptions());
  CHECK(refused(verifier, kMissingClaim) == "missing participantId");
  CHECK(refused(verifier, kNumberClaim) == "invalid participantId");
  CHECK(refused(verifier, kEmptyClaim) == "invalid participantId");
  CHECK(refused(verifier, kPayloadArray) == "malformed token");
  CHECK(refused(verifier, kPayloadNotJson) == "malformed token");
}

TEST_CASE("jwt: malformed input is refused without a crash", "[auth][jwt]") {
  const JwtVerifier verifier(testOptions());
  const Parts good = split(kJsonwebtoken);
  CHECK(refused(verifier, "") == "malformed token");
  CHECK(refused(verifier, "garbage") == "malformed token");
  CHECK(refused(verifier, "..") == "malformed token");
  CHECK(refused(verifier, "a.b.c") == "malformed token");
  CHECK(refused(verifier, "a.b") == "malformed token");
  CHECK(refused(verifier, "a.b.c.d") == "malformed token");
  CHECK(refused(verifier, std::string(kJsonwebtoken) + ".") == "malformed token");
  CHECK(refused(verifier, "." + good.payload + "." + good.signature) == "malformed token");
  CHECK(refused(verifier, good.header + ".." + good.signature) == "malformed token");
  CHECK(refused(verifier, "Bearer " + std::string(kJsonwebtoken)) == "malformed token");
  // Padding, standard base64 and whitespace are not base64url.
  CHECK(refused(verifier, good.header + "=." + good.payload + "." + good.signature) ==
        "malformed token");
  CHECK(refused(verifier, std::string(kJsonwebtoken) + " ") == "malformed token");
  // An embedded NUL must not cut the token short (libjwt reads C strings).
  CHECK(refused(verifier, std::string(kJsonwebtoken) + std::string("\0xyz", 4)) ==
        "malformed token");
  // Header that is base64url but not JSON.
  CHECK(refused(verifier, "bm90IGpzb24." + good.payload + "." + good.signature) ==
        "malformed token");
}

TEST_CASE("jwt: oversized tokens are refused before decoding", "[auth][jwt]") {
  const JwtVerifier verifier(testOptions());
  const Parts good = split(kJsonwebtoken);
  // 1 MB of base64url in the header: refused by size, not decoded on the stack.
  const std::string huge = std::string(1 << 20, 'A') + "." + good.payload + "." + good.signature;
  CHECK(refused(verifier, huge) == "token too long");
  CHECK(refused(verifier, std::string(1 << 20, '.')) == "token too long");

  JwtOptions small = testOptions();
  small.maxTokenBytes = kJsonwebtoken.size();
  CHECK(accepted(JwtVerifier(small), kJsonwebtoken).participant.str() == "alice");
  small.maxTokenBytes = kJsonwebtoken.size() - 1;
  CHECK(refused(JwtVerifier(small), kJsonwebtoken) == "token too long");
}

TEST_CASE("jwt: refusal reasons never contain the token or the secret", "[auth][jwt]") {
  const JwtVerifier verifier(testOptions());
  const Parts good = split(kJsonwebtoken);
  for (std::string_view token : {kAlgNone, kAlgHs512, kExpString, kMissingClaim, kNumberClaim,
                                 std::string_view("garbage")}) {
    const std::string reason = refused(verifier, token);
    CHECK(reason.find(kSecret) == std::string::npos);
    CHECK(reason.find(good.header) == std::string::npos);
    CHECK(reason.size() < 40);
  }
}

TEST_CASE("jwt: bad options are refused at construction", "[auth][jwt]") {
  CHECK_THROWS_AS(JwtVerifier(JwtOptions{}), std::invalid_argument);
  JwtOptions options = testOptions();
  options.participantClaim.clear();
  CHECK_THROWS_AS(JwtVerifier(options), std::invalid_argument);
  options = testOptions();
  options.leeway = std::chrono::seconds(-1);
  CHECK_THROWS_AS(JwtVerifier(options), std::invalid_argument);
  options = testOptions();
  options.maxTokenBytes = 0;
  CHECK_THROWS_AS(JwtVerifier(options), std::invalid_argument);
  CHECK_NOTHROW(JwtVerifier(testOptions()));
}

TEST_CASE("jwt: bearerToken extracts the credentials of a Bearer header", "[auth][jwt]") {
  using Token = std::optional<std::string_view>;
  CHECK(bearerToken("Bearer abc.def.ghi") == Token("abc.def.ghi"));
  CHECK(bearerToken("bearer abc") == Token("abc"));
  CHECK(bearerToken("BEARER abc") == Token("abc"));
  CHECK(bearerToken("  Bearer \t  abc  \t") == Token("abc"));
  CHECK(bearerToken("Bearer\tabc") == Token("abc"));

  CHECK(bearerToken("") == std::nullopt);
  CHECK(bearerToken("Bearer") == std::nullopt);
  CHECK(bearerToken("Bearer ") == std::nullopt);
  CHECK(bearerToken("Bearer    ") == std::nullopt);
  CHECK(bearerToken("Bearerabc") == std::nullopt);
  CHECK(bearerToken("Basic YWxhZGRpbjpvcGVuc2VzYW1l") == std::nullopt);
  CHECK(bearerToken("Bearer abc def") == std::nullopt);
  CHECK(bearerToken("abc.def.ghi") == std::nullopt);
  CHECK(bearerToken("Bear abc") == std::nullopt);

  const std::string header = "Bearer " + std::string(kJsonwebtoken);
  const auto token = bearerToken(header);
  REQUIRE(token);
  CHECK(accepted(JwtVerifier(testOptions()), *token).participant.str() == "alice");
}

namespace {

// Runs the authenticator on a CONNECT with this auth object; it must decide synchronously.
AuthDecision decide(const libsession::Authenticator& authenticator, const Value& auth) {
  const std::string nsp = "/";
  const HttpRequest handshake;
  std::optional<AuthDecision> decision;
  int calls = 0;
  authenticator(ConnectRequest{nsp, auth, handshake}, [&](AuthDecision d) {
    ++calls;
    decision = std::move(d);
  });
  REQUIRE(calls == 1);
  return *decision;
}

}  // namespace

TEST_CASE("jwt: jwtAsParticipant accepts a valid token as its participant", "[auth][jwt]") {
  auto verifier = std::make_shared<const JwtVerifier>(testOptions());
  std::int64_t now = kNow;
  const auto authenticator = libsession::jwtAsParticipant(verifier, [&now] { return now; });

  const AuthDecision ok = decide(authenticator, Value::object({{"token", kJsonwebtoken}}));
  CHECK(ok.accepted);
  CHECK(ok.participant.str() == "alice");
  // The socket may live until the token's exp plus the leeway verify() grants.
  CHECK(ok.expiresAtMs == (kExp + testOptions().leeway.count()) * 1000);

  now = kExp + 3600;  // the clock is read on every CONNECT
  const AuthDecision late = decide(authenticator, Value::object({{"token", kJsonwebtoken}}));
  CHECK_FALSE(late.accepted);
  CHECK(late.message == "invalid token: expired");
  REQUIRE(late.data);
  CHECK(toJson(*late.data) == R"({"reason":"expired"})");
}

TEST_CASE("jwt: jwtAsParticipant refuses missing and invalid tokens", "[auth][jwt]") {
  auto verifier = std::make_shared<const JwtVerifier>(testOptions());
  const auto authenticator = libsession::jwtAsParticipant(verifier, [] { return kNow; });

  for (const Value& auth : {Value::object({}), Value(), Value("token"),
                            Value::object({{"token", 42}}), Value::object({{"token", ""}}),
                            Value::object({{"participantId", "alice"}})}) {
    INFO("auth: " << toJson(auth));
    const AuthDecision d = decide(authenticator, auth);
    CHECK_FALSE(d.accepted);
    CHECK(d.message == "missing token");
  }

  const AuthDecision forged = decide(authenticator, Value::object({{"token", kAlgNone}}));
  CHECK_FALSE(forged.accepted);
  CHECK(forged.message == "invalid token: algorithm not allowed");

  // The default mode's token (a bare participant id) is not a JWT.
  const AuthDecision plain = decide(authenticator, Value::object({{"token", "alice"}}));
  CHECK_FALSE(plain.accepted);
  CHECK(plain.message == "invalid token: malformed token");
}

TEST_CASE("jwt: jwtAsParticipant needs a verifier", "[auth][jwt]") {
  CHECK_THROWS_AS(libsession::jwtAsParticipant(nullptr), std::invalid_argument);
  // Without a clock it uses the system clock, by which the vectors expired long ago.
  auto verifier = std::make_shared<const JwtVerifier>(testOptions());
  const auto authenticator = libsession::jwtAsParticipant(verifier, nullptr);
  CHECK(decide(authenticator, Value::object({{"token", kJsonwebtoken}})).message ==
        "invalid token: expired");
  CHECK(decide(authenticator, Value::object({{"token", kNoExp}})).accepted);
}
