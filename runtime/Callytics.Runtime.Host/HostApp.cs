using Callytics.Compiler.Catalogs;
using Callytics.Runtime.Ari.Calls;
using Callytics.Runtime.Ari.Client;
using Callytics.Runtime.Ari.Events;
using Callytics.Runtime.Ari.Http;
using Callytics.Runtime.Catalog;
using Callytics.Runtime.Host.Media;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Engine;
using Callytics.Runtime.Host.Admin;
using Callytics.Runtime.Host.CallCenter;
using Callytics.Runtime.Host.Traffic;
using Callytics.Runtime.Host.Calls;
using Callytics.Runtime.Host.Configuration;
using Callytics.Runtime.Host.Flows;
using Callytics.Runtime.Host.Metrics;
using Callytics.Runtime.Storage.Voicemail;
using Microsoft.Extensions.Options;

namespace Callytics.Runtime.Host;

/// <summary>Builds the runtime host: configuration, services, <c>/healthz</c> and <c>/metrics</c>.</summary>
public static class HostApp
{
    /// <summary>
    /// Builds the host from appsettings.json, environment variables and <paramref name="args"/>.
    /// <paramref name="configure"/> may replace services (a flow source, a call center) and add configuration before the build.
    /// Asynchronous because a configured storage (PostgreSQL, Redis) is opened here, without blocking a thread.
    /// </summary>
    public static async Task<WebApplication> BuildAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken ct = default)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true; // the call id travels in a scope onto every line of the call
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.Services.Configure<HostSettings>(builder.Configuration.GetSection(HostSettings.Section));
        AddServices(builder.Services);
        builder.Services.AddStoreFlows();
        builder.Services.AddAdminApi(builder.Configuration);
        builder.Services.AddTraffic(builder.Configuration);
        builder.Services.AddMedia(builder.Configuration);
        configure?.Invoke(builder);
        // After configure: the Storage section decides whether there is a call center, and configure may add to it.
        await builder.Services.AddStorageCallCenterAsync(builder.Configuration, ct).ConfigureAwait(false);
        var app = builder.Build();
        CallCenterRegistration.OwnOpenedStorage(app.Services);
        app.UseAdminApi();
        // Without ARI no call can be served (503); without PostgreSQL or Redis calls still are (spooling,
        // "try later" at queue login), so the host answers 200 "degraded" with the reasons.
        app.MapGet("/healthz", (CallHost host, HttpContext context) =>
        {
            var problems = StorageStatus.Problems(context.RequestServices);
            var status = host.AriConnected && problems.Count == 0 ? "ok" : "degraded";
            var body = new { status, ari = host.AriConnected ? "connected" : "disconnected", activeCalls = host.ActiveCalls, problems };
            return Results.Json(body, statusCode: host.AriConnected ? 200 : 503);
        });
        app.MapGet("/metrics", (CallMetrics metrics, HttpContext context) =>
            Results.Text(metrics.ToPrometheusText() + StorageStatus.SpoolMetrics(context.RequestServices), "text/plain; version=0.0.4"));
        return app;
    }

    private static void AddServices(IServiceCollection services)
    {
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<HostSettings>>().Value.Ari);
        services.AddSingleton<CallMetrics>();
        services.AddSingleton<AriEventRouter>();
        services.AddSingleton(sp => new AriClient(
            new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 256, PooledConnectionLifetime = TimeSpan.FromMinutes(5) }),
            sp.GetRequiredService<AriOptions>(),
            sp.GetRequiredService<CallMetrics>()));
        services.AddSingleton(sp => new AriEventStream(sp.GetRequiredService<AriOptions>(), sp.GetRequiredService<AriEventRouter>(), sp.GetRequiredService<ILogger<AriEventStream>>()));
        services.AddSingleton(sp => MediaServices.WithMedia(LoadCatalog(sp.GetRequiredService<IOptions<HostSettings>>().Value.Catalog),
            sp.GetRequiredService<IOptions<MediaSettings>>().Value, sp.GetRequiredService<Publishing.Media.MediaStore>()));
        services.AddSingleton(sp => new AriCallServices(sp.GetRequiredService<AriClient>(), sp.GetRequiredService<AriEventRouter>(), sp.GetRequiredService<FlowCatalog>())
        {
            CallCenter = sp.GetService<ICallCenter>() ?? NoCallCenter.Instance,
            Voicemail = sp.GetRequiredService<IVoicemailStore>(),
            Reactions = ReactionObservers.Of(sp.GetRequiredService<CallMetrics>(), sp.GetService<IReactionObserver>()),
            Logs = sp.GetRequiredService<ILoggerFactory>(),
        });
        services.AddSingleton<IFlowSource>(sp =>
        {
            var source = new AssemblyFlowSource(sp.GetRequiredService<IOptions<HostSettings>>().Value.FlowStore, sp.GetRequiredService<ILogger<AssemblyFlowSource>>());
            source.Refresh();
            return source;
        });
        services.AddSingleton(sp =>
        {
            var policy = sp.GetRequiredService<IOptions<HostSettings>>().Value.Outbound;
            policy.Logger = sp.GetRequiredService<ILogger<OutboundPolicy>>();
            policy.OnRefused = sp.GetRequiredService<CallMetrics>().OnOutboundRefused;
            return policy;
        });
        services.AddSingleton(sp =>
        {
            var policy = sp.GetRequiredService<OutboundPolicy>();
            return new WebhookDispatcher(new HttpClient(policy.CreateHandler()),
                new WebhookOptions { Capacity = sp.GetRequiredService<IOptions<HostSettings>>().Value.WebhookQueueCapacity },
                sp.GetRequiredService<ILogger<WebhookDispatcher>>(), policy: policy);
        });
        services.AddSingleton<IWebhookDispatcher>(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton<IHttpGateway>(sp =>
        {
            var policy = sp.GetRequiredService<OutboundPolicy>();
            return new HttpGateway(new HttpClient(policy.CreateHandler()) { Timeout = Timeout.InfiniteTimeSpan }, policy);
        });
        services.AddSingleton(sp => new CallEngine(new EngineServices(
            sp.GetRequiredService<IFlowSource>(), sp.GetRequiredService<IHttpGateway>(), sp.GetRequiredService<IWebhookDispatcher>(), SystemClock.Instance)));
        services.AddSingleton<Routing.InboundRoutes>();
        // Before the call host: the stored routes are loaded before the first call is taken.
        services.AddHostedService(sp => sp.GetRequiredService<Routing.InboundRoutes>());
        services.AddSingleton<CallHost>();
        services.AddHostedService(sp => sp.GetRequiredService<CallHost>());
    }

    /// <summary>The catalog from its file, or the empty catalog; a broken catalog stops the host with its diagnostics.</summary>
    private static FlowCatalog LoadCatalog(string? path)
    {
        if (string.IsNullOrEmpty(path))
            return FlowCatalog.Empty;
        var (catalog, diagnostics) = CatalogLoader.Load(path);
        return catalog ?? throw new InvalidOperationException($"Catalog {path} is invalid: {string.Join("; ", diagnostics.Diagnostics.Select(d => d.ToString()))}");
    }
}
