namespace Callytics.Runtime.Host.Calls;

/// <summary>
/// Work the host starts without awaiting it (an ARI event handler cannot wait): every such task is
/// observed here, so a fault is logged with what was being done instead of vanishing as an
/// unobserved exception.
/// </summary>
public static class BackgroundWork
{
    /// <summary>Logs <paramref name="task"/>'s fault, if it faults, as "<paramref name="what"/> failed". Returns a task that never faults.</summary>
    /// <param name="task">The work.</param>
    /// <param name="log">Where a fault goes.</param>
    /// <param name="what">What the work does, for the log line (no caller data: it is a fixed phrase).</param>
    /// <param name="level">How serious a fault is (a best-effort clean-up is a warning).</param>
    public static Task Observe(Task task, ILogger log, string what, LogLevel level = LogLevel.Error) =>
        task.ContinueWith(done =>
        {
            if (done.Exception is { } e)
                log.Log(level, e.GetBaseException(), "{Work} failed: {Error}", what, e.GetBaseException().Message);
        }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
}
