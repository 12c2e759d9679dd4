#!/usr/bin/env bash
# Developer tool (see README.md beside it): resnet18's forward, ours and PyTorch's, in
# alternating rounds, so that both see the same machine load. Usage: side_by_side.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build -c Release bench/CamSharp.Bench >/dev/null
for round in $(seq 1 "${1:-5}"); do
  ours=$(dotnet run -c Release --no-build --project bench/CamSharp.Bench -- forward resnet18 | awk '$1 == "resnet18" {print $2}')
  torch=$(/usr/bin/python3 tools/reference_bench/torch_forward.py resnet18 | awk '{print $3}')
  awk -v r="$round" -v o="$ours" -v t="$torch" 'BEGIN {printf "round %d: ours %.1f ms, PyTorch %.1f ms, ratio %.2f\n", r, o, t, o / t}'
done
