using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Callytics.Runtime.Host.Flows;

/// <summary>Makes the flow store the host's first source of flows, with hot swap.</summary>
public static class HotSwapRegistration
{
    /// <summary>
    /// Registers <see cref="StoreFlowSource"/> in front of the <see cref="IFlowSource"/> registered so far
    /// (<see cref="LayeredFlowSource"/>), and the watcher. A later registration (a test's in-memory source) still wins.
    /// </summary>
    public static void AddStoreFlows(this IServiceCollection services)
    {
        var previous = services.LastOrDefault(d => d.ServiceType == typeof(IFlowSource));
        services.TryAddSingleton<FlowStoreAccess>();
        services.AddSingleton(sp => new StoreFlowSource(sp.GetRequiredService<FlowStoreAccess>().GetAsync, sp.GetRequiredService<ILogger<StoreFlowSource>>()));
        services.AddSingleton<IFlowSource>(sp => new LayeredFlowSource(sp.GetRequiredService<StoreFlowSource>(), previous is null ? null : Create(previous, sp)));
        services.AddHostedService<FlowHotSwapService>();
    }

    private static IFlowSource Create(ServiceDescriptor descriptor, IServiceProvider services) => (IFlowSource)(
        descriptor.ImplementationInstance
        ?? descriptor.ImplementationFactory?.Invoke(services)
        ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));
}
