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

# PostgreSQL for the provider tests (Debian's package; started on loopback, a throwaway role for the tests).
if [ -z "${CMS_TEST_POSTGRES:-}" ]; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    echo "== installing postgresql (Debian package) for the PostgreSQL tests"
    sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
    $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq postgresql >/dev/null || echo "postgresql not installed: its tests will be skipped"
  fi
  if command -v pg_lsclusters >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    cluster=$(pg_lsclusters -h | head -n 1 | awk '{print $1" "$2}')
    if [ -n "$cluster" ]; then
      pg_ctlcluster $cluster start 2>/dev/null || true
      port=$(pg_lsclusters -h | head -n 1 | awk '{print $3}')
      for _ in $(seq 1 50); do su postgres -c "psql -p $port -tAc 'select 1'" >/dev/null 2>&1 && break; sleep 0.2; done
      sql=$(mktemp /tmp/ntcms-role.XXXXXX.sql); chmod 644 "$sql"
      cat >"$sql" <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'ntcms_test') THEN
    CREATE ROLE ntcms_test LOGIN CREATEDB PASSWORD 'ntcms_test';
  END IF;
END $$;
SQL
      su postgres -c "psql -q -p $port -f $sql" >/dev/null && export CMS_TEST_POSTGRES="Host=127.0.0.1;Port=$port;Username=ntcms_test;Password=ntcms_test"
      rm -f "$sql"
    fi
  fi
fi

# Redis for the scale-out test (Debian's package; the test starts its own server on a free loopback port).
if ! command -v redis-server >/dev/null 2>&1; then
  echo "== installing redis-server (Debian package) for the scale-out test"
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq redis-server >/dev/null || echo "redis-server not installed: the scale-out test will fail"
fi
# Tests that need PostgreSQL and Redis fail (rather than skip) here when a server is missing.
export CMS_TEST_REQUIRE_SERVERS=1

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
