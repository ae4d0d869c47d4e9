#!/usr/bin/env bash
# w2v-map end to end: the projection equals numpy's PCA (SVD) of the same unit rows; the SVG
# parses as XML, keeps one scale for both axes, has an arrow per known pair and labels that do
# not overlap; rsvg-convert renders it; unknown words are listed on stderr; bad input.
. "$(dirname "$0")/lib.bash"
M=$BIN/w2v-map

expect_exit 0 "--help" -- "$M" --help
for flag in --vectors --output --words --pairs --top --coordinates --ignore-case; do
  grep -q -- "$flag" "$WORK/out" && pass || fail "--help lists $flag"
done

# 60 words of dimension 20 with a few strong directions, written by gensim (word2vec binary);
# "Paris" and "France" in capitals, a word with XML's special characters, a UTF-8 word.
"$PY" - "$WORK" <<'EOF' || { fail "gensim could not write the fixture"; finish; }
import sys, numpy as np
from gensim.models import KeyedVectors
rng = np.random.default_rng(2)
words = ["</s>"] + ["w%d" % i for i in range(53)] + ["Paris", "France", "rome", "italy", "a<b&c", "caf\u00e9"]
scales = np.array([8, 5, 3] + [1] * 17, dtype=np.float64)
vecs = (rng.standard_normal((60, 20)) * scales + 1.0).astype(np.float32)
kv = KeyedVectors(20)
kv.add_vectors(words, vecs)
kv.save_word2vec_format(sys.argv[1] + "/v.bin", binary=True)
EOF

# --top: the first 40 words after "</s>"; the coordinates against numpy.
expect_exit 0 "--top 40" -- "$M" -v "$WORK/v.bin" -o "$WORK/top.svg" --top 40 --coordinates "$WORK/top.tsv"
"$PY" - "$WORK" <<'EOF' && pass || fail "the projection equals numpy's PCA of the same rows"
import sys, numpy as np
from gensim.models import KeyedVectors
w = sys.argv[1]
kv = KeyedVectors.load_word2vec_format(w + "/v.bin", binary=True)
rows = [l.rstrip("\n").split("\t") for l in open(w + "/top.tsv", encoding="utf-8")]
assert [r[0] for r in rows] == kv.index_to_key[1:41], "the first 40 words after </s>"
ours = np.array([[float(r[1]), float(r[2])] for r in rows])
x = kv.vectors[1:41].astype(np.float64)
# The rows w2v-map projects: scaled to unit length in double, stored as float32.
x = (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32).astype(np.float64)
x -= x.mean(axis=0)
u, s, vt = np.linalg.svd(x, full_matrices=False)
theirs = u[:, :2] * s[:2]
for k in range(2):  # PCA's signs are arbitrary: compare up to a flip per axis
    sign = 1.0 if np.dot(ours[:, k], theirs[:, k]) >= 0 else -1.0
    err = np.abs(ours[:, k] - sign * theirs[:, k]).max()
    assert err < 1e-9 * np.abs(theirs).max(), (k, err)
EOF

# Pairs: arrows, colours, one scale, non-overlapping labels, unknown words reported.
printf 'Paris France\nrome italy\n# a comment\n\nw1 w2\nberlin germany\nw3 a<b&c\n' >"$WORK/pairs.txt"
expect_exit 0 "--pairs" -- "$M" -v "$WORK/v.bin" -o "$WORK/pairs.svg" --pairs "$WORK/pairs.txt" \
  --coordinates "$WORK/pairs.tsv" --title 'Pairs & <arrows>' caf$'\xc3\xa9' nowhere
expect_err "w2v-map: 3 words are not in the vectors and not drawn: nowhere, berlin, germany" \
  "unknown words listed on stderr"
"$PY" - "$WORK" <<'EOF' && pass || fail "the SVG: XML, arrows, one scale, labels apart"
import sys, xml.etree.ElementTree as ET
w = sys.argv[1]
ns = {"s": "http://www.w3.org/2000/svg"}
root = ET.parse(w + "/pairs.svg").getroot()
coords = {l.split("\t")[0]: tuple(map(float, l.split("\t")[1:])) for l in open(w + "/pairs.tsv", encoding="utf-8")}
circles = root.findall(".//s:g[@class='points']/s:circle", ns)
words = [c.find("s:title", ns).text for c in circles]
assert words == ["caf\u00e9", "Paris", "France", "rome", "italy", "w1", "w2", "w3", "a<b&c"], words
assert len(root.findall(".//s:g[@class='arrows']/s:line", ns)) == 4
# One scale for both axes: cx = a + s x, cy = b - s y.
cx = [(float(c.get("cx")), float(c.get("cy"))) for c in circles]
xy = [coords[t] for t in words]
i, j = max(((i, j) for i in range(len(xy)) for j in range(len(xy))),
           key=lambda p: abs(xy[p[0]][0] - xy[p[1]][0]))
s = (cx[i][0] - cx[j][0]) / (xy[i][0] - xy[j][0])
for (px, py), (x, y) in zip(cx, xy):
    assert abs(px - (cx[i][0] + s * (x - xy[i][0]))) < 0.11, "x scale"
    assert abs(py - (cx[i][1] - s * (y - xy[i][1]))) < 0.11, "y scale"
# Label boxes (docs: 0.6 * font size a character + 2 wide, from 0.8 above to 0.25 below the
# baseline) overlap neither each other nor any dot.
labels = root.find(".//s:g[@class='labels']", ns)
f = float(labels.get("font-size"))
boxes = []
for t in labels.findall("s:text", ns):
    width = 0.6 * f * len(t.text) + 2
    x, y, anchor = float(t.get("x")), float(t.get("y")), t.get("text-anchor")
    x0 = x if anchor == "start" else x - width if anchor == "end" else x - width / 2
    boxes.append((x0, y - 0.8 * f, x0 + width, y + 0.25 * f))
dots = [(px - 4, py - 4, px + 4, py + 4) for px, py in cx]
hit = lambda a, b: a[0] < b[2] - 0.1 and b[0] < a[2] - 0.1 and a[1] < b[3] - 0.1 and b[1] < a[3] - 0.1
assert not any(hit(a, b) for k, a in enumerate(boxes) for b in boxes[k + 1:]), "labels overlap"
assert not any(hit(a, d) for a in boxes for d in dots), "a label covers a dot"
assert root.find(".//s:text", ns).text == "Pairs & <arrows>"
EOF
rsvg-convert "$WORK/pairs.svg" -o "$WORK/pairs.png" && pass || fail "rsvg-convert renders the SVG"
[ "$(head -c 4 "$WORK/pairs.png" | od -An -c | tr -d ' ')" = "211PNG" ] && pass || fail "a PNG comes out"

# --ignore-case finds "Paris" as "paris" (the first row of each folded word).
expect_exit 0 "--ignore-case" -- "$M" -v "$WORK/v.bin" -o "$WORK/ic.svg" --ignore-case paris FRANCE rome
grep -q "<title>Paris</title>" "$WORK/ic.svg" && pass || fail "--ignore-case labels with the file's word"
expect_exit 1 "case matters without --ignore-case" -- "$M" -v "$WORK/v.bin" -o "$WORK/ic2.svg" paris FRANCE rome
expect_err "try --ignore-case" "the hint"; expect_no_file "$WORK/ic2.svg" "too few words"

# Bad input.
OUT=$WORK/never.svg
expect_exit 2 "no words" -- "$M" -v "$WORK/v.bin" -o "$OUT"
expect_err "no words to draw" "no words"
expect_exit 1 "one known word" -- "$M" -v "$WORK/v.bin" -o "$OUT" w1 nowhere
expect_err "a map needs at least 2" "one known word"; expect_no_file "$OUT" "one known word"
printf 'a b c\n' >"$WORK/bad.txt"
expect_exit 1 "a pairs line of three words" -- "$M" -v "$WORK/v.bin" -o "$OUT" --pairs "$WORK/bad.txt"
expect_err "bad.txt: line 1: expected two words" "bad pairs line"; expect_one_line "bad pairs line"
expect_exit 1 "missing vectors" -- "$M" -v "$WORK/nope.bin" -o "$OUT" w1 w2
expect_err "nope.bin" "missing vectors named"
expect_exit 1 "full disk" -- "$M" -v "$WORK/v.bin" -o /dev/full w1 w2
expect_err "No space left" "full disk"
expect_exit 2 "--width 10" -- "$M" -v "$WORK/v.bin" -o "$OUT" --width 10 w1 w2
expect_no_file "$OUT" "bad input"

finish
