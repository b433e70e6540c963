#!/usr/bin/env bash
# Builds the solution and runs every test project, on a fresh Debian machine with only the
# .NET SDK: what the tests need (PostgreSQL's server binaries, Chromium) is installed from
# Debian's packages when missing. The integration tests start their own throwaway PostgreSQL
# cluster unless MYSOCIUM_TEST_POSTGRES names a server. Ends with "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else echo "test.sh: installing needs root or sudo: $*" >&2; return 1
  fi
}

install_missing_packages() {
  local missing=()
  if [ -z "${MYSOCIUM_TEST_POSTGRES:-}" ] && ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
    missing+=(postgresql)
  fi
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  [ ${#missing[@]} -eq 0 ] && return 0

  echo "test.sh: installing ${missing[*]} from Debian's packages"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

summary() { echo "$1 passed, $2 failed, $3 skipped"; }

if ! install_missing_packages; then
  echo "test.sh: could not install the packages the tests need" >&2
  summary 0 1 0
  exit 1
fi

if ! dotnet build MySocium.Gdpr.sln -c Release -nologo -clp:ErrorsOnly; then
  echo "test.sh: the build failed" >&2
  summary 0 1 0
  exit 1
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
dotnet test --solution MySocium.Gdpr.sln -c Release --no-build --no-progress --timeout 15m "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

count() { grep -oP "^\s*$1:\s*\K\d+" "$log" | tail -n 1; }
passed=$(count succeeded); failed=$(count failed); skipped=$(count skipped)
passed=${passed:-0}; failed=${failed:-0}; skipped=${skipped:-0}
# Repeat each failure's name and message next to the summary, where a truncated log still shows them.
if [ "$failed" -gt 0 ]; then
  echo "Failed tests:"
  grep -A 6 -E '^failed ' "$log"
fi
# A crashed or aborted test host fails the run even when no single test reported failure.
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi

summary "$passed" "$failed" "$skipped"
[ "$status" -eq 0 ]
