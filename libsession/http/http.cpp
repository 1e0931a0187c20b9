// HttpRequest helpers: path/query split, case-insensitive headers, query decoding.
#include <libsession/http.hpp>

#include <cctype>

namespace libsession {
namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

int hexValue(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// application/x-www-form-urlencoded decoding, as URLSearchParams does: '+' is a space, and a
// malformed escape is kept literally.
std::string percentDecode(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+') {
      out.push_back(' ');
    } else if (c == '%' && i + 2 < text.size() && hexValue(text[i + 1]) >= 0 &&
               hexValue(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(hexValue(text[i + 1]) * 16 + hexValue(text[i + 2])));
      i += 2;
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace

std::string_view HttpRequest::path() const noexcept {
  const std::string_view t(target);
  return t.substr(0, t.find('?'));
}

std::string_view HttpRequest::query() const noexcept {
  const std::string_view t(target);
  const std::size_t q = t.find('?');
  if (q == std::string_view::npos) return {};
  std::string_view rest = t.substr(q + 1);
  return rest.substr(0, rest.find('#'));
}

std::optional<std::string_view> HttpRequest::header(std::string_view name) const noexcept {
  for (const auto& [key, value] : headers) {
    if (equalsIgnoreCase(key, name)) return std::string_view(value);
  }
  return std::nullopt;
}

std::vector<std::pair<std::string, std::string>> HttpRequest::queryParams() const {
  std::vector<std::pair<std::string, std::string>> params;
  std::string_view rest = query();
  while (!rest.empty()) {
    const std::size_t amp = rest.find('&');
    const std::string_view pair = rest.substr(0, amp);
    if (!pair.empty()) {
      const std::size_t eq = pair.find('=');
      params.emplace_back(percentDecode(pair.substr(0, eq)),
                          eq == std::string_view::npos ? std::string()
                                                       : percentDecode(pair.substr(eq + 1)));
    }
    if (amp == std::string_view::npos) break;
    rest.remove_prefix(amp + 1);
  }
  return params;
}

std::optional<std::string> HttpRequest::queryParam(std::string_view name) const {
  std::optional<std::string> found;
  for (auto& [key, value] : queryParams()) {
    if (key == name) found = std::move(value);
  }
  return found;
}

HttpResponse HttpResponse::text(int status, std::string body, std::string contentType) {
  HttpResponse response;
  response.status = status;
  response.body = std::move(body);
  response.headers.emplace_back("Content-Type", std::move(contentType));
  return response;
}

HttpResponse HttpResponse::json(int status, std::string body) {
  return text(status, std::move(body), "application/json");
}

void HttpResponse::setHeader(std::string name, std::string value) {
  for (auto& [key, existing] : headers) {
    if (equalsIgnoreCase(key, name)) {
      existing = std::move(value);
      return;
    }
  }
  headers.emplace_back(std::move(name), std::move(value));
}

HttpRequest HttpRequest::withHeadersOnly(const std::vector<std::string>& names) const {
  HttpRequest copy;
  copy.method = method;
  copy.target = target;
  copy.remoteAddress = remoteAddress;
  copy.secure = secure;
  const auto named = [&names](std::string_view header) {
    for (const auto& name : names) {
      if (name == "*" || equalsIgnoreCase(name, header)) return true;
    }
    return false;
  };
  for (const auto& header : headers) {
    if (named(header.first)) copy.headers.push_back(header);
  }
  return copy;
}

}  // namespace libsession
