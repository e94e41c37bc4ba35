namespace Callytics.Runtime.Storage;

/// <summary>
/// Where things are stored. Embedded by default (a directory and in-process queues); a PostgreSQL
/// connection string moves flows, operators, callbacks and voicemail to the database, a Redis
/// configuration moves live queue state to Redis.
/// </summary>
public sealed record StorageOptions
{
    /// <summary>The default directory store.</summary>
    public const string DefaultDirectory = ".callytics";

    /// <summary>The directory store root (also holds the spool when PostgreSQL is used).</summary>
    public string Directory { get; init; } = DefaultDirectory;

    /// <summary>An Npgsql connection string (or <c>postgres://user:password@host:port/database</c>), or null for the directory store.</summary>
    public string? Postgres { get; init; }

    /// <summary>A StackExchange.Redis configuration (e.g. <c>127.0.0.1:6379</c>), or null for in-process queue state.</summary>
    public string? Redis { get; init; }

    /// <summary>This runtime host's id in Redis; unique per process when null.</summary>
    public string? HostId { get; init; }

    /// <summary>Where saves wait while PostgreSQL is down; <c>&lt;Directory&gt;/spool</c> when null.</summary>
    public string? SpoolDirectory { get; init; }

    /// <summary>PBKDF2 iterations for new PIN hashes.</summary>
    public int PinHashIterations { get; init; } = Operators.PinHasher.DefaultIterations;

    /// <summary>
    /// Open even when PostgreSQL or Redis cannot be reached (the runtime host: calls go on, callbacks and
    /// voicemail are spooled, the servers are picked up when they return); false (the CLI) fails at once.
    /// </summary>
    public bool StartWhileDown { get; init; }

    /// <summary>
    /// Options from a CLI <c>--store</c> value: a PostgreSQL connection string (has <c>Host=</c>, or a
    /// <c>postgres://</c> URL) or else a directory path.
    /// </summary>
    public static StorageOptions FromStore(string? store) =>
        string.IsNullOrWhiteSpace(store) ? new StorageOptions()
        : IsPostgres(store) ? new StorageOptions { Postgres = store }
        : new StorageOptions { Directory = store };

    /// <summary>
    /// Options from configuration keys <c>Directory</c>, <c>Postgres</c>, <c>Redis</c>, <c>HostId</c>,
    /// <c>SpoolDirectory</c> (e.g. <c>key =&gt; configuration[$"Storage:{key}"]</c>); missing keys keep defaults.
    /// </summary>
    public static StorageOptions FromSettings(Func<string, string?> setting)
    {
        static string? Value(string? v) => string.IsNullOrWhiteSpace(v) ? null : v.Trim();
        return new StorageOptions
        {
            Directory = Value(setting(nameof(Directory))) ?? DefaultDirectory,
            Postgres = Value(setting(nameof(Postgres))),
            Redis = Value(setting(nameof(Redis))),
            HostId = Value(setting(nameof(HostId))),
            SpoolDirectory = Value(setting(nameof(SpoolDirectory))),
        };
    }

    /// <summary>True when <paramref name="store"/> looks like a PostgreSQL connection string rather than a path.</summary>
    public static bool IsPostgres(string store) =>
        store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
        || store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
        || store.Contains("host=", StringComparison.OrdinalIgnoreCase);
}
