// metrics::Registry: the exact text of each metric kind, escaping, cumulative buckets, name
// checks, concurrent updates, and that every rendering parses as Prometheus text.
#include <libsession/metrics.hpp>

#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <thread>

#include "prometheus_text.hpp"

using namespace libsession::metrics;
using libsession::testing::parsePrometheusText;
using libsession::testing::PrometheusText;

namespace {

PrometheusText parsed(const std::string& body) {
  PrometheusText text;
  std::string error;
  INFO(body);
  INFO(error);
  REQUIRE(parsePrometheusText(body, text, error));
  return text;
}

}  // namespace

TEST_CASE("a counter renders HELP, TYPE and its value") {
  Registry registry;
  Counter& c = registry.counter("session_agent_events_total", "Events received from clients.");
  c.inc();
  c.inc(2);
  CHECK(c.value() == 3);
  CHECK(registry.render() ==
        "# HELP session_agent_events_total Events received from clients.\n"
        "# TYPE session_agent_events_total counter\n"
        "session_agent_events_total 3\n");
}

TEST_CASE("a counter ignores negative and NaN increments") {
  Registry registry;
  Counter& c = registry.counter("c_total", "c");
  c.inc(1.5);
  c.inc(-1);
  c.inc(std::numeric_limits<double>::quiet_NaN());
  CHECK(c.value() == 1.5);
  CHECK(registry.render() == "# HELP c_total c\n# TYPE c_total counter\nc_total 1.5\n");
}

TEST_CASE("a gauge goes up and down and renders special values as Go floats") {
  Registry registry;
  Gauge& g = registry.gauge("temperature", "A gauge.");
  g.set(10);
  g.inc();
  g.dec(3.5);
  CHECK(g.value() == 7.5);
  CHECK(registry.render() == "# HELP temperature A gauge.\n# TYPE temperature gauge\ntemperature 7.5\n");
  g.set(std::numeric_limits<double>::infinity());
  CHECK(registry.render().find("temperature +Inf\n") != std::string::npos);
  g.set(-std::numeric_limits<double>::infinity());
  CHECK(registry.render().find("temperature -Inf\n") != std::string::npos);
  g.set(std::numeric_limits<double>::quiet_NaN());
  CHECK(registry.render().find("temperature NaN\n") != std::string::npos);
  parsed(registry.render());
}

TEST_CASE("a histogram renders cumulative buckets, +Inf, sum and count") {
  Registry registry;
  Histogram& h = registry.histogram("latency_seconds", "Latency.", {0.1, 0.5, 1});
  h.observe(0.05);
  h.observe(0.1);  // le is inclusive
  h.observe(0.3);
  h.observe(2);
  CHECK(registry.render() ==
        "# HELP latency_seconds Latency.\n"
        "# TYPE latency_seconds histogram\n"
        "latency_seconds_bucket{le=\"0.1\"} 2\n"
        "latency_seconds_bucket{le=\"0.5\"} 3\n"
        "latency_seconds_bucket{le=\"1\"} 3\n"
        "latency_seconds_bucket{le=\"+Inf\"} 4\n"
        "latency_seconds_sum 2.45\n"
        "latency_seconds_count 4\n");
  const Histogram::Snapshot s = h.snapshot();
  CHECK(s.cumulative == std::vector<std::uint64_t>{2, 3, 3, 4});
  CHECK(s.count == 4);
  h.observe(std::numeric_limits<double>::quiet_NaN());  // ignored
  CHECK(h.snapshot().count == 4);
  const PrometheusText text = parsed(registry.render());
  CHECK(text.value("latency_seconds_bucket", {{"le", "+Inf"}}) == 4);
}

TEST_CASE("a labelled histogram puts le after the family's labels") {
  Registry registry;
  auto& family = registry.histogramFamily("rtt", "Round trips.", {"transport"},
                                          {1, std::numeric_limits<double>::infinity()});
  family.withLabels({"websocket"}).observe(0.5);
  CHECK(registry.render() ==
        "# HELP rtt Round trips.\n"
        "# TYPE rtt histogram\n"
        "rtt_bucket{transport=\"websocket\",le=\"1\"} 1\n"
        "rtt_bucket{transport=\"websocket\",le=\"+Inf\"} 1\n"
        "rtt_sum{transport=\"websocket\"} 0.5\n"
        "rtt_count{transport=\"websocket\"} 1\n");
}

TEST_CASE("bucket helpers") {
  CHECK(linearBuckets(1, 2, 3) == std::vector<double>{1, 3, 5});
  CHECK(exponentialBuckets(0.5, 2, 4) == std::vector<double>{0.5, 1, 2, 4});
  CHECK_THROWS_AS(linearBuckets(0, 0, 3), std::invalid_argument);
  CHECK_THROWS_AS(exponentialBuckets(1, 1, 3), std::invalid_argument);
  CHECK_THROWS_AS(exponentialBuckets(1, 2, 0), std::invalid_argument);
}

TEST_CASE("labelled children render in creation order, each once") {
  Registry registry;
  auto& family = registry.gaugeFamily("session_agent_connections", "Open connections.",
                                      {"transport", "node"});
  family.withLabels({"websocket", "a"}).set(2);
  family.withLabels({"polling", "a"}).set(1);
  Gauge& again = family.withLabels({"websocket", "a"});
  again.inc();
  CHECK(&again == &family.withLabels({"websocket", "a"}));
  CHECK(registry.render() ==
        "# HELP session_agent_connections Open connections.\n"
        "# TYPE session_agent_connections gauge\n"
        "session_agent_connections{transport=\"websocket\",node=\"a\"} 3\n"
        "session_agent_connections{transport=\"polling\",node=\"a\"} 1\n");
  CHECK_THROWS_AS(family.withLabels({"websocket"}), std::invalid_argument);
}

TEST_CASE("a labelled family without children still has HELP and TYPE") {
  Registry registry;
  registry.counterFamily("errors_total", "Errors.", {"code"});
  CHECK(registry.render() == "# HELP errors_total Errors.\n# TYPE errors_total counter\n");
  parsed(registry.render());
}

TEST_CASE("label values and HELP are escaped as the spec says") {
  Registry registry;
  auto& family = registry.counterFamily("weird_total", "Back\\slash and\nnewline, \"quotes\" kept.",
                                        {"v"});
  family.withLabels({"a\\b\"c\nd"}).inc();
  const std::string body = registry.render();
  CHECK(body ==
        "# HELP weird_total Back\\\\slash and\\nnewline, \"quotes\" kept.\n"
        "# TYPE weird_total counter\n"
        "weird_total{v=\"a\\\\b\\\"c\\nd\"} 1\n");
  const PrometheusText text = parsed(body);
  CHECK(text.help.at("weird_total") == "Back\\slash and\nnewline, \"quotes\" kept.");
  CHECK(text.value("weird_total", {{"v", "a\\b\"c\nd"}}) == 1);
}

TEST_CASE("callback metrics are read at render time") {
  Registry registry;
  double connections = 1;
  registry.callbackGauge("hub_connections", "Connections in the hub.", [&] { return connections; });
  double sent = 7;
  registry.callbackCounter("agent_sent_total", "Sent.", [&] { return sent; });
  auto& byTransport = registry.callbackGaugeFamily("conn", "By transport.", {"transport"});
  byTransport.set({"polling"}, [] { return 4.0; });
  byTransport.set({"websocket"}, [] { return 5.0; });
  byTransport.set({"polling"}, [] { return 6.0; });  // replaces
  connections = 3;
  CHECK(registry.render() ==
        "# HELP hub_connections Connections in the hub.\n"
        "# TYPE hub_connections gauge\n"
        "hub_connections 3\n"
        "# HELP agent_sent_total Sent.\n"
        "# TYPE agent_sent_total counter\n"
        "agent_sent_total 7\n"
        "# HELP conn By transport.\n"
        "# TYPE conn gauge\n"
        "conn{transport=\"polling\"} 6\n"
        "conn{transport=\"websocket\"} 5\n");
  byTransport.remove({"polling"});
  const PrometheusText text = parsed(registry.render());
  CHECK(!text.find("conn", {{"transport", "polling"}}));
  CHECK(text.value("conn", {{"transport", "websocket"}}) == 5);
  CHECK_THROWS_AS(registry.callbackGauge("empty", "e", {}), std::invalid_argument);
  CHECK(registry.render().find("empty") == std::string::npos);
}

TEST_CASE("a callback may use its own family without deadlocking") {
  Registry registry;
  auto& family = registry.callbackGaugeFamily("self", "s", {"k"});
  family.set({"a"}, [&family] {
    family.set({"b"}, [] { return 2.0; });
    return 1.0;
  });
  CHECK(registry.render().find("self{k=\"a\"} 1\n") != std::string::npos);
  CHECK(registry.render().find("self{k=\"b\"} 2\n") != std::string::npos);
}

TEST_CASE("families render in registration order") {
  Registry registry;
  registry.gauge("b", "first");
  registry.counter("a", "second");
  const PrometheusText text = parsed(registry.render());
  CHECK(text.families == std::vector<std::string>{"b", "a"});
  CHECK(text.type.at("b") == "gauge");
  CHECK(text.type.at("a") == "counter");
}

TEST_CASE("invalid names, duplicates and bad bounds throw std::invalid_argument") {
  Registry registry;
  CHECK_THROWS_AS(registry.counter("", "h"), std::invalid_argument);
  CHECK_THROWS_AS(registry.counter("1abc", "h"), std::invalid_argument);
  CHECK_THROWS_AS(registry.counter("a-b", "h"), std::invalid_argument);
  CHECK_NOTHROW(registry.counter("ns:sub_total", "h"));
  CHECK_THROWS_AS(registry.counterFamily("x", "h", {"bad-label"}), std::invalid_argument);
  CHECK_THROWS_AS(registry.counterFamily("x", "h", {"__reserved"}), std::invalid_argument);
  CHECK_THROWS_AS(registry.counterFamily("x", "h", {"has:colon"}), std::invalid_argument);
  CHECK_THROWS_AS(registry.counterFamily("x", "h", {"a", "a"}), std::invalid_argument);
  CHECK_THROWS_AS(registry.histogramFamily("x", "h", {"le"}, {1}), std::invalid_argument);
  CHECK_THROWS_AS(registry.histogram("x", "h", {1, 1}), std::invalid_argument);
  CHECK_THROWS_AS(registry.histogram("x", "h", {2, 1}), std::invalid_argument);
  CHECK_THROWS_AS(registry.histogram("x", "h", {std::nan("")}), std::invalid_argument);

  registry.gauge("dup", "h");
  CHECK_THROWS_AS(registry.counter("dup", "h"), std::invalid_argument);
  CHECK_THROWS_AS(registry.callbackGauge("dup", "h", [] { return 0.0; }), std::invalid_argument);
  registry.histogram("lat", "h", {1});
  CHECK_THROWS_AS(registry.counter("lat_count", "h"), std::invalid_argument);
  registry.counter("req_sum", "h");
  CHECK_THROWS_AS(registry.histogram("req", "h", {1}), std::invalid_argument);
  // Failed registrations left nothing behind.
  const PrometheusText text = parsed(registry.render());
  CHECK(text.families == std::vector<std::string>{"ns:sub_total", "dup", "lat", "req_sum"});
}

TEST_CASE("concurrent increments from two threads sum exactly") {
  Registry registry;
  Counter& counter = registry.counter("hits_total", "h");
  Gauge& gauge = registry.gauge("level", "h");
  Histogram& histogram = registry.histogram("sizes", "h", {10, 100});
  auto& family = registry.counterFamily("by_thread_total", "h", {"t"});
  constexpr int kPerThread = 100000;
  auto work = [&](const std::string& name) {
    Counter& mine = family.withLabels({name});
    for (int i = 0; i < kPerThread; ++i) {
      counter.inc();
      gauge.inc(2);
      gauge.dec();
      histogram.observe(i % 200);
      mine.inc();
      if (i % 10000 == 0) (void)registry.render();  // rendering alongside updates is safe
    }
  };
  std::thread a(work, "a");
  std::thread b(work, "b");
  a.join();
  b.join();
  CHECK(counter.value() == 2 * kPerThread);
  CHECK(gauge.value() == 2 * kPerThread);
  const Histogram::Snapshot s = histogram.snapshot();
  CHECK(s.count == 2u * kPerThread);
  CHECK(s.cumulative[0] == 2u * (kPerThread / 200) * 11);  // 0..10 of every 200
  const PrometheusText text = parsed(registry.render());
  CHECK(text.value("by_thread_total", {{"t", "a"}}) == kPerThread);
  CHECK(text.value("by_thread_total", {{"t", "b"}}) == kPerThread);
  CHECK(text.value("hits_total") == 2 * kPerThread);
}

TEST_CASE("the test parser rejects malformed text") {
  PrometheusText text;
  std::string error;
  auto rejects = [&](const std::string& body) {
    INFO(body);
    CHECK_FALSE(parsePrometheusText(body, text, error));
  };
  rejects("a 1");                                       // no final line feed
  rejects("a{b=\"c} 1\n");                              // unterminated label value
  rejects("a{b=\"\\t\"} 1\n");                          // unknown escape
  rejects("a one\n");                                   // bad value
  rejects("a 1\na 2\n");                                // duplicate sample
  rejects("a 1\n# TYPE a counter\n");                   // TYPE after samples
  rejects("# TYPE a counter\n# TYPE a counter\na 1\n"); // second TYPE
  rejects("a 1\nb 1\na{x=\"y\"} 1\n");                  // family split
  rejects("# TYPE h histogram\nh_bucket{le=\"1\"} 2\nh_bucket{le=\"+Inf\"} 1\nh_count 1\n");
  rejects("# TYPE h histogram\nh_bucket{le=\"1\"} 1\nh_count 1\n");  // no +Inf
  CHECK(parsePrometheusText("# a comment\n\na{b=\"c\",} 1 1700000000000\n", text, error));
  CHECK(text.find("a", {{"b", "c"}})->timestamp == 1700000000000LL);
}
