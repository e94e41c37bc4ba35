using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Ari.Calls;

/// <summary>How an outbound call started with <see cref="AriCallChannel.OriginateAsync"/> went.</summary>
/// <param name="Call">The answered call, owned by the caller (dispose it to hang up); null when nobody answered.</param>
/// <param name="Result"><see cref="DialResult.Completed"/> when answered; otherwise no answer, busy or failed.</param>
public sealed record OutboundCall(AriCallChannel? Call, DialResult Result);

public sealed partial class AriCallChannel
{
    /// <summary>
    /// Rings <paramref name="target"/> (an operator's phone for a return call) and, when it answers,
    /// hands it over as a call on which effects run like on an inbound one: it can dial further
    /// (<see cref="DialAsync"/>) and is bridged with whoever answers. Unanswered, the channel is hung
    /// up and nothing is left behind.
    /// </summary>
    /// <param name="services">The host's shared ARI services.</param>
    /// <param name="callId">The id for logs and for the ids of what the call creates.</param>
    /// <param name="target">Where to ring (the catalog turns it into the endpoint, as for a transfer).</param>
    /// <param name="shownToTarget">The caller id the target's phone shows (for a return call: the customer's number).</param>
    /// <param name="ownNumber">The caller id this call presents when it dials further; empty: none.</param>
    /// <param name="ringFor">How long to ring before giving up.</param>
    /// <param name="cancellationToken">Stops ringing (the channel is hung up).</param>
    public static async ValueTask<OutboundCall> OriginateAsync(
        AriCallServices services, string callId, DialTarget target, string? shownToTarget, string ownNumber, TimeSpan ringFor, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(target);
        // Registered (by the constructor) before the originate request, so no event of the new channel is missed.
        var call = new AriCallChannel(services, callId, new AriChannel { Id = "out-" + callId, Caller = new AriCallerId { Number = ownNumber } });
        var result = DialResult.Failed;
        try
        {
            result = await call.RingOutAsync(target, shownToTarget, ringFor, cancellationToken).ConfigureAwait(false);
            return result == DialResult.Completed ? new OutboundCall(call, result) : new OutboundCall(null, result);
        }
        finally
        {
            if (result != DialResult.Completed)
                await call.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Originates this call's own channel and waits until it answers, ends, or rings out.</summary>
    private async ValueTask<DialResult> RingOutAsync(DialTarget target, string? shownToTarget, TimeSpan ringFor, CancellationToken ct)
    {
        var leg = new Leg(ChannelId, target);
        // Set before originating, as for a transfer: a slow originate shortens the ring, never lengthens it.
        var deadline = Deadline(ringFor);
        await StartLegAsync(leg, shownToTarget, ringFor, ct).ConfigureAwait(false);
        while (!leg.Ended)
        {
            var evt = await NextAsync(Remaining(deadline), ct).ConfigureAwait(false);
            if (evt is null)
                break; // rang out: disposing the call hangs the channel up
            if (Answered(leg, evt))
                return DialResult.Completed;
        }
        if (leg.Ended)
            _callerGone = true; // never created, or already destroyed: nothing to hang up
        return leg.Result;
    }
}
