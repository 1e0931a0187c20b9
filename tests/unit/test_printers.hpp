// Catch2 printers for libsession types, so that a failed CHECK shows the values (as JSON, wire
// bytes and error messages) instead of "{?}". Included by every unit test translation unit.
#pragma once

#include <libsession/codec/engine_io.hpp>
#include <libsession/codec/socket_io.hpp>
#include <libsession/error.hpp>
#include <libsession/json.hpp>
#include <libsession/value.hpp>

#include <catch2/catch.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <system_error>

namespace libsession::testing {

// Bytes as a C-like literal: printable ASCII as is, everything else as \xNN.
inline std::string quoteBytes(const std::string& bytes) {
  std::string out = "\"";
  for (unsigned char c : bytes) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      char buf[5];
      std::snprintf(buf, sizeof buf, "\\x%02x", c);
      out += buf;
    }
  }
  return out + "\"";
}

}  // namespace libsession::testing

namespace Catch {

template <> struct StringMaker<std::error_code> {
  static std::string convert(const std::error_code& ec) {
    if (!ec) return "success";
    return std::string(ec.category().name()) + ":" + std::to_string(ec.value()) + " (" +
           ec.message() + ")";
  }
};

template <> struct StringMaker<libsession::Value> {
  static std::string convert(const libsession::Value& v) { return libsession::toJson(v); }
};

template <> struct StringMaker<libsession::engineio::Packet> {
  static std::string convert(const libsession::engineio::Packet& p) {
    return std::string("eio{") + libsession::engineio::toString(p.type) +
           (p.binary ? " binary " : " ") + libsession::testing::quoteBytes(p.data) + "}";
  }
};

template <> struct StringMaker<libsession::socketio::Packet> {
  static std::string convert(const libsession::socketio::Packet& p) {
    std::string out = std::string("sio{") + libsession::socketio::toString(p.type) + " nsp=" +
                      p.nsp;
    if (p.id) out += " id=" + std::to_string(*p.id);
    out += " data=" + (p.data ? libsession::toJson(*p.data) : std::string("<none>"));
    return out + "}";
  }
};

template <> struct StringMaker<std::optional<libsession::socketio::Packet>> {
  static std::string convert(const std::optional<libsession::socketio::Packet>& p) {
    return p ? StringMaker<libsession::socketio::Packet>::convert(*p) : "nullopt";
  }
};

}  // namespace Catch
