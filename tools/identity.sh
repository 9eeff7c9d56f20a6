#!/usr/bin/env bash
# Prints the sha256 of every output loaxa writes on the demo project, with fixed dates, so
# that a refactoring can be shown to change no byte: the demo week folder, `script --all`,
# `render --all` in both profiles and both formats, and (when the benchmark kit's corpus is
# present) the 40 programmes of `bench-week`.
#
#   tools/identity.sh [LOAXA_BINARY] > before.txt     # default: target/release/loaxa
#   diff before.txt after.txt
#
# BENCH_DATA (default /tmp/loaxa-bench-data) is where bench/run.sh makes the kit's corpus;
# without it the bench programmes are left out, and a line says so.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
loaxa=$(realpath "${1:-${CARGO_TARGET_DIR:-$root/target}/release/loaxa}")
week=2026-W50
date=2026-12-07
bench=${BENCH_DATA:-/tmp/loaxa-bench-data}
p=$(mktemp -d /tmp/loaxa-identity-XXXX)
trap 'rm -rf "$p"' EXIT
cp -r "$root/content" "$root/scripts" "$root/audio-assets" "$root/schedules" "$root/loaxa.toml" "$p/"
cd "$p"
"$loaxa" week --week "$week" >/dev/null
"$loaxa" script --all >/dev/null
for profile in loudspeaker zalo; do
  for format in mp3 wav; do
    "$loaxa" render --all --profile "$profile" --format "$format" --date "$date" \
      -o "out/render-$profile-$format" >/dev/null
  done
done
if [ -f "$bench/segments/week.json" ]; then
  "$loaxa" bench-week --kit "$bench/segments/week.json" --out out/bench >/dev/null 2>&1 ||
    "$loaxa" bench-week --week "$bench/segments/week.json" --out out/bench >/dev/null
else
  echo "# no benchmark corpus at $bench: bench programmes left out"
fi
# The cache holds whole programmes keyed by their inputs; its bytes are checked through the
# files made from it.
find out -type f -not -path '*/.cache/*' -print0 | sort -z | xargs -0 sha256sum
