using Callytics.Runtime.Storage.Common;

namespace Callytics.Runtime.Storage.Queues;

/// <summary>Argument checks shared by the queue state implementations.</summary>
internal static class QueueArguments
{
    public static IReadOnlyList<string> RequireQueues(IReadOnlyList<string> queueIds)
    {
        ArgumentNullException.ThrowIfNull(queueIds);
        if (queueIds.Count == 0) throw new ArgumentException("An operator logs in to at least one queue.", nameof(queueIds));
        foreach (var queue in queueIds) StorageIds.Require(queue, "queue id");
        return queueIds.Distinct(StringComparer.Ordinal).ToArray();
    }
}
