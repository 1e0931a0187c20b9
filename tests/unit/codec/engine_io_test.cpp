// Engine.IO v4: packet types, WebSocket frames, long-polling bodies and the handshake.
// Expected bytes match engine.io-parser 5 (encodePacket / encodePayload).
#include <libsession/codec/engine_io.hpp>

#include <catch2/catch.hpp>

#include "test_printers.hpp"

#include <string>
#include <vector>

using libsession::CodecLimits;
using libsession::Errc;
namespace eio = libsession::engineio;
using eio::Packet;
using eio::PacketType;

namespace {

Packet textPacket(PacketType type, std::string data = {}) {
  return Packet{type, std::move(data), false};
}

Packet binaryPacket(std::string bytes) {
  return Packet{PacketType::message, std::move(bytes), true};
}

Packet decodeFrameOk(std::string_view bytes, bool binary, const CodecLimits& limits = {}) {
  Packet out;
  const std::error_code ec = eio::decodeFrame(bytes, binary, out, limits);
  INFO("frame: " << libsession::testing::quoteBytes(std::string(bytes)) << (binary ? " binary" : " text"));
  REQUIRE(ec == std::error_code());
  return out;
}

std::error_code decodeFrameErr(std::string_view bytes, bool binary, const CodecLimits& limits = {}) {
  Packet out;
  return eio::decodeFrame(bytes, binary, out, limits);
}

std::vector<Packet> decodePayloadOk(std::string_view body, const CodecLimits& limits = {}) {
  std::vector<Packet> out;
  const std::error_code ec = eio::decodePayload(body, out, limits);
  INFO("body: " << libsession::testing::quoteBytes(std::string(body)));
  REQUIRE(ec == std::error_code());
  return out;
}

std::error_code decodePayloadErr(std::string_view body, const CodecLimits& limits = {}) {
  std::vector<Packet> out;
  return eio::decodePayload(body, out, limits);
}

CodecLimits smallPayload(std::size_t bytes) {
  CodecLimits limits;
  limits.maxPayloadBytes = bytes;
  return limits;
}

const char* const kHandshakeJson =
    R"({"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})";

}  // namespace

TEST_CASE("engineio: protocol constants", "[engine_io]") {
  CHECK(eio::kProtocolVersion == 4);
  CHECK(eio::kRecordSeparator == '\x1e');
  CHECK(CodecLimits{}.maxPayloadBytes == 1'000'000);
}

TEST_CASE("engineio: toChar and toString for every packet type", "[engine_io]") {
  CHECK(eio::toChar(PacketType::open) == '0');
  CHECK(eio::toChar(PacketType::close) == '1');
  CHECK(eio::toChar(PacketType::ping) == '2');
  CHECK(eio::toChar(PacketType::pong) == '3');
  CHECK(eio::toChar(PacketType::message) == '4');
  CHECK(eio::toChar(PacketType::upgrade) == '5');
  CHECK(eio::toChar(PacketType::noop) == '6');
  CHECK(std::string(eio::toString(PacketType::open)) == "open");
  CHECK(std::string(eio::toString(PacketType::close)) == "close");
  CHECK(std::string(eio::toString(PacketType::ping)) == "ping");
  CHECK(std::string(eio::toString(PacketType::pong)) == "pong");
  CHECK(std::string(eio::toString(PacketType::message)) == "message");
  CHECK(std::string(eio::toString(PacketType::upgrade)) == "upgrade");
  CHECK(std::string(eio::toString(PacketType::noop)) == "noop");
}

TEST_CASE("engineio: every packet type as a WebSocket text frame, both directions", "[engine_io]") {
  struct Case {
    Packet packet;
    const char* wire;
  };
  const Case cases[] = {
      {textPacket(PacketType::open, kHandshakeJson), nullptr},
      {textPacket(PacketType::close), "1"},
      {textPacket(PacketType::ping), "2"},
      {textPacket(PacketType::ping, "probe"), "2probe"},
      {textPacket(PacketType::pong), "3"},
      {textPacket(PacketType::pong, "probe"), "3probe"},
      {textPacket(PacketType::message, "hello"), "4hello"},
      {textPacket(PacketType::message), "4"},
      {textPacket(PacketType::message, "2[\"chat\",\"h\xC3\xA9\"]"), "42[\"chat\",\"h\xC3\xA9\"]"},
      {textPacket(PacketType::upgrade), "5"},
      {textPacket(PacketType::noop), "6"},
  };
  for (const Case& c : cases) {
    const std::string wire = c.wire ? c.wire : std::string("0") + kHandshakeJson;
    INFO("wire: " << wire);
    const eio::Frame frame = eio::encodeFrame(c.packet);
    CHECK_FALSE(frame.binary);
    CHECK(frame.bytes == wire);
    CHECK(decodeFrameOk(wire, false) == c.packet);
  }
}

TEST_CASE("engineio: binary messages as WebSocket binary frames", "[engine_io]") {
  const std::string bytes("\x00\xff\x01\x1e\x80", 5);  // need not be UTF-8, may hold U+001E
  const eio::Frame frame = eio::encodeFrame(binaryPacket(bytes));
  CHECK(frame.binary);
  CHECK(frame.bytes == bytes);  // raw bytes, no type prefix in v4
  CHECK(decodeFrameOk(bytes, true) == binaryPacket(bytes));

  // Binary frames are always messages, whatever their first byte looks like.
  CHECK(decodeFrameOk("2probe", true) == binaryPacket("2probe"));
  CHECK(decodeFrameOk("b", true) == binaryPacket("b"));

  SECTION("empty binary message") {
    const eio::Frame empty = eio::encodeFrame(binaryPacket(""));
    CHECK(empty.binary);
    CHECK(empty.bytes.empty());
    CHECK(decodeFrameOk("", true) == binaryPacket(""));
  }
}

TEST_CASE("engineio: 'b' + base64 text frames are binary messages", "[engine_io]") {
  CHECK(decodeFrameOk("bAQID", false) == binaryPacket("\x01\x02\x03"));
  CHECK(decodeFrameOk("bAQI=", false) == binaryPacket("\x01\x02"));
  CHECK(decodeFrameOk("bAQI", false) == binaryPacket("\x01\x02"));
  CHECK(decodeFrameOk("b", false) == binaryPacket(""));
  CHECK(decodeFrameOk("b/wA=", false) == binaryPacket(std::string("\xff\x00", 2)));
}

TEST_CASE("engineio: frame decoding errors", "[engine_io]") {
  CHECK(decodeFrameErr("", false) == Errc::empty_packet);
  CHECK(decodeFrameErr("7", false) == Errc::unknown_packet_type);
  CHECK(decodeFrameErr("7hello", false) == Errc::unknown_packet_type);
  CHECK(decodeFrameErr("9", false) == Errc::unknown_packet_type);
  CHECK(decodeFrameErr("x", false) == Errc::unknown_packet_type);
  CHECK(decodeFrameErr("Bhello", false) == Errc::unknown_packet_type);
  CHECK(decodeFrameErr(" 4", false) == Errc::unknown_packet_type);
  CHECK(decodeFrameErr("bZ!", false) == Errc::invalid_base64);
  CHECK(decodeFrameErr("bA", false) == Errc::invalid_base64);
  CHECK(decodeFrameErr("b====", false) == Errc::invalid_base64);
  CHECK(decodeFrameErr("4\xff", false) == Errc::invalid_utf8);
  CHECK(decodeFrameErr("4ok\xc3", false) == Errc::invalid_utf8);
  CHECK(decodeFrameErr("2\xed\xa0\x80", false) == Errc::invalid_utf8);
  CHECK(decodeFrameErr("\xc3\xa9", false) != std::error_code());
}

TEST_CASE("engineio: frames larger than maxPayloadBytes", "[engine_io]") {
  const CodecLimits limits = smallPayload(8);
  CHECK(decodeFrameOk("4abcdefg", false, limits) == textPacket(PacketType::message, "abcdefg"));
  CHECK(decodeFrameErr("4abcdefgh", false, limits) == Errc::payload_too_large);
  CHECK(decodeFrameOk("12345678", true, limits) == binaryPacket("12345678"));
  CHECK(decodeFrameErr("123456789", true, limits) == Errc::payload_too_large);
  CHECK(decodeFrameErr("bMTIzNDU2Nzg5", false, limits) == Errc::payload_too_large);
  CHECK(decodeFrameErr(std::string(2'000'000, '4'), false) == Errc::payload_too_large);
  CHECK(decodeFrameErr(std::string(1'000'001, 'x'), true) == Errc::payload_too_large);
  CHECK(decodeFrameOk(std::string(1'000'000, 'x'), true).data.size() == 1'000'000);
}

TEST_CASE("engineio: polling payload with several packets, both directions", "[engine_io]") {
  const std::vector<Packet> packets = {
      textPacket(PacketType::message, "hello"),
      binaryPacket("\x01\x02\x03"),
      textPacket(PacketType::ping),
      textPacket(PacketType::message),
      textPacket(PacketType::noop),
      textPacket(PacketType::message, "42[\"a\"]"),
  };
  const std::string body = "4hello\x1e" "bAQID\x1e" "2\x1e" "4\x1e" "6\x1e" "442[\"a\"]";
  CHECK(eio::encodePayload(packets) == body);
  CHECK(decodePayloadOk(body) == packets);
}

TEST_CASE("engineio: polling payload edge cases", "[engine_io]") {
  CHECK(eio::encodePayload({textPacket(PacketType::pong, "probe")}) == "3probe");
  CHECK(decodePayloadOk("3probe") == std::vector<Packet>{textPacket(PacketType::pong, "probe")});
  CHECK(eio::encodePayload({textPacket(PacketType::noop)}) == "6");
  CHECK(eio::encodePayload({binaryPacket("")}) == "b");
  CHECK(decodePayloadOk("b") == std::vector<Packet>{binaryPacket("")});
  CHECK(eio::encodePayload({binaryPacket("\xfb\xff")}) == "b+/8=");
  CHECK(decodePayloadOk("b+/8=\x1e" "b+/8") ==
        std::vector<Packet>{binaryPacket("\xfb\xff"), binaryPacket("\xfb\xff")});
  // Empty data and no data are the same thing: "4" is an empty message.
  CHECK(decodePayloadOk("4\x1e" "4") ==
        std::vector<Packet>{textPacket(PacketType::message), textPacket(PacketType::message)});
  CHECK(eio::encodePayload({textPacket(PacketType::message, ""), textPacket(PacketType::close)}) ==
        "4\x1e" "1");
  CHECK(decodePayloadOk("1") == std::vector<Packet>{textPacket(PacketType::close)});
}

TEST_CASE("engineio: polling payload errors reject the whole body", "[engine_io]") {
  CHECK(decodePayloadErr("") == Errc::empty_packet);
  CHECK(decodePayloadErr("\x1e") == Errc::empty_packet);
  CHECK(decodePayloadErr("4a\x1e") == Errc::empty_packet);
  CHECK(decodePayloadErr("4a\x1e\x1e" "4b") == Errc::empty_packet);
  CHECK(decodePayloadErr("4a\x1e" "7") == Errc::unknown_packet_type);
  CHECK(decodePayloadErr("x\x1e" "4a") == Errc::unknown_packet_type);
  CHECK(decodePayloadErr("4a\x1e" "bZ!") == Errc::invalid_base64);
  CHECK(decodePayloadErr("4\xff") == Errc::invalid_utf8);
  CHECK(decodePayloadErr("4ok\x1e" "4\xe2\x82") == Errc::invalid_utf8);

  const CodecLimits limits = smallPayload(8);
  CHECK(decodePayloadOk("4abc\x1e" "4de", limits).size() == 2);        // 8 bytes
  CHECK(decodePayloadErr("4abc\x1e" "4def", limits) == Errc::payload_too_large);  // 9 bytes
  CHECK(decodePayloadErr(std::string(1'000'001, '4')) == Errc::payload_too_large);
}

TEST_CASE("engineio: handshake encodes with the reference server's key order", "[engine_io]") {
  eio::Handshake h;
  h.sid = "abc";
  h.upgrades = {"websocket"};
  CHECK(eio::encodeHandshake(h) == kHandshakeJson);

  h.sid = "a\"b";
  h.upgrades = {};
  h.pingInterval = 300;
  h.pingTimeout = 200;
  h.maxPayload = 9007199254740991ULL;
  CHECK(eio::encodeHandshake(h) ==
        R"({"sid":"a\"b","upgrades":[],"pingInterval":300,"pingTimeout":200,"maxPayload":9007199254740991})");

  const eio::Frame frame = eio::encodeFrame(textPacket(PacketType::open, eio::encodeHandshake(h)));
  CHECK(frame.bytes.front() == '0');
}

TEST_CASE("engineio: handshake decodes", "[engine_io]") {
  eio::Handshake expected;
  expected.sid = "abc";
  expected.upgrades = {"websocket"};

  eio::Handshake h;
  REQUIRE(eio::decodeHandshake(kHandshakeJson, h) == std::error_code());
  CHECK(h == expected);

  eio::Handshake h2;
  REQUIRE(eio::decodeHandshake(
              R"( {"maxPayload":5,"pingTimeout":4,"pingInterval":3,"upgrades":["websocket","webtransport"],"sid":"s","extra":[1]} )",
              h2) == std::error_code());
  CHECK(h2.sid == "s");
  CHECK(h2.upgrades == std::vector<std::string>{"websocket", "webtransport"});
  CHECK(h2.pingInterval == 3);
  CHECK(h2.pingTimeout == 4);
  CHECK(h2.maxPayload == 5);

  eio::Handshake h3;
  REQUIRE(eio::decodeHandshake(
              R"({"sid":"x","upgrades":[],"pingInterval":0,"pingTimeout":0,"maxPayload":0})", h3) ==
          std::error_code());
  CHECK(h3.upgrades.empty());
  CHECK(h3.pingInterval == 0);

  // encode -> decode is the identity
  eio::Handshake h4;
  REQUIRE(eio::decodeHandshake(eio::encodeHandshake(h2), h4) == std::error_code());
  CHECK(h4 == h2);
}

TEST_CASE("engineio: handshake decoding errors", "[engine_io]") {
  const char* const missingOrMistyped[] = {
      R"({"upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})",
      R"({"sid":"abc","pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})",
      R"({"sid":"abc","upgrades":["websocket"],"pingTimeout":20000,"maxPayload":1000000})",
      R"({"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"maxPayload":1000000})",
      R"({"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000})",
      R"({"sid":1,"upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})",
      R"({"sid":null,"upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})",
      R"({"sid":"abc","upgrades":"websocket","pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})",
      R"({"sid":"abc","upgrades":[1],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000})",
      R"({"sid":"abc","upgrades":["websocket"],"pingInterval":"25000","pingTimeout":20000,"maxPayload":1000000})",
      R"({"sid":"abc","upgrades":["websocket"],"pingInterval":-1,"pingTimeout":20000,"maxPayload":1000000})",
      R"({"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":true,"maxPayload":1000000})",
      R"({"sid":"abc","upgrades":["websocket"],"pingInterval":25000,"pingTimeout":20000,"maxPayload":null})",
      R"([])",
      R"("abc")",
      R"(null)",
      R"(25000)",
  };
  for (const char* json : missingOrMistyped) {
    INFO(json);
    eio::Handshake h;
    CHECK(eio::decodeHandshake(json, h) == Errc::invalid_handshake);
  }
  eio::Handshake h;
  CHECK(eio::decodeHandshake("", h) == Errc::invalid_json);
  CHECK(eio::decodeHandshake("{", h) == Errc::invalid_json);
  CHECK(eio::decodeHandshake(R"({"sid":"abc",})", h) == Errc::invalid_json);
  CHECK(eio::decodeHandshake(std::string(kHandshakeJson) + "x", h) == Errc::invalid_json);
}
