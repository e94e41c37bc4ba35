using System.Text;
using Callytics.Publishing;
using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Flows;
using Callytics.Runtime.Storage.Queues;

// Usage (one line of output per step, so the test can follow):
//   publish <store> <flow> <label>        prints READY, waits for a line on stdin, publishes, prints VERSION <n>
//   publish-hang <store> <flow> <label>   publishes but stops just before the commit, prints READY and waits to be killed
//   publish-draft-hang <store> <flow> <by>   checks, builds and publishes the draft as callyc publish does (FlowPublisher),
//                                          stops just before the store's commit, prints READY and waits to be killed
//   queue-callers <redis> <prefix> <host> <queue> <count>   enqueues callers, prints READY and waits to be killed
return args.FirstOrDefault() switch
{
    "publish" when args.Length == 4 => await PublishAsync(args[1], args[2], args[3], hang: false),
    "publish-hang" when args.Length == 4 => await PublishAsync(args[1], args[2], args[3], hang: true),
    "publish-draft-hang" when args.Length == 4 => await PublishDraftAndHangAsync(args[1], args[2], args[3]),
    "queue-callers" when args.Length == 6 => await QueueCallersAsync(args[1], args[2], args[3], args[4], int.Parse(args[5])),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: publish|publish-hang <store> <flow> <label> | publish-draft-hang <store> <flow> <by> | queue-callers <redis> <prefix> <host> <queue> <count>");
    return 2;
}

static async Task<int> PublishAsync(string store, string flowId, string label, bool hang)
{
    await using var storage = await StorageFactory.OpenStoreAsync(store);
    if (hang) PauseBeforeCommit(storage.Flows);
    else
    {
        Console.WriteLine("READY");
        await Console.In.ReadLineAsync();
    }
    var info = await storage.Flows.PublishAsync(flowId, ProbeArtifacts.For(label), $"probe-{label}", $"published by {label}");
    Console.WriteLine($"VERSION {info.Version}");
    return 0;
}

static async Task<int> PublishDraftAndHangAsync(string store, string flowId, string publishedBy)
{
    await using var storage = await StorageFactory.OpenStoreAsync(store);
    PauseBeforeCommit(storage.Flows);
    var result = await new FlowPublisher(storage.Flows).PublishDraftAsync(flowId, publishedBy, "killed half-way");
    Console.Error.WriteLine($"the publish was not stopped: {result.Status} {result.Message}");
    return 1;
}

static void PauseBeforeCommit(IFlowStore store)
{
    Func<CancellationToken, Task> hang = async ct =>
    {
        Console.WriteLine("READY");
        await Task.Delay(Timeout.Infinite, ct);
    };
    switch (store)
    {
        case DirectoryFlowStore directory: directory.BeforeCommit = hang; break;
        case PostgresFlowStore postgres: postgres.BeforeCommit = hang; break;
    }
}

static async Task<int> QueueCallersAsync(string redis, string prefix, string host, string queue, int count)
{
    var state = await RedisQueueState.ConnectAsync(redis, new RedisQueueOptions { KeyPrefix = prefix, HostId = host, HostLease = TimeSpan.FromMilliseconds(600) });
    for (var i = 0; i < count; i++) await state.EnqueueCallerAsync(queue, $"{host}-caller{i}");
    Console.WriteLine("READY");
    await Task.Delay(Timeout.Infinite);
    return 0;
}

/// <summary>Artifacts that say which process published them.</summary>
public static class ProbeArtifacts
{
    public static FlowArtifacts For(string label) => new(
        $$"""{"id":"main","label":"{{label}}"}""",
        null,
        $"// {label}",
        Encoding.UTF8.GetBytes($"assembly-{label}"),
        $$"""{"label":"{{label}}"}""");
}
