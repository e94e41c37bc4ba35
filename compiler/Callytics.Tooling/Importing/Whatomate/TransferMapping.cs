using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Whatomate;

/// <summary>
/// Whatomate <c>transfer</c> → <c>queue</c>. Whatomate puts the caller in the waiting list of a
/// team (<c>team_id</c>; "" is every agent) until an agent accepts (internal/calling/transfer.go);
/// the outcome is "completed" when the agent's call ends, "no_answer" when nobody accepts in time,
/// "abandoned" when the caller hangs up (transfer.go:837, 1126, 1191; ivr.go executeTransfer).
/// That is the flow language's queue: completed, timeout, abandoned.
/// </summary>
internal sealed class TransferMapping : WhatomateMapping
{
    private const string AllAgents = "all-agents";

    public override string SourceType => "transfer";
    public override string TargetType => "queue";

    protected override void Map(NodeMappingContext context)
    {
        var source = context.Source;
        var team = source.Take("team_id");
        string queue;
        if (team is JsonString { Value.Length: > 0 } id) queue = source.Fit(id, "team_id", id.Value, IdShape.Reference);
        else
        {
            queue = AllAgents;
            if (team is not null and not JsonString) source.Unmapped(team);
            source.Adapted(team ?? context.NodeSyntax, "team_id", $"Whatomate offers a call without a team to every agent; the import waits in queue '{AllAgents}'");
        }
        context.Target.Put("queue", queue);
        // transfer.go:1219-1250: HTTP calls when the caller starts waiting and when an agent answers; the queue has no such moments.
        foreach (var key in new[] { "on_waiting", "on_connect" })
            if (source.Take(key) is { } hook) source.Unmapped(hook);
    }

    public override IReadOnlyList<NodeResult> Results(Out.JsonObject config) =>
        [new("completed", "completed"), new("no_answer", "timeout"), new("abandoned", "abandoned")];
}
