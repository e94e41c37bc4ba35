using Callytics.Runtime.Host.Traffic;
using Microsoft.Extensions.Options;

namespace Callytics.Ari.Tests.Host;

/// <summary>The traffic counters' time windows: one-minute slots over an hour, reused after an hour, lifetime totals.</summary>
public sealed class FlowTrafficTests
{
    private sealed class ManualTime(DateTimeOffset start) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = start;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static long Count(FlowTraffic traffic, TimeSpan? window) =>
        traffic.Snapshot("f", 1, window).Taken.GetValueOrDefault("menu:digit:1");

    [Fact]
    public void A_window_counts_only_its_minutes_and_a_slot_reused_an_hour_later_starts_from_zero()
    {
        var time = new ManualTime(new DateTimeOffset(2026, 12, 3, 10, 0, 30, TimeSpan.Zero));
        var traffic = new FlowTraffic(Options.Create(new TrafficSettings()), time);

        traffic.Took("f", 1, "menu", "digit:1");
        traffic.Took("f", 1, "menu", "digit:1");
        time.Now = time.Now.AddMinutes(20);
        traffic.Took("f", 1, "menu", "digit:1");

        Assert.Equal(1, Count(traffic, TimeSpan.FromMinutes(15)));
        Assert.Equal(3, Count(traffic, TimeSpan.FromHours(1)));
        Assert.Equal(3, Count(traffic, null));

        // 60 minutes after the first two: the same slot, a new minute; the old count is not carried over.
        time.Now = time.Now.AddMinutes(40);
        traffic.Took("f", 1, "menu", "digit:1");
        Assert.Equal(1, Count(traffic, TimeSpan.FromMinutes(1)));
        Assert.Equal(2, Count(traffic, TimeSpan.FromHours(1))); // the one 40 minutes ago and this one
        Assert.Equal(4, Count(traffic, null));
        Assert.Empty(traffic.Snapshot("f", 2, null).Taken); // versions are counted apart
    }
}
