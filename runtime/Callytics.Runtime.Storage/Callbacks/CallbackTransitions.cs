using Callytics.Runtime.Storage.Common;

namespace Callytics.Runtime.Storage.Callbacks;

/// <summary>The callback status changes, in one place for every store.</summary>
public static class CallbackTransitions
{
    /// <summary>A status as stored and shown: <c>pending</c>, <c>calling</c>, <c>done</c>, <c>failed</c>.</summary>
    public static string StatusName(CallbackStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>The status a finished return call ends in.</summary>
    public static CallbackStatus FinishedStatus(bool reached) => reached ? CallbackStatus.Done : CallbackStatus.Failed;

    /// <summary>Throws <see cref="ArgumentException"/> when <paramref name="assignedTo"/> is empty or too long.</summary>
    public static void RequireAssignee(string assignedTo)
    {
        if (string.IsNullOrWhiteSpace(assignedTo) || assignedTo.Length > 256)
            throw new ArgumentException("Say who calls back (1-256 characters).", nameof(assignedTo));
    }

    /// <summary>
    /// True when a return call may start: the callback is pending, an earlier attempt failed (a retry), or
    /// it is calling but was last said to be alive before <paramref name="staleBefore"/> (its host died).
    /// </summary>
    public static bool CanStartCalling(CallbackRecord record, DateTimeOffset? staleBefore) =>
        record.Status is CallbackStatus.Pending or CallbackStatus.Failed
        || (record.Status == CallbackStatus.Calling && staleBefore is { } stale && (record.AliveAt ?? record.CallingSince) < StorageTime.Normalize(stale));

    /// <summary>The record after pending (or failed, or stale calling) → calling; the outcome of an earlier attempt is cleared.</summary>
    public static CallbackRecord StartCalling(CallbackRecord record, string assignedTo, DateTimeOffset at) =>
        record with { Status = CallbackStatus.Calling, AssignedTo = assignedTo, CallingSince = StorageTime.Normalize(at), AliveAt = StorageTime.Normalize(at), FinishedAt = null, Note = null };

    /// <summary>The record after the host running its return call said it still runs it.</summary>
    public static CallbackRecord KeepCalling(CallbackRecord record, DateTimeOffset at) =>
        record with { AliveAt = StorageTime.Normalize(at) };

    /// <summary>The record after calling → done or failed.</summary>
    public static CallbackRecord Finish(CallbackRecord record, bool reached, DateTimeOffset at, string? note) =>
        record with { Status = FinishedStatus(reached), FinishedAt = StorageTime.Normalize(at), Note = note };
}
