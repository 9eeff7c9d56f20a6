#!/usr/bin/env python3
"""compare.py RESULTS JOBS -- loaxa against the ffmpeg reference and the floor, from the kit's
hyperfine JSON, memwatch files and loudness checks."""
import json
import os
import statistics as st
import sys

R, J = sys.argv[1], sys.argv[2]
audio = json.load(open(os.path.join(R, "audio.json")))
PROG = audio["programme_s"]


def timing(name):
    p = os.path.join(R, f"{name}.json")
    if not os.path.exists(p):
        return None
    r = json.load(open(p))["results"][0]
    rss = None
    m = os.path.join(R, f"mem-{name}.txt")
    if os.path.exists(m):
        rows = [list(map(int, l.split())) for l in open(m) if l.strip()]
        rss = max(r[0] for r in rows) / 1024
    return {"wall": st.median(r["times"]), "cpu": r["user"] + r["system"], "rss": rss}


def loud(name):
    p = os.path.join(R, f"loudness-{name}.tsv")
    if not os.path.exists(p):
        return None
    rows = [l.rstrip("\n").split("\t") for l in open(p) if l.strip()]
    head, body = rows[0], rows[1:]
    out = {}
    for kind in ("mp3", "wav"):
        sel = [dict(zip(head, r)) for r in body if r[0].endswith("." + kind)]
        if sel:
            i = [float(s["I_LUFS"]) for s in sel]
            tp = [float(s["TP_dBTP"]) for s in sel]
            out[kind] = (min(i), max(i), max(tp))
    return out


ref, cand = timing(f"ref-j{J}"), timing(f"cand-j{J}")
floors = {f: timing(f"floor-{f}-j{J}") for f in ("decode-rs", "lame")}
floor = sum(f["wall"] for f in floors.values() if f) if all(floors.values()) else None
print(f"## loaxa vs the ffmpeg reference ({J} jobs, {PROG:.0f} s of programme)\n")
print("| pipeline | wall s | CPU s | audio s per wall s | peak RSS MiB | MP3 LUFS (min..max), TP max | WAV LUFS, TP max |")
print("|---|---|---|---|---|---|---|")
for label, t, l in (("ffmpeg reference", ref, loud(f"ref-j{J}") or loud("ref")), ("loaxa", cand, loud(f"cand-j{J}"))):
    if not t:
        print(f"| {label} | not run | | | | | |")
        continue
    cols = []
    for kind in ("mp3", "wav"):
        v = (l or {}).get(kind)
        cols.append(f"{v[0]:.1f}..{v[1]:.1f}, {v[2]:.1f} dBTP" if v else "-")
    rss = f"{t['rss']:.0f}" if t["rss"] else "-"
    print(f"| {label} | {t['wall']:.1f} | {t['cpu']:.1f} | {PROG / t['wall']:.0f} | {rss} | {cols[0]} | {cols[1]} |")
if ref and cand:
    print(f"\nloaxa is **{ref['wall'] / cand['wall']:.2f}x** faster than the reference (wall).")
if floor and cand:
    print(f"Floor (decode+resample {floors['decode-rs']['wall']:.1f} s + LAME {floors['lame']['wall']:.1f} s) = "
          f"{floor:.1f} s; loaxa is **{cand['wall'] / floor:.2f}x** the floor (target 1.3x).")
