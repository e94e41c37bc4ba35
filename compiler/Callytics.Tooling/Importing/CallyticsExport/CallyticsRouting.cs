using Callytics.Compiler.Importing.Mapping;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>
/// Callytics' edge choice, after stasis/src/engine/edgeResolver.ts and the webhook handling of
/// stasis/src/runtime.ts.
/// </summary>
internal sealed class CallyticsRouting : EdgeRouting
{
    /// <summary>The branch key of an edge that names none, and the catch-all condition.</summary>
    public const string Default = "default";

    /// <summary>The result of transfer, hunt, voicemail and callback when they end normally.</summary>
    public const string Done = "done";

    // runtime.ts:232-234, isPostCompletionRoutableNode.
    private static readonly HashSet<string> PostCompletion = new(StringComparer.Ordinal) { "voicemail", "callback", "transfer", "hunt" };

    /// <summary>
    /// edgeResolver.ts:20-46: get_digits first matches the key itself, then 'timeout' or 'invalid',
    /// then a default edge (condition 'default' or none). Every other node matches on condition
    /// when any of its edges has one (then 'default', then an edge without condition), else on
    /// branchKey (then branchKey 'default', then any edge without condition).
    /// </summary>
    public override SourceEdge? Choose(IReadOnlyList<SourceEdge> edges, string sourceType, string result)
    {
        if (edges.Count == 0) return null;
        if (sourceType == "get_digits")
        {
            // edgeResolver.ts:3-18: the exact key is an edge to a node per key, which get_digits cannot express (Unsupported).
            var fallback = result == "timeout" ? "timeout" : "invalid";
            return edges.FirstOrDefault(e => e.Condition == fallback)
                ?? edges.FirstOrDefault(e => e.Condition is Default or null);
        }
        var conditional = edges.Where(e => e.Condition is not null).ToList();
        if (conditional.Count > 0)
            return conditional.FirstOrDefault(e => e.Condition == result)
                ?? conditional.FirstOrDefault(e => e.Condition == Default)
                ?? edges.FirstOrDefault(e => e.Condition is null);
        return edges.FirstOrDefault(e => e.BranchKey == result)
            ?? edges.FirstOrDefault(e => e.BranchKey == Default)
            ?? edges.FirstOrDefault(e => e.Condition is null);
    }

    /// <summary>
    /// runtime.ts:429: after any result but 'done' and 'hangup', every webhook the node has an
    /// edge to fires. runtime.ts:385-410: after 'done' of transfer, hunt, voicemail or callback the
    /// call goes on when there is an edge for it (and no webhook fires); otherwise the call is hung
    /// up and the one webhook edge chosen like any other edge fires.
    /// </summary>
    public override IEnumerable<SourceEdge> Webhooks(IReadOnlyList<SourceEdge> webhookEdges, string sourceType, string result, SourceEdge? chosen)
    {
        if (result != Done || !PostCompletion.Contains(sourceType)) return webhookEdges;
        if (chosen is not null) return [];
        return Choose(webhookEdges, sourceType, result) is { } webhook ? [webhook] : [];
    }

    /// <summary>
    /// edgeResolver.ts:4-7: a get_digits edge whose condition is a key leads there for that key
    /// only; the flow language's get_digits has one way on (draw such a node as a menu).
    /// </summary>
    public override string? Unsupported(SourceEdge edge, string sourceType) =>
        sourceType == "get_digits" && edge.Condition is { Length: 1 or 2 } key && key.All(c => char.IsAsciiDigit(c) || c is '*' or '#')
            ? $"Callytics routes this get_digits on the key pressed ('{key}'); the flow language's get_digits has one way on: draw it as a menu"
            : null;

    /// <inheritdoc />
    public override string NoEdgeBehaviour(string sourceType) => sourceType == "play_audio"
        ? "it hangs up after a play_audio with no way on (runtime.ts:499-507)"
        : "it ends the call as failed (runtime.ts:497-516)";
}
