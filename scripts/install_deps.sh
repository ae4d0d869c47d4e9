#!/usr/bin/env bash
# Installs what w2v needs to build and test on Debian 12 (run as root). Idempotent: packages that
# are already there are skipped by apt-get.
#   scripts/install_deps.sh          build dependencies only
#   scripts/install_deps.sh --test   also what the tests and benchmarks use (gensim, fastText, ...)
set -euo pipefail
packages=(g++ cmake make zlib1g-dev libboost-program-options-dev catch2 gzip)
if [ "${1:-}" = "--test" ]; then
  packages+=(python3 python3-gensim python3-scipy python3-numpy fasttext clang-format time
             clang libclang-rt-14-dev libomp-dev bc)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install_deps: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
