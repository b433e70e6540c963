#!/usr/bin/env bash
# Brings each project's PublicAPI.Unshipped.txt in line with its code: adds the public symbols
# the PublicApiAnalyzers report as undeclared (RS0016) and drops those reported as gone (RS0017),
# so a deliberate change to the surface is one command and shows in review.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/; do
  csproj=$(realpath "$project"/*.csproj)
  unshipped="$project/PublicAPI.Unshipped.txt"
  out=$(dotnet build "$csproj" --no-incremental 2>&1 || true)
  mine=$(grep -F "[$csproj]" <<<"$out" || true)
  gone=$(grep -oP "error RS0017: Symbol '\K.*(?=' is part of the declared API)" <<<"$mine" | sort -u || true)
  {
    tail -n +2 "$unshipped" | grep -vxF -f <(printf '%s\n' "$gone") || true
    grep -oP "error RS0016: Symbol '\K.*(?=' is not part of the declared public API)" <<<"$mine" || true
  } | sort -u | grep -v '^$' >"$project/PublicAPI.tmp" || true
  { head -n 1 "$unshipped"; cat "$project/PublicAPI.tmp"; } >"$unshipped.new"
  mv "$unshipped.new" "$unshipped"
  rm -f "$project/PublicAPI.tmp"
done
