#!/usr/bin/env bash
# Start-up of the installed tool (issue 20): packs the tool the way 'dotnet pack' does by default,
# installs it into a temporary tool path with a fresh NuGet cache (as a new machine would), and runs
# 'camsharp --version' and 'camsharp run' on squeezenet N times each, printing the median and
# minimum wall time and CPU time (user + sys). Wall time depends on what else the machine runs;
# CPU time much less so.
#
#   tools/startup_time/measure.sh [N] [pack arguments]
#   tools/startup_time/measure.sh 10                          # the default: the native (AOT) linux-x64 package
#   tools/startup_time/measure.sh 10 -p:ToolAot=false         # the ReadyToRun linux-x64 package instead
#   tools/startup_time/measure.sh 10 -p:ToolReadyToRun=false  # the single portable package, for comparison
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-10}
shift || true
model=../shared/assets/models/squeezenet1_1_tv.onnx
image=../shared/assets/images/samoyed_hub.jpg
work=$(mktemp -d)
# Pack arguments such as -p:ToolReadyToRun=false restore the project without its runtimes: restore it back.
trap 'rm -rf "$work"; dotnet restore src/CamSharp.Cli >/dev/null' EXIT

dotnet pack src/CamSharp.Cli -c Release -o "$work/packages" "$@" >/dev/null
NUGET_PACKAGES="$work/nuget" dotnet tool install --add-source "$work/packages" --tool-path "$work/tools" CamSharp.Tool >/dev/null
echo "installed: $(ls "$work/tools/.store/camsharp.tool/"*/ | grep -v json | tr '\n' ' ')"
camsharp="$work/tools/camsharp"

median() { sort -n | awk '{a[NR] = $1} END {printf "%.3f", (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
measure() {
  local label=$1; shift
  local samples
  samples=$(for _ in $(seq "$runs"); do /usr/bin/time -f "%e %U %S" "$@" 2>&1 >/dev/null | tail -1; done)
  local wall cpu
  wall=$(awk '{print $1}' <<<"$samples")
  cpu=$(awk '{print $2 + $3}' <<<"$samples")
  printf '%-10s wall median %s s (min %s)   cpu median %s s (min %s)   n=%s\n' "$label" \
    "$(median <<<"$wall")" "$(sort -n <<<"$wall" | head -1)" "$(median <<<"$cpu")" "$(sort -n <<<"$cpu" | head -1)" "$runs"
}
"$camsharp" --version
measure "--version" "$camsharp" --version
measure "run" "$camsharp" run "$model" "$image"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
