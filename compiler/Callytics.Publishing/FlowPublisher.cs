using Callytics.Compiler.Checking;
using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Diffing;
using Callytics.Compiler.Packaging;
using Callytics.Runtime.Catalog;
using Callytics.Runtime.Loading;
using Callytics.Runtime.Storage.Flows;

namespace Callytics.Publishing;

/// <summary>
/// Drafts to versions: checks and builds a draft, refuses flows with errors and changes that only
/// move nodes, and stores the result in an <see cref="IFlowStore"/>. Restore rebuilds an old version
/// as the next one, so history is never rewritten. The one implementation behind <c>callyc</c>
/// and the host's admin API.
/// </summary>
/// <param name="store">Where drafts and versions live.</param>
/// <param name="catalog">Audio, queues and trunks that references are checked against; empty when null.</param>
/// <param name="beforePublish">Runs on a flow without errors before it is stored (TTS rendering); its errors refuse the publish.</param>
/// <param name="jobs">
/// Reads, checks, emits and compiles the document of a publish or restore (in this process when null).
/// The host's admin API gives a worker process at low priority, so that a publish neither allocates
/// nor compiles where calls are served; this class then only reads and stores.
/// </param>
public sealed class FlowPublisher(IFlowStore store, FlowCatalog? catalog = null, Media.IPublishStep? beforePublish = null, IFlowJobs? jobs = null)
{
    private readonly IFlowJobs _jobs = jobs ?? InProcessFlowJobs.Instance;

    /// <summary>The word that names the draft where a version number is expected.</summary>
    public const string DraftName = "draft";

    /// <summary>Saves a flow document as the draft of <paramref name="flowId"/> (no checks), keeping its layout apart too.</summary>
    /// <exception cref="ArgumentException">Bad flow id.</exception>
    /// <exception cref="InvalidFlowDocumentException">The document is not one readable JSON object (located findings).</exception>
    public Task<FlowDraft> SaveDraftAsync(string flowId, string document, string? savedBy, CancellationToken ct = default)
    {
        FlowDocuments.RequireObject("draft", document);
        return store.SaveDraftAsync(flowId, document, FlowDocuments.ExtractLayout(document), savedBy, ct);
    }

    /// <summary>Saves the draft only when it is still at <paramref name="expectedRevision"/> (0: no draft yet).</summary>
    /// <exception cref="DraftRevisionConflictException">Someone else saved meanwhile; nothing was saved.</exception>
    public Task<FlowDraft> SaveDraftAsync(string flowId, string document, string? savedBy, long expectedRevision, CancellationToken ct = default)
    {
        FlowDocuments.RequireObject("draft", document);
        return store.SaveDraftAsync(flowId, document, FlowDocuments.ExtractLayout(document), savedBy, expectedRevision, ct);
    }

    /// <summary>Checks the draft of a flow.</summary>
    public async Task<ValidationResult> ValidateDraftAsync(string flowId, CancellationToken ct = default)
    {
        var draft = await store.GetDraftAsync(flowId, ct).ConfigureAwait(false);
        return draft is null ? new ValidationResult(false, []) : new ValidationResult(true, Check(flowId, draft.SemanticJson).Diagnostics.Sorted());
    }

    /// <summary>Checks, builds and publishes the draft as the next version.</summary>
    /// <param name="flowId">The flow.</param>
    /// <param name="publishedBy">Who publishes.</param>
    /// <param name="message">Why, or null.</param>
    /// <param name="allowUnchanged">Publish even when the draft means the same as the newest version.</param>
    /// <param name="ct">Cancels.</param>
    /// <param name="revision">
    /// The draft revision the publisher saw (and validated); when the draft moved on since, nothing is
    /// published (<see cref="PublishStatus.RevisionConflict"/>). Either way the version carries the
    /// content of the one revision that was read, and the publisher's own message.
    /// </param>
    public async Task<PublishResult> PublishDraftAsync(string flowId, string publishedBy, string? message, bool allowUnchanged = false, CancellationToken ct = default, long? revision = null)
    {
        var draft = await store.GetDraftAsync(flowId, ct).ConfigureAwait(false);
        if (draft is null) return new PublishResult(PublishStatus.NotFound, $"flow '{flowId}' has no draft to publish", null, []);
        if (revision is { } expected && expected != draft.Revision)
            return new PublishResult(PublishStatus.RevisionConflict,
                $"the draft of flow '{flowId}' is at revision {draft.Revision}, not {expected}: someone saved it meanwhile; reload it and publish again", null, [], draft.Revision);
        var result = await BuildAndPublishAsync(flowId, draft.SemanticJson, publishedBy, message, allowUnchanged, ct).ConfigureAwait(false);
        return result with { DraftRevision = draft.Revision };
    }

    /// <summary>Publishes a new version that means the same as <paramref name="version"/> (with its layout).</summary>
    public async Task<PublishResult> RestoreAsync(string flowId, int version, string publishedBy, string? message = null, CancellationToken ct = default)
    {
        var old = await store.GetVersionAsync(flowId, version, ct).ConfigureAwait(false);
        if (old is null) return new PublishResult(PublishStatus.NotFound, $"flow '{flowId}' has no version {version}", null, []);
        var document = FlowDocuments.Compose(old.Artifacts.SemanticJson, old.Artifacts.LayoutJson);
        return await BuildAndPublishAsync(flowId, document, publishedBy, message ?? $"restore version {version}", allowUnchanged: false, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The flow document of a side: <c>draft</c> or a version number. Null when that side does not exist.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="side"/> is neither <c>draft</c> nor a version number.</exception>
    public async Task<(string Document, string? Layout)?> GetSideAsync(string flowId, string side, CancellationToken ct = default)
    {
        if (string.Equals(side, DraftName, StringComparison.OrdinalIgnoreCase))
        {
            var draft = await store.GetDraftAsync(flowId, ct).ConfigureAwait(false);
            return draft is null ? null : (draft.SemanticJson, draft.LayoutJson);
        }
        var version = ParseVersion(side);
        var stored = await store.GetVersionAsync(flowId, version, ct).ConfigureAwait(false);
        return stored is null ? null : (stored.Artifacts.SemanticJson, stored.Artifacts.LayoutJson);
    }

    /// <summary>The semantic diff between two sides (<c>draft</c> or version numbers); null when a side does not exist.</summary>
    /// <exception cref="ArgumentException">A side is neither <c>draft</c> nor a version number.</exception>
    /// <exception cref="FlowDiffException">A stored document is not JSON (a draft may be anything).</exception>
    public async Task<FlowDiff?> DiffAsync(string flowId, string a, string b, CancellationToken ct = default)
    {
        var before = await GetSideAsync(flowId, a, ct).ConfigureAwait(false);
        var after = await GetSideAsync(flowId, b, ct).ConfigureAwait(false);
        if (before is null || after is null) return null;
        return FlowDiffer.Compare(before.Value.Document, after.Value.Document, before.Value.Layout, after.Value.Layout);
    }

    /// <summary>A version number from text (1 or more).</summary>
    /// <exception cref="ArgumentException">Not a positive whole number.</exception>
    public static int ParseVersion(string text) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1
            ? n
            : throw new ArgumentException($"'{text}' is not a version number (1, 2, ...) or '{DraftName}'.");

    private async Task<PublishResult> BuildAndPublishAsync(string flowId, string document, string publishedBy, string? message, bool allowUnchanged, CancellationToken ct)
    {
        await using var job = await _jobs.StartAsync(CheckedPath(flowId), document, catalog, ct).ConfigureAwait(false);
        if (!job.Succeeded)
            return new PublishResult(PublishStatus.Invalid, $"flow '{flowId}' has errors; nothing was published", null, job.Diagnostics);
        if (job.FlowId != flowId)
            return new PublishResult(PublishStatus.Invalid, $"the document's id is '{job.FlowId}', not '{flowId}'; nothing was published", null, job.Diagnostics);

        var semanticHash = job.SemanticHash!;
        var latest = await store.GetLatestVersionAsync(flowId, ct).ConfigureAwait(false);
        if (!allowUnchanged && MeansTheSame(latest, semanticHash))
            return NothingToPublish(flowId, latest!.Info.Version, job);

        // Built once outside the store's lock for the number expected now, so the slow first compile
        // does not hold other publishers up. The store then fixes the real number under its lock; when
        // another publish took this one meanwhile, the flow is built again for the number it really
        // gets, so the stored number, the assembly's name and attributes and the manifest always agree.
        if (beforePublish is not null && job.SpeechPrompts.Count > 0)
        {
            var failures = await beforePublish.RenderAsync(job.SpeechPrompts, ct).ConfigureAwait(false);
            if (!await job.ReportSpeechFailuresAsync(failures, ct).ConfigureAwait(false))
                return new PublishResult(PublishStatus.Invalid, $"flow '{flowId}' could not be prepared for publishing; nothing was published", null, job.Diagnostics);
        }
        var expected = await job.BuildAsync((latest?.Info.Version ?? 0) + 1, ct).ConfigureAwait(false);
        if (expected is null) return NotCompiled(flowId, job);
        var layout = job.Layout;
        // The last moment a cancelled publish (the admin API's time limit) can stop with nothing stored:
        // the compile above does not always notice cancellation before it finishes.
        ct.ThrowIfCancellationRequested();
        var outcome = PublishStatus.Published;
        var sameAs = 0;
        var info = await store.PublishAsync(flowId, async (slot, token) =>
        {
            // Checked again under the lock: of concurrent publishes of one meaning, only the first stores it.
            if (!allowUnchanged && MeansTheSame(slot.Latest, semanticHash))
            {
                (outcome, sameAs) = (PublishStatus.NothingToPublish, slot.Latest!.Info.Version);
                return null;
            }
            var built = slot.Version == expected.Identity.Version ? expected : await job.BuildAsync(slot.Version, token).ConfigureAwait(false);
            outcome = built is null ? PublishStatus.Invalid : PublishStatus.Published;
            return built is null ? null : new FlowArtifacts(built.SemanticJson, layout, built.Source, built.Assembly, built.Manifest.ToJson());
        }, publishedBy, message, ct).ConfigureAwait(false);
        return outcome switch
        {
            PublishStatus.Published => new PublishResult(PublishStatus.Published, $"published {flowId} version {info!.Version}", info, job.Diagnostics),
            PublishStatus.NothingToPublish => NothingToPublish(flowId, sameAs, job),
            _ => NotCompiled(flowId, job),
        };
    }

    private static bool MeansTheSame(FlowVersion? version, string semanticHash) => version is not null && SemanticHashOf(version) == semanticHash;

    private static PublishResult NothingToPublish(string flowId, int sameAs, IFlowJob job) =>
        new(PublishStatus.NothingToPublish, $"nothing to publish: flow '{flowId}' means the same as version {sameAs} (only the layout may differ)", null, job.Diagnostics);

    private static PublishResult NotCompiled(string flowId, IFlowJob job) =>
        new(PublishStatus.Invalid, $"flow '{flowId}' could not be compiled; nothing was published", null, job.Diagnostics);

    /// <summary>The name diagnostics of a flow's document are reported under.</summary>
    private static string CheckedPath(string flowId) => $"{flowId}.flow.json";

    private CheckedFlow Check(string flowId, string document) => FlowChecker.CheckText(CheckedPath(flowId), document, catalog);

    private static string SemanticHashOf(FlowVersion version)
    {
        try
        {
            return BuildManifest.Parse(version.Artifacts.ManifestJson).SemanticHash;
        }
        catch (System.Text.Json.JsonException)
        {
            return SemanticHash.Sha256(version.Artifacts.SemanticJson);
        }
    }
}
