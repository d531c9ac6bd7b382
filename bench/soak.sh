#!/usr/bin/env bash
# Soak: N seconds of public reads at full rate plus one publish per second through the admin, on one instance.
# Passes when there were 0 read errors, every publish was acknowledged and visible on the public page right after,
# and the app's resident memory grew by at most 10 % from after warm-up to the end. The warm-up runs the same reads and
# publishes first, so code compiled on first use and re-compiled when hot (tiered JIT) and the GC's working budgets
# are in the baseline: what grows after it is what the soak is looking for.
# Usage: bench/soak.sh [seconds (default 300)] [connections (default 32)] [warm-up seconds (default 30)]
# Loopback only; uses wrk when installed (Debian package wrk), else a small curl loop; python3 drives the admin.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-300}
connections=${2:-32}
warmup=${3:-30}
work=$(mktemp -d)
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
base="http://127.0.0.1:$port"
password='Soak-Admin-Pass-1!'
trap 'kill $(cat "$work/app.pid" 2>/dev/null) 2>/dev/null || true; rm -rf "$work"' EXIT

echo "== publishing the app (Release)"
dotnet publish src/NetTroubleCms.Web -c Release --use-current-runtime --self-contained false -o "$work/app" --nologo -v quiet >/dev/null
# The API's per-IP rate limit would answer most of the load with 429; lift it so every response is a real page.
Cms__PublicBaseUrl="$base" Cms__DataDirectory="$work/data" Cms__AdminPassword="$password" ASPNETCORE_URLS="$base" \
  Cms__Api__RateLimit__PermitLimit=1000000000 \
  Logging__LogLevel__Default=Warning dotnet "$work/app/NetTroubleCms.Web.dll" >"$work/app.log" 2>&1 &
echo $! >"$work/app.pid"
pid=$(cat "$work/app.pid")
for _ in $(seq 1 300); do curl -sf -o /dev/null "$base/health/ready" && break; sleep 0.2; done
curl -sf -o /dev/null "$base/health/ready" || { echo "the app did not start"; cat "$work/app.log"; exit 1; }

paths=("/" "/agencies/houterasu" "/guide/trouble/consult" "/chart" "/api/v1/guide" "/api/v1/agencies?culture=en")
for _ in 1 2 3; do for p in "${paths[@]}"; do curl -sf -o /dev/null "$base$p"; done; done
rss() { awk '/^VmRSS/ {print $2}' "/proc/$pid/status"; }
cat >"$work/paths.lua" <<LUA
paths = { $(printf '"%s", ' "${paths[@]}") }
i = 0
request = function() i = i % #paths + 1; return wrk.format("GET", paths[i]) end
LUA

# Publisher: signs in like a browser and publishes a changed title once per second, checking each is visible.
cat >"$work/publish.py" <<'PY'
import html.parser, http.cookiejar, sys, time, urllib.error, urllib.parse, urllib.request
base, password, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
item, page_path = "63r3gb96aszsk7ks37ks2pqs94", "/agencies/houterasu"

class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None

opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect())

def request(path, data=None):
    body = urllib.parse.urlencode([tuple(f) for f in data]).encode() if data is not None else None
    try:
        with opener.open(base + path, body, timeout=30) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")

class MainForm(html.parser.HTMLParser):
    """The fields a browser would post for the first form inside <main>."""
    def __init__(self):
        super().__init__()
        self.main = self.form = self.done = False
        self.fields, self.textarea, self.select = [], None, None
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "main": self.main = True
        elif tag == "form" and self.main and not self.done: self.form = True
        if not self.form or "disabled" in a: return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button"): return
            if kind in ("checkbox", "radio") and "checked" not in a: return
            self.fields.append([name, a.get("value", "on" if kind in ("checkbox", "radio") else "")])
        elif tag == "textarea" and name:
            self.textarea = [name, ""]; self.fields.append(self.textarea)
        elif tag == "select" and name:
            self.select = [name, None, None]
        elif tag == "option" and self.select is not None:
            value = a.get("value", "")
            if self.select[2] is None: self.select[2] = value
            if "selected" in a: self.select[1] = value
    def handle_data(self, data):
        if self.textarea is not None: self.textarea[1] += data
    def handle_endtag(self, tag):
        if tag == "textarea" and self.textarea is not None:
            if self.textarea[1].startswith("\n"): self.textarea[1] = self.textarea[1][1:]
            self.textarea = None
        elif tag == "select" and self.select is not None:
            self.fields.append([self.select[0], self.select[1] if self.select[1] is not None else (self.select[2] or "")]); self.select = None
        elif tag == "form" and self.form: self.form, self.done = False, True

def form(html_text):
    parser = MainForm(); parser.feed(html_text); return parser.fields

status, page = request("/admin/login")
fields = [f for f in form(page) if f[0] not in ("UserName", "Password")] + [["UserName", "admin"], ["Password", password]]
status, _ = request("/admin/login", fields)
if status != 302: sys.exit(f"sign-in failed: {status}")

title = "法的トラブル解決のための「総合案内所」 法テラス"
published = failed = invisible = 0
latencies = []
deadline = time.monotonic() + seconds
n = 0
while time.monotonic() < deadline:
    tick = time.monotonic()
    n += 1
    status, page = request(f"/admin/contents/{item}/edit")
    fields = form(page)
    new = f"サンプル見出し soak {n}"
    hits = [f for f in fields if f[1] == title]
    if status != 200 or not hits:
        failed += 1; print(f"publish {n}: editor {status}", file=sys.stderr)
    else:
        hits[0][1] = new
        start = time.monotonic()
        status, body = request(f"/admin/contents/{item}/edit", fields + [["command", "publish"]])
        if status != 302:
            failed += 1; print(f"publish {n}: {status} {body[:300]}", file=sys.stderr)
        else:
            published += 1; title = new
            s, public = request(page_path)
            latencies.append((time.monotonic() - start) * 1000)
            if new not in public: invisible += 1; print(f"publish {n}: not visible", file=sys.stderr)
    time.sleep(max(0, 1 - (time.monotonic() - tick)))
latencies.sort()
p50 = latencies[len(latencies) // 2] if latencies else 0
top = latencies[-1] if latencies else 0
print(f"publishes {published}, failed {failed}, not visible {invisible}, publish+visible p50 {p50:.0f} ms, max {top:.0f} ms")
sys.exit(1 if failed or invisible or not published else 0)
PY

python3 "$work/publish.py" "$base" "$password" "$((warmup + duration))" >"$work/publish.out" 2>"$work/publish.err" &
publisher=$!
echo "== warm-up: ${warmup}s of the same reads and publishes"
if command -v wrk >/dev/null; then
  wrk -t2 -c"$connections" -d"${warmup}s" --timeout 10s -s "$work/paths.lua" "$base" >/dev/null
else
  end=$(( $(date +%s) + warmup ))
  while [ "$(date +%s)" -lt "$end" ]; do for p in "${paths[@]}"; do curl -s -o /dev/null "$base$p"; done; done
fi
rss_start=$(rss)

echo "== soak: ${duration}s of reads (${connections} connections) + 1 publish/s"

peak=$rss_start
sample_rss() { while kill -0 "$publisher" 2>/dev/null; do r=$(rss); echo "$r" >>"$work/rss.log"; [ "$r" -gt "$peak" ] && peak=$r && echo "$peak" >"$work/peak"; sleep 1; done; }
echo "$peak" >"$work/peak"
sample_rss &
sampler=$!

read_errors=0; requests=0
if command -v wrk >/dev/null; then
  out=$(wrk -t2 -c"$connections" -d"${duration}s" --timeout 10s -s "$work/paths.lua" "$base")
  echo "$out" | sed -n '/Latency/p;/Requests\/sec/p;/requests in/p;/Socket errors/p;/Non-2xx/p'
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  non2xx=$(echo "$out" | awk '/Non-2xx/ {print $5}')
  socket=$(echo "$out" | awk -F'[ ,]+' '/Socket errors/ {print $5+$7+$9+$11}')
  read_errors=$(( ${non2xx:-0} + ${socket:-0} ))
else
  echo "(wrk not installed: a curl loop with $connections parallel clients)"
  end=$(( $(date +%s) + duration ))
  seq 1 "$connections" | xargs -P "$connections" -I{} bash -c '
    ok=0; bad=0
    while [ "$(date +%s)" -lt '"$end"' ]; do
      for p in '"${paths[*]}"'; do
        code=$(curl -s -o /dev/null -w "%{http_code}" "'"$base"'$p") ; [ "$code" = 200 ] && ok=$((ok+1)) || bad=$((bad+1))
      done
    done; echo "$ok $bad"' >"$work/loop.out"
  requests=$(awk '{s+=$1+$2} END {print s+0}' "$work/loop.out")
  read_errors=$(awk '{s+=$2} END {print s+0}' "$work/loop.out")
fi

publish_status=0; wait "$publisher" || publish_status=$?
kill "$sampler" 2>/dev/null || true
rss_end=$(rss)
peak=$(cat "$work/peak")
growth=$(awk -v a="$rss_start" -v b="$rss_end" 'BEGIN { printf "%.1f", (b - a) * 100 / a }')
echo "reads: ${requests:-0} requests, ${read_errors} errors"
cat "$work/publish.out"; head -n 5 "$work/publish.err"
echo "RSS: start $((rss_start / 1024)) MiB, end $((rss_end / 1024)) MiB, peak $((peak / 1024)) MiB, growth ${growth} %"
echo "RSS every 5 s (MiB): $(awk 'NR % 5 == 1 { printf "%d ", $1 / 1024 }' "$work/rss.log" 2>/dev/null)"

status=0
[ "$read_errors" -eq 0 ] || { echo "FAIL: read errors"; status=1; }
[ "$publish_status" -eq 0 ] || { echo "FAIL: a publish failed or was not visible"; status=1; }
# SOAK_RSS_LIMIT=report (the short run in tests/run.sh): memory is printed, not judged, since 20 s cannot tell the last
# of the warm-up from a leak; the on-demand 5-minute run judges it.
if [ "${SOAK_RSS_LIMIT:-10}" = "report" ]; then
  echo "(RSS growth reported only)"
else
  awk -v g="$growth" -v l="${SOAK_RSS_LIMIT:-10}" 'BEGIN { exit !(g <= l) }' || { echo "FAIL: RSS grew more than ${SOAK_RSS_LIMIT:-10} %"; status=1; }
fi
[ "$status" -eq 0 ] && echo "soak passed"
exit "$status"
