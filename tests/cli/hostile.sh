#!/usr/bin/env bash
# The hostile-input table of docs/hostile-inputs.md, one row per case (issue 5): every tool, fed
# empty, garbage, huge, lying, corrupt or out-of-range input, ends with exit 0, 1 or 2 (never a
# signal or a hang), prints one line naming the file or flag, and leaves no output file and no
# temporary file after a failure. Fixtures are made here, in $WORK; nothing is committed.
# Usage: hostile.sh BIN_DIR SOURCE_ROOT
. "$(dirname "$0")/lib.bash"
need_brown
DOC=$SRC/docs/hostile-inputs.md
F=$WORK/f   # fixtures
O=$WORK/o   # outputs; must hold no output file after a failure and never a .*.tmp.* file
mkdir -p "$F" "$O"
MAX_RSS_KB=307200  # 300 MB: streaming inputs and rejected headers must not grow memory

# ---------------------------------------------------------------------------------------------
# Fixtures (about 1 s; the bombs are ~1 MB on disk).
head -n 1200 "$BROWN" >"$F/small.txt"     # ~21k tokens
gzip -nc "$F/small.txt" >"$F/small.gz"
head -n 10000 "$BROWN" | tr '\n' ' ' >"$F/oneline.txt"  # one sentence of ~190k words
: >"$F/empty.txt"
mkdir "$F/emptydir"
"$PY" - "$F" <<'EOF'
import gzip, random, struct, sys
f = sys.argv[1] + "/"
def put(name, data):
    open(f + name, "wb").write(data)
rnd = random.Random(1)
put("garbage.bin", rnd.randbytes(1 << 20))
put("ws.txt", b" \t\r\n\n\v\f  \r\n" * 1000)
put("hugeline.txt", b"alpha beta gamma delta " * ((32 << 20) // 23))
put("hugetoken.txt", b"x" * (64 << 20) + b" tail\n")
put("eoftoken.txt", b"a b\n" + b"x" * (2 << 20))
small = open(f + "small.txt", "rb").read()
put("midtoken.txt", small[: len(small) // 2] + b" " + b"y" * (8 << 20) + b" " + small[len(small) // 2 :])
utf8 = (b"ok \xff x\xc3 y\xe2\x82 z\xed\xa0\x80 w\xc0\xaf v\xf4\x90\x80\x80 caf\xc3\xa9 "
        b"\xf0\x9f\x98\x80 \x80\x80\x80\n")
put("utf8.txt", utf8)
open(f + "utf8.n", "w").write(str(utf8.decode("utf-8", "replace").count("\ufffd")))
put("utf8cut.txt", b"a" * 99 + "\u00e9".encode() + b" b\n")
# Gzip bombs: members of 1 MiB that compress to ~1 kB each, concatenated (gzip allows it).
put("bomb.gz", gzip.compress(bytes(1 << 20), 9) * 1024)              # 1 GiB of NUL bytes
put("wsbomb.gz", gzip.compress(b" \n" * (1 << 19), 9) * 256)         # 256 MiB of whitespace
put("vocabbomb.gz", gzip.compress(b"a 1\n" * (1 << 18), 9) * 12)      # 3M lines "a 1"
gz = open(f + "small.gz", "rb").read()
put("cut.gz", gz[: len(gz) // 2])
bad = bytearray(gz); bad[5000:5100] = bytes(100); put("corrupt.gz", bytes(bad))
bad = bytearray(gz); bad[-8] ^= 0xFF; put("crc.gz", bytes(bad))
put("trailing.gz", gz + b"garbage after the stream")
# Word vectors: 2000 rows of 10 floats, words w0..w1999.
V, D = 2000, 10
rows = [("w%d" % i, [rnd.uniform(-1, 1) for _ in range(D)]) for i in range(V)]
def binary(rows, header):
    out = bytearray(header.encode())
    for word, vals in rows:
        out += word.encode() + b" " + struct.pack("<%df" % len(vals), *vals) + b"\n"
    return bytes(out)
def text(rows, header):
    return (header + "".join(w + " " + " ".join(repr(v) for v in vs) + "\n" for w, vs in rows)).encode()
good = binary(rows, "%d %d\n" % (V, D))
put("good.bin", good)
put("lie_rows.bin", binary(rows, "%d %d\n" % (V + 1000, D)))
put("lie_huge.bin", binary(rows, "999999999999 %d\n" % D))
put("lie_dim.bin", binary(rows, "%d 100000\n" % V))
put("dim0.txt", b"5 0\na\nb\nc\nd\ne\n")
put("trunc.bin", good[: len(good) // 2])
put("dimlie.bin", binary(rows[:50], "40 12\n"))
g = gzip.compress(good, 6, mtime=0)
put("cut.bin.gz", g[: len(g) // 2])
bad = bytearray(g); bad[len(g) // 2 : len(g) // 2 + 100] = bytes(100); put("corrupt.bin.gz", bytes(bad))
few = [r for r in rows[:5]]
put("nan.txt", text([few[0], (few[1][0], [float("nan")] + few[1][1][1:])] + few[2:], "5 10\n"))
put("inf.bin", binary([few[0], few[1], (few[2][0], [float("-inf")] + few[2][1][1:])] + few[3:], "5 10\n"))
put("over.txt", text(few[:3] + [(few[3][0], [1e39] + few[3][1][1:])] + few[4:], "5 10\n"))
t = text(few, "5 10\n").split(b"\n")
t[3] = t[3] + b" 0.5"                 # row 3 has 11 numbers
put("many.txt", b"\n".join(t))
t = text(few, "5 10\n").split(b"\n")
t[2] = t[2].rsplit(b" ", 1)[0]        # row 2 has 9 numbers
put("few.txt", b"\n".join(t))
put("less.txt", text(few, "3 10\n"))
put("more.txt", text(few, "50 10\n"))
put("zero.txt", b"3 2\na 1 0\nb 0 0\nc 1 1\n")
# Query and evaluation inputs.
put("bigquery.txt", b"w1 " * (3 << 20) + b"\nw2\n")
put("an3.txt", b": section\nw1 w2 w3 w4\nw1 w2 w3\n")
put("sim_nan.txt", b"w1 w2 1\nw3 w4 nan\nw5 w6 3\n")
put("sim_ok.txt", b"w1 w2 1\nw3 w4 2\nw5 w6 3\n")
put("sim_oov.txt", b"zz1 zz2 1\nzz3 zz4 2\n")
# Vocabulary files for w2v-train --vocab.
put("voc_big.txt", b"</s> 1\nthe 99999999999999999999999\n")
put("voc_oov.txt", b"</s> 1\nzzzz 5\nqqqq 3\n")
EOF
[ -s "$F/vocabbomb.gz" ] || { echo "FAIL: fixtures not made" >&2; exit 1; }
mkdir "$F/outdir"
cat >"$WORK/rss.py" <<'EOF'
# rss.py FILE CMD...: runs CMD, writes its peak resident set size in kB to FILE, exits as CMD does
# (128 + N when CMD is killed by signal N).
import resource, subprocess, sys
rc = subprocess.call(sys.argv[2:])
open(sys.argv[1], "w").write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
sys.exit(rc if rc >= 0 else 128 - rc)
EOF

# ---------------------------------------------------------------------------------------------
# row ID EXIT FRAGMENT OUTPUT -- TOOL ARGS...
# Runs $BIN/w2v-TOOL ARGS with a 60 s timeout and checks: the exit code is exactly EXIT (a timeout
# is a hang, >= 128 a signal); stderr contains FRAGMENT and, on failure, is one line starting
# "w2v-TOOL: "; no sanitizer report; OUTPUT (unless -) exists after success and not after failure;
# no .*.tmp.* file anywhere under $WORK or in /dev. Environment, per row: IN (stdin, default
# /dev/null), FSIZE (ulimit -f in kB, SIGXFSZ ignored: a disk that fills up), RSS (check peak
# memory under $MAX_RSS_KB).
ids=()
row() {
  local id=$1 want=$2 frag=$3 out=$4
  shift 5
  local tool=w2v-$1
  shift
  ids+=("$id")
  local cmd=("$BIN/$tool" "$@")
  if [ -n "${FSIZE:-}" ]; then
    cmd=(bash -c 'trap "" XFSZ; ulimit -f "$0"; exec "$@"' "$FSIZE" "${cmd[@]}")
  fi
  rm -f "$WORK/rss"
  [ -n "${RSS:-}" ] && cmd=("$PY" "$WORK/rss.py" "$WORK/rss" "${cmd[@]}")
  timeout -k 5 60 "${cmd[@]}" <"${IN:-/dev/null}" >"$WORK/out" 2>"$WORK/err"
  local got=$? bad=""
  # HOSTILE_LOG=FILE collects "id exit first-stderr-line", to check the doc's table against.
  [ -n "${HOSTILE_LOG:-}" ] && printf '%s %s %s\n' "$id" "$got" "$(head -n 1 "$WORK/err")" >>"$HOSTILE_LOG"
  if [ "$got" -eq 124 ]; then bad="hang (killed after 60 s)"
  elif [ "$got" -ge 128 ]; then bad="killed by signal $((got - 128))"
  elif [ "$got" -ne "$want" ]; then bad="exit $got, want $want"
  fi
  if [ -n "$frag" ] && ! grep -qF -- "$frag" "$WORK/err"; then bad="$bad; stderr lacks '$frag'"; fi
  if [ "$want" -ne 0 ]; then
    [ "$(wc -l <"$WORK/err")" -eq 1 ] || bad="$bad; stderr is not one line"
    head -n 1 "$WORK/err" | grep -q "^$tool: " || bad="$bad; message does not start '$tool: '"
  fi
  grep -qE 'Sanitizer|runtime error:' "$WORK/err" && bad="$bad; sanitizer report"
  if [ "$out" != - ]; then
    if [ "$want" -eq 0 ] && [ ! -s "$out" ]; then bad="$bad; no output $out"; fi
    if [ "$want" -ne 0 ] && [ -e "$out" ]; then bad="$bad; output $out left behind"; fi
  fi
  local left
  left=$(find "$WORK" -name '.*.tmp.*'; find /dev -maxdepth 1 -name '.*.tmp.*')
  if [ -n "$left" ]; then bad="$bad; temporary files left: $left"; printf "%s\n" "$left" | xargs -r -d "\n" rm -f; fi
  if [ -n "${RSS:-}" ]; then
    local kb
    kb=$(cat "$WORK/rss" 2>/dev/null)
    if ! [ "$kb" -gt 0 ] 2>/dev/null; then
      bad="$bad; no peak memory measured (rss.py wrote '$kb')"
    elif [ "$kb" -gt "$MAX_RSS_KB" ]; then
      bad="$bad; peak memory $((kb / 1024)) MB > $((MAX_RSS_KB / 1024)) MB"
    fi
  fi
  if [ -z "$bad" ]; then pass; else fail "$id ($tool $*): ${bad#; }; stderr: $(head -c 300 "$WORK/err")"; fi
}
# no_control_bytes: the last stderr holds no terminal control bytes (ESC, CR, NUL, ...): input
# words echoed in a message must not drive the user's terminal.
no_control_bytes() {
  [ "$(LC_ALL=C tr -d '\11\12\40-\176\200-\377' <"$WORK/err" | wc -c)" -eq 0 ]
}
# check ID CONDITION-COMMAND...: an extra check of the row just run.
check() {
  local id=$1
  shift
  if "$@"; then pass; else fail "$id: check failed: $*"; fi
}

TR=(--dim 10 --epochs 1 --min-count 1 --threads 1 --quiet)   # tiny training runs
G=$F/good.bin

# ---------------------------------------------------------------------------------------------
# w2v-vocab
row V01 1 "empty.txt: no words found" "$O/v01" -- vocab -i "$F/empty.txt" -o "$O/v01"
row V02 1 "ws.txt: no words found" "$O/v02" -- vocab -i "$F/ws.txt" -o "$O/v02"
row V03 0 "invalid UTF-8 sequences" "$O/v03" -- vocab -i "$F/garbage.bin" -o "$O/v03" --min-count 1
RSS=1 row V04 0 "in 1 sentences" "$O/v04" -- vocab -i "$F/hugeline.txt" -o "$O/v04"
check V04 grep -qx '</s> 1' "$O/v04"
RSS=1 row V05 0 "1 tokens longer than 100 bytes" "$O/v05" -- vocab -i "$F/hugetoken.txt" -o "$O/v05" --min-count 1
check V05 grep -qx "$(printf 'x%.0s' $(seq 100)) 1" "$O/v05"
row V06 0 "in 2 sentences" "$O/v06" -- vocab -i "$F/eoftoken.txt" -o "$O/v06" --min-count 1
check V06 grep -qx '</s> 2' "$O/v06"
row V07 0 "$(cat "$F/utf8.n") invalid UTF-8 sequences" "$O/v07" -- vocab -i "$F/utf8.txt" -o "$O/v07" --min-count 1
row V08 0 "1 tokens longer than 100 bytes" "$O/v08" -- vocab -i "$F/utf8cut.txt" -o "$O/v08" --min-count 1
check V08 grep -qx "$(printf 'a%.0s' $(seq 99)) 1" "$O/v08"
RSS=1 row V09 0 "1 tokens longer than 100 bytes" "$O/v09" -- vocab -i "$F/bomb.gz" -o "$O/v09" --min-count 1
row V10 1 "cut.gz: gzip stream cut short at byte" "$O/v10" -- vocab -i "$F/cut.gz" -o "$O/v10"
row V11 1 "corrupt.gz: corrupt gzip data at byte" "$O/v11" -- vocab -i "$F/corrupt.gz" -o "$O/v11"
row V12 1 "crc.gz: corrupt gzip data at byte" "$O/v12" -- vocab -i "$F/crc.gz" -o "$O/v12"
row V13 1 "trailing.gz: unexpected data after the end of the gzip stream" "$O/v13" -- vocab -i "$F/trailing.gz" -o "$O/v13"
row V14 1 "nope.txt: cannot open: No such file or directory" "$O/v14" -- vocab -i "$F/nope.txt" -o "$O/v14"
row V15 1 "emptydir: directory has no regular files" "$O/v15" -- vocab -i "$F/emptydir" -o "$O/v15"
row V16 1 "outdir: is a directory" - -- vocab -i "$F/small.txt" -o "$F/outdir"
row V17 1 "cannot create a file in $O/nodir" "$O/nodir/v17" -- vocab -i "$F/small.txt" -o "$O/nodir/v17"
row V18 1 "/dev/full: cannot write: No space left on device" - -- vocab -i "$F/small.txt" -o /dev/full
FSIZE=8 row V19 1 "v19: cannot write: File too large" "$O/v19" -- vocab -i "$F/small.txt" -o "$O/v19" --min-count 1
row V20 1 "/proc/self/mem: cannot read" "$O/v20" -- vocab -i /proc/self/mem -o "$O/v20"
row V21 2 "--threads must be in [1, 1024], got 0" "$O/v21" -- vocab -i "$F/small.txt" -o "$O/v21" --threads 0
row V22 2 "--max-token-bytes" "$O/v22" -- vocab -i "$F/small.txt" -o "$O/v22" --max-token-bytes 0
row V23 2 "--min-count" "$O/v23" -- vocab -i "$F/small.txt" -o "$O/v23" --min-count -1

# w2v-train
row T01 1 "empty.txt: no words found" "$O/t01" -- train -i "$F/empty.txt" -o "$O/t01" "${TR[@]}"
row T02 0 "" "$O/t02" -- train -i "$F/garbage.bin" -o "$O/t02" "${TR[@]}"
row T03 0 "" "$O/t03" -- train -i "$F/oneline.txt" -o "$O/t03" --dim 10 --epochs 1 --threads 1 --quiet
RSS=1 row T04 0 "" "$O/t04" -- train -i "$F/midtoken.txt" -o "$O/t04" "${TR[@]}"
RSS=1 row T05 1 "wsbomb.gz: no words found" "$O/t05" -- train -i "$F/wsbomb.gz" -o "$O/t05" "${TR[@]}"
row T06 1 "cut.gz: gzip stream cut short at byte" "$O/t06" -- train -i "$F/cut.gz" -o "$O/t06" "${TR[@]}"
row T07 1 "corrupt.gz: corrupt gzip data at byte" "$O/t07" -- train -i "$F/corrupt.gz" -o "$O/t07" "${TR[@]}"
row T08 1 "nope.txt: cannot open: No such file or directory" "$O/t08" -- train -i "$F/nope.txt" -o "$O/t08" "${TR[@]}"
row T09 1 "emptydir: directory has no regular files" "$O/t09" -- train -i "$F/emptydir" -o "$O/t09" "${TR[@]}"
row T10 1 "outdir: is a directory" - -- train -i "$F/small.txt" -o "$F/outdir" "${TR[@]}"
row T11 1 "/dev/full: cannot write: No space left on device" - -- train -i "$F/small.txt" -o /dev/full "${TR[@]}"
row T12 1 "cannot create a file in /proc" - -- train -i "$F/small.txt" -o /proc/t12.bin --tmp-dir "$O" "${TR[@]}"
FSIZE=150 row T13 1 "t13: cannot write: File too large" "$O/t13" -- train -i "$F/small.txt" -o "$O/t13" "${TR[@]}"
FSIZE=20 row T14 1 "cannot write the encoded corpus" "$O/t14" -- train -i "$F/small.txt" -o "$O/t14" "${TR[@]}"
row T15 1 "/dev/full: cannot write: No space left on device" "$O/t15" -- train -i "$F/small.txt" -o "$O/t15" --save-output-vectors /dev/full "${TR[@]}"
row T16 1 "nodir/t16.json" "$O/t16" -- train -i "$F/small.txt" -o "$O/t16" --log-json "$O/nodir/t16.json" "${TR[@]}"
row T17 2 "--dim must be in [1, 10000], got 0" "$O/t17" -- train -i "$F/small.txt" -o "$O/t17" --epochs 1 --quiet --dim 0
row T18 2 "--window" "$O/t18" -- train -i "$F/small.txt" -o "$O/t18" "${TR[@]}" --window -1
row T19 2 "--threads" "$O/t19" -- train -i "$F/small.txt" -o "$O/t19" --dim 10 --epochs 1 --quiet --threads 0
row T20 2 "--negative must be in [0, 1000], got 100000" "$O/t20" -- train -i "$F/small.txt" -o "$O/t20" "${TR[@]}" --negative 100000
row T21 2 "--epochs" "$O/t21" -- train -i "$F/small.txt" -o "$O/t21" --dim 10 --quiet --epochs 0
row T22 2 "--alpha must be in" "$O/t22" -- train -i "$F/small.txt" -o "$O/t22" "${TR[@]}" --alpha 1e30
row T23 1 "try a smaller --alpha" "$O/t23" -- train -i "$F/small.txt" -o "$O/t23" "${TR[@]}" --alpha 1e6
row T24 1 "try a smaller --alpha" "$O/t24" -- train -i "$F/small.txt" -o "$O/t24" --dim 10 --epochs 1 --min-count 1 --threads 2 --quiet --model cbow --alpha 1000
row T25 1 "garbage.bin:1:" "$O/t25" -- train -i "$F/small.txt" --vocab "$F/garbage.bin" -o "$O/t25" "${TR[@]}"
row T26 1 "voc_big.txt:2: the count" "$O/t26" -- train -i "$F/small.txt" --vocab "$F/voc_big.txt" -o "$O/t26" "${TR[@]}"
RSS=1 row T27 1 "vocabbomb.gz" "$O/t27" -- train -i "$F/small.txt" --vocab "$F/vocabbomb.gz" -o "$O/t27" "${TR[@]}"
row T28 1 "no word of the corpus is in the vocabulary" "$O/t28" -- train -i "$F/small.txt" --vocab "$F/voc_oov.txt" -o "$O/t28" "${TR[@]}"
IN=$F/small.txt row T29 2 "needs --vocab" "$O/t29" -- train -i - -o "$O/t29" "${TR[@]}"

# w2v-neighbors
row N01 1 "empty.txt: the file is empty" - -- neighbors -v "$F/empty.txt" w1
row N02 1 "garbage.bin: line 1: expected the header" - -- neighbors -v "$F/garbage.bin" w1
row N03 1 "lie_rows.bin: the header claims 3000 words" - -- neighbors -v "$F/lie_rows.bin" w1
RSS=1 row N04 1 "lie_huge.bin: the header claims 999999999999 words" - -- neighbors -v "$F/lie_huge.bin" w1
row N05 1 "lie_dim.bin: line 1: the header says dimension 100000" - -- neighbors -v "$F/lie_dim.bin" w1
row N06 1 "dim0.txt: line 1: the header says dimension 0" - -- neighbors -v "$F/dim0.txt" a
row N07 1 "nan.txt: line 3: row 2 (\"w1\"): field 1 (\"nan\") is NaN" - -- neighbors -v "$F/nan.txt" w0
row N08 1 "many.txt: line 4: row 3 (\"w2\"): has 11 numbers, the header says 10" - -- neighbors -v "$F/many.txt" w0
row N09 1 "trunc.bin: the header claims 2000 words" - -- neighbors -v "$F/trunc.bin" w1
row N10 1 "cut.bin.gz: gzip stream cut short at byte" - -- neighbors -v "$F/cut.bin.gz" w1
row N11 1 "nope.bin: cannot open: No such file or directory" - -- neighbors -v "$F/nope.bin" w1
row N12 1 "emptydir: is a directory" - -- neighbors -v "$F/emptydir" w1
RSS=1 row N13 1 "bomb.gz: line 1: expected the header" - -- neighbors -v "$F/bomb.gz" w1
RSS=1 row N14 1 "hugeline.txt: line 1: row 1 (\"alpha\"): field 1 (\"beta\") is not a number" - -- neighbors -v "$F/hugeline.txt" --format glove alpha
row N15 2 "-k must be at least 1, got 0" - -- neighbors -v "$G" -k 0 w1
row N16 2 "--k" - -- neighbors -v "$G" -k 99999999999999999999 w1
RSS=1 IN=$F/bigquery.txt row N17 1 "<stdin>: line 1 is longer than 1 MiB" - -- neighbors -v "$G"
IN=$F/garbage.bin row N18 0 "unknown word" - -- neighbors -v "$G" -k 1 --json
check N18 no_control_bytes
row N19 0 "" - -- neighbors -v "$F/zero.txt" -k 2 a
check N19 grep -q '^  b  *0.0000$' "$WORK/out"

# w2v-analogy
row A01 1 "inf.bin: row 3 of 5 (\"w2\"): value 1 is infinite" - -- analogy -v "$F/inf.bin" w0 w1 w3
row A02 1 "less.txt: line 5: more rows than the 3 the header announces" - -- analogy -v "$F/less.txt" w0 w1 w2
row A03 1 "more.txt: the header claims 50 words" - -- analogy -v "$F/more.txt" w0 w1 w2
row A04 1 "dimlie.bin: truncated at row" - -- analogy -v "$F/dimlie.bin" w0 w1 w2
row A05 2 "-k must be at least 1, got 0" - -- analogy -v "$G" -k 0 w0 w1 w2
row A06 2 "--threads must be in [0, 4096], got 100000" - -- analogy -v "$G" --threads 100000 w0 w1 w2
row A07 1 "emptydir: is a directory" - -- analogy -v "$F/emptydir" w0 w1 w2
IN=$F/garbage.bin row A08 0 "expected three words A B C" - -- analogy -v "$G" -k 1
check A08 no_control_bytes

# w2v-eval
row E01 1 "over.txt: line 5: row 4 (\"w3\"): field 1 (\"1e+39\") is outside the range of a 32-bit float" - -- eval -v "$F/over.txt" --similarity "$F/sim_ok.txt"
row E02 1 "few.txt: line 3: row 2 (\"w1\"): has 9 numbers, the header says 10" - -- eval -v "$F/few.txt" --similarity "$F/sim_ok.txt"
row E03 1 "corrupt.bin.gz: corrupt gzip data at byte" - -- eval -v "$F/corrupt.bin.gz" --similarity "$F/sim_ok.txt"
row E04 1 "empty.txt: no analogy questions" - -- eval -v "$G" --analogies "$F/empty.txt"
row E05 1 "garbage.bin: line 1:" - -- eval -v "$G" --analogies "$F/garbage.bin"
row E06 1 "an3.txt: line 3: expected 4 words" - -- eval -v "$G" --analogies "$F/an3.txt"
row E07 1 "garbage.bin: line " - -- eval -v "$G" --similarity "$F/garbage.bin"
row E08 1 "sim_nan.txt: line 2: expected \"word1 word2 score\" (a finite number)" - -- eval -v "$G" --similarity "$F/sim_nan.txt"
row E09 1 "sim_oov.txt: none of the 2 pairs" - -- eval -v "$G" --similarity "$F/sim_oov.txt"
row E10 1 "nope.txt: cannot open: No such file or directory" - -- eval -v "$G" --analogies "$F/nope.txt"
row E11 1 "emptydir: is a directory" - -- eval -v "$G" --similarity "$F/emptydir"
RSS=1 row E12 1 "bomb.gz" - -- eval -v "$G" --similarity "$F/bomb.gz"
row E13 2 "--restrict must be 0 or more, got -1" - -- eval -v "$G" --analogies "$F/an3.txt" --restrict -1
row E14 2 "give exactly one of --analogies FILE and --similarity FILE" - -- eval -v "$G" --analogies "$F/an3.txt" --similarity "$F/sim_nan.txt"

# The doc lists the same cases: every id above has a row in docs/hostile-inputs.md, and back.
doc_ids=$(grep -oE '^\| [VTNAE][0-9]{2} \|' "$DOC" | tr -d '| ' | sort)
check doc [ "$doc_ids" = "$(printf '%s\n' "${ids[@]}" | sort)" ]
echo "${#ids[@]} hostile-input cases"
finish
