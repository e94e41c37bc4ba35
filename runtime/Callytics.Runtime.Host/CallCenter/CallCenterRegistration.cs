using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Queues;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Callytics.Runtime.Host.CallCenter;

/// <summary>Registers <see cref="StorageCallCenter"/> when the configuration has a <c>Storage</c> section.</summary>
public static class CallCenterRegistration
{
    /// <summary>The configuration section (keys as in <see cref="StorageOptions.FromSettings"/>).</summary>
    public const string Section = "Storage";

    /// <summary>
    /// Adds the storage (directory or PostgreSQL), the queue state (in-process or Redis) and the call
    /// center on them when <c>Storage</c> is configured, with <see cref="ReturnCalls"/> for the admin API's
    /// "call back now"; otherwise the host keeps <see cref="NoCallCenter"/>.
    /// They open at the first call-related resolve and are disposed with the host.
    /// </summary>
    public static IServiceCollection AddStorageCallCenter(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        if (!section.GetChildren().Any())
            return services;
        // The host serves calls while PostgreSQL or Redis is down (spooling, "try later" at queue login)
        // and picks them up when they return; /healthz says what is missing.
        var options = StorageOptions.FromSettings(key => section[key]) with { StartWhileDown = true };
        // DI factories are synchronous; this runs once, at start-up, before any call is taken.
        // TryAdd: a call center (or storage) registered before, e.g. by a test, is kept.
        services.TryAddSingleton(_ => StorageFactory.OpenAsync(options).GetAwaiter().GetResult());
        services.TryAddSingleton(_ => StorageFactory.CreateQueueStateAsync(options).GetAwaiter().GetResult());
        services.TryAddSingleton<ICallCenter>(sp => new StorageCallCenter(sp.GetRequiredService<StorageServices>(), sp.GetRequiredService<IQueueState>()));
        services.Configure<CallbackSettings>(configuration.GetSection(CallbackSettings.Section));
        services.TryAddSingleton<ReturnCalls>();
        return services;
    }
}
