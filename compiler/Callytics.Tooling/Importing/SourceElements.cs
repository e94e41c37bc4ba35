using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Importing;

/// <summary>A node of a source export, read into product-neutral terms by that product's importer.</summary>
/// <param name="Reader">A reader over the node object; keys the importer has not taken are reported at the end.</param>
/// <param name="IdSyntax">Where the id is written.</param>
/// <param name="Id">The source id.</param>
/// <param name="TypeSyntax">Where the type is written.</param>
/// <param name="Type">The source type name.</param>
/// <param name="Label">The label ("" for none).</param>
/// <param name="Config">The source config object, if any.</param>
/// <param name="Position">The canvas position, if any (already absolute: a position inside a group frame has the frame's added).</param>
public sealed record SourceNode(Mapping.ConfigReader Reader, JsonNode IdSyntax, string Id, JsonNode TypeSyntax, string Type, string Label, JsonObject? Config, LayoutPoint? Position);

/// <summary>
/// An edge of a source export, in product-neutral terms: the two routing keys a product may
/// write (Callytics writes both, Whatomate only <paramref name="Condition"/>). Which edge a node
/// follows for which result is the product's <see cref="Mapping.EdgeRouting"/>.
/// </summary>
/// <param name="Syntax">The edge object.</param>
/// <param name="From">The source node's source id.</param>
/// <param name="To">The target node's source id.</param>
/// <param name="Condition">The edge's condition, or null when it has none.</param>
/// <param name="BranchKey">The edge's branch key (Callytics), or null.</param>
public sealed record SourceEdge(JsonObject Syntax, string From, string To, string? Condition, string? BranchKey)
{
    /// <summary>Where the edge's routing key is written (the edge itself when it writes none).</summary>
    public JsonNode KeySyntax => Syntax["condition"] is JsonString c ? c : Syntax["branchKey"] is JsonString b ? b : Syntax;

    /// <summary>The routing key for messages.</summary>
    public string KeyText => Condition ?? BranchKey ?? "(none)";
}

/// <summary>A canvas frame around nodes (Callytics' <c>group</c>), carried into the flow's layout for the editor.</summary>
/// <param name="Id">The frame's id.</param>
/// <param name="Label">Its title.</param>
/// <param name="Position">Its top-left corner.</param>
/// <param name="Width">Its width, if the export says.</param>
/// <param name="Height">Its height, if the export says.</param>
public sealed record LayoutGroup(string Id, string Label, LayoutPoint Position, double? Width, double? Height)
{
    /// <summary>The flow node ids drawn inside the frame, in document order.</summary>
    public List<string> Nodes { get; } = [];
}
