using System.Globalization;
using System.Text;

namespace Callytics.Benchmarks.Ari;

/// <summary>
/// <c>ari-load --traffic-compare N</c>: the 2,000-call host benchmark run N times without and N
/// times with the host's traffic counters (Callytics:Traffic:Enabled), alternating off/on so that
/// the machine's load drifts over both alike, in one invocation; reports reaction p99 and heap per
/// call of each run and the ratio of the medians (on / off).
/// </summary>
internal static class TrafficOverheadBenchmark
{
    public static async Task<int> RunAsync(AriLoadHarness.Settings s)
    {
        var runs = new List<(bool Traffic, HostProcessAriLoad.Figures Figures)>();
        for (var i = 0; i < s.TrafficPairs; i++)
        {
            foreach (var traffic in new[] { false, true })
            {
                s.Traffic = traffic;
                runs.Add((traffic, await HostProcessAriLoad.MeasureAsync(s)));
            }
        }
        static double Median(IEnumerable<double> values)
        {
            var v = values.Where(x => !double.IsNaN(x)).Order().ToArray();
            return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
        }
        double MedianOf(bool traffic, Func<HostProcessAriLoad.Figures, double> pick) => Median(runs.Where(r => r.Traffic == traffic).Select(r => pick(r.Figures)));
        var (p99Off, p99On) = (MedianOf(false, f => f.P99Ms), MedianOf(true, f => f.P99Ms));
        var (heapOff, heapOn) = (MedianOf(false, f => f.HeapPerCallKiB), MedianOf(true, f => f.HeapPerCallKiB));

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"## Traffic counters on vs off, 2,000-call host benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, load average (1 min) at the end {BenchCommandLine.LoadAverage()}. Command: `{s.Command}`. Runs alternate off, on, off, on…; each run is the full `ari-load` above (its own host process).");
        report.AppendLine();
        report.AppendLine("| run | counters | reaction p99 | heap per active call | calls at plateau | passed |");
        report.AppendLine("|---|---|---|---|---|---|");
        for (var i = 0; i < runs.Count; i++)
        {
            var (traffic, f) = runs[i];
            report.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {(traffic ? "on" : "off")} | {f.P99Ms:F2} ms | {f.HeapPerCallKiB:F1} KiB | {f.Calls:F0} | {(f.Passed ? "yes" : "no")} |");
        }
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Medians: p99 {p99Off:F2} ms off / {p99On:F2} ms on (ratio {p99On / p99Off:F3}); heap per call {heapOff:F1} KiB off / {heapOn:F1} KiB on (ratio {heapOn / heapOff:F3}). Target: both ratios ≤ 1.05.");
        Console.WriteLine(report);
        if (s.Output is not null) await File.AppendAllTextAsync(s.Output, report + "\n");
        return runs.All(r => r.Figures.Passed) ? 0 : 1;
    }
}
