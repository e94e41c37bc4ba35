using Callytics.Runtime.Storage.Queues;
using Callytics.Storage.Tests.Fixtures;
using Callytics.TestSupport.Servers;

namespace Callytics.Storage.Tests.Queues;

/// <summary>The queue contract against a real redis-server; each test uses its own key prefix.</summary>
[Collection(RedisCollection.Name)]
public sealed class RedisQueueStateTests(RedisServer redis) : QueueStateContract
{
    private readonly string _prefix = $"t{Guid.NewGuid():N}:";

    protected override async Task<IQueueState> CreateStateAsync() =>
        await RedisQueueState.ConnectAsync(redis.ConnectionString, new RedisQueueOptions { KeyPrefix = _prefix });

    protected override async Task<IQueueState> CreateStateAsync(TimeProvider time) =>
        await RedisQueueState.ConnectAsync(redis.ConnectionString, new RedisQueueOptions { KeyPrefix = _prefix, Time = time });
}
