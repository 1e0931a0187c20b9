// libsession/value.hpp — a JSON value that can also hold binary data.
//
// Socket.IO payloads are JSON documents in which any position may hold a binary blob (sent as a
// separate attachment on the wire). `Value` models exactly that: null, boolean, number, string,
// binary, array or object. It is a plain value type: copyable, movable, comparable.
//
// Numbers are IEEE doubles, like JavaScript's, so a value survives a round trip through any
// Socket.IO peer unchanged (integers are exact up to 2^53). Objects keep their members in
// insertion order; setting an existing key replaces its value in place.
//
// Thread-safety: like std::string — distinct objects may be used from different threads freely;
// one object must not be written while another thread reads it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace libsession {

class Value {
public:
  enum class Kind { null, boolean, number, string, binary, array, object };

  using Array = std::vector<Value>;
  using Member = std::pair<std::string, Value>;
  using Object = std::vector<Member>;
  using Binary = std::vector<std::uint8_t>;

  Value() noexcept = default;                     ///< null
  Value(std::nullptr_t) noexcept {}               ///< null
  Value(bool b) noexcept : v_(b) {}
  Value(int n) noexcept : v_(static_cast<double>(n)) {}
  Value(long n) noexcept : v_(static_cast<double>(n)) {}
  Value(long long n) noexcept : v_(static_cast<double>(n)) {}
  Value(unsigned n) noexcept : v_(static_cast<double>(n)) {}
  Value(unsigned long n) noexcept : v_(static_cast<double>(n)) {}
  Value(unsigned long long n) noexcept : v_(static_cast<double>(n)) {}
  Value(double n) noexcept : v_(n) {}
  Value(const char* s) : v_(std::string(s)) {}
  Value(std::string s) noexcept : v_(std::move(s)) {}
  Value(std::string_view s) : v_(std::string(s)) {}
  Value(Binary b) noexcept : v_(std::move(b)) {}
  Value(Array a) noexcept : v_(std::move(a)) {}
  Value(Object o) noexcept : v_(std::move(o)) {}

  /// Convenience for building arrays: `Value::array({"chat", 42})`.
  static Value array(std::initializer_list<Value> items) { return Value(Array(items)); }
  /// Convenience for building objects: `Value::object({{"id", "e1"}, {"n", 1}})`.
  static Value object(std::initializer_list<Member> members);
  /// Convenience for binary: copies `size` bytes from `data`.
  static Value binary(const void* data, std::size_t size);

  Kind kind() const noexcept { return static_cast<Kind>(v_.index()); }
  bool isNull() const noexcept { return kind() == Kind::null; }
  bool isBool() const noexcept { return kind() == Kind::boolean; }
  bool isNumber() const noexcept { return kind() == Kind::number; }
  bool isString() const noexcept { return kind() == Kind::string; }
  bool isBinary() const noexcept { return kind() == Kind::binary; }
  bool isArray() const noexcept { return kind() == Kind::array; }
  bool isObject() const noexcept { return kind() == Kind::object; }

  /// Typed access: a pointer to the held alternative, or nullptr when the kind differs.
  const bool* asBool() const noexcept { return std::get_if<bool>(&v_); }
  const double* asNumber() const noexcept { return std::get_if<double>(&v_); }
  const std::string* asString() const noexcept { return std::get_if<std::string>(&v_); }
  const Binary* asBinary() const noexcept { return std::get_if<Binary>(&v_); }
  const Array* asArray() const noexcept { return std::get_if<Array>(&v_); }
  const Object* asObject() const noexcept { return std::get_if<Object>(&v_); }
  std::string* asString() noexcept { return std::get_if<std::string>(&v_); }
  Binary* asBinary() noexcept { return std::get_if<Binary>(&v_); }
  Array* asArray() noexcept { return std::get_if<Array>(&v_); }
  Object* asObject() noexcept { return std::get_if<Object>(&v_); }

  /// Object member lookup; nullptr when this is not an object or has no such key.
  const Value* find(std::string_view key) const noexcept;
  Value* find(std::string_view key) noexcept;
  /// Sets an object member (replacing an existing one in place). A non-object becomes an empty
  /// object first. Returns the stored value.
  Value& set(std::string key, Value value);

  /// True when this value or anything inside it is binary.
  bool containsBinary() const noexcept;

  friend bool operator==(const Value& a, const Value& b) noexcept { return a.v_ == b.v_; }
  friend bool operator!=(const Value& a, const Value& b) noexcept { return !(a == b); }

private:
  // Alternative order matches Kind.
  std::variant<std::nullptr_t, bool, double, std::string, Binary, Array, Object> v_;
};

}  // namespace libsession
