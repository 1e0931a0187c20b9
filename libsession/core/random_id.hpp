// Private: unguessable, unique ids for Engine.IO sessions and Socket.IO sockets.
#pragma once

#include <cstdint>
#include <string>

namespace libsession::detail {

/// Makes ids in the reference server's format (engine.io base64id): 15 bytes — 12 random from
/// the kernel's CSPRNG, then a 24-bit counter — as 20 characters of URL-safe base64. The
/// counter keeps ids unique even if the random source repeated; the random part keeps them
/// unguessable (a session id is a bearer credential for its polling requests).
class RandomIdGenerator {
public:
  std::string next();

private:
  std::uint32_t counter_ = 0;
};

}  // namespace libsession::detail
