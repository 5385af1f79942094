#!/usr/bin/env bash
# The package test: packs src/Harness, installs the package into a fresh console app from a local
# folder feed (as a new library user would), and runs a child process, a queue, a pool and a lock
# from it. Prints "PASS package ..." or "FAIL package ..." and exits 0 or 1.
set -uo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
# The app restores into a packages folder of its own, so it always gets the package just built
# (never an older build of the same version from the machine's cache). Its other packages come
# from the machine's cache when they are there, else from nuget.org.
export NUGET_PACKAGES="$work/packages"

fail() { echo "FAIL package: $1"; [ -f "$work/log" ] && tail -n 30 "$work/log"; exit 1; }

dotnet pack "$root/src/Harness" -c Release -o "$work/feed" >"$work/log" 2>&1 || fail "dotnet pack failed"
nupkg=$(ls "$work"/feed/Harness.Multiprocessing.*.nupkg 2>/dev/null | grep -v '\.snupkg$' | head -n 1)
[ -n "$nupkg" ] || fail "dotnet pack made no Harness.Multiprocessing package"
[ -n "$(ls "$work"/feed/*.snupkg 2>/dev/null)" ] || fail "no symbol package (.snupkg) beside the package"
listing=$(unzip -l "$nupkg")
for part in README.md lib/net10.0/Harness.dll lib/net10.0/Harness.xml; do
  grep -q " $part\$" <<<"$listing" || fail "the package has no $part"
done
version=$(basename "$nupkg" .nupkg); version=${version#Harness.Multiprocessing.}

mkdir "$work/app" && cd "$work/app" || fail "no app folder"
dotnet new console --framework net10.0 >"$work/log" 2>&1 || fail "dotnet new console failed"
cp "$root/tests/Package/Program.cs" Program.cs
dotnet new nugetconfig >"$work/log" 2>&1 || fail "dotnet new nugetconfig failed"
dotnet nuget add source "$work/feed" --name local-build >"$work/log" 2>&1 || fail "adding the local feed failed"
if [ -d "$HOME/.nuget/packages" ]; then
  dotnet nuget add source "$HOME/.nuget/packages" --name machine-cache >"$work/log" 2>&1
fi
dotnet nuget add source https://api.nuget.org/v3/index.json --name nuget.org >"$work/log" 2>&1
dotnet add package Harness.Multiprocessing --version "$version" >"$work/log" 2>&1 || fail "dotnet add package Harness.Multiprocessing $version failed"
dotnet build -c Release >"$work/log" 2>&1 || fail "the app did not build against the package"
timeout 300 dotnet run -c Release --no-build >"$work/out" 2>"$work/err" || { cat "$work/out" "$work/err" >"$work/log"; fail "the app failed (exit $?)"; }

expected="process: exit 0, printed 'aaa'
queue: 499667166000
pool: [0, 1, 4, 9, 16, 25, 36, 49, 64, 81] 4
lock: 40"
actual=$(grep -E '^(process|queue|pool|lock):' "$work/out")
if [ "$actual" != "$expected" ]; then
  { echo "expected:"; echo "$expected"; echo "got:"; cat "$work/out" "$work/err"; } >"$work/log"
  fail "the app printed something else"
fi
grep -q '^\[MpProcess-1\] aaa$' "$work/out" || { cat "$work/out" >"$work/log"; fail "the child's line was not forwarded as '[MpProcess-1] aaa'"; }
echo "PASS package: Harness.Multiprocessing $version installs from a folder feed and runs a process, a queue, a pool and a lock"
