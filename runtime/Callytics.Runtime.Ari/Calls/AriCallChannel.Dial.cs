using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Ari.Events;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Helpers;
using Microsoft.Extensions.Logging;

namespace Callytics.Runtime.Ari.Calls;

public sealed partial class AriCallChannel
{
    /// <summary>The appArgs put on every leg the runtime originates, so the host never mistakes one for a new inbound call.</summary>
    public const string DialLegAppArgs = "callytics-dial";

    /// <summary>The bridge type for calls: mixing, with DTMF reported as events.</summary>
    public const string CallBridgeType = "mixing,dtmf_events";

    /// <summary>True once the call was in a bridge with another party (a dialed leg or an operator).</summary>
    public bool WasBridged { get; private set; }

    /// <summary>One destination being rung.</summary>
    private sealed class Leg(string id, DialTarget target)
    {
        public string Id { get; } = id;
        public DialTarget Target { get; } = target;
        public bool Ended { get; set; }
        public DialResult Result { get; set; } = DialResult.NoAnswer;
        /// <summary>A Dial event with a status arrived (it rang, or said why not).</summary>
        public bool Progressed { get; set; }
    }

    /// <inheritdoc />
    public async ValueTask<DialOutcome> DialAsync(DialEffect effect, CancellationToken cancellationToken)
    {
        ThrowIfGone();
        var groups = effect.Strategy switch
        {
            DialStrategy.Simultaneous => [effect.Targets],
            DialStrategy.Random => effect.Targets.OrderBy(_ => _services.Random.Next()).Select(t => (IReadOnlyList<DialTarget>)[t]).ToList(),
            _ => effect.Targets.Select(t => (IReadOnlyList<DialTarget>)[t]).ToList(),
        };
        var totalDeadline = Deadline(effect.TotalTimeoutMs);
        var results = new List<DialResult>();
        await StartRingbackAsync(effect.MusicOnHold, cancellationToken).ConfigureAwait(false);
        var ringback = true;
        try
        {
            foreach (var group in groups)
            {
                var ringFor = TimeSpan.FromMilliseconds(Math.Min(effect.RingTimeoutMs, Remaining(totalDeadline).TotalMilliseconds));
                // The total timeout ends the hunt: a next attempt squeezed into what is left of it
                // would only make a phone chirp (and ring past the total while it is originated).
                if (ringFor < TimeSpan.FromMilliseconds(Math.Min(effect.RingTimeoutMs, ShortestAttemptMs)))
                    break;
                var (winner, legs) = await RingAsync(group, ringFor, cancellationToken).ConfigureAwait(false);
                if (winner is not null)
                {
                    ringback = false;
                    await StopRingbackAsync(effect.MusicOnHold, cancellationToken).ConfigureAwait(false);
                    return await ConverseWithLegAsync(winner, effect.RecordCall, cancellationToken).ConfigureAwait(false);
                }
                results.AddRange(legs.Select(l => l.Result));
            }
        }
        finally
        {
            if (ringback && !_callerGone)
                await ReleaseAsync(() => StopRingbackAsync(effect.MusicOnHold, CancellationToken.None).AsTask(), "ringback").ConfigureAwait(false);
        }
        return new DialOutcome(Summarize(results));
    }

    /// <summary>A hunt attempt is only started with at least this much of the total timeout left (or the whole ring timeout, when that is shorter).</summary>
    private const int ShortestAttemptMs = 250;

    /// <summary>All busy → Busy; all failed → Failed; otherwise (someone rang out) NoAnswer.</summary>
    private static DialResult Summarize(List<DialResult> results) =>
        results.Count > 0 && results.All(r => r == DialResult.Busy) ? DialResult.Busy
        : results.Count > 0 && results.All(r => r == DialResult.Failed) ? DialResult.Failed
        : DialResult.NoAnswer;

    private ValueTask StartRingbackAsync(bool moh, CancellationToken ct) =>
        CallerRequestAsync(() => moh ? _ari.StartMohAsync(ChannelId, ct) : _ari.StartRingingAsync(ChannelId, ct));

    private async ValueTask StopRingbackAsync(bool moh, CancellationToken ct) =>
        await IgnoreNotFoundAsync(() => moh ? _ari.StopMohAsync(ChannelId, ct) : _ari.StopRingingAsync(ChannelId, ct)).ConfigureAwait(false);

    /// <summary>
    /// Rings a group of destinations at once until one answers (it wins; the others are hung up at
    /// once), all have ended, or <paramref name="ringFor"/> passes (all still ringing are hung up).
    /// </summary>
    private async ValueTask<(Leg? Winner, List<Leg> Legs)> RingAsync(IReadOnlyList<DialTarget> group, TimeSpan ringFor, CancellationToken ct)
    {
        var legs = new List<Leg>(group.Count);
        // Set before originating, so that a slow originate shortens the ring instead of lengthening it.
        var deadline = Deadline(ringFor);
        try
        {
            foreach (var target in group)
                legs.Add(await OriginateLegAsync(target, ringFor, ct).ConfigureAwait(false));
            while (legs.Any(l => !l.Ended))
            {
                var evt = await NextAsync(Remaining(deadline), ct).ConfigureAwait(false);
                if (evt is null)
                    break;
                if (IsCallerHangup(evt))
                    throw new CallerHungUpException();
                var leg = evt switch
                {
                    AriChannelEvent c => legs.Find(l => l.Id == c.Channel.Id),
                    DialEvent d => legs.Find(l => l.Id == d.Peer.Id),
                    _ => null,
                };
                if (leg is null || leg.Ended || !Answered(leg, evt))
                    continue;
                legs.Remove(leg);
                return (leg, legs);
            }
            return (null, legs);
        }
        finally
        {
            // Losing, unanswered and (on a caller hang-up) all legs go at once.
            foreach (var leg in legs)
                await ReleaseLegAsync(leg).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Follows one ringing leg: true when <paramref name="evt"/> says it answered (entered the
    /// application); otherwise notes a dial status or the leg's end (cause 17: busy) on the leg.
    /// </summary>
    private bool Answered(Leg leg, AriEvent evt)
    {
        switch (evt)
        {
            case StasisStartEvent:
                _log.LogInformation("Call {CallId}: {Destination} answered", CallId, leg.Target.Value);
                return true;
            case DialEvent dial when dial.DialStatus.Length > 0:
                leg.Progressed = true;
                if (FromDialStatus(dial.DialStatus) is { } result)
                    leg.Result = result;
                break;
            case ChannelDestroyedEvent destroyed:
                leg.Ended = true;
                if (destroyed.Cause == 17)
                    leg.Result = DialResult.Busy;
                // Asterisk destroys a Local channel to an extension that does not exist at once, with
                // no Dial status (cause 0): it never rang, so the destination is unreachable.
                else if (!leg.Progressed)
                    leg.Result = DialResult.Failed;
                break;
        }
        return false;
    }

    private async ValueTask<Leg> OriginateLegAsync(DialTarget target, TimeSpan ringFor, CancellationToken ct)
    {
        var leg = new Leg(NewId("leg"), target);
        await StartLegAsync(leg, CallerId.Length > 0 ? CallerId : null, ringFor, ct).ConfigureAwait(false);
        return leg;
    }

    /// <summary>Originates <paramref name="leg"/> with its events routed here; a refused originate ends it as failed.</summary>
    private async ValueTask StartLegAsync(Leg leg, string? callerId, TimeSpan ringFor, CancellationToken ct)
    {
        var target = leg.Target;
        if (target.Type == DestinationType.Pstn && !PhoneNumbers.IsValid(target.Value))
        {
            _log.LogWarning("Call {CallId}: cannot dial {Destination}: not a phone number", CallId, target.Value);
            leg.Ended = true;
            leg.Result = DialResult.Failed;
            return;
        }
        var endpoint = _services.Catalog.EndpointFor(target);
        _services.Router.AddChannel(leg.Id, this);
        try
        {
            // ARI's own timeout is a safety net in whole seconds; the runtime's timer decides.
            var seconds = (int)Math.Ceiling(ringFor.TotalSeconds) + 1;
            await _ari.OriginateAsync(endpoint, leg.Id, DialLegAppArgs, callerId, seconds, ct).ConfigureAwait(false);
        }
        catch (AriRequestException e)
        {
            _log.LogWarning("Call {CallId}: originate to {Destination} failed: {Error}", CallId, target.Value, e.Message);
            _services.Router.RemoveChannel(leg.Id);
            leg.Ended = true;
            leg.Result = DialResult.Failed;
        }
    }

    private async ValueTask ReleaseLegAsync(Leg leg)
    {
        if (!leg.Ended)
        {
            leg.Ended = true;
            await ReleaseAsync(() => _ari.HangupAsync(leg.Id, CancellationToken.None), "dialed leg").ConfigureAwait(false);
        }
        _services.Router.RemoveChannel(leg.Id);
    }

    /// <summary>The result a final dial status means; null for progress (RINGING, PROGRESS, PROCEEDING), which Asterisk reports while it rings.</summary>
    private static DialResult? FromDialStatus(string status) => status switch
    {
        "RINGING" or "PROGRESS" or "PROCEEDING" => null,
        "BUSY" => DialResult.Busy,
        "NOANSWER" or "CANCEL" => DialResult.NoAnswer,
        _ => DialResult.Failed,
    };

    /// <summary>Bridges the caller with an answered leg until one side leaves; the leg is hung up either way.</summary>
    private async ValueTask<DialOutcome> ConverseWithLegAsync(Leg leg, bool record, CancellationToken ct)
    {
        try
        {
            var bridged = await ConverseAsync(leg.Id, record, otherGoesOn: false, ct).ConfigureAwait(false);
            return new DialOutcome(bridged ? DialResult.Completed : DialResult.Failed, leg.Target.Value);
        }
        finally
        {
            await ReleaseLegAsync(leg).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Puts the caller and <paramref name="otherChannelId"/> in a new <c>mixing,dtmf_events</c>
    /// bridge (recorded when asked; the prompts before never are) and waits until the other side
    /// leaves. Returns false when the bridge could not be set up. Always destroys the bridge and
    /// stops the recording; a caller hang-up throws after that.
    /// </summary>
    /// <param name="otherGoesOn">True when the other channel carries on after the conversation (an
    /// operator's call); a dialed leg is hung up right after, and taking it out first would be a wasted request.</param>
    private async ValueTask<bool> ConverseAsync(string otherChannelId, bool record, bool otherGoesOn, CancellationToken ct)
    {
        var bridgeId = NewId("br");
        string? recording = null;
        _services.Router.AddBridge(bridgeId, this);
        try
        {
            try
            {
                await _ari.CreateBridgeAsync(bridgeId, CallBridgeType, "call-" + CallId, ct).ConfigureAwait(false);
                try
                {
                    await _ari.AddChannelsAsync(bridgeId, [ChannelId, otherChannelId], ct).ConfigureAwait(false);
                }
                catch (AriRequestException e) when (e.Status is 400 or 404 or 422)
                {
                    // One side left between answering and bridging. If it was the caller, say so;
                    // if it was the other side, that conversation is simply over.
                    await CallerRequestAsync(() => _ari.GetChannelAsync(ChannelId, ct)).ConfigureAwait(false);
                    return true;
                }
                WasBridged = true;
                if (record)
                {
                    recording = NewId("rec");
                    _services.Router.AddRecording(recording, this);
                    await _ari.RecordBridgeAsync(bridgeId, recording, "wav", ct).ConfigureAwait(false);
                }
            }
            catch (AriRequestException e)
            {
                _log.LogWarning("Call {CallId}: bridging failed: {Error}", CallId, e.Message);
                return false;
            }
            while (true)
            {
                var evt = await NextAsync(null, ct).ConfigureAwait(false);
                if (IsCallerHangup(evt!))
                    throw new CallerHungUpException();
                if (evt is ChannelHangupRequestEvent or StasisEndEvent or ChannelDestroyedEvent or ChannelLeftBridgeEvent
                    && ((AriChannelEvent)evt).Channel.Id == otherChannelId)
                    return true;
            }
        }
        finally
        {
            if (recording is not null)
            {
                await ReleaseAsync(() => _ari.StopRecordingAsync(recording, CancellationToken.None), "bridge recording").ConfigureAwait(false);
                _services.Router.RemoveRecording(recording);
            }
            // Asterisk ejects the channels of a destroyed bridge asynchronously: a prompt played on a
            // channel that has not finished leaving is accepted and never played (res_stasis_playback.c,
            // play_uri), and the call would wait for ever. Removing a channel returns once it has left.
            await Task.WhenAll(
                _callerGone ? Task.CompletedTask : LeaveBridgeAsync(bridgeId, ChannelId),
                otherGoesOn ? LeaveBridgeAsync(bridgeId, otherChannelId) : Task.CompletedTask).ConfigureAwait(false);
            await ReleaseAsync(() => _ari.DestroyBridgeAsync(bridgeId, CancellationToken.None), "bridge").ConfigureAwait(false);
            _services.Router.RemoveBridge(bridgeId);
        }
    }

    /// <summary>Takes <paramref name="channelId"/> out of the bridge; a channel already gone or out of it (404, 422) is fine.</summary>
    private async Task LeaveBridgeAsync(string bridgeId, string channelId)
    {
        try
        {
            await _ari.RemoveChannelAsync(bridgeId, channelId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (AriRequestException e) when (e.Status is 400 or 404 or 422)
        {
            // It hung up or left by itself: nothing to wait for.
        }
        catch (AriRequestException e)
        {
            _log.LogWarning("Call {CallId}: taking {Channel} out of its bridge failed: {Error}", CallId, channelId, e.Message);
        }
    }
}
