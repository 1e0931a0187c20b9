// Fixed JWTs for the JwtVerifier tests, secret "test-secret-for-unit-tests".
//
// kJsonwebtoken and kJsonwebtokenNbf were made by Node's jsonwebtoken 9.0.3:
//   jwt.sign({participantId: "alice", iat: 1700000000}, secret, {expiresIn: "1h"})
//   jwt.sign({participantId: "alice", iat: 1700000000}, secret, {expiresIn: "1h", notBefore: 600})
// The others were made with Python's hmac/hashlib/base64 by the script below, which reproduces
// kJsonwebtoken byte for byte (it asserts so) before writing them:
//
//   import hmac, hashlib, base64, json
//   S = b"test-secret-for-unit-tests"
//   def b64(b): return base64.urlsafe_b64encode(b).rstrip(b"=").decode()
//   def enc(o): return b64(o if isinstance(o, bytes) else
//                          json.dumps(o, separators=(",", ":"), ensure_ascii=False).encode())
//   def tok(h, p, alg=hashlib.sha256, sig=True):
//       si = enc(h) + "." + enc(p)
//       return si + "." + (b64(hmac.new(S, si.encode(), alg).digest()) if sig else "")
//   H = {"alg": "HS256", "typ": "JWT"}
//   P = {"participantId": "alice", "iat": 1700000000, "exp": 1700003600}
//   kNoExp = tok(H, {"participantId": "alice", "iat": 1700000000})
//   kNoTyp = tok({"alg": "HS256"}, P)
//   kAlgNone = tok({"alg": "none", "typ": "JWT"}, P, sig=False)
//   kAlgNoneSigned = tok({"alg": "none", "typ": "JWT"}, P)
//   kAlgHs512 = tok({"alg": "HS512", "typ": "JWT"}, P, alg=hashlib.sha512)
//   kAlgHs384 = tok({"alg": "HS384", "typ": "JWT"}, P, alg=hashlib.sha384)
//   kAlgLowercase = tok({"alg": "hs256", "typ": "JWT"}, P)
//   kAlgMissing = tok({"typ": "JWT"}, P)
//   kAlgRs256 = tok({"alg": "RS256", "typ": "JWT"}, P)
//   kMissingClaim = tok(H, {"sub": "alice", "iat": 1700000000, "exp": 1700003600})
//   kNumberClaim = tok(H, {"participantId": 42, "iat": 1700000000, "exp": 1700003600})
//   kEmptyClaim = tok(H, {"participantId": "", "iat": 1700000000, "exp": 1700003600})
//   kExpString = tok(H, {"participantId": "alice", "exp": "1700003600"})
//   kNbfString = tok(H, {"participantId": "alice", "nbf": "soon"})
//   kExpFraction = tok(H, {"participantId": "alice", "exp": 1700003600.75})
//   kExpHuge = tok(H, {"participantId": "alice", "exp": 1e300})
//   kPayloadArray = tok(H, ["participantId", "alice"])
//   kPayloadNotJson = tok(H, b"participantId=alice")
//   kUserIdClaim = tok(H, {"userId": "bob", "participantId": "alice", "exp": 1700003600})
//   kUnicodeClaim = tok(H, {"participantId": "zo\u00eb \u2603", "exp": 1700003600})
#pragma once

#include <string_view>

namespace libsession::testing::jwt {

constexpr std::string_view kSecret = "test-secret-for-unit-tests";
constexpr long long kIat = 1700000000;
constexpr long long kExp = 1700003600;  // kIat + 1 h
constexpr long long kNbf = 1700000600;  // kIat + 10 min (kJsonwebtokenNbf only)

constexpr std::string_view kJsonwebtoken =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXJ0aWNpcGFudElkIjoiYWxpY2UiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMH0.nSCL_PYQItb9_kLkBneSjI72BePbIHWTrUjWkB7Bf6Y";
constexpr std::string_view kJsonwebtokenNbf =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXJ0aWNpcGFudElkIjoiYWxpY2UiLCJpYXQiOjE3MDAwMDAwMDAsIm5iZiI6MTcwMDAwMDYwMCwiZXhwIjoxNzAwMDAzNjAwfQ.3A3TygH0HWFE9DPK-D8GWboh_2882gjKl1GBUypmTt4";
constexpr std::string_view kNoExp =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXJ0aWNpcGFudElkIjoiYWxpY2UiLCJpYXQiOjE3MDAwMDAwMDB9.n8qYQ6I_1pG2SHGyLMTlgpL6t5unUimJpMlUfdMv7qI";
constexpr std::string_view kNoTyp =
    "eyJhbGciOiJIUzI1NiJ9.eyJwYXJ0aWNpcGFudElkIjoiYWxpY2UiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMH0.z7ryslwRP4cqeoSJFGBR-iufZHGLL_lywAOtFpfalyg";
constexpr std::string_view kAlgNone =
    "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJwYXJ0aWNpcGFudElkIjoiYWxpY2UiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMH0.";
constexpr std::string_view kAlgNoneSigned =
    "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0.eyJwYXJ0aWNpcGFudElkIjoiYWxpY2UiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMH0.3MeQsHLvk_GwYECNkoxAAnp3NEaNkAfWvwI9LPqEdbs";
constexpr std::string_view kAlgHs512 =
    "eyJhbGciOiJIUzUxMiIsInR5cCI6IkpXVCJ9.eyJwYXJ0aWNpcGFudElkIjoiYWxpY2UiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMH0.Ri3dGaAuHpIIfmzFuaiHxZqF_h1K90l5jVhC3b7WzPNfM-aAtCKwqnCxy-tvRC5VFMc3HUNkIbKE--uyRFinbw";
constexpr std::string_view kAlgHs384 =
    "eyJhbGciOiJIUzM4NCIsInR5cCI6IkpXVCJ9.eyJwYXJ0aWNpcGFudElkIjoiYWxpY2UiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMH0.gez9OtbpTKVnsV9yhbV6Y-Wo_HXG8egQbda1IF6tE1E5L6ZU1w8524gyhXtz1Vxf";
constexpr std::string_view kAlgLowercase =
    "eyJhbGciOiJoczI1NiIsInR5cCI6IkpXVCJ9.eyJwYXJ0aWNpcGFudElkIjoiYWxpY2UiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMH0.6yYOWG3-WWRgLkhbGPFZCXiaN5K8ctd6v5zqKQaP3uQ";
constexpr std::string_view kAlgMissing =
    "eyJ0eXAiOiJKV1QifQ.eyJwYXJ0aWNpcGFudElkIjoiYWxpY2UiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMH0.zwA3UG1nXw_gQeEY5wWmtkEaxSMDtiyLmupaYQq0NUE";
constexpr std::string_view kAlgRs256 =
    "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXJ0aWNpcGFudElkIjoiYWxpY2UiLCJpYXQiOjE3MDAwMDAwMDAsImV4cCI6MTcwMDAwMzYwMH0.CgvPxn0eDJUJxfPxo6cMReTAyHufuniOX1fFu0gIGd4";
constexpr std::string_view kMissingClaim =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhbGljZSIsImlhdCI6MTcwMDAwMDAwMCwiZXhwIjoxNzAwMDAzNjAwfQ.lKYHvhRTi02oEjrWtJ9srGwjJzE82ESn38fh421QIeI";
constexpr std::string_view kNumberClaim =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXJ0aWNpcGFudElkIjo0MiwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDM2MDB9.9WcGvEQNE91mD9e8Zfqh6pb3coJ7z-wvbRJiKZF_sb0";
constexpr std::string_view kEmptyClaim =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXJ0aWNpcGFudElkIjoiIiwiaWF0IjoxNzAwMDAwMDAwLCJleHAiOjE3MDAwMDM2MDB9.Y9H0T2_F7BBF2yRctgxTv-0ofxmB1GEkv2WNLCU1sdM";
constexpr std::string_view kExpString =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXJ0aWNpcGFudElkIjoiYWxpY2UiLCJleHAiOiIxNzAwMDAzNjAwIn0.41FvLgNHQRbJvn96b-e9cavjbLAJx72Qv7fEmvIw07w";
constexpr std::string_view kNbfString =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXJ0aWNpcGFudElkIjoiYWxpY2UiLCJuYmYiOiJzb29uIn0.aX8khuIQDsPSfz0e3aLYEB4TWywzDdaID9Gj6ceAFDo";
constexpr std::string_view kExpFraction =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXJ0aWNpcGFudElkIjoiYWxpY2UiLCJleHAiOjE3MDAwMDM2MDAuNzV9.sG-9for_ASALoowM2gAGT44ll_WGYpok5ht5xdo-mKo";
constexpr std::string_view kExpHuge =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXJ0aWNpcGFudElkIjoiYWxpY2UiLCJleHAiOjFlKzMwMH0.fFeuBvz2hrP_s7sUbTwovdLmW9GHkFSBRfygUAFA0Bw";
constexpr std::string_view kPayloadArray =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.WyJwYXJ0aWNpcGFudElkIiwiYWxpY2UiXQ.GD0PU62TV1GBjw8hXA-Lbh-pN6eY2cdBAjMF0NhnwFQ";
constexpr std::string_view kPayloadNotJson =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.cGFydGljaXBhbnRJZD1hbGljZQ.DRAGKd4JdaJSkhtbM-9foUQc2hcrxbhSZnjX3k0FyWg";
constexpr std::string_view kUserIdClaim =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ1c2VySWQiOiJib2IiLCJwYXJ0aWNpcGFudElkIjoiYWxpY2UiLCJleHAiOjE3MDAwMDM2MDB9.3QJbz15Na1cTmWz8cub39TC9-N6y85Y_S7qadU8lyUk";
constexpr std::string_view kUnicodeClaim =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJwYXJ0aWNpcGFudElkIjoiem_DqyDimIMiLCJleHAiOjE3MDAwMDM2MDB9.G3h0RcdEY-Rqu0EYJ4LgdO43oGgmPfmy6Q5d636zX9o";

}  // namespace libsession::testing::jwt
