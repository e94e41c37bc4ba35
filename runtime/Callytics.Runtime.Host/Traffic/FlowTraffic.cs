using System.Collections.Concurrent;
using System.Threading.Channels;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Engine;
using Microsoft.Extensions.Options;

namespace Callytics.Runtime.Host.Traffic;

/// <summary>Settings <c>Callytics:Traffic</c>.</summary>
public sealed class TrafficSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Callytics:Traffic";

    /// <summary>Count calls per node and output (true). Off: no counters, no active-call list, no events.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Show the caller's number in the active calls and the event stream (false: never shown).</summary>
    public bool ShowCallerNumber { get; set; }
}

/// <summary>
/// Counts, per flow version, calls entering each node, taking each output and ending at each node
/// (by reason), in one-minute slots over the last hour plus lifetime totals; keeps the calls in
/// progress and where they are; and passes started/moved/ended events to the event-stream readers.
/// In memory only: an increment is an interlocked add on a slot, a move is a dictionary write, and
/// events are built only while someone reads the stream.
/// </summary>
public sealed class FlowTraffic(IOptions<TrafficSettings> settings, TimeProvider? time = null)
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly ConcurrentDictionary<(string Flow, int Version), VersionCounters> _versions = new();
    private readonly ConcurrentDictionary<string, ActiveCall> _active = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Channel<TrafficEvent>, byte> _readers = new();

    /// <summary>False when <see cref="TrafficSettings.Enabled"/> is off: the host then adds no observer at all.</summary>
    public bool Enabled => settings.Value.Enabled;

    /// <summary>A call in progress.</summary>
    /// <param name="CallId">The host's call id.</param>
    /// <param name="FlowId">The flow the call is in now.</param>
    /// <param name="Version">That flow's version.</param>
    /// <param name="CallerId">The caller's number (only shown when the setting allows).</param>
    /// <param name="Started">When the call started.</param>
    public sealed record ActiveCall(string CallId, string FlowId, int Version, string CallerId, DateTimeOffset Started)
    {
        /// <summary>The node the call is in (null before its first node).</summary>
        public string? Node { get; set; }

        /// <summary>Since when it is in <see cref="Node"/>.</summary>
        public DateTimeOffset Since { get; set; } = Started;

        /// <summary>
        /// The queue node while the caller waits there, and after they gave up waiting (the engine lets the
        /// flow run on, then reports an ordinary caller hang-up): a hang-up then is an abandoned call,
        /// counted at this node. Null once the wait ended otherwise (answered, timed out).
        /// </summary>
        public string? QueueNode { get; set; }
    }

    /// <summary>An event of the stream.</summary>
    /// <param name="Kind">started, moved or ended.</param>
    /// <param name="CallId">The call.</param>
    /// <param name="FlowId">Its flow.</param>
    /// <param name="Version">The flow's version.</param>
    /// <param name="Node">The node it is in (moved), or ended in.</param>
    /// <param name="Output">The output it left the previous node through (moved), when known.</param>
    /// <param name="Reason">How it ended (ended).</param>
    /// <param name="CallerId">The caller's number, only when the setting allows.</param>
    /// <param name="At">When.</param>
    public sealed record TrafficEvent(string Kind, string CallId, string FlowId, int Version, string? Node, string? Output, string? Reason, string? CallerId, DateTimeOffset At);

    /// <summary>The counters of one flow version.</summary>
    public sealed class VersionCounters
    {
        internal readonly ConcurrentDictionary<string, MinuteCounter> Entered = new(StringComparer.Ordinal);
        internal readonly ConcurrentDictionary<(string Node, string Output), MinuteCounter> Taken = new();
        internal readonly ConcurrentDictionary<(string Node, string Reason), MinuteCounter> Ended = new();
    }

    /// <summary>A call started on <paramref name="machine"/>.</summary>
    public void Started(string callId, IFlowMachine machine, string callerId)
    {
        var call = new ActiveCall(callId, machine.Identity.FlowId, machine.Identity.Version, callerId, _time.GetUtcNow());
        _active[callId] = call;
        if (!_readers.IsEmpty) Publish(Event("started", call, null, null, null));
    }

    /// <summary>The call entered <paramref name="node"/> of <paramref name="flowId"/> version <paramref name="version"/>.</summary>
    public void Entered(string callId, string flowId, int version, string node, string? output)
    {
        Counters(flowId, version).Entered.GetOrAdd(node, static _ => new MinuteCounter()).Increment(_time);
        if (!_active.TryGetValue(callId, out var call)) return;
        call.Node = node;
        call.Since = _time.GetUtcNow();
        if (!_readers.IsEmpty) Publish(Event("moved", call with { FlowId = flowId, Version = version }, node, output, null));
    }

    /// <summary>The call left <paramref name="node"/> through <paramref name="output"/>.</summary>
    public void Took(string flowId, int version, string node, string output) =>
        Counters(flowId, version).Taken.GetOrAdd((node, output), static _ => new MinuteCounter()).Increment(_time);

    /// <summary>The call ended; counted at the node it was in, by reason.</summary>
    public void Ended(string callId, CallEndReason reason)
    {
        if (!_active.TryRemove(callId, out var call)) return;
        var abandoned = reason == CallEndReason.CallerHungUp && call.QueueNode is not null;
        var why = abandoned ? Abandoned : EndName(reason);
        // An abandoned call is counted where the caller gave up: the queue, not the node the flow ran on to.
        if (abandoned) call.Node = call.QueueNode;
        if (call.Node is { } node) Counters(call.FlowId, call.Version).Ended.GetOrAdd((node, why), static _ => new MinuteCounter()).Increment(_time);
        if (!_readers.IsEmpty) Publish(Event("ended", call, call.Node, null, why));
    }

    /// <summary>The counters of a flow version over the last <paramref name="window"/> (null: since the host started).</summary>
    public (IReadOnlyDictionary<string, long> Entered, IReadOnlyDictionary<string, long> Taken, IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> Ended) Snapshot(string flowId, int version, TimeSpan? window)
    {
        if (!_versions.TryGetValue((flowId, version), out var c)) return (new Dictionary<string, long>(), new Dictionary<string, long>(), new Dictionary<string, IReadOnlyDictionary<string, long>>());
        var now = _time;
        Dictionary<string, long> Read<TKey>(ConcurrentDictionary<TKey, MinuteCounter> d, Func<TKey, string> key) where TKey : notnull =>
            d.Select(p => (Key: key(p.Key), Count: p.Value.Read(now, window))).Where(p => p.Count > 0).ToDictionary(p => p.Key, p => p.Count, StringComparer.Ordinal);
        var ended = c.Ended.Select(p => (p.Key.Node, p.Key.Reason, Count: p.Value.Read(now, window))).Where(p => p.Count > 0)
            .GroupBy(p => p.Node, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyDictionary<string, long>)g.ToDictionary(p => p.Reason, p => p.Count, StringComparer.Ordinal), StringComparer.Ordinal);
        return (Read(c.Entered, k => k), Read(c.Taken, k => k.Node + ":" + k.Output), ended);
    }

    /// <summary>The versions of a flow that have counters, newest first.</summary>
    public IReadOnlyList<int> Versions(string flowId) => [.. _versions.Keys.Where(k => k.Flow == flowId).Select(k => k.Version).OrderDescending()];

    /// <summary>The calls in progress in a flow.</summary>
    public IReadOnlyList<ActiveCall> Active(string flowId) => [.. _active.Values.Where(c => c.FlowId == flowId).OrderBy(c => c.Started)];

    /// <summary>True when caller numbers may be shown.</summary>
    public bool ShowCallerNumber => settings.Value.ShowCallerNumber;

    /// <summary>
    /// A reader of the event stream. Its buffer is bounded: a reader that does not keep up loses the
    /// oldest events rather than slowing calls down (counts stay right: they come from the counters).
    /// </summary>
    public Channel<TrafficEvent> Subscribe()
    {
        var channel = Channel.CreateBounded<TrafficEvent>(new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        _readers[channel] = 0;
        return channel;
    }

    /// <summary>Stops passing events to a reader.</summary>
    public void Unsubscribe(Channel<TrafficEvent> channel)
    {
        _readers.TryRemove(channel, out _);
        channel.Writer.TryComplete();
    }

    /// <summary>The end reason of a caller who hung up while waiting in a queue.</summary>
    public const string Abandoned = "abandoned";

    /// <summary>Sets or clears the queue node a hang-up would count as abandoned in (see <see cref="ActiveCall.QueueNode"/>).</summary>
    public void InQueue(string callId, string? node)
    {
        if (_active.TryGetValue(callId, out var call)) call.QueueNode = node;
    }

    /// <summary>The scenario-file name of an end reason (completed, caller_hung_up, failed, cancelled).</summary>
    public static string EndName(CallEndReason reason) => reason switch
    {
        CallEndReason.CallerHungUp => "caller_hung_up",
        CallEndReason.Failed => "failed",
        CallEndReason.Cancelled => "cancelled",
        _ => "completed",
    };

    private VersionCounters Counters(string flowId, int version) => _versions.GetOrAdd((flowId, version), static _ => new VersionCounters());

    private TrafficEvent Event(string kind, ActiveCall call, string? node, string? output, string? reason) =>
        new(kind, call.CallId, call.FlowId, call.Version, node, output, reason, ShowCallerNumber ? call.CallerId : null, _time.GetUtcNow());

    /// <summary>Callers check that someone reads first: with nobody watching no event is built.</summary>
    private void Publish(TrafficEvent e)
    {
        foreach (var reader in _readers.Keys) reader.Writer.TryWrite(e);
    }
}

/// <summary>
/// A count in one-minute slots over the last hour, plus the lifetime total. The slot of a new minute
/// is cleared under a lock (once a minute); every other increment is one interlocked add.
/// </summary>
internal sealed class MinuteCounter
{
    private const int Slots = 60;
    private readonly long[] _counts = new long[Slots];
    private readonly long[] _minutes = new long[Slots];
    private long _total;

    public void Increment(TimeProvider time)
    {
        var minute = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var slot = (int)(minute % Slots);
        if (Volatile.Read(ref _minutes[slot]) != minute)
        {
            lock (this)
            {
                if (_minutes[slot] != minute)
                {
                    // The count is cleared before the minute is written: an increment that reads the new minute lands after the clear.
                    Volatile.Write(ref _counts[slot], 0);
                    Volatile.Write(ref _minutes[slot], minute);
                }
            }
        }
        Interlocked.Increment(ref _counts[slot]);
        Interlocked.Increment(ref _total);
    }

    /// <summary>The count over the last <paramref name="window"/> (whole minutes, the current one included), or the total.</summary>
    public long Read(TimeProvider time, TimeSpan? window)
    {
        if (window is null) return Interlocked.Read(ref _total);
        var now = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var minutes = Math.Clamp((int)Math.Ceiling(window.Value.TotalMinutes), 1, Slots);
        long sum = 0;
        for (var i = 0; i < Slots; i++)
        {
            var m = Volatile.Read(ref _minutes[i]);
            if (m > now - minutes && m <= now) sum += Interlocked.Read(ref _counts[i]);
        }
        return sum;
    }
}

/// <summary>One call's observer: counts node entries and outputs taken, and moves the call in the active list; passes everything on.</summary>
internal sealed class TrafficObserver(FlowTraffic traffic, string callId, IFlowMachine machine, ICallObserver inner) : ICallObserver
{
    private string _flow = machine.Identity.FlowId;
    private int _version = machine.Identity.Version;
    private string? _node;
    private string? _output;
    private bool _queued;

    public void OnEffect(CallState state, Effect effect)
    {
        if (!ReferenceEquals(state.FlowId, _flow) && state.FlowId != _flow)
        {
            // Another flow (subflow, goto_flow): the engine has set its version as a variable.
            _flow = state.FlowId;
            _version = int.TryParse(state.Get("flow_version"), System.Globalization.CultureInfo.InvariantCulture, out var v) ? v : 0;
            _node = null;
        }
        if (state.Node != _node) Enter(state.Node);
        if (effect is QueueEffect)
        {
            _queued = true;
            traffic.InQueue(callId, state.Node);
        }
        inner.OnEffect(state, effect);
    }

    public void OnOutcome(CallState state, Outcome outcome)
    {
        if (_queued)
        {
            // The wait is over (answered, timed out or failed): a later hang-up is no longer an abandon.
            _queued = false;
            if (outcome is not QueueOutcome { Result: QueueResult.Abandoned }) traffic.InQueue(callId, null);
        }
        inner.OnOutcome(state, outcome);
    }

    public void OnTransition(string flowId, string fromNode, string output, string? toNode)
    {
        if (fromNode != _node) Enter(fromNode); // a node without effects (set_variable, branch) is entered here
        traffic.Took(_flow, _version, fromNode, output);
        // The next node is entered even when the edge loops back to the same node; an output with no edge
        // ends the call where it is (its hang-up effect is still this node's), which is no new entry.
        _node = toNode is null ? fromNode : null;
        _output = output;
        inner.OnTransition(flowId, fromNode, output, toNode);
    }

    public void OnWebhook(WebhookRequest request, bool accepted) => inner.OnWebhook(request, accepted);

    private void Enter(string node)
    {
        _node = node;
        traffic.Entered(callId, _flow, _version, node, _output);
        _output = null;
    }
}
