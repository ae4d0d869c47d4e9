#!/usr/bin/env bash
# The longest functions (lambdas inside them count as part of them) in the given files or
# directories, with their length in lines: scripts/function_lengths.sh [N] PATH...
# Uses universal-ctags (Debian package universal-ctags) for where each function starts and ends.
set -euo pipefail
n=10
if [[ ${1:-} =~ ^[0-9]+$ ]]; then n=$1; shift; fi
command -v ctags >/dev/null || { echo "needs universal-ctags (apt-get install universal-ctags)" >&2; exit 1; }
files=$(find "$@" -name '*.cpp' -o -name '*.h' -o -name '*.inc' | sort)
# shellcheck disable=SC2086
ctags --language-force=C++ --kinds-C++=f --fields=+ne -o - $files |
  awk -F'\t' '{ line = ""; end = "";
       for (i = 4; i <= NF; i++) { if ($i ~ /^line:/) line = substr($i, 6); if ($i ~ /^end:/) end = substr($i, 5) }
       if (line != "" && end != "" && $1 !~ /^__anon/) printf "%5d  %s:%s  %s\n", end - line + 1, $2, line, $1 }' |
  sort -rn | head -n "$n"
