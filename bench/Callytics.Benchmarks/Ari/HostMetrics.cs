using System.Globalization;

namespace Callytics.Benchmarks.Ari;

/// <summary>
/// Reading a host process from outside: its <c>/metrics</c> scrape (Prometheus text), quantiles of its
/// reaction histogram, and its CPU time from <c>/proc</c>. Shared by the benchmarks that run the
/// host in its own process (simulator and real Asterisk).
/// </summary>
internal sealed class HostMetrics(Dictionary<string, double> samples)
{
    /// <summary>The host's reaction histogram: an ARI event (or an HTTP answer) arriving → the call's next ARI request.</summary>
    internal const string Reaction = "callytics_ari_reaction_seconds";

    /// <summary>Parses one scrape.</summary>
    public static HostMetrics Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#') continue;
            var space = line.LastIndexOf(' ');
            samples[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }
        return new HostMetrics(samples);
    }

    /// <summary>The sample <paramref name="name"/> (throws when the scrape lacks it: a renamed metric must not read as zero).</summary>
    public double Value(string name) => samples.TryGetValue(name, out var v) ? v : throw new InvalidOperationException($"The host's /metrics has no {name}.");

    /// <summary>The cumulative buckets of histogram <paramref name="name"/>, ascending, +Inf last.</summary>
    public List<(double Bound, double Count)> Buckets(string name)
    {
        var prefix = name + "_bucket{le=\"";
        return [.. samples.Where(p => p.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(p => (Bound: ParseBound(p.Key[prefix.Length..^2]), Count: p.Value))
            .OrderBy(b => b.Bound)];
    }

    private static double ParseBound(string le) => le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);

    /// <summary>Quantile <paramref name="q"/> in seconds, linearly interpolated in its bucket (NaN without samples or past the last bound).</summary>
    internal static double QuantileSeconds(List<(double Bound, double Count)> cumulative, double q)
    {
        var total = cumulative[^1].Count;
        if (total == 0) return double.NaN;
        var rank = Math.Ceiling(q * total);
        double lower = 0, below = 0;
        foreach (var (bound, count) in cumulative)
        {
            if (count >= rank) return double.IsPositiveInfinity(bound) ? double.NaN : lower + (bound - lower) * (rank - below) / Math.Max(1, count - below);
            lower = bound;
            below = count;
        }
        return double.NaN;
    }

    /// <summary>utime + stime of a process from /proc/&lt;pid&gt;/stat (fields 14 and 15, in clock ticks of 1/100 s).</summary>
    internal static TimeSpan ProcessCpu(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // fields from the 3rd (state) on
        var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
        return TimeSpan.FromSeconds(ticks / 100.0);
    }

    /// <summary>The bucket holding quantile <paramref name="q"/>, with a linear interpolation inside it.</summary>
    internal static string Quantile(List<(double Bound, double Count)> cumulative, double q)
    {
        var total = cumulative[^1].Count;
        if (total == 0) return "no samples";
        var rank = Math.Ceiling(q * total);
        var lower = 0.0;
        var below = 0.0;
        foreach (var (bound, count) in cumulative)
        {
            if (count >= rank)
            {
                if (double.IsPositiveInfinity(bound)) return $"> {Ms(lower)} ms";
                var estimate = lower + (bound - lower) * (rank - below) / Math.Max(1, count - below);
                return $"≈ {Ms(estimate)} ms (bucket {Ms(lower)}–{Ms(bound)} ms)";
            }
            lower = bound;
            below = count;
        }
        return "n/a";
    }

    internal static string MaxText(List<(double Bound, double Count)> cumulative, double maxBefore, double maxAfter)
    {
        if (maxAfter > maxBefore) return $"{Ms(maxAfter)} ms (exact)";
        var lower = 0.0;
        var previous = 0.0;
        var top = "none";
        foreach (var (bound, count) in cumulative)
        {
            if (count > previous) top = double.IsPositiveInfinity(bound) ? $"> {Ms(lower)} ms" : $"{Ms(lower)}–{Ms(bound)} ms (bucket; the warm-up's {Ms(maxBefore)} ms is the lifetime maximum)";
            lower = bound;
            previous = count;
        }
        return top;
    }

    private static string Ms(double seconds) => (seconds * 1000).ToString("F2", CultureInfo.InvariantCulture);
}
