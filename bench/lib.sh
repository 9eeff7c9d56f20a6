# Sourced by the station benches: builds the release binary (`$loaxa`) and copies the demo
# project into a fresh temporary folder (`$p`, named after `$1`), removed on exit unless KEEP=1.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
command -v /usr/bin/time >/dev/null || { echo "needs GNU time: apt-get install -y time" >&2; exit 1; }
(cd "$root" && cargo build --release --quiet)
loaxa="$root/target/release/loaxa"
p=$(mktemp -d "/tmp/loaxa-$1-XXXX")
trap '[ -n "${KEEP:-}" ] || rm -rf "$p"' EXIT
cp -r "$root/content" "$root/scripts" "$root/audio-assets" "$root/schedules" "$root/loaxa.toml" "$p/"
