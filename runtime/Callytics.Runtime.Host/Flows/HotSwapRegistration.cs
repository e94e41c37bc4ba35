using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Callytics.Runtime.Host.Flows;

/// <summary>Makes the flow store the host's source of flows, with hot swap.</summary>
public static class HotSwapRegistration
{
    /// <summary>
    /// Registers <see cref="StoreFlowSource"/> as the <see cref="IFlowSource"/> (replacing earlier
    /// registrations; a later one, e.g. a test's in-memory source, still wins) and the watcher.
    /// </summary>
    public static void AddStoreFlows(this IServiceCollection services)
    {
        services.TryAddSingleton<FlowStoreAccess>();
        services.AddSingleton(sp => new StoreFlowSource(sp.GetRequiredService<FlowStoreAccess>().GetAsync, sp.GetRequiredService<ILogger<StoreFlowSource>>()));
        services.AddSingleton<IFlowSource>(sp => sp.GetRequiredService<StoreFlowSource>());
        services.AddHostedService<FlowHotSwapService>();
    }
}
