using Callytics.Runtime.Storage.Common;

namespace Callytics.Runtime.Storage.Callbacks;

/// <summary>Where a callback request is in its life: pending → calling → done or failed (failed → calling again on a retry).</summary>
public enum CallbackStatus
{
    /// <summary>Stored by the callback node; nobody has called back yet.</summary>
    Pending,
    /// <summary>An operator (or the admin API) started the return call.</summary>
    Calling,
    /// <summary>The customer was reached.</summary>
    Done,
    /// <summary>The return call did not reach the customer.</summary>
    Failed,
}

/// <summary>A new callback request, as the callback node stores it.</summary>
/// <param name="Id">Chosen by the caller of the store, so a retried or spooled save is stored once.</param>
/// <param name="Number">The number to call back (digits, optionally a leading +).</param>
/// <param name="QueueId">The queue the customer wanted, if any.</param>
/// <param name="CallerId">The caller id of the original call, if known.</param>
/// <param name="FlowId">The flow that took the request, if known.</param>
/// <param name="RequestedAt">When the customer asked.</param>
public sealed record CallbackRequest(Guid Id, string Number, string? QueueId, string? CallerId, string? FlowId, DateTimeOffset RequestedAt)
{
    /// <summary>The longest accepted number.</summary>
    public const int MaxNumberLength = 32;

    /// <summary>Throws <see cref="ArgumentException"/> when the request cannot be stored.</summary>
    public void Validate()
    {
        if (Id == Guid.Empty) throw new ArgumentException("A callback request needs an id.", nameof(Id));
        var digits = Number.StartsWith('+') ? Number[1..] : Number;
        if (digits.Length == 0 || Number.Length > MaxNumberLength || !digits.All(char.IsAsciiDigit))
            throw new ArgumentException($"Invalid callback number '{Number}': digits only, optionally a leading +, at most {MaxNumberLength} characters.", nameof(Number));
        if (QueueId is not null) StorageIds.Require(QueueId, "queue id");
        if (FlowId is not null) StorageIds.Require(FlowId, "flow id");
        if (CallerId is { Length: > 256 }) throw new ArgumentException("The caller id is longer than 256 characters.", nameof(CallerId));
    }
}

/// <summary>A stored callback with its status history.</summary>
/// <param name="Request">What the customer asked for.</param>
/// <param name="Status">Where it is now.</param>
/// <param name="AssignedTo">Who is calling or called back (operator id or admin user).</param>
/// <param name="CallingSince">When the return call started.</param>
/// <param name="FinishedAt">When it ended as done or failed.</param>
/// <param name="Note">Why it failed, or any remark.</param>
/// <param name="AliveAt">
/// While calling: when the host running the return call last said it still runs it (it does every few
/// seconds). A callback left calling by a host that died stops being renewed, and may then be started again.
/// </param>
public sealed record CallbackRecord(
    CallbackRequest Request,
    CallbackStatus Status,
    string? AssignedTo,
    DateTimeOffset? CallingSince,
    DateTimeOffset? FinishedAt,
    string? Note,
    DateTimeOffset? AliveAt = null)
{
    /// <summary>The id of the request.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public Guid Id => Request.Id;
}
