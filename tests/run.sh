#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine with the .NET SDK:
#   bash tests/run.sh
# Installs what the tests need when it is missing (Debian packages, npm packages), builds,
# then runs the .NET tests and the web editor's tests. Ends with one line "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

step() { printf '\n== %s\n' "$*"; }

# --- Debian packages: real Redis and PostgreSQL servers (no mocks), Chromium for the editor,
# --- Graphviz to render the DOT diagrams the compiler writes, and what the real Asterisk
# --- (../shared/asterisk, unpacked by the tests) needs: its libraries, sounds and music on hold;
# --- espeak-ng and sox render TTS prompts and transcode uploads (libsox-fmt-mp3: MP3, opus-tools: Opus).
need=()
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
for pkg in libjansson4 libxml2 libxslt1.1 libsqlite3-0 libuuid1 libedit2 libssl3 libcurl4 libpq5 \
           asterisk-core-sounds-en asterisk-core-sounds-en-wav asterisk-moh-opsound-wav \
           espeak-ng sox libsox-fmt-mp3 opus-tools; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v dot >/dev/null 2>&1 || need+=(graphviz)
if [ ${#need[@]} -gt 0 ]; then
  step "Installing ${need[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
    || { echo "Could not install ${need[*]} (apt-get failed); the tests that need them will fail."; }
fi

# --- npm packages for the web editor.
if [ -f editor-web/package-lock.json ]; then
  step "npm ci (editor-web)"
  (cd editor-web && npm ci --no-audit --no-fund --loglevel=error) || echo "npm ci failed"
fi

# --- The ARI description the conformance and simulator-fidelity tests check against lives in the
# --- read-only ../shared beside the repository (not in it); say so up front when it is missing.
if [ ! -f "$root/../shared/asterisk/asterisk-22.10.1-debian12-amd64.tar.gz" ]; then
  echo "warning: $(cd "$root/.." && pwd)/shared/asterisk/ not found: the end-to-end tests on a real Asterisk will fail without it."
fi
if [ ! -d "$root/../shared/ari-spec" ]; then
  echo "warning: $(cd "$root/.." && pwd)/shared/ari-spec not found: clone the repository beside shared/;" \
       "the ARI conformance and simulator-fidelity tests will fail without it."
fi

passed=0
failed=0
status=0
timings=() # "seconds  step" per step, printed at the end so a slow project shows itself
timed() { # timed <label> <command...>: runs the command and records how long it took
  local label=$1 t0=$SECONDS rc
  shift
  "$@"; rc=$?
  timings+=("$(printf '%5d s  %s' $((SECONDS - t0)) "$label")")
  return $rc
}
count() { # adds the counts of one runner's output
  local p f
  p=$(grep -Eo 'Passed: +[0-9]+' "$1" | awk '{s+=$2} END {print s+0}')
  f=$(grep -Eo 'Failed: +[0-9]+' "$1" | awk '{s+=$2} END {print s+0}')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
}

step "dotnet build"
if ! timed "dotnet build" dotnet build Callytics.Compiler.sln -c Release -v q -nologo; then
  echo "0 passed, 1 failed"
  exit 1
fi

# One test assembly at a time: several of them start servers and compile with Roslyn, and on
# 2 cores running them side by side only adds contention (and timing noise) without saving time.
for project in tests/*/*.Tests.csproj; do
  step "dotnet test $(basename "$project" .csproj)"
  log=$(mktemp)
  t0=$SECONDS
  dotnet test "$project" -c Release --no-build -v q -nologo --logger "console;verbosity=minimal" 2>&1 | tee "$log"
  [ "${PIPESTATUS[0]}" -eq 0 ] || status=1
  timings+=("$(printf '%5d s  %s' $((SECONDS - t0)) "$(basename "$project" .csproj)")")
  count "$log"
done

# One vitest run in editor-web: its output, its exit status, and the counts of its summary line
# ("Tests  183 passed (183)" or "Tests  2 failed | 181 passed (183)"). A run that fails before
# printing a summary counts as one failure.
vitest_step() {
  local label=$1 log p f summary
  shift
  step "editor-web: $label"
  log=$(mktemp)
  local t0=$SECONDS
  (cd editor-web && CI=true NO_COLOR=1 "$@" 2>&1) | tee "$log"
  local rc=${PIPESTATUS[0]}
  timings+=("$(printf '%5d s  %s' $((SECONDS - t0)) "editor-web: $label")")
  summary=$(sed 's/\x1b\[[0-9;]*m//g' "$log" | grep -E '^ *Tests +' | tail -1)
  p=$(echo "$summary" | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+')
  f=$(echo "$summary" | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0}))
  if [ "$rc" -ne 0 ]; then
    status=1
    [ -n "$p$f" ] || failed=$((failed + 1))
  fi
}

if [ -f editor-web/package.json ]; then
  vitest_step "unit tests" npm test --silent
  # The editor's rules against the compiler just built, on 400 mutated flows: same ids, same places.
  vitest_step "parity with callyc" npx vitest run --config vitest.parity.config.ts
  grep -q '"test:e2e"' editor-web/package.json && vitest_step "browser tests" npm run --silent test:e2e
fi

step "time per step"
printf '%s\n' "${timings[@]}"
printf '%5d s  whole suite (installs included)\n' "$SECONDS"

echo
echo "${passed} passed, ${failed} failed"
exit $status
