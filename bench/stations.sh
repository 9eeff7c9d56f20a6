#!/usr/bin/env bash
# 100 stations sharing one content pack: `loaxa week --stations`, without and with slot mixes.
#
# Copies the demo project into a temporary folder and generates N station files (default 100)
# in a folder of their own: each its id, commune, phone, two slots a day at different times
# (05:30-06:15 and 16:30-17:15) and the demo station's recorded greeting and contact clips under
# its id. Then, all cold (an empty output folder each time):
#   1. `loaxa week --stations DIR --no-mix` (plans, playlists, station pieces, Zalo pack),
#   2. the same again with nothing changed,
#   3. `loaxa week --stations DIR` with the slot mixes (MIX=0 skips it: about 30 s a station
#      on 2 cores, so close to an hour for 100; N=10 MIX=1 gives the rate).
# Prints wall and CPU seconds and peak RSS of each.
#
#   bench/stations.sh            # N=20 bench/stations.sh for a quick look; KEEP=1 keeps it
N=${N:-100}
source "$(dirname "$0")/lib.sh" stations
mkdir -p "$p/province"
for i in $(seq -w 1 "$N"); do
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
  cp -r "$p/audio-assets/voice/stations/dinh-hung" "$p/audio-assets/voice/stations/$id"
done
t() { /usr/bin/time -o "$p/time.txt" -f "  %e s wall, %U s user, %S s sys, peak RSS %M KB" "$@" > "$p/last.txt"; cat "$p/time.txt"; }
echo "$N stations, week 2026-W49, $(nproc) cores"
echo "1. --no-mix, cold (programmes rendered once, shared):"
t "$loaxa" week --project "$p" --stations "$p/province" --week 2026-W49 --no-mix -o "$p/out"
echo "2. --no-mix again, nothing changed:"
t "$loaxa" week --project "$p" --stations "$p/province" --week 2026-W49 --no-mix -o "$p/out"
if [ "${MIX:-1}" != 0 ]; then
  echo "3. with slot mixes (programmes already rendered):"
  t "$loaxa" week --project "$p" --stations "$p/province" --week 2026-W49 -o "$p/out"
fi
echo "week folders: $(ls -d "$p"/out/xa-*/2026-W49 | wc -l); slot files: $(ls "$p"/out/xa-*/2026-W49/slots/ 2>/dev/null | wc -l)"
