#!/usr/bin/env bash
# The code generation benchmarks of docs/benchmarks/codegen.md, in one run:
#   bench/codegen.sh [work-folder]
# Needs hyperfine (apt-get install -y hyperfine). Prints Markdown to stdout.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d)}
mkdir -p "$work"

dotnet build -c Release bench/Callytics.Benchmarks/Callytics.Benchmarks.csproj -v q -nologo >&2
# callyc as shipped: ReadyToRun, framework-dependent.
dotnet publish -c Release -r linux-x64 --self-contained false compiler/callyc/callyc.csproj -o "$work/callyc" -v q -nologo >&2
bench="dotnet bench/Callytics.Benchmarks/bin/Release/net10.0/Callytics.Benchmarks.dll"
callyc="$work/callyc/callyc"

# hyperfine's JSON as a Markdown table with the CPU time (user + system) beside the wall time.
table() {
  python3 - "$1" <<'PY'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    print("| command | wall mean s | wall min s | wall max s | user s | system s | runs |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    print(f"| `{r['command']}` | {r['mean']:.2f} ± {r['stddev']:.2f} | {r['min']:.2f} | {r['max']:.2f} | {r['user']:.2f} | {r['system']:.2f} | {len(r['times'])} |")
PY
}

echo "Date: $(date -u +%Y-%m-%dT%H:%M:%SZ); commit $(git rev-parse --short HEAD)"
echo "Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/ {print $2}') GiB RAM; .NET SDK $(dotnet --version)"
echo "Load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

$bench codegen
$bench engine
$bench cli "$work/fixtures"
echo
echo "## callyc build: 100 example-sized flows in one process"
echo
hyperfine --warmup 0 --runs 3 -N --export-json "$work/many.json" --prepare "rm -rf $work/out-many" \
  "$callyc build $work/fixtures/many --out $work/out-many" >&2
table "$work/many.json"
echo
echo "## callyc build: one flow, cold process"
echo
hyperfine --warmup 1 --runs 6 -N --export-json "$work/one.json" --prepare "rm -rf $work/out-one" \
  "$callyc build $work/fixtures/one --out $work/out-one" >&2
table "$work/one.json"
echo
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
