using Callytics.Runtime.Storage.Common;

namespace Callytics.Runtime.Storage.Operators;

/// <summary>
/// Operator accounts on top of an <see cref="IOperatorStore"/>: adds operators and sets PINs (hashing
/// them), and checks a PIN typed at login with attempt limiting. This is what <c>callyc operators</c>
/// and the runtime's queue_login call; PINs are never stored or logged in clear.
/// </summary>
public sealed class OperatorAccounts
{
    private readonly IOperatorStore _store;
    private readonly PinHasher _hasher;
    private readonly PinPolicy _policy;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    /// <param name="store">Where operators are kept.</param>
    /// <param name="hasher">The PIN hasher; default iterations when null.</param>
    /// <param name="policy">PIN rules; defaults when null.</param>
    /// <param name="time">The clock for lock-outs; the system clock when null.</param>
    public OperatorAccounts(IOperatorStore store, PinHasher? hasher = null, PinPolicy? policy = null, TimeProvider? time = null)
    {
        _store = store;
        _hasher = hasher ?? new PinHasher();
        _policy = policy ?? new PinPolicy();
        _time = time ?? TimeProvider.System;
    }

    /// <summary>The store behind the accounts (queues and memberships are managed there directly).</summary>
    public IOperatorStore Store => _store;

    /// <summary>Adds an operator with a PIN.</summary>
    /// <exception cref="ArgumentException">Bad id, empty name or a PIN that breaks the policy.</exception>
    /// <exception cref="StorageConflictException">The id is taken.</exception>
    public Task AddAsync(string operatorId, string name, string pin, CancellationToken ct = default)
    {
        StorageIds.Require(operatorId, "operator id");
        if (string.IsNullOrWhiteSpace(name)) throw new ArgumentException("An operator needs a name.", nameof(name));
        _policy.RequireValid(pin);
        return _store.AddOperatorAsync(operatorId, name.Trim(), _hasher.Hash(pin), _time.GetUtcNow(), ct);
    }

    /// <summary>Sets a new PIN (and lifts a lock-out). False when the operator does not exist.</summary>
    public Task<bool> SetPinAsync(string operatorId, string pin, CancellationToken ct = default)
    {
        StorageIds.Require(operatorId, "operator id");
        _policy.RequireValid(pin);
        return _store.SetPinHashAsync(operatorId, _hasher.Hash(pin), ct);
    }

    /// <summary>
    /// Checks a PIN typed at login. After <see cref="PinPolicy.MaxFailedAttempts"/> consecutive failures
    /// the operator is locked out for <see cref="PinPolicy.LockoutDuration"/>; a success resets the count.
    /// Unknown operators and wrong PINs look the same and take the same time.
    /// </summary>
    public async Task<PinCheckResult> VerifyPinAsync(string operatorId, string pin, CancellationToken ct = default)
    {
        if (!StorageIds.IsValid(operatorId) || pin is null)
        {
            _hasher.SpendCheckTime(pin ?? "");
            return PinCheckResult.Rejected;
        }
        var now = _time.GetUtcNow();
        // The attempt is counted before the PIN is checked, in one step of the store: twenty attempts at once
        // are counted one by one, and those past the limit are refused without being checked at all.
        var attempt = await _store.ClaimPinAttemptAsync(operatorId, now, _policy.MaxFailedAttempts, now + _policy.LockoutDuration, ct).ConfigureAwait(false);
        if (attempt is null)
        {
            _hasher.SpendCheckTime(pin);
            return PinCheckResult.Rejected;
        }
        if (attempt.WasLockedOut) return PinCheckResult.LockedOut;
        if (_hasher.Verify(pin, attempt.PinHash))
        {
            await _store.SavePinAttemptsAsync(operatorId, 0, null, ct).ConfigureAwait(false);
            return PinCheckResult.Accepted;
        }
        return attempt.FailedAttempts >= _policy.MaxFailedAttempts ? PinCheckResult.LockedOut : PinCheckResult.Rejected;
    }
}
