#!/usr/bin/env bash
# A province's stations sharing one content pack: `loaxa week --stations`, slot files joined of
# MP3 pieces against the full-mix path, all in one run.
#
# Copies the demo project into a temporary folder and generates BIG station files (default 300),
# each with its id, commune, phone, two 15-minute slots a day at different times (05:30-06:15
# and 16:30-17:15, Monday to Saturday) and the demo station's recorded greeting and contact
# clips under its id. Folders of symlinks give the first N (default 100), the first N/2 and the
# first FULL (default 2). Then:
#   0. the content pack is rendered once into a shared cache (`--no-mix`, not timed);
#   1. N stations with slot mixes and fallback, cold: empty output folder, no slot pieces;
#   2. N/2 stations the same way: (1 - 2) / (N/2) is what each extra station costs (and
#      (4 - 1) / (BIG - N) over the wider span, used for the ratio and the projection);
#   3. FULL stations with `--full-mix` (every slot decoded, mastered and encoded whole), cold;
#   4. BIG stations joined, cold, and the projection to the country's 3,321 communes
#      (BIG=0 skips it).
# Each run prints wall, user and system seconds and peak RSS; the table at the end is what
# bench/README.md reports.
#
#   bench/stations.sh                 # ~4 min; N=20 BIG=0 for a quick look; KEEP=1 keeps it
N=${N:-100}
BIG=${BIG:-300}
FULL=${FULL:-2}
source "$(dirname "$0")/lib.sh" stations
all=$(( BIG > N ? BIG : N ))
mkdir -p "$p/province"
for i in $(seq -w 1 "$all"); do
  id="xa-$i"
  m1=$(( (10#$i * 7) % 46 )); m2=$(( (10#$i * 11) % 46 ))
  cat > "$p/province/$id.toml" <<EOF
[station]
id = "$id"
name = "Đài truyền thanh xã Số $i"
commune = "xã Số $i"
province = "Thanh Hóa"
timezone = "Asia/Ho_Chi_Minh"
team = { name = "Tổ công nghệ số cộng đồng xã Số $i", phone = "0912 000 $(printf '%03d' $((10#$i)))" }

[[slot]]
id = "sang"
name = "Phát thanh buổi sáng"
cron = "$(( (30 + m1) % 60 )) $(( 5 + (30 + m1) / 60 )) * * Mon-Sat"
length = "15m"

[[slot]]
id = "chieu"
name = "Phát thanh buổi chiều"
cron = "$(( (30 + m2) % 60 )) $(( 16 + (30 + m2) / 60 )) * * 1-6"
length = "15m"

[rules]
airings_per_item = 2
max_items_per_slot = 3
EOF
  cp -r "$p/audio-assets/voice/stations/dinh-tan" "$p/audio-assets/voice/stations/$id"
done
# The first K station files, as a folder of symlinks.
first() {
  mkdir -p "$p/first-$1"
  ls "$p/province" | sort | head -n "$1" | while read -r f; do ln -sf "$p/province/$f" "$p/first-$1/$f"; done
  echo "$p/first-$1"
}
t() {
  /usr/bin/time -o "$p/time.txt" -f "%e %U %S %M" "$@" > "$p/last.txt" 2> "$p/err.txt" || { cat "$p/err.txt" >&2; exit 1; }
  read -r wall user sys rss < "$p/time.txt"
  printf '  %s s wall, %s s user, %s s sys, peak RSS %d MB\n' "$wall" "$user" "$sys" $(( rss / 1024 )) >&2
  echo "$wall $user $sys $rss"
}
# A cold run of the week for the station folder $1 into output $2: no station folders, no pieces.
cold() {
  rm -rf "$p/$2" "$p/cache/pieces"
  t "$loaxa" week --project "$p" --stations "$1" --week 2026-W49 -o "$p/$2" --cache "$p/cache" "${@:3}"
}
half=$(( N / 2 ))
echo "stations: $N (and $half, $FULL full mix, $BIG), week 2026-W49, $(nproc) cores" >&2
echo "0. the content pack rendered into the shared cache (not timed)" >&2
"$loaxa" week --project "$p" --stations "$(first 1)" --week 2026-W49 --no-mix -o "$p/out-0" --cache "$p/cache" > /dev/null
echo "1. $N stations joined, cold" >&2
read -r w1 u1 s1 r1 < <(cold "$(first "$N")" out-n)
slots=$(ls "$p"/out-n/*/2026-W49/slots/ | grep -c mp3 || true)
warned=$(grep -c "mixed in full" "$p/err.txt" || true)
echo "2. $half stations joined, cold" >&2
read -r w2 u2 s2 r2 < <(cold "$(first "$half")" out-half)
echo "3. $FULL stations mixed in full (--full-mix), cold" >&2
read -r w3 u3 s3 r3 < <(cold "$(first "$FULL")" out-full --full-mix)
# 5. What the files measure: ffmpeg's ebur128 (true peak on) on every slot file and fallback of
#    the first CHECK stations (default 5), and their lengths against the slots.
check=$(command -v ffmpeg >/dev/null && echo "${CHECK:-5}" || echo 0)
: > "$p/levels.tsv"
for st in $(ls "$p/out-n" | grep '^xa-' | head -n "$check"); do
  for f in "$p/out-n/$st/2026-W49/slots/"*.mp3 "$p/out-n/$st/2026-W49/fallback.mp3"; do
    ffmpeg -nostats -hide_banner -i "$f" -af ebur128=peak=true -f null - 2>&1 \
      | awk -v f="$(basename "$f")" '/I:/ {i=$2} /Peak:/ {tp=$2} END {print f "\t" i "\t" tp}' >> "$p/levels.tsv"
  done
done
if [ "$BIG" -gt 0 ]; then
  echo "4. $BIG stations joined, cold" >&2
  read -r w4 u4 s4 r4 < <(cold "$(first "$BIG")" out-big)
fi
python3 - "$N" "$half" "$FULL" "$BIG" "$w1" "$r1" "$w2" "$w3" "${w4:-0}" "${r4:-0}" "$slots" "$warned" "$p/levels.tsv" "$check" <<'EOF'
import sys
n, half, full, big = map(int, sys.argv[1:5])
w1, r1, w2, w3, w4, r4 = map(float, sys.argv[5:11])
slots, warned = int(sys.argv[11]), int(sys.argv[12])
extra = (w1 - w2) / (n - half)
wide = (w4 - w1) / (big - n) if big > n else None
per_full = w3 / full
print()
print("| what | figure |")
print("| --- | --- |")
print(f"| {n} stations with slot mixes and fallback, cold, content pack rendered | {w1:.1f} s, peak RSS {r1/1024:.0f} MB |")
print(f"| each extra station ({half} → {n}) | {extra:.2f} s |")
if wide is not None:
    print(f"| each extra station ({n} → {big}) | {wide:.2f} s |")
    extra = wide  # the wider span: less of the VM's noise
print(f"| full-mix path, same run ({full} stations cold) | {per_full:.1f} s a station |")
print(f"| extra joined station against a full-mix one | 1/{per_full/extra:.0f} |")
print(f"| slot files joined for {n} stations | {slots}, {warned} mixed in full instead |")
if big:
    country = w4 + (3321 - big) * extra
    print(f"| {big} stations joined, cold | {w4:.1f} s, peak RSS {r4/1024:.0f} MB |")
    print(f"| projection to 3,321 communes on this machine | {country/60:.0f} min ({w4:.0f} s + {3321-big} × {extra:.2f} s) |")
rows = [l.split("\t") for l in open(sys.argv[13]).read().splitlines() if l.count("\t") == 2]
if rows:
    i = [float(r[1]) for r in rows]
    tp = [float(r[2]) for r in rows]
    print(f"| ffmpeg ebur128 on the {len(rows)} slot and fallback files of {sys.argv[14]} stations | {min(i):.1f} to {max(i):.1f} LUFS, true peak at most {max(tp):.1f} dBTP |")
EOF
