using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Storage.Callbacks;

namespace Callytics.Runtime.Host.CallCenter;

/// <summary>
/// The callback node: takes the number (the caller id, or keyed in), lets the caller confirm it
/// (1) or key it again (2) when a confirm prompt is set, and stores a pending callback.
/// </summary>
internal sealed class CallbackRequests(ICallbackStore callbacks, TimeProvider time)
{
    private const int MaxEntries = 3;
    private const int FirstDigitTimeoutMs = 10_000;
    private const int InterDigitTimeoutMs = 5_000;

    public async ValueTask<CallbackOutcome> RequestAsync(ICallMedia call, CallbackEffect effect, CancellationToken ct)
    {
        var number = effect.Source == CallbackNumberSource.CallerId ? call.CallerId : "";
        for (var entry = 0; entry < MaxEntries; entry++)
        {
            if (number.Length == 0)
                number = await ReadAsync(call, effect.Prompt, Math.Max(1, effect.MaxDigits), ct).ConfigureAwait(false);
            if (number.Length > 0 && await ConfirmedAsync(call, effect.ConfirmPrompt, ct).ConfigureAwait(false))
                return await StoreAsync(call, effect, number, ct).ConfigureAwait(false);
            number = "";
        }
        return new CallbackOutcome(false, number);
    }

    private static async ValueTask<bool> ConfirmedAsync(ICallMedia call, Prompt? confirmPrompt, CancellationToken ct) =>
        confirmPrompt is null || await ReadAsync(call, confirmPrompt, 1, ct).ConfigureAwait(false) == "1";

    private async ValueTask<CallbackOutcome> StoreAsync(ICallMedia call, CallbackEffect effect, string number, CancellationToken ct)
    {
        var request = new CallbackRequest(Guid.NewGuid(), number, effect.Queue, call.CallerId, null, time.GetUtcNow());
        try
        {
            request.Validate();
        }
        catch (ArgumentException)
        {
            // A caller id that is no phone number (or a bad queue id) cannot be called back.
            return new CallbackOutcome(false, number);
        }
        await callbacks.SaveAsync(request, ct).ConfigureAwait(false);
        return new CallbackOutcome(true, number);
    }

    private static async ValueTask<string> ReadAsync(ICallMedia call, Prompt? prompt, int maxDigits, CancellationToken ct)
    {
        var typed = await call.ReadDigitsAsync(new ReadDigitsEffect(
            prompt is null ? [] : [prompt], true, maxDigits, "#", FirstDigitTimeoutMs, InterDigitTimeoutMs), ct).ConfigureAwait(false);
        return typed.Digits;
    }
}
