#!/usr/bin/env bash
# Runs the whole test suite the way CI does: installs what the tests need (Azurite from npm, Chromium from Debian, the
# deployment checks' tools through scripts/check-deploy.sh),
# runs `dotnet test` with TRX results, and prints one summary line: `tests: N passed, N failed`.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

tools="$root/.tools"
mkdir -p "$tools"

# Azurite: the tests start and stop their own instances on free loopback ports from this binary.
if [ ! -x "$tools/node_modules/.bin/azurite" ]; then
  (cd "$tools" && npm install --no-audit --no-fund --silent azurite@3 >/dev/null)
fi
export KARDIAFLOW_AZURITE_BIN="$tools/node_modules/.bin/azurite"

# Chromium for the web-page tests (Debian package); optional when not root.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) || echo "chromium could not be installed; browser tests will fail" >&2
fi

# The deployment checks' tools (npm packages in .tools/, Debian shellcheck); tests/Deploy.Tests fails without them.
bash "$root/scripts/check-deploy.sh" --install || echo "the deployment checks' tools could not be installed; tests/Deploy.Tests will fail" >&2

# The NuGet vulnerability audit (scripts/nuget-audit.sh): a known vulnerability fails the run; "NOT RUN" (no
# vulnerability data can be had, as on a machine whose package source is a mirror without advisories) is said, not passed.
set +e
bash "$root/scripts/nuget-audit.sh"
audit=$?
set -e

results="$root/TestResults"
rm -rf "$results"
set +e
dotnet test Kardiaflow.sln -c Release --logger "trx" --results-directory "$results" "$@"
status=$?
set -e

passed=0; failed=0
for f in "$results"/*.trx; do
  [ -f "$f" ] || continue
  p=$(grep -o '<Counters [^>]*' "$f" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*' || echo 0)
  q=$(grep -o '<Counters [^>]*' "$f" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*' || echo 0)
  passed=$((passed + ${p:-0})); failed=$((failed + ${q:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # A build error or a crashed test host produces no failed counter: count it as one failure.
  failed=1
fi
if [ "$audit" -eq 1 ]; then
  echo "the NuGet vulnerability audit found vulnerable packages (above)" >&2
  [ "$status" -ne 0 ] || status=1
fi
echo "tests: $passed passed, $failed failed"
exit "$status"
