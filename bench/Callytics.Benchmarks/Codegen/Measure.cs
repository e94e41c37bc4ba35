using System.Diagnostics;

namespace Callytics.Benchmarks.Codegen;

/// <summary>Timings of one measured operation: every iteration, in milliseconds, and the bytes it allocated.</summary>
public sealed record Samples(string Name, IReadOnlyList<double> Milliseconds, IReadOnlyList<double> CpuMilliseconds, long AllocatedBytesPerOp)
{
    /// <summary>The median iteration (wall clock).</summary>
    public double Median => MedianOf(Milliseconds);

    /// <summary>The median CPU time of the process during an iteration (less sensitive to other processes on a shared machine).</summary>
    public double CpuMedian => MedianOf(CpuMilliseconds);

    private static double MedianOf(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The fastest iteration.</summary>
    public double Min => Milliseconds.Min();

    /// <summary>The slowest iteration.</summary>
    public double Max => Milliseconds.Max();

    /// <summary>A table row: name, wall median, min, max, CPU median, n, allocation.</summary>
    public string Row() => $"| {Name} | {Median:F1} | {Min:F1} | {Max:F1} | {CpuMedian:F1} | {Milliseconds.Count} | {AllocatedBytesPerOp / 1024.0 / 1024.0:F1} |";

    /// <summary>The header matching <see cref="Row"/>.</summary>
    public const string Header = "| operation | wall median ms | wall min ms | wall max ms | CPU median ms | n | allocated MB/op |\n|---|---:|---:|---:|---:|---:|---:|";
}

/// <summary>
/// A plain Stopwatch harness: warm-up runs first (JIT, tiering, Roslyn's caches), then measured
/// iterations with a full GC before each, so one run's garbage is not charged to the next.
/// Several operations measured together are interleaved, so a noisy neighbour on the shared
/// machine slows them alike instead of skewing a ratio.
/// </summary>
public static class Measure
{
    /// <summary>Runs each operation <paramref name="warmup"/> times, then <paramref name="iterations"/> times interleaved.</summary>
    public static IReadOnlyList<Samples> Interleaved(int warmup, int iterations, params (string Name, Action Run)[] operations)
    {
        for (var i = 0; i < warmup; i++)
            foreach (var op in operations) op.Run();
        var times = operations.Select(_ => new List<double>()).ToArray();
        var cpu = operations.Select(_ => new List<double>()).ToArray();
        var allocated = new long[operations.Length];
        using var process = Process.GetCurrentProcess();
        for (var i = 0; i < iterations; i++)
        {
            for (var o = 0; o < operations.Length; o++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                GC.Collect();
                var before = GC.GetTotalAllocatedBytes(precise: true);
                process.Refresh();
                var cpuBefore = process.TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                operations[o].Run();
                watch.Stop();
                process.Refresh();
                cpu[o].Add((process.TotalProcessorTime - cpuBefore).TotalMilliseconds);
                allocated[o] += GC.GetTotalAllocatedBytes(precise: true) - before;
                times[o].Add(watch.Elapsed.TotalMilliseconds);
            }
        }
        return operations.Select((op, o) => new Samples(op.Name, times[o], cpu[o], allocated[o] / iterations)).ToArray();
    }
}
