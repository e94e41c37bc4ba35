using Callytics.Runtime.Contract;
using Callytics.Runtime.Loading;
using Callytics.Runtime.Storage.Flows;

namespace Callytics.Runtime.Host.Flows;

/// <summary>
/// Flows from the flow store with hot swap: the newest published version of each flow serves new
/// calls; <see cref="LoadAsync"/> (driven by <see cref="FlowHotSwapService"/>) puts a newly published
/// version in place. A call keeps the machine it resolved, so calls in progress finish on their
/// version; a replaced version's load context is unloaded and its memory goes once the last call
/// holding it ends. An assembly whose sha256 does not match its manifest is refused and logged,
/// and the previous version keeps serving.
/// </summary>
public sealed class StoreFlowSource(Func<Task<IFlowStore>> store, ILogger<StoreFlowSource> log) : IFlowSource
{
    /// <summary>Flows from a store that is already open.</summary>
    public StoreFlowSource(IFlowStore store, ILogger<StoreFlowSource> log) : this(() => Task.FromResult(store), log)
    {
    }

    private readonly Dictionary<string, (int Version, LoadedFlow Flow)> _current = new(StringComparer.Ordinal);
    private readonly List<RetiredFlow> _retired = [];
    private readonly SemaphoreSlim _loading = new(1, 1);
    private readonly object _gate = new();

    /// <inheritdoc />
    public IFlowMachine? Resolve(string flowId)
    {
        lock (_gate) return _current.TryGetValue(flowId, out var entry) ? entry.Flow.Machine : null;
    }

    /// <inheritdoc />
    public IReadOnlyCollection<string> FlowIds
    {
        get { lock (_gate) return [.. _current.Keys]; }
    }

    /// <summary>The store version serving new calls of a flow, or null.</summary>
    public int? CurrentVersion(string flowId)
    {
        lock (_gate) return _current.TryGetValue(flowId, out var entry) ? entry.Version : null;
    }

    /// <summary>Versions replaced so far, with a weak reference to their load context (dead once unloaded).</summary>
    public IReadOnlyList<RetiredFlow> Retired
    {
        get { lock (_gate) return [.. _retired]; }
    }

    /// <summary>Loads the newest version of every flow in the store (for a source not driven by <see cref="FlowHotSwapService"/>, whose watch starts with that state).</summary>
    public async Task LoadAllAsync(CancellationToken ct = default)
    {
        foreach (var flow in await (await store().ConfigureAwait(false)).ListFlowsAsync(ct).ConfigureAwait(false))
            if (flow.LatestVersion is { } version) await LoadAsync(flow.FlowId, version, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// Puts <paramref name="version"/> in place when it is newer than the one serving. False when it is
    /// not newer, does not exist, or was refused (tampered or unloadable: logged, the previous version stays).
    /// </summary>
    public async Task<bool> LoadAsync(string flowId, int version, CancellationToken ct = default)
    {
        await _loading.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (CurrentVersion(flowId) >= version) return false;
            var stored = await (await store().ConfigureAwait(false)).GetVersionAsync(flowId, version, ct).ConfigureAwait(false);
            if (stored is null) return false;
            LoadedFlow loaded;
            try
            {
                loaded = FlowAssemblyLoader.Load(stored.Artifacts.Assembly, BuildManifest.ParseForLoading(stored.Artifacts.ManifestJson));
            }
            catch (FlowLoadException e)
            {
                log.LogError("Flow {FlowId} version {Version} refused: {Reason}; the previous version keeps serving", flowId, version, e.Message);
                return false;
            }
            Swap(flowId, version, loaded);
            return true;
        }
        finally
        {
            _loading.Release();
        }
    }

    private void Swap(string flowId, int version, LoadedFlow loaded)
    {
        (int Version, LoadedFlow Flow) old;
        bool hadOld;
        lock (_gate)
        {
            hadOld = _current.TryGetValue(flowId, out old);
            _current[flowId] = (version, loaded);
        }
        if (hadOld)
        {
            // Unloading is cooperative: calls still holding the old machine keep running on it.
            var context = old.Flow.Unload();
            lock (_gate) _retired.Add(new RetiredFlow(flowId, old.Version, context));
        }
        log.LogInformation("Flow {FlowId} version {Version} now serves new calls", flowId, version);
    }
}

/// <summary>A flow version that no longer serves new calls.</summary>
/// <param name="FlowId">The flow.</param>
/// <param name="Version">The replaced version.</param>
/// <param name="Context">A weak reference to its load context: dead once the version is unloaded.</param>
public sealed record RetiredFlow(string FlowId, int Version, WeakReference Context);
