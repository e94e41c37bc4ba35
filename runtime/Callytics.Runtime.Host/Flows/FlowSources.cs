using System.Collections.Concurrent;
using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Host.Flows;

/// <summary>
/// Where the host gets compiled flows. <see cref="IFlowResolver.Resolve"/> returns the current
/// published version; the host keeps the machine it got for the whole call, which pins the version.
/// </summary>
public interface IFlowSource : IFlowResolver
{
    /// <summary>The flow ids available now.</summary>
    IReadOnlyCollection<string> FlowIds { get; }
}

/// <summary>Flows registered in memory (tests, embedding). Publishing a newer version replaces the current one.</summary>
public sealed class InMemoryFlowSource : IFlowSource
{
    private readonly ConcurrentDictionary<string, IFlowMachine> _current = new(StringComparer.Ordinal);

    /// <summary>Publishes a machine as the current version of its flow (an older version is ignored).</summary>
    public void Publish(IFlowMachine machine) =>
        _current.AddOrUpdate(machine.Identity.FlowId, machine, (_, old) => old.Identity.Version > machine.Identity.Version ? old : machine);

    /// <inheritdoc />
    public IFlowMachine? Resolve(string flowId) => _current.GetValueOrDefault(flowId);

    /// <inheritdoc />
    public IReadOnlyCollection<string> FlowIds => [.. _current.Keys];
}
