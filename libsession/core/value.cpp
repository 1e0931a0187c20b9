// Value: the few members that are not one-liners.
#include <libsession/value.hpp>

#include <cstring>

namespace libsession {

Value Value::object(std::initializer_list<Member> members) {
  Value v{Object{}};
  for (const auto& m : members) v.set(m.first, m.second);
  return v;
}

Value Value::binary(const void* data, std::size_t size) {
  Binary bytes(size);
  if (size != 0) std::memcpy(bytes.data(), data, size);
  return Value(std::move(bytes));
}

const Value* Value::find(std::string_view key) const noexcept {
  const Object* members = asObject();
  if (members == nullptr) return nullptr;
  for (const auto& m : *members) {
    if (m.first == key) return &m.second;
  }
  return nullptr;
}

Value* Value::find(std::string_view key) noexcept {
  return const_cast<Value*>(static_cast<const Value&>(*this).find(key));
}

Value& Value::set(std::string key, Value value) {
  if (!isObject()) v_ = Object{};
  if (Value* existing = find(key)) {
    *existing = std::move(value);
    return *existing;
  }
  Object& members = std::get<Object>(v_);
  members.emplace_back(std::move(key), std::move(value));
  return members.back().second;
}

bool Value::containsBinary() const noexcept {
  switch (kind()) {
    case Kind::binary:
      return true;
    case Kind::array:
      for (const auto& item : *asArray()) {
        if (item.containsBinary()) return true;
      }
      return false;
    case Kind::object:
      for (const auto& m : *asObject()) {
        if (m.second.containsBinary()) return true;
      }
      return false;
    default:
      return false;
  }
}

}  // namespace libsession
