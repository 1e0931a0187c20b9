// bench/load/histogram.cpp — see histogram.hpp.
#include "histogram.hpp"

#include <cmath>

namespace bench {

int Histogram::indexOf(std::uint64_t value) noexcept {
  if (value < static_cast<std::uint64_t>(kExact)) return static_cast<int>(value);
  const int msb = 63 - __builtin_clzll(value);  // >= kSubBits + 1
  const int shift = msb - kSubBits;              // >= 1
  const auto sub = static_cast<int>(value >> shift) - (1 << kSubBits);  // 0..63
  return kExact + (shift - 1) * (1 << kSubBits) + sub;
}

std::uint64_t Histogram::upperEdge(int index) noexcept {
  if (index < kExact) return static_cast<std::uint64_t>(index);
  const int group = (index - kExact) >> kSubBits;
  const auto sub = static_cast<std::uint64_t>(((index - kExact) & ((1 << kSubBits) - 1)) +
                                              (1 << kSubBits));
  const int shift = group + 1;
  return ((sub + 1) << shift) - 1;
}

void Histogram::record(std::int64_t nanoseconds) noexcept {
  const std::uint64_t value = nanoseconds > 0 ? static_cast<std::uint64_t>(nanoseconds) : 0;
  ++counts_[static_cast<std::size_t>(indexOf(value))];
  ++count_;
  if (static_cast<std::int64_t>(value) > max_) max_ = static_cast<std::int64_t>(value);
}

std::int64_t Histogram::percentile(double percentile) const noexcept {
  if (count_ == 0) return 0;
  auto rank = static_cast<std::uint64_t>(std::ceil(percentile / 100.0 * static_cast<double>(count_)));
  if (rank < 1) rank = 1;
  std::uint64_t seen = 0;
  for (int i = 0; i < kBuckets; ++i) {
    seen += counts_[static_cast<std::size_t>(i)];
    if (seen >= rank) {
      const auto edge = static_cast<std::int64_t>(upperEdge(i));
      return edge < max_ ? edge : max_;
    }
  }
  return max_;
}

}  // namespace bench
