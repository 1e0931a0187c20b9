// Errc and Condition: every code has a message and belongs to exactly one condition, so callers
// can react by class (`ec == Condition::protocol_violation`) without listing codes.
#include <libsession/error.hpp>

#include <catch2/catch.hpp>

#include "test_printers.hpp"

#include <string>
#include <system_error>
#include <vector>

using libsession::Condition;
using libsession::Errc;

namespace {

// Every enumerator, in declaration order; a new code must be added here (and to a condition).
const std::vector<Errc> kAllCodes = {
    Errc::empty_packet,        Errc::unknown_packet_type,      Errc::invalid_base64,
    Errc::invalid_utf8,        Errc::payload_too_large,        Errc::invalid_handshake,
    Errc::invalid_json,        Errc::json_too_deep,            Errc::invalid_namespace,
    Errc::namespace_too_long,  Errc::invalid_ack_id,           Errc::invalid_attachment_count,
    Errc::too_many_attachments, Errc::invalid_payload,         Errc::invalid_placeholder,
    Errc::unexpected_binary,   Errc::unexpected_text,
};

bool isLimit(Errc e) {
  return e == Errc::payload_too_large || e == Errc::json_too_deep ||
         e == Errc::namespace_too_long || e == Errc::too_many_attachments;
}

}  // namespace

TEST_CASE("Errc values are stable and contiguous from 1", "[error]") {
  CHECK(static_cast<int>(Errc::empty_packet) == 1);
  for (std::size_t i = 0; i < kAllCodes.size(); ++i) {
    CHECK(static_cast<int>(kAllCodes[i]) == static_cast<int>(i) + 1);
  }
}

TEST_CASE("every Errc has a non-empty message in the library's category", "[error]") {
  const std::string categoryName = libsession::errorCategory().name();
  CHECK_FALSE(categoryName.empty());
  for (Errc e : kAllCodes) {
    const std::error_code ec = e;  // implicit through is_error_code_enum
    INFO("code " << static_cast<int>(e));
    CHECK(ec);
    CHECK(ec.value() == static_cast<int>(e));
    CHECK(&ec.category() == &libsession::errorCategory());
    CHECK(ec == libsession::make_error_code(e));
    CHECK_FALSE(ec.message().empty());
  }
}

TEST_CASE("every Errc maps to protocol_violation or limit_exceeded", "[error]") {
  for (Errc e : kAllCodes) {
    const std::error_code ec = e;
    INFO("code " << static_cast<int>(e) << " (" << ec.message() << ")");
    if (isLimit(e)) {
      CHECK(ec == Condition::limit_exceeded);
      CHECK(ec != Condition::protocol_violation);
      CHECK(ec.default_error_condition() == Condition::limit_exceeded);
    } else {
      CHECK(ec == Condition::protocol_violation);
      CHECK(ec != Condition::limit_exceeded);
      CHECK(ec.default_error_condition() == Condition::protocol_violation);
    }
  }
}

TEST_CASE("the limit codes are exactly the four documented ones", "[error]") {
  std::size_t limits = 0;
  for (Errc e : kAllCodes) {
    if (std::error_code(e) == Condition::limit_exceeded) ++limits;
  }
  CHECK(limits == 4);
  CHECK(std::error_code(Errc::payload_too_large) == Condition::limit_exceeded);
  CHECK(std::error_code(Errc::json_too_deep) == Condition::limit_exceeded);
  CHECK(std::error_code(Errc::namespace_too_long) == Condition::limit_exceeded);
  CHECK(std::error_code(Errc::too_many_attachments) == Condition::limit_exceeded);
  CHECK(std::error_code(Errc::invalid_json) == Condition::protocol_violation);
  CHECK(std::error_code(Errc::unexpected_text) == Condition::protocol_violation);
}

TEST_CASE("Condition values have messages in their own category", "[error]") {
  for (Condition c : {Condition::protocol_violation, Condition::limit_exceeded}) {
    const std::error_condition cond = c;  // implicit through is_error_condition_enum
    CHECK(&cond.category() == &libsession::conditionCategory());
    CHECK(cond == libsession::make_error_condition(c));
    CHECK_FALSE(cond.message().empty());
  }
  CHECK(std::string(libsession::conditionCategory().name()) !=
        std::string(libsession::errorCategory().name()));
  CHECK(libsession::make_error_condition(Condition::protocol_violation).message() !=
        libsession::make_error_condition(Condition::limit_exceeded).message());
}

TEST_CASE("no success value and no confusion with other categories", "[error]") {
  const std::error_code none;
  CHECK_FALSE(none);
  CHECK(none != Condition::protocol_violation);
  CHECK(none != Condition::limit_exceeded);
  // A system error with the same numeric value is not ours.
  const std::error_code other(static_cast<int>(Errc::payload_too_large), std::generic_category());
  CHECK(other != Errc::payload_too_large);
  CHECK(other != Condition::limit_exceeded);
}

TEST_CASE("connection and engine-link codes follow the codec codes and map to their conditions",
          "[error]") {
  CHECK(static_cast<int>(Errc::ack_timeout) == static_cast<int>(kAllCodes.size()) + 1);
  CHECK(std::error_code(Errc::ack_timeout) == Condition::timed_out);
  CHECK(std::error_code(Errc::connection_closed) == Condition::closed);
  for (Errc e : {Errc::overloaded, Errc::engine_rejected, Errc::unroutable}) {
    const std::error_code ec = e;
    INFO(ec.message());
    CHECK(ec == Condition::unavailable);
    CHECK(ec != Condition::protocol_violation);
    CHECK_FALSE(ec.message().empty());
  }
  CHECK(std::error_code(Errc::overloaded).message() !=
        std::error_code(Errc::unroutable).message());
  CHECK_FALSE(libsession::make_error_condition(Condition::unavailable).message().empty());
}
