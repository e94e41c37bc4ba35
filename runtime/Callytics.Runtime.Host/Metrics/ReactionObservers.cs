using Callytics.Runtime.Ari.Calls;

namespace Callytics.Runtime.Host.Metrics;

/// <summary>
/// The host's metrics always see reaction times; an extra observer registered in the services
/// (a benchmark keeping every sample) sees them too.
/// </summary>
public static class ReactionObservers
{
    /// <summary><paramref name="metrics"/>, or both when <paramref name="extra"/> is given.</summary>
    public static IReactionObserver Of(CallMetrics metrics, IReactionObserver? extra) =>
        extra is null ? metrics : new Both(metrics, extra);

    private sealed class Both(IReactionObserver first, IReactionObserver second) : IReactionObserver
    {
        public void OnReaction(TimeSpan reaction)
        {
            first.OnReaction(reaction);
            second.OnReaction(reaction);
        }
    }
}
