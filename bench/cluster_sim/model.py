#!/usr/bin/env python3
"""Tables and the cluster model of bench/cluster_sim.sh.

  model.py sizes V DIM SYNC_ROWS       the byte sizes for allreduce_bench: 8 (the word counter),
                                       then one matrix's share of every distinct sync (hot prefixes
                                       SYNC_ROWS << l below V, and all V rows)
  model.py report RESULTS.jsonl        the measured tables, the fitted constants and the model

What a sync sums (src/train/model_sync.cpp, ModelSync::sync): one MPI_Allreduce of 4 bytes (the
requests, MPI_BOR), one of 8 (the global word count), then for the input matrix and the output
matrix (negative sampling, untied) one MPI_Allreduce of rows x stride floats each: the update
since the last sync, computed in place (model -= base), so one buffer per matrix, not two.
stride = dim rounded up to 16 floats. Sync j (1-based) sums min(V, sync_rows << ctz(j)) rows; the
last sync of an epoch (the final one at the end of the run) sums all V rows. A process's
sync_bytes = 8 + sum over syncs of (8 + 2 x rows x stride x 4).
"""
import json
import math
import sys

ROW_FLOATS = 16  # kRowFloats, src/train/kernels.h
MATRICES = 2     # input and output rows (sg, negative sampling, untied embeddings)


def stride_of(dim):
    return (dim + ROW_FLOATS - 1) // ROW_FLOATS * ROW_FLOATS


def ctz(j):
    return (j & -j).bit_length() - 1


def hot_levels(vocab, sync_rows):
    """Distinct row counts of syncs: sync_rows << l while below vocab, then vocab."""
    rows, level = [], 0
    while (sync_rows << level) < vocab:
        rows.append(sync_rows << level)
        level += 1
    rows.append(vocab)
    return rows


def sync_rows_sequence(syncs_per_epoch, epochs, vocab, sync_rows):
    """Rows of every sync of a run, in order: K - 1 ruler syncs then a full one, per epoch."""
    out = []
    for _ in range(epochs):
        out += [min(vocab, sync_rows << ctz(j)) for j in range(1, syncs_per_epoch)]
        out.append(vocab)
    return out


def load(path):
    with open(path) as f:
        return [json.loads(line) for line in f if line.strip()]


def done_event(log):
    for rec in reversed(load(log)):
        if rec.get("event") == "done":
            return rec
    raise SystemExit(f"model.py: no done event in {log}")


def human(x):
    for unit, scale in (("G", 1e9), ("M", 1e6), ("k", 1e3)):
        if abs(x) >= scale:
            return f"{x / scale:.2f}{unit}"
    return f"{x:.0f}"


def table(title, header, rows):
    widths = [max(len(str(h)), *(len(str(r[i])) for r in rows)) for i, h in enumerate(header)]
    print(f"\n## {title}")
    print("  ".join(str(h).rjust(w) for h, w in zip(header, widths)))
    for r in rows:
        print("  ".join(str(c).rjust(w) for c, w in zip(r, widths)))


class Link:
    """Cost constants of one link speed, measured on the 4 simulated nodes (allreduce_bench).

    lat:   seconds per message step, from the 8-byte allreduce (recursive doubling: log2(4) = 2
           steps): t8 / 2.
    bw:    effective bytes/s per byte on the wire, from the float allreduces: t(n) = 2(P-1) lat +
           2(P-1)/P n / bw (ring), least squares with the intercept fixed (so the large, bandwidth-
           bound sizes weigh most; tbf's 256 KB bucket lets the small ones through faster).
    local: seconds per summed byte of the local work around the allreduce (model -= base, ...).
    """

    def __init__(self, name, micro, procs):
        self.name = name
        by_size = {m["bytes"]: m for m in micro if "bytes" in m}
        small = by_size.pop(8)
        self.t8 = small["allreduce_median_s"]
        self.lat = self.t8 / math.log2(procs)
        steps, wire = 2 * (procs - 1), 2 * (procs - 1) / procs
        intercept = steps * self.lat
        # Minimise sum((a + b n - t)^2) over b: b = sum(n (t - a)) / sum(n^2).
        num = sum(n * (m["allreduce_median_s"] - intercept) for n, m in by_size.items())
        den = sum(n * n for n in by_size)
        slope = num / den  # seconds per summed byte
        self.bw = wire / slope
        self.local = (sum(m["local_median_s"] for m in by_size.values())
                      / sum(by_size.keys()))
        self.fit = {n: intercept + slope * n for n in by_size}
        self.sizes = by_size

    def allreduce_measured(self, nbytes):
        if nbytes == 8 or nbytes == 4:
            return self.t8
        return self.sizes[nbytes]["allreduce_median_s"] + self.sizes[nbytes]["local_median_s"]


def steps(procs, algorithm):
    """Message steps of one allreduce: ring 2(P-1); rabenseifner (recursive halving, then
    doubling) 2 log2 P; both move 2(P-1)/P of the bytes through each node's link."""
    return 2 * (procs - 1) if algorithm == "ring" else 2 * math.ceil(math.log2(procs))


def sync_cost(rows, stride, procs, lat, bw, local, added, algorithm="ring"):
    """Seconds of one sync of `rows` rows on `procs` nodes; (latency part, bandwidth part)."""
    n = rows * stride * 4
    small = 2 * math.ceil(math.log2(procs)) * (lat + added)  # requests and word count
    ring_lat = MATRICES * steps(procs, algorithm) * (lat + added)
    ring_bw = MATRICES * (2 * (procs - 1) / procs * n / bw + n * local)
    return small + ring_lat, ring_bw


def mean_sync_cost(period, epoch_words, vocab, sync_rows, stride, procs, lat, bw, local, added,
                   algorithm="ring"):
    """Mean (latency, bandwidth) seconds per sync: the ruler sequence's steady state (half the
    syncs sync_rows rows, a quarter twice as many, ..., all V rows from the first level at or
    above V on) plus one full sync per epoch, shared by its epoch_words / period syncs."""
    lat_part = bw_part = 0.0
    weight, level = 0.5, 0
    while (sync_rows << level) < vocab:
        a, b = sync_cost(sync_rows << level, stride, procs, lat, bw, local, added, algorithm)
        lat_part += weight * a
        bw_part += weight * b
        weight /= 2
        level += 1
    a, b = sync_cost(vocab, stride, procs, lat, bw, local, added, algorithm)
    full = 2 * weight + min(1.0, period / epoch_words)  # the rest of the ruler + the epoch's end
    return lat_part + full * a, bw_part + full * b


def smallest_period(share, epoch_words, node_rate, procs, cost):
    """Smallest sync period (words over all nodes) with communication <= share of the time."""
    def comm_share(period):
        c = sum(cost(period))
        return c / (c + period / procs / node_rate)
    lo, hi = 1, 1
    while comm_share(hi) > share:
        lo, hi = hi, hi * 2
        if hi > 1e13:
            return None
    while hi - lo > max(1, lo // 1000):
        mid = (lo + hi) // 2
        if comm_share(mid) > share:
            lo = mid
        else:
            hi = mid
    return hi


def sizes(argv):
    vocab, dim, sync_rows = (int(a) for a in argv)
    stride = stride_of(dim)
    print(" ".join(["8"] + [str(r * stride * 4) for r in hot_levels(vocab, sync_rows)]))


def report(argv):
    recs = load(argv[0])
    meta = next(r for r in recs if r["kind"] == "meta")
    procs, dim, sync_rows = meta["procs"], meta["dim"], meta["sync_rows"]
    tpn, epoch_words = meta["threads_per_node"], meta["model_epoch_words"]
    share = meta["comm_share"]
    stride = stride_of(dim)

    # --- single-process compute rate ---
    comp = [(r, done_event(r["log"])) for r in recs if r["kind"] == "compute"]
    one = [d["words_per_sec"] for r, d in comp if d["threads"] == 1]
    two = [d["words_per_sec"] for r, d in comp if d["threads"] == 2]
    r1 = max(one)
    vocab = comp[0][1]["vocab_size"]
    model_vocab = meta.get("model_vocab") or vocab
    print(f"# corpus {meta['corpus']}: {comp[0][1]['tokens']} tokens, "
          f"{comp[0][1]['corpus_words']} words in the vocabulary; V = {vocab} rows, dim {dim} "
          f"(stride {stride} floats), sync_rows {sync_rows}; {procs} simulated nodes x 1 rank x "
          f"{meta['threads']} thread")
    table("single process, 1 epoch (words/s; busy%: the box's CPU use by others over 2 s just "
          "before the run, 100 = both cores)",
          ["threads", "runs words/s", "best", "busy%"],
          [[1, " ".join(human(x) for x in one), human(r1),
            " ".join(str(r["busy"]) for r, d in comp if d["threads"] == 1)]]
          + ([[2, " ".join(human(x) for x in two), human(max(two)),
               " ".join(str(r["busy"]) for r, d in comp if d["threads"] == 2)]] if two else []))
    node_rate = tpn * r1
    print(f"model node rate: {tpn} threads x {human(r1)} = {human(node_rate)} words/s"
          + (f" (this box's 2-thread/1-thread ratio: {max(two) / r1:.2f})" if two else ""))

    # --- link checks and collective costs ---
    links, check_rows, micro_rows = {}, [], []
    for r in (x for x in recs if x["kind"] == "micro"):
        out = load(r["out"])
        stream = next(m for m in out if "stream_bytes" in m)
        micro = [m for m in out if "bytes" in m]
        link = Link(r["link"], micro, procs)
        link.stream_bps = stream["stream_bytes"] * 8 / stream["stream_s"]
        links[r["link"]] = link
        # Bytes each process put on its link (veth counters, switch side: pN rx = node N's tx),
        # against what the allreduces sum: ranks 1..3 (rank 0 also sent the stream).
        summed = sum((m["iters"] + 2) * m["bytes"] for m in micro)  # 2 warm-up iterations
        tx = [a - b for a, b in zip(r["tx_after"], r["tx_before"])]
        others = sum(tx[1:]) / (len(tx) - 1)
        check_rows.append([r["link"], f"{stream['stream_bytes'] * 8 / stream['stream_s'] / 1e9:.3f}",
                           f"{summed / 1e6:.1f}", f"{others / 1e6:.1f}", f"{others / summed:.3f}",
                           f"{link.bw * 8 / 1e9:.3f}", f"{link.lat * 1e6:.0f}",
                           f"{link.local * 1e9:.3f}"])
        for n, m in sorted(link.sizes.items()):
            micro_rows.append([r["link"], n // (stride * 4), n, m["iters"],
                               f"{m['allreduce_median_s'] * 1e3:.3f}",
                               f"{m['allreduce_min_s'] * 1e3:.3f}",
                               f"{link.fit[n] * 1e3:.3f}", f"{m['local_median_s'] * 1e3:.3f}"])
        micro_rows.append([r["link"], "-", 8, "", f"{link.t8 * 1e3:.3f}", "", "", ""])
    table("links: one-way stream rank 0 -> 1 (Gbit/s); allreduce bytes summed per process vs bytes "
          "each process sent on its veth (MB; ring expects 2(P-1)/P = "
          f"{2 * (procs - 1) / procs:.2f}, + headers); fitted constants",
          ["link", "stream_Gbps", "summed_MB", "wire_MB", "wire/summed", "bw_eff_Gbps",
           "lat_us", "local_ns/B"], check_rows)
    table("collective alone (allreduce_bench, barrier before each; ms, slowest process, median "
          "of iters): one matrix's share of each distinct sync, and the 8-byte counter sum",
          ["link", "rows", "bytes", "iters", "median", "min", "fit", "local"], micro_rows)

    # --- w2v-train on 4 nodes ---
    runs, bytes_ok = [], True
    for r in (x for x in recs if x["kind"] == "w2v"):
        d = done_event(r["log"])
        # words_trained: over all processes (corpus_words is rank 0's share); 1 epoch.
        k = math.ceil(d["words_trained"] / r["sync_words"])
        seq = sync_rows_sequence(k, 1, vocab, sync_rows)
        predicted_bytes = 8 + sum(8 + MATRICES * rows * stride * 4 for rows in seq)
        bytes_ok &= predicted_bytes == d["sync_bytes"] and len(seq) == d["syncs"]
        link = links.get(r["link"])
        coll = fitted = None
        if link is not None:
            coll = sum(2 * link.t8 + MATRICES * link.allreduce_measured(rows * stride * 4)
                       for rows in seq)
            fitted = sum(sum(sync_cost(rows, stride, procs, link.lat, link.bw, link.local, 0))
                         for rows in seq)
        tx = [a - b for a, b in zip(r["tx_after"], r["tx_before"])]
        runs.append((r, d, coll, fitted, tx))
    rows = []
    for r, d, coll, fitted, tx in runs:
        rows.append([r["link"], r["sync_words"], d["syncs"], f"{d['sync_seconds']:.3f}",
                     f"{d['sync_seconds'] / d['syncs'] * 1e3:.1f}",
                     f"{coll:.3f}" if coll is not None else "-",
                     f"{fitted:.3f}" if fitted is not None else "-",
                     f"{d['sync_seconds'] - coll:.3f}" if coll is not None else "-",
                     f"{d['sync_bytes'] / 1e6:.2f}", f"{sum(tx) / len(tx) / 1e6:.2f}",
                     " ".join(human(x) for x in d["process_words_per_sec"]),
                     human(d["words_per_sec"]), f"{d['train_seconds']:.2f}"])
    table(f"measured: mpirun -np {procs} w2v-train, one rank per simulated node, 1 epoch "
          "(sync_s: rank 0's time in syncs; coll_s: the same syncs' collectives and local work "
          "from the allreduce_bench table; model_s: the model below at P = 4, L = 0; "
          "wait_s = sync_s - coll_s: waiting for slower ranks on the shared cores; "
          "sync_MB: bytes this process summed; wire_MB: bytes each node sent, veth counters, "
          "whole run)",
          ["link", "sync_words", "syncs", "sync_s", "ms/sync", "coll_s", "model_s", "wait_s",
           "sync_MB", "wire_MB", "words/s per rank", "words/s", "train_s"], rows)
    print(f"sync_bytes = 8 + sum over syncs (8 + {MATRICES} x rows x {stride} x 4) with the ruler "
          f"sequence: {'exact for every run' if bytes_ok else 'MISMATCH'}")
    for name in links:
        mine = [d for r, d, coll, fitted, tx in runs if r["link"] == name]
        if len(mine) < 2:
            continue
        # sync_seconds = a * syncs + b * bytes, least squares: what the runs alone suggest.
        sxx = sum(d["syncs"] ** 2 for d in mine)
        sxy = sum(d["syncs"] * d["sync_bytes"] for d in mine)
        syy = sum(d["sync_bytes"] ** 2 for d in mine)
        tx_ = sum(d["syncs"] * d["sync_seconds"] for d in mine)
        ty_ = sum(d["sync_bytes"] * d["sync_seconds"] for d in mine)
        det = sxx * syy - sxy * sxy
        if det > 0:
            a = (tx_ * syy - ty_ * sxy) / det
            b = (sxx * ty_ - sxy * tx_) / det
            print(f"{name}: w2v-train sync_s = a x syncs + b x summed bytes (least squares, "
                  f"includes waiting): a = {a * 1e3:.2f} ms/sync, b = {b * 1e9:.2f} ns/B")

    # --- the model ---
    default = meta["default_sync_words"]
    print(f"\n## model: P nodes x {tpn} threads x {human(r1)} words/s; per sync: 2 small "
          f"allreduces (log2 P steps of lat + L) + {MATRICES} allreduces of rows x {stride} x 4 B, "
          f"ring (2(P-1) steps of lat + L, 2(P-1)/P x bytes / bw) + local work (local_ns/B); "
          f"rows by the ruler sequence (sync_rows {sync_rows}, V {model_vocab}, all rows once per "
          f"{human(epoch_words)}-word epoch); compute per sync = period / P / node rate; "
          f"lat, local from the 4-node table at that link speed; bw: meas = bw_eff measured at "
          f"that speed (this box's CPU included), link = nominal x the capped 1 Gbit/s stream's "
          f"efficiency (each node with its own cores)")
    stream_eff = links["1gbit"].stream_bps / 1e9 if "1gbit" in links else 1.0
    variants = []
    for name, link in links.items():
        nominal = {"1gbit": 1e9, "10gbit": 1e10}.get(name)
        if nominal is None:
            continue
        variants.append((name, "meas", link.lat, link.bw, link.local))
        variants.append((name, "link", link.lat, nominal * stream_eff / 8, link.local))
    rows = []
    for procs_m in meta["model_procs"]:
        for name, basis, lat, bw, local in variants:
            for added in meta["model_latency_ms"]:
                def cost(period, algorithm="ring", p=procs_m, la=lat, b=bw, lo=local,
                         ad=added / 1e3):
                    return mean_sync_cost(period, epoch_words, model_vocab, sync_rows, stride, p, la, b,
                                          lo, ad, algorithm)
                s_min = smallest_period(share, epoch_words, node_rate, procs_m, cost)
                rab = smallest_period(share, epoch_words, node_rate, procs_m,
                                      lambda period: cost(period, "rabenseifner"))
                if s_min is None or rab is None:
                    rows.append([procs_m, name, basis, f"{bw * 8 / 1e9:.2f}", f"{added:g}",
                                 "none", "", "", "", "", "", "", ""])
                    continue
                lat_c, bw_c = cost(s_min)
                period_s = s_min / procs_m / node_rate + lat_c + bw_c
                d_lat, d_bw = cost(default)
                d_s = default / procs_m / node_rate + d_lat + d_bw
                rows.append([procs_m, name, basis, f"{bw * 8 / 1e9:.2f}", f"{added:g}",
                             f"{s_min:,}" + ("*" if s_min > epoch_words else ""), f"{period_s * 1e3:.0f}", f"{lat_c * 1e3:.1f}",
                             f"{bw_c * 1e3:.1f}", human(s_min / period_s), f"{rab:,}",
                             human(default / d_s), f"{(d_lat + d_bw) / d_s * 100:.0f}"])
    table(f"model, communication <= {share * 100:.0f}% of the time (period_words: smallest "
          f"--sync-words, ring; period_ms: one period's wall time; lat_ms, bw_ms: mean sync cost's "
          f"parts; words/s: the cluster's at that period; rab_period: the same with 2 log2 P "
          f"latency steps (Rabenseifner); at_{human(default)}: words/s and comm % at "
          f"--sync-words {default})",
          ["P", "link", "bw", "bw_Gbps", "L_ms", "period_words", "period_ms", "lat_ms", "bw_ms",
           "words/s", "rab_period", f"at_{human(default)}", "comm%"], rows)
    if any(str(r[5]).endswith("*") for r in rows):
        print(f"* longer than the {human(epoch_words)}-word epoch: w2v-train would sync only at "
              "the epoch's end (modelled as one full sync per period)")

if __name__ == "__main__":
    if len(sys.argv) >= 2 and sys.argv[1] == "sizes" and len(sys.argv) == 5:
        sizes(sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "report":
        report(sys.argv[2:])
    else:
        sys.exit(__doc__)
