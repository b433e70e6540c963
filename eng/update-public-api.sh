#!/usr/bin/env bash
# Adds every public symbol the PublicApiAnalyzers report as undeclared (RS0016) to the
# project's PublicAPI.Unshipped.txt, so a deliberate change to the surface is one command.
set -euo pipefail
cd "$(dirname "$0")/.."
for project in src/*/; do
  csproj=$(realpath "$project"/*.csproj)
  out=$(dotnet build "$csproj" --no-incremental 2>&1 || true)
  grep -F "[$csproj]" <<<"$out" \
    | grep -oP "error RS0016: Symbol '\K.*(?=' is not part of the declared public API)" \
    | sort -u >>"$project/PublicAPI.Unshipped.txt" || true
  { head -n 1 "$project/PublicAPI.Unshipped.txt"; tail -n +2 "$project/PublicAPI.Unshipped.txt" | sort -u; } >"$project/PublicAPI.tmp"
  mv "$project/PublicAPI.tmp" "$project/PublicAPI.Unshipped.txt"
done
