namespace Callytics.Runtime.Contract;

/// <summary>
/// One live call as the engine sees it. Implemented over ARI (the real thing) and in memory (the
/// simulator). Every method returns when the effect has resolved; when the caller hangs up during
/// one, it throws <see cref="CallerHungUpException"/> after releasing what the effect created
/// (except <see cref="QueueAsync"/>, which reports <see cref="QueueResult.Abandoned"/>).
/// </summary>
public interface ICallChannel
{
    /// <summary>The call id (stable for the life of the call, used in logs and webhooks).</summary>
    string CallId { get; }

    /// <summary>The caller's number, or "" when withheld.</summary>
    string CallerId { get; }

    /// <summary>The number the caller dialed.</summary>
    string DialedNumber { get; }

    /// <summary>The underlying channel id (the ARI channel id, or a simulator id).</summary>
    string ChannelId { get; }

    /// <summary>Performs a <see cref="PlayEffect"/>.</summary>
    ValueTask<PlayOutcome> PlayAsync(PlayEffect effect, CancellationToken cancellationToken);

    /// <summary>Performs a <see cref="ReadDigitsEffect"/>.</summary>
    ValueTask<DigitsOutcome> ReadDigitsAsync(ReadDigitsEffect effect, CancellationToken cancellationToken);

    /// <summary>Performs a <see cref="DialEffect"/> (transfer and hunt group).</summary>
    ValueTask<DialOutcome> DialAsync(DialEffect effect, CancellationToken cancellationToken);

    /// <summary>Performs a <see cref="QueueEffect"/>.</summary>
    ValueTask<QueueOutcome> QueueAsync(QueueEffect effect, CancellationToken cancellationToken);

    /// <summary>
    /// The live state of queues as this call may read it (for <see cref="ServiceEffect"/>s such as queue_status's);
    /// reading throws <see cref="CallerHungUpException"/> once the caller is gone, like every effect.
    /// </summary>
    IQueueView Queues { get; }

    /// <summary>Performs a <see cref="QueueLoginEffect"/>.</summary>
    ValueTask<QueueLoginOutcome> QueueLoginAsync(QueueLoginEffect effect, CancellationToken cancellationToken);

    /// <summary>Performs a <see cref="ConferenceEffect"/>.</summary>
    ValueTask<ConferenceOutcome> ConferenceAsync(ConferenceEffect effect, CancellationToken cancellationToken);

    /// <summary>Performs a <see cref="CallbackEffect"/>.</summary>
    ValueTask<CallbackOutcome> CallbackAsync(CallbackEffect effect, CancellationToken cancellationToken);

    /// <summary>Performs a <see cref="VoicemailEffect"/>.</summary>
    ValueTask<VoicemailOutcome> VoicemailAsync(VoicemailEffect effect, CancellationToken cancellationToken);

    /// <summary>Plays the goodbye prompt, if any, and hangs up. Safe to call when the caller is already gone.</summary>
    ValueTask HangupAsync(HangupEffect effect, CancellationToken cancellationToken);
}

/// <summary>Thrown by an <see cref="ICallChannel"/> when the caller hangs up in the middle of an effect.</summary>
public sealed class CallerHungUpException() : Exception("The caller hung up.");

/// <summary>Performs the HTTP requests a call waits for (http_request nodes).</summary>
public interface IHttpGateway
{
    /// <summary>Sends the request; never throws for HTTP or network failures (they become an outcome with an error).</summary>
    ValueTask<HttpOutcome> SendAsync(HttpRequestEffect request, CancellationToken cancellationToken);
}

/// <summary>Queues webhooks for delivery in the background. <see cref="Enqueue"/> must never block.</summary>
public interface IWebhookDispatcher
{
    /// <summary>Accepts a webhook for delivery; returns false when the bounded queue is full and the webhook was dropped.</summary>
    bool Enqueue(WebhookRequest request);
}

/// <summary>Finds compiled flows by id for subflow and goto_flow (and the host's inbound routes).</summary>
public interface IFlowResolver
{
    /// <summary>The machine a new entry into <paramref name="flowId"/> should use, or null when there is none.</summary>
    IFlowMachine? Resolve(string flowId);
}

/// <summary>The current time, injectable so simulations and tests control it.</summary>
public interface IClock
{
    /// <summary>Now, in UTC.</summary>
    DateTimeOffset UtcNow { get; }
}

/// <summary>The machine's clock.</summary>
public sealed class SystemClock : IClock
{
    /// <summary>The one instance.</summary>
    public static readonly SystemClock Instance = new();

    /// <inheritdoc />
    public DateTimeOffset UtcNow => DateTimeOffset.UtcNow;
}
