using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Threading.Channels;
using Callytics.Runtime.Storage.Common;
using Callytics.Runtime.Storage.Directory;

namespace Callytics.Runtime.Storage.Flows;

/// <summary>
/// <see cref="IFlowStore"/> in a directory (default <c>.callytics/</c>):
/// <c>flows/&lt;id&gt;/draft.json</c>, <c>flows/&lt;id&gt;/scenarios.json</c> (the flow's test scenarios) and <c>flows/&lt;id&gt;/versions/000001/</c> holding
/// <c>flow.json</c>, <c>layout.json</c>, <c>flow.g.cs</c>, <c>flow.dll</c>, <c>manifest.json</c> and <c>version.json</c>.
/// A publish holds the flow's lock file while it takes the next number, lets the caller build for it and
/// writes the version into a hidden temporary folder (fsync'ed),
/// then renames it to its number: a publish killed half-way leaves only a hidden folder, which
/// readers ignore and the next publish removes.
/// </summary>
public sealed class DirectoryFlowStore : IFlowStore
{
    private const string VersionFile = "version.json";
    private const string DraftFile = "draft.json";
    private const string ScenariosFile = "scenarios.json";
    // Publishers build under the lock when another one took their number first, so waiters queue
    // behind a compile each; the lock dies with its process, so only a live but stuck publisher times out.
    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan SafetyRescan = TimeSpan.FromSeconds(5);
    // A draft save holds its lock for one small read and write.
    private static readonly TimeSpan DraftLockTimeout = TimeSpan.FromSeconds(30);
    private readonly string _flowsDirectory;
    private readonly TimeProvider _time;

    /// <summary>Uses (and creates when needed) the store under <paramref name="root"/>, e.g. <c>.callytics</c>.</summary>
    /// <param name="root">The store folder.</param>
    /// <param name="time">The clock for save and publish times; the system clock when null.</param>
    public DirectoryFlowStore(string root, TimeProvider? time = null)
    {
        _flowsDirectory = Path.Combine(Path.GetFullPath(root), "flows");
        System.IO.Directory.CreateDirectory(_flowsDirectory);
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Test hook: runs after a version is fully written, just before it becomes visible.</summary>
    internal Func<CancellationToken, Task>? BeforeCommit { get; set; }

    /// <inheritdoc />
    public Task<FlowDraft> SaveDraftAsync(string flowId, string semanticJson, string? layoutJson, string? savedBy, CancellationToken ct = default) =>
        SaveDraftCoreAsync(flowId, semanticJson, layoutJson, savedBy, null, ct);

    /// <inheritdoc />
    public Task<FlowDraft> SaveDraftAsync(string flowId, string semanticJson, string? layoutJson, string? savedBy, long expectedRevision, CancellationToken ct = default) =>
        SaveDraftCoreAsync(flowId, semanticJson, layoutJson, savedBy, expectedRevision, ct);

    private async Task<FlowDraft> SaveDraftCoreAsync(string flowId, string semanticJson, string? layoutJson, string? savedBy, long? expectedRevision, CancellationToken ct)
    {
        FlowArguments.RequireDraft(flowId, semanticJson);
        var path = Path.Combine(FlowDirectory(flowId), DraftFile);
        // Its own lock, not the publish lock: a save never waits behind a compile.
        using var held = await FileLock.AcquireAsync(Path.Combine(FlowDirectory(flowId), ".draft.lock"), DraftLockTimeout, ct).ConfigureAwait(false);
        // Only the revision of the draft being replaced is needed: not a copy of its whole document.
        var current = await JsonFiles.ReadNumberAsync(path, "revision", ct).ConfigureAwait(false);
        if (expectedRevision is { } expected && expected != current)
            throw new DraftRevisionConflictException(flowId, expected, current);
        var draft = new FlowDraft(flowId, semanticJson, layoutJson, StorageTime.Normalize(_time.GetUtcNow()), savedBy, current + 1);
        await JsonFiles.WriteAsync(path, draft, ct).ConfigureAwait(false);
        return draft;
    }

    /// <inheritdoc />
    public Task<FlowDraft?> GetDraftAsync(string flowId, CancellationToken ct = default)
    {
        StorageIds.Require(flowId, "flow id");
        return JsonFiles.ReadAsync<FlowDraft>(Path.Combine(FlowDirectory(flowId), DraftFile), ct);
    }

    /// <inheritdoc />
    public async Task<FlowScenarios> SaveScenariosAsync(string flowId, string json, string? savedBy, long? expectedRevision, CancellationToken ct = default)
    {
        FlowArguments.RequireDraft(flowId, json);
        var path = Path.Combine(FlowDirectory(flowId), ScenariosFile);
        using var held = await FileLock.AcquireAsync(Path.Combine(FlowDirectory(flowId), ".scenarios.lock"), DraftLockTimeout, ct).ConfigureAwait(false);
        var current = (await JsonFiles.ReadAsync<FlowScenarios>(path, ct).ConfigureAwait(false))?.Revision ?? 0;
        if (expectedRevision is { } expected && expected != current)
            throw new ScenariosRevisionConflictException(flowId, expected, current);
        var scenarios = new FlowScenarios(flowId, json, StorageTime.Normalize(_time.GetUtcNow()), savedBy, current + 1);
        await JsonFiles.WriteAsync(path, scenarios, ct).ConfigureAwait(false);
        return scenarios;
    }

    /// <inheritdoc />
    public Task<FlowScenarios?> GetScenariosAsync(string flowId, CancellationToken ct = default)
    {
        StorageIds.Require(flowId, "flow id");
        return JsonFiles.ReadAsync<FlowScenarios>(Path.Combine(FlowDirectory(flowId), ScenariosFile), ct);
    }

    /// <inheritdoc />
    public async Task<FlowVersionInfo?> PublishAsync(string flowId, FlowVersionBuilder build, string publishedBy, string? message, CancellationToken ct = default)
    {
        FlowArguments.RequirePublish(flowId, build, publishedBy, message);
        var versions = VersionsDirectory(flowId);
        System.IO.Directory.CreateDirectory(versions);
        using var held = await FileLock.AcquireAsync(Path.Combine(FlowDirectory(flowId), ".lock"), LockTimeout, ct).ConfigureAwait(false);

        RemoveAbandonedPublishes(versions);
        var number = VersionNumbers(flowId).DefaultIfEmpty(0).Max() + 1;
        var latest = number == 1 ? null : await GetVersionAsync(flowId, number - 1, ct).ConfigureAwait(false);
        if (await FlowArguments.BuildAsync(build, new PublishSlot(flowId, number, latest), ct).ConfigureAwait(false) is not { } artifacts) return null;
        var info = new FlowVersionInfo(flowId, number, StorageTime.Normalize(_time.GetUtcNow()), publishedBy, message, artifacts.ComputeAssemblySha256());
        var temp = Path.Combine(versions, AtomicFile.TempPrefix + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(temp);
        try
        {
            await WriteVersionFilesAsync(temp, info, artifacts, ct).ConfigureAwait(false);
            if (BeforeCommit is { } hook) await hook(ct).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            System.IO.Directory.Move(temp, Path.Combine(versions, VersionName(number)));
        }
        catch
        {
            System.IO.Directory.Delete(temp, recursive: true);
            throw;
        }
        AtomicFile.FlushDirectory(versions);
        return info;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<FlowVersionInfo>> ListVersionsAsync(string flowId, CancellationToken ct = default)
    {
        StorageIds.Require(flowId, "flow id");
        var infos = new List<FlowVersionInfo>();
        foreach (var number in VersionNumbers(flowId).Order())
        {
            if (await ReadInfoAsync(flowId, number, ct).ConfigureAwait(false) is { } info) infos.Add(info);
        }
        return infos;
    }

    /// <inheritdoc />
    public async Task<FlowVersion?> GetVersionAsync(string flowId, int version, CancellationToken ct = default)
    {
        FlowArguments.RequireVersion(flowId, version);
        if (await ReadInfoAsync(flowId, version, ct).ConfigureAwait(false) is not { } info) return null;
        var directory = VersionDirectory(flowId, version);
        try
        {
            return new FlowVersion(info, await ReadArtifactsAsync(directory, ct).ConfigureAwait(false));
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidDataException($"Version {version} of flow '{flowId}' is damaged: {Path.GetFileName(e.FileName)} is missing from {directory}.", e);
        }
    }

    private static async Task<FlowArtifacts> ReadArtifactsAsync(string directory, CancellationToken ct)
    {
        var layoutPath = Path.Combine(directory, "layout.json");
        return new FlowArtifacts(
            await File.ReadAllTextAsync(Path.Combine(directory, "flow.json"), ct).ConfigureAwait(false),
            File.Exists(layoutPath) ? await File.ReadAllTextAsync(layoutPath, ct).ConfigureAwait(false) : null,
            await File.ReadAllTextAsync(Path.Combine(directory, "flow.g.cs"), ct).ConfigureAwait(false),
            await File.ReadAllBytesAsync(Path.Combine(directory, "flow.dll"), ct).ConfigureAwait(false),
            await File.ReadAllTextAsync(Path.Combine(directory, "manifest.json"), ct).ConfigureAwait(false));
    }

    /// <inheritdoc />
    public Task<FlowVersion?> GetLatestVersionAsync(string flowId, CancellationToken ct = default)
    {
        StorageIds.Require(flowId, "flow id");
        var latest = VersionNumbers(flowId).DefaultIfEmpty(0).Max();
        return latest == 0 ? Task.FromResult<FlowVersion?>(null) : GetVersionAsync(flowId, latest, ct);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<FlowSummary>> ListFlowsAsync(CancellationToken ct = default)
    {
        var flows = System.IO.Directory.EnumerateDirectories(_flowsDirectory)
            .Select(Path.GetFileName)
            .Where(StorageIds.IsValid)
            .Select(id => new FlowSummary(id!, File.Exists(Path.Combine(FlowDirectory(id!), DraftFile)), VersionNumbers(id!).Select(v => (int?)v).Max()))
            .Where(f => f.HasDraft || f.LatestVersion is not null)
            .OrderBy(f => f.FlowId, StringComparer.Ordinal)
            .ToArray();
        return Task.FromResult<IReadOnlyList<FlowSummary>>(flows);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<FlowPublished> WatchPublishedAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        var changes = Channel.CreateUnbounded<string>();
        using var watcher = new FileSystemWatcher(_flowsDirectory)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.DirectoryName | NotifyFilters.FileName,
        };
        // Any event names a flow; the flow's versions are then rescanned, so an event missed while a
        // new folder was being watched does not lose a version.
        void OnChange(string path) { if (FlowIdOf(path) is { } flowId) changes.Writer.TryWrite(flowId); }
        watcher.Created += (_, e) => OnChange(e.FullPath);
        watcher.Renamed += (_, e) => OnChange(e.FullPath);
        watcher.Error += (_, _) => changes.Writer.TryWrite("*");
        // Safety net: inotify can miss events in a folder created a moment before its watch was added.
        using var rescan = new Timer(_ => changes.Writer.TryWrite("*"), null, SafetyRescan, SafetyRescan);
        watcher.EnableRaisingEvents = true;
        var known = AllFlowIds().ToDictionary(id => id, id => VersionNumbers(id).DefaultIfEmpty(0).Max(), StringComparer.Ordinal);
        // The state as of now first (the watch is already in place, so nothing published from here on is missed).
        foreach (var (flowId, latest) in known.Where(k => k.Value > 0).OrderBy(k => k.Key, StringComparer.Ordinal))
            yield return new FlowPublished(flowId, latest);

        while (await changes.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
        {
            var flowIds = new HashSet<string>(StringComparer.Ordinal);
            while (changes.Reader.TryRead(out var flowId))
            {
                if (flowId == "*") flowIds.UnionWith(AllFlowIds());
                else flowIds.Add(flowId);
            }
            foreach (var flowId in flowIds.Order(StringComparer.Ordinal))
            {
                var seen = known.GetValueOrDefault(flowId);
                foreach (var version in VersionNumbers(flowId).Where(v => v > seen).Order())
                {
                    known[flowId] = version;
                    yield return new FlowPublished(flowId, version);
                }
            }
        }
    }

    private string FlowDirectory(string flowId) => Path.Combine(_flowsDirectory, flowId);

    private string VersionsDirectory(string flowId) => Path.Combine(FlowDirectory(flowId), "versions");

    private string VersionDirectory(string flowId, int version) => Path.Combine(VersionsDirectory(flowId), VersionName(version));

    private static string VersionName(int version) => version.ToString("D6", CultureInfo.InvariantCulture);

    private IEnumerable<string> AllFlowIds() =>
        System.IO.Directory.EnumerateDirectories(_flowsDirectory).Select(Path.GetFileName).Where(StorageIds.IsValid)!;

    /// <summary>Committed versions only: folders named by a number (hidden temporary folders are skipped).</summary>
    private IEnumerable<int> VersionNumbers(string flowId)
    {
        var versions = VersionsDirectory(flowId);
        if (!System.IO.Directory.Exists(versions)) return [];
        return System.IO.Directory.EnumerateDirectories(versions)
            .Select(Path.GetFileName)
            .Where(name => name!.Length > 0 && name.All(char.IsAsciiDigit))
            .Select(name => int.Parse(name!, CultureInfo.InvariantCulture))
            .Where(v => v > 0)
            .ToArray();
    }

    private string? FlowIdOf(string path)
    {
        var relative = Path.GetRelativePath(_flowsDirectory, path);
        var first = relative.Split(Path.DirectorySeparatorChar)[0];
        return StorageIds.IsValid(first) ? first : null;
    }

    private Task<FlowVersionInfo?> ReadInfoAsync(string flowId, int version, CancellationToken ct) =>
        JsonFiles.ReadAsync<FlowVersionInfo>(Path.Combine(VersionDirectory(flowId, version), VersionFile), ct);

    private static async Task WriteVersionFilesAsync(string directory, FlowVersionInfo info, FlowArtifacts artifacts, CancellationToken ct)
    {
        await AtomicFile.WriteDurablyAsync(Path.Combine(directory, "flow.json"), Encoding.UTF8.GetBytes(artifacts.SemanticJson), ct).ConfigureAwait(false);
        if (artifacts.LayoutJson is not null)
            await AtomicFile.WriteDurablyAsync(Path.Combine(directory, "layout.json"), Encoding.UTF8.GetBytes(artifacts.LayoutJson), ct).ConfigureAwait(false);
        await AtomicFile.WriteDurablyAsync(Path.Combine(directory, "flow.g.cs"), Encoding.UTF8.GetBytes(artifacts.GeneratedCSharp), ct).ConfigureAwait(false);
        await AtomicFile.WriteDurablyAsync(Path.Combine(directory, "flow.dll"), artifacts.Assembly, ct).ConfigureAwait(false);
        await AtomicFile.WriteDurablyAsync(Path.Combine(directory, "manifest.json"), Encoding.UTF8.GetBytes(artifacts.ManifestJson), ct).ConfigureAwait(false);
        await AtomicFile.WriteDurablyAsync(Path.Combine(directory, VersionFile), System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(info, JsonFiles.Options), ct).ConfigureAwait(false);
        AtomicFile.FlushDirectory(directory);
    }

    /// <summary>Hidden folders left by publishes that died before their rename; only called under the flow's lock.</summary>
    private static void RemoveAbandonedPublishes(string versions)
    {
        foreach (var stale in System.IO.Directory.EnumerateDirectories(versions, AtomicFile.TempPrefix + "*"))
        {
            try { System.IO.Directory.Delete(stale, recursive: true); }
            catch (IOException) { }
        }
    }
}
