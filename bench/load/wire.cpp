// bench/load/wire.cpp — see wire.hpp. RFC 6455 section numbers are given where a rule applies.
#include "wire.hpp"

#include <array>
#include <charconv>
#include <cstring>

namespace bench::wire {
namespace {

bool isControl(Opcode op) noexcept { return (static_cast<unsigned>(op) & 0x8u) != 0; }

bool knownOpcode(unsigned op) noexcept {
  return op == 0x0 || op == 0x1 || op == 0x2 || op == 0x8 || op == 0x9 || op == 0xA;
}

void appendUnsigned(std::string& out, std::uint64_t value) {
  char digits[20];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, static_cast<std::size_t>(result.ptr - digits));
}

char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

bool equalsIgnoreCase(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

bool containsIgnoreCase(std::string_view text, std::string_view word) noexcept {
  if (word.size() > text.size()) return false;
  for (std::size_t i = 0; i + word.size() <= text.size(); ++i) {
    if (equalsIgnoreCase(text.substr(i, word.size()), word)) return true;
  }
  return false;
}

std::string_view trim(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// Reads ASCII digits at s[pos...]; false if there are none or the number overflows.
bool readUnsigned(std::string_view s, std::size_t& pos, std::uint64_t& value) noexcept {
  const char* first = s.data() + pos;
  const auto result = std::from_chars(first, s.data() + s.size(), value);
  if (result.ec != std::errc() || result.ptr == first) return false;
  pos += static_cast<std::size_t>(result.ptr - first);
  return true;
}

std::size_t skipSpaces(std::string_view s, std::size_t pos) noexcept {
  while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t' || s[pos] == '\n' || s[pos] == '\r')) {
    ++pos;
  }
  return pos;
}

// After a key's closing quote: optional spaces, ':', optional spaces. npos if no colon.
std::size_t afterColon(std::string_view s, std::size_t pos) noexcept {
  pos = skipSpaces(s, pos);
  if (pos >= s.size() || s[pos] != ':') return std::string_view::npos;
  return skipSpaces(s, pos + 1);
}

constexpr std::string_view kBase64 =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

}  // namespace

// ---- WebSocket ------------------------------------------------------------------------------

FrameResult parseServerFrame(std::string_view bytes, std::size_t maxPayload) noexcept {
  FrameResult r;
  if (bytes.size() < 2) return r;
  const auto b0 = static_cast<unsigned char>(bytes[0]);
  const auto b1 = static_cast<unsigned char>(bytes[1]);
  r.fin = (b0 & 0x80u) != 0;
  const unsigned op = b0 & 0x0Fu;
  auto fail = [&r](const char* why) {
    r.status = FrameStatus::error;
    r.error = why;
    return r;
  };
  if ((b0 & 0x70u) != 0) return fail("WebSocket frame with reserved bits set (no extension was negotiated)");
  if (!knownOpcode(op)) return fail("WebSocket frame with an unknown opcode");
  r.opcode = static_cast<Opcode>(op);
  if ((b1 & 0x80u) != 0) return fail("masked WebSocket frame from the server (RFC 6455 5.1)");
  std::uint64_t length = b1 & 0x7Fu;
  std::size_t header = 2;
  if (length == 126) {  // 16-bit extended length (5.2)
    if (bytes.size() < 4) return r;
    length = (std::uint64_t{static_cast<unsigned char>(bytes[2])} << 8) |
             static_cast<unsigned char>(bytes[3]);
    header = 4;
  } else if (length == 127) {  // 64-bit extended length, most significant bit 0 (5.2)
    if (bytes.size() < 10) return r;
    length = 0;
    for (std::size_t i = 2; i < 10; ++i) length = (length << 8) | static_cast<unsigned char>(bytes[i]);
    if ((length >> 63) != 0) return fail("WebSocket frame length with the top bit set");
    header = 10;
  }
  if (isControl(r.opcode) && (!r.fin || length > 125)) {
    return fail("fragmented or oversized WebSocket control frame (RFC 6455 5.5)");
  }
  if (length > maxPayload) return fail("WebSocket frame larger than the receive limit");
  if (bytes.size() - header < length) return r;
  r.status = FrameStatus::complete;
  r.frameBytes = header + static_cast<std::size_t>(length);
  r.payload = bytes.substr(header, static_cast<std::size_t>(length));
  return r;
}

void appendClientFrame(std::string& out, Opcode opcode, std::string_view payload,
                       std::uint32_t maskKey) {
  unsigned char header[14];
  std::size_t n = 0;
  header[n++] = static_cast<unsigned char>(0x80u | static_cast<unsigned>(opcode));
  const std::uint64_t length = payload.size();
  if (length < 126) {
    header[n++] = static_cast<unsigned char>(0x80u | length);
  } else if (length <= 0xFFFF) {
    header[n++] = 0x80u | 126u;
    header[n++] = static_cast<unsigned char>(length >> 8);
    header[n++] = static_cast<unsigned char>(length);
  } else {
    header[n++] = 0x80u | 127u;
    for (int shift = 56; shift >= 0; shift -= 8) {
      header[n++] = static_cast<unsigned char>(length >> shift);
    }
  }
  unsigned char key[4];
  std::memcpy(key, &maskKey, 4);
  std::memcpy(header + n, key, 4);
  n += 4;

  const std::size_t start = out.size();
  out.resize(start + n + payload.size());
  char* dst = out.data() + start;
  std::memcpy(dst, header, n);
  dst += n;
  // Masking (5.3): byte i is XORed with key[i % 4]. Eight bytes at a time: the 64-bit word made
  // of the key's bytes twice, whatever the byte order.
  std::uint64_t key64 = 0;
  unsigned char key8[8] = {key[0], key[1], key[2], key[3], key[0], key[1], key[2], key[3]};
  std::memcpy(&key64, key8, 8);
  const char* src = payload.data();
  std::size_t i = 0;
  for (; i + 8 <= payload.size(); i += 8) {
    std::uint64_t word = 0;
    std::memcpy(&word, src + i, 8);
    word ^= key64;
    std::memcpy(dst + i, &word, 8);
  }
  for (; i < payload.size(); ++i) {
    dst[i] = static_cast<char>(static_cast<unsigned char>(src[i]) ^ key[i & 3u]);
  }
}

void appendCloseFrame(std::string& out, std::uint16_t code, std::uint32_t maskKey) {
  const char payload[2] = {static_cast<char>(code >> 8), static_cast<char>(code & 0xFF)};
  appendClientFrame(out, Opcode::close, std::string_view(payload, 2), maskKey);
}

std::string webSocketKey(std::uint64_t high, std::uint64_t low) {
  std::array<unsigned char, 18> bytes{};  // 16 bytes of key, 2 of padding for the last group
  for (int i = 0; i < 8; ++i) {
    bytes[static_cast<std::size_t>(i)] = static_cast<unsigned char>(high >> (8 * i));
    bytes[static_cast<std::size_t>(8 + i)] = static_cast<unsigned char>(low >> (8 * i));
  }
  std::string key;
  for (std::size_t i = 0; i < 16; i += 3) {
    const unsigned v = (unsigned{bytes[i]} << 16) | (unsigned{bytes[i + 1]} << 8) | bytes[i + 2];
    key += kBase64[(v >> 18) & 63];
    key += kBase64[(v >> 12) & 63];
    key += kBase64[(v >> 6) & 63];
    key += kBase64[v & 63];
  }
  key.resize(22);  // 16 bytes = 22 significant characters + "=="
  key += "==";
  return key;
}

// ---- HTTP -----------------------------------------------------------------------------------

std::string upgradeRequest(std::string_view host, std::string_view target, std::string_view key) {
  std::string r;
  r.reserve(256);
  r.append("GET ").append(target).append(" HTTP/1.1\r\nHost: ").append(host);
  r.append("\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ").append(key);
  r.append("\r\nSec-WebSocket-Version: 13\r\n\r\n");
  return r;
}

std::string pollRequest(std::string_view host, std::string_view target) {
  std::string r;
  r.reserve(160);
  r.append("GET ").append(target).append(" HTTP/1.1\r\nHost: ").append(host).append("\r\n\r\n");
  return r;
}

void appendPostRequest(std::string& out, std::string_view host, std::string_view target,
                       std::string_view body) {
  out.append("POST ").append(target).append(" HTTP/1.1\r\nHost: ").append(host);
  out.append("\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: ");
  appendUnsigned(out, body.size());
  out.append("\r\n\r\n").append(body);
}

ResponseHead parseResponseHead(std::string_view bytes, std::size_t maxHeadBytes) noexcept {
  ResponseHead h;
  const std::size_t end = bytes.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    if (bytes.size() > maxHeadBytes) {
      h.status = HeadStatus::error;
      h.error = "HTTP response head too long";
    }
    return h;
  }
  h.headBytes = end + 4;
  std::string_view head = bytes.substr(0, end);
  std::size_t eol = head.find("\r\n");
  h.statusLine = head.substr(0, eol);
  // "HTTP/1.1 101 Switching Protocols"
  if (h.statusLine.size() < 12 || h.statusLine.substr(0, 7) != "HTTP/1." ||
      h.statusLine[8] != ' ') {
    h.status = HeadStatus::error;
    h.error = "not an HTTP/1.x response";
    return h;
  }
  std::size_t pos = 9;
  std::uint64_t code = 0;
  if (!readUnsigned(h.statusLine, pos, code) || pos != 12) {
    h.status = HeadStatus::error;
    h.error = "HTTP response without a status code";
    return h;
  }
  h.code = static_cast<int>(code);
  h.close = h.statusLine[7] == '0';  // HTTP/1.0 closes unless told otherwise
  while (eol != std::string_view::npos) {
    head.remove_prefix(eol + 2);
    eol = head.find("\r\n");
    const std::string_view line = head.substr(0, eol);
    const std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    const std::string_view name = line.substr(0, colon);
    const std::string_view value = trim(line.substr(colon + 1));
    if (equalsIgnoreCase(name, "content-length")) {
      std::size_t p = 0;
      std::uint64_t length = 0;
      if (!readUnsigned(value, p, length) || p != value.size()) {
        h.status = HeadStatus::error;
        h.error = "invalid Content-Length";
        return h;
      }
      h.contentLength = static_cast<std::int64_t>(length);
    } else if (equalsIgnoreCase(name, "connection")) {
      if (containsIgnoreCase(value, "close")) h.close = true;
      if (containsIgnoreCase(value, "keep-alive")) h.close = false;
    } else if (equalsIgnoreCase(name, "transfer-encoding")) {
      h.chunked = containsIgnoreCase(value, "chunked");
    }
  }
  h.status = HeadStatus::complete;
  return h;
}

// ---- Engine.IO / Socket.IO ------------------------------------------------------------------

std::string_view jsonStringField(std::string_view json, std::string_view key) noexcept {
  std::size_t from = 0;
  while (from < json.size()) {
    const std::size_t at = json.find(key, from);
    if (at == std::string_view::npos) return {};
    from = at + 1;
    if (at == 0 || json[at - 1] != '"' || at + key.size() >= json.size() ||
        json[at + key.size()] != '"') {
      continue;
    }
    std::size_t pos = afterColon(json, at + key.size() + 1);
    if (pos == std::string_view::npos || pos >= json.size() || json[pos] != '"') continue;
    const std::size_t begin = ++pos;
    while (pos < json.size() && json[pos] != '"') pos += json[pos] == '\\' ? 2 : 1;
    if (pos >= json.size()) return {};
    return json.substr(begin, pos - begin);
  }
  return {};
}

bool parseAck(std::string_view p, AckReply& out) noexcept {
  if (p.size() < 2 || p[0] != '3') return false;
  std::size_t pos = 1;
  if (!readUnsigned(p, pos, out.ackId)) return false;  // no id, or "3/nsp,..."
  const std::string_view data = p.substr(pos);
  // `"ok":true` / `"ok":false`, as the servers write the ack's first argument.
  out.ok = false;
  out.error = {};
  const std::size_t key = data.find("\"ok\"");
  if (key != std::string_view::npos) {
    const std::size_t value = afterColon(data, key + 4);
    out.ok = value != std::string_view::npos && value < data.size() && data[value] == 't';
  }
  if (!out.ok) out.error = jsonStringField(data, "error");
  return true;
}

bool findBenchId(std::string_view p, BenchId& out) noexcept {
  std::size_t from = 0;
  for (;;) {
    const std::size_t at = p.find("\"id\"", from);
    if (at == std::string_view::npos) return false;
    from = at + 4;
    std::size_t pos = afterColon(p, at + 4);
    if (pos == std::string_view::npos || pos + 1 >= p.size() || p[pos] != '"' ||
        p[pos + 1] != 'b') {
      continue;
    }
    pos += 2;
    if (!readUnsigned(p, pos, out.connection) || pos >= p.size() || p[pos] != '-') continue;
    ++pos;
    if (!readUnsigned(p, pos, out.sequence) || pos >= p.size() || p[pos] != '"') continue;
    return true;
  }
}

namespace {
constexpr std::string_view kEventHead = "[\"message\",{\"id\":\"b";
constexpr std::string_view kEventMiddle = "\",\"type\":\"bench.echo\",\"data\":{\"pad\":\"";
constexpr std::string_view kEventTail = "\"}}]";

std::size_t digitsOf(std::uint64_t v) {
  std::size_t n = 1;
  while (v >= 10) {
    v /= 10;
    ++n;
  }
  return n;
}
}  // namespace

EventWriter::EventWriter(std::size_t payloadBytes, std::size_t connections) {
  // The Event JSON is {"id":"b<conn>-<seq>", ...}: everything but the pad is fixed apart from
  // the digits, estimated with the widest connection index and a six-digit sequence number.
  const std::size_t fixed = (kEventHead.size() - 11) /* [\"message\", */ + kEventMiddle.size() +
                            kEventTail.size() - 1 /* ] */ +
                            digitsOf(connections > 0 ? connections - 1 : 0) + 1 + 6;
  pad_.assign(payloadBytes > fixed ? payloadBytes - fixed : 0, 'x');
  buffer_.reserve(64 + pad_.size());
}

std::string_view EventWriter::format(std::uint64_t connection, std::uint64_t sequence) {
  buffer_.clear();
  buffer_.append("42");
  appendUnsigned(buffer_, sequence);
  buffer_.append(kEventHead);
  appendUnsigned(buffer_, connection);
  buffer_ += '-';
  appendUnsigned(buffer_, sequence);
  buffer_.append(kEventMiddle).append(pad_).append(kEventTail);
  return buffer_;
}

std::string connectPacket(std::string_view tokenPrefix, std::uint64_t index) {
  std::string p = "40{\"token\":\"";
  for (char c : tokenPrefix) {  // the prefix is the user's: keep the JSON valid
    if (c == '"' || c == '\\') p += '\\';
    p += c;
  }
  p += '-';
  appendUnsigned(p, index);
  p += "\"}";
  return p;
}

}  // namespace bench::wire
