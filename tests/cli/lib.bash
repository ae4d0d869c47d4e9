# Shared helpers for the CLI tests; sourced, not run. Arguments of every test: BIN SRC.
# No test reads data outside the clone (a user's clone has nothing beside it): the corpora are
# the Brown corpus, which the set-up fetches (scripts/get_brown_corpus.sh; scripts/test.sh runs
# it), and text the tests generate (tests/python/gen_corpus.py: planted structure with known
# answers).
set -u
BIN=$1
SRC=$2
PY=/usr/bin/python3
BROWN=$SRC/data/brown/brown.txt
WORK=$(mktemp -d "${TMPDIR:-/tmp}/w2v-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
n_fail=0
n_pass=0

# need_brown: stops the test (failed) when the Brown corpus has not been fetched.
need_brown() {
  if [ ! -s "$BROWN" ]; then
    echo "FAIL: $BROWN is missing; fetch it with: scripts/get_brown_corpus.sh $BROWN" \
      "(scripts/test.sh does)" >&2
    exit 1
  fi
}

# planted DIR [TOKENS] [SEED]: writes the planted-structure corpus DIR/corpus.txt with its
# evaluation sets DIR/questions.txt and DIR/pairs.tsv (see tests/python/gen_corpus.py).
planted() {
  "$PY" "$SRC/tests/python/gen_corpus.py" --out "$1" --tokens "${2:-500000}" --seed "${3:-1}" ||
    { echo "FAIL: gen_corpus.py" >&2; exit 1; }
}

# score VECTORS QUESTIONS PAIRS -> "analogy_accuracy spearman", from w2v-eval's JSON.
score() {
  local a s
  a=$("$BIN/w2v-eval" -v "$1" --analogies "$2" --json |
    "$PY" -c 'import json,sys; print(json.load(sys.stdin)["total"]["accuracy"])') || a=nan
  s=$("$BIN/w2v-eval" -v "$1" --similarity "$3" --json |
    "$PY" -c 'import json,sys; print(json.load(sys.stdin)["spearman"])') || s=nan
  echo "$a $s"
}

# at_least VALUE MIN: true if VALUE >= MIN (both decimal; "nan" is never enough).
at_least() { "$PY" -c "import sys; sys.exit(0 if float('$1') >= float('$2') else 1)"; }
# within A B TOL: true if |A - B| <= TOL.
within() { "$PY" -c "import sys; sys.exit(0 if abs(float('$1') - float('$2')) <= float('$3') else 1)"; }

pass() { n_pass=$((n_pass + 1)); }
fail() { echo "FAIL: $*" >&2; n_fail=$((n_fail + 1)); }

# expect_exit CODE DESCRIPTION -- COMMAND...: runs the command (stdout and stderr to files) and
# checks its exit code.
expect_exit() {
  local want=$1 what=$2
  shift 3
  "$@" >"$WORK/out" 2>"$WORK/err" </dev/null
  local got=$?
  if [ "$got" -eq "$want" ]; then pass; else
    fail "$what: exit $got, want $want; stderr: $(head -c 400 "$WORK/err")"
  fi
}

# expect_err TEXT DESCRIPTION: the last command's stderr contains TEXT.
expect_err() {
  if grep -qF -- "$1" "$WORK/err"; then pass; else
    fail "$2: stderr lacks '$1': $(head -c 400 "$WORK/err")"
  fi
}

# expect_one_line DESCRIPTION: the last command's stderr is exactly one line.
expect_one_line() {
  local n
  n=$(wc -l <"$WORK/err")
  if [ "$n" -eq 1 ]; then pass; else fail "$1: stderr has $n lines: $(head -c 400 "$WORK/err")"; fi
}

expect_no_file() {
  if [ ! -e "$1" ]; then pass; else fail "$2: $1 exists"; fi
}

expect_same() {
  if cmp -s "$1" "$2"; then pass; else fail "$3: $1 and $2 differ"; fi
}

finish() {
  echo "$n_pass passed, $n_fail failed"
  [ "$n_fail" -eq 0 ]
}
