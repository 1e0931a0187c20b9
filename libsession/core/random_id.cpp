#include "core/random_id.hpp"

#include <libsession/codec/engine_io.hpp>

#include <sys/random.h>

#include <array>
#include <cerrno>
#include <random>

namespace libsession::detail {
namespace {

void fillRandom(std::uint8_t* data, std::size_t size) {
  std::size_t filled = 0;
  while (filled < size) {
    const ssize_t n = getrandom(data + filled, size - filled, 0);
    if (n > 0) {
      filled += static_cast<std::size_t>(n);
    } else if (n < 0 && errno != EINTR) {
      // No kernel CSPRNG (very old kernel or seccomp): fall back to random_device.
      std::random_device device;
      for (; filled < size; ++filled) data[filled] = static_cast<std::uint8_t>(device());
    }
  }
}

}  // namespace

std::string RandomIdGenerator::next() {
  std::array<std::uint8_t, 15> bytes{};
  fillRandom(bytes.data(), 12);
  const std::uint32_t count = counter_++;
  bytes[12] = static_cast<std::uint8_t>(count >> 16);
  bytes[13] = static_cast<std::uint8_t>(count >> 8);
  bytes[14] = static_cast<std::uint8_t>(count);
  std::string id = engineio::encodeBase64(
      std::string_view(reinterpret_cast<const char*>(bytes.data()), bytes.size()));
  for (char& c : id) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return id;  // 15 bytes -> exactly 20 characters, no padding
}

}  // namespace libsession::detail
