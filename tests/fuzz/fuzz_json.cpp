// libFuzzer target: parseJson / toJson / appendJsonNumber.
//
// The input is JSON text. Whatever parses must print as text that parses to an equal Value and
// prints identically again (toJson is canonical: shortest round-trip numbers, fixed escapes);
// a small depth limit taken from the last byte may only add json_too_deep. The first eight bytes,
// read as a double, must also print as a number that parses back to the same double.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include <libsession/json.hpp>

#include "fuzz_checks.hpp"

namespace {

using fuzz::Errc;
using fuzz::Value;

void checkNumber(double number) {
  std::string text;
  libsession::appendJsonNumber(text, number);
  if (!std::isfinite(number)) {
    FUZZ_CHECK(text == "null");
    return;
  }
  Value parsed;
  FUZZ_CHECK(!libsession::parseJson(text, parsed));
  FUZZ_CHECK(parsed.asNumber() != nullptr);
  FUZZ_CHECK(*parsed.asNumber() == number);  // -0 prints as "0", and -0 == 0
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  if (size >= sizeof(double)) {
    double number;
    std::memcpy(&number, data, sizeof number);
    checkNumber(number);
  }

  Value value;
  const std::error_code ec = libsession::parseJson(text, value);
  if (ec) FUZZ_CHECK(value.isNull());  // documented: left null on error

  libsession::JsonLimits shallow;
  shallow.maxDepth = size == 0 ? 0 : data[size - 1] % 8;
  Value shallowValue;
  const std::error_code shallowEc = libsession::parseJson(text, shallowValue, shallow);
  if (!shallowEc) {
    FUZZ_CHECK(!ec);
    FUZZ_CHECK(shallowValue == value);
  } else if (!ec) {
    FUZZ_CHECK(shallowEc == Errc::json_too_deep);
  }

  if (ec) return 0;
  FUZZ_CHECK(!value.containsBinary());

  const std::string printed = libsession::toJson(value);
  Value reparsed;
  FUZZ_CHECK(!libsession::parseJson(printed, reparsed));
  FUZZ_CHECK(reparsed == value);
  FUZZ_CHECK(libsession::toJson(reparsed) == printed);

  std::string appended = "x";
  libsession::appendJson(appended, value);
  FUZZ_CHECK(std::string_view(appended).substr(1) == printed);
  return 0;
}
