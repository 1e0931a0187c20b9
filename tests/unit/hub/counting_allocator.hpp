// Live heap bytes of this process, counted by replacing the global operator new/delete of the
// unit_hub executable (counting_allocator.cpp). Used to measure memory per connection.
#pragma once

#include <cstddef>

namespace libsession::testing {

/// Bytes currently allocated through operator new (as malloc_usable_size reports them, so the
/// allocator's rounding is included). Thread-safe.
std::size_t liveHeapBytes() noexcept;

}  // namespace libsession::testing
