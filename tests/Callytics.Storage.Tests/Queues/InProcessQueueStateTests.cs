using Callytics.Runtime.Storage.Queues;

namespace Callytics.Storage.Tests.Queues;

public sealed class InProcessQueueStateTests : QueueStateContract
{
    protected override Task<IQueueState> CreateStateAsync() => Task.FromResult<IQueueState>(new InProcessQueueState());
}
