using System.Text;
using Callytics.Runtime.Host.Metrics;

namespace Callytics.Ari.Tests.Host;

public sealed class LatencyHistogramTests
{
    [Fact]
    public void Observations_land_in_the_first_bucket_whose_bound_holds_them_and_the_output_is_cumulative()
    {
        var h = new LatencyHistogram("t_seconds", "test", 0.001, 0.005, 0.01);
        h.Observe(TimeSpan.FromMilliseconds(0.5));
        h.Observe(TimeSpan.FromMilliseconds(1)); // on the bound: le is inclusive
        h.Observe(TimeSpan.FromMilliseconds(4.2));
        h.Observe(TimeSpan.FromMilliseconds(250)); // beyond every bound: only +Inf

        var sb = new StringBuilder();
        h.WriteTo(sb);
        var text = sb.ToString();

        Assert.Contains("t_seconds_bucket{le=\"0.001\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("t_seconds_bucket{le=\"0.005\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("t_seconds_bucket{le=\"0.01\"} 3\n", text, StringComparison.Ordinal);
        Assert.Contains("t_seconds_bucket{le=\"+Inf\"} 4\n", text, StringComparison.Ordinal);
        Assert.Contains("t_seconds_count 4\n", text, StringComparison.Ordinal);
        Assert.Contains("t_seconds_sum 0.2557\n", text, StringComparison.Ordinal);
        Assert.Equal(4, h.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(250), h.Max);
    }

    [Fact]
    public void Concurrent_observations_are_all_counted_and_the_largest_kept()
    {
        var h = new LatencyHistogram("t_seconds", "test", 0.001, 0.01);
        Parallel.For(0, 40_000, i => h.Observe(TimeSpan.FromTicks(i)));
        Assert.Equal(40_000, h.Count);
        Assert.Equal(TimeSpan.FromTicks(39_999), h.Max);
    }
}
