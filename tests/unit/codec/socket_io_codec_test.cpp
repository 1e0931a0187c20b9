// SocketIoCodec end to end: WebSocket frames and polling bodies in, Socket.IO packets out, and
// back, with one set of limits for both layers.
#include <libsession/socket_io_codec.hpp>

#include <catch2/catch.hpp>

#include "test_printers.hpp"

#include <optional>
#include <string>
#include <vector>

using libsession::CodecLimits;
using libsession::Condition;
using libsession::Errc;
using libsession::SocketIoCodec;
using libsession::Value;
namespace eio = libsession::engineio;
namespace sio = libsession::socketio;

namespace {

sio::Packet event(Value data, std::string nsp = "/", std::optional<std::uint64_t> id = {}) {
  sio::Packet p;
  p.type = sio::PacketType::event;
  p.nsp = std::move(nsp);
  p.id = id;
  p.data = std::move(data);
  return p;
}

const std::string kPlaceholder0 = R"({"_placeholder":true,"num":0})";

}  // namespace

TEST_CASE("codec: a WebSocket session, frame by frame", "[socket_io_codec]") {
  SocketIoCodec codec;

  // Server -> client: the open packet, then the CONNECT answer.
  eio::Handshake handshake;
  handshake.sid = "s1";
  handshake.upgrades = {};
  const eio::Frame open =
      eio::encodeFrame(eio::Packet{eio::PacketType::open, eio::encodeHandshake(handshake), false});
  CHECK_FALSE(open.binary);
  CHECK(open.bytes ==
        R"(0{"sid":"s1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})");

  // Client -> server: CONNECT to "/" with auth.
  eio::Packet message;
  REQUIRE(codec.decodeFrame(R"(40{"token":"t"})", false, message) == std::error_code());
  CHECK(message == eio::Packet{eio::PacketType::message, R"(0{"token":"t"})", false});
  std::optional<sio::Packet> in;
  REQUIRE(codec.decodeMessage(message, in) == std::error_code());
  REQUIRE(in.has_value());
  CHECK(in->type == sio::PacketType::connect);
  CHECK(in->nsp == "/");
  CHECK(in->data == std::optional<Value>(Value::object({{"token", "t"}})));

  sio::Packet connected;
  connected.type = sio::PacketType::connect;
  connected.data = Value::object({{"sid", "abc"}});
  std::vector<eio::Packet> out;
  REQUIRE(codec.encode(connected, out) == std::error_code());
  REQUIRE(out.size() == 1);
  const eio::Frame connectFrame = eio::encodeFrame(out[0]);
  CHECK_FALSE(connectFrame.binary);
  CHECK(connectFrame.bytes == R"(40{"sid":"abc"})");

  // Client -> server: a binary event with an ack id, one text frame and one binary frame.
  REQUIRE(codec.decodeFrame(R"(451-/admin,3["upload",)" + kPlaceholder0 + "]", false, message) ==
          std::error_code());
  in.reset();
  REQUIRE(codec.decodeMessage(message, in) == std::error_code());
  CHECK_FALSE(in.has_value());
  CHECK(codec.awaitingAttachments());
  REQUIRE(codec.decodeFrame(std::string("\x00\x01", 2), true, message) == std::error_code());
  CHECK(message == eio::Packet{eio::PacketType::message, std::string("\x00\x01", 2), true});
  REQUIRE(codec.decodeMessage(message, in) == std::error_code());
  CHECK_FALSE(codec.awaitingAttachments());
  CHECK(in == std::optional<sio::Packet>(
                  event(Value::array({"upload", Value::Binary{0, 1}}), "/admin", 3)));

  // Server -> client: the binary ack, one text frame and one binary frame.
  sio::Packet ack;
  ack.type = sio::PacketType::ack;
  ack.nsp = "/admin";
  ack.id = 3;
  ack.data = Value::array({"ok", Value::Binary{0xde, 0xad}});
  out.clear();
  REQUIRE(codec.encode(ack, out) == std::error_code());
  REQUIRE(out.size() == 2);
  const eio::Frame ackText = eio::encodeFrame(out[0]);
  const eio::Frame ackBinary = eio::encodeFrame(out[1]);
  CHECK_FALSE(ackText.binary);
  CHECK(ackText.bytes == R"(461-/admin,3["ok",)" + kPlaceholder0 + "]");
  CHECK(ackBinary.binary);
  CHECK(ackBinary.bytes == "\xde\xad");
}

TEST_CASE("codec: a polling body carrying a binary event", "[socket_io_codec]") {
  SocketIoCodec codec;
  const std::string body =
      "2\x1e" R"(451-["file",)" + kPlaceholder0 + "]\x1e" "bAQID\x1e" R"(42["after"])";

  std::vector<eio::Packet> packets;
  REQUIRE(codec.decodePayload(body, packets) == std::error_code());
  REQUIRE(packets.size() == 4);
  CHECK(packets[0] == eio::Packet{eio::PacketType::ping, "", false});
  CHECK(packets[2] == eio::Packet{eio::PacketType::message, "\x01\x02\x03", true});

  std::vector<sio::Packet> decoded;
  for (const eio::Packet& p : packets) {
    if (p.type != eio::PacketType::message) continue;  // Engine.IO control packets stay below
    std::optional<sio::Packet> in;
    REQUIRE(codec.decodeMessage(p, in) == std::error_code());
    if (in) decoded.push_back(*in);
  }
  REQUIRE(decoded.size() == 2);
  CHECK(decoded[0] == event(Value::array({"file", Value::Binary{1, 2, 3}})));
  CHECK(decoded[1] == event(Value::array({"after"})));

  // And back: the same packets make the same body.
  std::vector<eio::Packet> outgoing{eio::Packet{eio::PacketType::ping, "", false}};
  for (const sio::Packet& p : decoded) {
    std::vector<eio::Packet> messages;
    REQUIRE(codec.encode(p, messages) == std::error_code());
    outgoing.insert(outgoing.end(), messages.begin(), messages.end());
  }
  CHECK(eio::encodePayload(outgoing) == body);
}

TEST_CASE("codec: one set of limits governs both layers", "[socket_io_codec]") {
  CodecLimits limits;
  limits.maxPayloadBytes = 48;
  limits.maxAttachments = 1;
  limits.maxNamespaceLength = 4;
  limits.maxJsonDepth = 2;
  SocketIoCodec codec(limits);
  CHECK(codec.limits().maxPayloadBytes == 48);
  CHECK(codec.limits().maxAttachments == 1);

  eio::Packet message;
  CHECK(codec.decodeFrame(std::string(49, '4'), false, message) == Errc::payload_too_large);
  CHECK(codec.decodeFrame(std::string(49, 'x'), true, message) == Errc::payload_too_large);
  std::vector<eio::Packet> packets;
  CHECK(codec.decodePayload("4" + std::string(48, 'x'), packets) == Errc::payload_too_large);

  // A fresh codec per message, so that one wrongly accepted header cannot affect the next check.
  const auto decodeMessage = [&limits](std::string text) {
    SocketIoCodec fresh(limits);
    std::optional<sio::Packet> in;
    return fresh.decodeMessage(eio::Packet{eio::PacketType::message, std::move(text), false}, in);
  };
  CHECK(decodeMessage(R"(2/abc,["x"])") == std::error_code());
  CHECK(decodeMessage(R"(51-["f",{"_placeholder":true,"num":0}])") == std::error_code());
  CHECK(decodeMessage(R"(52-["f",{},{}])") == Errc::too_many_attachments);
  CHECK(decodeMessage(R"(2/abcd,["x"])") == Errc::namespace_too_long);
  CHECK(decodeMessage(R"(2["x",[[1]]])") == Errc::json_too_deep);
  CHECK(decodeMessage(std::string(49, '2')) == Errc::payload_too_large);

  std::vector<eio::Packet> out;
  CHECK(codec.encode(event(Value::array({"f", Value::Binary{1}, Value::Binary{2}})), out) ==
        Errc::too_many_attachments);
  out.clear();
  CHECK(codec.encode(event(Value::array({"x"}), "/abcd"), out) == Errc::namespace_too_long);

  // Every error the codec reports is one of the two disconnect-worthy conditions.
  CHECK(std::error_code(Errc::payload_too_large) == Condition::limit_exceeded);
  CHECK(codec.decodeFrame("7", false, message) == Condition::protocol_violation);
}

TEST_CASE("codec: unexpected frames through the facade", "[socket_io_codec]") {
  SocketIoCodec codec;
  std::optional<sio::Packet> in;
  CHECK(codec.decodeMessage(eio::Packet{eio::PacketType::message, "x", true}, in) ==
        Errc::unexpected_binary);
  REQUIRE(codec.decodeMessage(
              eio::Packet{eio::PacketType::message, R"(51-["f",)" + kPlaceholder0 + "]", false},
              in) == std::error_code());
  CHECK(codec.awaitingAttachments());
  CHECK(codec.decodeMessage(eio::Packet{eio::PacketType::message, R"(2["x"])", false}, in) ==
        Errc::unexpected_text);
  CHECK_FALSE(codec.awaitingAttachments());
  in.reset();
  REQUIRE(codec.decodeMessage(eio::Packet{eio::PacketType::message, R"(2["x"])", false}, in) ==
          std::error_code());
  CHECK(in == std::optional<sio::Packet>(event(Value::array({"x"}))));
}
