using System.Text.Json.Nodes;
using Callytics.Integration.Tests.Support;

namespace Callytics.Integration.Tests.Cli;

/// <summary>
/// <c>callyc draft save / publish / versions / show / restore / diff</c> as separate processes,
/// against a store named by <see cref="Store"/> (a directory or a PostgreSQL connection string).
/// </summary>
public abstract class PublishCommandsContract : IDisposable
{
    protected readonly TempFolder Temp = new();

    protected abstract string Store { get; }

    private Task<CallycRun> Run(params string[] arguments) => Callyc.RunAsync([.. arguments, "--store", Store]);

    private async Task<CallycRun> SaveDraftAsync(string document)
    {
        var file = Temp.Combine($"draft-{Guid.NewGuid():N}.flow.json");
        await File.WriteAllTextAsync(file, document);
        var run = await Run("draft", "save", file, "--by", "tester");
        Assert.True(run.ExitCode == 0, run.ToString());
        return run;
    }

    private async Task<string[][]> VersionsAsync()
    {
        var run = await Run("versions", Flows.CallbackOffer);
        Assert.True(run.ExitCode == 0, run.ToString());
        return run.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToArray();
    }

    [Fact]
    public async Task Publish_versions_layout_only_refusal_restore_show_and_diff()
    {
        await SaveDraftAsync(Flows.Example(Flows.CallbackOffer));
        var first = await Run("publish", Flows.CallbackOffer, "-m", "first", "--by", "ann");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("published callback-offer version 1", first.Error);

        await SaveDraftAsync(Flows.Moved());
        var moved = await Run("publish", Flows.CallbackOffer, "--by", "ann");
        Assert.Equal(1, moved.ExitCode);
        Assert.Contains("nothing to publish", moved.Error);

        await SaveDraftAsync(Flows.WithRetries(4));
        var draftDiff = await Run("diff", Flows.CallbackOffer, "1", "draft");
        Assert.Contains("config.max_retries: 2 → 4", draftDiff.Out);
        Assert.DoesNotContain("moved", draftDiff.Out, StringComparison.Ordinal); // this draft kept version 1's layout
        Assert.True((await Run("publish", Flows.CallbackOffer, "-m", "more retries", "--by", "bob")).ExitCode == 0);

        var restore = await Run("restore", Flows.CallbackOffer, "1", "--by", "carol");
        Assert.True(restore.ExitCode == 0, restore.ToString());
        Assert.Contains("version 3", restore.Error);

        var versions = await VersionsAsync();
        Assert.Equal(["1", "2", "3"], versions.Select(v => v[0]));
        Assert.Equal(["ann", "bob", "carol"], versions.Select(v => v[1]));
        Assert.Equal(["first", "more retries", "restore version 1"], versions.Select(v => v[3]));
        Assert.All(versions, v => Assert.Matches("^[0-9a-f]{64}$", v[4]));

        var same = await Run("diff", Flows.CallbackOffer, "1", "3", "--format", "json");
        var sameJson = JsonNode.Parse(same.Out)!;
        Assert.True((bool)sameJson["semanticallyEqual"]!, same.ToString());
        Assert.Empty(sameJson["layoutMoves"]!.AsArray()); // the restore brought back version 1's layout too

        var changed = JsonNode.Parse((await Run("diff", Flows.CallbackOffer, "2", "3", "--format", "json")).Out)!;
        var config = changed["nodesChanged"]![0]!["configChanges"]![0]!;
        Assert.Equal(("max_retries", "4", "2"), ((string)config["key"]!, (string)config["old"]!, (string)config["new"]!));

        var shown = JsonNode.Parse((await Run("show", Flows.CallbackOffer)).Out)!;
        Assert.Equal(2, (int)Flows.Node(shown.AsObject(), "offer")["config"]!["max_retries"]!);
        Assert.Equal(450, (int)shown["layout"]!["start"]!["x"]!);
        var shownDraft = JsonNode.Parse((await Run("show", Flows.CallbackOffer, "draft")).Out)!;
        Assert.Equal(4, (int)Flows.Node(shownDraft.AsObject(), "offer")["config"]!["max_retries"]!);
    }

    [Fact]
    public async Task A_draft_with_errors_is_refused_with_its_diagnostics_and_nothing_is_published()
    {
        await SaveDraftAsync(Flows.Broken());
        var run = await Run("publish", Flows.CallbackOffer, "--format", "json");
        Assert.Equal(1, run.ExitCode);
        var diagnostics = JsonNode.Parse(run.Out)!["diagnostics"]!.AsArray();
        Assert.Contains(diagnostics, d => (string?)d!["severity"] == "error" && ((string?)d["message"])!.Contains("nowhere", StringComparison.Ordinal));
        Assert.Contains("has errors", run.Error);
        Assert.Empty(await VersionsAsync());
    }

    [Fact]
    public async Task Usage_errors_exit_with_2_and_a_clear_message()
    {
        var noDraft = await Run("publish", "no-such-flow");
        Assert.Equal(2, noDraft.ExitCode);
        Assert.Contains("has no draft", noDraft.Error);

        var badVersion = await Run("restore", Flows.CallbackOffer, "x1");
        Assert.Equal(2, badVersion.ExitCode);
        Assert.Contains("not a version number", badVersion.Error);

        var missing = await Run("diff", Flows.CallbackOffer, "1", "9");
        Assert.Equal(2, missing.ExitCode);
        Assert.DoesNotContain("   at ", missing.Error, StringComparison.Ordinal); // no stack trace
    }

    public virtual void Dispose()
    {
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }
}
