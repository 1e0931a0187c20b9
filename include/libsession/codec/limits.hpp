// libsession/codec/limits.hpp — the limits the wire codec enforces, with their defaults.
//
// Every limit is checked before the memory it guards is allocated, so a hostile peer can make the
// codec allocate at most a small multiple of maxPayloadBytes per connection.
#pragma once

#include <cstddef>

namespace libsession {

struct CodecLimits {
  /// Largest HTTP long-polling body, WebSocket frame or single packet, in bytes. Matches the
  /// reference server's `maxHttpBufferSize` / Engine.IO `maxPayload` default (1e6).
  std::size_t maxPayloadBytes = 1'000'000;
  /// Most binary attachments one Socket.IO packet may announce. Matches socket.io-parser's
  /// `maxAttachments` default; also bounds the memory held while a packet is being joined.
  std::size_t maxAttachments = 10;
  /// Deepest JSON nesting accepted in a Socket.IO payload (see JsonLimits).
  std::size_t maxJsonDepth = 64;
  /// Longest namespace name, in bytes, including the leading '/'. Namespaces are names chosen by
  /// the application; 256 bytes is generous and keeps hostile names out of logs and maps.
  std::size_t maxNamespaceLength = 256;
};

}  // namespace libsession
