using System.Text;
using Callytics.Runtime.Storage.Flows;
using Callytics.Storage.Tests.Fixtures;

namespace Callytics.Storage.Tests.Flows;

/// <summary>The behaviour every <see cref="IFlowStore"/> must show.</summary>
public abstract class FlowStoreContract : StoreContract<IFlowStore>
{
    protected static readonly DateTimeOffset T0 = new(2026, 11, 21, 11, 0, 0, TimeSpan.Zero);
    protected readonly Operators.ManualClock Clock = new(T0);
    public static FlowArtifacts Artifacts(string label) => new(
        $$"""{"id":"main","nodes":[{"id":"{{label}}"}]}""",
        """{"positions":{"start":[10,20]}}""",
        $"// generated for {label}\nclass Flow {{}}",
        Encoding.UTF8.GetBytes($"MZ-assembly-{label}").Concat(new byte[] { 0, 1, 2, 255 }).ToArray(),
        $$"""{"label":"{{label}}"}""");

    [Fact]
    public async Task A_draft_is_saved_and_replaced_without_checks()
    {
        Assert.Null(await Store.GetDraftAsync("main"));
        await Store.SaveDraftAsync("main", "{ not even json", null, "alice");
        Clock.Advance(TimeSpan.FromMinutes(1));

        var saved = await Store.SaveDraftAsync("main", """{"id":"main"}""", """{"zoom":2}""", "bob");

        var draft = await Store.GetDraftAsync("main");
        Assert.Equal(saved, draft);
        Assert.Equal(new FlowDraft("main", """{"id":"main"}""", """{"zoom":2}""", T0.AddMinutes(1), "bob", Revision: 2), draft);
    }

    [Fact]
    public async Task A_draft_save_naming_a_stale_revision_is_refused_and_changes_nothing()
    {
        Assert.Equal(1, (await Store.SaveDraftAsync("main", "one", null, "alice", expectedRevision: 0)).Revision);
        Assert.Equal(2, (await Store.SaveDraftAsync("main", "two", null, "bob", expectedRevision: 1)).Revision);

        var stale = await Assert.ThrowsAsync<DraftRevisionConflictException>(() => Store.SaveDraftAsync("main", "stale", null, "carol", expectedRevision: 1));

        Assert.Equal((1L, 2L), (stale.ExpectedRevision, stale.CurrentRevision));
        Assert.Equal(("two", 2L), ((await Store.GetDraftAsync("main"))!.SemanticJson, (await Store.GetDraftAsync("main"))!.Revision));
        Assert.Equal(0, (await Assert.ThrowsAsync<DraftRevisionConflictException>(() => Store.SaveDraftAsync("other", "x", null, null, expectedRevision: 3))).CurrentRevision);
        Assert.Null(await Store.GetDraftAsync("other"));
        await Assert.ThrowsAsync<DraftRevisionConflictException>(() => Store.SaveDraftAsync("main", "first?", null, null, expectedRevision: 0));
    }

    [Fact]
    public async Task Scenarios_are_kept_beside_the_flow_with_revisions_and_a_stale_save_changes_nothing()
    {
        Assert.Null(await Store.GetScenariosAsync("main"));
        var first = await Store.SaveScenariosAsync("main", """{"flow":"main","scenarios":[]}""", "alice", expectedRevision: 0);
        Assert.Equal(new FlowScenarios("main", """{"flow":"main","scenarios":[]}""", T0, "alice", 1), first);
        Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(2, (await Store.SaveScenariosAsync("main", "two", "bob", expectedRevision: 1)).Revision);

        var stale = await Assert.ThrowsAsync<ScenariosRevisionConflictException>(() => Store.SaveScenariosAsync("main", "stale", "carol", expectedRevision: 1));
        Assert.Equal((1L, 2L), (stale.ExpectedRevision, stale.CurrentRevision));
        await Assert.ThrowsAsync<ScenariosRevisionConflictException>(() => Store.SaveScenariosAsync("main", "first?", null, expectedRevision: 0));
        Assert.Equal(new FlowScenarios("main", "two", T0.AddMinutes(1), "bob", 2), await Store.GetScenariosAsync("main"));
        // null: whatever is there; other flows and the draft are separate.
        Assert.Equal(3, (await Store.SaveScenariosAsync("main", "three", null, expectedRevision: null)).Revision);
        Assert.Null(await Store.GetScenariosAsync("other"));
        Assert.Null(await Store.GetDraftAsync("main"));
        Assert.Equal(0, (await Assert.ThrowsAsync<ScenariosRevisionConflictException>(() => Store.SaveScenariosAsync("other", "x", null, expectedRevision: 2))).CurrentRevision);
        Assert.Null(await Store.GetScenariosAsync("other"));
        await Assert.ThrowsAnyAsync<ArgumentException>(() => Store.SaveScenariosAsync("bad id", "x", null, null));
    }

    [Fact]
    public async Task Of_twenty_concurrent_saves_naming_the_same_revision_exactly_one_is_stored()
    {
        await Store.SaveDraftAsync("main", "base", null, null);
        var saved = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            try { await Store.SaveDraftAsync("main", $"editor {i}", null, null, expectedRevision: 1); return i; }
            catch (DraftRevisionConflictException) { return -1; }
        })));

        var winner = Assert.Single(saved, i => i >= 0);
        var draft = await Store.GetDraftAsync("main");
        Assert.Equal((2L, $"editor {winner}"), (draft!.Revision, draft.SemanticJson));
    }

    [Fact]
    public async Task Publishing_numbers_versions_one_two_three_and_keeps_every_artifact()
    {
        var first = await Store.PublishAsync("main", Artifacts("a"), "alice", "first");
        Clock.Advance(TimeSpan.FromHours(1));
        var second = await Store.PublishAsync("main", Artifacts("b"), "bob", null);
        var third = await Store.PublishAsync("main", Artifacts("c"), "carol", "third");

        Assert.Equal([1, 2, 3], new[] { first.Version, second.Version, third.Version });
        var version = await Store.GetVersionAsync("main", 2);
        Assert.NotNull(version);
        Assert.Equal(new FlowVersionInfo("main", 2, T0.AddHours(1), "bob", null, Artifacts("b").ComputeAssemblySha256()), version.Info);
        AssertSameArtifacts(Artifacts("b"), version.Artifacts);
        Assert.Equal([first, second, third], await Store.ListVersionsAsync("main"));
    }

    [Fact]
    public async Task The_latest_version_is_the_newest_and_missing_ones_are_null()
    {
        Assert.Null(await Store.GetLatestVersionAsync("main"));
        await Store.PublishAsync("main", Artifacts("a"), "alice", null);
        await Store.PublishAsync("main", Artifacts("b"), "alice", null);

        var latest = await Store.GetLatestVersionAsync("main");

        Assert.Equal(2, latest!.Info.Version);
        AssertSameArtifacts(Artifacts("b"), latest.Artifacts);
        Assert.Null(await Store.GetVersionAsync("main", 3));
        Assert.Null(await Store.GetVersionAsync("other", 1));
        Assert.Empty(await Store.ListVersionsAsync("other"));
    }

    [Fact]
    public async Task Versions_are_immutable_when_the_draft_changes_and_flows_are_separate()
    {
        await Store.SaveDraftAsync("main", "draft 1", null, null);
        await Store.PublishAsync("main", Artifacts("a"), "alice", null);
        await Store.SaveDraftAsync("main", "draft 2", null, null);
        await Store.PublishAsync("other", Artifacts("x"), "alice", null);

        AssertSameArtifacts(Artifacts("a"), (await Store.GetVersionAsync("main", 1))!.Artifacts);
        Assert.Equal(1, (await Store.GetLatestVersionAsync("other"))!.Info.Version);
        Assert.Equal("draft 2", (await Store.GetDraftAsync("main"))!.SemanticJson);
    }

    [Fact]
    public async Task Flows_are_listed_with_draft_and_latest_version()
    {
        await Store.SaveDraftAsync("zeta", "{}", null, null);
        await Store.PublishAsync("alpha", Artifacts("a"), "alice", null);
        await Store.PublishAsync("alpha", Artifacts("b"), "alice", null);
        await Store.SaveDraftAsync("mid", "{}", null, null);
        await Store.PublishAsync("mid", Artifacts("c"), "alice", null);

        Assert.Equal([new FlowSummary("alpha", false, 2), new FlowSummary("mid", true, 1), new FlowSummary("zeta", true, null)], await Store.ListFlowsAsync());
    }

    [Fact]
    public async Task Incomplete_publishes_and_bad_ids_are_refused_and_store_nothing()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PublishAsync("main", Artifacts("a") with { Assembly = [] }, "alice", null));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PublishAsync("main", Artifacts("a") with { GeneratedCSharp = " " }, "alice", null));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PublishAsync("main", Artifacts("a"), "", null));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PublishAsync("../main", Artifacts("a"), "alice", null));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.SaveDraftAsync("a/b", "{}", null, null));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Store.GetVersionAsync("main", 0));

        Assert.Empty(await Store.ListFlowsAsync());
    }

    [Fact]
    public async Task Concurrent_publishes_in_one_process_get_distinct_consecutive_versions()
    {
        var published = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => Store.PublishAsync("main", Artifacts($"v{i}"), $"user{i}", null))));

        Assert.Equal(Enumerable.Range(1, 10), published.Select(p => p.Version).Order());
        var versions = await Store.ListVersionsAsync("main");
        Assert.Equal(Enumerable.Range(1, 10), versions.Select(v => v.Version));
        foreach (var info in published)
            Assert.Equal(info.AssemblySha256, (await Store.GetVersionAsync("main", info.Version))!.Info.AssemblySha256);
    }

    [Fact]
    public async Task Concurrent_builders_each_build_for_the_number_they_are_stored_under_after_the_version_before_it()
    {
        // What a compiler needs: the number it stamps into the assembly is the one the store gives it.
        static Task<FlowArtifacts?> Build(PublishSlot slot) =>
            Task.FromResult<FlowArtifacts?>(Artifacts($"v{slot.Version}-after-{slot.Latest?.Info.Version ?? 0}"));

        var published = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(() => Store.PublishAsync("main", (slot, _) => Build(slot), $"user{i}", null))));

        Assert.Equal(Enumerable.Range(1, 10), published.Select(p => p!.Version).Order());
        foreach (var version in Enumerable.Range(1, 10))
            Assert.Equal(Artifacts($"v{version}-after-{version - 1}").SemanticJson, (await Store.GetVersionAsync("main", version))!.Artifacts.SemanticJson);
    }

    [Fact]
    public async Task A_builder_that_declines_or_fails_stores_nothing_and_leaves_no_gap()
    {
        await Store.PublishAsync("main", Artifacts("a"), "alice", null);
        PublishSlot? seen = null;

        var declined = await Store.PublishAsync("main", (slot, _) => { seen = slot; return Task.FromResult<FlowArtifacts?>(null); }, "alice", null);
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.PublishAsync("main", (_, _) => throw new InvalidOperationException("compiler broke"), "alice", null));
        await Assert.ThrowsAsync<ArgumentException>(() => Store.PublishAsync("main", (_, _) => Task.FromResult<FlowArtifacts?>(Artifacts("b") with { Assembly = [] }), "alice", null));

        Assert.Null(declined);
        Assert.Equal(("main", 2, 1), (seen!.FlowId, seen.Version, seen.Latest!.Info.Version));
        AssertSameArtifacts(Artifacts("a"), seen.Latest.Artifacts);
        Assert.Equal([1], (await Store.ListVersionsAsync("main")).Select(v => v.Version));
        Assert.Equal(2, (await Store.PublishAsync("main", Artifacts("b"), "alice", null).WaitAsync(Waits.Timeout)).Version);
    }

    [Fact]
    public async Task A_watcher_reports_the_newest_versions_first_then_each_new_version_once()
    {
        await Store.PublishAsync("main", Artifacts("before"), "alice", null);
        await Store.PublishAsync("main", Artifacts("before-2"), "alice", null);
        await Store.PublishAsync("other", Artifacts("before-3"), "alice", null);
        await Store.SaveDraftAsync("draft-only", "{}", null, "bob");
        using var cts = new CancellationTokenSource(Waits.Timeout);
        await using var watch = Store.WatchPublishedAsync(cts.Token).GetAsyncEnumerator(cts.Token);

        // The state as of the start (newest versions only, drafts are not versions), so a reader that
        // loads the store and then watches it misses nothing.
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(new FlowPublished("main", 2), watch.Current);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(new FlowPublished("other", 1), watch.Current);

        await Store.PublishAsync("main", Artifacts("a"), "alice", null);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(new FlowPublished("main", 3), watch.Current);

        await Store.PublishAsync("fresh", Artifacts("b"), "alice", null);
        Assert.True(await watch.MoveNextAsync());
        Assert.Equal(new FlowPublished("fresh", 1), watch.Current);
    }

    private static void AssertSameArtifacts(FlowArtifacts expected, FlowArtifacts actual)
    {
        Assert.Equal(expected.SemanticJson, actual.SemanticJson);
        Assert.Equal(expected.LayoutJson, actual.LayoutJson);
        Assert.Equal(expected.GeneratedCSharp, actual.GeneratedCSharp);
        Assert.Equal(expected.Assembly, actual.Assembly);
        Assert.Equal(expected.ManifestJson, actual.ManifestJson);
    }
}
