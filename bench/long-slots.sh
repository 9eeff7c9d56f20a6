#!/usr/bin/env bash
# Peak memory of `loaxa week` for a station whose slots are 45 minutes long.
#
# Copies the demo project into a temporary folder, triples its content pack (each story and
# how-to again under two new ids, with its voice clips, so 48 programmes, about 95 minutes of
# in-slot audio), gives the station two 45-minute slots a day with up to 30 items each (each item aired up to 6 times), and builds
# week 2026-W49 cold under `/usr/bin/time -v`. Prints wall time, CPU time, peak RSS, the slot
# lengths and their loudness. Needs only the release build (and GNU time, Debian's `time`).
#
#   bench/long-slots.sh            # KEEP=1 keeps the project folder
source "$(dirname "$0")/lib.sh" long
for f in "$p"/content/stories/*.md "$p"/content/howtos/*.md; do
  id=$(basename "$f" .md)
  for k in 2 3; do
    sed -e "s/^id = \"$id\"/id = \"$id-$k\"/" -e "s/^title = \"\(.*\)\"/title = \"\1 ($k)\"/" "$f" \
      > "$(dirname "$f")/$id-$k.md"
    cp -r "$p/audio-assets/voice/items/$id" "$p/audio-assets/voice/items/$id-$k"
  done
done
s="$p/schedules/dinh-tan.toml"
sed -i -e "s/^length = \"15m\"/length = \"45m\"/" -e "s/^max_items_per_slot = 3/max_items_per_slot = 30/" -e "s/^airings_per_item = 2/airings_per_item = 6/" "$s"
"$loaxa" check --project "$p" >/dev/null
/usr/bin/time -v "$loaxa" week --week 2026-W49 --project "$p" -o "$p/out" 2> "$p/time.txt" | head -1
grep -E "Elapsed|User time|System time|Maximum resident" "$p/time.txt"
"$loaxa" measure "$p"/out/dinh-tan/2026-W49/slots/*.mp3 | awk 'NR==1 || NR>1 {print}' | sort -k1 -n | tail -13
