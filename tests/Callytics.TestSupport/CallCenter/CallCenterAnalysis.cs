using Callytics.TestSupport.AriSimulator;

namespace Callytics.TestSupport.CallCenter;

/// <summary>One caller–operator conversation as Asterisk saw it: a bridge both channels entered.</summary>
/// <param name="BridgeId">The bridge.</param>
/// <param name="Caller">The caller's channel.</param>
/// <param name="Operator">The operator's channel.</param>
/// <param name="Started">When the operator entered the bridge.</param>
/// <param name="Ended">When the caller left it (hung up); null while it goes on.</param>
public sealed record Conversation(string BridgeId, string Caller, string Operator, DateTimeOffset Started, DateTimeOffset? Ended);

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
        IReadOnlyDictionary<string, CallerFate> fates, IReadOnlyList<TimeSpan> latencies)
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
    public IReadOnlyList<TimeSpan> MatchLatencies { get; }

    /// <summary>Conversations started per second, from the first to the last start.</summary>
    public double MatchesPerSecond =>
        Conversations.Count < 2 ? 0 : (Conversations.Count - 1) / (Conversations[^1].Started - Conversations[0].Started).TotalSeconds;

    /// <summary>Callers with <paramref name="fate"/>.</summary>
    public int Count(CallerFate fate) => Fates.Values.Count(f => f == fate);

    /// <summary>The latency at percentile <paramref name="p"/> (0-100, nearest rank).</summary>
    public TimeSpan LatencyPercentile(double p)
    {
        if (MatchLatencies.Count == 0) return TimeSpan.Zero;
        var sorted = MatchLatencies.Order().ToArray();
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
        var holdStarts = requests
            .Where(r => r is { Method: "POST", Status: < 300 } && r.Path.EndsWith("/moh", StringComparison.Ordinal))
            .GroupBy(r => r.Path.Split('/')[2])
            .ToDictionary(g => g.Key, g => g.Min(r => r.At), StringComparer.Ordinal);
        return new CallCenterAnalysis(conversations, problems, fates, LatenciesOf(conversations, holdStarts));
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

    private static List<TimeSpan> LatenciesOf(List<Conversation> conversations, Dictionary<string, DateTimeOffset> holdStarts)
    {
        var latencies = new List<TimeSpan>();
        foreach (var line in conversations.GroupBy(c => c.Operator))
        {
            var ordered = line.ToList();
            for (var i = 1; i < ordered.Count; i++)
            {
                var free = ordered[i - 1].Ended;
                if (free is not null && holdStarts.TryGetValue(ordered[i].Caller, out var waiting) && waiting < free)
                    latencies.Add(ordered[i].Started - free.Value);
            }
        }
        return latencies;
    }
}
