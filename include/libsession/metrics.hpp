// libsession/metrics.hpp — counters, gauges and histograms rendered as Prometheus text.
//
// A `metrics::Registry` holds metric families in registration order and renders them in the
// Prometheus text exposition format 0.0.4 (the body of a GET /metrics answer, served with
// `kContentType`). A family has a name, HELP text and a fixed list of label names; each distinct
// list of label values is a child (`session_agent_connections{transport="websocket"}`). A family
// without label names has exactly one child, which `counter()`, `gauge()` and `histogram()`
// return directly.
//
// Kinds:
//  - Counter: monotonic, `inc(n)`.
//  - Gauge: `set`, `inc`, `dec`.
//  - Histogram: upper bounds fixed at creation; renders cumulative `_bucket{le="..."}` series
//    ending with `le="+Inf"`, then `_sum` and `_count`.
//  - Callback gauge/counter: a `std::function<double()>` read at render time, so a count that
//    lives elsewhere (the hub's connections, the agent's stats) is exposed without a copy.
//
// Errors: registration throws std::invalid_argument for an invalid metric name
// (`[a-zA-Z_:][a-zA-Z0-9_:]*`) or label name (`[a-zA-Z_][a-zA-Z0-9_]*`, not starting with `__`,
// and not `le` on a histogram), for duplicate label names, for a name already taken (a histogram
// also takes `<name>_bucket`, `<name>_sum` and `<name>_count`) and for histogram bounds that are
// not strictly increasing. `withLabels()` throws std::invalid_argument when the number of values
// differs from the number of label names. Updates never throw: a negative or NaN counter
// increment and a NaN histogram observation are ignored (a metric must never take the server
// down), and a NaN or infinite gauge is rendered as `NaN`/`+Inf`/`-Inf`.
//
// Threading: everything is thread-safe. Counter, Gauge and Histogram updates are lock-free
// (relaxed atomics; a compare-and-swap loop for the doubles), so the network thread may update
// them on every packet. Registration, `withLabels()` and `render()` take short mutexes; cache
// the returned references on hot paths instead of calling `withLabels()` per event. A render that
// runs concurrently with updates sees each value at some recent point (a histogram's `_sum` may
// lag its buckets by the observations in flight; its `_count` always equals the `+Inf` bucket).
// Callbacks are invoked on the thread that calls `render()`, with no registry lock held; they
// must be thread-safe themselves and outlive the registry (or be removed with
// `CallbackFamily::remove()` before what they read dies). A callback that throws makes
// `render()` throw.
//
// Lifetime: families and children live as long as the registry; the references returned stay
// valid until it is destroyed. The registry is neither copyable nor movable.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace libsession::metrics {

/// The Content-Type of `Registry::render()`'s text.
inline constexpr const char* kContentType = "text/plain; version=0.0.4; charset=utf-8";

/// Label values of one child, in the order of its family's label names.
using LabelValues = std::vector<std::string>;

/// A monotonically increasing count.
class Counter {
public:
  /// Adds `n`; a negative or NaN `n` is ignored (counters never go down).
  void inc(double n = 1) noexcept;
  double value() const noexcept { return value_.load(std::memory_order_relaxed); }

private:
  std::atomic<double> value_{0};
};

/// A value that goes up and down.
class Gauge {
public:
  void set(double v) noexcept { value_.store(v, std::memory_order_relaxed); }
  void inc(double n = 1) noexcept;
  void dec(double n = 1) noexcept { inc(-n); }
  double value() const noexcept { return value_.load(std::memory_order_relaxed); }

private:
  std::atomic<double> value_{0};
};

/// Observations counted into buckets with fixed upper bounds (`le`, inclusive), plus their sum.
class Histogram {
public:
  /// A consistent-enough copy for rendering and tests.
  struct Snapshot {
    std::vector<double> bounds;               ///< finite upper bounds, increasing
    std::vector<std::uint64_t> cumulative;    ///< bounds.size() + 1 entries; the last is +Inf
    double sum = 0;
    std::uint64_t count = 0;                  ///< == cumulative.back()
  };

  /// `bounds` must be strictly increasing and finite (the Registry checks; +Inf is implicit).
  explicit Histogram(std::vector<double> bounds);

  /// Counts `v` into the first bucket whose bound is >= v and adds it to the sum. NaN is ignored.
  void observe(double v) noexcept;
  Snapshot snapshot() const;

private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<std::uint64_t>[]> counts_;  // per bucket, not cumulative
  std::atomic<double> sum_{0};
};

/// Bucket bounds `start, start+width, ...` (`count` of them). Throws std::invalid_argument when
/// count < 1 or width <= 0.
std::vector<double> linearBuckets(double start, double width, std::size_t count);
/// Bucket bounds `start, start*factor, ...` (`count` of them). Throws std::invalid_argument when
/// count < 1, start <= 0 or factor <= 1.
std::vector<double> exponentialBuckets(double start, double factor, std::size_t count);

namespace detail {

/// What every family has: name, HELP, TYPE, label names. Rendered under the registry's order.
class FamilyBase {
public:
  FamilyBase(std::string name, std::string help, std::string type,
             std::vector<std::string> labelNames);
  virtual ~FamilyBase();
  FamilyBase(const FamilyBase&) = delete;
  FamilyBase& operator=(const FamilyBase&) = delete;

  const std::string& name() const noexcept { return name_; }
  const std::vector<std::string>& labelNames() const noexcept { return labelNames_; }
  /// Appends the HELP and TYPE lines and every child's samples.
  void render(std::string& out) const;

protected:
  /// Throws std::invalid_argument when `values` does not match the label names.
  void checkArity(const LabelValues& values) const;
  /// Appends `<name><suffix>{labels[,extraName="extraValue"]} <value>\n`.
  void appendSample(std::string& out, const char* suffix, const LabelValues& values,
                    const char* extraName, const std::string& extraValue,
                    const std::string& value) const;
  virtual void renderSamples(std::string& out) const = 0;

  mutable std::mutex mutex_;  // guards the children of the derived family

private:
  std::string name_;
  std::string help_;
  std::string type_;
  std::vector<std::string> labelNames_;
};

}  // namespace detail

/// A family of Counters, Gauges or Histograms sharing a name and label names.
template <class Metric>
class Family final : public detail::FamilyBase {
public:
  /// The child for these label values, created (at zero) on first use. Takes the family mutex:
  /// keep the reference rather than calling this per event.
  Metric& withLabels(const LabelValues& values);

private:
  friend class Registry;
  Family(std::string name, std::string help, std::string type, std::vector<std::string> labelNames,
         std::vector<double> bounds);
  void renderSamples(std::string& out) const override;

  std::vector<double> bounds_;  // histograms only
  std::vector<std::pair<LabelValues, std::unique_ptr<Metric>>> children_;  // creation order
  std::map<LabelValues, Metric*> index_;
};

extern template class Family<Counter>;
extern template class Family<Gauge>;
extern template class Family<Histogram>;

/// A family of values read from callbacks at render time (TYPE gauge or counter).
class CallbackFamily final : public detail::FamilyBase {
public:
  /// Sets (or replaces) the callback of the child with these label values.
  void set(const LabelValues& values, std::function<double()> read);
  /// Removes that child; no effect when absent. After it returns the callback is not called
  /// again, unless a render() that had already copied it is still running.
  void remove(const LabelValues& values);

private:
  friend class Registry;
  CallbackFamily(std::string name, std::string help, std::string type,
                 std::vector<std::string> labelNames);
  void renderSamples(std::string& out) const override;

  std::vector<std::pair<LabelValues, std::function<double()>>> children_;  // creation order
};

/// The metrics of one process (or one embedding); renders them all.
class Registry {
public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  Family<Counter>& counterFamily(std::string name, std::string help,
                                 std::vector<std::string> labelNames);
  Counter& counter(std::string name, std::string help);

  Family<Gauge>& gaugeFamily(std::string name, std::string help,
                             std::vector<std::string> labelNames);
  Gauge& gauge(std::string name, std::string help);

  /// `bounds`: strictly increasing upper bounds; a trailing +Inf is accepted and dropped.
  Family<Histogram>& histogramFamily(std::string name, std::string help,
                                     std::vector<std::string> labelNames,
                                     std::vector<double> bounds);
  Histogram& histogram(std::string name, std::string help, std::vector<double> bounds);

  CallbackFamily& callbackGaugeFamily(std::string name, std::string help,
                                      std::vector<std::string> labelNames);
  CallbackFamily& callbackCounterFamily(std::string name, std::string help,
                                        std::vector<std::string> labelNames);
  /// An unlabelled callback gauge/counter.
  void callbackGauge(std::string name, std::string help, std::function<double()> read);
  void callbackCounter(std::string name, std::string help, std::function<double()> read);

  /// The text exposition format 0.0.4: per family, in registration order, `# HELP`, `# TYPE`
  /// and its samples (children in creation order).
  std::string render() const;

private:
  void reserve(const std::string& name, bool histogram);
  template <class F>
  F& add(std::unique_ptr<F> family, bool histogram);

  mutable std::mutex mutex_;
  std::vector<std::unique_ptr<detail::FamilyBase>> families_;
  std::set<std::string> takenNames_;  // family names and a histogram's derived series names
};

}  // namespace libsession::metrics
