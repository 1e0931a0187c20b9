#!/usr/bin/env bash
# scripts/deps.sh — installs what building and testing libsession needs, and nothing already there.
#
# Idempotent and non-interactive: asks dpkg which packages are missing and runs `apt-get update`
# only when something has to be installed, so a second run costs a second, not a minute.
# Debian 12 (bookworm) is the reference system; run as root or as a user with sudo.
set -euo pipefail

cd "$(dirname "$0")/.."

# One list for every issue: the integration tests need rabbitmq-server and the python clients.
packages=(
  build-essential cmake ninja-build clang libclang-rt-14-dev pkg-config git ca-certificates
  libasio-dev libwebsocketpp-dev rapidjson-dev librabbitmq-dev libfmt-dev libspdlog-dev
  libcli11-dev catch2 libhiredis-dev libjwt-dev
  rabbitmq-server redis-server
  python3 python3-socketio python3-requests python3-websocket
  jq  # bench/run.sh
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

is_installed() {
  [ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null)" = "install ok installed" ]
}

# The reference clients need Node >= 18 (socket.io-client v4 and the test runner).
node_ok() {
  command -v node >/dev/null 2>&1 || return 1
  local major
  major="$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null)" || return 1
  [ "${major:-0}" -ge 18 ]
}

missing=()
for p in "${packages[@]}"; do
  is_installed "$p" || missing+=("$p")
done
if ! node_ok; then
  # Debian's own nodejs (18.x on bookworm); npm is packaged separately there.
  missing+=(nodejs npm)
elif ! command -v npm >/dev/null 2>&1; then
  missing+=(npm)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}"
else
  echo "deps: system packages present"
fi

# The crosscheck tests compare the codec with the npm reference parsers, pinned by the lockfile.
js_dir=tests/js
if [ ! -f "$js_dir/package.json" ] || [ ! -f "$js_dir/package-lock.json" ]; then
  echo "deps: $js_dir/package.json or package-lock.json absent; skipping npm ci"
elif [ ! -d "$js_dir/node_modules" ] || [ "$js_dir/package-lock.json" -nt "$js_dir/node_modules" ]; then
  echo "deps: npm ci in $js_dir"
  (cd "$js_dir" && npm ci --no-audit --no-fund)
  # npm ci leaves node_modules' mtime at its creation; mark it fresh for the check above.
  touch "$js_dir/node_modules"
else
  echo "deps: $js_dir/node_modules up to date"
fi
