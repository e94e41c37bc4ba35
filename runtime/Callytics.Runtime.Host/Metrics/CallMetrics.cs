using System.Globalization;
using System.Text;
using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Engine;

namespace Callytics.Runtime.Host.Metrics;

/// <summary>
/// The host's counters for <c>/metrics</c> (Prometheus text format): active calls, calls started
/// and ended, node steps, ARI round-trip latency, the reaction time (an ARI event arriving → the
/// call's next ARI request), webhooks, the managed heap. Lock-free; cheap enough to update on
/// every step and every ARI request.
/// </summary>
public sealed class CallMetrics : ICallObserver, IAriRequestObserver, IReactionObserver
{
    private readonly LatencyHistogram _ariLatency = new("callytics_ari_request_seconds", "ARI REST round-trip time.",
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1);

    /// <summary>
    /// Dense between 1 and 10 ms, where the 5 ms target lies, so a percentile read from the buckets
    /// is within 0.25–1 ms of the truth there.
    /// </summary>
    private readonly LatencyHistogram _reaction = new("callytics_ari_reaction_seconds",
        "Time from an ARI event arriving to the call's next ARI request.",
        0.0001, 0.00025, 0.0005, 0.00075, 0.001, 0.00125, 0.0015, 0.00175, 0.002, 0.0025, 0.003, 0.0035, 0.004, 0.0045,
        0.005, 0.006, 0.007, 0.008, 0.009, 0.01, 0.015, 0.02, 0.03, 0.05, 0.1, 0.25, 0.5, 1);

    private long _active, _started, _steps, _ariErrors, _webhooksAccepted, _webhooksDropped, _outboundRefused;

    /// <summary>An http_request or webhook the outbound policy refused.</summary>
    public void OnOutboundRefused() => Interlocked.Increment(ref _outboundRefused);

    private long _endedCompleted, _endedHungUp, _endedFailed, _endedCancelled, _rejected;

    /// <summary>Calls in progress.</summary>
    public long ActiveCalls => Interlocked.Read(ref _active);

    /// <summary>Calls started since the host started.</summary>
    public long CallsStarted => Interlocked.Read(ref _started);

    /// <summary>Effects machines asked for.</summary>
    public long NodeSteps => Interlocked.Read(ref _steps);


    /// <summary>A call started.</summary>
    public void CallStarted()
    {
        Interlocked.Increment(ref _started);
        Interlocked.Increment(ref _active);
    }

    /// <summary>A call ended.</summary>
    public void CallEnded(CallEndReason reason)
    {
        Interlocked.Decrement(ref _active);
        switch (reason)
        {
            case CallEndReason.Completed: Interlocked.Increment(ref _endedCompleted); break;
            case CallEndReason.CallerHungUp: Interlocked.Increment(ref _endedHungUp); break;
            case CallEndReason.Failed: Interlocked.Increment(ref _endedFailed); break;
            default: Interlocked.Increment(ref _endedCancelled); break;
        }
    }

    /// <summary>A call had no flow to run and was hung up.</summary>
    public void CallRejected() => Interlocked.Increment(ref _rejected);

    /// <inheritdoc />
    public void OnEffect(CallState state, Effect effect) => Interlocked.Increment(ref _steps);

    /// <inheritdoc />
    public void OnWebhook(WebhookRequest request, bool accepted)
    {
        if (accepted)
            Interlocked.Increment(ref _webhooksAccepted);
        else
            Interlocked.Increment(ref _webhooksDropped);
    }

    /// <inheritdoc />
    public void OnRequest(AriRoute route, int status, TimeSpan elapsed)
    {
        if (status is 0 or >= 500)
            Interlocked.Increment(ref _ariErrors);
        _ariLatency.Observe(elapsed);
    }

    /// <inheritdoc />
    public void OnReaction(TimeSpan reaction) => _reaction.Observe(reaction);

    /// <summary>The metrics in Prometheus text exposition format.</summary>
    public string ToPrometheusText()
    {
        var sb = new StringBuilder(2048);
        Gauge(sb, "callytics_active_calls", "Calls in progress.", ActiveCalls);
        Counter(sb, "callytics_calls_started_total", "Calls started.", CallsStarted);
        sb.Append("# HELP callytics_calls_ended_total Calls ended, by reason.\n# TYPE callytics_calls_ended_total counter\n");
        foreach (var (reason, value) in new[] { ("completed", Interlocked.Read(ref _endedCompleted)), ("caller_hung_up", Interlocked.Read(ref _endedHungUp)), ("failed", Interlocked.Read(ref _endedFailed)), ("cancelled", Interlocked.Read(ref _endedCancelled)) })
            sb.Append(CultureInfo.InvariantCulture, $"callytics_calls_ended_total{{reason=\"{reason}\"}} {value}\n");
        Counter(sb, "callytics_calls_rejected_total", "Calls with no flow for the dialed number.", Interlocked.Read(ref _rejected));
        Counter(sb, "callytics_node_steps_total", "Effects the flows asked for.", NodeSteps);
        Counter(sb, "callytics_webhooks_accepted_total", "Webhooks queued.", Interlocked.Read(ref _webhooksAccepted));
        Counter(sb, "callytics_webhooks_dropped_total", "Webhooks dropped because the queue was full.", Interlocked.Read(ref _webhooksDropped));
        Counter(sb, "callytics_outbound_refused_total", "HTTP requests and webhooks refused by the outbound policy.", Interlocked.Read(ref _outboundRefused));
        Counter(sb, "callytics_ari_request_errors_total", "ARI requests with no answer or a 5xx answer.", Interlocked.Read(ref _ariErrors));
        _ariLatency.WriteTo(sb);
        _reaction.WriteTo(sb);
        sb.Append(CultureInfo.InvariantCulture, $"# HELP callytics_ari_reaction_max_seconds The longest reaction since the host started (exact).\n# TYPE callytics_ari_reaction_max_seconds gauge\ncallytics_ari_reaction_max_seconds {_reaction.Max.TotalSeconds.ToString("R", CultureInfo.InvariantCulture)}\n");
        // The heap as the last GC left it (live objects and not yet collected garbage of older
        // generations, fragmentation excluded): cheap to read, no GC forced by a scrape.
        Gauge(sb, "callytics_managed_heap_bytes", "Managed heap after the last GC, fragmentation excluded (allocated bytes before the first GC).", ManagedHeapBytes());
        Counter(sb, "callytics_gc_collections_total", "Garbage collections (all generations) since the host started.", GC.CollectionCount(0));
        Counter(sb, "callytics_gc_collections_gen1_total", "Garbage collections of generation 1 or 2 since the host started.", GC.CollectionCount(1));
        Counter(sb, "callytics_gc_collections_gen2_total", "Full (generation 2) garbage collections since the host started.", GC.CollectionCount(2));
        sb.Append(CultureInfo.InvariantCulture, $"# HELP callytics_gc_pause_seconds_total Time the GC held the host's threads since it started.\n# TYPE callytics_gc_pause_seconds_total counter\ncallytics_gc_pause_seconds_total {GC.GetTotalPauseDuration().TotalSeconds.ToString("R", CultureInfo.InvariantCulture)}\n");
        var lastPause = GC.GetGCMemoryInfo().PauseDurations;
        sb.Append(CultureInfo.InvariantCulture, $"# HELP callytics_gc_last_pause_seconds The longest pause of the last GC.\n# TYPE callytics_gc_last_pause_seconds gauge\ncallytics_gc_last_pause_seconds {(lastPause.Length == 0 ? 0 : lastPause.ToArray().Max().TotalSeconds).ToString("R", CultureInfo.InvariantCulture)}\n");
        return sb.ToString();
    }

    private static long ManagedHeapBytes()
    {
        var gc = GC.GetGCMemoryInfo();
        // Before the first GC there is no "after the last GC": what is allocated so far is the heap.
        return gc.Index == 0 ? GC.GetTotalMemory(forceFullCollection: false) : gc.HeapSizeBytes - gc.FragmentedBytes;
    }

    private static void Gauge(StringBuilder sb, string name, string help, long value) =>
        sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n");

    private static void Counter(StringBuilder sb, string name, string help, long value) =>
        sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");
}
