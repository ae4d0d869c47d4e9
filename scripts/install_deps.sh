#!/usr/bin/env bash
# Installs what w2v needs to build and test on Debian 12 (run as root). Idempotent: packages that
# are already there are skipped by apt-get.
#   scripts/install_deps.sh          build dependencies only
#   scripts/install_deps.sh --test   also what the tests and benchmarks use (gensim, fastText, ...)
#   scripts/install_deps.sh [--test] PACKAGE...   also these Debian packages
# If another apt-get or dpkg holds the package manager's lock (a fresh machine often runs its own
# updates), this waits for it, up to W2V_APT_LOCK_WAIT seconds (default 600), then fails clearly.
set -euo pipefail
packages=(g++ cmake make zlib1g-dev libboost-program-options-dev catch2 gzip)
if [ "${1:-}" = "--test" ]; then
  packages+=(python3 python3-gensim python3-scipy python3-numpy fasttext clang-format time
             clang libclang-rt-14-dev libomp-dev bc openmpi-bin libopenmpi-dev librsvg2-bin)
  shift
fi
packages+=("$@")
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

wait_secs=${W2V_APT_LOCK_WAIT:-600}
locks=(/var/lib/dpkg/lock-frontend /var/lib/dpkg/lock /var/lib/apt/lists/lock
       /var/cache/apt/archives/lock)
# True while any process holds one of the locks (apt and dpkg take them with fcntl; flock -n
# on the same file does not see fcntl locks, so ask fuser, or fall back to the process list).
locked() {
  if command -v fuser >/dev/null; then
    fuser "${locks[@]}" >/dev/null 2>&1
  else
    pgrep -x 'apt-get|apt|dpkg|unattended-upgr|aptitude' >/dev/null 2>&1
  fi
}
# apt-get with its own lock wait (DPkg::Lock::Timeout, apt >= 1.9) as a second line of defence.
apt() {
  local waited=0
  while locked; do
    if [ "$waited" -ge "$wait_secs" ]; then
      echo "install_deps: the package manager is still locked by another process after" \
        "${wait_secs} s (see: ps aux | grep -E 'apt|dpkg'); wait for it to finish, or raise" \
        "W2V_APT_LOCK_WAIT, and run this again" >&2
      exit 1
    fi
    [ "$waited" -eq 0 ] && echo "install_deps: waiting for another apt-get/dpkg to finish..." >&2
    sleep 5
    waited=$((waited + 5))
  done
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout="$wait_secs" "$@"
}
echo "install_deps: installing ${missing[*]}" >&2
apt update -qq
apt install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
