// bench/load/histogram.hpp — a latency histogram with bounded memory (HDR-style).
//
// Values (nanoseconds) are counted in log-linear buckets: exact below 128, then 64 buckets per
// power of two, so a percentile is within 1/64 (1.6 %) of the true value, and the maximum is
// exact. Fixed size (about 30 KiB) whatever the number of samples; recording is a few
// instructions. Not thread-safe (the generator has one thread).
#pragma once

#include <array>
#include <cstdint>

namespace bench {

class Histogram {
public:
  void record(std::int64_t nanoseconds) noexcept;
  /// The value at or below which `percentile` % of the samples lie (the bucket's upper edge,
  /// capped at the maximum); 0 when empty.
  std::int64_t percentile(double percentile) const noexcept;
  std::int64_t max() const noexcept { return max_; }
  std::uint64_t count() const noexcept { return count_; }

private:
  static constexpr int kSubBits = 6;                    // 64 buckets per power of two
  static constexpr int kExact = 1 << (kSubBits + 1);    // values below this are exact
  static constexpr int kGroups = 64 - kSubBits;         // enough for any int64
  static constexpr int kBuckets = kExact + kGroups * (1 << kSubBits);

  static int indexOf(std::uint64_t value) noexcept;
  static std::uint64_t upperEdge(int index) noexcept;

  std::array<std::uint64_t, kBuckets> counts_{};
  std::uint64_t count_ = 0;
  std::int64_t max_ = 0;
};

}  // namespace bench
