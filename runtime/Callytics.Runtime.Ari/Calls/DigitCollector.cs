using System.Text;
using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Ari.Calls;

/// <summary>The rules of one digit collection: max digits and terminators end it.</summary>
internal sealed class DigitCollector(ReadDigitsEffect effect)
{
    private readonly StringBuilder _digits = new();

    /// <summary>Digits so far.</summary>
    public string Digits => _digits.ToString();

    /// <summary>Takes one key; returns the outcome when it ends collection.</summary>
    public DigitsOutcome? Accept(char digit)
    {
        if (effect.Terminators.Contains(digit, StringComparison.Ordinal))
            return new DigitsOutcome(_digits.ToString(), DigitsEnd.Terminator, digit);
        _digits.Append(digit);
        return _digits.Length >= effect.MaxDigits ? new DigitsOutcome(_digits.ToString(), DigitsEnd.MaxDigits) : null;
    }

    /// <summary>The outcome when the first-digit or inter-digit timeout passed.</summary>
    public DigitsOutcome TimedOut() => new(_digits.ToString(), DigitsEnd.Timeout);
}
