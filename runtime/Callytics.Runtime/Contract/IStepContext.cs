namespace Callytics.Runtime.Contract;

/// <summary>What a machine may use while it takes a step: the clock and the webhook queue. Nothing here blocks.</summary>
public interface IStepContext
{
    /// <summary>The current time (UTC); the simulator's clock in simulations.</summary>
    DateTimeOffset UtcNow { get; }

    /// <summary>Queues a webhook. Fire-and-forget: it returns at once and the call never waits for it.</summary>
    void Fire(WebhookRequest request);

    /// <summary>
    /// Told of every transition: the call leaves <paramref name="fromNode"/> through <paramref name="output"/>
    /// into <paramref name="toNode"/> (null when the output is not connected). Used for traces, path
    /// coverage and metrics; must be cheap.
    /// </summary>
    void OnTransition(string fromNode, string output, string? toNode);
}

/// <summary>A rendered webhook, ready to send.</summary>
/// <param name="WebhookNode">The id of the webhook node.</param>
/// <param name="SourceNode">The node whose finishing fired it.</param>
/// <param name="Method">POST, PUT or GET.</param>
/// <param name="Url">The URL with its templates filled in.</param>
/// <param name="Headers">Header names and rendered values.</param>
/// <param name="Body">The rendered JSON body, or null for GET.</param>
/// <param name="TimeoutMs">Per-attempt timeout.</param>
/// <param name="Retries">Extra attempts after a failure.</param>
/// <param name="FollowRedirects">The node's <c>follow_redirects</c> (see <see cref="HttpRequestEffect.FollowRedirects"/>).</param>
public sealed record WebhookRequest(
    string WebhookNode,
    string SourceNode,
    string Method,
    string Url,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    string? Body,
    int TimeoutMs,
    int Retries,
    bool FollowRedirects = false);
