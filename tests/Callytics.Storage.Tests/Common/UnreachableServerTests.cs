using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Common;
using Callytics.TestSupport.Servers;

namespace Callytics.Storage.Tests.Common;

/// <summary>Nothing listens on the port: start-up fails with a clear error instead of hanging or crashing.</summary>
public sealed class UnreachableServerTests
{
    [Fact]
    public async Task An_unreachable_redis_is_reported_as_unavailable()
    {
        var port = ServerPaths.FreeLoopbackPort();

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            StorageFactory.CreateQueueStateAsync(new StorageOptions { Redis = $"127.0.0.1:{port},connectTimeout=500,syncTimeout=1000" }).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("Redis", error.Message);
    }

    [Fact]
    public async Task An_unreachable_postgres_is_reported_as_unavailable()
    {
        var port = ServerPaths.FreeLoopbackPort();

        var error = await Assert.ThrowsAsync<StorageUnavailableException>(() =>
            StorageFactory.OpenAsync(new StorageOptions { Postgres = $"Host=127.0.0.1;Port={port};Username=x;Timeout=2" }).WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains("PostgreSQL", error.Message);
    }
}
