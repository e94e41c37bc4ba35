using Callytics.Runtime.Storage.Common;

namespace Callytics.Runtime.Storage.Flows;

/// <summary>Argument checks shared by the flow stores, so both refuse the same input.</summary>
internal static class FlowArguments
{
    public const int MaxMessageLength = 4096;

    public static void RequireDraft(string flowId, string semanticJson)
    {
        StorageIds.Require(flowId, "flow id");
        if (string.IsNullOrWhiteSpace(semanticJson)) throw new ArgumentException("A draft needs the flow JSON.", nameof(semanticJson));
    }

    public static void RequirePublish(string flowId, FlowVersionBuilder build, string publishedBy, string? message)
    {
        StorageIds.Require(flowId, "flow id");
        ArgumentNullException.ThrowIfNull(build);
        if (string.IsNullOrWhiteSpace(publishedBy) || publishedBy.Length > 256)
            throw new ArgumentException("Say who publishes (1-256 characters).", nameof(publishedBy));
        if (message is { Length: > MaxMessageLength })
            throw new ArgumentException($"The publish message is longer than {MaxMessageLength} characters.", nameof(message));
    }

    /// <summary>The builder's artifacts, checked (null when it declined to publish).</summary>
    public static async Task<FlowArtifacts?> BuildAsync(FlowVersionBuilder build, PublishSlot slot, CancellationToken ct)
    {
        var artifacts = await build(slot, ct).ConfigureAwait(false);
        artifacts?.Validate();
        return artifacts;
    }

    public static void RequireVersion(string flowId, int version)
    {
        StorageIds.Require(flowId, "flow id");
        if (version < 1) throw new ArgumentOutOfRangeException(nameof(version), "Versions start at 1.");
    }
}
