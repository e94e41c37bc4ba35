using Callytics.Publishing;
using Callytics.Integration.Tests.Support;
using Callytics.Runtime.Storage.Flows;

namespace Callytics.Integration.Tests.Publishing;

/// <summary>
/// <see cref="FlowPublisher"/> when another publish lands between its build and the store's commit,
/// made deterministic by a store that runs the other publish just before it takes its lock.
/// </summary>
public sealed class FlowPublisherRaceTests : IDisposable
{
    private const string FlowId = Flows.CallbackOffer;
    private readonly TempFolder _temp = new();
    private readonly DirectoryFlowStore _store;

    public FlowPublisherRaceTests() => _store = new DirectoryFlowStore(_temp.Combine("store"));

    [Fact]
    public async Task A_version_taken_meanwhile_makes_the_publisher_build_again_for_the_number_it_gets()
    {
        await new FlowPublisher(_store).SaveDraftAsync(FlowId, Flows.Example(FlowId), "tester");
        var publisher = new FlowPublisher(new InterleavingStore(_store, () => ForcePublishAsync("other")));

        var result = await publisher.PublishDraftAsync(FlowId, "me", null, allowUnchanged: true);

        Assert.True(result.Status == PublishStatus.Published, result.Message);
        Assert.Equal(2, result.Version!.Version); // it built for 1; "other" took 1 first
        Assert.Equal(["other", "me"], (await _store.ListVersionsAsync(FlowId)).Select(v => v.PublishedBy));
        await PublishedAssemblies.AssertCarriesItsVersionAsync(_store, FlowId, 1);
        await PublishedAssemblies.AssertCarriesItsVersionAsync(_store, FlowId, 2);
    }

    [Fact]
    public async Task The_same_change_stored_meanwhile_makes_the_publish_nothing_to_publish()
    {
        await new FlowPublisher(_store).SaveDraftAsync(FlowId, Flows.Example(FlowId), "tester");
        Assert.Equal(PublishStatus.Published, (await new FlowPublisher(_store).PublishDraftAsync(FlowId, "tester", null)).Status);
        await new FlowPublisher(_store).SaveDraftAsync(FlowId, Flows.WithRetries(4), "tester");
        var publisher = new FlowPublisher(new InterleavingStore(_store, () => ForcePublishAsync("other")));

        var result = await publisher.PublishDraftAsync(FlowId, "me", null);

        Assert.Equal(PublishStatus.NothingToPublish, result.Status);
        Assert.Contains("means the same as version 2", result.Message, StringComparison.Ordinal);
        Assert.Equal(["tester", "other"], (await _store.ListVersionsAsync(FlowId)).Select(v => v.PublishedBy));
    }

    private async Task ForcePublishAsync(string publishedBy) =>
        Assert.Equal(PublishStatus.Published, (await new FlowPublisher(_store).PublishDraftAsync(FlowId, publishedBy, null, allowUnchanged: true)).Status);

    public void Dispose() => _temp.Dispose();

    /// <summary>Runs <paramref name="meanwhile"/> once, when the first publish reaches the store (after the publisher's own build).</summary>
    private sealed class InterleavingStore(IFlowStore inner, Func<Task> meanwhile) : IFlowStore
    {
        private Func<Task>? _pending = meanwhile;

        public async Task<FlowVersionInfo?> PublishAsync(string flowId, FlowVersionBuilder build, string publishedBy, string? message, CancellationToken ct = default)
        {
            if (Interlocked.Exchange(ref _pending, null) is { } run) await run();
            return await inner.PublishAsync(flowId, build, publishedBy, message, ct);
        }

        public Task<FlowDraft> SaveDraftAsync(string flowId, string semanticJson, string? layoutJson, string? savedBy, CancellationToken ct = default) =>
            inner.SaveDraftAsync(flowId, semanticJson, layoutJson, savedBy, ct);

        public Task<FlowDraft> SaveDraftAsync(string flowId, string semanticJson, string? layoutJson, string? savedBy, long expectedRevision, CancellationToken ct = default) =>
            inner.SaveDraftAsync(flowId, semanticJson, layoutJson, savedBy, expectedRevision, ct);
        public Task<FlowDraft?> GetDraftAsync(string flowId, CancellationToken ct = default) => inner.GetDraftAsync(flowId, ct);
        public Task<FlowScenarios> SaveScenariosAsync(string flowId, string json, string? savedBy, long? expectedRevision, CancellationToken ct = default) =>
            inner.SaveScenariosAsync(flowId, json, savedBy, expectedRevision, ct);
        public Task<FlowScenarios?> GetScenariosAsync(string flowId, CancellationToken ct = default) => inner.GetScenariosAsync(flowId, ct);
        public Task<IReadOnlyList<FlowVersionInfo>> ListVersionsAsync(string flowId, CancellationToken ct = default) => inner.ListVersionsAsync(flowId, ct);
        public Task<FlowVersion?> GetVersionAsync(string flowId, int version, CancellationToken ct = default) => inner.GetVersionAsync(flowId, version, ct);
        public Task<FlowVersion?> GetLatestVersionAsync(string flowId, CancellationToken ct = default) => inner.GetLatestVersionAsync(flowId, ct);
        public Task<IReadOnlyList<FlowSummary>> ListFlowsAsync(CancellationToken ct = default) => inner.ListFlowsAsync(ct);
        public IAsyncEnumerable<FlowPublished> WatchPublishedAsync(CancellationToken ct = default) => inner.WatchPublishedAsync(ct);
    }
}
