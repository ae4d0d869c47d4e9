#!/usr/bin/env bash
# What phrases buy: skip-gram on the phrased corpus scored on word2vec's questions-phrases.txt,
# beside the same training on the plain corpus scored on questions-words.txt; then the
# country -> capital map of the plain vectors (docs/map-capitals.svg and .png).
#   bench/phrases_quality.sh [--corpus FILE.gz] [--eval-dir DIR] [--build DIR] [--out DIR]
# Phrases: two passes, thresholds 200 then 100 (word2vec's demo-phrases.sh). Training: w2v-train's
# defaults (skip-gram, dim 100, window 5, 5 epochs, seed 1) with --sample 1e-4 --min-count 5 on 2
# threads. Evaluation: w2v-eval --restrict 30000, case-insensitive (gensim's conventions). Each
# training run takes a few minutes of both cores.
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=../shared/data/corpus/enwiki66m.txt.gz
eval_dir=../shared/data/eval
build=build/release
out=out/phrases-quality
while [ $# -gt 0 ]; do
  case $1 in
    --corpus) corpus=$2; shift 2 ;;
    --eval-dir) eval_dir=$2; shift 2 ;;
    --build) build=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    *) echo "unknown option $1 (see the comment at the top)" >&2; exit 2 ;;
  esac
done
bash scripts/build.sh "$build" -DCMAKE_BUILD_TYPE=Release >/dev/null
B=$build/bin
mkdir -p "$out"

echo "== phrases (2 passes, 200 then 100)"
"$B/w2v-phrases" -i "$corpus" -o "$out/phrased.txt.gz" --passes 2 --threshold 200 100 --threads 2
for which in phrased plain; do
  input=$out/phrased.txt.gz
  [ "$which" = plain ] && input=$corpus
  echo "== training on the $which corpus"
  "$B/w2v-train" -i "$input" -o "$out/$which.bin" --threads 2 --sample 1e-4 --min-count 5 \
    --seed 1 --tmp-dir "$out"
done
echo
echo "== questions-phrases.txt, vectors of the phrased corpus"
"$B/w2v-eval" --vectors "$out/phrased.bin" --analogies "$eval_dir/questions-phrases.txt" --restrict 30000
echo
echo "== questions-words.txt, vectors of the plain corpus"
"$B/w2v-eval" --vectors "$out/plain.bin" --analogies "$eval_dir/questions-words.txt" --restrict 30000
echo
echo "== questions-words.txt, vectors of the phrased corpus (what joining costs single words)"
"$B/w2v-eval" --vectors "$out/phrased.bin" --analogies "$eval_dir/questions-words.txt" --restrict 30000

echo
echo "== the map: a dozen country -> capital pairs of questions-words.txt"
awk '/^:/ {s = $2} s == "capital-common-countries" && NF == 4 {print $2, $1}' \
  "$eval_dir/questions-words.txt" | sort -u | head -12 >"$out/pairs.txt"
cat "$out/pairs.txt" | tr '\n' ';'
echo
"$B/w2v-map" -v "$out/plain.bin" --pairs "$out/pairs.txt" --ignore-case \
  --title "Countries and capitals (skip-gram, 66M tokens of Wikipedia)" \
  --coordinates "$out/map.tsv" -o docs/map-capitals.svg
python3 -c "import xml.etree.ElementTree as e; e.parse('docs/map-capitals.svg')" && echo "the SVG parses as XML"
rsvg-convert docs/map-capitals.svg -o docs/map-capitals.png && echo "rsvg-convert: docs/map-capitals.png"
