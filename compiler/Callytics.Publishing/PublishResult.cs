using Callytics.Compiler.Diagnostics;
using Callytics.Runtime.Storage.Flows;

namespace Callytics.Publishing;

/// <summary>How a publish (or restore) ended.</summary>
public enum PublishStatus
{
    /// <summary>A new version is stored.</summary>
    Published,
    /// <summary>The flow has errors (or the generated code did not compile): see the diagnostics.</summary>
    Invalid,
    /// <summary>The flow means the same as the newest version (at most the layout changed).</summary>
    NothingToPublish,
    /// <summary>There is no draft, or no such version to restore.</summary>
    NotFound,
    /// <summary>The publish named a draft revision that is no longer the current one (someone saved meanwhile); nothing was published.</summary>
    RevisionConflict,
}

/// <summary>The answer of <see cref="FlowPublisher.PublishDraftAsync"/> and <see cref="FlowPublisher.RestoreAsync"/>.</summary>
/// <param name="Status">How it ended.</param>
/// <param name="Message">One line for people.</param>
/// <param name="Version">The new version when <see cref="PublishStatus.Published"/>.</param>
/// <param name="Diagnostics">Everything the checks found (warnings too on success).</param>
/// <param name="DraftRevision">The draft revision that was checked and built (published drafts), or the current one (<see cref="PublishStatus.RevisionConflict"/>).</param>
public sealed record PublishResult(PublishStatus Status, string Message, FlowVersionInfo? Version, IReadOnlyList<Diagnostic> Diagnostics, long? DraftRevision = null);

/// <summary>The result of checking a draft without publishing it.</summary>
/// <param name="Found">False when there is no draft.</param>
/// <param name="Diagnostics">What the checks found.</param>
public sealed record ValidationResult(bool Found, IReadOnlyList<Diagnostic> Diagnostics)
{
    /// <summary>True when the draft exists and has no error.</summary>
    public bool Succeeded => Found && !Diagnostics.Any(d => d.IsError);
}
