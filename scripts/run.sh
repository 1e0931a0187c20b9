#!/usr/bin/env bash
# scripts/run.sh — installs dependencies, builds session-agent (Release) and starts it.
#
#   ./scripts/run.sh [session-agent options]     e.g. ./scripts/run.sh --help
#
# Builds into $LIBSESSION_BUILD_ROOT/release (default build/release), the directory
# scripts/test.sh also uses; only the session-agent target is built. Dependency and build
# output go to stderr, so stdout is the agent's own.
set -euo pipefail

cd "$(dirname "$0")/.."

build_root="${LIBSESSION_BUILD_ROOT:-build}"
dir="$build_root/release"
jobs="${LIBSESSION_JOBS:-2}"

scripts/deps.sh >&2

# First configure: tests and examples off, they are not needed to run. A directory that
# scripts/test.sh configured keeps its options; only the agent target is built either way.
if [ ! -f "$dir/CMakeCache.txt" ]; then
  cmake -S . -B "$dir" -G Ninja -DCMAKE_BUILD_TYPE=Release \
    -DLIBSESSION_BUILD_TESTS=OFF -DLIBSESSION_BUILD_EXAMPLES=OFF -DLIBSESSION_BUILD_APPS=ON >&2
else
  cmake -S . -B "$dir" -DLIBSESSION_BUILD_APPS=ON >&2
fi
cmake --build "$dir" --target session-agent -j "$jobs" >&2

exec "$dir/apps/session-agent/session-agent" "$@"
