#!/usr/bin/env bash
# How long the learner waits for `kata check NN` (./kata check NN, the script on Linux and macOS):
#   kata_check_unchanged_s   the second run on an unchanged kata that passes
#   kata_check_after_edit_s  the run after a one-line edit of the kata's code
# and both again through `dotnet run --project src/Kata -- check NN` (the command on Windows),
# which pays MSBuild's check of the tool on every command.
# It works in a copy of the repository (the tracked files as they are in the working tree) whose
# kata NN is the reference solution, so nothing of yours is touched. The first run there builds
# everything and is not counted. Each figure is measured RUNS times (default 3); the median is
# printed with the minimum and maximum. Wall times: compare figures from one run of this script.
#
#   bash bench/kata-check.sh [NN] [RUNS]      e.g. bash bench/kata-check.sh 01 5
set -euo pipefail
kata=${1:-01}
runs=${2:-3}
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/kata-check-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

(cd "$repo" && git ls-files -z | tar --null -T - -cf -) | tar -xf - -C "$work"
name=$(cd "$work/katas" && ls -d "$kata"-* 2>/dev/null | head -n 1)
if [ -z "$name" ]; then
  echo "no kata $kata in katas/" >&2
  exit 2
fi
cp -R "$work/solutions/$name/." "$work/katas/$name/"
file=$(cd "$work/katas/$name" && ls ./*.cs | head -n 1)
cd "$work"

check() { ./kata check "$name" > "$work/last-check.txt" 2>&1; }
check_run() { dotnet run --project src/Kata -- check "$name" > "$work/last-check.txt" 2>&1; }
seconds() { # runs the command, prints its wall time in seconds
  local start end
  start=$(date +%s.%N)
  "$@"
  end=$(date +%s.%N)
  awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f\n", b - a }'
}
summary() { # name, then the times: prints "name median unit (min .. max, n runs)"
  local label=$1
  shift
  printf '%s\n' "$@" | sort -g | awk -v name="$label" '
    { v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
      printf "%s %.2f s (min %.2f, max %.2f, %d runs)\n", name, m, v[1], v[NR], NR }'
}

echo "kata check $name in a copy of the repository ($work), $runs runs each; $(nproc) cores"
if ! check; then
  echo "the first check (which builds) did not pass:" >&2
  cat "$work/last-check.txt" >&2
  exit 1
fi

figures() { # label, the check to time: prints its two figures
  local label=$1 how=$2 unchanged=() edited=()
  for _ in $(seq "$runs"); do
    unchanged+=("$(seconds "$how")")
  done
  grep -q "Nothing changed since your last check" "$work/last-check.txt" || echo "note: the unchanged run ran the tests" >&2
  for i in $(seq "$runs"); do
    echo "// edit $label $i" >> "katas/$name/$file"
    edited+=("$(seconds "$how")")
  done
  grep -q "Done!" "$work/last-check.txt" || { echo "the edited kata did not pass:" >&2; cat "$work/last-check.txt" >&2; exit 1; }
  summary "kata_check_unchanged$label" "${unchanged[@]}"
  summary "kata_check_after_edit$label" "${edited[@]}"
}
figures _s check
echo "command: ./kata check $name"
figures _dotnet_run_s check_run
echo "command: dotnet run --project src/Kata -- check $name"
