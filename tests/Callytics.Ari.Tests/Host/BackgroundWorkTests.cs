using Callytics.Runtime.Host.Calls;
using Microsoft.Extensions.Logging;

namespace Callytics.Ari.Tests.Host;

/// <summary>Work the host does not await is observed: a fault is logged, never an unobserved exception.</summary>
public class BackgroundWorkTests
{
    [Fact]
    public async Task A_faulted_background_task_is_logged_with_what_it_was_doing_and_a_finished_one_is_not()
    {
        var logs = new CapturingLoggerProvider();
        using var factory = LoggerFactory.Create(b => b.AddProvider(logs));
        var log = factory.CreateLogger("host");

        await BackgroundWork.Observe(Task.FromException(new InvalidOperationException("socket closed")), log, "Checking calls after an ARI reconnect");
        await BackgroundWork.Observe(Task.CompletedTask, log, "Hanging up a call without a flow");
        await BackgroundWork.Observe(SlowFaultAsync(), log, "Hanging up a dial leg", LogLevel.Warning);

        Assert.Equal(2, logs.Lines.Count);
        Assert.StartsWith("[] Checking calls after an ARI reconnect failed: socket closed", logs.Lines.First());
        Assert.StartsWith("[] Hanging up a dial leg failed: late", logs.Lines.Last());
    }

    private static async Task SlowFaultAsync()
    {
        await Task.Delay(20);
        throw new TimeoutException("late");
    }
}
