using Callytics.Runtime.Storage.Flows;

namespace Callytics.Runtime.Host.Flows;

/// <summary>
/// Watches the flow store for published versions (directory watch or PostgreSQL LISTEN/NOTIFY) and
/// hands each to <see cref="StoreFlowSource"/>. When the watch breaks (database restart), it waits,
/// reloads the newest versions so nothing published meanwhile is missed, and watches again.
/// </summary>
public sealed class FlowHotSwapService(FlowStoreAccess access, IServiceProvider services, ILogger<FlowHotSwapService> log) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Another flow source (tests, embedding) replaced the store: nothing to watch.
        var flows = services.GetRequiredService<IFlowSource>() switch
        {
            LayeredFlowSource layered => layered.Store,
            StoreFlowSource store => store,
            _ => null,
        };
        if (flows is null) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var store = await access.GetAsync().ConfigureAwait(false);
                var watch = store.WatchPublishedAsync(stoppingToken).GetAsyncEnumerator(stoppingToken);
                await using (watch.ConfigureAwait(false))
                {
                    // The watch's first notices are the store's state once it is in place (the start-up load, and
                    // the catch-up after an interruption), then every version published later.
                    while (await watch.MoveNextAsync().ConfigureAwait(false))
                        await flows.LoadAsync(watch.Current.FlowId, watch.Current.Version, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                log.LogWarning("Watching the flow store failed ({Error}); retrying in {Delay}", e.Message, RetryDelay);
            }
            try
            {
                await Task.Delay(RetryDelay, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
