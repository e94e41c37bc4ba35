using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Host.Flows;

/// <summary>
/// The flow store first (published versions, hot swapped), then another source for flows the store
/// does not have (e.g. <c>callyc build</c> output in the same folder, read by <see cref="AssemblyFlowSource"/>).
/// </summary>
/// <param name="store">The published versions.</param>
/// <param name="fallback">Flows from elsewhere, or null.</param>
public sealed class LayeredFlowSource(StoreFlowSource store, IFlowSource? fallback) : IFlowSource
{
    /// <summary>The store layer, which hot swap updates.</summary>
    public StoreFlowSource Store => store;

    /// <inheritdoc />
    public IFlowMachine? Resolve(string flowId) => store.Resolve(flowId) ?? fallback?.Resolve(flowId);

    /// <inheritdoc />
    public IReadOnlyCollection<string> FlowIds => [.. store.FlowIds.Union(fallback?.FlowIds ?? [], StringComparer.Ordinal)];
}
