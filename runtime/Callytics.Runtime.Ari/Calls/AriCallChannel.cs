using System.Text;
using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Ari.Events;
using Callytics.Runtime.Contract;
using Microsoft.Extensions.Logging;

namespace Callytics.Runtime.Ari.Calls;

/// <summary>
/// One live call over ARI: performs the engine's effects on the caller's channel. Events for
/// everything the call creates (playbacks, dialed legs, bridges, recordings) are routed to its
/// inbox, read by whichever effect is running, so effects never race each other. A caller
/// hang-up makes the running effect release what it created and throw <see cref="CallerHungUpException"/>.
/// </summary>
public sealed partial class AriCallChannel : ICallChannel, IQueueView, ICallMedia, ICallEventTarget, IAriRequestObserver, IAsyncDisposable
{
    private readonly AriCallServices _services;
    private readonly AriClient _ari;
    private readonly ILogger _log;
    private readonly CallInbox _inbox = new();
    private readonly StringBuilder _typeAhead = new();
    private int _sequence;
    private bool _callerGone;

    /// <summary>Takes over a channel that entered the application (StasisStart) and routes its events here.</summary>
    public AriCallChannel(AriCallServices services, string callId, AriChannel channel)
    {
        _services = services;
        _ari = services.Reactions is null ? services.Client : services.Client.WithObserver(this);
        CallId = callId;
        ChannelId = channel.Id;
        CallerId = channel.Caller.Number;
        DialedNumber = channel.Dialplan.Exten;
        _log = services.Logs.CreateLogger<AriCallChannel>();
        services.Router.AddChannel(ChannelId, this);
    }

    /// <inheritdoc />
    public string CallId { get; }

    /// <inheritdoc />
    public string CallerId { get; }

    /// <inheritdoc />
    public string DialedNumber { get; }

    /// <inheritdoc />
    public string ChannelId { get; }

    /// <summary>True once the caller's channel has hung up or left the application.</summary>
    public bool CallerGone => _callerGone;

    /// <summary>The time of the newest input (an event taken from the inbox, or an http_request's answer), in Stopwatch ticks, for reaction metrics.</summary>
    public long LastEventTimestamp { get; private set; }

    /// <inheritdoc />
    void ICallEventTarget.Deliver(AriEvent evt) => _inbox.TryWrite(evt);

    private long _lastReactedEvent;

    /// <summary>
    /// An input that is not an ARI event reached the call (an http_request's response): the next ARI
    /// request reacts to it, so the time spent waiting on the web service is not counted as the host's.
    /// </summary>
    public void RestartReactionClock() => LastEventTimestamp = System.Diagnostics.Stopwatch.GetTimestamp();

    /// <summary>Reports the time from the newest event to the first request after it (requests report when they end).</summary>
    void IAriRequestObserver.OnRequest(AriRoute route, int status, TimeSpan elapsed)
    {
        var evt = LastEventTimestamp;
        if (evt == 0 || evt == _lastReactedEvent || _services.Reactions is not { } reactions)
            return;
        _lastReactedEvent = evt;
        var started = System.Diagnostics.Stopwatch.GetTimestamp() - (long)(elapsed.TotalSeconds * System.Diagnostics.Stopwatch.Frequency);
        reactions.OnReaction(System.Diagnostics.Stopwatch.GetElapsedTime(evt, started));
    }

    /// <summary>Answers the call. Throws <see cref="CallerHungUpException"/> when the caller is already gone.</summary>
    public async ValueTask AnswerAsync(CancellationToken ct)
    {
        try
        {
            await _ari.AnswerAsync(ChannelId, ct).ConfigureAwait(false);
        }
        catch (AriRequestException e) when (e.IsNotFound)
        {
            _callerGone = true;
            throw new CallerHungUpException();
        }
    }

    /// <summary>Injects a hang-up: used after an events reconnect when the caller's channel no longer exists.</summary>
    public void MarkChannelGone() =>
        _inbox.TryWrite(new ChannelDestroyedEvent { Type = "ChannelDestroyed", Channel = new AriChannel { Id = ChannelId }, Cause = 16 });

    // ---------------------------------------------------------------- play and digits

    /// <inheritdoc />
    public async ValueTask<PlayOutcome> PlayAsync(PlayEffect effect, CancellationToken cancellationToken)
    {
        ThrowIfGone();
        var interrupted = await PlayPromptsAsync(effect.Prompts, effect.Interruptible, cancellationToken).ConfigureAwait(false);
        return interrupted ? new PlayOutcome(true) : PlayOutcome.Finished;
    }

    /// <inheritdoc />
    public async ValueTask<DigitsOutcome> ReadDigitsAsync(ReadDigitsEffect effect, CancellationToken cancellationToken)
    {
        ThrowIfGone();
        var collector = new DigitCollector(effect);
        if (_typeAhead.Length == 0 && effect.Prompts.Count > 0)
            await PlayPromptsAsync(effect.Prompts, effect.Interruptible, cancellationToken).ConfigureAwait(false);
        if (TakeTypeAhead(collector) is { } early)
            return early;

        var deadline = Deadline(collector.Digits.Length == 0 ? effect.FirstDigitTimeoutMs : effect.InterDigitTimeoutMs);
        while (true)
        {
            var evt = await NextAsync(Remaining(deadline), cancellationToken).ConfigureAwait(false);
            if (evt is null)
                return collector.TimedOut();
            if (IsCallerHangup(evt))
                throw new CallerHungUpException();
            if (CallerDigit(evt) is { } digit)
            {
                if (collector.Accept(digit) is { } done)
                    return done;
                deadline = Deadline(effect.InterDigitTimeoutMs);
            }
        }
    }

    /// <summary>Feeds type-ahead to the collector; digits past the end of this input stay for the next one.</summary>
    private DigitsOutcome? TakeTypeAhead(DigitCollector collector)
    {
        for (var i = 0; i < _typeAhead.Length; i++)
        {
            if (collector.Accept(_typeAhead[i]) is { } done)
            {
                _typeAhead.Remove(0, i + 1);
                return done;
            }
        }
        _typeAhead.Clear();
        return null;
    }

    /// <summary>
    /// Plays prompts as one playlist and waits for PlaybackFinished. Every digit pressed meanwhile is
    /// kept as type-ahead for the next input, so a caller never presses twice; when interruptible, the
    /// first digit also stops the playback (ARI does not stop it by itself). Returns true when interrupted.
    /// </summary>
    private async ValueTask<bool> PlayPromptsAsync(IReadOnlyList<Prompt> prompts, bool interruptible, CancellationToken ct)
    {
        if (prompts.Count == 0)
            return false;
        var playbackId = NewId("pb");
        _services.Router.AddPlayback(playbackId, this);
        try
        {
            await CallerRequestAsync(() => _ari.PlayOnChannelAsync(ChannelId, playbackId, prompts.Select(_services.Catalog.MediaFor), ct)).ConfigureAwait(false);
            var interrupted = false;
            while (true)
            {
                var evt = await NextAsync(null, ct).ConfigureAwait(false);
                if (evt is PlaybackFinishedEvent finished && finished.Playback.Id == playbackId)
                    return interrupted;
                if (IsCallerHangup(evt!))
                    throw new CallerHungUpException();
                if (CallerDigit(evt!) is { } digit)
                {
                    _typeAhead.Append(digit);
                    if (interruptible && !interrupted)
                    {
                        interrupted = true;
                        await IgnoreNotFoundAsync(() => _ari.StopPlaybackAsync(playbackId, ct)).ConfigureAwait(false);
                    }
                }
            }
        }
        finally
        {
            _services.Router.RemovePlayback(playbackId);
        }
    }

    // ---------------------------------------------------------------- hangup

    /// <inheritdoc />
    public async ValueTask HangupAsync(HangupEffect effect, CancellationToken cancellationToken)
    {
        if (_callerGone)
            return;
        try
        {
            if (effect.Goodbye is { } goodbye)
                await PlayPromptsAsync([goodbye], false, cancellationToken).ConfigureAwait(false);
        }
        catch (CallerHungUpException)
        {
            return;
        }
        catch (AriRequestException e)
        {
            // No goodbye then; the hang-up itself matters more.
            _log.LogWarning("Call {CallId}: goodbye prompt failed: {Error}", CallId, e.Message);
        }
        await HangupChannelAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Hangs the caller's channel up if it is still there and stops routing its events. Idempotent; never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_callerGone)
            await HangupChannelAsync(CancellationToken.None).ConfigureAwait(false);
        _services.Router.RemoveChannel(ChannelId);
        _inbox.Complete();
    }

    private async ValueTask HangupChannelAsync(CancellationToken ct)
    {
        _callerGone = true;
        await ReleaseAsync(() => _ari.HangupAsync(ChannelId, ct), "caller channel").ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- event plumbing

    /// <summary>The next event for this call, or null when <paramref name="timeout"/> passed first (null timeout: wait forever).</summary>
    private async ValueTask<AriEvent?> NextAsync(TimeSpan? timeout, CancellationToken ct)
    {
        AriEvent evt;
        if (_inbox.TryRead(out var ready))
            evt = ready;
        else if (timeout is null)
            evt = await _inbox.ReadAsync(ct).ConfigureAwait(false);
        else if (timeout.Value <= TimeSpan.Zero)
            return null;
        else
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct);
            using var timer = _services.Time.CreateTimer(static s => ((CancellationTokenSource)s!).Cancel(), linked, timeout.Value, Timeout.InfiniteTimeSpan);
            try
            {
                evt = await _inbox.ReadAsync(linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                return null;
            }
        }
        LastEventTimestamp = evt.ReceivedTimestamp;
        if (IsCallerHangup(evt))
            _callerGone = true;
        return evt;
    }

    private bool IsCallerHangup(AriEvent evt) =>
        evt is ChannelHangupRequestEvent or StasisEndEvent or ChannelDestroyedEvent
        && ((AriChannelEvent)evt).Channel.Id == ChannelId;

    private char? CallerDigit(AriEvent evt) =>
        evt is ChannelDtmfReceivedEvent d && d.Channel.Id == ChannelId && d.Digit.Length == 1 ? d.Digit[0] : null;

    private long Deadline(int milliseconds) => Deadline(TimeSpan.FromMilliseconds(milliseconds));

    private long Deadline(TimeSpan span) =>
        _services.Time.GetTimestamp() + (long)(span.TotalSeconds * _services.Time.TimestampFrequency);

    private TimeSpan Remaining(long deadline) =>
        TimeSpan.FromSeconds((double)(deadline - _services.Time.GetTimestamp()) / _services.Time.TimestampFrequency);

    private void ThrowIfGone()
    {
        if (_callerGone)
            throw new CallerHungUpException();
    }

    private string NewId(string kind) => $"{kind}-{CallId}-{Interlocked.Increment(ref _sequence)}";

    /// <summary>Runs a request on the caller's channel; "channel not found" means the caller is gone.</summary>
    private async ValueTask CallerRequestAsync(Func<Task> request)
    {
        try
        {
            await request().ConfigureAwait(false);
        }
        catch (AriRequestException e) when (e.IsNotFound)
        {
            _callerGone = true;
            throw new CallerHungUpException();
        }
    }

    /// <summary>Runs a request on the caller's channel and returns its result; "not found" means the caller is gone.</summary>
    private async ValueTask<T> CallerRequestAsync<T>(Func<Task<T>> request)
    {
        try
        {
            return await request().ConfigureAwait(false);
        }
        catch (AriRequestException e) when (e.IsNotFound)
        {
            _callerGone = true;
            throw new CallerHungUpException();
        }
    }

    /// <summary>Runs a clean-up request; what it cleans up may already be gone, which is fine.</summary>
    private static async ValueTask IgnoreNotFoundAsync(Func<Task> request)
    {
        try
        {
            await request().ConfigureAwait(false);
        }
        catch (AriRequestException e) when (e.IsNotFound)
        {
            // Already gone: nothing left to release.
        }
    }

    /// <summary>Runs a clean-up request after the call's outcome is decided: a failure is logged, never thrown.</summary>
    private async ValueTask ReleaseAsync(Func<Task> request, string what)
    {
        try
        {
            await request().ConfigureAwait(false);
        }
        catch (AriRequestException e) when (!e.IsNotFound)
        {
            _log.LogWarning("Call {CallId}: releasing {What} failed: {Error}", CallId, what, e.Message);
        }
        catch (AriRequestException)
        {
            // Already gone.
        }
    }
}
