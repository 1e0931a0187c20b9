#include "paths.hpp"

#include <cstdlib>

namespace libsession::test {

std::string configuredPath(const char* name, const char* compiledIn) {
  const char* fromEnvironment = std::getenv(name);
  return fromEnvironment != nullptr && *fromEnvironment != '\0' ? fromEnvironment : compiledIn;
}

}  // namespace libsession::test
