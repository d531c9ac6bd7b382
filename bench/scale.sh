#!/usr/bin/env bash
# Scale measurements with generated SAMPLE data (invented agencies, never written to recipes/): import, re-import,
# export, cold start, memory, directory and API page latency, publish -> visible.
# Usage: bench/scale.sh N [--smoke]
#   N        agencies to generate (2-3 channels each, N/5 decision nodes)
#   --smoke  one round, no load run: checks the whole path works (for CI, no thresholds)
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:?usage: bench/scale.sh N [--smoke]}
smoke=0; [ "${2:-}" = "--smoke" ] && smoke=1
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
work=$(mktemp -d)
started=$(date +%s.%N)
trap 'kill $(cat "$work/app.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT
export Cms__DataDirectory="$work/data" Cms__AdminPassword='Scale-Admin-Pass-1!' Logging__LogLevel__Default=Warning
export Cms__PublicBaseUrl="http://127.0.0.1"
export Cms__Api__RateLimit__PermitLimit=1000000000 Cms__Recipes__MaxBytes=$((1024 * 1024 * 1024))

seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b - a }'; }
# Runs the CLI under /usr/bin/time; prints "seconds peakMB".
timed() {
  /usr/bin/time -f "%e %M" -o "$work/time" dotnet "$work/app/NetTroubleCms.Web.dll" "$@" >"$work/cli.log" 2>&1 || { cat "$work/cli.log"; exit 1; }
  awk '{ printf "%s s, peak RSS %d MB", $1, $2 / 1024 }' "$work/time"
}

echo "== publishing the app (Release)"
dotnet publish src/NetTroubleCms.Web -c Release --use-current-runtime --self-contained false -o "$work/app" --nologo -v quiet >/dev/null
python3 bench/generate-sample.py "$n" "$work/sample.recipe.json" | sed 's/^/== sample: /'
echo "== recipe $(du -h "$work/sample.recipe.json" | cut -f1)"

# First start seeds the data folder from the leaflet recipe; time it as the cold start on a fresh folder.
t0=$(date +%s.%N)
dotnet "$work/app/NetTroubleCms.Web.dll" recipe export --output "$work/seed-export.json" >/dev/null
echo "fresh data folder (setup + CLI):   $(seconds "$t0" "$(date +%s.%N)") s"

echo "import:                            $(timed recipe import "$work/sample.recipe.json")"
grep -E "^imported" "$work/cli.log" | sed 's/^/                                   /'
echo "re-import (unchanged):             $(timed recipe import "$work/sample.recipe.json")"
grep -E "^imported" "$work/cli.log" | sed 's/^/                                   /'
echo "export:                            $(timed recipe export --output "$work/export.json") ($(du -h "$work/export.json" | cut -f1))"

start_app() {
  # The snapshot's build line (items, part JSON kept, milliseconds) is logged at Information.
  env ASPNETCORE_URLS="http://127.0.0.1:$port" "Logging__LogLevel__NetTroubleCms.Content.Snapshot=Information" \
    dotnet "$work/app/NetTroubleCms.Web.dll" >"$work/app.log" 2>&1 &
  echo $! >"$work/app.pid"
  local t0; t0=$(date +%s.%N)
  for _ in $(seq 1 600); do curl -sf -o /dev/null "http://127.0.0.1:$port/health/ready" && break; sleep 0.05; done
  local ready; ready=$(date +%s.%N)
  curl -sf -o /dev/null "http://127.0.0.1:$port/agencies"
  echo "$(seconds "$t0" "$ready") s to ready, $(seconds "$t0" "$(date +%s.%N)") s to first /agencies"
}
stop_app() { kill "$(cat "$work/app.pid")"; wait "$(cat "$work/app.pid")" 2>/dev/null || true; }

echo "cold start with data:              $(start_app)"
stop_app
echo "warm start with data:              $(start_app)"

# Every list a reader or client can page through, at its default and largest page: each page should stay <= 60 KB.
gql() { python3 -c 'import sys, urllib.parse; print("/api/graphql?query=" + urllib.parse.quote(sys.argv[1]))' "$1"; }
card='contentItemId displayText operator description badge website { url } channels { contentItems { ... on Channel { kind value label } } }'
routes=("/agencies" "/agencies?page=2" "/en/agencies" "/easy/agencies" "/agencies?kind=phone" "/agencies?q=000123"
        "/agencies/sample-000123" "/chart" "/en/chart" "/easy/chart" "/chart/sample-000000" "/chart/sample-000000?page=2"
        "/en/chart/sample-000001" "/easy/chart/sample-000002" "/print" "/sitemap.xml" "/sitemap-1.xml"
        "/sitemap-2.xml" "/api/v1/agencies?page=7" "/api/v1/agencies?page=7&culture=en" "/api/v1/agencies?pageSize=100"
        "/api/v1/channels" "/api/v1/channels?pageSize=100" "/api/v1/nodes" "/api/v1/nodes?pageSize=100"
        "/api/v1/nodes?pageSize=100&page=2"
        "/api/v1/guide" "/api/v1/guide?culture=ja-x-easy" "/api/v1/guide/situations/sample-000000"
        "/api/v1/guide/situations/sample-000000?page=2&culture=en" "/api/v1/opendata/hsds.json" "/api/v1/opendata/agencies.csv"
        "/api/hsds/v3/services" "$(gql "{ agency { $card } }")" "$(gql "{ agency(first: 1000) { $card } }")"
        "$(gql "{ agency(first: 1000) { displayText } }")")
printf "\n%-58s %6s %10s %10s %10s\n" "route" "status" "bytes" "bytes (br)" "1st ms"
for route in "${routes[@]}"; do
  line=$(curl -s -o /dev/null -w "%{http_code} %{size_download} %{time_total}" "http://127.0.0.1:$port$route")
  br=$(curl -s -o /dev/null -H "Accept-Encoding: br" -w "%{size_download}" "http://127.0.0.1:$port$route")
  read -r code size total <<<"$line"
  shown=$route; [ ${#shown} -gt 58 ] && shown="${shown:0:55}..."
  printf "%-58s %6s %10s %10s %10.1f\n" "$shown" "$code" "$size" "$br" "$(awk -v t="$total" 'BEGIN { print t * 1000 }')"
done

if [ "$smoke" -eq 0 ] && command -v wrk >/dev/null; then
  printf "\n%-40s %10s %10s\n" "route (wrk -c16, 5 s)" "req/s" "p99"
  for route in "/agencies" "/agencies/sample-000123" "/api/v1/agencies?page=7"; do
    out=$(wrk -t2 -c16 -d5s --latency "http://127.0.0.1:$port$route")
    printf "%-40s %10s %10s\n" "$route" "$(echo "$out" | awk '/Requests\/sec/ {print $2}')" "$(echo "$out" | awk '$1=="99%" {print $2}')"
  done
fi
# Memory: the snapshot's own (its items' part JSON, from the build line) and the whole managed heap once every route
# above was read (snapshot, page models, cached and compressed bodies, HSDS and CSV included), by dotnet-gcdump.
kept=$(grep -o "[0-9]* KB of part JSON kept" "$work/app.log" | tail -n 1 | awk '{print $1}')
[ -n "$kept" ] && echo "snapshot part JSON:                $((kept / 1024)) MB ($((kept * 1024 / n)) B per agency)"
if dotnet tool install dotnet-gcdump --tool-path "$work/tools" >/dev/null 2>&1; then
  heap=$("$work/tools/dotnet-gcdump" report -p "$(cat "$work/app.pid")" 2>/dev/null | awk '/GC Heap bytes/ { gsub(",", "", $1); print $1 }')
  [ -n "$heap" ] && echo "managed heap after the routes:     $((heap / 1048576)) MB ($((heap / n)) B per agency)"
fi
echo "server RSS now / peak:             $(awk '/VmRSS/ {r=$2} /VmHWM/ {h=$2} END { printf "%d MB / %d MB", r/1024, h/1024 }' "/proc/$(cat "$work/app.pid")/status")"

# Publish -> visible: a CLI import changes one agency while the server runs; poll its page until the change shows.
python3 bench/generate-sample.py "$n" "$work/touch.recipe.json" --touch 1 >/dev/null
dotnet "$work/app/NetTroubleCms.Web.dll" recipe import "$work/touch.recipe.json" >"$work/cli.log" 2>&1
t0=$(date +%s.%N)
visible="not within 10 s"
for _ in $(seq 1 200); do
  if curl -sf "http://127.0.0.1:$port/agencies/sample-000000" | grep -q "サンプル0-改"; then visible="$(seconds "$t0" "$(date +%s.%N)") s"; break; fi
  sleep 0.05
done
echo "CLI import -> visible on the site: $visible"
stop_app
echo "== total $(seconds "$started" "$(date +%s.%N)") s"
