#!/usr/bin/env bash
# The checker and engine benchmarks of two commits, side by side in one run, as ratios:
#   bench/compare-commits.sh BASE [ROUNDS]
# BASE is built in a temporary worktree, this checkout as it is; each round runs both, alternating
# (base first in odd rounds, head first in even ones) so that drift in the machine's load falls on
# both. Prints Markdown: each measurement, then the median of each side and head/base.
# The codegen suite is used for the compiler because its flows come from bench/…/Codegen/FlowGenerator.cs,
# the same input for both commits as long as that file is the same (the script says when it is not).
set -euo pipefail
cd "$(dirname "$0")/.."
base=${1:?usage: bench/compare-commits.sh BASE [ROUNDS]}
rounds=${2:-3}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/base" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT

echo "building $base and this checkout ($(git rev-parse --short HEAD))..." >&2
git worktree add -q --detach "$work/base" "$base"
dotnet build -c Release "$work/base/bench/Callytics.Benchmarks/Callytics.Benchmarks.csproj" -v q -nologo >&2
dotnet build -c Release bench/Callytics.Benchmarks/Callytics.Benchmarks.csproj -v q -nologo >&2
if ! git diff --quiet "$base" -- bench/Callytics.Benchmarks/Codegen; then
  echo "Note: bench/Callytics.Benchmarks/Codegen differs between the two commits; the inputs may not be the same."
fi
declare -A dll=(
  [base]="$work/base/bench/Callytics.Benchmarks/bin/Release/net10.0/Callytics.Benchmarks.dll"
  [head]="bench/Callytics.Benchmarks/bin/Release/net10.0/Callytics.Benchmarks.dll")

echo "Date: $(date -u +%Y-%m-%dT%H:%M:%SZ); base $(git rev-parse --short "$base"), head $(git rev-parse --short HEAD)"
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "Command: bench/compare-commits.sh $base $rounds"
echo
for round in $(seq 1 "$rounds"); do
  if (( round % 2 )); then order="base head"; else order="head base"; fi
  for side in $order; do
    echo "round $round: $side (load $(cut -d' ' -f1 /proc/loadavg))" >&2
    dotnet "${dll[$side]}" codegen 1000 > "$work/codegen-$side-$round.md"
    dotnet "${dll[$side]}" engine > "$work/engine-$side-$round.md"
  done
done

python3 - "$work" "$rounds" <<'PY'
import re, statistics, sys
work, rounds = sys.argv[1], int(sys.argv[2])
def num(text): return float(re.sub(r"[^0-9.]", "", text))
def codegen(path):
    # operation -> (wall median ms, allocated MB per operation)
    rows = {}
    for line in open(path):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 7 and (cells[0].startswith("ours") or cells[0].startswith("stage")):
            rows[cells[0]] = (num(cells[1]), num(cells[6]))
    return rows
def engine(path):
    # The best steps/s (CPU) of the calls without an observer: the steady state after JIT.
    best = 0
    for line in open(path):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 11 and cells[0] == "none":
            best = max(best, num(cells[7]))
    return best
measures = {}
for side in ("base", "head"):
    for r in range(1, rounds + 1):
        for op, (ms, mb) in codegen(f"{work}/codegen-{side}-{r}.md").items():
            if op.startswith("stage: sha256"): continue
            measures.setdefault((f"1,000 nodes, {op}: wall ms (median)", side), []).append(ms)
            measures.setdefault((f"1,000 nodes, {op}: MB allocated", side), []).append(mb)
        measures.setdefault(("engine: steps/s (CPU, best call without observer)", side), []).append(engine(f"{work}/engine-{side}-{r}.md"))
print("| measure | base (each round) | head (each round) | base median | head median | head/base |")
print("|---|---|---|---:|---:|---:|")
for name in dict.fromkeys(k[0] for k in measures):
    b, h = measures[(name, "base")], measures[(name, "head")]
    mb, mh = statistics.median(b), statistics.median(h)
    fmt = lambda xs: ", ".join(f"{x:,.1f}" for x in xs)
    print(f"| {name} | {fmt(b)} | {fmt(h)} | {mb:,.1f} | {mh:,.1f} | {mh / mb:.3f} |")
PY
