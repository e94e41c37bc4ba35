using Callytics.Runtime.Ari.Events;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Storage.Voicemail;

namespace Callytics.Runtime.Ari.Calls;

public sealed partial class AriCallChannel
{
    /// <summary>The key a caller presses to leave a conference room and continue the flow.</summary>
    public const char LeaveConferenceKey = '#';

    /// <inheritdoc />
    public async ValueTask<ConferenceOutcome> ConferenceAsync(ConferenceEffect effect, CancellationToken cancellationToken)
    {
        ThrowIfGone();
        var room = await CallerRequestAsync(() => _services.Conferences.JoinAsync(effect, ChannelId, cancellationToken)).ConfigureAwait(false);
        if (room is null)
            return new ConferenceOutcome(RoomWasFull: true);
        try
        {
            while (true)
            {
                var evt = await NextAsync(null, cancellationToken).ConfigureAwait(false);
                if (IsCallerHangup(evt!))
                    throw new CallerHungUpException();
                if (CallerDigit(evt!) == LeaveConferenceKey)
                    return new ConferenceOutcome(RoomWasFull: false);
            }
        }
        finally
        {
            await _services.Conferences.LeaveAsync(room, ChannelId, _callerGone).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask<VoicemailOutcome> VoicemailAsync(VoicemailEffect effect, CancellationToken cancellationToken)
    {
        ThrowIfGone();
        var store = _services.Voicemail ?? throw new InvalidOperationException($"Call {CallId}: a voicemail node was reached but this host has no voicemail store configured.");
        await PlayPromptsAsync([effect.Prompt], false, cancellationToken).ConfigureAwait(false);
        var name = NewId("vm-" + effect.Mailbox);
        var format = effect.Format.Length > 0 ? effect.Format : "ulaw";
        _services.Router.AddRecording(name, this);
        try
        {
            var startedAt = _services.Time.GetUtcNow();
            await CallerRequestAsync(() => _ari.RecordChannelAsync(ChannelId, name, format, effect.MaxDurationSeconds, effect.Beep, "#", cancellationToken)).ConfigureAwait(false);
            var hungUp = false;
            while (true)
            {
                // After a hang-up ARI still finishes (and keeps) the recording: wait a little for that.
                var evt = await NextAsync(hungUp ? _services.ConfirmTimeout : null, cancellationToken).ConfigureAwait(false);
                if (evt is null)
                    throw new CallerHungUpException();
                if (IsCallerHangup(evt))
                    hungUp = true;
                else if (evt is RecordingFailedEvent failed && failed.Recording.Name == name)
                    return hungUp ? throw new CallerHungUpException() : new VoicemailOutcome(null, 0);
                else if (evt is RecordingFinishedEvent done && done.Recording.Name == name)
                {
                    var duration = done.Recording.Duration ?? 0;
                    // Asterisk stores the audio as <spool>/recording/<name>.<format>: the record names that file.
                    await store.SaveAsync(
                        new VoicemailMessage(Guid.NewGuid(), effect.Mailbox, CallerId, startedAt, duration, $"{name}.{format}"),
                        CancellationToken.None).ConfigureAwait(false);
                    return hungUp ? throw new CallerHungUpException() : new VoicemailOutcome(name, duration);
                }
            }
        }
        finally
        {
            _services.Router.RemoveRecording(name);
        }
    }

    // ---------------------------------------------------------------- queue, login, callback

    /// <inheritdoc />
    public async ValueTask<QueueOutcome> QueueAsync(QueueEffect effect, CancellationToken cancellationToken)
    {
        if (_callerGone)
            return new QueueOutcome(QueueResult.Abandoned);
        try
        {
            return await _services.CallCenter.QueueAsync(this, effect, cancellationToken).ConfigureAwait(false);
        }
        catch (CallerHungUpException)
        {
            return new QueueOutcome(QueueResult.Abandoned);
        }
        finally
        {
            if (_holding is not null && !_callerGone)
                await ReleaseAsync(() => StopHoldAsync(CancellationToken.None).AsTask(), "hold").ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public IQueueView Queues => this;

    /// <inheritdoc />
    ValueTask<QueueSnapshot> IQueueView.GetSnapshotAsync(string queue, CancellationToken cancellationToken)
    {
        ThrowIfGone();
        return _services.CallCenter.GetSnapshotAsync(queue, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<QueueLoginOutcome> QueueLoginAsync(QueueLoginEffect effect, CancellationToken cancellationToken)
    {
        ThrowIfGone();
        return _services.CallCenter.QueueLoginAsync(this, effect, cancellationToken);
    }

    /// <inheritdoc />
    public ValueTask<CallbackOutcome> CallbackAsync(CallbackEffect effect, CancellationToken cancellationToken)
    {
        ThrowIfGone();
        return _services.CallCenter.CallbackAsync(this, effect, cancellationToken);
    }

    // ---------------------------------------------------------------- ICallMedia

    private sealed record Hold(Prompt? Prompt, string? PlaybackId);
    private Hold? _holding;

    /// <inheritdoc />
    public async ValueTask StartHoldAsync(Prompt? prompt, CancellationToken cancellationToken)
    {
        ThrowIfGone();
        if (_holding is not null)
            return;
        if (prompt is null)
        {
            await CallerRequestAsync(() => _ari.StartMohAsync(ChannelId, cancellationToken)).ConfigureAwait(false);
            _holding = new Hold(null, null);
        }
        else
            await StartHoldPlaybackAsync(prompt, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask StartHoldPlaybackAsync(Prompt prompt, CancellationToken ct)
    {
        var playbackId = NewId("hold");
        _services.Router.AddPlayback(playbackId, this);
        _holding = new Hold(prompt, playbackId);
        await CallerRequestAsync(() => _ari.PlayOnChannelAsync(ChannelId, playbackId, [_services.Catalog.MediaFor(prompt)], ct)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask StopHoldAsync(CancellationToken cancellationToken)
    {
        if (_holding is not { } hold)
            return;
        _holding = null;
        if (hold.PlaybackId is { } playbackId)
        {
            _services.Router.RemovePlayback(playbackId);
            await IgnoreNotFoundAsync(() => _ari.StopPlaybackAsync(playbackId, cancellationToken)).ConfigureAwait(false);
        }
        else
            await IgnoreNotFoundAsync(() => _ari.StopMohAsync(ChannelId, cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask WaitAsync(CancellationToken cancellationToken)
    {
        ThrowIfGone();
        try
        {
            while (true)
            {
                var evt = await NextAsync(null, cancellationToken).ConfigureAwait(false);
                if (IsCallerHangup(evt!))
                    throw new CallerHungUpException();
                if (CallerDigit(evt!) is { } digit)
                    _typeAhead.Append(digit);
                else if (evt is PlaybackFinishedEvent p && _holding is { PlaybackId: { } id, Prompt: { } prompt } && p.Playback.Id == id)
                {
                    // A hold prompt plays in a loop until hold stops.
                    _services.Router.RemovePlayback(id);
                    await StartHoldPlaybackAsync(prompt, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The call center decided the wait is over.
        }
    }

    /// <inheritdoc />
    public async ValueTask BridgeWithAsync(string otherChannelId, bool record, CancellationToken cancellationToken)
    {
        ThrowIfGone();
        await StopHoldAsync(cancellationToken).ConfigureAwait(false);
        await ConverseAsync(otherChannelId, record, otherGoesOn: true, cancellationToken).ConfigureAwait(false);
    }
}
