using System.Globalization;

namespace Callytics.Benchmarks;

/// <summary>What every benchmark suite reads from its command line and from the machine.</summary>
internal static class BenchCommandLine
{
    /// <summary>The value after <paramref name="name"/> (e.g. <c>--sizes 1000,2000</c>), or null.</summary>
    public static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>A positive integer option, or <paramref name="fallback"/> when absent or not one.</summary>
    public static int Option(string[] args, string name, int fallback) =>
        int.TryParse(Option(args, name), CultureInfo.InvariantCulture, out var v) && v > 0 ? v : fallback;

    /// <summary>
    /// The first <paramref name="fields"/> load averages (1, 5, 15 min), printed beside every figure:
    /// on a 2-core machine a load above 2 means the wall times include waiting for a core.
    /// </summary>
    public static string LoadAverage(int fields = 1) =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(fields)) : "n/a";
}
