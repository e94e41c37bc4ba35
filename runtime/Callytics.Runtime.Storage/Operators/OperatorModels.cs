namespace Callytics.Runtime.Storage.Operators;

/// <summary>An operator as listed to admins (the PIN hash never leaves the store through this record).</summary>
/// <param name="Id">The operator id, typed in <c>callyc operators</c> and stored in Redis at login.</param>
/// <param name="Name">Display name.</param>
/// <param name="CreatedAt">When the operator was added.</param>
public sealed record OperatorInfo(string Id, string Name, DateTimeOffset CreatedAt);

/// <summary>What a PIN check needs: the stored hash and the failed-attempt state.</summary>
/// <param name="PinHash">The encoded slow hash (see <see cref="PinHasher"/>).</param>
/// <param name="FailedAttempts">Consecutive failed attempts since the last success or PIN change.</param>
/// <param name="LockedUntil">While in the future, every attempt is refused without checking.</param>
public sealed record PinCredential(string PinHash, int FailedAttempts, DateTimeOffset? LockedUntil);

/// <summary>One claimed PIN attempt (<see cref="IOperatorStore.ClaimPinAttemptAsync"/>).</summary>
/// <param name="PinHash">The stored hash to check the typed PIN against.</param>
/// <param name="WasLockedOut">The operator was already locked out: nothing was counted and the PIN must not be checked.</param>
/// <param name="FailedAttempts">The count of failures after this claim, which counts this attempt as one.</param>
public sealed record PinAttempt(string PinHash, bool WasLockedOut, int FailedAttempts);

/// <summary>A queue operators can be members of.</summary>
/// <param name="Id">The queue id used by flows (<c>queue</c> node).</param>
/// <param name="Name">Display name.</param>
public sealed record QueueInfo(string Id, string Name);

/// <summary>The answer of a PIN check.</summary>
public enum PinCheckResult
{
    /// <summary>The PIN is right.</summary>
    Accepted,
    /// <summary>The PIN is wrong (or the operator unknown: the two are not told apart).</summary>
    Rejected,
    /// <summary>Too many failed attempts: refused until the lock-out ends.</summary>
    LockedOut,
}
