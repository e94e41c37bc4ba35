using Callytics.TestSupport.AriSimulator;

namespace Callytics.TestSupport.CallCenter;

/// <summary>One caller–operator conversation as Asterisk saw it: a bridge both channels entered.</summary>
/// <param name="BridgeId">The bridge.</param>
/// <param name="Caller">The caller's channel.</param>
/// <param name="Operator">The operator's channel.</param>
/// <param name="Started">When the operator entered the bridge.</param>
/// <param name="Ended">When the caller left it (hung up); null while it goes on.</param>
public sealed record Conversation(string BridgeId, string Caller, string Operator, DateTimeOffset Started, DateTimeOffset? Ended);

/// <summary>
/// One operator-match, from the operator becoming free (the caller of the previous conversation left
/// the bridge) to the operator entering the next caller's bridge, in three parts seen from ARI: the
/// old bridge's teardown request, then the new bridge's creation request (between them: the operator's
/// release, the Redis match, its pub/sub delivery), then the operator joining it.
/// </summary>
/// <param name="Caller">The next caller's channel.</param>
/// <param name="Free">When the operator became free (the simulator's clock).</param>
public sealed record MatchTiming(string Caller, DateTimeOffset Free, TimeSpan Teardown, TimeSpan Matching, TimeSpan Joining)
{
    /// <summary>The whole latency.</summary>
    public TimeSpan Total => Teardown + Matching + Joining;
}

/// <summary>What became of a caller.</summary>
public enum CallerFate
{
    /// <summary>Bridged with one operator, once, and hung up after talking.</summary>
    Served,
    /// <summary>Never bridged; heard the timeout prompt and was hung up by the runtime.</summary>
    TimedOut,
    /// <summary>Anything else: still there, bridged twice, hung up without either.</summary>
    Lost,
}

/// <summary>
/// Reads a call-center run from the simulator's records only (events and requests with their
/// times), so it checks what Asterisk would have seen, not what the hosts believe.
/// </summary>
public sealed class CallCenterAnalysis
{
    private CallCenterAnalysis(IReadOnlyList<Conversation> conversations, IReadOnlyList<string> problems,
        IReadOnlyDictionary<string, CallerFate> fates, IReadOnlyList<MatchTiming> latencies)
    {
        Conversations = conversations;
        Problems = problems;
        Fates = fates;
        MatchLatencies = latencies;
    }

    /// <summary>Every conversation, in the order they started.</summary>
    public IReadOnlyList<Conversation> Conversations { get; }

    /// <summary>Bridges that are no caller–operator pair, callers bridged more than once, operators in two conversations at once.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>Caller channel → fate.</summary>
    public IReadOnlyDictionary<string, CallerFate> Fates { get; }

    /// <summary>
    /// Operator-match latencies: from an operator's conversation ending (the caller leaves the bridge)
    /// to the operator entering the bridge of the next caller, counted only when that caller was
    /// already waiting (on hold) when the operator became free.
    /// </summary>
    public IReadOnlyList<MatchTiming> MatchLatencies { get; }

    /// <summary>Conversations started per second, from the first to the last start.</summary>
    public double MatchesPerSecond =>
        Conversations.Count < 2 ? 0 : (Conversations.Count - 1) / (Conversations[^1].Started - Conversations[0].Started).TotalSeconds;

    /// <summary>
    /// The same run seen through some callers only: their conversations and the matches that brought
    /// an operator to them (e.g. leaving out a warm-up phase).
    /// </summary>
    public CallCenterAnalysis Only(IReadOnlySet<string> callerChannels) => new(
        Conversations.Where(c => callerChannels.Contains(c.Caller)).ToList(),
        Problems,
        Fates.Where(f => callerChannels.Contains(f.Key)).ToDictionary(),
        MatchLatencies.Where(m => callerChannels.Contains(m.Caller)).ToList());

    /// <summary>Callers with <paramref name="fate"/>.</summary>
    public int Count(CallerFate fate) => Fates.Values.Count(f => f == fate);

    /// <summary>The latency (or the part <paramref name="part"/> picks) at percentile <paramref name="p"/> (0-100, nearest rank).</summary>
    public TimeSpan LatencyPercentile(double p, Func<MatchTiming, TimeSpan>? part = null)
    {
        if (MatchLatencies.Count == 0) return TimeSpan.Zero;
        var sorted = MatchLatencies.Select(part ?? (m => m.Total)).Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }

    /// <summary>
    /// Analyses a run. <paramref name="callers"/> are the callers' scripted calls,
    /// <paramref name="operatorChannels"/> the operators' channels, <paramref name="timeoutMedia"/>
    /// the media the flow plays on the queue's timeout output (e.g. <c>sound:queue-timeout</c>).
    /// </summary>
    public static CallCenterAnalysis Of(IReadOnlyList<SimEvent> events, IReadOnlyList<SimRequest> requests,
        IReadOnlyCollection<SimCall> callers, IReadOnlySet<string> operatorChannels, string timeoutMedia)
    {
        var problems = new List<string>();
        var conversations = ConversationsOf(events, operatorChannels, problems);
        CheckOperatorsNeverDoubleBooked(conversations, problems);
        var fates = FatesOf(callers, conversations, timeoutMedia, problems);
        var holdStarts = FirstRequests(requests, "POST", r => r.Path.EndsWith("/moh", StringComparison.Ordinal) ? r.Path.Split('/')[2] : null);
        var bridgeRequests = new BridgeRequests(
            FirstRequests(requests, "POST", r => r.Path == "/bridges" ? r.Param("bridgeId") : null),
            FirstRequests(requests, "DELETE", r => r.Path.StartsWith("/bridges/", StringComparison.Ordinal) ? r.Path["/bridges/".Length..] : null));
        return new CallCenterAnalysis(conversations, problems, fates, LatenciesOf(conversations, holdStarts, bridgeRequests));
    }

    /// <summary>When the bridges were created and destroyed (bridge id → request time).</summary>
    private sealed record BridgeRequests(Dictionary<string, DateTimeOffset> Created, Dictionary<string, DateTimeOffset> Destroyed);

    /// <summary>The first successful <paramref name="method"/> request per key (<paramref name="keyOf"/> null: not counted).</summary>
    private static Dictionary<string, DateTimeOffset> FirstRequests(IReadOnlyList<SimRequest> requests, string method, Func<SimRequest, string?> keyOf)
    {
        var first = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var r in requests.Where(r => r.Method == method && r.Status < 300))
            if (keyOf(r) is { } key)
                first.TryAdd(key, r.At);
        return first;
    }

    private static List<Conversation> ConversationsOf(IReadOnlyList<SimEvent> events, IReadOnlySet<string> operatorChannels, List<string> problems)
    {
        var entered = new Dictionary<string, List<SimEvent>>(StringComparer.Ordinal);
        var callerLeft = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        foreach (var e in events.Where(e => e.BridgeId is not null))
        {
            if (e.Type == "ChannelEnteredBridge")
                (entered.TryGetValue(e.BridgeId!, out var list) ? list : entered[e.BridgeId!] = []).Add(e);
            else if (e.Type == "ChannelLeftBridge" && !operatorChannels.Contains(e.Key))
                callerLeft.TryAdd(e.BridgeId!, e.At);
        }
        var conversations = new List<Conversation>();
        foreach (var (bridge, joins) in entered)
        {
            var operators = joins.Where(j => operatorChannels.Contains(j.Key)).ToList();
            var callers = joins.Where(j => !operatorChannels.Contains(j.Key)).ToList();
            if (operators.Count != 1 || callers.Count != 1)
            {
                problems.Add($"bridge {bridge} held {string.Join(", ", joins.Select(j => j.Key))}, not one caller and one operator");
                continue;
            }
            conversations.Add(new Conversation(bridge, callers[0].Key, operators[0].Key, operators[0].At, callerLeft.TryGetValue(bridge, out var end) ? end : null));
        }
        return [.. conversations.OrderBy(c => c.Started)];
    }

    /// <summary>An operator's next conversation must not start before the caller of the previous one left.</summary>
    private static void CheckOperatorsNeverDoubleBooked(List<Conversation> conversations, List<string> problems)
    {
        foreach (var line in conversations.GroupBy(c => c.Operator))
        {
            Conversation? previous = null;
            foreach (var c in line)
            {
                if (previous is not null && (previous.Ended is null || previous.Ended > c.Started))
                    problems.Add($"operator {c.Operator} joined {c.Caller} (bridge {c.BridgeId}) while still with {previous.Caller} (bridge {previous.BridgeId})");
                previous = c;
            }
        }
    }

    private static Dictionary<string, CallerFate> FatesOf(IReadOnlyCollection<SimCall> callers, List<Conversation> conversations, string timeoutMedia, List<string> problems)
    {
        var byCaller = conversations.ToLookup(c => c.Caller, StringComparer.Ordinal);
        var fates = new Dictionary<string, CallerFate>(StringComparer.Ordinal);
        foreach (var call in callers)
        {
            var talks = byCaller[call.ChannelId].Count();
            var fate = (call.Ended.IsCompleted, talks, call.HungUpByCaller, call.Played.Contains(timeoutMedia)) switch
            {
                (true, 1, true, false) => CallerFate.Served,
                (true, 0, false, true) => CallerFate.TimedOut,
                _ => CallerFate.Lost,
            };
            if (fate == CallerFate.Lost)
                problems.Add($"caller {call.ChannelId} lost: ended {call.Ended.IsCompleted}, bridged {talks} times, hung up by caller {call.HungUpByCaller}, played {string.Join(", ", call.Played)}");
            fates[call.ChannelId] = fate;
        }
        return fates;
    }

    private static List<MatchTiming> LatenciesOf(List<Conversation> conversations, Dictionary<string, DateTimeOffset> holdStarts, BridgeRequests bridges)
    {
        var latencies = new List<MatchTiming>();
        foreach (var line in conversations.GroupBy(c => c.Operator))
        {
            var ordered = line.ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                var (previous, next) = (ordered[i - 1], ordered[i]);
                if (previous.Ended is not { } free || !holdStarts.TryGetValue(next.Caller, out var waiting) || waiting >= free)
                    continue;
                // Requests are logged when answered and events when sent, so clamp the parts into order.
                var torn = Clamp(bridges.Destroyed.GetValueOrDefault(previous.BridgeId, free), free, next.Started);
                var created = Clamp(bridges.Created.GetValueOrDefault(next.BridgeId, torn), torn, next.Started);
                latencies.Add(new MatchTiming(next.Caller, free, torn - free, created - torn, next.Started - created));
            }
        }
        return latencies;
    }

    private static DateTimeOffset Clamp(DateTimeOffset t, DateTimeOffset min, DateTimeOffset max) => t < min ? min : t > max ? max : t;
}
