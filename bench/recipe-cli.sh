#!/usr/bin/env bash
# Quick recipe CLI timings with generated SAMPLE data: import, re-import (nothing changes) and export, each with wall
# time, peak RSS and CPU time (user+system; steadier than wall time on a shared machine). Lighter than scale.sh: no
# server, no load run, and the published app and the samples are kept between runs.
# Usage: bench/recipe-cli.sh N [N...]     e.g. bench/recipe-cli.sh 1000 10000
#   BENCH_CACHE  folder for the published app and samples (default: a folder under the temp directory)
#   BENCH_REUSE=1  skip publishing when an app is already there (to time the same build again)
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 1 ] || { echo "usage: bench/recipe-cli.sh N [N...]" >&2; exit 2; }
cache=${BENCH_CACHE:-${TMPDIR:-/tmp}/nettroublecms-recipe-bench}
mkdir -p "$cache"
if [ "${BENCH_REUSE:-0}" != 1 ] || [ ! -f "$cache/app/NetTroubleCms.Web.dll" ]; then
  echo "== publishing the app (Release)"
  dotnet publish src/NetTroubleCms.Web -c Release --use-current-runtime --self-contained false -o "$cache/app" --nologo -v quiet >/dev/null
fi

export Cms__AdminPassword='Scale-Admin-Pass-1!' Logging__LogLevel__Default=Warning Cms__PublicBaseUrl="http://127.0.0.1"
export Cms__Recipes__MaxBytes=$((1024 * 1024 * 1024))
for n in "$@"; do
  sample="$cache/sample-$n.recipe.json"
  [ -f "$sample" ] || python3 bench/generate-sample.py "$n" "$sample" | sed 's/^/== sample: /'
  work=$(mktemp -d)
  export Cms__DataDirectory="$work/data"
  # The first command sets the data folder up (from the leaflet recipe); not timed.
  dotnet "$cache/app/NetTroubleCms.Web.dll" recipe export --output "$work/seed.json" >/dev/null
  timed() {
    /usr/bin/time -f "%e s, peak RSS %M KB, CPU %U+%S s" -o "$work/time" dotnet "$cache/app/NetTroubleCms.Web.dll" "$@" >"$work/cli.log" 2>&1 \
      || { cat "$work/cli.log"; exit 1; }
    awk '{ printf "%s s, peak RSS %d MB, CPU %s s", $1, $5 / 1024, $8 }' "$work/time"
  }
  echo "== $n agencies ($(du -h "$sample" | cut -f1))"
  echo "import:     $(timed recipe import "$sample")  [$(grep -E '^imported' "$work/cli.log" | sed 's/.*items //')]"
  echo "re-import:  $(timed recipe import "$sample")  [$(grep -E '^imported' "$work/cli.log" | sed 's/.*items //')]"
  echo "export:     $(timed recipe export --output "$work/export.json") ($(du -h "$work/export.json" | cut -f1))"
  rm -rf "$work"
done
