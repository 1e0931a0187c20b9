// Uses libsession the way an application would after find_package(libsession): encodes
// socket.emit("hello", "world", 1) and prints the WebSocket frame the client would receive.
#include <cstdio>
#include <vector>

#include <libsession/socket_io_codec.hpp>
#include <libsession/version.hpp>

int main() {
  libsession::socketio::Packet packet;
  packet.data = libsession::Value::array({"hello", "world", 1});

  libsession::SocketIoCodec codec;
  std::vector<libsession::engineio::Packet> messages;
  if (auto ec = codec.encode(packet, messages); ec || messages.size() != 1) {
    std::fprintf(stderr, "encode failed: %s\n", ec.message().c_str());
    return 1;
  }
  const auto frame = libsession::engineio::encodeFrame(messages.front());
  std::printf("libsession %s\n%s\n", libsession::kVersion, frame.bytes.c_str());
  return 0;
}
