// 01-codec-roundtrip — a Socket.IO EVENT with a binary attachment, out to the wire and back.
//
// Run:  cmake -S . -B build -G Ninja && cmake --build build --target example-01-codec-roundtrip
//       build/examples/01-codec-roundtrip
// Prints each step: the Engine.IO packets, the long-polling body that carries them, and the
// packet decoded back from that body. Exits 1 if the decoded packet differs from the original.
#include <cctype>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <libsession/json.hpp>
#include <libsession/socket_io_codec.hpp>

namespace {

// Bytes as a C-like literal so binary attachments and the U+001E separator stay readable.
std::string printable(std::string_view bytes) {
  std::string out;
  for (unsigned char c : bytes) {
    if (std::isprint(c) != 0) {
      out += static_cast<char>(c);
    } else {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    }
  }
  return out;
}

void printEnginePackets(const std::vector<libsession::engineio::Packet>& packets) {
  for (const auto& p : packets) {
    std::printf("  %-7s %-6s \"%s\"\n", libsession::engineio::toString(p.type),
                p.binary ? "binary" : "text", printable(p.data).c_str());
  }
}

int fail(const char* step, std::error_code ec) {
  std::fprintf(stderr, "%s failed: %s\n", step, ec.message().c_str());
  return 1;
}

}  // namespace

int main() {
  using namespace libsession;

  // socket.emit("upload", {name: "a.bin"}, Buffer.from([0, 1, 2, 3]), ack) on namespace /files.
  const unsigned char file[] = {0x00, 0x01, 0x02, 0x03};
  socketio::Packet original;
  original.type = socketio::PacketType::event;
  original.nsp = "/files";
  original.id = 7;
  original.data = Value::array(
      {"upload", Value::object({{"name", "a.bin"}}), Value::binary(file, sizeof file)});
  std::printf("1. Socket.IO packet: %s on %s, ack id %llu, data %s\n",
              socketio::toString(original.type), original.nsp.c_str(),
              static_cast<unsigned long long>(*original.id), toJson(*original.data).c_str());

  SocketIoCodec server;
  std::vector<engineio::Packet> messages;
  if (auto ec = server.encode(original, messages)) return fail("encode", ec);
  std::printf("2. Engine.IO packets (a text header, then one binary message per attachment):\n");
  printEnginePackets(messages);

  const std::string body = engineio::encodePayload(messages);
  std::printf("3. Long-polling body (\\x1e separates packets, binary as 'b' + base64):\n  \"%s\"\n",
              printable(body).c_str());

  SocketIoCodec client;
  std::vector<engineio::Packet> received;
  if (auto ec = client.decodePayload(body, received)) return fail("decodePayload", ec);
  std::printf("4. Decoded Engine.IO packets:\n");
  printEnginePackets(received);

  std::optional<socketio::Packet> decoded;
  for (const auto& message : received) {
    if (auto ec = client.decodeMessage(message, decoded)) return fail("decodeMessage", ec);
    std::printf("   fed %s message: %s\n", message.binary ? "binary" : "text",
                decoded ? "packet complete" : "awaiting attachments");
  }
  if (!decoded) {
    std::fprintf(stderr, "no packet decoded\n");
    return 1;
  }
  std::printf("5. Decoded Socket.IO packet: %s on %s, ack id %llu, data %s\n",
              socketio::toString(decoded->type), decoded->nsp.c_str(),
              static_cast<unsigned long long>(decoded->id.value_or(0)),
              decoded->data ? toJson(*decoded->data).c_str() : "(none)");

  const bool same = *decoded == original;
  std::printf("round trip: %s\n", same ? "identical" : "DIFFERENT");
  return same ? 0 : 1;
}
