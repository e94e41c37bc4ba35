namespace Callytics.TestSupport.AriSimulator;

/// <summary>How the simulator behaves; defaults make calls fast.</summary>
public sealed class AriSimulatorOptions
{
    public string User { get; init; } = "callytics";
    public string Password { get; init; } = "sim-secret";
    public string Application { get; init; } = "callytics";

    /// <summary>How long one media item plays.</summary>
    public TimeSpan MediaDuration { get; init; } = TimeSpan.FromMilliseconds(15);

    /// <summary>What one second means for ARI parameters given in seconds (originate timeout, maxDurationSeconds).</summary>
    public TimeSpan SimulatedSecond { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The simulator's clock for everything it schedules.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
