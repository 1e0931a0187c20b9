// tests/support/prometheus_text.hpp — a strict parser of the Prometheus text format 0.0.4, so
// tests can check what a registry (or the real agent's GET /metrics) renders by its meaning,
// not only by its bytes.
//
//   libsession::testing::PrometheusText text;
//   std::string error;
//   REQUIRE(libsession::testing::parsePrometheusText(body, text, error));  // INFO(error)
//   CHECK(text.value("session_agent_connections", {{"transport", "websocket"}}) == 1);
//
// Checked, after https://prometheus.io/docs/instrumenting/exposition_formats/: every line ends
// with '\n'; names and label names are well formed; label values and HELP use only the escapes
// \\ \" \n (HELP: \\ \n); values are Go floats (NaN, +Inf, -Inf included); an optional integer
// timestamp; at most one HELP and one TYPE per family, both before its first sample; the lines of
// a family form one group; no sample (name + labels) repeats; for histograms, buckets are
// cumulative, a `le="+Inf"` bucket exists and equals `_count`.
//
// Header-only (inline) so unit and integration tests include it without a library.
// Thread-safety: stateless functions; the result is a plain value.
#pragma once

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

namespace libsession::testing {

struct PrometheusSample {
  std::string name;                           ///< including _bucket / _sum / _count
  std::map<std::string, std::string> labels;   ///< unescaped values
  double value = 0;
  std::optional<long long> timestamp;          ///< milliseconds, when given
};

struct PrometheusText {
  std::vector<PrometheusSample> samples;      ///< in text order
  std::map<std::string, std::string> help;     ///< family -> unescaped HELP
  std::map<std::string, std::string> type;     ///< family -> counter|gauge|histogram|summary|untyped
  std::vector<std::string> families;           ///< in order of first appearance

  /// The sample with exactly these labels, or nullptr.
  const PrometheusSample* find(std::string_view name,
                               const std::map<std::string, std::string>& labels = {}) const {
    for (const auto& s : samples) {
      if (s.name == name && s.labels == labels) return &s;
    }
    return nullptr;
  }
  /// Its value, or nullopt.
  std::optional<double> value(std::string_view name,
                              const std::map<std::string, std::string>& labels = {}) const {
    const PrometheusSample* s = find(name, labels);
    if (s == nullptr) return std::nullopt;
    return s->value;
  }
};

namespace detail_prometheus {

inline bool isNameStart(char c, bool colon) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (colon && c == ':');
}
inline bool isNameChar(char c, bool colon) { return isNameStart(c, colon) || (c >= '0' && c <= '9'); }

/// Reads a metric name (colon = true) or label name at `pos`; empty when there is none.
inline std::string readName(std::string_view line, std::size_t& pos, bool colon) {
  const std::size_t start = pos;
  if (pos < line.size() && isNameStart(line[pos], colon)) {
    ++pos;
    while (pos < line.size() && isNameChar(line[pos], colon)) ++pos;
  }
  return std::string(line.substr(start, pos - start));
}

inline void skipBlanks(std::string_view line, std::size_t& pos) {
  while (pos < line.size() && (line[pos] == ' ' || line[pos] == '\t')) ++pos;
}

inline std::string_view readToken(std::string_view line, std::size_t& pos) {
  const std::size_t start = pos;
  while (pos < line.size() && line[pos] != ' ' && line[pos] != '\t') ++pos;
  return line.substr(start, pos - start);
}

inline bool parseFloat(std::string_view text, double& out) {
  if (text == "NaN") {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (text == "+Inf" || text == "Inf") {
    out = std::numeric_limits<double>::infinity();
    return true;
  }
  if (text == "-Inf") {
    out = -std::numeric_limits<double>::infinity();
    return true;
  }
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return false;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
  return ec == std::errc() && end == text.data() + text.size() && std::isfinite(out);
}

/// Undoes \\ and \n (and \" when `allowQuote`); any other escape or a raw line feed fails.
inline bool unescape(std::string_view text, bool allowQuote, std::string& out) {
  out.clear();
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\n') return false;
    if (c != '\\') {
      out.push_back(c);
      continue;
    }
    if (++i == text.size()) return false;
    switch (text[i]) {
      case '\\': out.push_back('\\'); break;
      case 'n': out.push_back('\n'); break;
      case '"':
        if (!allowQuote) return false;
        out.push_back('"');
        break;
      default: return false;
    }
  }
  return true;
}

/// The family a sample name belongs to, given the TYPEs seen so far.
inline std::string familyOf(const std::string& name, const std::map<std::string, std::string>& types) {
  for (const char* suffix : {"_bucket", "_sum", "_count"}) {
    const std::string_view s(suffix);
    if (name.size() > s.size() && name.compare(name.size() - s.size(), s.size(), s) == 0) {
      const std::string base = name.substr(0, name.size() - s.size());
      const auto it = types.find(base);
      if (it != types.end() &&
          (it->second == "histogram" || (it->second == "summary" && s != "_bucket"))) {
        return base;
      }
    }
  }
  return name;
}

inline bool parseSample(std::string_view line, PrometheusSample& sample, std::string& why) {
  std::size_t pos = 0;
  sample.name = readName(line, pos, true);
  if (sample.name.empty()) {
    why = "bad metric name";
    return false;
  }
  if (pos < line.size() && line[pos] == '{') {
    ++pos;
    for (;;) {
      skipBlanks(line, pos);
      if (pos < line.size() && line[pos] == '}') {
        ++pos;
        break;
      }
      const std::string label = readName(line, pos, false);
      if (label.empty()) {
        why = "bad label name";
        return false;
      }
      skipBlanks(line, pos);
      if (pos >= line.size() || line[pos] != '=') {
        why = "expected '=' after label name";
        return false;
      }
      ++pos;
      skipBlanks(line, pos);
      if (pos >= line.size() || line[pos] != '"') {
        why = "expected '\"' to open a label value";
        return false;
      }
      const std::size_t start = ++pos;
      while (pos < line.size() && line[pos] != '"') pos += line[pos] == '\\' ? 2 : 1;
      if (pos >= line.size()) {
        why = "unterminated label value";
        return false;
      }
      std::string value;
      if (!unescape(line.substr(start, pos - start), true, value)) {
        why = "bad escape in label value";
        return false;
      }
      ++pos;
      if (!sample.labels.emplace(label, std::move(value)).second) {
        why = "duplicate label " + label;
        return false;
      }
      skipBlanks(line, pos);
      if (pos < line.size() && line[pos] == ',') {
        ++pos;
        continue;
      }
      if (pos < line.size() && line[pos] == '}') {
        ++pos;
        break;
      }
      why = "expected ',' or '}' in labels";
      return false;
    }
  }
  if (pos >= line.size() || (line[pos] != ' ' && line[pos] != '\t')) {
    why = "expected blank before the value";
    return false;
  }
  skipBlanks(line, pos);
  if (!parseFloat(readToken(line, pos), sample.value)) {
    why = "bad value";
    return false;
  }
  skipBlanks(line, pos);
  if (pos < line.size()) {
    const std::string_view ts = readToken(line, pos);
    long long ms = 0;
    const auto [end, ec] = std::from_chars(ts.data(), ts.data() + ts.size(), ms);
    if (ec != std::errc() || end != ts.data() + ts.size()) {
      why = "bad timestamp";
      return false;
    }
    sample.timestamp = ms;
    skipBlanks(line, pos);
    if (pos < line.size()) {
      why = "trailing text";
      return false;
    }
  }
  return true;
}

/// Histogram invariants, per child (labels without `le`).
inline bool checkHistograms(const PrometheusText& text, std::string& error) {
  for (const auto& [family, type] : text.type) {
    if (type != "histogram") continue;
    std::map<std::map<std::string, std::string>, std::vector<std::pair<double, double>>> buckets;
    std::map<std::map<std::string, std::string>, double> counts;
    for (const auto& s : text.samples) {
      if (s.name == family + "_bucket") {
        auto labels = s.labels;
        const auto le = labels.find("le");
        double bound = 0;
        if (le == labels.end() || !parseFloat(le->second, bound)) {
          error = family + "_bucket without a valid le label";
          return false;
        }
        labels.erase(le);
        buckets[labels].emplace_back(bound, s.value);
      } else if (s.name == family + "_count") {
        counts[s.labels] = s.value;
      }
    }
    for (const auto& [labels, series] : buckets) {
      for (std::size_t i = 1; i < series.size(); ++i) {
        if (!(series[i].first > series[i - 1].first) || series[i].second < series[i - 1].second) {
          error = family + ": buckets not increasing in le, or not cumulative";
          return false;
        }
      }
      if (series.empty() || !std::isinf(series.back().first)) {
        error = family + ": no le=\"+Inf\" bucket";
        return false;
      }
      const auto count = counts.find(labels);
      if (count == counts.end() || count->second != series.back().second) {
        error = family + ": _count differs from the +Inf bucket";
        return false;
      }
    }
  }
  return true;
}

}  // namespace detail_prometheus

/// Parses and validates `body`. On failure returns false with `error` naming the line and why.
inline bool parsePrometheusText(std::string_view body, PrometheusText& out, std::string& error) {
  namespace d = detail_prometheus;
  out = PrometheusText{};
  if (!body.empty() && body.back() != '\n') {
    error = "the last line does not end with a line feed";
    return false;
  }
  std::set<std::string> closed;      // families whose group has ended
  std::set<std::string> withSamples;  // families that have had a sample
  std::set<std::pair<std::string, std::map<std::string, std::string>>> seen;
  std::string current;                // family of the previous line
  std::size_t lineNo = 0;
  std::size_t start = 0;
  auto fail = [&](std::string why) {
    error = "line " + std::to_string(lineNo) + ": " + why + ": '" +
            std::string(body.substr(start, body.find('\n', start) - start)) + "'";
    return false;
  };
  auto enter = [&](const std::string& family) {
    if (family == current) return true;
    if (closed.count(family) != 0) return false;  // the family's group was interrupted
    if (!current.empty()) closed.insert(current);
    current = family;
    if (std::find(out.families.begin(), out.families.end(), family) == out.families.end()) {
      out.families.push_back(family);
    }
    return true;
  };
  while (start < body.size()) {
    ++lineNo;
    const std::size_t end = body.find('\n', start);
    const std::string_view line = body.substr(start, end - start);
    std::size_t pos = 0;
    d::skipBlanks(line, pos);
    if (pos == line.size()) {
      start = end + 1;
      continue;
    }
    if (line[pos] == '#') {
      ++pos;
      d::skipBlanks(line, pos);
      const std::string_view keyword = d::readToken(line, pos);
      if (keyword == "HELP" || keyword == "TYPE") {
        d::skipBlanks(line, pos);
        const std::string name = d::readName(line, pos, true);
        if (name.empty() || (pos < line.size() && line[pos] != ' ' && line[pos] != '\t')) {
          return fail("bad metric name in " + std::string(keyword));
        }
        if (pos < line.size()) ++pos;  // one blank; the rest is the text
        const std::string_view rest = line.substr(pos);
        if (!enter(name)) return fail("family " + name + " split into several groups");
        if (keyword == "HELP") {
          std::string help;
          if (withSamples.count(name) != 0) return fail("HELP after the family's samples");
          if (!d::unescape(rest, false, help)) return fail("bad escape in HELP");
          if (!out.help.emplace(name, std::move(help)).second) return fail("second HELP");
        } else {
          std::string_view type = rest;
          while (!type.empty() && (type.back() == ' ' || type.back() == '\t')) type.remove_suffix(1);
          if (type != "counter" && type != "gauge" && type != "histogram" && type != "summary" &&
              type != "untyped") {
            return fail("unknown TYPE");
          }
          if (withSamples.count(name) != 0) return fail("TYPE after the family's samples");
          if (!out.type.emplace(name, std::string(type)).second) return fail("second TYPE");
        }
      }
      start = end + 1;
      continue;
    }
    PrometheusSample sample;
    std::string why;
    if (!d::parseSample(line.substr(pos), sample, why)) return fail(why);
    const std::string family = d::familyOf(sample.name, out.type);
    if (!enter(family)) return fail("family " + family + " split into several groups");
    withSamples.insert(family);
    if (!seen.emplace(sample.name, sample.labels).second) return fail("duplicate sample");
    out.samples.push_back(std::move(sample));
    start = end + 1;
  }
  return d::checkHistograms(out, error);
}

}  // namespace libsession::testing
