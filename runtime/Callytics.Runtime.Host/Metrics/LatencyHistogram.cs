using System.Globalization;
using System.Text;

namespace Callytics.Runtime.Host.Metrics;

/// <summary>
/// A Prometheus histogram of durations with fixed bucket bounds: one interlocked increment per
/// observation (no lock, no allocation), so it can sit on the call path. It also keeps the exact
/// largest observation, which the buckets alone cannot give.
/// </summary>
public sealed class LatencyHistogram
{
    private readonly double[] _bounds;
    private readonly long[] _counts; // one per bound, then the +Inf overflow
    private long _sumMicros, _maxTicks;

    /// <summary>Creates the histogram with ascending upper bounds in seconds (+Inf is implied).</summary>
    public LatencyHistogram(string name, string help, params double[] boundsSeconds)
    {
        Name = name;
        Help = help;
        _bounds = boundsSeconds;
        _counts = new long[boundsSeconds.Length + 1];
    }

    /// <summary>The metric name.</summary>
    public string Name { get; }

    /// <summary>The metric's help text.</summary>
    public string Help { get; }

    /// <summary>Observations so far.</summary>
    public long Count
    {
        get
        {
            long total = 0;
            for (var i = 0; i < _counts.Length; i++)
                total += Interlocked.Read(ref _counts[i]);
            return total;
        }
    }

    /// <summary>The largest observation so far.</summary>
    public TimeSpan Max => TimeSpan.FromTicks(Interlocked.Read(ref _maxTicks));

    /// <summary>Records one duration.</summary>
    public void Observe(TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        // Linear search: the bounds are few and the low ones (the common case) come first.
        var bucket = 0;
        while (bucket < _bounds.Length && seconds > _bounds[bucket])
            bucket++;
        Interlocked.Increment(ref _counts[bucket]);
        Interlocked.Add(ref _sumMicros, (long)(elapsed.TotalMilliseconds * 1000));
        var ticks = elapsed.Ticks;
        var max = Interlocked.Read(ref _maxTicks);
        while (ticks > max)
        {
            var seen = Interlocked.CompareExchange(ref _maxTicks, ticks, max);
            if (seen == max)
                break;
            max = seen;
        }
    }

    /// <summary>Appends the histogram (cumulative buckets, sum, count) in Prometheus text format.</summary>
    public void WriteTo(StringBuilder sb)
    {
        sb.Append(CultureInfo.InvariantCulture, $"# HELP {Name} {Help}\n# TYPE {Name} histogram\n");
        long cumulative = 0;
        for (var i = 0; i < _bounds.Length; i++)
        {
            cumulative += Interlocked.Read(ref _counts[i]);
            sb.Append(CultureInfo.InvariantCulture, $"{Name}_bucket{{le=\"{_bounds[i].ToString("R", CultureInfo.InvariantCulture)}\"}} {cumulative}\n");
        }
        // +Inf and count from the same snapshot as the buckets, so a scrape is always consistent.
        var count = cumulative + Interlocked.Read(ref _counts[^1]);
        sb.Append(CultureInfo.InvariantCulture, $"{Name}_bucket{{le=\"+Inf\"}} {count}\n");
        sb.Append(CultureInfo.InvariantCulture, $"{Name}_sum {(Interlocked.Read(ref _sumMicros) / 1e6).ToString("R", CultureInfo.InvariantCulture)}\n");
        sb.Append(CultureInfo.InvariantCulture, $"{Name}_count {count}\n");
    }
}
