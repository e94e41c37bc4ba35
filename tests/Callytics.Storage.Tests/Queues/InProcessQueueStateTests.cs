using Callytics.Runtime.Storage.Queues;
using Callytics.Storage.Tests.Operators;

namespace Callytics.Storage.Tests.Queues;

public sealed class InProcessQueueStateTests : QueueStateContract
{
    protected override Task<IQueueState> CreateStateAsync() => Task.FromResult<IQueueState>(new InProcessQueueState());

    protected override Task<IQueueState> CreateStateAsync(TimeProvider time) => Task.FromResult<IQueueState>(new InProcessQueueState(time));
}
