#!/usr/bin/env bash
# Gradescope autograder setup for the multiprocessing katas. Gradescope runs this once, as root,
# when it builds the autograder image (Ubuntu; 22.04 is its default base image). The autograder
# zip holds this script, run_autograder, and the course repository under course/ (see
# src/Kata/README.md, "Gradescope", for the one command that makes the zip).
#
# It installs the .NET 10 SDK with Microsoft's dotnet-install script (https://dot.net/v1/dotnet-install.sh):
# the same script works on every Ubuntu release Gradescope offers and needs no package feed of its
# own, where a distribution package would tie the recipe to the releases that carry .NET 10.
# Then it builds the kata tool and the kata tests once, so that grading a submission compiles only
# the learner's code and needs no network.
#
# AUTOGRADER_ROOT (default /autograder) and DOTNET_INSTALL_DIR (default /usr/local/share/dotnet)
# move it elsewhere, to try it outside Gradescope.
set -euo pipefail
root=${AUTOGRADER_ROOT:-/autograder}
course="$root/source/course"
install_dir=${DOTNET_INSTALL_DIR:-/usr/local/share/dotnet}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

[ -f "$course/Katas.sln" ] || { echo "setup.sh: no course repository at $course (the zip must hold it under course/)"; exit 1; }

# curl and certificates to fetch the SDK, ICU for .NET's globalization, git for the tool's commit date.
apt-get update
DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends curl ca-certificates libicu-dev git

curl -fsSL --retry 3 https://dot.net/v1/dotnet-install.sh -o /tmp/dotnet-install.sh
# The latest .NET 10 SDK: global.json asks for 10.0.100 or a later feature band (rollForward latestFeature).
bash /tmp/dotnet-install.sh --channel 10.0 --install-dir "$install_dir"
ln -sf "$install_dir/dotnet" /usr/local/bin/dotnet
dotnet --version

cd "$course"
dotnet build src/Kata -c Release
# Against the stubs: restores and compiles everything the grade builds, so a submission's build is incremental.
dotnet build tests/Katas.Tests -p:KataSource=katas
chmod +x "$root/source/run_autograder"
