#!/usr/bin/env bash
# Throughput of the public pages against nginx serving the very same bytes, in one run on this machine.
# Loopback only; every load run is bounded in time. Prints requests/s, p99 latency and the ratio app/nginx.
# Usage: bench/run.sh [seconds-per-run (default 10)] [connections (default 32)]
# BENCH_ONLY=graphql runs only the GraphQL rows (the pages are still saved, so nginx has the same files);
# BENCH_ONLY=pages leaves the GraphQL rows out.
# BENCH_ENCODING=br (or gzip) asks the app for that content coding and has nginx serve the very bytes it answered, with
# the same Content-Encoding; BENCH_PAGES="/ /chart" measures only those paths.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
only=${BENCH_ONLY:-}
encoding=${BENCH_ENCODING:-}
accept=(); [ -n "$encoding" ] && accept=(-H "Accept-Encoding: $encoding")
connections=${2:-32}
app_port=5190
nginx_port=5191
work=$(mktemp -d)
trap 'kill $(cat "$work/app.pid") 2>/dev/null || true; nginx -c "$work/nginx.conf" -s stop 2>/dev/null || true; rm -rf "$work"' EXIT

need=()
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || need+=(nginx)
if [ ${#need[@]} -gt 0 ]; then
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq "${need[@]}" >/dev/null
fi

echo "== publishing the app (Release)"
dotnet publish src/NetTroubleCms.Web -c Release --use-current-runtime --self-contained false -o "$work/app" --nologo -v quiet >/dev/null
# The API's per-IP rate limit would answer most of the load with 429; lift it so every response is a real page.
Cms__PublicBaseUrl="http://127.0.0.1:$app_port" Cms__DataDirectory="$work/data" Cms__AdminPassword='Bench-Admin-Pass-1!' ASPNETCORE_URLS="http://127.0.0.1:$app_port" \
  Cms__Api__RateLimit__PermitLimit=1000000000 \
  Logging__LogLevel__Default=Warning dotnet "$work/app/NetTroubleCms.Web.dll" >"$work/app.log" 2>&1 &
echo $! >"$work/app.pid"
t0=$(date +%s.%N)
for _ in $(seq 1 400); do curl -sf -o /dev/null "http://127.0.0.1:$app_port/health/ready" && break; sleep 0.05; done
echo "cold start (fresh data folder, seeded): $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') s to ready"
kill "$(cat "$work/app.pid")"; wait "$(cat "$work/app.pid")" 2>/dev/null || true
Cms__PublicBaseUrl="http://127.0.0.1:$app_port" Cms__DataDirectory="$work/data" ASPNETCORE_URLS="http://127.0.0.1:$app_port" Cms__Api__RateLimit__PermitLimit=1000000000 \
  Logging__LogLevel__Default=Warning dotnet "$work/app/NetTroubleCms.Web.dll" >"$work/app.log" 2>&1 &
echo $! >"$work/app.pid"
t0=$(date +%s.%N)
for _ in $(seq 1 400); do curl -sf -o /dev/null "http://127.0.0.1:$app_port/health/ready" && break; sleep 0.05; done
echo "warm start (same data folder):         $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') s to ready"

pages=("/" "/guide" "/guide/trouble/consult" "/chart" "/agencies" "/agencies/houterasu" "/api/v1/guide"
       "/api/v1/agencies" "/api/v1/agencies?kind=phone&culture=en" "/api/v1/opendata/hsds.json"
       "/api/v1/opendata/agencies.csv" "/theme/site.css")
[ -n "${BENCH_PAGES:-}" ] && read -r -a pages <<<"$BENCH_PAGES"
mkdir -p "$work/static"
for page in "${pages[@]}"; do
  name=$(echo "$page" | tr '/?&=' '____'); [ "$name" = "_" ] && name="_index"
  # Saved as sent: with BENCH_ENCODING these are the compressed bytes, which nginx then serves as they are.
  curl -sf "${accept[@]}" "http://127.0.0.1:$app_port$page" -o "$work/static/$name.html"
done
# nginx workers run as an unprivileged user: they must be able to read the copied pages.
chmod 755 "$work" "$work/static" && chmod 644 "$work/static"/*
cat >"$work/nginx.conf" <<CONF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/nginx-error.log;
events { worker_connections 1024; }
http {
  access_log off;
  default_type "text/html; charset=utf-8";
  server { listen 127.0.0.1:$nginx_port; root $work/static;${encoding:+ add_header Content-Encoding $encoding; add_header Vary Accept-Encoding;} }
}
CONF
nginx -c "$work/nginx.conf"

# Warm up every measured page (JIT tiers and per-snapshot caches settle) so the first row is not the one paying for it.
for page in "${pages[@]}"; do wrk -t2 -c"$connections" -d2s "${accept[@]}" "http://127.0.0.1:$app_port$page" >/dev/null; done
wrk -t2 -c8 -d2s "http://127.0.0.1:$nginx_port/" >/dev/null
printf "\n%-28s %12s %12s %10s %10s %8s\n" "page" "app req/s" "nginx req/s" "app p99" "nginx p99" "ratio"
[ "$only" = "graphql" ] && pages=()
for page in "${pages[@]}"; do
  name=$(echo "$page" | tr '/?&=' '____'); [ "$name" = "_" ] && name="_index"
  bytes=$(wc -c <"$work/static/$name.html")
  app=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "${accept[@]}" "http://127.0.0.1:$app_port$page")
  ngx=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "${accept[@]}" "http://127.0.0.1:$nginx_port/$name.html")
  app_rps=$(echo "$app" | awk '/Requests\/sec/ {print $2}')
  ngx_rps=$(echo "$ngx" | awk '/Requests\/sec/ {print $2}')
  app_p99=$(echo "$app" | awk '$1=="99%" {print $2}')
  ngx_p99=$(echo "$ngx" | awk '$1=="99%" {print $2}')
  ratio=$(awk -v a="$app_rps" -v n="$ngx_rps" 'BEGIN { printf "%.2f", a / n }')
  # A run that answered errors measures nothing: say so instead of printing a flattering number.
  if echo "$app" | grep -q "Non-2xx"; then ratio="INVALID(app: $(echo "$app" | awk '/Non-2xx/ {print $5}') non-2xx)"; fi
  if echo "$ngx" | grep -q "Non-2xx"; then ratio="INVALID(nginx: $(echo "$ngx" | awk '/Non-2xx/ {print $5}') non-2xx)"; fi
  printf "%-28s %12s %12s %10s %10s %8s  (%s bytes)\n" "$page" "$app_rps" "$ngx_rps" "$app_p99" "$ngx_p99" "$ratio" "$bytes"
done

# One load run of the app against nginx serving the saved answer.
# Usage: compare LABEL APP_URL NGINX_URL [HEADER FOR NGINX, or ""] [wrk arguments for the app (headers, script)...]
compare() {
  local label=$1 app_url=$2 ngx_url=$3 ngx_header=${4:-}; shift 3; [ $# -gt 0 ] && shift
  local app ngx app_rps ngx_rps ratio
  app=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$@" "$app_url")
  if [ -n "$ngx_header" ]; then ngx=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -H "$ngx_header" "$ngx_url")
  else ngx=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "$ngx_url"); fi
  app_rps=$(echo "$app" | awk '/Requests\/sec/ {print $2}'); ngx_rps=$(echo "$ngx" | awk '/Requests\/sec/ {print $2}')
  ratio=$(awk -v a="$app_rps" -v n="$ngx_rps" 'BEGIN { printf "%.2f", a / n }')
  # A revalidation row expects 304 on both sides; any other row that answered errors measures nothing.
  if [[ "$label" != *"(304)"* ]]; then
    if echo "$app" | grep -q "Non-2xx"; then ratio="INVALID(app: $(echo "$app" | awk '/Non-2xx/ {print $5}') non-2xx)"; fi
    if echo "$ngx" | grep -q "Non-2xx"; then ratio="INVALID(nginx: $(echo "$ngx" | awk '/Non-2xx/ {print $5}') non-2xx)"; fi
  fi
  printf "%-28s %12s %12s %10s %10s %8s\n" "$label" "$app_rps" "$ngx_rps" "$(echo "$app" | awk '$1=="99%" {print $2}')" \
    "$(echo "$ngx" | awk '$1=="99%" {print $2}')" "$ratio"
}

# A revalidation: the app answers 304 from the snapshot's ETag; nginx answers 304 from the file's own ETag.
if [ "$only" != "graphql" ] && [ -f "$work/static/_index.html" ]; then
  etag=$(curl -sI "${accept[@]}" "http://127.0.0.1:$app_port/" | awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r')
  ngx_etag=$(curl -sI "http://127.0.0.1:$nginx_port/_index.html" | awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r')
  compare "/ (304)" "http://127.0.0.1:$app_port/" "http://127.0.0.1:$nginx_port/_index.html" "If-None-Match: $ngx_etag" "${accept[@]}" -H "If-None-Match: $etag"
fi
if [ "$only" = "pages" ]; then
  echo; echo "ratio = app requests/s ÷ nginx requests/s for the same bytes (1.00 would match nginx); ${encoding:-uncompressed} on both sides."
  exit 0
fi

# GraphQL: the query of the performance issue as a POST, as a GET, and as an automatic persisted query (the hash
# registered once by a POST, then GET by hash, then revalidated); nginx serves the saved answer to a GET.
gql='{ agency(first:50){ contentItemId displayText } }'
hash=$(printf '%s' "$gql" | sha256sum | cut -d' ' -f1)
urlencode() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }
query='{"query":"'"$gql"'"}'
curl -sf -H "Content-Type: application/json" -d "$query" "http://127.0.0.1:$app_port/api/graphql" -o "$work/static/graphql.html" || echo "(GraphQL query failed)"
chmod 644 "$work/static/graphql.html"
ngx_gql="http://127.0.0.1:$nginx_port/graphql.html"
ngx_gql_etag=$(curl -sI "$ngx_gql" | awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r')
printf 'wrk.method = "POST"\nwrk.body = [[%s]]\nwrk.headers["Content-Type"] = "application/json"\n' "$query" >"$work/post.lua"
compare "GraphQL POST" "http://127.0.0.1:$app_port/api/graphql" "$ngx_gql" "" -s "$work/post.lua"
compare "GraphQL GET ?query=" "http://127.0.0.1:$app_port/api/graphql?query=$(urlencode "$gql")" "$ngx_gql"
extensions='{"persistedQuery":{"version":1,"sha256Hash":"'"$hash"'"}}'
curl -sf -o /dev/null -H "Content-Type: application/json" -d '{"query":"'"$gql"'","extensions":'"$extensions"'}' "http://127.0.0.1:$app_port/api/graphql" \
  || echo "(persisted query registration failed)"
persisted="http://127.0.0.1:$app_port/api/graphql?extensions=$(urlencode "$extensions")"
compare "GraphQL persisted GET" "$persisted" "$ngx_gql"
gql_etag=$(curl -s -D - -o /dev/null "$persisted" | awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r')
if [ -n "$gql_etag" ]; then
  compare "GraphQL persisted (304)" "$persisted" "$ngx_gql" "If-None-Match: $ngx_gql_etag" -H "If-None-Match: $gql_etag"
else
  echo "GraphQL persisted (304): the persisted GET sent no ETag"
fi
echo
echo "ratio = app requests/s ÷ nginx requests/s for the same bytes (1.00 would match nginx); ${encoding:-uncompressed} on both sides."
