#!/usr/bin/env bash
# Throughput of the public pages against nginx serving the very same bytes, in one run on this machine.
# Loopback only; every load run is bounded in time. Prints requests/s, p99 latency and the ratio app/nginx.
# Usage: bench/run.sh [seconds-per-run (default 10)] [connections (default 32)]
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10}
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
dotnet publish src/NetTroubleCms.Web -c Release -o "$work/app" --nologo -v quiet >/dev/null
# The API's per-IP rate limit would answer most of the load with 429; lift it so every response is a real page.
Cms__PublicBaseUrl="http://127.0.0.1:$app_port" Cms__DataDirectory="$work/data" Cms__AdminPassword='Bench-Admin-Pass-1!' ASPNETCORE_URLS="http://127.0.0.1:$app_port" \
  Cms__Api__RateLimit__PermitLimit=1000000000 \
  Logging__LogLevel__Default=Warning dotnet "$work/app/NetTroubleCms.Web.dll" >"$work/app.log" 2>&1 &
echo $! >"$work/app.pid"
t0=$(date +%s.%N)
for _ in $(seq 1 400); do curl -sf -o /dev/null "http://127.0.0.1:$app_port/health/ready" && break; sleep 0.05; done
echo "cold start (fresh data folder, seeded): $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') s to ready"
kill "$(cat "$work/app.pid")"; wait "$(cat "$work/app.pid")" 2>/dev/null || true
Cms__DataDirectory="$work/data" ASPNETCORE_URLS="http://127.0.0.1:$app_port" Cms__Api__RateLimit__PermitLimit=1000000000 \
  Logging__LogLevel__Default=Warning dotnet "$work/app/NetTroubleCms.Web.dll" >"$work/app.log" 2>&1 &
echo $! >"$work/app.pid"
t0=$(date +%s.%N)
for _ in $(seq 1 400); do curl -sf -o /dev/null "http://127.0.0.1:$app_port/health/ready" && break; sleep 0.05; done
echo "warm start (same data folder):         $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.2f", b - a }') s to ready"

pages=("/" "/guide" "/guide/trouble/consult" "/chart" "/agencies" "/agencies/houterasu" "/api/v1/guide"
       "/api/v1/agencies" "/api/v1/agencies?kind=phone&culture=en" "/api/v1/opendata/hsds.json")
mkdir -p "$work/static"
for page in "${pages[@]}"; do
  name=$(echo "$page" | tr '/?&=' '____'); [ "$name" = "_" ] && name="_index"
  curl -sf "http://127.0.0.1:$app_port$page" -o "$work/static/$name.html"
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
  server { listen 127.0.0.1:$nginx_port; root $work/static; }
}
CONF
nginx -c "$work/nginx.conf"

# Warm up both servers so JIT and caches settle before measuring.
wrk -t2 -c8 -d2s "http://127.0.0.1:$app_port/" >/dev/null
printf "\n%-28s %12s %12s %10s %10s %8s\n" "page" "app req/s" "nginx req/s" "app p99" "nginx p99" "ratio"
for page in "${pages[@]}"; do
  name=$(echo "$page" | tr '/?&=' '____'); [ "$name" = "_" ] && name="_index"
  bytes=$(wc -c <"$work/static/$name.html")
  app=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$app_port$page")
  ngx=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$nginx_port/$name.html")
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

# A revalidation: the app answers 304 from the snapshot's ETag; nginx answers 304 from the file's own ETag.
etag=$(curl -sI "http://127.0.0.1:$app_port/" | awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r')
ngx_etag=$(curl -sI "http://127.0.0.1:$nginx_port/_index.html" | awk 'tolower($1)=="etag:" {print $2}' | tr -d '\r')
app=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -H "If-None-Match: $etag" "http://127.0.0.1:$app_port/")
ngx=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -H "If-None-Match: $ngx_etag" "http://127.0.0.1:$nginx_port/_index.html")
app_rps=$(echo "$app" | awk '/Requests\/sec/ {print $2}'); ngx_rps=$(echo "$ngx" | awk '/Requests\/sec/ {print $2}')
printf "%-28s %12s %12s %10s %10s %8s\n" "/ (304)" "$app_rps" "$ngx_rps" "$(echo "$app" | awk '$1=="99%" {print $2}')" \
  "$(echo "$ngx" | awk '$1=="99%" {print $2}')" "$(awk -v a="$app_rps" -v n="$ngx_rps" 'BEGIN { printf "%.2f", a / n }')"

# GraphQL: the same query as the issue, as a POST; nginx serves the saved answer to a GET.
query='{"query":"{ agency(first:50){ contentItemId displayText } }"}'
curl -sf -H "Content-Type: application/json" -d "$query" "http://127.0.0.1:$app_port/api/graphql" -o "$work/static/graphql.html" || echo "(GraphQL query failed)"
printf 'wrk.method = "POST"\nwrk.body = [[%s]]\nwrk.headers["Content-Type"] = "application/json"\n' "$query" >"$work/post.lua"
app=$(wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$work/post.lua" "http://127.0.0.1:$app_port/api/graphql")
ngx=$(wrk -t2 -c"$connections" -d"${duration}s" --latency "http://127.0.0.1:$nginx_port/graphql.html")
app_rps=$(echo "$app" | awk '/Requests\/sec/ {print $2}'); ngx_rps=$(echo "$ngx" | awk '/Requests\/sec/ {print $2}')
printf "%-28s %12s %12s %10s %10s %8s\n" "GraphQL agency(first:50)" "$app_rps" "$ngx_rps" "$(echo "$app" | awk '$1=="99%" {print $2}')" \
  "$(echo "$ngx" | awk '$1=="99%" {print $2}')" "$(awk -v a="$app_rps" -v n="$ngx_rps" 'BEGIN { printf "%.2f", a / n }')"
echo
echo "ratio = app requests/s ÷ nginx requests/s for the same bytes (1.00 would match nginx); uncompressed on both sides."
