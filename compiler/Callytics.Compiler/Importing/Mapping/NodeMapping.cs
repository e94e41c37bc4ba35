using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Mapping;

/// <summary>
/// How one node type of a source product becomes a flow-language node: the target type, the
/// config keys (in <see cref="MapConfig"/>) and the output names (in <see cref="Outputs"/>).
/// One subclass per source type, listed in the product's <see cref="NodeMappingTable"/>.
/// </summary>
public abstract class NodeMapping
{
    /// <summary>An edge that names no output in the source (the node's single way on).</summary>
    public const string Unnamed = "";

    /// <summary>The type name in the source product.</summary>
    public abstract string SourceType { get; }

    /// <summary>The flow-language type it becomes.</summary>
    public abstract string TargetType { get; }

    /// <summary>Source output name → flow-language output name (<see cref="Unnamed"/> for edges that name none).</summary>
    protected abstract IReadOnlyDictionary<string, string> Outputs { get; }

    /// <summary>Reads the source config and writes the flow-language config; unread keys are reported by the caller.</summary>
    public abstract void MapConfig(ConfigReader source, Out.JsonObject target);

    /// <summary>The flow-language output for a source output, or null when it has none.</summary>
    public virtual string? MapOutput(string output) => Outputs.GetValueOrDefault(output);

    /// <summary>Builds an output table.</summary>
    protected static IReadOnlyDictionary<string, string> Table(params (string Source, string Target)[] pairs) =>
        pairs.ToDictionary(p => p.Source, p => p.Target, StringComparer.Ordinal);

    /// <summary>The table of a node with one way on, <c>next</c>.</summary>
    protected static IReadOnlyDictionary<string, string> NextOnly { get; } = Table((Unnamed, "next"), ("next", "next"));

    /// <summary>
    /// The table of a terminal node: only an unnamed edge, which the flow language allows into
    /// webhooks (the checker reports it anywhere else).
    /// </summary>
    protected static IReadOnlyDictionary<string, string> TerminalOnly { get; } = Table((Unnamed, "next"));
}

/// <summary>The node mappings of one source product, by source type name.</summary>
public sealed class NodeMappingTable
{
    private readonly Dictionary<string, NodeMapping> _byType;
    private readonly HashSet<string> _layoutOnly;

    /// <summary>Creates the table; source type names must be unique.</summary>
    /// <param name="mappings">One mapping per source type.</param>
    /// <param name="layoutOnlyTypes">Source types that only draw on the canvas (frames): left out with a warning.</param>
    public NodeMappingTable(IEnumerable<NodeMapping> mappings, params string[] layoutOnlyTypes)
    {
        _byType = mappings.ToDictionary(m => m.SourceType, StringComparer.Ordinal);
        _layoutOnly = new HashSet<string>(layoutOnlyTypes, StringComparer.Ordinal);
    }

    /// <summary>True for a source type that only draws on the canvas and does nothing in a call.</summary>
    public bool IsLayoutOnly(string sourceType) => _layoutOnly.Contains(sourceType);

    /// <summary>The mapping for a source type, or null when it has no equivalent.</summary>
    public NodeMapping? Find(string sourceType) => _byType.GetValueOrDefault(sourceType);
}
