using System.Globalization;

namespace Callytics.Benchmarks.Ari;

/// <summary>Sums up the host's GC log (written by <c>StartupHook</c>): pauses per generation.</summary>
internal static class GcLogSummary
{
    /// <summary>One table cell: per generation, the count, the total and the 50th/90th percentile and longest pause, and the mean promoted.</summary>
    public static string Of(string path)
    {
        if (!File.Exists(path)) return "no GC log was written (the startup hook did not load)";
        var rows = File.ReadLines(path).Skip(1).Select(l => l.Split('\t'))
            .Where(f => f.Length == 5)
            .Select(f => (Gen: int.Parse(f[1], CultureInfo.InvariantCulture), Reason: f[2], Pause: double.Parse(f[3], CultureInfo.InvariantCulture), Promoted: long.Parse(f[4], CultureInfo.InvariantCulture)))
            .ToList();
        return string.Join("; ", rows.GroupBy(r => r.Gen).OrderBy(g => g.Key).Select(g =>
        {
            var pauses = g.Select(r => r.Pause).Order().ToArray();
            double At(double p) => pauses[Math.Clamp((int)Math.Ceiling(p * pauses.Length) - 1, 0, pauses.Length - 1)];
            return string.Create(CultureInfo.InvariantCulture,
                $"gen{g.Key}: {pauses.Length} GCs, {pauses.Sum():F0} ms, pause p50 {At(0.5):F1} / p90 {At(0.9):F1} / max {pauses[^1]:F1} ms, promoted {g.Average(r => r.Promoted) / 1048576:F1} MiB on average (reasons: {string.Join(", ", g.GroupBy(r => r.Reason).Select(r => r.Key + "×" + r.Count()))})");
        }));
    }
}
