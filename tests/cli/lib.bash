# Shared helpers for the CLI tests; sourced, not run. Arguments of every test: BIN SRC SHARED.
set -u
BIN=$1
SRC=$2
SHARED=$3
PY=/usr/bin/python3
WORK=$(mktemp -d "${TMPDIR:-/tmp}/w2v-cli.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
n_fail=0
n_pass=0

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
