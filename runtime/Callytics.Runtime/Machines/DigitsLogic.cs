using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Machines;

/// <summary>A get_digits node's settings, as generated code declares them.</summary>
public sealed record DigitsSpec(
    string Variable, Prompt? Prompt, int MaxDigits, int MinDigits, string Terminator, int TimeoutMs, int InterDigitTimeoutMs,
    int MaxRetries, bool TimeoutConnected);

/// <summary>What a get_digits node decided.</summary>
public enum DigitsResult
{
    /// <summary>It needs an effect performed.</summary>
    Wait,
    /// <summary>Enough digits: the variable is set; leave through <c>next</c>.</summary>
    Next,
    /// <summary>Too few digits after all retries: the variable is ""; leave through <c>timeout</c> (or <c>next</c> when not connected).</summary>
    Timeout,
}

/// <summary>
/// The behaviour of get_digits nodes: prompt, collect up to max_digits (terminator ends early),
/// fewer than min_digits re-prompts up to max_retries, then times out.
/// </summary>
public static class DigitsLogic
{
    /// <summary>Decides the node's next move; <paramref name="effect"/> is set for <see cref="DigitsResult.Wait"/>.</summary>
    public static DigitsResult Step(DigitsSpec spec, CallState state, Outcome outcome, out Effect? effect)
    {
        effect = null;
        if (state.Phase == 0 || outcome is not DigitsOutcome digits)
        {
            state.Phase = 1;
            effect = new ReadDigitsEffect(spec.Prompt is null ? [] : [spec.Prompt], true, spec.MaxDigits, spec.Terminator, spec.TimeoutMs, spec.InterDigitTimeoutMs);
            return DigitsResult.Wait;
        }
        if (digits.Digits.Length >= spec.MinDigits)
        {
            state.Retries.Remove(state.Node);
            state.Set(spec.Variable, digits.Digits);
            return DigitsResult.Next;
        }
        var attempts = state.Retries.GetValueOrDefault(state.Node) + 1;
        if (attempts <= spec.MaxRetries)
        {
            state.Retries[state.Node] = attempts;
            state.Phase = 0;
            return Step(spec, state, Outcome.Enter, out effect);
        }
        state.Retries.Remove(state.Node);
        state.Set(spec.Variable, "");
        return DigitsResult.Timeout;
    }
}
