using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Mapping;

/// <summary>
/// One way a node of the source product can end, as its runtime reports it, and the flow-language
/// output that carries the call on from there.
/// </summary>
/// <param name="Name">The result in the product's words (Callytics' executor return value, Whatomate's outcome).</param>
/// <param name="Output">The flow-language output, or null when the flow-language node is terminal there (the call ends).</param>
/// <param name="Required">True when the flow-language output must be connected (the import then adds a hang-up when the product had no edge).</param>
public sealed record NodeResult(string Name, string? Output, bool Required = false);

/// <summary>What a mapping reads and writes for one node.</summary>
public sealed class NodeMappingContext
{
    private readonly List<(string Output, string Target, JsonNode Syntax)> _routes = [];

    /// <summary>Creates the context of one node.</summary>
    public NodeMappingContext(ConfigReader source, Out.JsonObject target, ImportOptions options, JsonNode nodeSyntax)
    {
        Source = source;
        Target = target;
        Options = options;
        NodeSyntax = nodeSyntax;
    }

    /// <summary>The source config.</summary>
    public ConfigReader Source { get; }

    /// <summary>The flow-language config being written.</summary>
    public Out.JsonObject Target { get; }

    /// <summary>The command-line choices.</summary>
    public ImportOptions Options { get; }

    /// <summary>The node object (where findings about the node as a whole point).</summary>
    public JsonNode NodeSyntax { get; }

    /// <summary>Routes named in config rather than by an edge (Callytics' <c>on_no_answer</c>): output, source id of the target, where it is written.</summary>
    public IReadOnlyList<(string Output, string Target, JsonNode Syntax)> Routes => _routes;

    /// <summary>
    /// The variable a digit-collecting node stores into, from <paramref name="key"/>. The flow
    /// language needs one where the product may store nowhere: then the node's id is used, with a note.
    /// </summary>
    public string Variable(string key, string product)
    {
        if (Source.Id(key, IdShape.Variable) is { } variable) return variable;
        variable = IdShape.Variable.Fit(Source.NodeId);
        Source.Adapted(NodeSyntax, key, $"{product} stores the keys nowhere without {key}; the flow language needs a variable, so they are stored in '{variable}'");
        return variable;
    }

    /// <summary>Records that <paramref name="output"/> leads to the node whose source id is <paramref name="target"/>.</summary>
    public void RouteTo(string output, string target, JsonNode syntax) => _routes.Add((output, target, syntax));
}

/// <summary>
/// How one node type of a source product becomes a flow-language node: the target type, the
/// config (in <see cref="MapConfig"/>) and the results the product's runtime ends it with (in
/// <see cref="Results"/>). One subclass per source type, listed in the product's <see cref="NodeMappingTable"/>.
/// </summary>
public abstract class NodeMapping
{
    /// <summary>The type name in the source product.</summary>
    public abstract string SourceType { get; }

    /// <summary>The flow-language type it becomes.</summary>
    public abstract string TargetType { get; }

    /// <summary>Reads the source config and writes the flow-language config; unread keys are reported by the caller.</summary>
    public abstract void MapConfig(NodeMappingContext context);

    /// <summary>
    /// Every result the product's runtime can end this node with, given the mapped config (a
    /// menu's results are its options). Edges the product's routing never picks for any of them
    /// are reported as never followed.
    /// </summary>
    public abstract IReadOnlyList<NodeResult> Results(Out.JsonObject config);

    /// <summary>The results of a node with a single way on.</summary>
    protected static IReadOnlyList<NodeResult> Single(string result, string output = "next", bool required = true) => [new(result, output, required)];

    /// <summary>No results: the node ends the call, or the product never routes out of it.</summary>
    protected static IReadOnlyList<NodeResult> None { get; } = [];
}

/// <summary>The node mappings of one source product, by source type name.</summary>
public sealed class NodeMappingTable
{
    private readonly Dictionary<string, NodeMapping> _byType;

    /// <summary>Creates the table; source type names must be unique.</summary>
    public NodeMappingTable(IEnumerable<NodeMapping> mappings) =>
        _byType = mappings.ToDictionary(m => m.SourceType, StringComparer.Ordinal);

    /// <summary>The mapping for a source type, or null when it has no equivalent.</summary>
    public NodeMapping? Find(string sourceType) => _byType.GetValueOrDefault(sourceType);
}
