namespace Callytics.Runtime.Storage.Flows;

/// <summary>Publishing artifacts that do not depend on the number they get.</summary>
public static class FlowStoreExtensions
{
    /// <summary>
    /// Stores <paramref name="artifacts"/> as the next version. Only for artifacts that do not carry
    /// their version number (a compiled flow does: publish it through the builder overload instead).
    /// </summary>
    /// <exception cref="ArgumentException">Bad flow id, missing artifacts, publisher or too long a message.</exception>
    public static async Task<FlowVersionInfo> PublishAsync(this IFlowStore store, string flowId, FlowArtifacts artifacts, string publishedBy, string? message, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(artifacts);
        artifacts.Validate();
        return await store.PublishAsync(flowId, (_, _) => Task.FromResult<FlowArtifacts?>(artifacts), publishedBy, message, ct).ConfigureAwait(false)
            ?? throw new InvalidOperationException("The store published nothing although the artifacts were given.");
    }
}
