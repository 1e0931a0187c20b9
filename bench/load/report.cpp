// bench/load/report.cpp — see report.hpp. RapidJSON's writer does the escaping.
#include "report.hpp"

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>

namespace bench {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void key(Writer& w, const char* name) { w.Key(name); }

void number(Writer& w, const char* name, double value) {
  key(w, name);
  w.Double(value);
}

void optionalNumber(Writer& w, const char* name, const std::optional<double>& value) {
  key(w, name);
  if (value) {
    w.Double(*value);
  } else {
    w.Null();
  }
}

void count(Writer& w, const char* name, std::uint64_t value) {
  key(w, name);
  w.Uint64(value);
}

void text(Writer& w, const char* name, const std::string& value) {
  key(w, name);
  w.String(value.c_str(), static_cast<rapidjson::SizeType>(value.size()));
}

std::string format(const char* fmt, double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, fmt, value);
  return buffer;
}

}  // namespace

std::string toJson(const Report& r) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.SetMaxDecimalPlaces(3);
  w.StartObject();
  text(w, "label", r.label);
  text(w, "mode", r.mode);
  text(w, "transport", r.transport);
  count(w, "connections", static_cast<std::uint64_t>(r.connections));
  key(w, "inflight");
  if (r.inflight) {
    w.Int(*r.inflight);
  } else {
    w.Null();
  }
  optionalNumber(w, "rate", r.rate);
  number(w, "duration_s", r.durationS);
  count(w, "messages", r.messages);
  number(w, "msg_per_s", r.messagesPerS);
  count(w, "errors", r.errors);
  key(w, "error_samples");
  w.StartArray();
  for (const auto& e : r.errorSamples) w.String(e.c_str(), static_cast<rapidjson::SizeType>(e.size()));
  w.EndArray();
  key(w, "latency_ms");
  w.StartObject();
  number(w, "p50", r.latencyMs.p50);
  number(w, "p90", r.latencyMs.p90);
  number(w, "p99", r.latencyMs.p99);
  number(w, "p999", r.latencyMs.p999);
  number(w, "max", r.latencyMs.max);
  w.EndObject();
  optionalNumber(w, "handshakes_per_s", r.handshakesPerS);
  count(w, "handshakes", r.handshakes);
  count(w, "connected", r.connected);
  count(w, "dropped", r.dropped);
  count(w, "skipped", r.skipped);
  count(w, "lost", r.lost);
  key(w, "pids");
  w.StartArray();
  for (const auto& p : r.pids) {
    w.StartObject();
    key(w, "pid");
    w.Int(static_cast<int>(p.pid));
    if (!p.error.empty()) text(w, "error", p.error);
    number(w, "cpu_s", p.cpuSeconds);
    optionalNumber(w, "cpu_us_per_msg", p.cpuUsPerMessage);
    key(w, "rss_kb");
    w.Int64(p.rssKb);
    key(w, "hwm_kb");
    w.Int64(p.hwmKb);
    key(w, "rss_baseline_kb");
    w.Int64(p.rssBaselineKb);
    w.EndObject();
  }
  w.EndArray();
  optionalNumber(w, "cpu_us_per_msg_total", r.cpuUsPerMessageTotal);
  optionalNumber(w, "rss_per_connection_bytes", r.rssPerConnectionBytes);
  number(w, "bench_cpu_s", r.benchCpuS);
  optionalNumber(w, "bench_cpu_us_per_msg", r.benchCpuUsPerMessage);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string toSummary(const Report& r) {
  std::string s = "session-bench " + r.mode + " over " + r.transport + ": ";
  if (r.mode == "storm") {
    s += std::to_string(r.handshakes) + " handshakes in " + format("%.2f", r.durationS) +
         " s = " + format("%.0f", r.handshakesPerS.value_or(0)) + " handshakes/s";
  } else if (r.mode == "idle") {
    s += std::to_string(r.connected) + "/" + std::to_string(r.connections) +
         " connections held " + format("%.1f", r.durationS) + " s, " +
         std::to_string(r.dropped) + " dropped";
    if (r.rssPerConnectionBytes) {
      s += ", " + format("%.0f", *r.rssPerConnectionBytes) + " bytes RSS per connection";
    }
  } else {
    s += std::to_string(r.messages) + " round trips in " + format("%.2f", r.durationS) +
         " s = " + format("%.0f", r.messagesPerS) + " msg/s over " +
         std::to_string(r.connected) + " connections";
    if (r.skipped > 0) s += ", " + std::to_string(r.skipped) + " sends skipped";
  }
  s += "\n  latency ms: p50 " + format("%.3f", r.latencyMs.p50) + "  p90 " +
       format("%.3f", r.latencyMs.p90) + "  p99 " + format("%.3f", r.latencyMs.p99) +
       "  p99.9 " + format("%.3f", r.latencyMs.p999) + "  max " + format("%.3f", r.latencyMs.max);
  for (const auto& p : r.pids) {
    s += "\n  pid " + std::to_string(p.pid) + ": ";
    if (!p.error.empty()) {
      s += p.error;
      continue;
    }
    s += "cpu " + format("%.2f", p.cpuSeconds) + " s";
    if (p.cpuUsPerMessage) s += " (" + format("%.2f", *p.cpuUsPerMessage) + " us/msg)";
    s += ", rss " + std::to_string(p.rssKb) + " kB (baseline " + std::to_string(p.rssBaselineKb) +
         ", peak " + std::to_string(p.hwmKb) + ")";
  }
  s += "\n  generator cpu " + format("%.2f", r.benchCpuS) + " s";
  if (r.benchCpuUsPerMessage) s += " (" + format("%.2f", *r.benchCpuUsPerMessage) + " us/msg)";
  s += "\n  errors " + std::to_string(r.errors);
  for (const auto& e : r.errorSamples) s += "\n    " + e;
  s += "\n";
  return s;
}

}  // namespace bench
