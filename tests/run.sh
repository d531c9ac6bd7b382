#!/usr/bin/env bash
# Builds with warnings as errors and runs every test project (engine, integration, browser).
# Installs Debian's chromium for the browser tests when it is missing. Ends with one line: "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

if ! command -v chromium >/dev/null 2>&1; then
  echo "== installing chromium (Debian package) for the browser tests"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq chromium fonts-noto-cjk >/dev/null || {
    echo "could not install chromium"; echo "0 passed, 1 failed"; exit 1; }
fi

echo "== restore"
dotnet restore NetTroubleCms.sln || { echo "0 passed, 1 failed"; exit 1; }
echo "== build (Release, warnings are errors)"
dotnet build NetTroubleCms.sln -c Release --no-restore -warnaserror || { echo "0 passed, 1 failed"; exit 1; }
echo "== format check"
dotnet format NetTroubleCms.sln whitespace --verify-no-changes --no-restore || { echo "formatting differs: run 'dotnet format NetTroubleCms.sln whitespace'"; echo "0 passed, 1 failed"; exit 1; }

echo "== test"
log=$(mktemp)
dotnet test NetTroubleCms.sln -c Release --no-build 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# dotnet test prints one summary per assembly: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12 ..."
read -r passed failed skipped < <(grep -E '^(Passed|Failed)! +- +Failed: ' "$log" | awk -F'[:,]' '
  { f += $2; p += $4; s += $6 } END { printf "%d %d %d\n", p, f, s }')
assemblies=$(grep -cE '^(Passed|Failed)! +- +Failed: ' "$log" || true)
rm -f "$log"
if [ "$status" -ne 0 ] && [ "${failed:-0}" -eq 0 ]; then
  failed=1  # the run broke before a summary (crash, missing runtime): count it as a failure
fi
echo "test assemblies: ${assemblies}"
echo "${passed:-0} passed, ${failed:-0} failed, ${skipped:-0} skipped"
[ "$status" -eq 0 ] && [ "${failed:-0}" -eq 0 ]
