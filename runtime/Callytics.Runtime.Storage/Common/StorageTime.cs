namespace Callytics.Runtime.Storage.Common;

/// <summary>Times as every store keeps them: UTC, to the microsecond (PostgreSQL's precision), so all stores answer alike.</summary>
public static class StorageTime
{
    /// <summary>Converts to UTC and drops sub-microsecond ticks.</summary>
    public static DateTimeOffset Normalize(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Ticks - utc.Ticks % 10, TimeSpan.Zero);
    }

    /// <summary><see cref="Normalize(DateTimeOffset)"/> for optional times.</summary>
    public static DateTimeOffset? Normalize(DateTimeOffset? value) => value is { } v ? Normalize(v) : null;
}
