using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Operators;
using Callytics.Runtime.Storage.Queues;

namespace Callytics.Runtime.Host.CallCenter;

/// <summary>
/// The queue_login node: the operator (identified by the caller id of their phone) types a PIN, is
/// logged in to the queues and stays on hold, bridged with each matched caller in turn, until they
/// hang up. <c>#</c> at the PIN prompt, then the PIN, logs them out instead: logging out needs the PIN too.
/// </summary>
internal sealed class OperatorLogins(IQueueState queues, OperatorAccounts accounts)
{
    private const int FirstDigitTimeoutMs = 10_000;
    private const int InterDigitTimeoutMs = 5_000;

    /// <summary>
    /// How often an operator matched with a caller on another host checks that host is still alive.
    /// A fault watch (a host lease lapses after seconds), not part of matching, which stays event-driven.
    /// </summary>
    private static readonly TimeSpan CallerHostCheck = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Played when the PIN cannot be checked or the login stored because PostgreSQL or Redis is down:
    /// the operator hears why instead of a dead line (Asterisk's core sounds: "all circuits are busy
    /// now", "please try your call later").
    /// </summary>
    internal static readonly IReadOnlyList<Prompt> TryLater = [Prompt.Sound("all-circuits-busy-now"), Prompt.Sound("please-try-call-later")];

    public async ValueTask<QueueLoginOutcome> LoginAsync(ICallMedia call, QueueLoginEffect effect, CancellationToken ct)
    {
        try
        {
            return await LoginOrThrowAsync(call, effect, ct).ConfigureAwait(false);
        }
        catch (StorageUnavailableException)
        {
            // Refused, not failed: the flow goes on along the login's "rejected" branch after the prompt.
            await call.PlayAsync(new PlayEffect(TryLater, false), ct).ConfigureAwait(false);
            return new QueueLoginOutcome(QueueLoginResult.Rejected);
        }
    }

    private async ValueTask<QueueLoginOutcome> LoginOrThrowAsync(ICallMedia call, QueueLoginEffect effect, CancellationToken ct)
    {
        var operatorId = call.CallerId;
        var loggingOut = false;
        var attempt = 0;
        while (true)
        {
            var typed = await call.ReadDigitsAsync(new ReadDigitsEffect(
                PromptsOf(effect.Prompt), true, Math.Max(1, effect.PinMaxDigits), "#", FirstDigitTimeoutMs, InterDigitTimeoutMs), ct).ConfigureAwait(false);
            if (typed is { Digits: "", End: DigitsEnd.Terminator } && !loggingOut)
            {
                // '#' asks to log out; the PIN asked for next proves who asks: anyone can show an operator's caller id.
                loggingOut = true;
                continue;
            }
            attempt++;
            var check = typed.Digits.Length == 0 ? PinCheckResult.Rejected : await accounts.VerifyPinAsync(operatorId, typed.Digits, ct).ConfigureAwait(false);
            if (check == PinCheckResult.Accepted && loggingOut)
            {
                await queues.LogoutOperatorAsync(operatorId, ct).ConfigureAwait(false);
                return new QueueLoginOutcome(QueueLoginResult.LoggedOut);
            }
            if (check == PinCheckResult.Accepted)
                break;
            if (check == PinCheckResult.LockedOut || attempt >= Math.Max(1, effect.MaxAttempts))
                return new QueueLoginOutcome(QueueLoginResult.Rejected);
            await PlayAsync(call, effect.InvalidPrompt, ct).ConfigureAwait(false);
        }
        await PlayAsync(call, effect.SuccessPrompt, ct).ConfigureAwait(false);
        await ServeCallersAsync(call, operatorId, effect.Queues, ct).ConfigureAwait(false);
        return new QueueLoginOutcome(QueueLoginResult.LoggedIn);
    }

    /// <summary>Holds the operator and hands them callers until they hang up (which throws <see cref="CallerHungUpException"/>).</summary>
    private async Task ServeCallersAsync(ICallMedia call, string operatorId, IReadOnlyList<string> queueIds, CancellationToken ct)
    {
        var session = await queues.LoginOperatorAsync(operatorId, call.ChannelId, queueIds, ct).ConfigureAwait(false);
        try
        {
            var next = session.NextCallerAsync(ct).AsTask();
            while (true)
            {
                // Back to back (the release that ended the last conversation matched the next caller at
                // once, the usual case in a busy queue): no hold music in between, and two ARI requests
                // fewer on the path to the next bridge.
                if (!next.IsCompleted)
                {
                    await call.StartHoldAsync(null, ct).ConfigureAwait(false);
                    await MediaWaits.WaitUntilAsync(call, next, ct).ConfigureAwait(false);
                    ct.ThrowIfCancellationRequested();
                    // The caller's side makes the bridge; music on hold must not play into it.
                    await call.StopHoldAsync(ct).ConfigureAwait(false);
                }
                var match = await next.ConfigureAwait(false);
                next = session.NextCallerAsync(ct).AsTask();
                using var watch = CancellationTokenSource.CreateLinkedTokenSource(ct);
                try
                {
                    // The caller's host releasing the operator ends the conversation (and may bring the next
                    // match with it); a caller's host that dies instead lets the operator be reclaimed.
                    Task[] ends = match.CallerHostId is { } host && host != queues.HostId
                        ? [session.WhenReleased(match), ReclaimWhenCallerHostDiesAsync(match, watch.Token)]
                        : [session.WhenReleased(match)];
                    await MediaWaits.WaitUntilAsync(call, Task.WhenAny(ends), ct).ConfigureAwait(false);
                }
                finally
                {
                    await watch.CancelAsync().ConfigureAwait(false);
                }
                ct.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            await queues.LogoutOperatorAsync(operatorId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Completes once the operator was made available again because the caller's host lost its lease
    /// (killed before or while bridging them: nobody would ever release the operator otherwise).
    /// Runs until cancelled while that host lives.
    /// </summary>
    private async Task ReclaimWhenCallerHostDiesAsync(QueueMatch match, CancellationToken ct)
    {
        try
        {
            while (true)
            {
                await Task.Delay(CallerHostCheck, ct).ConfigureAwait(false);
                try
                {
                    if (await queues.ReclaimOperatorAsync(match.OperatorId, match, ct).ConfigureAwait(false))
                        return;
                }
                catch (StorageUnavailableException)
                {
                    // Redis is down: the resync after it returns restores the operator; keep watching.
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Cancelled only once the wait this belongs to is over (conversation ended, operator left).
        }
    }

    private static async ValueTask PlayAsync(ICallMedia call, Prompt? prompt, CancellationToken ct)
    {
        if (prompt is not null)
            await call.PlayAsync(new PlayEffect([prompt], false), ct).ConfigureAwait(false);
    }

    private static IReadOnlyList<Prompt> PromptsOf(Prompt? prompt) => prompt is null ? [] : [prompt];
}
