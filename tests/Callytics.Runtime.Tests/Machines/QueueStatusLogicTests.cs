using Callytics.Runtime.Contract;
using Callytics.Runtime.Machines;

namespace Callytics.Runtime.Tests.Machines;

/// <summary>queue_status's decision and variables (flow-language.md §2), shared by every generated machine.</summary>
public sealed class QueueStatusLogicTests
{
    private static readonly QueueStatusSpec Thresholds = new(BusyWhenWaiting: 5, BusyWhenWaitMs: 60_000, BusyConnected: true);

    [Theory]
    [InlineData(0, 0, 0, 0, QueueStatusResult.Unstaffed)] // nobody logged in
    [InlineData(0, 0, 9, 300_000, QueueStatusResult.Unstaffed)] // callers waiting, still nobody logged in
    [InlineData(2, 1, 0, 0, QueueStatusResult.Staffed)]
    [InlineData(2, 0, 4, 59_999, QueueStatusResult.Staffed)] // just under both thresholds
    [InlineData(2, 0, 5, 0, QueueStatusResult.Busy)] // waiting at the threshold
    [InlineData(2, 0, 1, 60_000, QueueStatusResult.Busy)] // the first caller has waited the threshold
    public void The_output_follows_the_operators_and_the_thresholds(int loggedIn, int free, int waiting, long oldestMs, QueueStatusResult expected)
    {
        Assert.Equal(expected, QueueStatusLogic.Decide(Thresholds, new CallState(), new QueueStatusOutcome(new QueueSnapshot(loggedIn, free, waiting, oldestMs))));
    }

    [Fact]
    public void A_busy_queue_leaves_through_staffed_when_busy_is_not_connected()
    {
        var spec = Thresholds with { BusyConnected = false };
        Assert.Equal(QueueStatusResult.Staffed, QueueStatusLogic.Decide(spec, new CallState(), new QueueStatusOutcome(new QueueSnapshot(1, 0, 50, 600_000))));
    }

    [Fact]
    public void Without_thresholds_a_staffed_queue_is_never_busy()
    {
        var spec = new QueueStatusSpec(null, null, BusyConnected: true);
        Assert.Equal(QueueStatusResult.Staffed, QueueStatusLogic.Decide(spec, new CallState(), new QueueStatusOutcome(new QueueSnapshot(1, 0, 1_000, 3_600_000))));
    }

    [Fact]
    public void The_variables_are_set_whatever_the_output_and_the_wait_is_rounded_up_to_whole_seconds()
    {
        var state = new CallState();
        QueueStatusLogic.Decide(Thresholds, state, new QueueStatusOutcome(new QueueSnapshot(0, 0, 3, 40_001)));
        Assert.Equal("3", state.Variables["queue_waiting"]);
        Assert.Equal("0", state.Variables["queue_operators_free"]);
        Assert.Equal("41", state.Variables["queue_estimated_wait_s"]);

        QueueStatusLogic.Decide(Thresholds, state, new QueueStatusOutcome(new QueueSnapshot(4, 2, 0, 0)));
        Assert.Equal(("0", "2", "0"), (state.Variables["queue_waiting"], state.Variables["queue_operators_free"], state.Variables["queue_estimated_wait_s"]));
    }
}
