using Callytics.Compiler.Binding;
using Callytics.Compiler.Binding.Nodes;

namespace Callytics.Compiler.Validation;

/// <summary>Where the call goes when a node leaves through one output: the webhooks it fires on the way, and the next node.</summary>
/// <param name="Webhooks">Webhook nodes fired, in edge order (chains through webhooks' own <c>next</c> included).</param>
/// <param name="Target">The node the call continues in, or null when the output leads nowhere (its unconnected behaviour applies).</param>
/// <param name="Ambiguous">The competing targets when webhook chains lead to more than one node (CFL2012).</param>
public sealed record Continuation(IReadOnlyList<WebhookNode> Webhooks, BoundNode? Target, IReadOnlyList<string> Ambiguous)
{
    /// <summary>Nothing connected.</summary>
    public static readonly Continuation None = new([], null, []);
}

/// <summary>
/// The edges of a flow indexed by (source, handle), and the rule for following them: webhook
/// targets fire and the call goes on to the one non-webhook target (directly, or through a
/// webhook's <c>next</c>). The validator, the analyzer and the emitter all follow edges this way.
/// </summary>
public sealed class FlowGraph
{
    private readonly Dictionary<(string, string), List<BoundEdge>> _out = [];
    private readonly Dictionary<(string, string), Continuation> _resolved = [];

    /// <summary>Indexes the edges of <paramref name="flow"/> whose ends exist.</summary>
    public FlowGraph(BoundFlow flow)
    {
        Flow = flow;
        foreach (var edge in flow.Edges)
        {
            if (!flow.NodesById.ContainsKey(edge.Source) || !flow.NodesById.ContainsKey(edge.Target)) continue;
            if (!_out.TryGetValue((edge.Source, edge.Handle), out var list)) _out[(edge.Source, edge.Handle)] = list = [];
            list.Add(edge);
        }
    }

    /// <summary>The flow.</summary>
    public BoundFlow Flow { get; }

    /// <summary>The edges leaving a node through one output, in document order.</summary>
    public IReadOnlyList<BoundEdge> EdgesFrom(string node, string handle) =>
        _out.TryGetValue((node, handle), out var list) ? list : [];

    /// <summary>Follows an output of a node.</summary>
    public Continuation Resolve(string node, string handle)
    {
        if (_resolved.TryGetValue((node, handle), out var cached)) return cached;
        var webhooks = new List<WebhookNode>();
        BoundNode? direct = null;
        var viaWebhooks = new List<BoundNode>();
        foreach (var edge in EdgesFrom(node, handle))
        {
            var target = Flow.NodesById[edge.Target];
            if (target is WebhookNode hook) FollowWebhook(hook, webhooks, viaWebhooks);
            else direct ??= target;
        }
        var distinct = viaWebhooks.Distinct().Where(n => !ReferenceEquals(n, direct)).ToList();
        var ambiguous = (direct is not null && distinct.Count > 0) || distinct.Count > 1
            ? (direct is null ? distinct : distinct.Prepend(direct)).Select(n => n.Id).ToList()
            : [];
        var result = new Continuation(webhooks, direct ?? distinct.FirstOrDefault(), ambiguous);
        _resolved[(node, handle)] = result;
        return result;
    }

    private void FollowWebhook(WebhookNode hook, List<WebhookNode> fired, List<BoundNode> targets)
    {
        if (fired.Contains(hook)) return;
        fired.Add(hook);
        foreach (var edge in EdgesFrom(hook.Id, "next"))
        {
            var next = Flow.NodesById[edge.Target];
            if (next is WebhookNode chained) FollowWebhook(chained, fired, targets);
            else targets.Add(next);
        }
    }

    /// <summary>The nodes a node can continue in (resolved continuations of all its outputs).</summary>
    public IEnumerable<BoundNode> Successors(BoundNode node) =>
        node.Outputs.Select(o => Resolve(node.Id, o.Name).Target).OfType<BoundNode>();
}
