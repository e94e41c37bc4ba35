using System.Text.RegularExpressions;
using Callytics.Integration.Tests.Support;
using Callytics.Runtime.Storage;
using Callytics.TestSupport;

namespace Callytics.Integration.Tests.Cli;

/// <summary>
/// Many <c>callyc publish</c> processes against one store at once, and a publish killed inside the
/// store's commit, for a store named by <see cref="Store"/> (a directory or a PostgreSQL connection string).
/// </summary>
/// <remarks>
/// A flow has one draft, so "20 publishes of the same flow at once" are 20 publishes of that draft.
/// Without <c>--force</c> they mean the same, and exactly one of them may store it (the others are
/// "nothing to publish", also when they race: see the last test). With <c>--force</c> each one is a
/// deliberate new version, which is how 20 concurrent publishes become 20 distinct consecutive versions.
/// </remarks>
public abstract partial class ConcurrentPublishContract : IAsyncLifetime
{
    private const string FlowId = Flows.CallbackOffer;
    // 20 cold callyc processes share 2 cores: each compiles once on its own (seconds of CPU) and the
    // last ones wait for the others' turns at the store's lock. Generous, as they finish on their own.
    private static readonly TimeSpan CrowdTimeout = TimeSpan.FromMinutes(10);

    protected readonly TempFolder Temp = new();
    private StorageServices _storage = null!;

    /// <summary>The <c>--store</c> value.</summary>
    protected abstract Task<string> CreateStoreAsync();

    /// <summary>Asserts, while the killed publisher is paused just before its commit, that it really got that far.</summary>
    protected abstract Task AssertInsideTheCommitAsync();

    protected string Store { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Store = await CreateStoreAsync();
        _storage = await StorageFactory.OpenStoreAsync(Store);
    }

    public async Task DisposeAsync()
    {
        await _storage.DisposeAsync();
        Temp.Dispose();
    }

    [Fact]
    public async Task Twenty_callyc_publishes_at_once_give_twenty_consecutive_versions_each_assembly_carrying_its_own_number()
    {
        await SaveDraftAsync(Flows.Example(FlowId));

        var runs = await Task.WhenAll(Enumerable.Range(1, 20).Select(i =>
            Callyc.RunAsync(CrowdTimeout, null, "publish", FlowId, "--force", "-m", $"publish {i}", "--by", $"publisher{i}", "--store", Store)));

        var reported = new Dictionary<string, int>();
        for (var i = 0; i < runs.Length; i++)
        {
            Assert.True(runs[i].ExitCode == 0, runs[i].ToString());
            reported[$"publisher{i + 1}"] = PublishedVersion(runs[i]);
        }
        Assert.Equal(Enumerable.Range(1, 20), reported.Values.Order());
        var stored = await _storage.Flows.ListVersionsAsync(FlowId);
        Assert.Equal(Enumerable.Range(1, 20), stored.Select(v => v.Version));
        foreach (var (publisher, version) in reported)
        {
            var info = stored.Single(v => v.Version == version);
            Assert.Equal(publisher, info.PublishedBy); // each process's publish is the version it reported: none lost or swapped
            Assert.Equal($"publish {publisher["publisher".Length..]}", info.Message);
            await AssertAssemblyCarriesItsVersionAsync(version);
        }
    }

    [Fact]
    public async Task A_publish_killed_inside_the_commit_leaves_no_version_and_racing_publishes_then_store_the_change_once_as_the_next()
    {
        await SaveDraftAsync(Flows.Example(FlowId));
        Assert.Equal(0, (await Callyc.RunAsync("publish", FlowId, "--by", "tester", "--store", Store)).ExitCode);
        await SaveDraftAsync(Flows.WithRetries(4));

        // The probe runs the publisher callyc runs and stops inside the store's commit (after the
        // version is written or inserted, before it becomes visible), where it is killed outright.
        using (var probe = ProbeProcess.Start("publish-draft-hang", Store, FlowId, "doomed"))
        {
            await probe.WaitForLineAsync("READY", TimeSpan.FromMinutes(3));
            await AssertInsideTheCommitAsync();
            await probe.KillAsync();
        }
        var versions = await Callyc.RunAsync("versions", FlowId, "--store", Store);
        Assert.Equal(["1"], versions.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => line.Split('\t')[0]));
        Assert.Null(await _storage.Flows.GetVersionAsync(FlowId, 2));

        // Nothing is left blocking the flow. The same change published by several processes at once
        // (no --force) is stored once: each checks the draft against the newest version before building,
        // those that still saw version 1 pass, and the check made again under the store's lock lets only
        // the first through.
        var runs = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Callyc.RunAsync(CrowdTimeout, null, "publish", FlowId, "--by", "racer", "--store", Store)));
        var published = runs.Where(r => r.ExitCode == 0).ToArray();
        Assert.True(published.Length == 1, string.Join("\n---\n", runs.Select(r => r.ToString())));
        Assert.Equal(2, PublishedVersion(published[0]));
        Assert.All(runs.Except(published), r => Assert.True(r.ExitCode == 1 && r.Error.Contains("nothing to publish: flow 'callback-offer' means the same as version 2", StringComparison.Ordinal), r.ToString()));
        Assert.Equal([1, 2], (await _storage.Flows.ListVersionsAsync(FlowId)).Select(v => v.Version));
        await AssertAssemblyCarriesItsVersionAsync(2);
    }

    private async Task SaveDraftAsync(string document)
    {
        var file = Temp.Combine($"draft-{Guid.NewGuid():N}.flow.json");
        await File.WriteAllTextAsync(file, document);
        var run = await Callyc.RunAsync("draft", "save", file, "--by", "tester", "--store", Store);
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    private static int PublishedVersion(CallycRun run)
    {
        var match = PublishedLine().Match(run.Error);
        Assert.True(match.Success, run.ToString());
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task AssertAssemblyCarriesItsVersionAsync(int version) => PublishedAssemblies.AssertCarriesItsVersionAsync(_storage.Flows, FlowId, version);

    [GeneratedRegex(@"published callback-offer version (\d+) ")]
    private static partial Regex PublishedLine();
}
