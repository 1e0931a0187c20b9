// JSON text <-> Value. Parsing uses RapidJSON's iterative SAX reader (no recursion on input);
// writing is our own, because it must match JSON.stringify byte for byte (RapidJSON's writer
// differs in number formatting and escape case).
#include <libsession/json.hpp>

#include <libsession/error.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <iterator>
#include <unordered_map>

#include <rapidjson/memorystream.h>
#include <rapidjson/reader.h>

#include "core/utf8.hpp"

namespace libsession {
namespace {

// Converts a JSON number (grammar already checked by RapidJSON) to the double JavaScript's
// JSON.parse would produce: correctly rounded, underflow to (signed) zero. Numbers too large for
// a double are refused (JavaScript would make them Infinity, which JSON cannot carry back).
bool parseJsonNumber(std::string_view text, double& out) {
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  if (ec == std::errc() && end == text.data() + text.size()) return std::isfinite(out);
  if (ec != std::errc::result_out_of_range) return false;
  // Out of range: too large, or too small. Find the decimal exponent E of the first significant
  // digit (value = 0.d... x 10^E); E > 0 means too large.
  const bool negative = !text.empty() && text.front() == '-';
  std::string_view mantissa = text.substr(negative ? 1 : 0);
  long exponent = 0;
  if (const auto ePos = mantissa.find_first_of("eE"); ePos != std::string_view::npos) {
    std::string_view expText = mantissa.substr(ePos + 1);
    if (!expText.empty() && expText.front() == '+') expText.remove_prefix(1);
    const auto parsed = std::from_chars(expText.data(), expText.data() + expText.size(), exponent);
    if (parsed.ec == std::errc::result_out_of_range) exponent = expText.front() == '-' ? -100000 : 100000;
    mantissa = mantissa.substr(0, ePos);
  }
  const std::size_t dot = mantissa.find('.');
  const std::string_view integerPart = mantissa.substr(0, dot);
  const std::size_t firstSignificant = integerPart.find_first_not_of('0');
  long position = 0;
  if (firstSignificant != std::string_view::npos) {
    position = static_cast<long>(integerPart.size() - firstSignificant);
  } else if (dot != std::string_view::npos) {
    const std::string_view fraction = mantissa.substr(dot + 1);
    const std::size_t firstInFraction = fraction.find_first_not_of('0');
    position = -static_cast<long>(firstInFraction == std::string_view::npos ? 0 : firstInFraction);
  }
  if (position + exponent > 0) return false;
  out = negative ? -0.0 : 0.0;
  return true;
}

// GCC 12 at -O3 reports -Wmaybe-uninitialized inside std::variant's move constructor when a
// Value temporary is moved into add(); the variant is always initialised (a known GCC false
// positive with std::variant), so the warning is silenced for this class only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif

// Builds a Value from SAX events, keeping open containers on an explicit stack.
// Builds a Value from RapidJSON's SAX events. Values wait on one flat stack until their
// container ends, and each array or object is then made at its exact size from the stack's
// tail: one allocation per container instead of a vector grown one member at a time.
class ValueBuilder : public rapidjson::BaseReaderHandler<rapidjson::UTF8<>, ValueBuilder> {
public:
  /// `checkStrings`: check each string for UTF-8. Needed only when the text has a \u escape:
  /// RapidJSON turns a lone surrogate escape such as "\ude00" into bytes that are not UTF-8,
  /// while the raw text itself was checked whole before parsing.
  ValueBuilder(std::size_t maxDepth, bool checkStrings)
      : maxDepth_(maxDepth), checkStrings_(checkStrings) {
    pending_.reserve(16);
  }

  bool Null() { return add(Value()); }
  bool Bool(bool b) { return add(Value(b)); }
  // Numbers arrive as text (kParseNumbersAsStringsFlag): RapidJSON's own conversion mis-reads
  // some inputs (0e54, values just past DBL_MAX), so we convert like JavaScript does.
  bool RawNumber(const char* s, rapidjson::SizeType length, bool) {
    double number = 0;
    if (!parseJsonNumber(std::string_view(s, length), number)) return false;
    return add(Value(number));
  }
  bool String(const char* s, rapidjson::SizeType length, bool) {
    if (checkStrings_ && !detail::isValidUtf8(std::string_view(s, length))) return false;
    return add(Value(std::string(s, length)));
  }
  bool StartObject() { return open(); }
  bool Key(const char* s, rapidjson::SizeType length, bool) {
    if (checkStrings_ && !detail::isValidUtf8(std::string_view(s, length))) return false;
    keys_.emplace_back(s, length);
    return true;
  }
  bool EndObject(rapidjson::SizeType memberCount) {
    const std::size_t first = pending_.size() - memberCount;
    const std::size_t firstKey = keys_.size() - memberCount;
    Value::Object members;
    members.reserve(memberCount);
    for (std::size_t i = 0; i < memberCount; ++i) {
      members.emplace_back(std::move(keys_[firstKey + i]), std::move(pending_[first + i]));
    }
    keys_.resize(firstKey);
    pending_.resize(first);
    dropDuplicateKeys(members);
    return close(Value(std::move(members)));
  }
  bool StartArray() { return open(); }
  bool EndArray(rapidjson::SizeType elementCount) {
    const std::size_t first = pending_.size() - elementCount;
    Value::Array items(std::make_move_iterator(pending_.begin() + static_cast<std::ptrdiff_t>(first)),
                       std::make_move_iterator(pending_.end()));
    pending_.resize(first);
    return close(Value(std::move(items)));
  }

  bool tooDeep() const noexcept { return tooDeep_; }
  Value takeRoot() { return std::move(root_); }

private:
  bool add(Value&& v) {
    if (depth_ == 0) {
      root_ = std::move(v);
    } else {
      pending_.push_back(std::move(v));
    }
    return true;
  }
  bool open() {
    if (depth_ >= maxDepth_) {
      tooDeep_ = true;
      return false;
    }
    ++depth_;
    return true;
  }
  bool close(Value&& container) {
    --depth_;
    return add(std::move(container));
  }

  // JSON.parse keeps the last value of a repeated key, at the key's first position.
  static void dropDuplicateKeys(Value::Object& members) {
    if (members.size() < 2) return;
    bool duplicates = false;
    if (members.size() <= 16) {
      // Small objects (nearly all of them): compare pairwise rather than build a hash map.
      for (std::size_t i = 1; i < members.size() && !duplicates; ++i) {
        for (std::size_t j = 0; j < i; ++j) {
          if (members[i].first == members[j].first) {
            duplicates = true;
            break;
          }
        }
      }
    } else {
      std::unordered_map<std::string_view, std::size_t> firstIndex;
      firstIndex.reserve(members.size());
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (!firstIndex.emplace(members[i].first, i).second) {
          duplicates = true;
          break;
        }
      }
    }
    if (!duplicates) return;
    std::unordered_map<std::string_view, std::size_t> firstIndex;
    Value::Object unique;
    unique.reserve(members.size());
    for (auto& m : members) {
      auto it = firstIndex.find(m.first);
      if (it == firstIndex.end()) {
        unique.push_back(std::move(m));
        firstIndex.emplace(unique.back().first, unique.size() - 1);
      } else {
        unique[it->second].second = std::move(m.second);
      }
    }
    members = std::move(unique);
  }

  std::size_t maxDepth_;
  bool checkStrings_;
  bool tooDeep_ = false;
  std::size_t depth_ = 0;
  std::vector<Value> pending_;     // values of the open containers, innermost last
  std::vector<std::string> keys_;  // keys of the open objects' members, innermost last
  Value root_;
};

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

void appendEscapedString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out.push_back('"');
  std::size_t plainStart = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + plainStart, i - plainStart);
    plainStart = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default: {
        const char escape[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xF]};
        out.append(escape, sizeof escape);
      }
    }
  }
  out.append(s.data() + plainStart, s.size() - plainStart);
  out.push_back('"');
}

}  // namespace

std::error_code parseJson(std::string_view text, Value& out, const JsonLimits& limits) {
  out = Value();
  if (!detail::isValidUtf8(text)) return Errc::invalid_utf8;
  ValueBuilder builder(limits.maxDepth, text.find("\\u") != std::string_view::npos);
  rapidjson::MemoryStream stream(text.data(), text.size());
  rapidjson::Reader reader;
  constexpr unsigned kFlags = rapidjson::kParseIterativeFlag | rapidjson::kParseNumbersAsStringsFlag;
  const rapidjson::ParseResult result = reader.Parse<kFlags>(stream, builder);
  if (result.IsError()) return builder.tooDeep() ? Errc::json_too_deep : Errc::invalid_json;
  // RapidJSON reads '\0' as end of input; anything after it is not JSON.
  if (stream.Tell() != text.size()) return Errc::invalid_json;
  out = builder.takeRoot();
  return {};
}

// Number.prototype.toString(10) (ECMA-262 Number::toString): shortest round-trip digits, plain
// notation for exponents in [-7, 21), otherwise d.ddde±x.
void appendJsonNumber(std::string& out, double number) {
  if (!std::isfinite(number)) {
    out += "null";
    return;
  }
  if (number == 0) {  // also -0, which JSON.stringify writes as 0
    out.push_back('0');
    return;
  }
  if (number < 0) {
    out.push_back('-');
    number = -number;
  }
  // Integers up to 2^53 (ids, counts, epoch milliseconds) are exact as integers and printed
  // in plain notation by JavaScript: the common case, without the shortest-digits search.
  if (number <= 9007199254740992.0 && number == std::floor(number)) {
    std::array<char, 24> digits{};
    const auto [end, ec] = std::to_chars(digits.data(), digits.data() + digits.size(),
                                         static_cast<std::uint64_t>(number));
    (void)ec;  // 24 bytes hold every 64-bit integer
    out.append(digits.data(), static_cast<std::size_t>(end - digits.data()));
    return;
  }
  std::array<char, 64> buffer{};
  const auto [end, ec] =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), number,
                    std::chars_format::scientific);
  (void)ec;  // 64 bytes always suffice for a double
  const std::string_view sci(buffer.data(), static_cast<std::size_t>(end - buffer.data()));
  const std::size_t ePos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, ePos)) {
    if (c != '.') digits.push_back(c);
  }
  int exponent = 0;
  std::string_view expText = sci.substr(ePos + 1);
  if (!expText.empty() && expText.front() == '+') expText.remove_prefix(1);
  std::from_chars(expText.data(), expText.data() + expText.size(), exponent);

  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;  // value = 0.digits × 10^n
  if (k <= n && n <= 21) {
    out += digits;
    out.append(static_cast<std::size_t>(n - k), '0');
  } else if (0 < n && n <= 21) {
    out.append(digits, 0, static_cast<std::size_t>(n));
    out.push_back('.');
    out.append(digits, static_cast<std::size_t>(n), std::string::npos);
  } else if (-6 < n && n <= 0) {
    out += "0.";
    out.append(static_cast<std::size_t>(-n), '0');
    out += digits;
  } else {
    out.push_back(digits[0]);
    if (k > 1) {
      out.push_back('.');
      out.append(digits, 1, std::string::npos);
    }
    out.push_back('e');
    out.push_back(n - 1 < 0 ? '-' : '+');
    out += std::to_string(n - 1 < 0 ? 1 - n : n - 1);
  }
}

void appendJson(std::string& out, const Value& value) {
  switch (value.kind()) {
    case Value::Kind::null:
      out += "null";
      return;
    case Value::Kind::boolean:
      out += *value.asBool() ? "true" : "false";
      return;
    case Value::Kind::number:
      appendJsonNumber(out, *value.asNumber());
      return;
    case Value::Kind::string:
      appendEscapedString(out, *value.asString());
      return;
    case Value::Kind::binary: {
      // What JSON.stringify writes for a Node Buffer.
      out += R"({"type":"Buffer","data":[)";
      bool first = true;
      for (std::uint8_t byte : *value.asBinary()) {
        if (!first) out.push_back(',');
        first = false;
        out += std::to_string(byte);
      }
      out += "]}";
      return;
    }
    case Value::Kind::array: {
      out.push_back('[');
      bool first = true;
      for (const auto& item : *value.asArray()) {
        if (!first) out.push_back(',');
        first = false;
        appendJson(out, item);
      }
      out.push_back(']');
      return;
    }
    case Value::Kind::object: {
      out.push_back('{');
      bool first = true;
      for (const auto& [key, member] : *value.asObject()) {
        if (!first) out.push_back(',');
        first = false;
        appendEscapedString(out, key);
        out.push_back(':');
        appendJson(out, member);
      }
      out.push_back('}');
      return;
    }
  }
}

std::string toJson(const Value& value) {
  std::string out;
  appendJson(out, value);
  return out;
}

}  // namespace libsession
