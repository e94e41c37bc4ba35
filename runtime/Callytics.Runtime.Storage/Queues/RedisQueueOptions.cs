namespace Callytics.Runtime.Storage.Queues;

/// <summary>Settings of <see cref="RedisQueueState"/>.</summary>
public sealed record RedisQueueOptions
{
    /// <summary>Prepended to every key and channel, so several systems (or tests) can share one Redis.</summary>
    public string KeyPrefix { get; init; } = "";

    /// <summary>This host's id; a fresh unique id when null.</summary>
    public string? HostId { get; init; }

    /// <summary>
    /// How long the host's lease lives without renewal. Callers and operators of a host whose lease
    /// lapsed (the process died) are never matched. Renewed every third of this.
    /// </summary>
    public TimeSpan HostLease { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Start even when Redis cannot be reached: the lease, the subscription and this host's entries are
    /// written when it answers (every operation throws <see cref="Common.StorageUnavailableException"/> until then).
    /// </summary>
    public bool StartWhileDown { get; init; }

    /// <summary>The clock for match times; the system clock when null.</summary>
    public TimeProvider? Time { get; init; }
}
