#!/bin/sh
# Runs one libFuzzer target for a fixed time, as a CTest test.
#
#   run_fuzzer.sh <fuzzer> <seed-corpus-dir> <work-dir> <seconds> [dict]
#
# The seeds are copied into <work-dir>/corpus first, so the fuzzer grows a scratch corpus under
# the build tree and never writes into the repository. Crash, leak and timeout inputs land in
# <work-dir>/artifacts/. The exit status is libFuzzer's: non-zero on any crash, leak, sanitizer
# report, timeout or out-of-memory, which fails the test.
set -eu

if [ $# -lt 4 ] || [ $# -gt 5 ]; then
  echo "usage: $0 <fuzzer> <seed-corpus-dir> <work-dir> <seconds> [dict]" >&2
  exit 2
fi
fuzzer=$1
seeds=$2
work=$3
seconds=$4
dict=${5:-}

rm -rf "$work"
mkdir -p "$work/corpus" "$work/artifacts"
cp "$seeds"/* "$work/corpus/"

# Leaks fail the run; UBSan stops at the first report (the build also passes
# -fno-sanitize-recover=undefined). Options already set by the caller win.
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}
export ASAN_OPTIONS UBSAN_OPTIONS

set -- "$fuzzer" "$work/corpus" \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
  -print_final_stats=1 -artifact_prefix="$work/artifacts/"
if [ -n "$dict" ]; then
  set -- "$@" -dict="$dict"
fi

echo "running: $*"
status=0
"$@" >"$work/fuzzer.log" 2>&1 || status=$?

# libFuzzer prints a status line per new input; keep the CTest log readable by showing the
# start, the final status line (cov: edges, ft: features, corp: corpus) and the final stats, or
# the end of the log, where the report is, when the run failed.
head -n 12 "$work/fuzzer.log"
echo "..."
if [ "$status" -eq 0 ]; then
  grep -E '^#[0-9]+[[:space:]]+DONE|^Done [0-9]+ runs|^stat::' "$work/fuzzer.log" || true
else
  tail -n 200 "$work/fuzzer.log"
  echo "FAILED: $(basename "$fuzzer") exited with status $status; inputs saved in $work/artifacts/:"
  ls -l "$work/artifacts/"
fi
exit "$status"
