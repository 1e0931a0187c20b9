// Socket.IO v5: every packet type encoded and decoded, binary attachments split and joined,
// the validity rules, and every decoding error. Expected text matches socket.io-parser 4.2's
// Encoder output byte for byte.
#include <libsession/codec/socket_io.hpp>

#include <catch2/catch.hpp>

#include "test_printers.hpp"

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

using libsession::CodecLimits;
using libsession::Errc;
using libsession::Value;
namespace eio = libsession::engineio;
namespace sio = libsession::socketio;
using sio::PacketType;

namespace {

using Binary = Value::Binary;
using Messages = std::vector<eio::Packet>;

sio::Packet packet(PacketType type, std::string nsp = "/", std::optional<std::uint64_t> id = {},
                   std::optional<Value> data = {}) {
  sio::Packet p;
  p.type = type;
  p.nsp = std::move(nsp);
  p.id = id;
  p.data = std::move(data);
  return p;
}

eio::Packet text(std::string s) { return eio::Packet{eio::PacketType::message, std::move(s), false}; }
eio::Packet bin(std::string s) { return eio::Packet{eio::PacketType::message, std::move(s), true}; }

std::string ph(int num) {
  return R"({"_placeholder":true,"num":)" + std::to_string(num) + "}";
}

Messages encodeOk(const sio::Packet& p, const CodecLimits& limits = {}) {
  Messages out;
  const std::error_code ec = sio::encodePacket(p, out, limits);
  INFO("packet: " << Catch::StringMaker<sio::Packet>::convert(p));
  REQUIRE(ec == std::error_code());
  return out;
}

std::error_code encodeErr(const sio::Packet& p, const CodecLimits& limits = {}) {
  Messages out;
  return sio::encodePacket(p, out, limits);
}

// Feeds every message to a fresh decoder; the packet must complete exactly on the last one.
sio::Packet decodeOk(const Messages& messages, const CodecLimits& limits = {}) {
  sio::Decoder decoder(limits);
  std::optional<sio::Packet> out;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    INFO("message " << i << ": " << Catch::StringMaker<eio::Packet>::convert(messages[i]));
    out.reset();
    REQUIRE(decoder.feed(messages[i], out) == std::error_code());
    const bool last = i + 1 == messages.size();
    REQUIRE(out.has_value() == last);
    CHECK(decoder.awaitingAttachments() == !last);
  }
  REQUIRE(out.has_value());
  return *out;
}

sio::Packet decodeOk(std::string s, const CodecLimits& limits = {}) {
  return decodeOk(Messages{text(std::move(s))}, limits);
}

// Feeds messages until the first error and returns it (success if none occurred).
std::error_code decodeErr(const Messages& messages, const CodecLimits& limits = {}) {
  sio::Decoder decoder(limits);
  for (const eio::Packet& m : messages) {
    std::optional<sio::Packet> out;
    const std::error_code ec = decoder.feed(m, out);
    if (ec) {
      CHECK_FALSE(out.has_value());
      CHECK_FALSE(decoder.awaitingAttachments());
      return ec;
    }
  }
  return {};
}

std::error_code decodeErr(std::string s, const CodecLimits& limits = {}) {
  return decodeErr(Messages{text(std::move(s))}, limits);
}

// What a decoder reports for an encoded packet: binary types become event/ack.
sio::Packet normalised(sio::Packet p) {
  if (p.type == PacketType::binary_event) p.type = PacketType::event;
  if (p.type == PacketType::binary_ack) p.type = PacketType::ack;
  return p;
}

struct WireCase {
  sio::Packet packet;
  Messages wire;
};

// Packets and their exact wire form (socket.io-parser Encoder output), used in both directions.
std::vector<WireCase> wireCases() {
  const Value placeholderFree = Value::object({{"_placeholder", false}, {"num", 0}});
  return {
      {packet(PacketType::connect), {text("0")}},
      {packet(PacketType::connect, "/", {}, Value::object({{"token", "x"}})),
       {text(R"(0{"token":"x"})")}},
      {packet(PacketType::connect, "/admin", {}, Value::object({{"token", "x"}})),
       {text(R"(0/admin,{"token":"x"})")}},
      {packet(PacketType::connect, "/admin"), {text("0/admin,")}},
      {packet(PacketType::connect, "/admin", {}, Value::object({})), {text("0/admin,{}")}},
      {packet(PacketType::disconnect), {text("1")}},
      {packet(PacketType::disconnect, "/admin"), {text("1/admin,")}},
      {packet(PacketType::event, "/", {}, Value::array({"hello", 1})), {text(R"(2["hello",1])")}},
      {packet(PacketType::event, "/", 12, Value::array({"x"})), {text(R"(212["x"])")}},
      {packet(PacketType::event, "/", 0, Value::array({"x"})), {text(R"(20["x"])")}},
      {packet(PacketType::event, "/admin", 7, Value::array({"x"})), {text(R"(2/admin,7["x"])")}},
      {packet(PacketType::event, "/admin", {}, Value::array({"x", nullptr, true})),
       {text(R"(2/admin,["x",null,true])")}},
      {packet(PacketType::event, "/", {}, Value::array({1, "a"})), {text(R"(2[1,"a"])")}},
      {packet(PacketType::event, "/", {}, Value::array({-2.5})), {text(R"(2[-2.5])")}},
      {packet(PacketType::event, "/", {}, Value::array({"connected"})), {text(R"(2["connected"])")}},
      {packet(PacketType::event, "/", {}, Value::array({"", "\xC3\xA9\n"})),
       {text("2[\"\",\"\xC3\xA9\\n\"]")}},
      {packet(PacketType::event, "/", {}, Value::array({"x", placeholderFree})),
       {text(R"(2["x",{"_placeholder":false,"num":0}])")}},
      {packet(PacketType::event, "/", sio::kMaxAckId, Value::array({"x"})),
       {text(R"(29007199254740991["x"])")}},
      {packet(PacketType::ack, "/admin", 7, Value::array({})), {text("3/admin,7[]")}},
      {packet(PacketType::ack, "/", 0, Value::array({"ok", Value::object({{"a", 1}})})),
       {text(R"(30["ok",{"a":1}])")}},
      {packet(PacketType::connect_error, "/", {}, Value::object({{"message", "Invalid namespace"}})),
       {text(R"(4{"message":"Invalid namespace"})")}},
      {packet(PacketType::connect_error, "/", {}, Value("Invalid namespace")),
       {text(R"(4"Invalid namespace")")}},
      {packet(PacketType::connect_error, "/admin", {},
              Value::object({{"message", "no"}, {"data", Value::object({{"code", 3}})}})),
       {text(R"(4/admin,{"message":"no","data":{"code":3}})")}},
      // Binary: placeholders numbered depth-first in document order, attachments in that order.
      {packet(PacketType::event, "/", {}, Value::array({"file", Binary{1, 2, 3}})),
       {text(R"(51-["file",)" + ph(0) + "]"), bin("\x01\x02\x03")}},
      {packet(PacketType::event, "/", {}, Value::array({"empty", Binary{}})),
       {text(R"(51-["empty",)" + ph(0) + "]"), bin("")}},
      {packet(PacketType::event, "/admin", 3, Value::array({"up", Binary{0xff}})),
       {text(R"(51-/admin,3["up",)" + ph(0) + "]"), bin("\xff")}},
      {packet(PacketType::event, "/", {},
              Value::array({"x",
                            Value::array({Binary{1}, Value::object({{"a", Binary{2}},
                                                                    {"b", Value::array({Binary{3}})}})}),
                            Binary{4}})),
       {text(R"(54-["x",[)" + ph(0) + R"(,{"a":)" + ph(1) + R"(,"b":[)" + ph(2) + "]}]," + ph(3) +
             "]"),
        bin("\x01"), bin("\x02"), bin("\x03"), bin("\x04")}},
      {packet(PacketType::event, "/", {},
              Value::array({"o", Value::object({{"z", Binary{9}}, {"a", Binary{8}}})})),
       {text(R"(52-["o",{"z":)" + ph(0) + R"(,"a":)" + ph(1) + "}]"), bin("\x09"), bin("\x08")}},
      {packet(PacketType::ack, "/admin", 5, Value::array({Binary{1}})),
       {text("61-/admin,5[" + ph(0) + "]"), bin("\x01")}},
      {packet(PacketType::ack, "/", 9, Value::array({"r", Binary{7}, Binary{7}})),
       {text(R"(62-9["r",)" + ph(0) + "," + ph(1) + "]"), bin("\x07"), bin("\x07")}},
  };
}

}  // namespace

TEST_CASE("socketio: constants and names", "[socket_io]") {
  CHECK(sio::kProtocolVersion == 5);
  CHECK(sio::kMaxAckId == 9007199254740991ULL);
  CHECK(CodecLimits{}.maxAttachments == 10);
  CHECK(CodecLimits{}.maxJsonDepth == 64);
  CHECK(CodecLimits{}.maxNamespaceLength == 256);
  CHECK(std::string(sio::toString(PacketType::connect)) == "CONNECT");
  CHECK(std::string(sio::toString(PacketType::disconnect)) == "DISCONNECT");
  CHECK(std::string(sio::toString(PacketType::event)) == "EVENT");
  CHECK(std::string(sio::toString(PacketType::ack)) == "ACK");
  CHECK(std::string(sio::toString(PacketType::connect_error)) == "CONNECT_ERROR");
  CHECK(std::string(sio::toString(PacketType::binary_event)) == "BINARY_EVENT");
  CHECK(std::string(sio::toString(PacketType::binary_ack)) == "BINARY_ACK");
}

TEST_CASE("socketio: reserved event names", "[socket_io]") {
  for (const char* name : {"connect", "connect_error", "disconnect", "disconnecting",
                           "newListener", "removeListener"}) {
    INFO(name);
    CHECK(sio::isReservedEventName(name));
  }
  for (const char* name : {"", "chat", "connected", "Connect", "CONNECT", "disconnect ",
                           "newlistener", "error", "message", "ping"}) {
    INFO(name);
    CHECK_FALSE(sio::isReservedEventName(name));
  }
}

TEST_CASE("socketio: every packet encodes to the exact wire form", "[socket_io]") {
  for (const WireCase& c : wireCases()) {
    INFO("packet: " << Catch::StringMaker<sio::Packet>::convert(c.packet));
    CHECK(sio::validatePacket(c.packet) == std::error_code());
    const Messages out = encodeOk(c.packet);
    CHECK(out == c.wire);
  }
}

TEST_CASE("socketio: every wire form decodes to the exact packet", "[socket_io]") {
  for (const WireCase& c : wireCases()) {
    INFO("text: " << c.wire.front().data);
    CHECK(decodeOk(c.wire) == normalised(c.packet));
  }
}

TEST_CASE("socketio: a decoded binary packet holds Binary values where the placeholders were",
          "[socket_io]") {
  sio::Decoder decoder;
  std::optional<sio::Packet> out;
  REQUIRE(decoder.feed(text(R"(51-["file",)" + ph(0) + "]"), out) == std::error_code());
  CHECK_FALSE(out.has_value());
  CHECK(decoder.awaitingAttachments());
  REQUIRE(decoder.feed(bin("\x01\x02\x03"), out) == std::error_code());
  REQUIRE(out.has_value());
  CHECK_FALSE(decoder.awaitingAttachments());
  CHECK(out->type == PacketType::event);
  CHECK(out->nsp == "/");
  CHECK_FALSE(out->id.has_value());
  REQUIRE(out->data.has_value());
  REQUIRE(out->data->isArray());
  const Value::Array& args = *out->data->asArray();
  REQUIRE(args.size() == 2);
  CHECK(args[0] == Value("file"));
  REQUIRE(args[1].isBinary());
  CHECK(*args[1].asBinary() == Binary{1, 2, 3});
}

TEST_CASE("socketio: placeholders are recognised whatever their key order", "[socket_io]") {
  CHECK(decodeOk(Messages{text(R"(51-["f",{"num":0,"_placeholder":true}])"), bin("a")}) ==
        packet(PacketType::event, "/", {}, Value::array({"f", Binary{'a'}})));
}

TEST_CASE("socketio: one decoder decodes packet after packet, interleaving binary and text",
          "[socket_io]") {
  sio::Decoder decoder;
  for (int round = 0; round < 3; ++round) {
    for (const WireCase& c : wireCases()) {
      std::optional<sio::Packet> out;
      for (std::size_t i = 0; i < c.wire.size(); ++i) {
        out.reset();
        REQUIRE(decoder.feed(c.wire[i], out) == std::error_code());
        CHECK(out.has_value() == (i + 1 == c.wire.size()));
      }
      REQUIRE(out.has_value());
      CHECK(*out == normalised(c.packet));
      CHECK_FALSE(decoder.awaitingAttachments());
    }
  }
}

TEST_CASE("socketio: binary_event and binary_ack are accepted as input to the encoder",
          "[socket_io]") {
  CHECK(encodeOk(packet(PacketType::binary_event, "/", {}, Value::array({"f", Binary{1}}))) ==
        Messages{text(R"(51-["f",)" + ph(0) + "]"), bin("\x01")});
  CHECK(encodeOk(packet(PacketType::binary_ack, "/", 4, Value::array({Binary{1}}))) ==
        Messages{text("61-4[" + ph(0) + "]"), bin("\x01")});
  // Without binary inside they are plain EVENT and ACK packets.
  CHECK(encodeOk(packet(PacketType::binary_event, "/", {}, Value::array({"f"}))) ==
        Messages{text(R"(2["f"])")});
  CHECK(encodeOk(packet(PacketType::binary_ack, "/", 4, Value::array({}))) ==
        Messages{text("34[]")});
}

TEST_CASE("socketio: attachment count limit when encoding", "[socket_io]") {
  Value::Array ten{"many"};
  for (int i = 0; i < 10; ++i) ten.push_back(Binary{static_cast<std::uint8_t>(i)});
  const Messages out = encodeOk(packet(PacketType::event, "/", {}, Value(ten)));
  REQUIRE(out.size() == 11);
  std::string expected = R"(510-["many")";
  for (int i = 0; i < 10; ++i) expected += "," + ph(i);
  CHECK(out[0] == text(expected + "]"));
  for (int i = 0; i < 10; ++i) CHECK(out[static_cast<std::size_t>(i) + 1] == bin(std::string(1, static_cast<char>(i))));
  CHECK(decodeOk(out) == packet(PacketType::event, "/", {}, Value(ten)));

  Value::Array eleven = ten;
  eleven.push_back(Binary{10});
  CHECK(encodeErr(packet(PacketType::event, "/", {}, Value(eleven))) == Errc::too_many_attachments);
  CHECK(encodeErr(packet(PacketType::ack, "/", 1, Value(eleven))) == Errc::too_many_attachments);

  CodecLimits two;
  two.maxAttachments = 2;
  CHECK(encodeOk(packet(PacketType::event, "/", {}, Value::array({"a", Binary{1}, Binary{2}})), two)
            .size() == 3);
  CHECK(encodeErr(packet(PacketType::event, "/", {},
                         Value::array({"a", Binary{1}, Value::object({{"b", Binary{2}}}), Binary{3}})),
                  two) == Errc::too_many_attachments);
}

TEST_CASE("socketio: validity rules per packet type", "[socket_io]") {
  const auto invalidPayload = [](const sio::Packet& p) {
    INFO("packet: " << Catch::StringMaker<sio::Packet>::convert(p));
    CHECK(sio::validatePacket(p) == Errc::invalid_payload);
    CHECK(encodeErr(p) == Errc::invalid_payload);
  };
  const auto valid = [](const sio::Packet& p) {
    INFO("packet: " << Catch::StringMaker<sio::Packet>::convert(p));
    CHECK(sio::validatePacket(p) == std::error_code());
  };

  SECTION("CONNECT: data absent or an object, never binary") {
    valid(packet(PacketType::connect));
    valid(packet(PacketType::connect, "/", {}, Value::object({})));
    invalidPayload(packet(PacketType::connect, "/", {}, Value::array({})));
    invalidPayload(packet(PacketType::connect, "/", {}, Value("x")));
    invalidPayload(packet(PacketType::connect, "/", {}, Value(1)));
    invalidPayload(packet(PacketType::connect, "/", {}, Value()));
    invalidPayload(packet(PacketType::connect, "/", {}, Value(Binary{1})));
    invalidPayload(packet(PacketType::connect, "/", {}, Value::object({{"a", Binary{1}}})));
  }
  SECTION("DISCONNECT: no data") {
    valid(packet(PacketType::disconnect, "/admin"));
    invalidPayload(packet(PacketType::disconnect, "/", {}, Value::object({})));
    invalidPayload(packet(PacketType::disconnect, "/", {}, Value()));
    invalidPayload(packet(PacketType::disconnect, "/", {}, Value::array({"x"})));
  }
  SECTION("EVENT: a non-empty array led by a number or an unreserved name") {
    valid(packet(PacketType::event, "/", {}, Value::array({1})));
    valid(packet(PacketType::event, "/", {}, Value::array({0.5, "x"})));
    valid(packet(PacketType::event, "/", {}, Value::array({""})));
    valid(packet(PacketType::event, "/", {}, Value::array({"x", Binary{1}})));
    invalidPayload(packet(PacketType::event));
    invalidPayload(packet(PacketType::event, "/admin", 3));
    invalidPayload(packet(PacketType::event, "/", {}, Value::array({})));
    invalidPayload(packet(PacketType::event, "/", {}, Value::object({})));
    invalidPayload(packet(PacketType::event, "/", {}, Value("x")));
    invalidPayload(packet(PacketType::event, "/", {}, Value()));
    invalidPayload(packet(PacketType::event, "/", {}, Value::array({true})));
    invalidPayload(packet(PacketType::event, "/", {}, Value::array({nullptr})));
    invalidPayload(packet(PacketType::event, "/", {}, Value::array({Value::object({})})));
    invalidPayload(packet(PacketType::event, "/", {}, Value::array({Value::array({"x"})})));
    invalidPayload(packet(PacketType::event, "/", {}, Value::array({Binary{1}, "x"})));
    for (const char* name : {"connect", "connect_error", "disconnect", "disconnecting",
                             "newListener", "removeListener"}) {
      invalidPayload(packet(PacketType::event, "/", {}, Value::array({name})));
      invalidPayload(packet(PacketType::event, "/", 1, Value::array({name, 1})));
      invalidPayload(packet(PacketType::binary_event, "/", {}, Value::array({name, Binary{1}})));
    }
  }
  SECTION("ACK: an array, with an ack id") {
    valid(packet(PacketType::ack, "/", 0, Value::array({})));
    valid(packet(PacketType::ack, "/", 1, Value::array({nullptr, Binary{}})));
    invalidPayload(packet(PacketType::ack, "/", 1));
    invalidPayload(packet(PacketType::ack, "/", 1, Value::object({})));
    invalidPayload(packet(PacketType::ack, "/", 1, Value("x")));
    invalidPayload(packet(PacketType::ack, "/", 1, Value()));
    // A missing id is reported as an ack-id error, not a payload error.
    for (const sio::Packet& p : {packet(PacketType::ack, "/", {}, Value::array({"x"})),
                                 packet(PacketType::ack, "/", {}, Value::array({})),
                                 packet(PacketType::binary_ack, "/", {}, Value::array({Binary{1}}))}) {
      INFO("packet: " << Catch::StringMaker<sio::Packet>::convert(p));
      CHECK(sio::validatePacket(p) == Errc::invalid_ack_id);
      CHECK(encodeErr(p) == Errc::invalid_ack_id);
    }
  }
  SECTION("CONNECT_ERROR: a string or an object, never binary") {
    valid(packet(PacketType::connect_error, "/", {}, Value("")));
    valid(packet(PacketType::connect_error, "/", {}, Value::object({})));
    invalidPayload(packet(PacketType::connect_error));
    invalidPayload(packet(PacketType::connect_error, "/", {}, Value(1)));
    invalidPayload(packet(PacketType::connect_error, "/", {}, Value()));
    invalidPayload(packet(PacketType::connect_error, "/", {}, Value::array({"x"})));
    invalidPayload(packet(PacketType::connect_error, "/", {}, Value(Binary{1})));
    invalidPayload(
        packet(PacketType::connect_error, "/", {}, Value::object({{"message", Binary{1}}})));
  }
}

TEST_CASE("socketio: namespace and ack id rules", "[socket_io]") {
  const Value args = Value::array({"x"});
  SECTION("namespaces start with '/' and contain no ','") {
    for (const char* nsp : {"", "admin", "admin/", " /admin", "/a,b", "/admin,", ","}) {
      INFO("nsp: '" << nsp << "'");
      const sio::Packet p = packet(PacketType::event, nsp, {}, args);
      CHECK(sio::validatePacket(p) == Errc::invalid_namespace);
      CHECK(encodeErr(p) == Errc::invalid_namespace);
    }
    CHECK(sio::validatePacket(packet(PacketType::event, "/a/b", {}, args)) == std::error_code());
    CHECK(sio::validatePacket(packet(PacketType::connect, "/\xC3\xA9 x")) == std::error_code());
  }
  SECTION("namespace length is limited in bytes, including the '/'") {
    const std::string longest = "/" + std::string(255, 'n');
    CHECK(encodeOk(packet(PacketType::event, longest, {}, args)) ==
          Messages{text("2" + longest + R"(,["x"])")});
    const std::string tooLong = longest + "n";
    CHECK(sio::validatePacket(packet(PacketType::event, tooLong, {}, args)) ==
          Errc::namespace_too_long);
    CHECK(encodeErr(packet(PacketType::connect, tooLong)) == Errc::namespace_too_long);

    CodecLimits limits;
    limits.maxNamespaceLength = 6;
    CHECK(sio::validatePacket(packet(PacketType::connect, "/admin"), limits) == std::error_code());
    CHECK(sio::validatePacket(packet(PacketType::connect, "/admin2"), limits) ==
          Errc::namespace_too_long);
    CHECK(encodeErr(packet(PacketType::connect, "/admin2"), limits) == Errc::namespace_too_long);
  }
  SECTION("ack ids stay below 2^53") {
    CHECK(sio::validatePacket(packet(PacketType::event, "/", sio::kMaxAckId, args)) ==
          std::error_code());
    CHECK(sio::validatePacket(packet(PacketType::event, "/", sio::kMaxAckId + 1, args)) ==
          Errc::invalid_ack_id);
    CHECK(encodeErr(packet(PacketType::event, "/", sio::kMaxAckId + 1, args)) ==
          Errc::invalid_ack_id);
    CHECK(encodeErr(packet(PacketType::ack, "/", std::numeric_limits<std::uint64_t>::max(),
                           Value::array({}))) == Errc::invalid_ack_id);
  }
}

TEST_CASE("socketio: namespace parsing", "[socket_io]") {
  CHECK(decodeOk("0/admin,") == packet(PacketType::connect, "/admin"));
  CHECK(decodeOk("0/admin") == packet(PacketType::connect, "/admin"));
  CHECK(decodeOk("0/admin,{}") == packet(PacketType::connect, "/admin", {}, Value::object({})));
  CHECK(decodeOk("1/admin,") == packet(PacketType::disconnect, "/admin"));
  CHECK(decodeOk("1/admin") == packet(PacketType::disconnect, "/admin"));
  CHECK(decodeOk(R"(2/a/b,["x"])") == packet(PacketType::event, "/a/b", {}, Value::array({"x"})));
  CHECK(decodeOk("0/\xC3\xA9,") == packet(PacketType::connect, "/\xC3\xA9"));
  // "2/admin" is namespace "/admin" and no data: an EVENT without data is invalid.
  CHECK(decodeErr("2/admin") == Errc::invalid_payload);
  CHECK(decodeErr("2/admin,") == Errc::invalid_payload);
  CHECK(decodeErr("3/admin,7") == Errc::invalid_payload);
}

TEST_CASE("socketio: decodeText leaves placeholders and reports the attachment count",
          "[socket_io]") {
  sio::Packet out;
  std::size_t attachments = 99;
  REQUIRE(sio::decodeText(R"(52-/admin,4["f",)" + ph(0) + "," + ph(1) + "]", out, {},
                          &attachments) == std::error_code());
  CHECK(attachments == 2);
  CHECK(out.type == PacketType::binary_event);
  CHECK(out.nsp == "/admin");
  CHECK(out.id == std::optional<std::uint64_t>(4));
  Value expected;
  REQUIRE(libsession::parseJson(R"(["f",)" + ph(0) + "," + ph(1) + "]", expected) ==
          std::error_code());
  CHECK(out.data == std::optional<Value>(expected));

  attachments = 99;
  REQUIRE(sio::decodeText("61-3[" + ph(0) + "]", out, {}, &attachments) == std::error_code());
  CHECK(attachments == 1);
  CHECK(out.type == PacketType::binary_ack);
  CHECK(out.id == std::optional<std::uint64_t>(3));

  attachments = 99;
  REQUIRE(sio::decodeText(R"(2/admin,7["x"])", out, {}, &attachments) == std::error_code());
  CHECK(attachments == 0);
  CHECK(out == packet(PacketType::event, "/admin", 7, Value::array({"x"})));

  REQUIRE(sio::decodeText("0", out) == std::error_code());  // attachments pointer may be null
  CHECK(out == packet(PacketType::connect));

  CHECK(sio::decodeText("", out) == Errc::empty_packet);
  CHECK(sio::decodeText("7", out) == Errc::unknown_packet_type);
  CHECK(sio::decodeText(R"(51-["f",)" + ph(1) + "]", out) == Errc::invalid_placeholder);
  CHECK(sio::decodeText(R"(511-["f",)" + ph(0) + "]", out) == Errc::too_many_attachments);
  CHECK(sio::decodeText(R"(2["connect"])", out) == Errc::invalid_payload);
}

TEST_CASE("socketio: decoding errors: type and attachment header", "[socket_io]") {
  CHECK(decodeErr("") == Errc::empty_packet);
  for (const char* s : {"7", "7[\"x\"]", "8", "9", "x", "-1", " 2[\"x\"]", "a[]"}) {
    INFO(s);
    CHECK(decodeErr(s) == Errc::unknown_packet_type);
  }
  const std::string args = R"(["x",)" + ph(0) + "]";
  const std::vector<std::string> badCounts = {"5-" + args, "50-" + args, "50-", "5x-" + args,
                                              "51x-" + args, "51" + args, "5" + args, "5", "51",
                                              "6-[]", "60-[]", "5-1-" + args};
  for (const std::string& s : badCounts) {
    INFO(s);
    CHECK(decodeErr(s) == Errc::invalid_attachment_count);
  }
  CHECK(decodeErr("511-" + args) == Errc::too_many_attachments);
  CHECK(decodeErr("611-[" + ph(0) + "]") == Errc::too_many_attachments);
  const std::error_code huge = decodeErr("5999999999999999999999999-" + args);
  CHECK((huge == Errc::too_many_attachments || huge == Errc::invalid_attachment_count));

  CodecLimits two;
  two.maxAttachments = 2;
  CHECK(decodeErr("53-" + args, two) == Errc::too_many_attachments);
  CHECK(decodeOk(Messages{text("52-" + std::string(R"(["x",)") + ph(0) + "," + ph(1) + "]"),
                          bin("a"), bin("b")},
                 two) == packet(PacketType::event, "/", {}, Value::array({"x", Binary{'a'}, Binary{'b'}})));
}

TEST_CASE("socketio: decoding errors: namespace and ack id", "[socket_io]") {
  const std::string longest = "/" + std::string(255, 'n');
  CHECK(decodeOk("2" + longest + R"(,["x"])") ==
        packet(PacketType::event, longest, {}, Value::array({"x"})));
  CHECK(decodeErr("2" + longest + R"(n,["x"])") == Errc::namespace_too_long);
  CHECK(decodeErr("0/" + std::string(100'000, 'n') + ",") == Errc::namespace_too_long);

  CHECK(decodeOk(R"(29007199254740991["x"])") ==
        packet(PacketType::event, "/", sio::kMaxAckId, Value::array({"x"})));
  CHECK(decodeErr(R"(29007199254740992["x"])") == Errc::invalid_ack_id);
  CHECK(decodeErr(R"(21234567890123456789012345["x"])") == Errc::invalid_ack_id);  // 25 digits
  CHECK(decodeErr(R"(2/admin,18446744073709551616["x"])") == Errc::invalid_ack_id);  // 2^64
  CHECK(decodeErr("39007199254740992[]") == Errc::invalid_ack_id);
  CHECK(decodeErr("61-9007199254740992[" + ph(0) + "]") == Errc::invalid_ack_id);
}

TEST_CASE("socketio: decoding errors: JSON", "[socket_io]") {
  for (const char* s : {R"(2["x")", R"(2["x"]])", "2{", "2hello", R"(0{"a":})", "4'x'",
                        R"(2/admin,["x")", R"(27["x",])", "0{}x", R"(2["x"] 1)",
                        R"(2["x","\udc00"])", R"(2["x","\ud800"])"}) {
    INFO(s);
    CHECK(decodeErr(s) == Errc::invalid_json);
  }
  CHECK(decodeErr("2[\"\xff\"]") == Errc::invalid_utf8);
  CHECK(decodeErr("0{\"k\":\"\xed\xa0\x80\"}") == Errc::invalid_utf8);

  // The EVENT array is one level; 63 more fit in the default 64.
  CHECK(decodeOk(R"(2["x",)" + std::string(63, '[') + std::string(63, ']') + "]").type ==
        PacketType::event);
  CHECK(decodeErr(R"(2["x",)" + std::string(64, '[') + std::string(64, ']') + "]") ==
        Errc::json_too_deep);
  CHECK(decodeErr("2" + std::string(999'999, '[')) == Errc::json_too_deep);  // within maxPayloadBytes

  CodecLimits shallow;
  shallow.maxJsonDepth = 2;
  CHECK(decodeOk(R"(2["x",[1]])", shallow).type == PacketType::event);
  CHECK(decodeErr(R"(2["x",[[1]]])", shallow) == Errc::json_too_deep);
  CHECK(decodeErr(R"(2["x",{"a":{}}])", shallow) == Errc::json_too_deep);
}

TEST_CASE("socketio: decoding errors: payload rules per type", "[socket_io]") {
  for (const char* s : {"0[]", R"(0"x")", "0null", "0/admin,[]", "1{}", "1[]", "1/admin,null",
                        "2", "2[]", "2{}", R"(2"x")", "2[true]", "2[null]", "2[{}]", "2[[]]",
                        "25", "31", "31{}", R"(3/admin,1"x")", "4", "4[]",
                        "4null", "41", "4/admin,"}) {
    INFO(s);
    CHECK(decodeErr(s) == Errc::invalid_payload);
  }
  for (const char* name : {"connect", "connect_error", "disconnect", "disconnecting",
                           "newListener", "removeListener"}) {
    INFO(name);
    CHECK(decodeErr(std::string(R"(2[")") + name + "\"]") == Errc::invalid_payload);
    CHECK(decodeErr(std::string(R"(2/admin,5[")") + name + "\",1]") == Errc::invalid_payload);
  }
  CHECK(decodeErr(R"(3["x"])") == Errc::invalid_ack_id);  // ACK without an id
  CHECK(decodeErr("3[]") == Errc::invalid_ack_id);
  // Binary packets follow the rules of EVENT and ACK.
  CHECK(decodeErr(Messages{text("51-" + ph(0)), bin("a")}) == Errc::invalid_payload);
  CHECK(decodeErr(Messages{text("51-[" + ph(0) + "]"), bin("a")}) == Errc::invalid_payload);
  CHECK(decodeErr(Messages{text(R"(51-["connect",)" + ph(0) + "]"), bin("a")}) ==
        Errc::invalid_payload);
  CHECK(decodeErr(Messages{text("61-[" + ph(0) + "]"), bin("a")}) == Errc::invalid_ack_id);
  CHECK(decodeErr(Messages{text("61-1" + ph(0)), bin("a")}) == Errc::invalid_payload);
  CHECK(decodeErr(Messages{text("51-"), bin("a")}) == Errc::invalid_payload);
}

TEST_CASE("socketio: decoding errors: placeholders", "[socket_io]") {
  const auto withPlaceholder = [](const std::string& placeholder) {
    return Messages{text(R"(51-["f",)" + placeholder + "]"), bin("a")};
  };
  CHECK(decodeErr(withPlaceholder(ph(1))) == Errc::invalid_placeholder);
  CHECK(decodeErr(withPlaceholder(ph(-1))) == Errc::invalid_placeholder);
  CHECK(decodeErr(withPlaceholder(ph(10))) == Errc::invalid_placeholder);
  CHECK(decodeErr(withPlaceholder(R"({"_placeholder":true,"num":0.5})")) ==
        Errc::invalid_placeholder);
  CHECK(decodeErr(withPlaceholder(R"({"_placeholder":true,"num":"0"})")) ==
        Errc::invalid_placeholder);
  CHECK(decodeErr(withPlaceholder(R"({"_placeholder":true,"num":null})")) ==
        Errc::invalid_placeholder);
  CHECK(decodeErr(withPlaceholder(R"({"_placeholder":true})")) == Errc::invalid_placeholder);
  CHECK(decodeErr(withPlaceholder(R"({"_placeholder":true,"num":1e300})")) ==
        Errc::invalid_placeholder);
  // In range for the header's count, but the header announced fewer attachments than referenced.
  CHECK(decodeErr(Messages{text(R"(52-["f",)" + ph(0) + "," + ph(2) + "]"), bin("a"), bin("b")}) ==
        Errc::invalid_placeholder);
}

TEST_CASE("socketio: unexpected binary and text frames", "[socket_io]") {
  SECTION("binary with no binary packet being joined") {
    CHECK(decodeErr(Messages{bin("a")}) == Errc::unexpected_binary);
    CHECK(decodeErr(Messages{text(R"(2["x"])"), bin("a")}) == Errc::unexpected_binary);
    CHECK(decodeErr(Messages{text(R"(51-["f",)" + ph(0) + "]"), bin("a"), bin("b")}) ==
          Errc::unexpected_binary);
  }
  SECTION("text while attachments are awaited") {
    sio::Decoder decoder;
    std::optional<sio::Packet> out;
    REQUIRE(decoder.feed(text(R"(52-["f",)" + ph(0) + "," + ph(1) + "]"), out) ==
            std::error_code());
    REQUIRE(decoder.feed(bin("a"), out) == std::error_code());
    CHECK(decoder.awaitingAttachments());
    out.reset();
    CHECK(decoder.feed(text(R"(2["y"])"), out) == Errc::unexpected_text);
    CHECK_FALSE(out.has_value());
    CHECK_FALSE(decoder.awaitingAttachments());
    // The half-joined packet is gone: its last attachment is now unexpected.
    CHECK(decoder.feed(bin("b"), out) == Errc::unexpected_binary);
    REQUIRE(decoder.feed(text(R"(2["z"])"), out) == std::error_code());
    CHECK(out == std::optional<sio::Packet>(packet(PacketType::event, "/", {}, Value::array({"z"}))));
  }
}

TEST_CASE("socketio: messages larger than maxPayloadBytes", "[socket_io]") {
  CodecLimits limits;
  limits.maxPayloadBytes = 16;
  const std::string sixteen = R"(2["0123456789a"])";
  REQUIRE(sixteen.size() == 16);
  CHECK(decodeOk(sixteen, limits) == packet(PacketType::event, "/", {}, Value::array({"0123456789a"})));
  CHECK(decodeErr(R"(2["0123456789ab"])", limits) == Errc::payload_too_large);
  sio::Packet out;
  CHECK(sio::decodeText(R"(2["0123456789ab"])", out, limits) == Errc::payload_too_large);

  limits.maxPayloadBytes = 64;
  const std::string header = R"(51-["f",)" + ph(0) + "]";
  REQUIRE(header.size() <= 64);
  CHECK(decodeOk(Messages{text(header), bin(std::string(64, 'a'))}, limits).data->asArray()->size() ==
        2);
  CHECK(decodeErr(Messages{text(header), bin(std::string(65, 'a'))}, limits) ==
        Errc::payload_too_large);
}

TEST_CASE("socketio: the decoder recovers after every kind of error", "[socket_io]") {
  const std::string args = R"(["x",)" + ph(0) + "]";
  const std::vector<Messages> bad = {
      {text("")},
      {text("7")},
      {text("5-" + args)},
      {text("511-" + args)},
      {text("2/" + std::string(300, 'n') + R"(,["x"])")},
      {text(R"(21234567890123456789012345["x"])")},
      {text(R"(2["x")")},
      {text("2[\"\xff\"]")},
      {text("2" + std::string(100, '['))},
      {text("2[]")},
      {text(R"(51-["f",)" + ph(3) + "]"), bin("a")},
      {bin("a")},
      {text("51-" + args), text(R"(2["y"])")},
  };
  sio::Decoder decoder;
  for (const Messages& messages : bad) {
    INFO("first message: " << Catch::StringMaker<eio::Packet>::convert(messages.front()));
    std::error_code ec;
    std::optional<sio::Packet> out;
    for (const eio::Packet& m : messages) {
      ec = decoder.feed(m, out);
      if (ec) break;
    }
    CHECK(ec);
    CHECK((ec == libsession::Condition::protocol_violation ||
           ec == libsession::Condition::limit_exceeded));
    CHECK_FALSE(decoder.awaitingAttachments());
    out.reset();
    REQUIRE(decoder.feed(text(R"(2["ok"])"), out) == std::error_code());
    CHECK(out == std::optional<sio::Packet>(packet(PacketType::event, "/", {}, Value::array({"ok"}))));
    out.reset();
    REQUIRE(decoder.feed(text(R"(51-["bin",)" + ph(0) + "]"), out) == std::error_code());
    REQUIRE(decoder.feed(bin("z"), out) == std::error_code());
    CHECK(out == std::optional<sio::Packet>(
                     packet(PacketType::event, "/", {}, Value::array({"bin", Binary{'z'}}))));
  }
}

TEST_CASE("socketio: reset forgets a half-joined packet", "[socket_io]") {
  sio::Decoder decoder;
  std::optional<sio::Packet> out;
  REQUIRE(decoder.feed(text(R"(51-["f",)" + ph(0) + "]"), out) == std::error_code());
  CHECK(decoder.awaitingAttachments());
  decoder.reset();
  CHECK_FALSE(decoder.awaitingAttachments());
  CHECK(decoder.feed(bin("a"), out) == Errc::unexpected_binary);
  CHECK_FALSE(out.has_value());
  CHECK(decoder.limits().maxAttachments == 10);
}

TEST_CASE("socketio codec: encodeEvent gives encodePacket's output without building the packet",
          "[codec][socketio]") {
  const Value::Array args{Value::object({{"id", "e1"}, {"n", 1.5}}), Value("two"), Value()};
  for (const std::string nsp : {"/", "/admin"}) {
    Value::Array data{Value("message")};
    data.insert(data.end(), args.begin(), args.end());
    const sio::Packet event = packet(PacketType::event, nsp, {}, Value(data));
    Messages expected;
    Messages actual;
    REQUIRE_FALSE(sio::encodePacket(event, expected));
    REQUIRE_FALSE(sio::encodeEvent(nsp, "message", args.data(), args.size(), actual));
    REQUIRE(actual.size() == expected.size());
    CHECK(actual.front().data == expected.front().data);
  }
  // Binary arguments become attachments, as with encodePacket.
  const Value file = Value::binary("ab", 2);
  Messages withBinary;
  REQUIRE_FALSE(sio::encodeEvent("/", "file", &file, 1, withBinary));
  REQUIRE(withBinary.size() == 2);
  CHECK(withBinary[0].data == R"(51-["file",{"_placeholder":true,"num":0}])");
  // Reserved event names are refused the same way.
  Messages refused;
  CHECK(sio::encodeEvent("/", "connect", nullptr, 0, refused));
  CHECK(refused.empty());
}
