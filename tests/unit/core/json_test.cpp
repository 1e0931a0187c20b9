// JSON: parsing (RFC 8259, UTF-8 and depth checked) and output byte-identical to JSON.stringify.
// Expected output strings were produced with Node 20's JSON.stringify.
#include <libsession/json.hpp>

#include <catch2/catch.hpp>

#include "test_printers.hpp"

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <string_view>

using libsession::Errc;
using libsession::JsonLimits;
using libsession::parseJson;
using libsession::toJson;
using libsession::Value;

namespace {

Value parseOk(std::string_view text, const JsonLimits& limits = {}) {
  Value v = "sentinel";
  const std::error_code ec = parseJson(text, v, limits);
  INFO("input: " << libsession::testing::quoteBytes(std::string(text)));
  REQUIRE(ec == std::error_code());
  return v;
}

// The error of a failed parse; also checks that `out` is left null as documented.
std::error_code parseErr(std::string_view text, const JsonLimits& limits = {}) {
  Value v = Value::array({"sentinel"});
  const std::error_code ec = parseJson(text, v, limits);
  if (ec) {
    INFO("input: " << libsession::testing::quoteBytes(std::string(text)));
    CHECK(v.isNull());
  }
  return ec;
}

std::string nested(char open, char close, std::size_t depth, std::string_view inner = "") {
  return std::string(depth, open) + std::string(inner) + std::string(depth, close);
}

std::string stringify(double d) {
  return toJson(Value(d));
}

}  // namespace

TEST_CASE("parseJson: literals", "[json]") {
  CHECK(parseOk("null") == Value());
  CHECK(parseOk("true") == Value(true));
  CHECK(parseOk("false") == Value(false));
}

TEST_CASE("parseJson: numbers", "[json]") {
  CHECK(parseOk("0") == Value(0));
  const Value minusZero = parseOk("-0");
  REQUIRE(minusZero.isNumber());
  CHECK(*minusZero.asNumber() == 0.0);
  CHECK(parseOk("1") == Value(1));
  CHECK(parseOk("-1") == Value(-1));
  CHECK(parseOk("42") == Value(42));
  CHECK(parseOk("0.5") == Value(0.5));
  CHECK(parseOk("0.1") == Value(0.1));
  CHECK(parseOk("-12.25") == Value(-12.25));
  CHECK(parseOk("1.5e3") == Value(1500));
  CHECK(parseOk("1E3") == Value(1000));
  CHECK(parseOk("1e+2") == Value(100));
  CHECK(parseOk("-1E-2") == Value(-0.01));
  CHECK(parseOk("0e0") == Value(0));
  CHECK(parseOk("9007199254740991") == Value(9007199254740991.0));
  CHECK(parseOk("9007199254740993") == Value(9007199254740992.0));  // rounds like JavaScript
  CHECK(parseOk("123456789012345678901234567890") == Value(1.2345678901234568e29));
  CHECK(parseOk("1.7976931348623157e308") == Value(1.7976931348623157e308));
  CHECK(parseOk("5e-324") == Value(5e-324));
  CHECK(parseOk("2.2250738585072014e-308") == Value(2.2250738585072014e-308));
}

TEST_CASE("parseJson: strings and escapes", "[json]") {
  CHECK(parseOk(R"("")") == Value(""));
  CHECK(parseOk(R"("hello")") == Value("hello"));
  CHECK(parseOk(R"("a\"b\\c\/d\b\f\n\r\t")") == Value("a\"b\\c/d\b\f\n\r\t"));
  CHECK(parseOk(R"("\u0041\u00e9\u20AC")") == Value("A\xC3\xA9\xE2\x82\xAC"));
  CHECK(parseOk(R"("\ud83d\ude00")") == Value("\xF0\x9F\x98\x80"));  // surrogate pair
  CHECK(parseOk(R"("\uD83D\uDE00")") == Value("\xF0\x9F\x98\x80"));
  CHECK(parseOk(R"("\u0000")") == Value(std::string("\0", 1)));
  CHECK(parseOk(R"("\u001f")") == Value("\x1f"));
  // Raw UTF-8 of every length, U+2028, DEL and the largest code point pass through.
  CHECK(parseOk("\"\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80\"") ==
        Value("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));
  CHECK(parseOk("\"\xE2\x80\xA8\x7f\xF4\x8F\xBF\xBF\"") == Value("\xE2\x80\xA8\x7f\xF4\x8F\xBF\xBF"));
}

TEST_CASE("parseJson: arrays and objects", "[json]") {
  CHECK(parseOk("[]") == Value(Value::Array{}));
  CHECK(parseOk("{}") == Value(Value::Object{}));
  CHECK(parseOk(R"([1,"a",null,true,false,[],{}])") ==
        Value::array({1, "a", nullptr, true, false, Value::array({}), Value::object({})}));
  CHECK(parseOk(R"({"a":{"b":[1,{"c":null}]},"d":"e"})") ==
        Value::object({{"a", Value::object({{"b", Value::array({1, Value::object({{"c", nullptr}})})}})},
                       {"d", "e"}}));
  // Members keep their order, even keys that look like array indices.
  const Value o = parseOk(R"({"z":1,"a":2,"1":3,"0":4})");
  REQUIRE(o.isObject());
  const Value::Object& m = *o.asObject();
  REQUIRE(m.size() == 4);
  CHECK(m[0].first == "z");
  CHECK(m[1].first == "a");
  CHECK(m[2].first == "1");
  CHECK(m[3].first == "0");
  CHECK(parseOk(R"({"":1})") == Value::object({{"", 1}}));
  CHECK(parseOk(R"({"\u0041\n":1})") == Value::object({{"A\n", 1}}));
}

TEST_CASE("parseJson: surrounding and inner whitespace", "[json]") {
  CHECK(parseOk(" \t\n\r[ 1 ,\n2\t] \r\n") == Value::array({1, 2}));
  CHECK(parseOk("{ \"a\" : 1 , \"b\"\n:\n[ ] }") == Value::object({{"a", 1}, {"b", Value::array({})}}));
  CHECK(parseOk("  \"x\"  ") == Value("x"));
  CHECK(parseOk("\n7\n") == Value(7));
  // Only the four JSON whitespace characters are whitespace.
  CHECK(parseErr("\v1") == Errc::invalid_json);
  CHECK(parseErr("\f1") == Errc::invalid_json);
  CHECK(parseErr("1\xC2\xA0") == Errc::invalid_json);  // NO-BREAK SPACE
}

TEST_CASE("parseJson: duplicate keys keep the last value at the first position", "[json]") {
  CHECK(parseOk(R"({"a":1,"b":2,"a":3})") == Value::object({{"a", 3}, {"b", 2}}));
  CHECK(parseOk(R"({"a":{"x":1},"b":0,"a":[2]})") ==
        Value::object({{"a", Value::array({2})}, {"b", 0}}));
  CHECK(parseOk(R"({"a":1,"a":2,"a":3})") == Value::object({{"a", 3}}));
}

TEST_CASE("parseJson: depth limit", "[json]") {
  SECTION("default limit is 64: exactly 64 levels parse, 65 do not") {
    CHECK(JsonLimits{}.maxDepth == 64);
    const Value v = parseOk(nested('[', ']', 64));
    const Value* cur = &v;
    for (int i = 1; i < 64; ++i) {
      REQUIRE(cur->isArray());
      REQUIRE(cur->asArray()->size() == 1);
      cur = &cur->asArray()->front();
    }
    CHECK(*cur == Value(Value::Array{}));
    CHECK(parseErr(nested('[', ']', 65)) == Errc::json_too_deep);

    std::string objects;
    for (int i = 0; i < 64; ++i) objects += "{\"a\":";
    objects += "1" + std::string(64, '}');
    CHECK(parseOk(objects).isObject());
    objects = "{\"a\":" + objects + "}";
    CHECK(parseErr(objects) == Errc::json_too_deep);
  }
  SECTION("a custom limit counts arrays and objects alike") {
    JsonLimits limits;
    limits.maxDepth = 2;
    CHECK(parseOk("[[1]]", limits) == Value::array({Value::array({1})}));
    CHECK(parseOk(R"([{"a":1}])", limits).isArray());
    CHECK(parseOk(R"({"a":[]})", limits).isObject());
    CHECK(parseOk("[1,[2],[3]]", limits).isArray());  // siblings do not add up
    CHECK(parseOk("7", limits) == Value(7));
    CHECK(parseErr("[[[1]]]", limits) == Errc::json_too_deep);
    CHECK(parseErr(R"([{"a":[]}])", limits) == Errc::json_too_deep);
    CHECK(parseErr(R"({"a":{"b":{}}})", limits) == Errc::json_too_deep);
    CHECK(parseErr("[1,[2],[[3]]]", limits) == Errc::json_too_deep);
  }
  SECTION("hostile nesting a million levels deep is rejected without exhausting the stack") {
    CHECK(parseErr(std::string(1'000'000, '[')) == Errc::json_too_deep);
    CHECK(parseErr(nested('[', ']', 1'000'000)) == Errc::json_too_deep);
    std::string objects;
    for (int i = 0; i < 1'000'000; ++i) objects += "{\"a\":";
    CHECK(parseErr(objects) == Errc::json_too_deep);
  }
}

TEST_CASE("parseJson: invalid JSON", "[json]") {
  const char* const cases[] = {
      "",         " ",          "\n",        "1 2",        "[1]x",       "[1]]",
      "{}}",      "'a'",        "['a']",     "[1,]",       R"({"a":1,})", "[,1]",
      "[1,,2]",   "NaN",        "Infinity",  "-Infinity",  "undefined",  "01",
      "-01",      "00",         "1.",        ".5",         "+1",         "-",
      "1e",       "1e+",        "1.e3",      "0x10",       "tru",        "nul",
      "True",     "NULL",       R"("abc)",   "\"\t\"",     "\"a\nb\"",   "\"\x01\"",
      "\"\x1f\"", R"("\x")",    R"("\u12")", R"("\u12G4")", R"("\U0041")", R"("\')",
      "{a:1}",    R"({"a"})",   R"({"a" 1})", "{1:2}",     "[1 2]",      "[",
      "{",        "]",          "}",         R"(")",       R"("\")",     "//x\n1",
      "/*x*/1",   "[1]//",      R"({"a":1 "b":2})",        R"({,"a":1})", ":",
      "1e400",    "-1e400",     R"("\ud800")", R"("\udc00")", R"("\ud800\u0041")",
      R"("\ud800x")", R"("\ude00\ud83d")", R"("\ud83d\ud83d")",
  };
  for (const char* text : cases) {
    INFO("input: " << libsession::testing::quoteBytes(text));
    CHECK(parseErr(text) == Errc::invalid_json);
  }
  // Embedded NUL bytes are input like any other: trailing garbage and a raw control character.
  CHECK(parseErr(std::string_view("1\0", 2)) == Errc::invalid_json);
  CHECK(parseErr(std::string_view("\"a\0b\"", 5)) == Errc::invalid_json);
  CHECK(parseErr(std::string_view("\0", 1)) == Errc::invalid_json);
}

TEST_CASE("parseJson: invalid UTF-8 inside strings", "[json]") {
  const char* const cases[] = {
      "\"\xff\"",              // never valid
      "\"\x80\"",              // lone continuation byte
      "\"\xc0\xaf\"",          // overlong '/'
      "\"\xe0\x80\xaf\"",      // overlong, 3 bytes
      "\"\xed\xa0\x80\"",      // UTF-16 surrogate encoded in UTF-8
      "\"\xe2\x82\"",          // truncated sequence
      "\"\xf4\x90\x80\x80\"",  // above U+10FFFF
      "\"a\xc3\"",             // truncated at the end of the string
      "[\"ok\",\"\xfe\"]",     // in a nested value
      "{\"\xff\":1}",          // in a key
  };
  for (const char* text : cases) {
    INFO("input: " << libsession::testing::quoteBytes(text));
    CHECK(parseErr(text) == Errc::invalid_utf8);
  }
}

TEST_CASE("parseJson: an error leaves the output null, success replaces it", "[json]") {
  Value v = Value::object({{"keep", 1}});
  CHECK(parseJson("[1,", v) == Errc::invalid_json);
  CHECK(v.isNull());
  v = Value("x");
  CHECK(parseJson("[1]", v) == std::error_code());
  CHECK(v == Value::array({1}));
}

TEST_CASE("toJson: numbers like Number.prototype.toString", "[json]") {
  CHECK(stringify(0) == "0");
  CHECK(stringify(-0.0) == "0");
  CHECK(stringify(1) == "1");
  CHECK(stringify(-1) == "-1");
  CHECK(stringify(100) == "100");
  CHECK(stringify(0.1) == "0.1");
  CHECK(stringify(0.5) == "0.5");
  CHECK(stringify(-1.5) == "-1.5");
  CHECK(stringify(4.35) == "4.35");
  CHECK(stringify(123.456) == "123.456");
  CHECK(stringify(12345678.9) == "12345678.9");
  CHECK(stringify(0.1 + 0.2) == "0.30000000000000004");
  CHECK(stringify(1.0 / 3) == "0.3333333333333333");
  CHECK(stringify(255.0 / 256) == "0.99609375");
  CHECK(stringify(1e20) == "100000000000000000000");
  CHECK(stringify(1e21) == "1e+21");
  CHECK(stringify(1.5e21) == "1.5e+21");
  CHECK(stringify(123456789012345680000.0) == "123456789012345680000");
  CHECK(stringify(123456789012345678.0) == "123456789012345680");
  CHECK(stringify(18446744073709551616.0) == "18446744073709552000");  // 2^64
  CHECK(stringify(9007199254740992.0) == "9007199254740992");           // 2^53
  CHECK(stringify(-9007199254740992.0) == "-9007199254740992");
  CHECK(stringify(1e100) == "1e+100");
  CHECK(stringify(1.5e300) == "1.5e+300");
  CHECK(stringify(1.7976931348623157e308) == "1.7976931348623157e+308");
  CHECK(stringify(0.000001) == "0.000001");
  CHECK(stringify(-0.0000015) == "-0.0000015");
  CHECK(stringify(1e-7) == "1e-7");
  CHECK(stringify(-1e-7) == "-1e-7");
  CHECK(stringify(1.5e-7) == "1.5e-7");
  CHECK(stringify(123e-20) == "1.23e-18");
  CHECK(stringify(5e-324) == "5e-324");
  CHECK(stringify(std::numeric_limits<double>::quiet_NaN()) == "null");
  CHECK(stringify(std::numeric_limits<double>::infinity()) == "null");
  CHECK(stringify(-std::numeric_limits<double>::infinity()) == "null");
}

TEST_CASE("appendJsonNumber and appendJson append to what is there", "[json]") {
  std::string out = "x=";
  libsession::appendJsonNumber(out, 1e21);
  CHECK(out == "x=1e+21");
  libsession::appendJsonNumber(out, std::nan(""));
  CHECK(out == "x=1e+21null");
  out = "[";
  libsession::appendJson(out, Value::array({1, "a"}));
  CHECK(out == "[[1,\"a\"]");
}

TEST_CASE("toJson: literals", "[json]") {
  CHECK(toJson(Value()) == "null");
  CHECK(toJson(Value(true)) == "true");
  CHECK(toJson(Value(false)) == "false");
}

TEST_CASE("toJson: string escapes like JSON.stringify", "[json]") {
  CHECK(toJson(Value("")) == R"("")");
  CHECK(toJson(Value("hello")) == R"("hello")");
  CHECK(toJson(Value("\"")) == R"("\"")");
  CHECK(toJson(Value("\\")) == R"("\\")");
  CHECK(toJson(Value("/")) == R"("/")");  // not escaped
  CHECK(toJson(Value("\b\f\n\r\t")) == R"("\b\f\n\r\t")");
  CHECK(toJson(Value("\x01")) == R"("\u0001")");
  CHECK(toJson(Value("\x1f")) == R"("\u001f")");
  CHECK(toJson(Value("\x0b")) == R"("\u000b")");
  CHECK(toJson(Value("\x1b[0m")) == R"("\u001b[0m")");
  CHECK(toJson(Value(std::string("\0", 1))) == R"("\u0000")");
  CHECK(toJson(Value("\x7f")) == "\"\x7f\"");                         // DEL raw
  CHECK(toJson(Value("\xC3\xA9")) == "\"\xC3\xA9\"");                 // é raw
  CHECK(toJson(Value("\xE2\x80\xA8\xE2\x80\xA9")) == "\"\xE2\x80\xA8\xE2\x80\xA9\"");  // U+2028/9
  CHECK(toJson(Value("\xF0\x9F\x98\x80")) == "\"\xF0\x9F\x98\x80\"");  // astral raw
  CHECK(toJson(Value("a\"b\\c\nd")) == R"("a\"b\\c\nd")");

  // Every control character: the five short escapes, the rest as lowercase \u00xx.
  for (int c = 0; c < 0x20; ++c) {
    std::string expected;
    switch (c) {
      case '\b': expected = R"("\b")"; break;
      case '\f': expected = R"("\f")"; break;
      case '\n': expected = R"("\n")"; break;
      case '\r': expected = R"("\r")"; break;
      case '\t': expected = R"("\t")"; break;
      default: {
        char buf[16];
        std::snprintf(buf, sizeof buf, "\"\\u%04x\"", c);
        expected = buf;
      }
    }
    INFO("control character " << c);
    CHECK(toJson(Value(std::string(1, static_cast<char>(c)))) == expected);
  }
}

TEST_CASE("toJson: binary is written like a Node Buffer", "[json]") {
  CHECK(toJson(Value(Value::Binary{1, 2, 255})) == R"({"type":"Buffer","data":[1,2,255]})");
  CHECK(toJson(Value(Value::Binary{})) == R"({"type":"Buffer","data":[]})");
  CHECK(toJson(Value::array({Value::Binary{0}})) == R"([{"type":"Buffer","data":[0]}])");
}

TEST_CASE("toJson: arrays and objects", "[json]") {
  CHECK(toJson(Value::array({})) == "[]");
  CHECK(toJson(Value::object({})) == "{}");
  CHECK(toJson(Value::array({Value::array({}), Value::object({})})) == "[[],{}]");
  CHECK(toJson(Value::array({1, "two", nullptr, true, 0.5})) == R"([1,"two",null,true,0.5])");
  CHECK(toJson(Value::object({{"a", Value::array({1, Value::object({{"b", nullptr}}), "s"})},
                              {"c", true},
                              {"d", Value::array({})},
                              {"e", Value::object({})}})) ==
        R"({"a":[1,{"b":null},"s"],"c":true,"d":[],"e":{}})");
  CHECK(toJson(Value::object({{"a\"b", 1}, {"\n", 2}, {"", 3}})) == R"({"a\"b":1,"\n":2,"":3})");
  CHECK(toJson(Value::object({{"z", 1}, {"1", 2}})) == R"({"z":1,"1":2})");  // order kept
}

TEST_CASE("parse then stringify reproduces compact JSON", "[json]") {
  const char* const texts[] = {
      R"({"sid":"abc","upgrades":["websocket"],"pingInterval":25000})",
      R"(["chat",{"text":"hi","n":-1.5e-7,"ok":true,"none":null,"list":[[],{}]}])",
      R"("\u0001\"\\\b\f\n\r\t")",
      "\"\xE2\x80\xA8\"",
  };
  for (const char* text : texts) {
    INFO(text);
    CHECK(toJson(parseOk(text)) == text);
  }
  CHECK(toJson(parseOk("-0")) == "0");
  CHECK(toJson(parseOk("1E21")) == "1e+21");
  CHECK(toJson(parseOk("0.0000001")) == "1e-7");
  CHECK(toJson(parseOk(R"("\u00e9\/")")) == "\"\xC3\xA9/\"");
  CHECK(toJson(parseOk(" [ 1 , { \"a\" : 2 } ] ")) == R"([1,{"a":2}])");
}
