using System.Globalization;
using System.Text;

namespace Callytics.Benchmarks.Ari;

/// <summary>
/// The host benchmark (<see cref="HostProcessAriLoad"/>) run N times without and N times with one
/// thing changed, alternating without/with so that the machine's load drifts over both alike, in
/// one invocation; reports each run and the ratio of the medians (with / without).
/// <list type="bullet">
/// <item><c>--traffic-compare N</c>: the host's traffic counters (Callytics:Traffic:Enabled) off / on (issue 16).</item>
/// <item><c>--publish-compare N --publish-nodes M</c>: nothing else / an M-node flow published through the
/// admin API while the calls run (issue 13: publishing compiles outside the call path).</item>
/// </list>
/// </summary>
internal static class SideBySideBenchmark
{
    public static Task<int> TrafficAsync(AriLoadHarness.Settings s) => RunAsync(s, s.TrafficPairs,
        "Traffic counters on vs off", ("off", "on"), (settings, with) => settings.Traffic = with,
        "Target: both ratios ≤ 1.05.");

    public static Task<int> PublishAsync(AriLoadHarness.Settings s)
    {
        var nodes = s.PublishNodes > 0 ? s.PublishNodes : 5000;
        s.PublishNodes = nodes;
        return RunAsync(s, s.PublishPairs,
            $"Publishing a {nodes:N0}-node flow while the calls run vs not", ("no publish", "publish"),
            (settings, with) => settings.PublishNodes = with ? nodes : 0,
            "Target: the calls' p99 stays < 5 ms while a publish runs (reported beside the same run without it).");
    }

    private static async Task<int> RunAsync(AriLoadHarness.Settings s, int pairs, string title, (string Without, string With) labels,
        Action<AriLoadHarness.Settings, bool> apply, string target)
    {
        var command = s.Command;
        var runs = new List<(bool With, HostProcessAriLoad.Figures Figures)>();
        for (var i = 0; i < pairs; i++)
        {
            foreach (var with in new[] { false, true })
            {
                apply(s, with);
                runs.Add((with, await HostProcessAriLoad.MeasureAsync(s)));
            }
        }
        static double Median(IEnumerable<double> values)
        {
            var v = values.Where(x => !double.IsNaN(x)).Order().ToArray();
            return v.Length == 0 ? double.NaN : v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
        }
        double MedianOf(bool with, Func<HostProcessAriLoad.Figures, double> pick) => Median(runs.Where(r => r.With == with).Select(r => pick(r.Figures)));
        var (p99Without, p99With) = (MedianOf(false, f => f.P99Ms), MedianOf(true, f => f.P99Ms));
        var (heapWithout, heapWith) = (MedianOf(false, f => f.HeapPerCallKiB), MedianOf(true, f => f.HeapPerCallKiB));

        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"## {title}, {s.Calls:N0}-call host benchmark ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, load average (1 min) at the end {BenchCommandLine.LoadAverage()}. Command: `{command}`. Runs alternate {labels.Without}, {labels.With}, …; each run is the full `ari-load` above (its own host process).");
        report.AppendLine();
        report.AppendLine("| run | variant | reaction p99 | heap per active call | calls at plateau | publish | passed |");
        report.AppendLine("|---|---|---|---|---|---|---|");
        for (var i = 0; i < runs.Count; i++)
        {
            var (with, f) = runs[i];
            report.AppendLine(CultureInfo.InvariantCulture, $"| {i + 1} | {(with ? labels.With : labels.Without)} | {f.P99Ms:F2} ms | {f.HeapPerCallKiB:F1} KiB | {f.Calls:F0} | {f.Publish ?? "—"} | {(f.Passed ? "yes" : "no")} |");
        }
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Medians: p99 {p99Without:F2} ms {labels.Without} / {p99With:F2} ms {labels.With} (ratio {p99With / p99Without:F3}); heap per call {heapWithout:F1} KiB / {heapWith:F1} KiB (ratio {heapWith / heapWithout:F3}). {target}");
        Console.WriteLine(report);
        if (s.Output is not null) await File.AppendAllTextAsync(s.Output, report + "\n");
        return runs.All(r => r.Figures.Passed) ? 0 : 1;
    }
}
