#!/usr/bin/env bash
# Mutation testing of the reference solutions with the kata tests (Stryker.NET 5.1.0, a local
# dotnet tool). Usage: tests/Katas.Mutation/mutate.sh [NN-topic ...]   (default: 01 to 07)
#
# Why a project of its own: Stryker activates a mutant by setting a field in the test host, which
# doesn't reach an xunit v3 test host (it runs the tests in a process of its own) nor the child
# processes the katas start. Katas.Mutation compiles the same test sources under xunit v2, which
# runs in the VSTest host, and its MutantRelay copies the active mutant into the environment
# variable every child inherits, so mutants in jobs that run in children are active there too.
# Coverage analysis is off (children's coverage never reaches Stryker): every mutant of a kata
# runs that kata's tests. A mutant counts as timed out (killed) only 30 s past the tests' normal
# time, so that a loaded machine does not pass slow runs off as kills; timeouts are shown apart.
#
# Prints one line per kata: "NN-topic score% killed/total killed, T of them by timeout (survived N) Ns",
# and the survivors.
# Reports land in artifacts/mutation/NN-topic/.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$here"
dotnet tool restore > /dev/null
katas=("$@")
if [ ${#katas[@]} -eq 0 ]; then
  # Not 08-cluster: its tests need xunit v3 (an Orleans cluster fixture), which the twin is not.
  katas=($(cd "$root/solutions" && ls -d [0-9][0-9]-*/ | tr -d / | grep -v '^08-cluster$'))
fi
out="$root/artifacts/mutation"
mkdir -p "$out"
status=0
for k in "${katas[@]}"; do
  config="$out/$k.stryker-config.json"
  cat > "$config" <<JSON
{
  "stryker-config": {
    "project": "Solutions.csproj",
    "test-projects": ["Katas.Mutation.csproj"],
    "mutate": ["**/$k/*.cs"],
    "coverage-analysis": "off",
    "test-case-filter": "Kata=$k",
    "reporters": ["json", "progress"],
    "concurrency": 1,
    "additional-timeout": 30000
  }
}
JSON
  start=$(date +%s)
  rm -rf "$out/$k"
  if ! dotnet stryker --config-file "$config" --output "$out/$k" > "$out/$k.log" 2>&1; then
    echo "$k: Stryker failed, see $out/$k.log"; status=1; continue
  fi
  seconds=$(( $(date +%s) - start ))
  python3 - "$out/$k/reports/mutation-report.json" "$k" "$seconds" <<'PY' || status=1
import json, sys
report, kata, seconds = sys.argv[1], sys.argv[2], sys.argv[3]
r = json.load(open(report))
killed = survived = timeouts = 0
survivors = []
proof = None
for path, f in r["files"].items():
    lines = f["source"].split("\n")
    for m in f["mutants"]:
        s = m["status"]
        if s in ("Ignored", "CompileError"):
            continue
        line = m["location"]["start"]["line"]
        text = lines[line - 1].strip()
        if s in ("Killed", "Timeout"):
            killed += 1
            timeouts += s == "Timeout"
        else:
            survived += 1
            survivors.append(f"  {s}: line {line}: {text[:90]}  ->  {m.get('replacement', '')[:50]}")
        # A mutant that lives only in a child process: it must die, or mutants never reach children.
        if kata == "01-processes" and 'string.Join(",", values)' in text and m.get("mutatorName") == "String mutation":
            proof = s
total = killed + survived
score = 100.0 * killed / total if total else 100.0
print(f"{kata} {score:.1f}% {killed}/{total} killed, {timeouts} of them by timeout (survived {survived}) {seconds}s")
for s in survivors:
    print(s)
if kata == "01-processes":
    if proof not in ("Killed", "Timeout"):
        print(f"  PROOF FAILED: the mutant of Echo's separator, which runs only in a child process, was {proof}: mutants don't reach the children, so no score can be trusted")
        sys.exit(1)
    print("  proof: the mutant of Echo's separator (it runs only in a child process) was killed")
PY
done
exit $status
