namespace Callytics.Runtime.Storage.Operators;

/// <summary>What a PIN looks like and how many wrong ones are tolerated.</summary>
public sealed record PinPolicy
{
    /// <summary>Fewest digits in a PIN.</summary>
    public int MinLength { get; init; } = 4;

    /// <summary>Most digits in a PIN.</summary>
    public int MaxLength { get; init; } = 12;

    /// <summary>Consecutive failures that lock the operator out.</summary>
    public int MaxFailedAttempts { get; init; } = 5;

    /// <summary>How long a lock-out lasts.</summary>
    public TimeSpan LockoutDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="pin"/> is digits of an allowed length (PINs are typed as DTMF).</summary>
    public void RequireValid(string? pin)
    {
        if (pin is null || pin.Length < MinLength || pin.Length > MaxLength || !pin.All(char.IsAsciiDigit))
            throw new ArgumentException($"A PIN is {MinLength} to {MaxLength} digits (0-9).", nameof(pin));
    }
}
