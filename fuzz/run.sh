#!/usr/bin/env bash
# Runs every cargo-fuzz target for a set time and reports executions, time and crashes.
#
#   fuzz/run.sh                 # 300 s per target, 2 targets at a time
#   SECS=3600 JOBS=1 fuzz/run.sh front_matter station   # TIMEOUT=10 s per input (a hang is a crash)
#
# Seeds each target from the project's own files (content pack, station files, the spoken-form
# cases, the audio fixtures) into fuzz/corpus/TARGET (not committed). The machine's stable
# toolchain builds it with RUSTC_BOOTSTRAP=1 (no nightly to fetch here); the address sanitizer is
# on where the toolchain ships its runtime (SANITIZER=none turns it off). A crash is saved in
# fuzz/artifacts/TARGET/; turn it into a regression test (tests/cli/reliability.rs) before fixing.
# The summary goes to stdout and is appended to fuzz/results.txt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
SECS=${SECS:-300}
JOBS=${JOBS:-2}
SANITIZER=${SANITIZER:-address}
export RUSTC_BOOTSTRAP=1
command -v cargo-fuzz >/dev/null || cargo install --locked cargo-fuzz
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(front_matter station normalize decode)

seed() {
  local t=$1 d="$here/corpus/$1"
  mkdir -p "$d"
  case $t in
    front_matter) cp "$root"/content/*/*.md "$d/" ;;
    station) cp "$root"/schedules/*.toml "$d/" ;;
    normalize)
      local n=0
      cut -f1 "$root/tests/data/vi-normalization-cases.tsv" | tail -n +2 | while IFS= read -r line; do
        n=$((n + 1)); printf '%s' "$line" > "$d/case-$n"
      done ;;
    decode)
      # The first byte picks the extension the bytes are decoded as (see decode.rs).
      local i=0
      for f in "$root"/tests/data/audio/* "$root"/audio-assets/jingles/*; do
        [ -f "$f" ] || continue
        [ "$(stat -c %s "$f")" -le 200000 ] || continue
        i=$((i + 1))
        case $f in
          *.mp3) b=0 ;; *.wav) b=1 ;; *.flac) b=2 ;; *.ogg) b=3 ;; *.m4a) b=4 ;; *) b=5 ;;
        esac
        { printf "\\x0$b"; cat "$f"; } > "$d/seed-$i"
      done ;;
  esac
}

cd "$here"
cargo fuzz build -O -s "$SANITIZER"
run() {
  local t=$1 log="$here/logs/$1.log"
  mkdir -p "$here/logs" "$here/artifacts/$t"
  seed "$t"
  cargo fuzz run -O -s "$SANITIZER" "$t" "corpus/$t" -- -max_total_time="$SECS" \
    -artifact_prefix="artifacts/$t/" -timeout="${TIMEOUT:-10}" -print_final_stats=1 > "$log" 2>&1 || true
}
pids=()
for t in "${targets[@]}"; do
  run "$t" &
  pids+=($!)
  if [ ${#pids[@]} -ge "$JOBS" ]; then wait "${pids[0]}"; pids=("${pids[@]:1}"); fi
done
wait
{
  echo "## $(date -u +'%Y-%m-%d %H:%M UTC'), ${SECS} s per target, sanitizer $SANITIZER"
  printf '%-14s %12s %8s %8s %s\n' target executions seconds corpus crashes
  total=0
  for t in "${targets[@]}"; do
    log="$here/logs/$t.log"
    # "Done N runs in S second(s)" at the end of a run; after a crash, the last "#N" line.
    done_line=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 || true)
    if [ -n "$done_line" ]; then
      runs=$(echo "$done_line" | awk '{print $2}'); secs=$(echo "$done_line" | awk '{print $5}')
    else
      runs=$(grep -o '^#[0-9]*' "$log" | tail -1 | tr -d '#' || true); secs="crashed"
    fi
    crashes=$(find "artifacts/$t" -type f | wc -l)
    printf '%-14s %12s %8s %8s %s\n' "$t" "${runs:-?}" "$secs" "$(find "corpus/$t" -type f | wc -l)" "$crashes"
    total=$((total + ${runs:-0}))
  done
  echo "total executions: $total"
} | tee -a "$here/results.txt"
