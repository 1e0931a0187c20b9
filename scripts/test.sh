#!/usr/bin/env bash
# scripts/test.sh — installs dependencies, builds libsession three ways and runs every test.
#
#   ./scripts/test.sh                 all phases: release, asan, fuzz
#   ./scripts/test.sh release asan    only the named phases
#
# Phases (each its own build directory under $LIBSESSION_BUILD_ROOT, default "build"):
#   release  Release, warnings as errors; unit, crosscheck, consumer, header, app, example tests
#   asan     Debug with AddressSanitizer + UndefinedBehaviorSanitizer; the same tests
#   tsan     ThreadSanitizer; the Engine.IO, Socket.IO and hub unit tests and the RabbitMQ link
#            (the threaded entry points)
#   fuzz     clang + libFuzzer + ASan/UBSan; each fuzzer runs LIBSESSION_FUZZ_SECONDS (60)
# A failing phase does not stop the later ones (they are independent builds); the script exits
# non-zero if any phase failed. Environment: LIBSESSION_BUILD_ROOT, LIBSESSION_FUZZ_SECONDS,
# LIBSESSION_JOBS (parallel build and test jobs, default 2).
set -euo pipefail

cd "$(dirname "$0")/.."

build_root="${LIBSESSION_BUILD_ROOT:-build}"
fuzz_seconds="${LIBSESSION_FUZZ_SECONDS:-60}"
jobs="${LIBSESSION_JOBS:-2}"

all_phases=(release asan tsan fuzz)
if [ "$#" -gt 0 ]; then phases=("$@"); else phases=("${all_phases[@]}"); fi
for p in "${phases[@]}"; do
  case " ${all_phases[*]} " in
    *" $p "*) ;;
    *) echo "test.sh: unknown phase '$p' (phases: ${all_phases[*]})" >&2; exit 2 ;;
  esac
done

section() {
  printf '\n==================== %s ====================\n' "$*"
}

# Results, filled in as phases finish and printed by the EXIT trap, so that the summary also
# appears when the script stops early.
declare -A phase_result=() phase_seconds=() phase_passed=() phase_failed=()
total_start=$SECONDS
# Each phase notes the step it is in here, so the summary can say where a phase failed.
state_dir="$(mktemp -d)"

# Services the tests need are started once before the phases and stopped on any exit: RabbitMQ
# on 127.0.0.1:5672 for the engine-link integration tests (Redis is started per test by the
# tests themselves, on a free port).
# shellcheck source=lib/rabbitmq.sh
source scripts/lib/rabbitmq.sh
start_services() {
  section "services"
  rabbitmq_start "${TMPDIR:-/tmp}/libsession-rabbitmq.log"
}
stop_services() { rabbitmq_stop; }

summary() {
  local rc=$?
  stop_services || true
  section "summary"
  local passed=0 failed=0 p
  for p in "${phases[@]}"; do
    printf '  %-8s %-18s %5ss' "$p" "${phase_result[$p]:-not run}" "${phase_seconds[$p]:--}"
    if [ -n "${phase_passed[$p]:-}" ]; then
      printf '   tests: %s passed, %s failed' "${phase_passed[$p]}" "${phase_failed[$p]}"
      passed=$((passed + phase_passed[$p]))
      failed=$((failed + phase_failed[$p]))
    fi
    printf '\n'
  done
  printf '  %-27s %5ss\n' total "$((SECONDS - total_start))"
  rm -rf "$state_dir"
  # The plain closing line, summed over all ctest runs.
  printf '%s passed, %s failed\n' "$passed" "$failed"
  exit "$rc"
}
trap summary EXIT
# Turn signals into a normal exit so that the EXIT trap stops the services.
trap 'exit 130' INT
trap 'exit 143' TERM

step() {
  echo "$1" >"$state_dir/$current_phase"
}

configure() {
  local dir="$1"; shift
  step configure
  cmake -S . -B "$dir" -G Ninja "$@"
}

build() {
  step build
  cmake --build "$1" -j "$jobs"
}

# Runs ctest in a build directory; its output is kept for the summary's counts.
run_ctest() {
  local dir="$1"
  step test
  ctest --test-dir "$dir" --output-on-failure --no-tests=error -j "$jobs" 2>&1 |
    tee "$dir/ctest-output.log"
}

# Reads "100% tests passed, 0 tests failed out of 42" from a phase's ctest log.
count_tests() {
  local phase="$1" log="$build_root/$1/ctest-output.log" line
  [ -f "$log" ] || return 0
  line="$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$log" | tail -n 1)" ||
    return 0
  local failed total
  failed="$(sed -E 's/.* ([0-9]+) tests failed out of [0-9]+.*/\1/' <<<"$line")"
  total="$(sed -E 's/.* tests failed out of ([0-9]+).*/\1/' <<<"$line")"
  phase_failed[$phase]=$failed
  phase_passed[$phase]=$((total - failed))
}

phase_release() {
  local dir="$build_root/release"
  configure "$dir" -DCMAKE_BUILD_TYPE=Release -DLIBSESSION_WERROR=ON \
    -DLIBSESSION_BUILD_TESTS=ON -DLIBSESSION_BUILD_APPS=ON -DLIBSESSION_BUILD_EXAMPLES=ON
  build "$dir"
  run_ctest "$dir"
}

phase_asan() {
  local dir="$build_root/asan"
  configure "$dir" -DCMAKE_BUILD_TYPE=Debug -DLIBSESSION_SANITIZE=address,undefined \
    -DLIBSESSION_WERROR=ON \
    -DLIBSESSION_BUILD_TESTS=ON -DLIBSESSION_BUILD_APPS=ON -DLIBSESSION_BUILD_EXAMPLES=ON
  build "$dir"
  ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:strict_string_checks=1}" \
  UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}" \
    run_ctest "$dir"
}

phase_tsan() {
  local dir="$build_root/tsan"
  configure "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLIBSESSION_SANITIZE=thread \
    -DLIBSESSION_WERROR=ON -DLIBSESSION_BUILD_TESTS=ON -DLIBSESSION_BUILD_APPS=OFF \
    -DLIBSESSION_BUILD_EXAMPLES=OFF
  step build
  cmake --build "$dir" -j "$jobs" --target unit_engineio unit_socketio unit_hub integration_rabbitmq
  step test
  TSAN_OPTIONS="${TSAN_OPTIONS:-halt_on_error=1:second_deadlock_stack=1}" \
    ctest --test-dir "$dir" --output-on-failure --no-tests=error -j "$jobs" \
      -R '^(unit\.unit_(engineio|socketio|hub)|integration\.rabbitmq)\.' 2>&1 |
    tee "$dir/ctest-output.log"
  return "${PIPESTATUS[0]}"
}

phase_fuzz() {
  local dir="$build_root/fuzz"
  CXX=clang++ configure "$dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLIBSESSION_BUILD_FUZZERS=ON -DLIBSESSION_BUILD_TESTS=OFF -DLIBSESSION_BUILD_APPS=OFF \
    -DLIBSESSION_BUILD_EXAMPLES=OFF -DLIBSESSION_SANITIZE=address,undefined \
    -DLIBSESSION_FUZZ_SECONDS="$fuzz_seconds"
  # Only the fuzzers: they link a codec-only library of their own (tests/fuzz/CMakeLists.txt);
  # the full libsession, configured here too, is not needed.
  step build
  cmake --build "$dir" -j "$jobs" --target fuzz_polling_payload fuzz_socketio_decoder fuzz_json
  # tests/fuzz/run_fuzzer.sh sets the sanitizer options the fuzzers run with.
  run_ctest "$dir"
}

section "dependencies"
scripts/deps.sh

start_services

any_failed=0
for p in "${phases[@]}"; do
  section "$p"
  start=$SECONDS
  rm -f "$build_root/$p/ctest-output.log"
  # The phase runs in a subshell with `set -e` of its own, outside any `if` or `||` list (where
  # bash would ignore it), so its first failing command ends it; the script goes on to the next.
  current_phase=$p
  set +e
  ( set -e; phase_"$p" )
  rc=$?
  set -e
  phase_seconds[$p]=$((SECONDS - start))
  count_tests "$p"
  if [ "$rc" -eq 0 ]; then
    phase_result[$p]=passed
  else
    phase_result[$p]="FAILED ($(cat "$state_dir/$p" 2>/dev/null || echo setup))"
    any_failed=1
  fi
done

exit "$any_failed"
