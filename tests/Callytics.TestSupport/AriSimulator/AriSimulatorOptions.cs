namespace Callytics.TestSupport.AriSimulator;

/// <summary>How the simulator behaves; defaults make calls fast.</summary>
public sealed class AriSimulatorOptions
{
    public string User { get; init; } = "callytics";
    public string Password { get; init; } = "sim-secret";
    public string Application { get; init; } = "callytics";

    /// <summary>
    /// More Stasis application names this Asterisk serves (several runtime hosts on one Asterisk,
    /// each with its own application). Events about a channel go to the sockets of its application.
    /// </summary>
    public IReadOnlyList<string> MoreApplications { get; init; } = [];

    /// <summary>True when <paramref name="app"/> is one of the application names served.</summary>
    internal bool Serves(string? app) => app == Application || (app is not null && MoreApplications.Contains(app));

    /// <summary>How long one media item plays.</summary>
    public TimeSpan MediaDuration { get; init; } = TimeSpan.FromMilliseconds(15);

    /// <summary>What one second means for ARI parameters given in seconds (originate timeout, maxDurationSeconds).</summary>
    public TimeSpan SimulatedSecond { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a channel is still leaving after its bridge was destroyed. Asterisk ejects the channels
    /// of a destroyed bridge asynchronously (DELETE /bridges returns before they left) and, until the
    /// channel's Stasis control has forgotten the bridge, a play on it is accepted (201) and then
    /// silently dropped: no PlaybackStarted, no PlaybackFinished (res_stasis_playback.c, play_uri:
    /// the control still names the bridge, which no longer has the channel). On Asterisk that window
    /// is short and depends on thread timing; here it is fixed, so that a host that plays too early
    /// fails every time instead of once in a few hundred calls. Removing the channel from the bridge
    /// first (POST /bridges/{id}/removeChannel) waits for the departure and leaves no window.
    /// </summary>
    public TimeSpan BridgeDepartureWindow { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The simulator's clock for everything it schedules.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;
}
