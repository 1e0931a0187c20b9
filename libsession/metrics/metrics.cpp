// Prometheus text exposition format 0.0.4, as specified in
// https://prometheus.io/docs/instrumenting/exposition_formats/ ("Text format details").
#include <libsession/metrics.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <type_traits>

#include <libsession/json.hpp>

namespace libsession::metrics {

namespace {

// C++17 has no fetch_add for std::atomic<double>; a relaxed CAS loop is lock-free on every
// platform where the atomic is (x86-64, AArch64), and uncontended it succeeds the first time.
void atomicAdd(std::atomic<double>& target, double n) noexcept {
  double current = target.load(std::memory_order_relaxed);
  while (!target.compare_exchange_weak(current, current + n, std::memory_order_relaxed)) {
  }
}

bool isMetricName(const std::string& name) {
  if (name.empty()) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':';
    const bool digit = c >= '0' && c <= '9';
    if (!(alpha || (i > 0 && digit))) return false;
  }
  return true;
}

// Label names may not contain ':' and names starting with "__" are reserved for Prometheus.
bool isLabelName(const std::string& name) {
  if (name.empty() || name.compare(0, 2, "__") == 0) return false;
  for (std::size_t i = 0; i < name.size(); ++i) {
    const char c = name[i];
    const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    const bool digit = c >= '0' && c <= '9';
    if (!(alpha || (i > 0 && digit))) return false;
  }
  return true;
}

// Spec: "label_value can be any sequence of UTF-8 characters, but the backslash (\),
// double-quote ("), and line feed (\n) characters have to be escaped as \\, \", and \n".
void appendLabelValue(std::string& out, const std::string& value) {
  for (char c : value) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out.push_back(c);
    }
  }
}

// Spec: in HELP "backslash and line feed characters have to be escaped as \\ and \n".
void appendHelp(std::string& out, const std::string& help) {
  for (char c : help) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default: out.push_back(c);
    }
  }
}

// Values are Go ParseFloat() syntax: "NaN", "+Inf", "-Inf", or a decimal / exponent number.
// Finite numbers use the shortest round-trip digits (JavaScript's formatting, which ParseFloat
// reads back exactly).
std::string formatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  std::string out;
  appendJsonNumber(out, v);
  return out;
}

}  // namespace

void Counter::inc(double n) noexcept {
  if (!(n >= 0)) return;  // negative or NaN
  atomicAdd(value_, n);
}

void Gauge::inc(double n) noexcept { atomicAdd(value_, n); }

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)),
      counts_(std::make_unique<std::atomic<std::uint64_t>[]>(bounds_.size() + 1)) {}

void Histogram::observe(double v) noexcept {
  if (std::isnan(v)) return;
  // `le` is inclusive: the first bound >= v; past the last bound is the +Inf bucket.
  const auto it = std::lower_bound(bounds_.begin(), bounds_.end(), v);
  const auto bucket = static_cast<std::size_t>(it - bounds_.begin());
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  atomicAdd(sum_, v);
}

Histogram::Snapshot Histogram::snapshot() const {
  Snapshot s;
  s.bounds = bounds_;
  s.cumulative.resize(bounds_.size() + 1);
  std::uint64_t running = 0;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    s.cumulative[i] = running;
  }
  // The count is the bucket total, not a separate atomic, so `_count` always equals
  // `_bucket{le="+Inf"}` even while observations are in flight.
  s.count = running;
  s.sum = sum_.load(std::memory_order_relaxed);
  return s;
}

std::vector<double> linearBuckets(double start, double width, std::size_t count) {
  if (count < 1 || !(width > 0)) throw std::invalid_argument("linearBuckets: count < 1 or width <= 0");
  std::vector<double> bounds(count);
  for (std::size_t i = 0; i < count; ++i) bounds[i] = start + width * static_cast<double>(i);
  return bounds;
}

std::vector<double> exponentialBuckets(double start, double factor, std::size_t count) {
  if (count < 1 || !(start > 0) || !(factor > 1)) {
    throw std::invalid_argument("exponentialBuckets: count < 1, start <= 0 or factor <= 1");
  }
  std::vector<double> bounds(count);
  double bound = start;
  for (std::size_t i = 0; i < count; ++i, bound *= factor) bounds[i] = bound;
  return bounds;
}

namespace detail {

FamilyBase::FamilyBase(std::string name, std::string help, std::string type,
                       std::vector<std::string> labelNames)
    : name_(std::move(name)),
      help_(std::move(help)),
      type_(std::move(type)),
      labelNames_(std::move(labelNames)) {
  if (!isMetricName(name_)) throw std::invalid_argument("invalid metric name: " + name_);
  for (std::size_t i = 0; i < labelNames_.size(); ++i) {
    const std::string& label = labelNames_[i];
    if (!isLabelName(label)) {
      throw std::invalid_argument("invalid label name '" + label + "' in " + name_);
    }
    if (type_ == "histogram" && label == "le") {
      throw std::invalid_argument("label name 'le' is reserved for histogram buckets: " + name_);
    }
    if (std::find(labelNames_.begin(), labelNames_.begin() + static_cast<std::ptrdiff_t>(i),
                  label) != labelNames_.begin() + static_cast<std::ptrdiff_t>(i)) {
      throw std::invalid_argument("duplicate label name '" + label + "' in " + name_);
    }
  }
}

FamilyBase::~FamilyBase() = default;

void FamilyBase::render(std::string& out) const {
  out += "# HELP ";
  out += name_;
  out.push_back(' ');
  appendHelp(out, help_);
  out += "\n# TYPE ";
  out += name_;
  out.push_back(' ');
  out += type_;
  out.push_back('\n');
  renderSamples(out);
}

void FamilyBase::checkArity(const LabelValues& values) const {
  if (values.size() != labelNames_.size()) {
    throw std::invalid_argument(name_ + " has " + std::to_string(labelNames_.size()) +
                                " label names, given " + std::to_string(values.size()) +
                                " values");
  }
}

void FamilyBase::appendSample(std::string& out, const char* suffix, const LabelValues& values,
                              const char* extraName, const std::string& extraValue,
                              const std::string& value) const {
  out += name_;
  out += suffix;
  if (!values.empty() || extraName != nullptr) {
    out.push_back('{');
    bool first = true;
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (!first) out.push_back(',');
      first = false;
      out += labelNames_[i];
      out += "=\"";
      appendLabelValue(out, values[i]);
      out.push_back('"');
    }
    if (extraName != nullptr) {
      if (!first) out.push_back(',');
      out += extraName;
      out += "=\"";
      appendLabelValue(out, extraValue);
      out.push_back('"');
    }
    out.push_back('}');
  }
  out.push_back(' ');
  out += value;
  out.push_back('\n');
}

}  // namespace detail

template <class Metric>
Family<Metric>::Family(std::string name, std::string help, std::string type,
                       std::vector<std::string> labelNames, std::vector<double> bounds)
    : FamilyBase(std::move(name), std::move(help), std::move(type), std::move(labelNames)),
      bounds_(std::move(bounds)) {}

template <class Metric>
Metric& Family<Metric>::withLabels(const LabelValues& values) {
  checkArity(values);
  std::lock_guard<std::mutex> lock(mutex_);
  if (const auto it = index_.find(values); it != index_.end()) return *it->second;
  std::unique_ptr<Metric> metric;
  if constexpr (std::is_same_v<Metric, Histogram>) {
    metric = std::make_unique<Histogram>(bounds_);
  } else {
    metric = std::make_unique<Metric>();
  }
  Metric& ref = *metric;
  children_.emplace_back(values, std::move(metric));
  index_.emplace(values, &ref);
  return ref;
}

template <class Metric>
void Family<Metric>::renderSamples(std::string& out) const {
  std::lock_guard<std::mutex> lock(mutex_);
  for (const auto& [values, metric] : children_) {
    if constexpr (std::is_same_v<Metric, Histogram>) {
      const Histogram::Snapshot s = metric->snapshot();
      for (std::size_t i = 0; i < s.bounds.size(); ++i) {
        appendSample(out, "_bucket", values, "le", formatValue(s.bounds[i]),
                     std::to_string(s.cumulative[i]));
      }
      appendSample(out, "_bucket", values, "le", "+Inf", std::to_string(s.count));
      appendSample(out, "_sum", values, nullptr, {}, formatValue(s.sum));
      appendSample(out, "_count", values, nullptr, {}, std::to_string(s.count));
    } else {
      appendSample(out, "", values, nullptr, {}, formatValue(metric->value()));
    }
  }
}

template class Family<Counter>;
template class Family<Gauge>;
template class Family<Histogram>;

CallbackFamily::CallbackFamily(std::string name, std::string help, std::string type,
                               std::vector<std::string> labelNames)
    : FamilyBase(std::move(name), std::move(help), std::move(type), std::move(labelNames)) {}

void CallbackFamily::set(const LabelValues& values, std::function<double()> read) {
  checkArity(values);
  if (!read) throw std::invalid_argument(name() + ": empty callback");
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& child : children_) {
    if (child.first == values) {
      child.second = std::move(read);
      return;
    }
  }
  children_.emplace_back(values, std::move(read));
}

void CallbackFamily::remove(const LabelValues& values) {
  std::lock_guard<std::mutex> lock(mutex_);
  children_.erase(std::remove_if(children_.begin(), children_.end(),
                                 [&](const auto& child) { return child.first == values; }),
                  children_.end());
}

void CallbackFamily::renderSamples(std::string& out) const {
  // Copy, then call without the lock: a callback may take its own locks (or even set() a
  // sibling) without deadlocking against this family.
  std::vector<std::pair<LabelValues, std::function<double()>>> children;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    children = children_;
  }
  for (const auto& [values, read] : children) {
    appendSample(out, "", values, nullptr, {}, formatValue(read()));
  }
}

Registry::Registry() = default;
Registry::~Registry() = default;

void Registry::reserve(const std::string& name, bool histogram) {
  // Caller holds mutex_. A histogram's series names must not collide with another family's.
  std::vector<std::string> names{name};
  if (histogram) {
    for (const char* suffix : {"_bucket", "_sum", "_count"}) names.push_back(name + suffix);
  }
  for (const auto& n : names) {
    if (takenNames_.count(n) != 0) {
      throw std::invalid_argument("metric name already registered: " + n);
    }
  }
  takenNames_.insert(names.begin(), names.end());
}

template <class F>
F& Registry::add(std::unique_ptr<F> family, bool histogram) {
  std::lock_guard<std::mutex> lock(mutex_);
  reserve(family->name(), histogram);
  F& ref = *family;
  families_.push_back(std::move(family));
  return ref;
}

Family<Counter>& Registry::counterFamily(std::string name, std::string help,
                                         std::vector<std::string> labelNames) {
  return add(std::unique_ptr<Family<Counter>>(new Family<Counter>(
                 std::move(name), std::move(help), "counter", std::move(labelNames), {})),
             false);
}

Counter& Registry::counter(std::string name, std::string help) {
  return counterFamily(std::move(name), std::move(help), {}).withLabels({});
}

Family<Gauge>& Registry::gaugeFamily(std::string name, std::string help,
                                     std::vector<std::string> labelNames) {
  return add(std::unique_ptr<Family<Gauge>>(new Family<Gauge>(
                 std::move(name), std::move(help), "gauge", std::move(labelNames), {})),
             false);
}

Gauge& Registry::gauge(std::string name, std::string help) {
  return gaugeFamily(std::move(name), std::move(help), {}).withLabels({});
}

Family<Histogram>& Registry::histogramFamily(std::string name, std::string help,
                                             std::vector<std::string> labelNames,
                                             std::vector<double> bounds) {
  if (!bounds.empty() && std::isinf(bounds.back()) && bounds.back() > 0) bounds.pop_back();
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    if (!std::isfinite(bounds[i]) || (i > 0 && !(bounds[i] > bounds[i - 1]))) {
      throw std::invalid_argument("histogram " + name +
                                  ": bounds must be finite and strictly increasing");
    }
  }
  return add(std::unique_ptr<Family<Histogram>>(
                 new Family<Histogram>(std::move(name), std::move(help), "histogram",
                                       std::move(labelNames), std::move(bounds))),
             true);
}

Histogram& Registry::histogram(std::string name, std::string help, std::vector<double> bounds) {
  return histogramFamily(std::move(name), std::move(help), {}, std::move(bounds)).withLabels({});
}

CallbackFamily& Registry::callbackGaugeFamily(std::string name, std::string help,
                                              std::vector<std::string> labelNames) {
  return add(std::unique_ptr<CallbackFamily>(new CallbackFamily(
                 std::move(name), std::move(help), "gauge", std::move(labelNames))),
             false);
}

CallbackFamily& Registry::callbackCounterFamily(std::string name, std::string help,
                                                std::vector<std::string> labelNames) {
  return add(std::unique_ptr<CallbackFamily>(new CallbackFamily(
                 std::move(name), std::move(help), "counter", std::move(labelNames))),
             false);
}

void Registry::callbackGauge(std::string name, std::string help, std::function<double()> read) {
  if (!read) throw std::invalid_argument(name + ": empty callback");  // before registering
  callbackGaugeFamily(std::move(name), std::move(help), {}).set({}, std::move(read));
}

void Registry::callbackCounter(std::string name, std::string help,
                               std::function<double()> read) {
  if (!read) throw std::invalid_argument(name + ": empty callback");
  callbackCounterFamily(std::move(name), std::move(help), {}).set({}, std::move(read));
}

std::string Registry::render() const {
  // Families are never removed, so pointers copied under the lock stay valid; rendering outside
  // it lets callbacks run with no registry lock held.
  std::vector<const detail::FamilyBase*> families;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    families.reserve(families_.size());
    for (const auto& f : families_) families.push_back(f.get());
  }
  std::string out;
  for (const auto* f : families) f->render(out);
  return out;
}

}  // namespace libsession::metrics
