// Cross-check of libsession's wire codec against the reference npm parsers.
//
// reference.js runs engine.io-parser and socket.io-parser over corpus.js and writes reference.json
// (the CTest fixture `crosscheck_reference`); this test reads it with our own JSON parser and
// asserts, for every entry, that our codec writes the same bytes as the reference, decodes the
// reference's bytes to the same structure, decodes its own bytes back to the input, and rejects
// what the reference server rejects. Entries marked `divergence` assert our documented, stricter
// behaviour instead (see corpus.js); nothing else may differ. JSON text alone is checked too:
// parseJson then toJson against JSON.parse then JSON.stringify.
//
// The file is found through LIBSESSION_CROSSCHECK_REFERENCE (environment, then the path compiled
// in by CMake).
#include <libsession/codec/engine_io.hpp>
#include <libsession/codec/socket_io.hpp>
#include <libsession/error.hpp>
#include <libsession/json.hpp>
#include <libsession/value.hpp>

#include <catch2/catch.hpp>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

namespace eio = libsession::engineio;
namespace sio = libsession::socketio;
using libsession::Value;

namespace {

// ---- test-side representations, printable on failure -------------------------------------------

// Failure messages quote at most this much of a value: some entries are close to a megabyte.
constexpr std::size_t kQuoteLimit = 300;

std::string quote(std::string_view text) {
  std::string out;
  for (char c : text.substr(0, kQuoteLimit)) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7f || c == '\\') {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[u >> 4];
      out += kHex[u & 15];
    } else {
      out += c;
    }
  }
  if (text.size() > kQuoteLimit) out += "...";
  return out;
}

// Bytes compared as a whole; printed with their size and a prefix.
struct Bytes {
  std::string data;
  friend bool operator==(const Bytes& a, const Bytes& b) { return a.data == b.data; }
};

// An outcome: either an error or a value.
template <typename T> struct Outcome {
  bool error = false;
  std::string what;  // the error, for messages
  T value{};

  static Outcome failed(std::string why) { return Outcome{true, std::move(why), T{}}; }
  static Outcome ok(T v) { return Outcome{false, {}, std::move(v)}; }
  // Only the error/success distinction and the value take part: error codes differ by design.
  friend bool operator==(const Outcome& a, const Outcome& b) {
    return a.error == b.error && (a.error || a.value == b.value);
  }
};

using EioPackets = std::vector<eio::Packet>;
using SioPackets = std::vector<sio::Packet>;

}  // namespace

namespace Catch {
template <> struct StringMaker<Bytes> {
  static std::string convert(const Bytes& b) {
    return std::to_string(b.data.size()) + " bytes \"" + quote(b.data) + "\"";
  }
};
template <> struct StringMaker<Value> {
  static std::string convert(const Value& v) { return quote(libsession::toJson(v)); }
};
template <> struct StringMaker<eio::Packet> {
  static std::string convert(const eio::Packet& p) {
    return std::string("{") + eio::toString(p.type) + (p.binary ? " binary " : " ") +
           StringMaker<Bytes>::convert(Bytes{p.data}) + "}";
  }
};
template <> struct StringMaker<sio::Packet> {
  static std::string convert(const sio::Packet& p) {
    std::string out = std::string("{") + sio::toString(p.type) + " nsp=\"" + quote(p.nsp) + "\"";
    if (p.id) out += " id=" + std::to_string(*p.id);
    if (p.data) out += " data=" + StringMaker<Value>::convert(*p.data);
    return out + "}";
  }
};
template <typename T> std::string listString(const std::vector<T>& list) {
  std::string out = "[";
  for (std::size_t i = 0; i < list.size() && i < 8; ++i) {
    if (i) out += ", ";
    out += StringMaker<T>::convert(list[i]);
  }
  if (list.size() > 8) out += ", ... (" + std::to_string(list.size()) + " in all)";
  return out + "]";
}
template <> struct StringMaker<EioPackets> {
  static std::string convert(const EioPackets& list) { return listString(list); }
};
template <> struct StringMaker<SioPackets> {
  static std::string convert(const SioPackets& list) { return listString(list); }
};
template <typename T> struct StringMaker<Outcome<T>> {
  static std::string convert(const Outcome<T>& o) {
    return o.error ? "error(" + o.what + ")" : StringMaker<T>::convert(o.value);
  }
};
}  // namespace Catch

namespace {

// ---- reading reference.json --------------------------------------------------------------------

// Malformed reference data is a broken fixture, not a codec mismatch: it throws.
[[noreturn]] void malformed(const std::string& what) {
  throw std::runtime_error("reference.json: " + what);
}

const Value& at(const Value& object, std::string_view key) {
  const Value* v = object.find(key);
  if (v == nullptr) malformed("missing member \"" + std::string(key) + "\"");
  return *v;
}
const std::string& textOf(const Value& v) {
  if (!v.isString()) malformed("expected a string, got " + libsession::toJson(v));
  return *v.asString();
}
double numberOf(const Value& v) {
  if (!v.isNumber()) malformed("expected a number, got " + libsession::toJson(v));
  return *v.asNumber();
}
bool flag(const Value& object, std::string_view key) {
  const Value* v = object.find(key);
  return v != nullptr && v->isBool() && *v->asBool();
}

// Our own small decoder, so that reading the expectations does not depend on the codec's base64.
std::string base64Decode(std::string_view text) {
  static const auto table = [] {
    std::array<int, 256> t{};
    t.fill(-1);
    const std::string_view alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (std::size_t i = 0; i < alphabet.size(); ++i) {
      t[static_cast<unsigned char>(alphabet[i])] = static_cast<int>(i);
    }
    return t;
  }();
  std::string out;
  std::uint32_t group = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    const int sextet = table[static_cast<unsigned char>(c)];
    if (sextet < 0) malformed("bad base64");
    group = group << 6 | static_cast<std::uint32_t>(sextet);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>(group >> bits & 0xff));
    }
  }
  return out;
}

// {"$binary": "..."} is binary; {"$number": "NaN"} a number JSON cannot write.
const Value* single(const Value& v, std::string_view key) {
  const Value::Object* object = v.asObject();
  if (object == nullptr || object->size() != 1 || object->front().first != key) return nullptr;
  return &object->front().second;
}

Value fromWire(const Value& v) {
  if (const Value* b64 = single(v, "$binary")) {
    const std::string bytes = base64Decode(textOf(*b64));
    return Value::binary(bytes.data(), bytes.size());
  }
  if (const Value* number = single(v, "$number")) {
    const std::string& name = textOf(*number);
    if (name == "NaN") return Value(std::numeric_limits<double>::quiet_NaN());
    if (name == "Infinity") return Value(std::numeric_limits<double>::infinity());
    if (name == "-Infinity") return Value(-std::numeric_limits<double>::infinity());
    malformed("bad $number " + name);
  }
  if (const Value::Array* array = v.asArray()) {
    Value::Array out;
    out.reserve(array->size());
    for (const Value& item : *array) out.push_back(fromWire(item));
    return Value(std::move(out));
  }
  if (const Value::Object* object = v.asObject()) {
    Value::Object out;
    out.reserve(object->size());
    for (const auto& [key, item] : *object) out.emplace_back(key, fromWire(item));
    return Value(std::move(out));
  }
  return v;
}

// A frame: {"text"}, {"binary": $binary} or {"textBytes": $binary} (text given as raw bytes).
struct WireFrame {
  std::string bytes;
  bool binary = false;
};
WireFrame frameOf(const Value& frame) {
  if (const Value* text = frame.find("text")) return {textOf(*text), false};
  if (const Value* bin = frame.find("binary")) return {base64Decode(textOf(at(*bin, "$binary"))), true};
  if (const Value* raw = frame.find("textBytes")) return {base64Decode(textOf(at(*raw, "$binary"))), false};
  malformed("bad frame " + libsession::toJson(frame));
}

eio::Packet eioPacketOf(const Value& json) {
  eio::Packet packet;
  const std::string& type = textOf(at(json, "type"));
  bool known = false;
  for (int t = 0; t <= 6; ++t) {
    if (type == eio::toString(static_cast<eio::PacketType>(t))) {
      packet.type = static_cast<eio::PacketType>(t);
      known = true;
    }
  }
  if (!known) malformed("unknown Engine.IO type " + type);
  if (const Value* data = json.find("data")) {
    if (data->isString()) {
      packet.data = *data->asString();
    } else {
      packet.data = base64Decode(textOf(at(*data, "$binary")));
      packet.binary = true;
    }
  }
  return packet;
}

// Reference Engine.IO results: a list of packets, or {"error": true}.
Outcome<EioPackets> eioExpected(const Value& json) {
  if (json.isObject() && flag(json, "error")) return Outcome<EioPackets>::failed("reference error");
  if (!json.isArray()) malformed("expected a packet list");
  EioPackets packets;
  for (const Value& p : *json.asArray()) packets.push_back(eioPacketOf(p));
  return Outcome<EioPackets>::ok(std::move(packets));
}
Outcome<EioPackets> eioExpectedOne(const Value& json) {
  if (flag(json, "error")) return Outcome<EioPackets>::failed("reference error");
  return Outcome<EioPackets>::ok({eioPacketOf(json)});
}

sio::Packet sioPacketOf(const Value& json) {
  sio::Packet packet;
  const double type = numberOf(at(json, "type"));
  if (type < 0 || type > 6) malformed("bad Socket.IO type");
  packet.type = static_cast<sio::PacketType>(static_cast<int>(type));
  packet.nsp = textOf(at(json, "nsp"));
  if (const Value* id = json.find("id")) packet.id = static_cast<std::uint64_t>(numberOf(*id));
  if (const Value* data = json.find("data")) packet.data = fromWire(*data);
  return packet;
}

SioPackets sioPacketsOf(const Value& json) {
  if (!json.isArray()) malformed("expected a packet list");
  SioPackets packets;
  for (const Value& p : *json.asArray()) packets.push_back(sioPacketOf(p));
  return packets;
}

std::string referencePath() {
  if (const char* env = std::getenv("LIBSESSION_CROSSCHECK_REFERENCE"); env && *env) return env;
  return LIBSESSION_CROSSCHECK_REFERENCE;
}

Value loadReference() {
  const std::string path = referencePath();
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error("cannot read " + path +
                             ": run `ctest -R crosscheck` (its fixture writes it with node)");
  }
  std::ostringstream text;
  text << in.rdbuf();
  Value doc;
  // The corpus nests data a few levels inside the document and up to 1000 levels deep itself.
  libsession::JsonLimits limits;
  limits.maxDepth = 2048;
  if (std::error_code ec = libsession::parseJson(text.str(), doc, limits)) {
    throw std::runtime_error(path + " is not JSON we can read: " + ec.message());
  }
  return doc;
}

const Value::Array& entries() {
  static const Value doc = loadReference();
  return *at(doc, "entries").asArray();
}

std::vector<const Value*> entriesOfKind(std::string_view kind) {
  std::vector<const Value*> out;
  for (const Value& entry : entries()) {
    if (textOf(at(entry, "kind")) == kind) out.push_back(&entry);
  }
  return out;
}

bool expectsError(const Value& entry) {
  const Value* expect = entry.find("expect");
  return expect != nullptr && flag(*expect, "error");
}

// ---- running our codec -------------------------------------------------------------------------

Outcome<EioPackets> ourDecodeFrame(const WireFrame& frame) {
  eio::Packet packet;
  if (std::error_code ec = eio::decodeFrame(frame.bytes, frame.binary, packet)) {
    return Outcome<EioPackets>::failed(ec.message());
  }
  return Outcome<EioPackets>::ok({packet});
}

Outcome<EioPackets> ourDecodePayload(std::string_view body) {
  EioPackets packets;
  if (std::error_code ec = eio::decodePayload(body, packets)) {
    return Outcome<EioPackets>::failed(ec.message());
  }
  return Outcome<EioPackets>::ok(std::move(packets));
}

// What one Decoder makes of a sequence of Engine.IO messages: the packets completed before the
// first error, the index of the frame that failed, and whether a packet is still being joined.
struct SioRun {
  SioPackets packets;
  std::optional<std::size_t> errorFrame;
  std::string error;
  bool pending = false;
};

SioRun ourDecodeMessages(const std::vector<eio::Packet>& messages) {
  SioRun run;
  sio::Decoder decoder;
  for (std::size_t i = 0; i < messages.size(); ++i) {
    std::optional<sio::Packet> packet;
    if (std::error_code ec = decoder.feed(messages[i], packet)) {
      run.errorFrame = i;
      run.error = ec.message();
      return run;
    }
    if (packet) run.packets.push_back(std::move(*packet));
  }
  run.pending = decoder.awaitingAttachments();
  return run;
}

eio::Packet message(const WireFrame& frame) {
  eio::Packet packet;
  packet.type = eio::PacketType::message;
  packet.data = frame.bytes;
  packet.binary = frame.binary;
  return packet;
}

std::vector<eio::Packet> messagesOf(const Value& frames) {
  std::vector<eio::Packet> out;
  for (const Value& f : *frames.asArray()) out.push_back(message(frameOf(f)));
  return out;
}

// The decoded form of a packet: BINARY_EVENT/BINARY_ACK read back as EVENT/ACK.
sio::Packet decodedForm(sio::Packet packet) {
  if (packet.type == sio::PacketType::binary_event) packet.type = sio::PacketType::event;
  if (packet.type == sio::PacketType::binary_ack) packet.type = sio::PacketType::ack;
  return packet;
}

Outcome<SioPackets> outcomeOf(const SioRun& run) {
  if (run.errorFrame) return Outcome<SioPackets>::failed(run.error);
  if (run.pending) return Outcome<SioPackets>::failed("still awaiting attachments");
  return Outcome<SioPackets>::ok(run.packets);
}

// ---- the checks, one function per kind ---------------------------------------------------------

void checkEioPacket(const Value& entry) {
  const Value& ref = at(entry, "ref");
  const eio::Packet packet = eioPacketOf(at(entry, "packet"));

  // Encoding: the WebSocket frame and the polling form, byte for byte.
  const eio::Frame ours = eio::encodeFrame(packet);
  const WireFrame refWs = frameOf(at(ref, "ws"));
  CHECK(ours.binary == refWs.binary);
  CHECK(Bytes{ours.bytes} == Bytes{refWs.bytes});
  const std::string refPoll = textOf(at(ref, "poll"));
  const std::string ourPoll = eio::encodePayload({packet});
  CHECK(Bytes{ourPoll} == Bytes{refPoll});

  // Decoding the reference's bytes.
  CHECK(ourDecodeFrame(refWs) == eioExpectedOne(at(ref, "wsDecoded")));
  CHECK(ourDecodeFrame({refPoll, false}) == eioExpectedOne(at(ref, "pollDecoded")));
  CHECK(ourDecodePayload(refPoll) == eioExpected(at(ref, "pollPayloadDecoded")));

  // Our own bytes give the packet back.
  CHECK(ourDecodeFrame({ours.bytes, ours.binary}) == Outcome<EioPackets>::ok({packet}));
  CHECK(ourDecodeFrame({ourPoll, false}) == Outcome<EioPackets>::ok({packet}));
}

void checkEioPayload(const Value& entry) {
  const Value& ref = at(entry, "ref");
  EioPackets packets;
  for (const Value& p : *at(entry, "packets").asArray()) packets.push_back(eioPacketOf(p));

  const std::string refPayload = textOf(at(ref, "payload"));
  const std::string ourPayload = eio::encodePayload(packets);
  CHECK(Bytes{ourPayload} == Bytes{refPayload});

  const Outcome<EioPackets> refDecoded = eioExpected(at(ref, "decoded"));
  CHECK(ourDecodePayload(refPayload) == refDecoded);
  CHECK(ourDecodePayload(ourPayload) ==
        (entry.find("lossy") ? refDecoded : Outcome<EioPackets>::ok(packets)));
}

void checkEioWire(const Value& entry) {
  const WireFrame frame = frameOf(at(entry, "frame"));
  const bool ws = textOf(at(entry, "mode")) == "ws";
  const Outcome<EioPackets> ours = ws ? ourDecodeFrame(frame) : ourDecodePayload(frame.bytes);
  if (entry.find("divergence")) {
    INFO("divergence: " << textOf(at(entry, "divergence")));
    INFO("we decoded: " << Catch::Detail::stringify(ours));
    CHECK(expectsError(entry));
    CHECK(ours.error);
    return;
  }
  CHECK(ours == eioExpected(at(at(entry, "ref"), "decoded")));
}

void checkSioPacket(const Value& entry) {
  const Value& ref = at(entry, "ref");
  const sio::Packet packet = sioPacketOf(at(entry, "packet"));
  std::vector<eio::Packet> ours;
  const std::error_code ec = sio::encodePacket(packet, ours);

  const Value& refFrames = at(ref, "frames");
  if (entry.find("divergence")) {
    INFO("divergence: " << textOf(at(entry, "divergence")));
    INFO("we encoded: " << Catch::Detail::stringify(ours));
    if (flag(at(entry, "expect"), "decodeError")) {
      // Written like the reference writes it, but not read back: by design, see the reason.
      REQUIRE_FALSE(ec);
      CHECK(ours == messagesOf(refFrames));
      CHECK(ourDecodeMessages(ours).errorFrame.has_value());
      return;
    }
    CHECK(expectsError(entry));
    CHECK(ec);
    return;
  }
  if (!flag(ref, "valid")) {
    // The reference encoder writes anything; its own decoder or isPacketValid() rejects the result.
    INFO("reference frames: " << Catch::Detail::stringify(messagesOf(refFrames)));
    INFO("we encoded: " << Catch::Detail::stringify(ours));
    CHECK(ec);
    return;
  }
  INFO("encode error: " << ec.message());
  REQUIRE_FALSE(ec);

  // Encoding: one text message, then one binary message per attachment, byte for byte.
  const std::vector<eio::Packet> refMessages = messagesOf(refFrames);
  CHECK(ours.size() == refMessages.size());
  for (std::size_t i = 0; i < ours.size() && i < refMessages.size(); ++i) {
    INFO("frame " << i);
    CHECK(ours[i].type == eio::PacketType::message);
    CHECK(ours[i].binary == refMessages[i].binary);
    CHECK(Bytes{ours[i].data} == Bytes{refMessages[i].data});
  }

  // The same messages as one long-polling body, attachments in base64.
  const std::string refPayload = textOf(at(ref, "pollPayload"));
  CHECK(Bytes{eio::encodePayload(ours)} == Bytes{refPayload});

  // Decoding the reference's frames (sent over a WebSocket and by polling), and our own.
  const sio::Packet refDecoded = sioPacketOf(at(ref, "decoded"));
  CHECK(outcomeOf(ourDecodeMessages(refMessages)) == Outcome<SioPackets>::ok({refDecoded}));
  const Outcome<EioPackets> polled = ourDecodePayload(refPayload);
  CHECK_FALSE(polled.error);
  CHECK(outcomeOf(ourDecodeMessages(polled.value)) == Outcome<SioPackets>::ok({refDecoded}));
  const sio::Packet original = entry.find("lossy") ? refDecoded : decodedForm(packet);
  CHECK(outcomeOf(ourDecodeMessages(ours)) == Outcome<SioPackets>::ok({original}));
}

void checkSioWire(const Value& entry) {
  const SioRun ours = ourDecodeMessages(messagesOf(at(entry, "frames")));
  INFO("we decoded " << Catch::Detail::stringify(ours.packets)
                     << (ours.errorFrame ? ", then error at frame " + std::to_string(*ours.errorFrame) +
                                               ": " + ours.error
                                         : std::string(ours.pending ? ", awaiting attachments" : "")));

  if (entry.find("divergence")) {
    INFO("divergence: " << textOf(at(entry, "divergence")));
    const Value& expect = at(entry, "expect");
    if (flag(expect, "error")) {
      CHECK(ours.errorFrame.has_value());
      return;
    }
    // Packets whose data is given as JSON text, e.g. to keep a key order JavaScript changes.
    SioPackets expected;
    for (const Value& p : *at(expect, "packets").asArray()) {
      sio::Packet packet;
      packet.type = static_cast<sio::PacketType>(static_cast<int>(numberOf(at(p, "type"))));
      packet.nsp = textOf(at(p, "nsp"));
      if (const Value* id = p.find("id")) packet.id = static_cast<std::uint64_t>(numberOf(*id));
      Value data;
      if (libsession::parseJson(textOf(at(p, "dataJson")), data)) malformed("bad dataJson");
      packet.data = std::move(data);
      expected.push_back(std::move(packet));
    }
    CHECK_FALSE(ours.errorFrame.has_value());
    CHECK_FALSE(ours.pending);
    CHECK(ours.packets == expected);
    return;
  }

  const Value& ref = at(entry, "ref");
  CHECK(ours.packets == sioPacketsOf(at(ref, "packets")));
  const Value& refError = at(ref, "error");
  if (refError.isNull()) {
    CHECK_FALSE(ours.errorFrame.has_value());
    CHECK(ours.pending == flag(ref, "pending"));
  } else {
    // We may reject a bad binary packet at its header, before the reference (which checks the
    // placeholders once the last attachment is in), never later.
    INFO("reference error at frame " << numberOf(at(refError, "frame")) << ": "
                                     << textOf(at(refError, "message")));
    REQUIRE(ours.errorFrame.has_value());
    CHECK(static_cast<double>(*ours.errorFrame) <= numberOf(at(refError, "frame")));
  }
}

void checkJson(const Value& entry) {
  const std::string& text = textOf(at(entry, "text"));
  Value parsed;
  const std::error_code ec = libsession::parseJson(text, parsed);
  const Outcome<Bytes> ours =
      ec ? Outcome<Bytes>::failed(ec.message()) : Outcome<Bytes>::ok(Bytes{libsession::toJson(parsed)});
  INFO("input: " << Catch::Detail::stringify(Bytes{text}));
  if (entry.find("divergence")) {
    INFO("divergence: " << textOf(at(entry, "divergence")));
    INFO("we wrote: " << Catch::Detail::stringify(ours));
    CHECK(expectsError(entry));
    CHECK(ours.error);
    return;
  }
  const Value& ref = at(entry, "ref");
  const Outcome<Bytes> expected = flag(ref, "error") ? Outcome<Bytes>::failed("reference error")
                                                     : Outcome<Bytes>::ok(Bytes{textOf(at(ref, "json"))});
  CHECK(ours == expected);
}

void checkAll(std::string_view kind, void (*check)(const Value&)) {
  const std::vector<const Value*> list = entriesOfKind(kind);
  CHECK_FALSE(list.empty());
  for (const Value* entry : list) {
    // One scope per entry: the failure report names the entry and shows its input.
    DYNAMIC_SECTION(textOf(at(*entry, "name"))) {
      check(*entry);
    }
  }
}

}  // namespace

TEST_CASE("the corpus has at least 200 entries of every kind", "[crosscheck]") {
  CHECK(entries().size() >= 200);
  std::map<std::string, std::size_t> counts;
  for (const Value& entry : entries()) ++counts[textOf(at(entry, "kind"))];
  for (const char* kind : {"eio-packet", "eio-payload", "eio-wire", "sio-packet", "sio-wire", "json"}) {
    INFO(kind);
    CHECK(counts[kind] > 0);
  }
}

TEST_CASE("Engine.IO packets match engine.io-parser", "[crosscheck][engineio]") {
  checkAll("eio-packet", checkEioPacket);
}

TEST_CASE("Engine.IO polling payloads match engine.io-parser", "[crosscheck][engineio]") {
  checkAll("eio-payload", checkEioPayload);
}

TEST_CASE("Engine.IO wire input is decoded like engine.io-parser", "[crosscheck][engineio]") {
  checkAll("eio-wire", checkEioWire);
}

TEST_CASE("Socket.IO packets match socket.io-parser", "[crosscheck][socketio]") {
  checkAll("sio-packet", checkSioPacket);
}

TEST_CASE("Socket.IO wire input is decoded like socket.io-parser", "[crosscheck][socketio]") {
  checkAll("sio-wire", checkSioWire);
}

TEST_CASE("JSON text is read and written like JSON.parse and JSON.stringify", "[crosscheck][json]") {
  checkAll("json", checkJson);
}
