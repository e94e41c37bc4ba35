using Callytics.Runtime.Host.Configuration;
using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Flows;
using Microsoft.Extensions.Options;

namespace Callytics.Runtime.Host.Flows;

/// <summary>
/// The host's flow store (<see cref="HostSettings.PostgreSql"/> or else the <see cref="HostSettings.FlowStore"/>
/// directory), opened on first use and closed with the host. A failed open (database down) is retried
/// on the next use rather than remembered. Shared by the admin API and hot swap.
/// </summary>
public sealed class FlowStoreAccess(IOptions<HostSettings> settings) : IAsyncDisposable
{
    private readonly object _gate = new();
    private Task<StorageServices>? _storage;

    /// <summary>The flow store.</summary>
    /// <exception cref="Storage.Common.StorageUnavailableException">PostgreSQL cannot be reached.</exception>
    public async Task<IFlowStore> GetAsync() => (await GetServicesAsync().ConfigureAwait(false)).Flows;

    /// <summary>The stores opened on the host's flow store settings (flows, inbound routes).</summary>
    /// <exception cref="Storage.Common.StorageUnavailableException">PostgreSQL cannot be reached.</exception>
    public async Task<StorageServices> GetServicesAsync()
    {
        Task<StorageServices> opening;
        lock (_gate)
        {
            if (_storage is null || _storage.IsFaulted || _storage.IsCanceled) _storage = OpenAsync();
            opening = _storage;
        }
        return await opening.ConfigureAwait(false);
    }

    private Task<StorageServices> OpenAsync() => StorageFactory.OpenAsync(new StorageOptions
    {
        Directory = settings.Value.FlowStore,
        Postgres = string.IsNullOrWhiteSpace(settings.Value.PostgreSql) ? null : settings.Value.PostgreSql,
    });

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Task<StorageServices>? storage;
        lock (_gate) storage = _storage;
        if (storage is { IsCompletedSuccessfully: true }) await storage.Result.DisposeAsync().ConfigureAwait(false);
    }
}
