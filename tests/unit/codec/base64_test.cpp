// Base64 as Engine.IO long-polling uses it for binary packets ('b' + standard base64, padded).
#include <libsession/codec/engine_io.hpp>

#include <catch2/catch.hpp>

#include "test_printers.hpp"

#include <string>

using libsession::Errc;
using libsession::engineio::decodeBase64;
using libsession::engineio::encodeBase64;

namespace {

std::string decodeOk(std::string_view text) {
  std::string out;
  const std::error_code ec = decodeBase64(text, out);
  INFO("input: " << libsession::testing::quoteBytes(std::string(text)));
  REQUIRE(ec == std::error_code());
  return out;
}

std::error_code decodeErr(std::string_view text) {
  std::string out;
  return decodeBase64(text, out);
}

}  // namespace

TEST_CASE("base64: RFC 4648 section 10 test vectors", "[base64]") {
  const std::pair<const char*, const char*> vectors[] = {
      {"", ""},         {"f", "Zg=="},         {"fo", "Zm8="},        {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="}, {"fooba", "Zm9vYmE="}, {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [plain, encoded] : vectors) {
    INFO(plain << " <-> " << encoded);
    CHECK(encodeBase64(plain) == encoded);
    CHECK(decodeOk(encoded) == plain);
  }
}

TEST_CASE("base64: padding may be omitted when decoding", "[base64]") {
  CHECK(decodeOk("Zg") == "f");
  CHECK(decodeOk("Zm8") == "fo");
  CHECK(decodeOk("Zm9vYg") == "foob");
  CHECK(decodeOk("Zm9vYmE") == "fooba");
}

TEST_CASE("base64: the whole alphabet and every byte value", "[base64]") {
  CHECK(encodeBase64(std::string("\xfb\xff", 2)) == "+/8=");
  CHECK(decodeOk("+/8=") == std::string("\xfb\xff", 2));
  CHECK(encodeBase64(std::string("\x00\x00\x00", 3)) == "AAAA");
  CHECK(encodeBase64(std::string("\x01\x02\x03", 3)) == "AQID");
  CHECK(decodeOk("AQID") == std::string("\x01\x02\x03", 3));
  CHECK(decodeOk("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") ==
        std::string("\x00\x10\x83\x10\x51\x87\x20\x92\x8b\x30\xd3\x8f\x41\x14\x93\x51\x55\x97"
                    "\x61\x96\x9b\x71\xd7\x9f\x82\x18\xa3\x92\x59\xa7\xa2\x9a\xab\xb2\xdb\xaf"
                    "\xc3\x1c\xb3\xd3\x5d\xb7\xe3\x9e\xbb\xf3\xdf\xbf",
                    48));

  std::string all;
  for (int i = 0; i < 256; ++i) all += static_cast<char>(i);
  for (std::size_t len = 0; len <= all.size(); len += 37) {  // every remainder mod 3 occurs
    const std::string bytes = all.substr(0, len);
    const std::string text = encodeBase64(bytes);
    CHECK(text.size() == (len + 2) / 3 * 4);
    CHECK(decodeOk(text) == bytes);
  }
  CHECK(decodeOk(encodeBase64(all)) == all);
}

TEST_CASE("base64: invalid input", "[base64]") {
  const char* const cases[] = {
      "Zm9v!",      // character outside the alphabet
      "Zm9-",       // URL-safe alphabet is not standard base64
      "Zm9_",
      "Zm9v Zg==",  // whitespace
      "Zm9v\nZg==",
      "Z",          // a length that no byte count produces
      "Zm9vZ",
      "Z===",
      "=",
      "==",
      "====",
      "Zg==Zg==",   // padding in the middle
      "Z=g=",
      "Zm=v",
      "Zg===",      // too much padding
      "Zm8==",
      "Zm9v=",
      "\xc3\xa9",   // non-ASCII
  };
  for (const char* text : cases) {
    INFO("input: " << libsession::testing::quoteBytes(text));
    CHECK(decodeErr(text) == Errc::invalid_base64);
  }
  CHECK(decodeErr(std::string_view("Zg\0=", 4)) == Errc::invalid_base64);
}
