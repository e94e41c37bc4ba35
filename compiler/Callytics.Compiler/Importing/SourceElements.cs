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
/// <param name="Position">The canvas position, if any.</param>
public sealed record SourceNode(Mapping.ConfigReader Reader, JsonNode IdSyntax, string Id, JsonNode TypeSyntax, string Type, string Label, JsonObject? Config, LayoutPoint? Position);

/// <summary>An edge of a source export, in product-neutral terms.</summary>
/// <param name="Syntax">The edge object.</param>
/// <param name="From">The source node's source id.</param>
/// <param name="To">The target node's source id.</param>
/// <param name="OutputSyntax">Where the output name is written (the edge itself when it names none).</param>
/// <param name="Output">The output name in the product's words (<see cref="Mapping.NodeMapping.Unnamed"/> for none).</param>
public sealed record SourceEdge(JsonObject Syntax, string From, string To, JsonNode OutputSyntax, string Output);
