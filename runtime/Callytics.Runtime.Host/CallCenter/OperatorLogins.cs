using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Operators;
using Callytics.Runtime.Storage.Queues;

namespace Callytics.Runtime.Host.CallCenter;

/// <summary>
/// The queue_login node: the operator (identified by the caller id of their phone) types a PIN, is
/// logged in to the queues and stays on hold, bridged with each matched caller in turn, until they
/// hang up. <c>#</c> alone at the PIN prompt logs them out instead.
/// </summary>
internal sealed class OperatorLogins(IQueueState queues, OperatorAccounts accounts, LocalOperators operators)
{
    private const int FirstDigitTimeoutMs = 10_000;
    private const int InterDigitTimeoutMs = 5_000;

    public async ValueTask<QueueLoginOutcome> LoginAsync(ICallMedia call, QueueLoginEffect effect, CancellationToken ct)
    {
        var operatorId = call.CallerId;
        for (var attempt = 1; ; attempt++)
        {
            var typed = await call.ReadDigitsAsync(new ReadDigitsEffect(
                PromptsOf(effect.Prompt), true, Math.Max(1, effect.PinMaxDigits), "#", FirstDigitTimeoutMs, InterDigitTimeoutMs), ct).ConfigureAwait(false);
            if (typed is { Digits: "", End: DigitsEnd.Terminator })
            {
                if (StorageIds.IsValid(operatorId))
                    await queues.LogoutOperatorAsync(operatorId, ct).ConfigureAwait(false);
                return new QueueLoginOutcome(QueueLoginResult.LoggedOut);
            }
            var check = typed.Digits.Length == 0 ? PinCheckResult.Rejected : await accounts.VerifyPinAsync(operatorId, typed.Digits, ct).ConfigureAwait(false);
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
        operators.Add(operatorId, call.ChannelId);
        var session = await queues.LoginOperatorAsync(operatorId, call.ChannelId, queueIds, ct).ConfigureAwait(false);
        try
        {
            var next = session.NextCallerAsync(ct).AsTask();
            while (true)
            {
                await call.StartHoldAsync(null, ct).ConfigureAwait(false);
                await MediaWaits.WaitUntilAsync(call, next, ct).ConfigureAwait(false);
                ct.ThrowIfCancellationRequested();
                var match = await next.ConfigureAwait(false);
                // The caller's side makes the bridge; music on hold must not play into it.
                await call.StopHoldAsync(ct).ConfigureAwait(false);
                next = session.NextCallerAsync(ct).AsTask();
                try
                {
                    // A caller on another host never signals here; its next match then ends the wait.
                    await MediaWaits.WaitUntilAsync(call, Task.WhenAny(operators.WhenEnded(match), next), ct).ConfigureAwait(false);
                }
                finally
                {
                    operators.Forget(match);
                }
                ct.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            operators.Remove(operatorId, call.ChannelId);
            await queues.LogoutOperatorAsync(operatorId, CancellationToken.None).ConfigureAwait(false);
        }
    }

    private static async ValueTask PlayAsync(ICallMedia call, Prompt? prompt, CancellationToken ct)
    {
        if (prompt is not null)
            await call.PlayAsync(new PlayEffect([prompt], false), ct).ConfigureAwait(false);
    }

    private static IReadOnlyList<Prompt> PromptsOf(Prompt? prompt) => prompt is null ? [] : [prompt];
}
