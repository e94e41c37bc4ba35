using System.Globalization;
using System.Text;
using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Engine;

namespace Callytics.Runtime.Host.Metrics;

/// <summary>
/// The host's counters for <c>/metrics</c> (Prometheus text format): active calls, calls started
/// and ended, node steps, ARI round-trip latency, webhooks. Lock-free; cheap enough to update on
/// every step and every ARI request.
/// </summary>
public sealed class CallMetrics : ICallObserver, IAriRequestObserver
{
    /// <summary>Upper bounds (seconds) of the ARI latency histogram buckets.</summary>
    private static readonly double[] Buckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1];

    private readonly long[] _bucketCounts = new long[Buckets.Length];
    private long _active, _started, _steps, _ariRequests, _ariErrors, _ariMicros, _webhooksAccepted, _webhooksDropped;
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
        Interlocked.Increment(ref _ariRequests);
        if (status is 0 or >= 500)
            Interlocked.Increment(ref _ariErrors);
        Interlocked.Add(ref _ariMicros, (long)(elapsed.TotalMilliseconds * 1000));
        var seconds = elapsed.TotalSeconds;
        for (var i = 0; i < Buckets.Length; i++)
            if (seconds <= Buckets[i])
            {
                Interlocked.Increment(ref _bucketCounts[i]);
                break;
            }
    }

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
        Counter(sb, "callytics_ari_request_errors_total", "ARI requests with no answer or a 5xx answer.", Interlocked.Read(ref _ariErrors));
        sb.Append("# HELP callytics_ari_request_seconds ARI REST round-trip time.\n# TYPE callytics_ari_request_seconds histogram\n");
        long cumulative = 0;
        for (var i = 0; i < Buckets.Length; i++)
        {
            cumulative += Interlocked.Read(ref _bucketCounts[i]);
            sb.Append(CultureInfo.InvariantCulture, $"callytics_ari_request_seconds_bucket{{le=\"{Buckets[i]}\"}} {cumulative}\n");
        }
        var count = Interlocked.Read(ref _ariRequests);
        sb.Append(CultureInfo.InvariantCulture, $"callytics_ari_request_seconds_bucket{{le=\"+Inf\"}} {count}\n");
        sb.Append(CultureInfo.InvariantCulture, $"callytics_ari_request_seconds_sum {Interlocked.Read(ref _ariMicros) / 1e6}\n");
        sb.Append(CultureInfo.InvariantCulture, $"callytics_ari_request_seconds_count {count}\n");
        return sb.ToString();
    }

    private static void Gauge(StringBuilder sb, string name, string help, long value) =>
        sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n");

    private static void Counter(StringBuilder sb, string name, string help, long value) =>
        sb.Append(CultureInfo.InvariantCulture, $"# HELP {name} {help}\n# TYPE {name} counter\n{name} {value}\n");
}
