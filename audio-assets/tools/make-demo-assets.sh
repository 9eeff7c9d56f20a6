#!/usr/bin/env bash
# Rebuilds the synthetic demo assets in audio-assets/ from the project's own recording sheet.
#
#   voice/  every line of every script, spoken by espeak-ng's Vietnamese voice
#           (items as MP3 32 kbit/s, shared and station lines as Ogg Vorbis: two decoders in use)
#   jingles/mo-dau.flac, jingles/ket-thuc.flac   short chimes made with sox
#   beds/nen.ogg                                 a quiet pad made with sox
#
# Needs (development only, not for users): espeak-ng, sox, ffmpeg, python3.
#   sudo apt-get install espeak-ng sox ffmpeg
# Run from the project root:  bash audio-assets/tools/make-demo-assets.sh
# Only missing clips are made; pass --force to remake them all.
set -euo pipefail
cd "$(dirname "$0")/../.."
force=${1:-}
rate_wpm=${ESPEAK_WPM:-200}   # one Vietnamese syllable is one espeak "word": ~3.3 syllables/s

sheet_dir=$(mktemp -d)
trap 'rm -rf "$sheet_dir"' EXIT
cargo run --quiet --release -- script --all -o "$sheet_dir" >/dev/null
for extra in schedules/*.toml; do
  cargo run --quiet --release -- script --all --station "$extra" -o "$sheet_dir/$(basename "$extra" .toml)" >/dev/null
  cp "$sheet_dir/$(basename "$extra" .toml)/recording-sheet.csv" "$sheet_dir/sheet-$(basename "$extra" .toml).csv"
done

python3 - "$sheet_dir" "$force" "$rate_wpm" <<'PY'
import csv, glob, os, subprocess, sys, tempfile
sheet_dir, force, wpm = sys.argv[1], sys.argv[2] == "--force", sys.argv[3]
rows = {}
for path in sorted(glob.glob(os.path.join(sheet_dir, "*.csv"))):
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            rows.setdefault(row["clip"], row["text"])
# Which text each clip was voiced from: a clip whose line changed is voiced again.
voiced_path = "audio-assets/tools/voiced.tsv"
voiced = {}
if os.path.exists(voiced_path):
    for line in open(voiced_path, encoding="utf-8"):
        if "\t" in line:
            k, v = line.rstrip("\n").split("\t", 1)
            voiced[k] = v
made = 0
for clip, text in sorted(rows.items()):
    stem = os.path.splitext(clip)[0]
    ext = ".mp3" if "/items/" in clip else ".ogg"
    out = stem + ext
    if os.path.exists(out) and not force and voiced.get(clip, text) == text:
        voiced[clip] = text
        continue
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with tempfile.NamedTemporaryFile(suffix=".wav") as wav:
        subprocess.run(["espeak-ng", "-v", "vi", "-s", wpm, "-w", wav.name, "--stdin"], input=text.encode(), check=True)
        codec = ["-c:a", "libmp3lame", "-b:a", "32k"] if ext == ".mp3" else ["-c:a", "libvorbis", "-q:a", "1"]
        subprocess.run(["ffmpeg", "-loglevel", "error", "-y", "-i", wav.name, "-ac", "1", "-ar", "22050", "-af", "volume=-3dB", *codec, "-map_metadata", "-1", "-fflags", "+bitexact", out], check=True)
    made += 1
    voiced[clip] = text
with open(voiced_path, "w", encoding="utf-8") as f:
    for k in sorted(voiced):
        f.write(f"{k}\t{voiced[k]}\n")
print(f"voice clips: {len(rows)} in the sheets, {made} made")
PY

mkdir -p audio-assets/jingles audio-assets/beds
if [ ! -f audio-assets/jingles/mo-dau.flac ] || [ "$force" = --force ]; then
  # Opening: a rising four-note chime (G4 C5 E5 G5) with a held chord.
  sox -n -r 44100 -c 1 -b 16 audio-assets/jingles/mo-dau.flac \
    synth 0.35 pluck G4 synth 0.35 pluck C5 synth 0.35 pluck E5 synth 1.6 pluck G5 \
    : synth 2.2 sine C4 sine E4 sine G4 fade t 0.2 2.2 1.2 gain -14 \
    reverb 30 gain -n -3 2>/dev/null || \
  sox -n -r 44100 -c 1 -b 16 audio-assets/jingles/mo-dau.flac \
    synth 0.35 pluck G4 : synth 0.35 pluck C5 : synth 0.35 pluck E5 : synth 1.6 pluck G5 reverb 30 gain -n -3
fi
if [ ! -f audio-assets/jingles/ket-thuc.flac ] || [ "$force" = --force ]; then
  # Closing: the same notes falling.
  sox -n -r 44100 -c 1 -b 16 audio-assets/jingles/ket-thuc.flac \
    synth 0.35 pluck G5 : synth 0.35 pluck E5 : synth 0.35 pluck C5 : synth 1.8 pluck G4 reverb 30 gain -n -3
fi
if [ ! -f audio-assets/jingles/ngat.flac ] || [ "$force" = --force ]; then
  # Between items in a slot: two short notes.
  sox -n -r 44100 -c 1 -b 16 audio-assets/jingles/ngat.flac \
    synth 0.25 pluck E5 : synth 0.8 pluck C5 reverb 20 gain -n -3
fi
if [ ! -f audio-assets/beds/nen.ogg ] || [ "$force" = --force ]; then
  # A soft major pad with slow tremolo, 24 seconds (looped by loaxa).
  sox -n -r 22050 -c 1 audio-assets/beds/nen.ogg \
    synth 24 sine C4 sine E4 sine G4 sine C5 tremolo 0.2 40 fade t 1 24 1 gain -n -6
fi
du -sh audio-assets
