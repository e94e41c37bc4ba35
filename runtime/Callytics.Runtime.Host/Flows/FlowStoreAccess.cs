using Callytics.Runtime.Host.Configuration;
using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Flows;
using Microsoft.Extensions.Options;

namespace Callytics.Runtime.Host.Flows;

/// <summary>
/// The host's flow store (<see cref="HostSettings.PostgreSql"/> or else the <see cref="HostSettings.FlowStore"/>
/// directory), opened once on first use and closed with the host. Shared by the admin API and hot swap.
/// </summary>
public sealed class FlowStoreAccess(IOptions<HostSettings> settings) : IAsyncDisposable
{
    private readonly Lazy<Task<StorageServices>> _storage = new(() => StorageFactory.OpenAsync(new StorageOptions
    {
        Directory = settings.Value.FlowStore,
        Postgres = string.IsNullOrWhiteSpace(settings.Value.PostgreSql) ? null : settings.Value.PostgreSql,
    }));

    /// <summary>The flow store.</summary>
    /// <exception cref="Storage.Common.StorageUnavailableException">PostgreSQL cannot be reached.</exception>
    public async Task<IFlowStore> GetAsync() => (await _storage.Value.ConfigureAwait(false)).Flows;

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_storage.IsValueCreated && _storage.Value.IsCompletedSuccessfully) await _storage.Value.Result.DisposeAsync().ConfigureAwait(false);
    }
}
