// tests/integration/support/paths.hpp — where the test finds the programs it runs.
#pragma once

#include <string>

namespace libsession::test {

/// The environment variable `name` when set and non-empty, else `compiledIn` (the path CMake
/// passed as a compile definition of the same name).
std::string configuredPath(const char* name, const char* compiledIn);

}  // namespace libsession::test
