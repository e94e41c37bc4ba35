namespace Callytics.Runtime.Storage.Flows;

/// <summary>
/// Flows: one draft each (saved without checks, any time) and an immutable, gap-free list of
/// published versions. A publish is all-or-nothing and concurrent publishes of one flow get distinct
/// consecutive numbers, also across processes. Restoring an old version is a new publish of its
/// artifacts, so history is never rewritten.
/// </summary>
/// <remarks>
/// Implementations: <see cref="DirectoryFlowStore"/> (default, <c>.callytics/</c>) and
/// <see cref="PostgresFlowStore"/>. Build one with <see cref="StorageFactory.OpenAsync"/>.
/// </remarks>
public interface IFlowStore
{
    /// <summary>Saves (replaces) the draft of a flow, creating the flow when new.</summary>
    /// <exception cref="ArgumentException">Bad flow id or empty JSON.</exception>
    Task<FlowDraft> SaveDraftAsync(string flowId, string semanticJson, string? layoutJson, string? savedBy, CancellationToken ct = default);

    /// <summary>
    /// Saves the draft only when it is still at <paramref name="expectedRevision"/> (0: only when the flow
    /// has no draft yet), atomically against other saves from any process, so two editors never overwrite
    /// each other's work unknowingly. The saved draft has the next revision.
    /// </summary>
    /// <exception cref="ArgumentException">Bad flow id or empty JSON.</exception>
    /// <exception cref="DraftRevisionConflictException">The draft is at another revision (nothing was saved).</exception>
    Task<FlowDraft> SaveDraftAsync(string flowId, string semanticJson, string? layoutJson, string? savedBy, long expectedRevision, CancellationToken ct = default);

    /// <summary>The draft, or null.</summary>
    Task<FlowDraft?> GetDraftAsync(string flowId, CancellationToken ct = default);

    /// <summary>
    /// Saves the flow's scenarios (the text of its <c>*.scenarios.json</c>) only when they are still at
    /// <paramref name="expectedRevision"/> (0: only when none are saved yet; null: whatever is there), atomically
    /// against other saves from any process. The saved scenarios have the next revision.
    /// </summary>
    /// <exception cref="ArgumentException">Bad flow id or empty JSON.</exception>
    /// <exception cref="ScenariosRevisionConflictException">They are at another revision (nothing was saved).</exception>
    Task<FlowScenarios> SaveScenariosAsync(string flowId, string json, string? savedBy, long? expectedRevision, CancellationToken ct = default);

    /// <summary>The flow's scenarios, or null when none were saved.</summary>
    Task<FlowScenarios?> GetScenariosAsync(string flowId, CancellationToken ct = default);

    /// <summary>
    /// Stores a new version with the next number. <paramref name="build"/> is called with that number
    /// and the version it follows while the flow is locked against other publishes (also from other
    /// processes), so what it builds can carry the number it will really get. Either the whole version
    /// becomes visible or none of it.
    /// </summary>
    /// <param name="flowId">The flow.</param>
    /// <param name="build">Builds the artifacts for the slot, or returns null to publish nothing (e.g. nothing changed since <see cref="PublishSlot.Latest"/>).</param>
    /// <param name="publishedBy">Who publishes.</param>
    /// <param name="message">Why, or null.</param>
    /// <param name="ct">Cancels the publish (nothing is stored then).</param>
    /// <returns>The new version, or null when <paramref name="build"/> returned null.</returns>
    Task<FlowVersionInfo?> PublishAsync(string flowId, FlowVersionBuilder build, string publishedBy, string? message, CancellationToken ct = default);

    /// <summary>The published versions of a flow, oldest first (empty when none).</summary>
    Task<IReadOnlyList<FlowVersionInfo>> ListVersionsAsync(string flowId, CancellationToken ct = default);

    /// <summary>One version with its artifacts, or null.</summary>
    Task<FlowVersion?> GetVersionAsync(string flowId, int version, CancellationToken ct = default);

    /// <summary>The newest version with its artifacts, or null when never published.</summary>
    Task<FlowVersion?> GetLatestVersionAsync(string flowId, CancellationToken ct = default);

    /// <summary>All flows (with a draft or a version), ordered by id.</summary>
    Task<IReadOnlyList<FlowSummary>> ListFlowsAsync(CancellationToken ct = default);

    /// <summary>
    /// Reports the newest version of every flow as of the moment the watch is in place, then every version
    /// published after that, by any process, until <paramref name="ct"/> is cancelled (directory: file
    /// system watch; PostgreSQL: LISTEN/NOTIFY). Each version is reported once per enumeration, in order
    /// per flow. Starting with the current state leaves no gap between reading the store and watching it:
    /// a version published while the watch is being set up is in the first notices or a later one.
    /// </summary>
    IAsyncEnumerable<FlowPublished> WatchPublishedAsync(CancellationToken ct = default);
}
