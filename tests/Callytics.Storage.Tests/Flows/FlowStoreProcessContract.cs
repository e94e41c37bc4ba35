using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Flows;
using Callytics.Storage.Tests.Fixtures;
using Callytics.TestSupport;

namespace Callytics.Storage.Tests.Flows;

/// <summary>Publishes from separate processes: concurrent ones and one killed half-way.</summary>
public abstract class FlowStoreProcessContract : IAsyncLifetime
{
    private StorageServices _storage = null!;

    /// <summary>The <c>--store</c> value (directory or connection string) the probe processes open.</summary>
    protected abstract Task<string> CreateStoreArgumentAsync();

    protected string Store { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Store = await CreateStoreArgumentAsync();
        _storage = await StorageFactory.OpenStoreAsync(Store);
    }

    public virtual async Task DisposeAsync() => await _storage.DisposeAsync();

    [Fact]
    public async Task Twenty_processes_publishing_at_once_get_twenty_distinct_consecutive_versions()
    {
        await _storage.Flows.PublishAsync("main", ProbeArtifacts.For("seed"), "test", null); // schema and flow exist before the race
        var probes = new List<ProbeProcess>();
        try
        {
            // Started a few at a time (a 2-core machine shared with other builds), then released together.
            foreach (var batch in Enumerable.Range(0, 20).Chunk(5))
            {
                var started = batch.Select(i => ProbeProcess.Start("publish", Store, "main", $"p{i}")).ToArray();
                probes.AddRange(started);
                foreach (var probe in started) await probe.WaitForLineAsync("READY", TimeSpan.FromMinutes(2));
            }
            await Task.WhenAll(probes.Select(p => p.SendLineAsync("go")));
            var versions = new Dictionary<string, int>();
            for (var i = 0; i < probes.Count; i++)
            {
                var line = await probes[i].WaitForLineAsync("VERSION");
                Assert.Equal(0, await probes[i].WaitForExitAsync());
                versions[$"p{i}"] = int.Parse(line["VERSION ".Length..]);
            }

            Assert.Equal(Enumerable.Range(2, 20), versions.Values.Order());
            Assert.Equal(Enumerable.Range(1, 21), (await _storage.Flows.ListVersionsAsync("main")).Select(v => v.Version));
            foreach (var (label, version) in versions)
            {
                var stored = await _storage.Flows.GetVersionAsync("main", version);
                Assert.Equal(ProbeArtifacts.For(label).SemanticJson, stored!.Artifacts.SemanticJson);
                Assert.Equal($"probe-{label}", stored.Info.PublishedBy);
            }
        }
        finally
        {
            foreach (var probe in probes) probe.Dispose();
        }
    }

    [Fact]
    public async Task A_publish_killed_before_its_commit_leaves_no_version_and_does_not_block_the_next()
    {
        await _storage.Flows.PublishAsync("main", ProbeArtifacts.For("v1"), "test", null);
        using (var probe = ProbeProcess.Start("publish-hang", Store, "main", "killed"))
        {
            await probe.WaitForLineAsync("READY");
            await probe.KillAsync();
        }

        Assert.Equal([1], (await _storage.Flows.ListVersionsAsync("main")).Select(v => v.Version));
        Assert.Null(await _storage.Flows.GetVersionAsync("main", 2));
        Assert.Equal(1, (await _storage.Flows.GetLatestVersionAsync("main"))!.Info.Version);
        var next = await _storage.Flows.PublishAsync("main", ProbeArtifacts.For("v2"), "test", null).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, next.Version);
        Assert.Equal(ProbeArtifacts.For("v2").SemanticJson, (await _storage.Flows.GetVersionAsync("main", 2))!.Artifacts.SemanticJson);
    }
}
