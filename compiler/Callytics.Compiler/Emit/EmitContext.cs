using Callytics.Compiler.Binding;
using Callytics.Compiler.Binding.Nodes;
using Callytics.Compiler.Validation;
using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Emit;

/// <summary>What node emitters share while writing one machine: the writer, names, and how to follow outputs.</summary>
public sealed class EmitContext
{
    /// <summary>
    /// The most nodes one class holds. Roslyn compiles the methods of one class on one thread and
    /// different classes in parallel, so a bigger machine puts its nodes into nested classes of this
    /// size (a fixed number, not the core count: the same flow must give the same source everywhere).
    /// </summary>
    public const int NodesPerPart = 500;

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _parts = new(StringComparer.Ordinal);

    internal EmitContext(FlowGraph graph, FlowIdentity identity, CodeWriter writer)
    {
        Graph = graph;
        Identity = identity;
        Writer = writer;
        var used = new HashSet<string>(StringComparer.Ordinal);
        Nodes = graph.Flow.Nodes.Where(n => ReferenceEquals(graph.Flow.NodesById[n.Id], n)).ToList();
        foreach (var node in Nodes)
        {
            var name = CSharp.Identifier(node.Id).TrimStart('@');
            var unique = name;
            for (var i = 2; !used.Add(unique); i++) unique = $"{name}_{i}";
            _names[node.Id] = unique;
        }
        if (Nodes.Count > NodesPerPart)
            for (var i = 0; i < Nodes.Count; i++) _parts[Nodes[i].Id] = i / NodesPerPart + 1;
    }

    /// <summary>The nodes that get code, in document order (a duplicated id counts once).</summary>
    public IReadOnlyList<BoundNode> Nodes { get; }

    /// <summary>The flow's graph.</summary>
    public FlowGraph Graph { get; }

    /// <summary>Flow id, version and semantic hash.</summary>
    public FlowIdentity Identity { get; }

    /// <summary>Where code goes.</summary>
    public CodeWriter Writer { get; }

    /// <summary>The flow's default input timeout (start's input_timeout_ms).</summary>
    public int DefaultInputTimeoutMs => Graph.Flow.Start?.InputTimeoutMs ?? 10_000;

    /// <summary>The unique C# name part for a node (its id, made a valid identifier).</summary>
    public string Name(BoundNode node) => _names[node.Id];

    /// <summary>The method that runs a node.</summary>
    public string Method(BoundNode node) => "Node_" + Name(node);

    /// <summary>The nested class holding a node's code (<c>Part1</c>, …), or null when the machine is one class.</summary>
    public string? Part(BoundNode node) => _parts.TryGetValue(node.Id, out var part) ? $"Part{part}" : null;

    /// <summary>A node's method or Fire method as the rest of the machine calls it.</summary>
    public string Reference(BoundNode node, string member) => Part(node) is { } part ? $"{part}.{member}" : member;

    /// <summary>The modifiers of a node's methods: private in the machine, internal static in a part (so the dispatch table can reach them).</summary>
    public string Modifiers(BoundNode node, bool isStatic) =>
        Part(node) is null ? (isStatic ? "private static" : "private") : "internal static";

    /// <summary>The name of a static field holding data of a node.</summary>
    public string Field(BoundNode node, string what) => $"{what}_{Name(node)}";

    /// <summary>True when the output leads somewhere the call can continue.</summary>
    public bool IsConnected(BoundNode node, string output) => Graph.Resolve(node.Id, output).Target is not null;

    /// <summary>
    /// Writes the statements that leave <paramref name="node"/> through <paramref name="output"/>:
    /// fire the webhooks on the way, then go to the next node; when nothing continues the call,
    /// <paramref name="unconnected"/> writes what happens instead.
    /// </summary>
    public void Leave(BoundNode node, string output, Action unconnected)
    {
        var continuation = Graph.Resolve(node.Id, output);
        FireWebhooks(node, continuation);
        if (continuation.Target is { } target)
            Writer.Line($"return Go(s, ctx, {CSharp.Literal(node.Id)}, {CSharp.Literal(output)}, {CSharp.Literal(target.Id)});");
        else
            unconnected();
    }

    /// <summary>Leaves through an output whose unconnected behaviour is to hang up.</summary>
    public void LeaveOrHangUp(BoundNode node, string output) =>
        Leave(node, output, () => Writer.Line($"return HangUp(ctx, {CSharp.Literal(node.Id)}, {CSharp.Literal(output)});"));

    /// <summary>Fires the webhooks attached to an output (terminal nodes, abandoned calls).</summary>
    public void FireWebhooks(BoundNode node, string output) => FireWebhooks(node, Graph.Resolve(node.Id, output));

    private void FireWebhooks(BoundNode node, Continuation continuation)
    {
        foreach (var hook in continuation.Webhooks)
            Writer.Line($"{Reference(hook, "Fire_" + Name(hook))}(s, ctx, {CSharp.Literal(node.Id)});");
    }

    /// <summary>The first-digit timeout of an input node: its own, or the flow's default.</summary>
    public int InputTimeout(int? own) => own ?? DefaultInputTimeoutMs;

    /// <summary>All webhook nodes (each gets a Fire method).</summary>
    public IEnumerable<WebhookNode> Webhooks => Graph.Flow.NodesById.Values.OfType<WebhookNode>().OrderBy(n => n.Info.Index);
}
