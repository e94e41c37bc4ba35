using Callytics.TestSupport.AriSimulator;
using Callytics.TestSupport.CallCenter;

namespace Callytics.Integration.Tests.CallCenter;

/// <summary>The checks of the two-host load test catch what they are meant to catch (fed made-up simulator records).</summary>
public sealed class CallCenterAnalysisTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 21, 8, 0, 0, TimeSpan.Zero);
    private static readonly HashSet<string> Operators = ["op-1"];

    private static SimEvent Enter(int ms, string channel, string bridge) => new(T0.AddMilliseconds(ms), "ChannelEnteredBridge", channel, bridge);
    private static SimEvent Leave(int ms, string channel, string bridge) => new(T0.AddMilliseconds(ms), "ChannelLeftBridge", channel, bridge);
    private static SimRequest Request(int ms, string method, string path, params (string, string)[] query) =>
        new(method, path, [.. query.Select(q => KeyValuePair.Create(q.Item1, q.Item2))], 204) { At = T0.AddMilliseconds(ms) };

    [Fact]
    public void An_operator_joining_a_second_caller_before_the_first_left_is_reported_as_double_booked()
    {
        SimEvent[] events = [Enter(0, "c1", "b1"), Enter(1, "op-1", "b1"), Enter(50, "c2", "b2"), Leave(51, "op-1", "b1"), Enter(51, "op-1", "b2"), Leave(400, "c1", "b1")];

        var run = CallCenterAnalysis.Of(events, [], [], Operators, "sound:t");

        Assert.Contains(run.Problems, p => p.Contains("operator op-1 joined c2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_bridge_holding_two_callers_is_reported()
    {
        var run = CallCenterAnalysis.Of([Enter(0, "c1", "b1"), Enter(0, "c2", "b1"), Enter(1, "op-1", "b1")], [], [], Operators, "sound:t");

        Assert.Contains(run.Problems, p => p.Contains("bridge b1 held c1, c2, op-1", StringComparison.Ordinal));
    }

    [Fact]
    public void The_match_latency_runs_from_the_caller_leaving_to_the_operator_joining_the_next_waiting_caller_in_three_parts()
    {
        SimEvent[] events = [Enter(0, "c1", "b1"), Enter(1, "op-1", "b1"), Leave(400, "c1", "b1"), Enter(420, "c2", "b2"), Enter(425, "op-1", "b2"), Leave(900, "c2", "b2"),
            Enter(2000, "c3", "b3"), Enter(2001, "op-1", "b3")];
        SimRequest[] requests = [Request(100, "POST", "/channels/c2/moh"), Request(403, "DELETE", "/bridges/b1"), Request(415, "POST", "/bridges", ("bridgeId", "b2")),
            Request(1500, "POST", "/channels/c3/moh")];

        var run = CallCenterAnalysis.Of(events, requests, [], Operators, "sound:t");

        Assert.Empty(run.Problems);
        // c3 arrived after the operator was free again: no caller waited, so that pause is no latency.
        var match = Assert.Single(run.MatchLatencies);
        Assert.Equal((3, 12, 10, 25), ((int)match.Teardown.TotalMilliseconds, (int)match.Matching.TotalMilliseconds, (int)match.Joining.TotalMilliseconds, (int)match.Total.TotalMilliseconds));
    }
}
