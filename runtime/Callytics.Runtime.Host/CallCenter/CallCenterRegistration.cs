using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Directory;
using Callytics.Runtime.Storage.Queues;
using Callytics.Runtime.Storage.Voicemail;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Callytics.Runtime.Host.CallCenter;

/// <summary>Registers <see cref="StorageCallCenter"/> when the configuration has a <c>Storage</c> section.</summary>
public static class CallCenterRegistration
{
    /// <summary>The configuration section (keys as in <see cref="StorageOptions.FromSettings"/>).</summary>
    public const string Section = "Storage";

    /// <summary>
    /// Adds the storage (directory or PostgreSQL), the queue state (in-process or Redis), the voicemail
    /// store and the call center on them when <c>Storage</c> is configured, with <see cref="ReturnCalls"/> for the admin API's
    /// "call back now"; otherwise the host keeps <see cref="NoCallCenter"/> and voicemail records go to the default directory store.
    /// The storage and the queue state are opened here, before the container is built (DI factories are
    /// synchronous, and blocking one on async work stalls start-up on a thread-pool thread); the container
    /// hands them out and disposes them with the host once <see cref="OwnOpenedStorage"/> has resolved them.
    /// </summary>
    public static async Task<IServiceCollection> AddStorageCallCenterAsync(this IServiceCollection services, IConfiguration configuration, CancellationToken ct = default)
    {
        var section = configuration.GetSection(Section);
        if (!section.GetChildren().Any())
        {
            // Without a Storage section voicemail records go to the default directory store, as the
            // flow store does: a message's record must outlive the host.
            services.TryAddSingleton<IVoicemailStore>(_ => new DirectoryVoicemailStore(StorageOptions.DefaultDirectory));
            return services;
        }
        // The host serves calls while PostgreSQL or Redis is down (spooling, "try later" at queue login)
        // and picks them up when they return; /healthz says what is missing.
        var options = StorageOptions.FromSettings(key => section[key]) with { StartWhileDown = true };
        // A storage or queue state registered before, e.g. by a test, is kept and not opened here.
        if (!services.Any(d => d.ServiceType == typeof(StorageServices)))
        {
            var storage = await StorageFactory.OpenAsync(options, ct).ConfigureAwait(false);
            services.AddSingleton(_ => storage); // a factory, not an instance: the container then disposes it
        }
        if (!services.Any(d => d.ServiceType == typeof(IQueueState)))
        {
            var queues = await StorageFactory.CreateQueueStateAsync(options, ct).ConfigureAwait(false);
            services.AddSingleton(_ => queues);
        }
        services.TryAddSingleton<IVoicemailStore>(sp => sp.GetRequiredService<StorageServices>().Voicemail);
        services.TryAddSingleton<ICallCenter>(sp => new StorageCallCenter(sp.GetRequiredService<StorageServices>(), sp.GetRequiredService<IQueueState>()));
        services.Configure<CallbackSettings>(configuration.GetSection(CallbackSettings.Section));
        services.TryAddSingleton<ReturnCalls>();
        return services;
    }

    /// <summary>
    /// Resolves the storage and queue state opened by <see cref="AddStorageCallCenterAsync"/> once, right
    /// after the build, so the container owns them (and closes them with the host) even when no call ever
    /// asks for them.
    /// </summary>
    public static void OwnOpenedStorage(IServiceProvider services)
    {
        services.GetService<StorageServices>();
        services.GetService<IQueueState>();
    }
}
