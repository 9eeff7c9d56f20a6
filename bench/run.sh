#!/usr/bin/env bash
# loaxa next to the ffmpeg reference pipeline, in the same run, on the same inputs.
#
# Uses the baseline kit in ../shared/bench (LOAXA_BENCH_KIT): its synthetic corpus (400 espeak-ng
# clips in mixed formats and rates, jingles, a bed; 40 programmes, 9,636 s), its hyperfine +
# memwatch wrapper, its floors and its loudness check. loaxa renders the same 40 programmes with
# `loaxa bench-week`. Results go to bench/results/ and a side-by-side table to stdout.
#
#   RUNS=1           hyperfine runs per command (the kit's default is 3)
#   JOBS=2           job count for both pipelines
#   FLOORS="decode-rs lame"   floors to time (all: spawn decode-proc decode-seg decode-rs lame
#                             ebur128 ebur128tp loudnorm); "" skips them
#   SKIP_REF=1       time loaxa only (keeps the last reference results)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
kit=${LOAXA_BENCH_KIT:-$root/../shared/bench}
[ -x "$kit/scripts/run-bench.sh" ] || { echo "no baseline kit at $kit (set LOAXA_BENCH_KIT)" >&2; exit 1; }
for t in ffmpeg sox lame espeak-ng hyperfine python3; do
  command -v "$t" >/dev/null || { echo "needs $t: apt-get install -y --no-install-recommends ffmpeg sox libsox-fmt-all lame espeak-ng hyperfine python3" >&2; exit 1; }
done
export BENCH_DATA=${BENCH_DATA:-/tmp/loaxa-bench-data}
export RESULTS=$here/results
RUNS=${RUNS:-1}
JOBS=${JOBS:-2}
FLOORS=${FLOORS-"decode-rs lame"}
mkdir -p "$RESULTS"

(cd "$root" && cargo build --release --quiet)
loaxa="$root/target/release/loaxa"
[ -f "$BENCH_DATA/segments/week.json" ] || "$kit/scripts/make-corpus.sh"

cand="$loaxa bench-week --kit $BENCH_DATA/segments/week.json --jobs {jobs} --out {out}"
if [ -n "${SKIP_REF:-}" ]; then
  # loaxa alone, with the kit's wrapper.
  c=${cand//\{jobs\}/$JOBS}; c=${c//\{out\}/$BENCH_DATA/out/cand-j$JOBS}
  hyperfine -N --style basic --runs "$RUNS" --export-json "$RESULTS/cand-j$JOBS.json" -n "cand-j$JOBS" \
    "python3 $kit/scripts/memwatch.py $RESULTS/mem-cand-j$JOBS.txt -- $c"
  "$kit/scripts/check-loudness.sh" "$BENCH_DATA/out/cand-j$JOBS" "$RESULTS/loudness-cand-j$JOBS.tsv" \
    2> "$RESULTS/loudness-cand-j$JOBS.txt"
else
  # Floors are timed again below; stale floor results without their memory files would break
  # the kit's summary. The kit appends each run's stage timings to its log: a log left from
  # an earlier run would add into this run's stage breakdown.
  rm -f "$RESULTS"/mem-*.txt "$RESULTS"/floor-*.json "$RESULTS"/stages-*.log
  CANDIDATE_CMD=$cand RUNS=$RUNS PIPE_JOBS=$JOBS SKIP_FLOORS=1 "$kit/scripts/run-bench.sh"
fi
for f in $FLOORS; do
  rm -f "$RESULTS/mem-floor-$f-j$JOBS.txt"
  hyperfine -N --style basic --runs "$RUNS" --export-json "$RESULTS/floor-$f-j$JOBS.json" -n "floor-$f-j$JOBS" \
    "python3 $kit/scripts/memwatch.py $RESULTS/mem-floor-$f-j$JOBS.txt -- $kit/scripts/floors.sh $f $JOBS" >/dev/null
done
python3 "$here/compare.py" "$RESULTS" "$JOBS" | tee "$RESULTS/compare.md"
