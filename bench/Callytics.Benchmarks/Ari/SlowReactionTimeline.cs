using System.Diagnostics;
using System.Globalization;

namespace Callytics.Benchmarks.Ari;

/// <summary>
/// When in a run the host's slow reactions (over 5 ms, the target) happened: the host's reaction
/// histogram scraped every half second, so a report can lay them beside what else went on (a
/// publish's draft save and answer) instead of only counting them.
/// </summary>
internal sealed class SlowReactionTimeline
{
    private const double SlowSeconds = 0.005;
    private readonly List<(double At, double Slow)> _samples = [];
    private readonly List<(double At, string What)> _marks = [];
    private readonly Stopwatch _wall = Stopwatch.StartNew();
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;

    /// <summary>Starts sampling <paramref name="http"/>'s <c>/metrics</c>; times count from now.</summary>
    public SlowReactionTimeline(HttpClient http)
    {
        _sampling = SampleAsync(http, _stop.Token);
    }

    /// <summary>Notes that <paramref name="what"/> happened now.</summary>
    public void Mark(string what)
    {
        lock (_marks) _marks.Add((_wall.Elapsed.TotalSeconds, what));
    }

    /// <summary>Stops sampling and returns one table cell: the half-seconds with slow reactions, and the marks, in time order.</summary>
    public async Task<string> StopAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        var events = new List<(double At, string Text)>();
        for (var i = 1; i < _samples.Count; i++)
        {
            var slow = _samples[i].Slow - _samples[i - 1].Slow;
            if (slow > 0) events.Add((_samples[i].At, string.Create(CultureInfo.InvariantCulture, $"{_samples[i - 1].At:F1}–{_samples[i].At:F1} s: {slow:F0}")));
        }
        lock (_marks) events.AddRange(_marks.Select(m => (m.At, string.Create(CultureInfo.InvariantCulture, $"**{m.What} at {m.At:F1} s**"))));
        return events.Count == 0 ? "none" : string.Join("; ", events.OrderBy(e => e.At).Select(e => e.Text));
    }

    private async Task SampleAsync(HttpClient http, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var buckets = HostMetrics.Parse(await http.GetStringAsync("/metrics", stop)).Buckets(HostMetrics.Reaction);
                var fast = buckets.LastOrDefault(b => b.Bound <= SlowSeconds + 1e-9).Count;
                _samples.Add((_wall.Elapsed.TotalSeconds, buckets[^1].Count - fast));
                await Task.Delay(500, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
