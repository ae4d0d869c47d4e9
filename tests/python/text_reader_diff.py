#!/usr/bin/python3
"""Differential test of w2v's word2vec text reader against gensim 4.2 (tests/cli/text_reader.sh).

  text_reader_diff.py DUMP [--files N] [--seed S] [--dir DIR] [--keep] [--verbose]

Generates N word2vec files (seeded): valid small text files (words in ASCII, UTF-8 and invalid
UTF-8, dimensions 1..8, floats printed in many styles) and some binary ones, then damages most of
them with structural mutations (a field dropped, doubled or inserted, a doubled separator, a tab,
signs, nan/inf/1e39/0x1p3/1_0/empty fields, the header's V or D changed or a third field, lines
joined, split or blank, CRLF, trailing blanks, extra rows, a cut, a repeated word, a leading
space, NUL and control bytes, very long fields ...). DUMP (tests/tools/read_vectors_dump.cpp)
reads every file with w2v's --format text and --format auto in one process; gensim's
KeyedVectors.load_word2vec_format reads each with unicode_errors='surrogateescape' (so words are
bytes, as w2v reads them).

For --format text, gensim binary=False is the reference: both must accept or both refuse; where
both accept, the same words (bytes) and bit-identical float32 vectors. The one exception is a
file gensim accepts that breaks one of w2v's documented departures (docs/formats.md); each is
recognised here by its own check of the rule, and w2v's error must name a line on which a
departure is found. For --format auto, this script decides text or binary by its own copy of the
documented rule, checks that w2v decided the same, and holds the result to gensim with that
binary flag (binary departures likewise). Prints the counts; exits 1 on any disagreement.
"""
import argparse
import logging
import math
import multiprocessing
import os
import random
import re
import struct
import subprocess
import sys
import tempfile
import time
import warnings
from decimal import Decimal, getcontext

import numpy as np

getcontext().prec = 80
WS = b" \t\n\r\x0b\x0c"               # ASCII whitespace (bytes.strip(), w2v's is_ascii_space)
ROW_BLANKS = b"\t\r\x0b\x0c"          # whitespace that may not sit inside a word or a field
MAX_WORD = 4096
MAX_NUMBER = 64
MAX_DIM = 1 << 16
LINE_SLACK = 64
MAX_HEADER = 256
SNIFF = 1 << 16
DECIMAL = re.compile(rb"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)([eE][+-]?[0-9]+)?")
HEADER = re.compile(rb"[ \t]*([0-9]+)[ \t]+([0-9]+)[ \t\r\x0b\x0c]*")


# ---------------------------------------------------------------------------------------------
# w2v's documented rules, written again here from docs/formats.md.

def max_line(dim):
    return MAX_WORD + dim * (1 + MAX_NUMBER) + LINE_SLACK


def to_f32(field):
    """gensim's value of a field: Python float(), then numpy float32 (None if float() fails)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return np.float32(field.decode("utf-8", "surrogateescape"))
    except (ValueError, OverflowError):
        return None


def w2v_header(data):
    """(V, D, header bytes) as w2v reads line 1, or None; impossible values are still returned."""
    nl = data.find(b"\n", 0, MAX_HEADER)
    if nl < 0 and len(data) >= MAX_HEADER:
        return None
    line = data if nl < 0 else data[:nl]
    m = HEADER.fullmatch(line)
    if not m or max(int(m.group(1)), int(m.group(2))) >= 1 << 64:
        return None
    return int(m.group(1)), int(m.group(2)), len(line) + (0 if nl < 0 else 1)


def valid_number(field):
    if len(field) > MAX_NUMBER or not DECIMAL.fullmatch(field):
        return False
    return bool(np.isfinite(to_f32(field)))


def valid_text_row(line, dim):
    """True if w2v reads line (no '\\n') as a row of exactly dim numbers."""
    if len(line) > max_line(dim):
        return False
    parts = line.rstrip(WS).split(b" ")
    word = parts[0]
    if not word or len(word) > MAX_WORD or any(c in ROW_BLANKS for c in word):
        return False
    return len(parts) - 1 == dim and all(valid_number(f) for f in parts[1:])


def scan_binary(body, n_rows, dim, complete):
    """(the bytes read as binary rows, some float byte is raw): w2v's scan_word2vec_binary."""
    raw = False
    pos = 0
    for _ in range(n_rows):
        while pos < len(body) and body[pos] == 0x0A:
            pos += 1
        window = body[pos:pos + MAX_WORD + 1]
        sp = window.find(b" ")
        if sp < 0:
            return (not complete and len(window) <= MAX_WORD), raw
        if sp == 0:
            return False, raw
        pos += sp + 1
        if len(body) - pos < 4 * dim:
            return (not complete), raw
        floats = body[pos:pos + 4 * dim]
        raw = raw or any(not is_text_byte(c) for c in floats)
        if not all(np.isfinite(struct.unpack("<%df" % dim, floats))):
            return False, raw
        pos += 4 * dim
    return all(c == 0x0A for c in body[pos:]), raw


def is_text_byte(c):
    return 0x20 <= c <= 0x7E or c in WS


def auto_format(data):
    """'text', 'binary' or 'error': docs/formats.md, "How auto decides"."""
    head = data[:SNIFF]
    complete = len(data) < SNIFF
    h = w2v_header(head)
    if h is None or h[0] == 0 or h[1] == 0 or h[1] > MAX_DIM:
        return "error"
    n_rows, dim, n_bytes = h
    body = head[n_bytes:]
    rows = body.lstrip(b"\n")
    nl = rows.find(b"\n")
    line = rows if nl < 0 else rows[:nl]
    if valid_text_row(line, dim):
        return "text"
    consistent, raw = scan_binary(body, n_rows, dim, complete)
    if consistent:
        return "binary" if raw else "text"
    sp = line.find(b" ")
    rest = line[sp:] if sp >= 0 else b""
    control = any((c < 0x20 and c not in WS) or c == 0x7F for c in rest)
    return "binary" if control else "text"


def header_departures(data):
    """Departures of line 1 for a file whose header gensim read as (V, D)."""
    h = w2v_header(data)
    if h is None:
        return [("header: not two plain integers", 1)]
    out = []
    if h[0] == 0:
        out.append(("header: 0 rows", 1))
    if h[1] == 0:
        out.append(("header: dimension 0", 1))
    if h[1] > MAX_DIM:
        out.append(("header: dimension > 65536", 1))
    return out


def text_departures(data):
    """The departures of a file gensim's text reader accepted: [(rule, line)]."""
    found = header_departures(data)
    nl = data.find(b"\n")
    vocab, dim = [int(x) for x in data[: len(data) if nl < 0 else nl].decode().split()]
    pos = len(data) if nl < 0 else nl + 1
    seen = set()
    for i in range(vocab):
        line_no = i + 2
        end = data.find(b"\n", pos)
        line = data[pos:] if end < 0 else data[pos:end]
        pos = len(data) if end < 0 else end + 1
        if len(line) > max_line(dim):
            found.append(("line longer than 4096 + 65 D + 64 bytes", line_no))
        parts = line.rstrip().split(b" ")
        word, fields = parts[0], parts[1:]
        if not word:
            found.append(("empty word (line starts with a space)", line_no))
        if any(c in ROW_BLANKS for c in word):
            found.append(("tab, CR, VT or FF in a word", line_no))
        if len(word) > MAX_WORD:
            found.append(("word longer than 4096 bytes", line_no))
        repeated = word in seen
        if repeated:
            found.append(("repeated word", line_no))
        seen.add(word)
        for f in fields:
            value = to_f32(f)
            if len(f) > MAX_NUMBER:
                found.append(("number longer than 64 characters", line_no))
            elif not DECIMAL.fullmatch(f):
                if b"_" in f:
                    found.append(("number with '_' (1_0)", line_no))
                elif f.decode("utf-8", "surrogateescape").strip() != f.decode("utf-8", "surrogateescape"):
                    found.append(("blank around a number (tab, CR, VT, FF, Unicode space)", line_no))
                elif not np.isfinite(value):
                    found.append(("nan or inf", line_no))
                else:
                    found.append(("other number syntax (non-ASCII digits)", line_no))
            elif not np.isfinite(value):
                found.append(("beyond float32 (1e39)", line_no))
        # gensim checks no count on a repeated word's row, and broadcasts a single number.
        if len(fields) == 1 and dim != 1 and not repeated:
            found.append(("one number for D (gensim broadcasts it)", line_no))
    rest = data[pos:]
    stripped = rest.lstrip(WS)
    if stripped:
        skipped = rest[: len(rest) - len(stripped)]
        found.append(("text after the header's V rows", vocab + 2 + skipped.count(b"\n")))
    return found


def binary_departures(data):
    """The departures of a file gensim's binary reader accepted: [(rule, line or None)]."""
    found = header_departures(data)
    nl = data.find(b"\n")
    vocab, dim = [int(x) for x in data[:nl].decode().split()]
    pos = nl + 1
    for _ in range(vocab):
        sp = data.find(b" ", pos)
        word = data[pos:sp].lstrip(b"\n")
        if not word:
            found.append(("binary: empty word", None))
        if len(word) > MAX_WORD:
            found.append(("binary: word longer than 4096 bytes", None))
        if not all(np.isfinite(struct.unpack("<%df" % dim, data[sp + 1:sp + 1 + 4 * dim]))):
            found.append(("binary: nan or inf", None))
        pos = sp + 1 + 4 * dim
    if data[pos:].strip(b"\n"):
        found.append(("binary: data after the header's V rows", None))
    return found


# ---------------------------------------------------------------------------------------------
# gensim, in worker processes.

def gensim_load(path, binary):
    """('ok', words as bytes, uint32 matrix) or ('err', 'Type: message')."""
    from gensim.models import KeyedVectors
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            kv = KeyedVectors.load_word2vec_format(path, binary=binary,
                                                   unicode_errors="surrogateescape")
    except Exception as e:  # gensim's verdict on a bad file is any exception
        return ("err", "%s: %s" % (type(e).__name__, str(e)[:100]))
    words = [None if w is None else w.encode("utf-8", "surrogateescape") for w in kv.index_to_key]
    return ("ok", words, np.ascontiguousarray(kv.vectors, dtype=np.float32).view(np.uint32).copy())


def gensim_job(path):
    logging.disable(logging.CRITICAL)
    with open(path, "rb") as f:
        data = f.read()
    fmt = auto_format(data)
    return path, fmt, gensim_load(path, False), (gensim_load(path, True) if fmt == "binary" else None)


# ---------------------------------------------------------------------------------------------
# The generator.

ASCII_WORDS = [b"the", b"of", b"king", b"queen", b"a", b"</s>", b"x1", b"'s", b"-", b"...",
               b"New_York", b"e", b"nan", b"1", b"+", b"inf"]
UTF8_WORDS = ["caf\u00e9", "\u65e5\u672c", "na\u00efve", "\U0001F600", "\u00a0x", "stra\u00dfe",
              "\u0416", "\u2028"]
RAW_WORDS = [b"\xff", b"x\xc3", b"\xed\xa0\x80", b"\x80abc", b"\xf4\x90\x80\x80", b"\x01\x1b[2J",
             b"a\x00b", b"\x7f", b"\x1c"]
SPECIAL = [b"nan", b"-inf", b"Infinity", b"NaN", b"+inf", b"1e39", b"-1e39", b"3.4028236e38",
           b"3.4028235e38", b"3.4028235677973366e38", b"1e-50", b"-1e-400", b"0x1p3", b"0x10",
           b"1_0", b"1__0", b"", b"1e", b".", b"-", b"+", b"e5", b"1.5.2", "\u0661".encode(),
           "\uff11".encode(), b"1\xc2\xa0", b"\xc2\xa01", b"1d5", b"0", b"-0", b"00", b"1.", b".5",
           b"+.5", b"1e+5", b"1E-05", b"nan(1)", b"1e0_1", b"1\t", b"\t1", b"1\r", b"1\x0b",
           b"1\x0c", b"\x001", b"1\x00", b"1\x1c", b"--1", b"+-1", b"-+1", b"++1", b"1e--5",
           b"1e5.5", b"0.0000000000000000000000000000000000000000000001", b"1" * 39, b"9" * 40]


def random_word(rnd):
    k = rnd.random()
    if k < 0.55:
        return rnd.choice(ASCII_WORDS) + (b"" if rnd.random() < 0.5 else str(rnd.randrange(1000)).encode())
    if k < 0.8:
        return rnd.choice(UTF8_WORDS).encode() + (b"" if rnd.random() < 0.5 else b"s")
    if k < 0.95:
        return rnd.choice(RAW_WORDS) + str(rnd.randrange(100)).encode()
    return bytes(rnd.choice(b"abcdefghijklmnopqrstuvwxyz") for _ in range(rnd.randint(1, 12)))


def random_f32(rnd):
    k = rnd.random()
    if k < 0.5:
        v = rnd.uniform(-1, 1)
    elif k < 0.6:
        v = rnd.choice([0.0, -0.0, 1.0, -1.0, 2.0, 0.5])
    elif k < 0.7:
        v = rnd.uniform(-1, 1) * 10 ** rnd.randint(-45, -30)
    elif k < 0.8:
        v = rnd.uniform(-1, 1) * 10 ** rnd.randint(20, 38)
    elif k < 0.9:
        v = float(rnd.randint(-1000, 1000))
    else:
        bits = rnd.getrandbits(32)
        v = float(np.array([bits], dtype=np.uint32).view(np.float32)[0])
        if not math.isfinite(v):
            v = 1.5
    return np.float32(v)


def near_midpoint(rnd):
    """A decimal within a hair of the midpoint of two adjacent floats in [0.5, 2): where rounding
    through a double and rounding directly to float32 can differ."""
    k = rnd.randrange(1 << 23)
    scale = rnd.choice([-24, -23])  # floats in [1, 2) or [0.5, 1)
    mid = Decimal(2 * ((1 << 23) + k) + 1) * Decimal(2) ** (scale - 1)
    mid += Decimal(rnd.choice([-1, 1])) * Decimal(10) ** -rnd.randint(18, 40)
    return format(mid, "f")[:60].encode()


def format_f32(rnd, v):
    d = float(v)
    style = rnd.randrange(14)
    if style == 0:
        s = np.format_float_positional(v, unique=True, trim="-")
    elif style == 1:
        s = str(v)                                       # numpy's shortest repr (gensim's writer)
    elif style == 2:
        s = "%f" % d                                     # word2vec.c
    elif style == 3:
        s = "%.9g" % d
    elif style == 4:
        s = "%.17g" % d
    elif style == 5:
        s = "%e" % d
    elif style == 6:
        s = "%E" % d
    elif style == 7:
        s = "%.3e" % d
    elif style == 8:
        s = ("+" if d >= 0 and not str(d).startswith("-") else "") + "%g" % d
    elif style == 9:
        s = ("%.6f" % d).replace("0.", ".", 1) if abs(d) < 1 else "%.6f" % d   # ".5"
    elif style == 10:
        s = "%d." % int(d) if abs(d) < 1e15 else "%g" % d                     # "5."
    elif style == 11:
        s = "%.4e" % d
        s = s.replace("e+", "e+000").replace("e-", "e-000")                     # "1.5e+0003"
    elif style == 12:
        s = "000" + ("%.5f" % abs(d)) if d >= 0 else "%.5f" % d
    else:
        return near_midpoint(rnd)
    return s.encode()


class Text:
    """A word2vec text file as parts that the structural mutations edit."""

    def __init__(self, rnd, n_rows, dim):
        self.header = [str(n_rows).encode(), str(dim).encode()]
        self.header_seps = [b" "]
        self.header_end = rnd.choice([b"\n"] * 6 + [b" \n", b"\r\n", b"\t\n"])
        words = []
        while len(words) < n_rows:
            w = random_word(rnd)
            if w not in words:
                words.append(w)
        eol = rnd.choice([b"\n"] * 4 + [b" \n", b"\r\n"])
        self.rows = []
        for w in words:
            fields = [format_f32(rnd, random_f32(rnd)) for _ in range(dim)]
            self.rows.append({"word": w, "fields": fields, "seps": [b" "] * dim, "eol": eol})
        if rnd.random() < 0.2:
            self.rows[-1]["eol"] = b""  # no newline at the end of the file
        self.tail = b""

    def bytes(self):
        out = [self.header[0]]
        for sep, h in zip(self.header_seps + [b" "] * 5, self.header[1:]):
            out += [sep, h]
        out.append(self.header_end)
        for r in self.rows:
            out.append(r.get("lead", b"") + r["word"])
            for sep, f in zip(r["seps"], r["fields"]):
                out += [sep, f]
            out.append(r["eol"])
        out.append(self.tail)
        return b"".join(out)


def some_row(rnd, t):
    return rnd.choice(t.rows) if t.rows else None


def mutate_text(rnd, t):
    """One structural mutation of t; returns its name."""
    r = some_row(rnd, t)
    k = rnd.randrange(30)
    if r is None:
        k = 9
    if k == 0 and r["fields"]:
        i = rnd.randrange(len(r["fields"]))
        del r["fields"][i], r["seps"][i]
        return "drop a field"
    if k == 1 and r["fields"]:
        i = rnd.randrange(len(r["fields"]))
        r["fields"].insert(i, r["fields"][i])
        r["seps"].insert(i, b" ")
        return "repeat a field"
    if k == 2:
        i = rnd.randrange(len(r["fields"]) + 1)
        r["fields"].insert(i, rnd.choice(SPECIAL + [format_f32(rnd, random_f32(rnd))]))
        r["seps"].insert(i, b" ")
        return "insert a field"
    if k == 3 and r["seps"]:
        r["seps"][rnd.randrange(len(r["seps"]))] = rnd.choice([b"  ", b"   "])
        return "double a separator"
    if k == 4 and r["seps"]:
        r["seps"][rnd.randrange(len(r["seps"]))] = rnd.choice([b"\t", b" \t", b"\t ", b"\t\t"])
        return "tab as a separator"
    if k == 5 and r["fields"]:
        i = rnd.randrange(len(r["fields"]))
        r["fields"][i] = rnd.choice([b"+", b"-", b"+-", b"-+", b"++", b"--"]) + r["fields"][i]
        return "add a sign"
    if k == 6 and r["fields"]:
        r["fields"][rnd.randrange(len(r["fields"]))] = rnd.choice(SPECIAL)
        return "special value"
    if k == 7:
        i = rnd.randrange(2)
        choice = rnd.randrange(8)
        v = int(t.header[i]) if t.header[i].isdigit() else 1
        t.header[i] = [str(v + 1), str(max(v - 1, 0)), "0", str(10 ** 6) if i == 0 else "70000",
                       "1", "+%d" % v, "0%d" % v, "1_0"][choice].encode()
        return "change the header's %s" % ("V" if i == 0 else "D")
    if k == 8:
        t.header.append(rnd.choice([b"1", b"0", b"x"]))
        return "third header field"
    if k == 9:
        t.header_seps = [rnd.choice([b"\t", b"  ", b"\x0b", b"\r", b" \x1c ", "\u00a0".encode()])]
        t.header_end = rnd.choice([b"\n", b"\r\r\n", b" \x0c\n", b"", b"\n\n"])
        return "header blanks"
    if k == 10 and len(t.rows) > 1:
        i = rnd.randrange(len(t.rows) - 1)
        t.rows[i]["eol"] = rnd.choice([b"", b" ", b"\r"])
        return "join two lines"
    if k == 11 and r["fields"]:
        i = rnd.randrange(len(r["fields"]))
        r["seps"][i] = rnd.choice([b"\n", b" \n", b"\r\n"])
        return "split a row"
    if k == 12:
        for row in t.rows:
            row["eol"] = b"\r\n" if row["eol"] else b""
        t.header_end = b"\r\n"
        return "CRLF"
    if k == 13:
        r["eol"] = rnd.choice([b" ", b"  ", b"\t", b" \t\r", b"\x0b\x0c", b" " * rnd.randint(60, 300)]) + (r["eol"] or b"\n")
        return "trailing blanks"
    if k == 14:
        r["eol"] = (r["eol"] or b"\n") + rnd.choice([b"\n", b" \n", b"\r\n", b"\t\n"])
        return "blank line after a row"
    if k == 15:
        t.tail += rnd.choice([b"\n", b"\n\n", b" \n", b"\r\n", b"\t", b"\x0b"])
        return "blank lines at the end"
    if k == 16:
        if t.rows and not t.rows[-1]["eol"]:
            t.rows[-1]["eol"] = b"\n"
        w = random_word(rnd)
        t.rows.append({"word": w, "fields": [format_f32(rnd, random_f32(rnd)) for _ in range(len(r["fields"]))],
                       "seps": [b" "] * len(r["fields"]), "eol": b"\n"})
        return "extra row after V"
    if k == 17:
        t.tail += rnd.choice([b"garbage\n", b"\x00", b"x", b"  y 1 2\n", b"#end"])
        return "text after the rows"
    if k == 18 and len(t.rows) > 1:
        r["word"] = rnd.choice([x for x in t.rows if x is not r])["word"]
        return "repeat a word"
    if k == 19:
        t.rows.insert(rnd.randrange(len(t.rows) + 1), dict(r, fields=list(r["fields"]), seps=list(r["seps"]),
                                                          eol=r["eol"] or b"\n"))
        t.header[0] = str(len(t.rows)).encode() if rnd.random() < 0.5 else t.header[0]
        return "repeat a row"
    if k == 20:
        r["lead"] = rnd.choice([b" ", b"\t", b"  ", b"\r"])
        return "leading blank"
    if k == 21:
        c = rnd.choice([b"\x00", b"\x01", b"\x1b", b"\x7f", b"\x1c", b"\x85", b"\xa0"])
        if rnd.random() < 0.5:
            w = r["word"]
            i = rnd.randrange(len(w) + 1)
            r["word"] = w[:i] + c + w[i:]
        elif r["fields"]:
            i = rnd.randrange(len(r["fields"]))
            f = r["fields"][i]
            j = rnd.randrange(len(f) + 1)
            r["fields"][i] = f[:j] + c + f[j:]
        return "control byte"
    if k == 22 and r["fields"]:
        n = rnd.randint(50, 300)
        r["fields"][rnd.randrange(len(r["fields"]))] = rnd.choice(
            [b"1" + b"0" * n, b"0." + b"0" * n + b"1", b"1." + b"5" * n, b"-" + b"9" * n + b"e-" + str(n).encode()])
        return "very long number"
    if k == 23:
        r["word"] = b"w" * rnd.choice([4095, 4096, 4097, 5000])
        return "very long word"
    if k == 24 and len(r["fields"]) > 1:
        r["fields"] = r["fields"][:1]
        r["seps"] = r["seps"][:1]
        return "one number (broadcast)"
    if k == 25:
        r["fields"], r["seps"] = [], []
        return "word only"
    if k == 26 and r["word"]:
        w = r["word"]
        i = rnd.randrange(1, len(w) + 1)
        r["word"] = w[:i] + rnd.choice([b"\t", b"\r", b"\x0b", b"\x0c", b"\t0.5"]) + w[i:]
        return "blank inside a word"
    if k == 27:
        t.header_end = b"\n" + rnd.choice([b"", b"\n", b" \n"])
        return "blank line after the header"
    if k == 28 and len(t.rows) > 1:
        del t.rows[rnd.randrange(len(t.rows))]
        return "drop a row"
    if k == 29:
        r["word"] = b""
        return "empty word"
    return "no-op"


def mutate_bytes(rnd, data):
    k = rnd.randrange(5)
    if k == 0 and len(data) > 2:
        return data[: rnd.randrange(1, len(data))], "cut short"
    if k == 1 and data:
        i = rnd.randrange(len(data))
        return data[:i] + bytes([data[i] ^ (1 << rnd.randrange(8))]) + data[i + 1:], "flip a bit"
    if k == 2:
        i = rnd.randrange(len(data) + 1)
        return data[:i] + rnd.choice([b"\x00", b"\n", b" ", b"\r", b"\t", b"\xff"]) + data[i:], "insert a byte"
    if k == 3 and data:
        i = rnd.randrange(len(data))
        return data[:i] + data[i + 1:], "delete a byte"
    return b"\xef\xbb\xbf" + data, "byte order mark"


def make_binary(rnd):
    n_rows, dim = rnd.randint(1, 4), rnd.randint(1, 8)
    words = []
    while len(words) < n_rows:
        w = random_word(rnd)
        if w not in words and b" " not in w:
            words.append(w)
    gensim_layout = rnd.random() < 0.4
    out = b"%d %d\n" % (n_rows, dim)
    for w in words:
        if rnd.random() < 0.3:   # floats whose bytes are printable: the small-D case of auto
            floats = bytes(rnd.randrange(0x21, 0x7F) for _ in range(4 * dim))
        else:
            floats = struct.pack("<%df" % dim, *[random_f32(rnd) for _ in range(dim)])
        out += w + b" " + floats + (b"" if gensim_layout else b"\n")
    return out


def generate(rnd):
    """(bytes, description) of one file."""
    if rnd.random() < 0.08:
        data = make_binary(rnd)
        steps = ["binary"]
        for _ in range(rnd.choice([0, 1, 1, 2])):
            data, step = mutate_bytes(rnd, data)
            steps.append(step)
        return data, steps
    t = Text(rnd, rnd.randint(1, 5), rnd.randint(1, 8))
    steps = []
    for _ in range(rnd.choice([0, 0, 1, 1, 1, 2, 2, 3])):
        steps.append(mutate_text(rnd, t))
    data = t.bytes()
    if rnd.random() < 0.1:
        data, step = mutate_bytes(rnd, data)
        steps.append(step)
    return data, steps or ["valid"]


# ---------------------------------------------------------------------------------------------
# Comparison.

def parse_dump(out):
    """{(format, path): ('ok', words, uint32 matrix) or ('err', message)}, {path: detected}."""
    results, detected = {}, {}
    lines = out.split(b"\n")
    i = 0
    while i < len(lines) and lines[i]:
        _, fmt, rest = lines[i].split(b" ", 2)
        fmt = fmt.decode()
        if fmt == "auto":
            path, det = rest.rsplit(b" ", 1)
            detected[path.decode()] = det.decode()
        else:
            path = rest
        path = path.decode()
        status = lines[i + 1]
        i += 2
        if status.startswith(b"ERR "):
            results[(fmt, path)] = ("err", status[4:].decode("utf-8", "replace"))
            continue
        _, n, d = status.split()
        n, d = int(n), int(d)
        words, rows = [], []
        for line in lines[i:i + n]:
            parts = line.split(b" ")
            words.append(bytes.fromhex(parts[0].decode()))
            rows.append([int(x, 16) for x in parts[1:]])
        i += n
        results[(fmt, path)] = ("ok", words, np.array(rows, dtype=np.uint32).reshape(n, d))
    return results, detected


def same(w2v, gensim):
    """'' if both accepted the same words and bit-identical vectors, else what differs."""
    _, w_words, w_vec = w2v
    _, g_words, g_vec = gensim
    if w_words != g_words:
        return "words differ: w2v %r, gensim %r" % (w_words[:4], g_words[:4])
    if w_vec.shape != g_vec.shape:
        return "shapes differ: w2v %s, gensim %s" % (w_vec.shape, g_vec.shape)
    if not np.array_equal(w_vec, g_vec):
        i, j = np.argwhere(w_vec != g_vec)[0]
        return "row %d value %d: w2v %08x, gensim %08x" % (i + 1, j + 1, w_vec[i, j], g_vec[i, j])
    return ""


def judge(w2v, gensim, departures, binary=False):
    """(category, failure or '') for one file and format."""
    if binary and gensim[0] == "ok" and w2v[0] == "ok" and len(set(w2v[1])) < len(w2v[1]):
        # w2v's binary reader (unchanged) keeps every row of a repeated word; gensim keeps the
        # first and leaves a row with the key None. Compared: the first rows of each word.
        first = {}
        for i, w in enumerate(w2v[1]):
            first.setdefault(w, i)
        keep = sorted(first.values())
        w2v = ("ok", [w2v[1][i] for i in keep], w2v[2][keep])
        n = len(keep)
        gensim = ("ok", gensim[1][:n], gensim[2][:n])
        diff = "" if not departures else "departures %s" % departures
        diff = diff or same(w2v, gensim)
        return "repeated word, kept by the binary reader", diff
    if gensim[0] == "ok" and None in gensim[1]:
        # gensim 4.2 keeps the first of a repeated word and leaves a row with the key None.
        departures = departures or [("repeated word", None)]
    if gensim[0] == "err":
        if w2v[0] == "err":
            return "both refuse", ""
        return "w2v accepts, gensim refuses", "w2v accepted what gensim refuses (%s)" % gensim[1]
    if w2v[0] == "ok":
        if departures:
            return "both accept", "w2v accepted a file with a departure: %s" % departures
        diff = same(w2v, gensim)
        return "both accept", ("vectors differ: " + diff) if diff else ""
    if not departures:
        return "departure?", "w2v refused (%s) what gensim accepts, and no departure applies" % w2v[1]
    m = re.search(r": line (\d+): ", w2v[1])
    lines = {line for _, line in departures}
    if m and None not in lines and int(m.group(1)) not in lines:
        return "departure?", "w2v refused at line %s (%s); the departures are at lines %s" % (
            m.group(1), w2v[1], sorted(lines))
    return "departure: " + departures[0][0], ""


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("dump")
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--dir", help="write the files here (default: a new temporary directory)")
    ap.add_argument("--keep", action="store_true", help="keep the files")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    start = time.time()
    rnd = random.Random(args.seed)
    workdir = args.dir or tempfile.mkdtemp(prefix="w2v-text-diff-")
    os.makedirs(workdir, exist_ok=True)
    files, how = [], {}
    for i in range(args.files):
        data, steps = generate(rnd)
        path = os.path.join(workdir, "f%05d.vec" % i)
        with open(path, "wb") as f:
            f.write(data)
        files.append(path)
        how[path] = steps
    # w2v first (one process, about a second), then gensim in two worker processes ("spawn": a
    # fork after numpy has started its threads can hang).
    dump = subprocess.run([args.dump], input=("\n".join(files) + "\n").encode(),
                          stdout=subprocess.PIPE, check=False)
    if dump.returncode != 0:
        print("FAIL: %s exited with %d" % (args.dump, dump.returncode))
        return 1
    w2v_seconds = time.time() - start
    with multiprocessing.get_context("spawn").Pool(2) as pool:
        ref = list(pool.imap(gensim_job, files, chunksize=200))
    out = dump.stdout
    results, detected = parse_dump(out)
    counts = {}
    failures = []
    n_text_as_binary = 0
    for path, fmt, g_text, g_binary in ref:
        n_text_as_binary += fmt == "binary" and how[path][0] != "binary"
        with open(path, "rb") as f:
            data = f.read()
        text_deps = text_departures(data) if g_text[0] == "ok" else []
        cases = [("text", g_text, text_deps)]
        if detected.get(path) != fmt:
            failures.append((path, "auto", "w2v detected %s, the rule says %s" % (detected.get(path), fmt)))
        if fmt == "binary":
            cases.append(("auto", g_binary, binary_departures(data) if g_binary[0] == "ok" else []))
        elif fmt == "text":
            cases.append(("auto", g_text, text_deps))
        else:
            w = results[("auto", path)]
            key = "auto: line 1 is not a header"
            counts[key] = counts.get(key, 0) + 1
            if w[0] != "err" or results[("text", path)][0] != "err":
                failures.append((path, "auto", "w2v accepted a file without a valid header"))
        for mode, g, deps in cases:
            category, failure = judge(results[(mode, path)], g, deps, mode == "auto" and fmt == "binary")
            key = ("%s (read as binary)" % category) if (mode == "auto" and fmt == "binary") else category
            key = "%s: %s" % (mode, key)
            counts[key] = counts.get(key, 0) + 1
            if failure:
                failures.append((path, mode, failure))
    for path, mode, failure in failures[:20]:
        print("FAIL %s (%s) [%s]: %s" % (os.path.basename(path), mode, ", ".join(how[path]), failure))
        if args.verbose:
            with open(path, "rb") as f:
                print("    %r" % f.read()[:300])
    print("%d files (seed %d), %.1f s (generating and w2v: %.1f s)" % (
        len(files), args.seed, time.time() - start, w2v_seconds))
    for key in sorted(counts):
        print("  %6d  %s" % (counts[key], key))
    print("  (auto read %d of the files made as text as binary, by the rule)" % n_text_as_binary)
    if not args.keep:
        for path in files:
            os.remove(path)
        if not args.dir:
            os.rmdir(workdir)
    if failures:
        print("FAIL: %d disagreements" % len(failures))
        return 1
    print("OK: w2v and gensim agree on every file, departures apart")
    return 0


if __name__ == "__main__":
    sys.exit(main())
