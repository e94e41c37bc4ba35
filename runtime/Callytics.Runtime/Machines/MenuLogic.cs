using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Machines;

/// <summary>A menu node's settings, as generated code declares them.</summary>
/// <param name="Prompt">The menu prompt.</param>
/// <param name="Keys">The option keys (one or two keys each).</param>
/// <param name="TimeoutMs">Wait for the first key.</param>
/// <param name="InterDigitTimeoutMs">Wait for a second key after a key that starts a two-key option.</param>
/// <param name="MaxRetries">Failed attempts allowed before giving up.</param>
/// <param name="InvalidPrompt">Played before a retry after invalid input (when <c>invalid</c> is not connected).</param>
/// <param name="TimeoutPrompt">Played before a retry after silence (when <c>timeout</c> is not connected).</param>
/// <param name="FinalPrompt">Played before hanging up when retries are used up (when <c>max_retries</c> is not connected).</param>
/// <param name="Interruptible">Whether a key stops the prompt.</param>
/// <param name="InvalidConnected">Whether the <c>invalid</c> output is connected.</param>
/// <param name="TimeoutConnected">Whether the <c>timeout</c> output is connected.</param>
/// <param name="MaxRetriesConnected">Whether the <c>max_retries</c> output is connected.</param>
public sealed record MenuSpec(
    Prompt Prompt, IReadOnlyList<string> Keys, int TimeoutMs, int InterDigitTimeoutMs, int MaxRetries,
    Prompt? InvalidPrompt, Prompt? TimeoutPrompt, Prompt? FinalPrompt, bool Interruptible,
    bool InvalidConnected, bool TimeoutConnected, bool MaxRetriesConnected);

/// <summary>What a menu decided.</summary>
public enum MenuResult
{
    /// <summary>It needs an effect performed (see <see cref="MenuDecision.Effect"/>).</summary>
    Wait,
    /// <summary>An option was chosen (see <see cref="MenuDecision.Key"/>).</summary>
    Selected,
    /// <summary>Invalid input; leave through <c>invalid</c>.</summary>
    Invalid,
    /// <summary>No input; leave through <c>timeout</c>.</summary>
    Timeout,
    /// <summary>Retries used up; leave through <c>max_retries</c>.</summary>
    MaxRetries,
}

/// <summary>A menu's decision for one step.</summary>
public readonly record struct MenuDecision(MenuResult Result, Effect? Effect = null, string Key = "");

/// <summary>
/// The behaviour of menu nodes (flow-language.md §2), shared by every generated machine:
/// prompt and first key; a second key after a prefix of a two-key option; invalid input and
/// silence go to their output when connected, else a retry prompt; when retries are used up,
/// <c>max_retries</c> when connected, else the final prompt and a hang-up.
/// </summary>
public static class MenuLogic
{
    private const int WaitingFirstKey = 1;
    private const int WaitingSecondKey = 2;

    /// <summary>Decides the menu's next move.</summary>
    public static MenuDecision Step(MenuSpec spec, CallState state, Outcome outcome)
    {
        switch (state.Phase)
        {
            case 0:
                return Ask(spec, state, null);
            case WaitingFirstKey when outcome is DigitsOutcome first:
                if (first.Digits.Length == 0) return Failed(spec, state, invalid: false);
                var key = first.Digits[..1];
                if (spec.Keys.Any(k => k.Length == 2 && k[0] == key[0]))
                {
                    state.Buffer = key;
                    state.Phase = WaitingSecondKey;
                    return new(MenuResult.Wait, new ReadDigitsEffect([], false, 1, "", spec.InterDigitTimeoutMs, spec.InterDigitTimeoutMs));
                }
                return spec.Keys.Contains(key) ? Selected(state, key) : Failed(spec, state, invalid: true);
            case WaitingSecondKey when outcome is DigitsOutcome second:
                var keys = state.Buffer + second.Digits;
                if (spec.Keys.Contains(keys)) return Selected(state, keys);
                // Silence after a key that is an option by itself selects that option.
                if (second.Digits.Length == 0 && spec.Keys.Contains(state.Buffer)) return Selected(state, state.Buffer);
                return Failed(spec, state, invalid: true);
            default:
                throw new InvalidOperationException($"Menu '{state.Node}' got {outcome} in phase {state.Phase}.");
        }
    }

    private static MenuDecision Ask(MenuSpec spec, CallState state, Prompt? before)
    {
        state.Phase = WaitingFirstKey;
        state.Buffer = "";
        IReadOnlyList<Prompt> prompts = before is null ? [spec.Prompt] : [before, spec.Prompt];
        return new(MenuResult.Wait, new ReadDigitsEffect(prompts, spec.Interruptible, 1, "", spec.TimeoutMs, spec.InterDigitTimeoutMs));
    }

    private static MenuDecision Selected(CallState state, string key)
    {
        state.Retries.Remove(state.Node);
        return new(MenuResult.Selected, Key: key);
    }

    private static MenuDecision Failed(MenuSpec spec, CallState state, bool invalid)
    {
        var attempts = state.Retries.GetValueOrDefault(state.Node) + 1;
        if (attempts > spec.MaxRetries)
        {
            state.Retries.Remove(state.Node);
            return spec.MaxRetriesConnected
                ? new(MenuResult.MaxRetries)
                : new(MenuResult.Wait, new HangupEffect(spec.FinalPrompt));
        }
        state.Retries[state.Node] = attempts;
        if (invalid && spec.InvalidConnected) return new(MenuResult.Invalid);
        if (!invalid && spec.TimeoutConnected) return new(MenuResult.Timeout);
        return Ask(spec, state, invalid ? spec.InvalidPrompt : spec.TimeoutPrompt);
    }
}
