using System.Security.Cryptography;

namespace Callytics.Runtime.Storage.Flows;

/// <summary>A flow's test scenarios: the text of its <c>&lt;flow&gt;.scenarios.json</c>, kept beside the flow in the store.</summary>
/// <param name="FlowId">The flow.</param>
/// <param name="Json">The file's text, as saved (the store does not read it; the admin API checks it first).</param>
/// <param name="SavedAt">When it was saved.</param>
/// <param name="SavedBy">Who saved it, if known.</param>
/// <param name="Revision">1 for the first save, one more at every save.</param>
public sealed record FlowScenarios(string FlowId, string Json, DateTimeOffset SavedAt, string? SavedBy, long Revision);

/// <summary>A scenarios save named a revision that is no longer the current one (nothing was saved).</summary>
/// <param name="flowId">The flow.</param>
/// <param name="expectedRevision">The revision the writer named.</param>
/// <param name="currentRevision">The revision now (0: none saved yet).</param>
public sealed class ScenariosRevisionConflictException(string flowId, long expectedRevision, long currentRevision)
    : Exception($"The scenarios of flow '{flowId}' are at revision {currentRevision}, not {expectedRevision}: they were saved by someone else meanwhile. Reload them, or save again naming revision {currentRevision} to overwrite them.")
{
    /// <summary>The flow.</summary>
    public string FlowId { get; } = flowId;

    /// <summary>The revision the writer named.</summary>
    public long ExpectedRevision { get; } = expectedRevision;

    /// <summary>The revision now (0: none saved yet).</summary>
    public long CurrentRevision { get; } = currentRevision;
}

/// <summary>A flow's working copy: saved any time, without checks.</summary>
/// <param name="FlowId">The flow.</param>
/// <param name="SemanticJson">The flow JSON (nodes, edges, config) as edited.</param>
/// <param name="LayoutJson">The canvas layout (positions), or null.</param>
/// <param name="SavedAt">When it was saved.</param>
/// <param name="SavedBy">Who saved it, if known.</param>
/// <param name="Revision">1 for the first save of the flow's draft, one more at every save (0: none yet, or a draft saved before revisions were kept).</param>
public sealed record FlowDraft(string FlowId, string SemanticJson, string? LayoutJson, DateTimeOffset SavedAt, string? SavedBy, long Revision = 0);

/// <summary>
/// A draft save (or a publish) named a revision of the draft that is no longer the current one:
/// someone else saved meanwhile. Nothing was changed.
/// </summary>
public sealed class DraftRevisionConflictException(string flowId, long expectedRevision, long currentRevision)
    : Exception($"The draft of flow '{flowId}' is at revision {currentRevision}, not {expectedRevision}: it was saved by someone else meanwhile. Reload it, or save again naming revision {currentRevision} to overwrite it.")
{
    /// <summary>The flow.</summary>
    public string FlowId { get; } = flowId;

    /// <summary>The revision the writer named.</summary>
    public long ExpectedRevision { get; } = expectedRevision;

    /// <summary>The draft's revision now (0: no draft).</summary>
    public long CurrentRevision { get; } = currentRevision;
}

/// <summary>What a publish stores: the checked flow and what the compiler built from it. The store does not compile.</summary>
/// <param name="SemanticJson">The flow JSON that was checked and built.</param>
/// <param name="LayoutJson">Its layout, or null.</param>
/// <param name="GeneratedCSharp">The generated C# source.</param>
/// <param name="Assembly">The compiled assembly.</param>
/// <param name="ManifestJson">The build manifest (hashes).</param>
public sealed record FlowArtifacts(string SemanticJson, string? LayoutJson, string GeneratedCSharp, byte[] Assembly, string ManifestJson)
{
    /// <summary>Lower-case hex SHA-256 of <see cref="Assembly"/>.</summary>
    public string ComputeAssemblySha256() => Convert.ToHexStringLower(SHA256.HashData(Assembly));

    /// <summary>Throws <see cref="ArgumentException"/> when a part is missing.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(SemanticJson)) throw new ArgumentException("A published version needs the flow JSON.", nameof(SemanticJson));
        if (string.IsNullOrWhiteSpace(GeneratedCSharp)) throw new ArgumentException("A published version needs the generated C#.", nameof(GeneratedCSharp));
        if (Assembly is null || Assembly.Length == 0) throw new ArgumentException("A published version needs the compiled assembly.", nameof(Assembly));
        if (string.IsNullOrWhiteSpace(ManifestJson)) throw new ArgumentException("A published version needs the manifest.", nameof(ManifestJson));
    }
}

/// <summary>Where a publish lands: the number the new version gets and the version it follows.</summary>
/// <param name="FlowId">The flow.</param>
/// <param name="Version">The new version's number (one more than <paramref name="Latest"/>'s, or 1).</param>
/// <param name="Latest">The newest version at the moment of the publish, or null for the first.</param>
public sealed record PublishSlot(string FlowId, int Version, FlowVersion? Latest);

/// <summary>Builds what a publish stores for its <paramref name="slot"/>; null publishes nothing.</summary>
/// <param name="slot">The number the version gets and the one it follows; fixed while the builder runs.</param>
/// <param name="ct">Cancels the publish.</param>
public delegate Task<FlowArtifacts?> FlowVersionBuilder(PublishSlot slot, CancellationToken ct);

/// <summary>One published version, without its artifacts.</summary>
/// <param name="FlowId">The flow.</param>
/// <param name="Version">1, 2, 3, ... per flow, with no gaps.</param>
/// <param name="PublishedAt">When.</param>
/// <param name="PublishedBy">Who.</param>
/// <param name="Message">The publish message, or null.</param>
/// <param name="AssemblySha256">SHA-256 of the assembly as it was published (lower-case hex).</param>
public sealed record FlowVersionInfo(string FlowId, int Version, DateTimeOffset PublishedAt, string PublishedBy, string? Message, string AssemblySha256);

/// <summary>A published version with everything it holds.</summary>
public sealed record FlowVersion(FlowVersionInfo Info, FlowArtifacts Artifacts);

/// <summary>A flow in the store.</summary>
/// <param name="FlowId">The flow.</param>
/// <param name="HasDraft">Whether a draft is saved.</param>
/// <param name="LatestVersion">The newest published version, or null when never published.</param>
public sealed record FlowSummary(string FlowId, bool HasDraft, int? LatestVersion);

/// <summary>A new version was published (for hot swap).</summary>
public sealed record FlowPublished(string FlowId, int Version);
