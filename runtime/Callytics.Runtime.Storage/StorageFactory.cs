using Callytics.Runtime.Storage.Directory;
using Callytics.Runtime.Storage.Flows;
using Callytics.Runtime.Storage.Operators;
using Callytics.Runtime.Storage.Postgres;
using Callytics.Runtime.Storage.Queues;
using Callytics.Runtime.Storage.Spooling;

namespace Callytics.Runtime.Storage;

/// <summary>
/// Builds the stores from <see cref="StorageOptions"/>: the one place that decides between the
/// embedded defaults and PostgreSQL / Redis.
/// </summary>
/// <example>
/// <code>
/// await using var storage = await StorageFactory.OpenAsync(StorageOptions.FromStore(storeArgument));
/// var versions = await storage.Flows.ListVersionsAsync("main");
/// await using var queues = await StorageFactory.CreateQueueStateAsync(options);
/// </code>
/// </example>
public static class StorageFactory
{
    /// <summary>
    /// Opens the persistent stores: PostgreSQL (migrated at start-up; callback and voicemail saves
    /// spooled to disk during outages) when <see cref="StorageOptions.Postgres"/> is set, else the
    /// directory store under <see cref="StorageOptions.Directory"/>.
    /// </summary>
    /// <exception cref="Common.StorageUnavailableException">PostgreSQL cannot be reached at start-up.</exception>
    public static async Task<StorageServices> OpenAsync(StorageOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var hasher = new PinHasher(options.PinHashIterations);
        if (options.Postgres is null)
        {
            var operators = new DirectoryOperatorStore(options.Directory);
            return new StorageServices(
                new DirectoryFlowStore(options.Directory), operators, new OperatorAccounts(operators, hasher),
                new DirectoryCallbackStore(options.Directory), new DirectoryVoicemailStore(options.Directory), []) { Routes = new Routes.DirectoryRouteStore(options.Directory) };
        }

        PostgresDatabase database;
        if (options.StartWhileDown)
        {
            database = PostgresDatabase.OpenWhileDown(PostgresUrl.ToConnectionString(options.Postgres));
            await database.ProbeAsync(ct).ConfigureAwait(false); // down: Problem says why; the first statement that finds it up migrates
        }
        else
        {
            database = await PostgresDatabase.OpenAsync(PostgresUrl.ToConnectionString(options.Postgres), ct).ConfigureAwait(false);
        }
        var spool = options.SpoolDirectory ?? Path.Combine(options.Directory, "spool");
        var pgOperators = new PostgresOperatorStore(database);
        var callbacks = new SpoolingCallbackStore(new PostgresCallbackStore(database), Path.Combine(spool, "callbacks"));
        var voicemail = new SpoolingVoicemailStore(new PostgresVoicemailStore(database), Path.Combine(spool, "voicemail"));
        return new StorageServices(
            new PostgresFlowStore(database), pgOperators, new OperatorAccounts(pgOperators, hasher),
            callbacks, voicemail, [database, callbacks, voicemail]) { Health = [database], Routes = new Routes.PostgresRouteStore(database) };
    }

    /// <summary>Opens only the flow store named by a CLI <c>--store</c> value (directory path or PostgreSQL connection string).</summary>
    public static Task<StorageServices> OpenStoreAsync(string? store, CancellationToken ct = default) =>
        OpenAsync(StorageOptions.FromStore(store), ct);

    /// <summary>Creates the live queue state: Redis when <see cref="StorageOptions.Redis"/> is set, else in-process.</summary>
    /// <exception cref="Common.StorageUnavailableException">Redis cannot be reached.</exception>
    public static async Task<IQueueState> CreateQueueStateAsync(StorageOptions options, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Redis is null) return new InProcessQueueState();
        return await RedisQueueState.ConnectAsync(options.Redis, new RedisQueueOptions { HostId = options.HostId, StartWhileDown = options.StartWhileDown }).ConfigureAwait(false);
    }
}
