#!/usr/bin/env python3
"""Classroom 50 autograder for the multiprocessing katas.

Put this file at CLASSROOM/autograders/ASSIGNMENT/autograder.py in the classroom50 repository,
with protected.txt beside it: `python3 autograder.py --record`, run in the assignment's repository
at the starter commit, writes it (see src/Kata/README.md, "Classroom 50"). Classroom 50's runner
runs the script in the learner's checkout; it

1. checks that what only the instructor may change (tests/, src/, grading.json, the grade
   workflow, the build files) is what protected.txt recorded, by git object id, before any of the
   learner's repository runs: the grading tool itself lives in src/, so this check cannot be in it;
2. installs the .NET 10 SDK when the runner has none (Microsoft's dotnet-install script);
3. runs `kata grade --format classroom50`, which writes ./result.json (classroom50/result/v1).

When the grade cannot be made (a protected file changed, the tool ended without a result), it
writes a result.json of 0 points whose one test says why, and still exits 0: Classroom 50 treats
a non-zero exit as its own infrastructure error. KATA_TOOL replaces the command that runs the tool
(to try this script without .NET).
"""

import datetime
import json
import os
import pathlib
import shlex
import shutil
import subprocess
import sys
import tempfile
import urllib.request

HERE = pathlib.Path(__file__).resolve().parent
PROTECTED = ["tests", "src", "grading.json", ".github/workflows/grade.yml",
             "Directory.Build.props", "Directory.Packages.props", "global.json", "katas/Katas.csproj"]


def git(*args):
    return subprocess.run(["git", *args], capture_output=True, text=True, check=False)


def changed_protected_paths():
    """The protected paths whose git object differs from protected.txt, each named as finely as git can."""
    recorded = HERE / "protected.txt"
    if not recorded.is_file():
        return []
    want = dict(line.split("\t", 1)[::-1] for line in recorded.read_text().splitlines() if "\t" in line)
    listing = git("ls-tree", "HEAD", "--", *PROTECTED)
    if listing.returncode != 0:
        return ["the checkout is not a git repository, so its protected files cannot be checked"]
    have = dict(line.split("\t", 1)[::-1] for line in listing.stdout.splitlines() if "\t" in line)
    changes = []
    for path in sorted(set(want) | set(have)):
        if want.get(path) == have.get(path):
            continue
        old, new = (want.get(path) or "").split(" ")[-1:], (have.get(path) or "").split(" ")[-1:]
        diff = git("diff", "--name-only", old[0], new[0]) if old[0] and new[0] else None
        names = diff.stdout.split() if diff is not None and diff.returncode == 0 and diff.stdout.strip() else []
        state = "deleted" if path not in have else "added" if path not in want else "changed"
        if names:
            changes.extend(f"{path}/{name} (changed)" for name in names)
        else:
            changes.append(f"{path} ({state})")
    return changes


def record():
    """Instructors: records the protected paths' git objects at HEAD in protected.txt beside this file."""
    listing = git("ls-tree", "HEAD", "--", *PROTECTED)
    if listing.returncode != 0:
        sys.exit(f"git ls-tree failed (run this in the assignment's repository): {listing.stderr.strip()}")
    (HERE / "protected.txt").write_text(listing.stdout)
    print(f"Wrote {HERE / 'protected.txt'} ({len(listing.stdout.splitlines())} entries, from {git('rev-parse', 'HEAD').stdout.strip()}).")
    return 0


def dotnet():
    """The dotnet command with a .NET 10 SDK: the runner's own, else one installed here."""
    found = shutil.which("dotnet")
    if found:
        sdks = subprocess.run([found, "--list-sdks"], capture_output=True, text=True, check=False).stdout
        if any(line.startswith("10.") for line in sdks.splitlines()):
            return found
    install_dir = pathlib.Path.home() / ".dotnet"
    script = pathlib.Path(tempfile.gettempdir()) / "dotnet-install.sh"
    urllib.request.urlretrieve("https://dot.net/v1/dotnet-install.sh", script)
    subprocess.run(["bash", str(script), "--channel", "10.0", "--install-dir", str(install_dir)], check=True)
    return str(install_dir / "dotnet")


def not_graded(why):
    """A result of 0 points whose one test says why there is no grade."""
    env = lambda name: os.environ.get(name) or None  # noqa: E731
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    result = {
        "schema": "classroom50/result/v1",
        "classroom": env("CLASSROOM"), "assignment": env("ASSIGNMENT"), "submission": env("SUBMISSION_TAG"),
        "commit": env("COMMIT_URL"), "release": env("RELEASE_URL"), "review": env("REVIEW_URL") or env("COMMIT_URL"),
        "datetime": now, "graded_at": now, "score": 0, "max-score": 0,
        "tests": [{"test-name": "not graded", "passed": False, "score": 0, "max-score": 0, "message": why}],
    }
    pathlib.Path("result.json").write_text(json.dumps(result, indent=2))
    print(why, file=sys.stderr)


def main():
    pathlib.Path("result.json").unlink(missing_ok=True)
    changes = changed_protected_paths()
    if changes:
        not_graded("Not graded: files that only the instructor may change differ from the assignment's: "
                   + ", ".join(changes) + ". Put back the course's version and submit again.")
        return 0
    os.environ.update(DOTNET_CLI_TELEMETRY_OPTOUT="1", DOTNET_NOLOGO="1", DOTNET_SKIP_FIRST_TIME_EXPERIENCE="1")
    tool = shlex.split(os.environ["KATA_TOOL"]) if os.environ.get("KATA_TOOL") else \
        [dotnet(), "run", "--project", "src/Kata", "-c", "Release", "--"]
    args = ["grade", "--format", "classroom50"]
    if (HERE / "grading.sha256").is_file():
        args += ["--manifest", str(HERE / "grading.sha256")]
    run = subprocess.run(tool + args, capture_output=True, text=True, check=False)
    sys.stdout.write(run.stdout)
    sys.stderr.write(run.stderr)
    if not pathlib.Path("result.json").is_file():
        tail = "\n".join((run.stdout + run.stderr).strip().splitlines()[-30:])
        not_graded(f"Not graded: the kata tool ended (exit code {run.returncode}) without a result:\n{tail}")
    return 0


if __name__ == "__main__":
    sys.exit(record() if sys.argv[1:] == ["--record"] else main())
