// libsession/json.hpp — JSON text <-> libsession::Value, with the exact output of JSON.stringify.
//
// `parseJson` accepts one JSON value (RFC 8259, surrounding whitespace allowed), checks UTF-8 and
// nesting depth, and never recurses on the input, so hostile text cannot exhaust the stack.
// Duplicate object keys keep the last value at the first key's position, like JSON.parse.
//
// `toJson` writes what JavaScript's JSON.stringify writes for the same value, byte for byte:
// the same number formatting (shortest round-trip digits, `1e+21`, `1e-7`, `-0` as `0`, NaN and
// infinities as `null`), the same escapes (`\"`, `\\`, `\b\f\n\r\t`, other control characters as
// lowercase `\u00xx`, everything else as raw UTF-8). Binary values are written the way Node writes
// a Buffer: `{"type":"Buffer","data":[1,2,3]}` (the Socket.IO encoder replaces them with
// placeholders before this is reached).
//
// Known differences from JavaScript, all on input JavaScript clients do not produce: lone UTF-16
// surrogate escapes (`"\ud800"`) and numbers beyond the double range (`1e400`, and also a
// written integer part beyond it, such as 400 digits followed by `e-100`) are rejected as invalid
// JSON; object members keep their order even when a key looks like an array index.
//
// Thread-safety: stateless; safe from any thread.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <system_error>

#include <libsession/value.hpp>

namespace libsession {

struct JsonLimits {
  /// Deepest nesting of arrays and objects accepted. 64 is far beyond any real event payload
  /// and keeps the recursive destruction and traversal of a Value shallow.
  std::size_t maxDepth = 64;
};

/// Parses `text` into `out`. Errors: Errc::invalid_json, Errc::invalid_utf8, Errc::json_too_deep.
/// On error `out` is left null.
std::error_code parseJson(std::string_view text, Value& out, const JsonLimits& limits = {});

/// Serialises like JSON.stringify(value).
std::string toJson(const Value& value);
/// Appends JSON.stringify(value) to `out`.
void appendJson(std::string& out, const Value& value);

/// Formats a number like JavaScript's Number.prototype.toString() (NaN and infinities: "null").
void appendJsonNumber(std::string& out, double number);

}  // namespace libsession
