// Value: the JSON-plus-binary document type every payload travels in.
#include <libsession/value.hpp>

#include <catch2/catch.hpp>

#include "test_printers.hpp"

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>

using libsession::Value;
using Kind = libsession::Value::Kind;

namespace {

// Exactly one typed accessor answers, the one of the value's kind; the others return nullptr.
void checkOnlyAccessor(const Value& v, Kind kind) {
  CHECK(v.kind() == kind);
  CHECK(v.isNull() == (kind == Kind::null));
  CHECK(v.isBool() == (kind == Kind::boolean));
  CHECK(v.isNumber() == (kind == Kind::number));
  CHECK(v.isString() == (kind == Kind::string));
  CHECK(v.isBinary() == (kind == Kind::binary));
  CHECK(v.isArray() == (kind == Kind::array));
  CHECK(v.isObject() == (kind == Kind::object));
  CHECK((v.asBool() != nullptr) == (kind == Kind::boolean));
  CHECK((v.asNumber() != nullptr) == (kind == Kind::number));
  CHECK((v.asString() != nullptr) == (kind == Kind::string));
  CHECK((v.asBinary() != nullptr) == (kind == Kind::binary));
  CHECK((v.asArray() != nullptr) == (kind == Kind::array));
  CHECK((v.asObject() != nullptr) == (kind == Kind::object));
  Value copy = v;  // the non-const overloads agree
  CHECK((copy.asString() != nullptr) == (kind == Kind::string));
  CHECK((copy.asBinary() != nullptr) == (kind == Kind::binary));
  CHECK((copy.asArray() != nullptr) == (kind == Kind::array));
  CHECK((copy.asObject() != nullptr) == (kind == Kind::object));
}

}  // namespace

TEST_CASE("Value constructors produce the matching kind", "[value]") {
  SECTION("null") {
    checkOnlyAccessor(Value(), Kind::null);
    checkOnlyAccessor(Value(nullptr), Kind::null);
    CHECK(Value() == Value(nullptr));
  }
  SECTION("boolean") {
    checkOnlyAccessor(Value(true), Kind::boolean);
    checkOnlyAccessor(Value(false), Kind::boolean);
    CHECK(*Value(true).asBool() == true);
    CHECK(*Value(false).asBool() == false);
  }
  SECTION("every integer type becomes a double") {
    checkOnlyAccessor(Value(42), Kind::number);
    CHECK(*Value(42).asNumber() == 42.0);
    CHECK(*Value(-7L).asNumber() == -7.0);
    CHECK(*Value(-9007199254740991LL).asNumber() == -9007199254740991.0);
    CHECK(*Value(7U).asNumber() == 7.0);
    CHECK(*Value(8UL).asNumber() == 8.0);
    CHECK(*Value(9007199254740992ULL).asNumber() == 9007199254740992.0);
    CHECK(*Value(0.25).asNumber() == 0.25);
    CHECK(Value(1) == Value(1.0));
  }
  SECTION("strings from const char*, std::string and std::string_view") {
    checkOnlyAccessor(Value("hi"), Kind::string);
    CHECK(*Value("hi").asString() == "hi");
    CHECK(*Value(std::string("hello")).asString() == "hello");
    const std::string withNul("a\0b", 3);
    CHECK(*Value(std::string_view(withNul)).asString() == withNul);
    CHECK(Value(std::string_view("x")) == Value("x"));
  }
  SECTION("binary") {
    checkOnlyAccessor(Value(Value::Binary{1, 2, 3}), Kind::binary);
    CHECK(*Value(Value::Binary{1, 2, 3}).asBinary() == Value::Binary{1, 2, 3});
    checkOnlyAccessor(Value(Value::Binary{}), Kind::binary);
  }
  SECTION("array") {
    checkOnlyAccessor(Value(Value::Array{}), Kind::array);
    const Value a(Value::Array{Value(1), Value("x")});
    REQUIRE(a.asArray()->size() == 2);
    CHECK((*a.asArray())[0] == Value(1));
    CHECK((*a.asArray())[1] == Value("x"));
  }
  SECTION("object") {
    checkOnlyAccessor(Value(Value::Object{}), Kind::object);
    const Value o(Value::Object{{"a", Value(1)}, {"b", Value(true)}});
    REQUIRE(o.asObject()->size() == 2);
    CHECK((*o.asObject())[0].first == "a");
    CHECK((*o.asObject())[1].second == Value(true));
  }
}

TEST_CASE("Value::array, Value::object and Value::binary helpers", "[value]") {
  const Value a = Value::array({"chat", 42, nullptr, Value::array({})});
  REQUIRE(a.isArray());
  REQUIRE(a.asArray()->size() == 4);
  CHECK((*a.asArray())[0] == Value("chat"));
  CHECK((*a.asArray())[1] == Value(42));
  CHECK((*a.asArray())[2].isNull());
  CHECK((*a.asArray())[3] == Value(Value::Array{}));

  const Value o = Value::object({{"id", "e1"}, {"n", 1}, {"nested", Value::object({})}});
  REQUIRE(o.isObject());
  const Value::Object& members = *o.asObject();
  REQUIRE(members.size() == 3);
  CHECK(members[0] == Value::Member{"id", Value("e1")});
  CHECK(members[1] == Value::Member{"n", Value(1)});
  CHECK(members[2] == Value::Member{"nested", Value(Value::Object{})});

  const std::uint8_t bytes[] = {0x00, 0xff, 0x10};
  const Value b = Value::binary(bytes, sizeof bytes);
  REQUIRE(b.isBinary());
  CHECK(*b.asBinary() == Value::Binary{0x00, 0xff, 0x10});
  const Value empty = Value::binary(nullptr, 0);
  REQUIRE(empty.isBinary());
  CHECK(empty.asBinary()->empty());
}

TEST_CASE("Value::find looks up object members", "[value]") {
  Value o = Value::object({{"a", 1}, {"b", "two"}});
  REQUIRE(o.find("a") != nullptr);
  CHECK(*o.find("a") == Value(1));
  CHECK(*o.find("b") == Value("two"));
  CHECK(o.find("c") == nullptr);
  CHECK(o.find("") == nullptr);
  CHECK(o.find("A") == nullptr);

  const Value& co = o;
  REQUIRE(co.find("b") != nullptr);
  CHECK(*co.find("b")->asString() == "two");

  // The mutable overload gives access to the stored member.
  *o.find("a") = Value(5);
  CHECK(*o.find("a") == Value(5));

  // Non-objects have no members, even arrays of pairs or strings equal to the key.
  CHECK(Value().find("a") == nullptr);
  CHECK(Value("a").find("a") == nullptr);
  CHECK(Value::array({"a"}).find("a") == nullptr);
  CHECK(Value(1).find("a") == nullptr);
}

TEST_CASE("Value::set appends new keys and replaces existing ones in place", "[value]") {
  Value o = Value::object({{"a", 1}, {"b", 2}, {"c", 3}});
  Value& stored = o.set("b", "replaced");
  CHECK(stored == Value("replaced"));
  CHECK(&stored == o.find("b"));
  CHECK(o == Value::object({{"a", 1}, {"b", "replaced"}, {"c", 3}}));

  o.set("d", 4);
  CHECK(o == Value::object({{"a", 1}, {"b", "replaced"}, {"c", 3}, {"d", 4}}));
  CHECK(o.asObject()->size() == 4);

  o.set("a", nullptr);
  CHECK(o == Value::object({{"a", nullptr}, {"b", "replaced"}, {"c", 3}, {"d", 4}}));
}

TEST_CASE("Value::set turns a non-object into an empty object first", "[value]") {
  for (Value v : {Value(), Value(1), Value("s"), Value::array({1, 2}), Value(Value::Binary{1})}) {
    v.set("k", true);
    CHECK(v == Value::object({{"k", true}}));
  }
}

TEST_CASE("Value equality compares kind and content", "[value]") {
  CHECK(Value() == Value());
  CHECK(Value(true) != Value(false));
  CHECK(Value(1) != Value(true));  // a number is not a boolean
  CHECK(Value(0) != Value(false));
  CHECK(Value(0) != Value());
  CHECK(Value("1") != Value(1));
  CHECK(Value("") != Value());
  CHECK(Value(Value::Binary{}) != Value(Value::Array{}));
  CHECK(Value(Value::Array{}) != Value(Value::Object{}));
  CHECK(Value(Value::Binary{'a'}) != Value("a"));
  CHECK(Value(1.5) == Value(1.5));
  CHECK(Value::array({1, "x"}) == Value::array({1, "x"}));
  CHECK(Value::array({1, "x"}) != Value::array({1, "y"}));
  CHECK(Value::array({1}) != Value::array({1, 1}));
  CHECK(Value::object({{"a", 1}}) == Value::object({{"a", 1}}));
  CHECK(Value::object({{"a", 1}}) != Value::object({{"a", 2}}));
  CHECK(Value::object({{"a", 1}}) != Value::object({{"b", 1}}));
  CHECK(Value::object({{"a", Value::array({Value::Binary{1}})}}) ==
        Value::object({{"a", Value::array({Value::Binary{1}})}}));
  CHECK(Value::object({{"a", Value::array({Value::Binary{1}})}}) !=
        Value::object({{"a", Value::array({Value::Binary{2}})}}));
}

TEST_CASE("Value copies and moves are independent values", "[value]") {
  Value a = Value::object({{"list", Value::array({1, 2})}});
  Value b = a;
  b.find("list")->asArray()->push_back(3);
  CHECK(a == Value::object({{"list", Value::array({1, 2})}}));
  CHECK(b == Value::object({{"list", Value::array({1, 2, 3})}}));
  Value c = std::move(b);
  CHECK(c == Value::object({{"list", Value::array({1, 2, 3})}}));
}

TEST_CASE("Value::containsBinary searches the whole tree", "[value]") {
  CHECK_FALSE(Value().containsBinary());
  CHECK_FALSE(Value(1).containsBinary());
  CHECK_FALSE(Value("bin").containsBinary());
  CHECK_FALSE(Value::array({}).containsBinary());
  CHECK_FALSE(Value::object({}).containsBinary());
  CHECK_FALSE(Value::array({1, "x", Value::object({{"a", Value::array({nullptr})}})})
                  .containsBinary());
  CHECK(Value(Value::Binary{}).containsBinary());
  CHECK(Value(Value::Binary{1}).containsBinary());
  CHECK(Value::array({"x", Value::Binary{1}}).containsBinary());
  CHECK(Value::object({{"a", 1}, {"b", Value::Binary{}}}).containsBinary());
  CHECK(Value::array({1, Value::object({{"deep", Value::array({Value::array({Value::Binary{9}})})}})})
            .containsBinary());
}
