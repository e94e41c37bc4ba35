using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Importing;

/// <summary>The result of an import: the flow (null when nothing could be read) and the findings, located in the source file.</summary>
public sealed record ImportResult(ImportedFlow? Flow, DiagnosticBag Diagnostics)
{
    /// <summary>The canonical flow JSON, or null.</summary>
    public string? Json => Flow is null ? null : FlowJsonWriter.Write(Flow);

    /// <summary>True when something could not be imported.</summary>
    public bool HasErrors => Flow is null || Diagnostics.HasErrors;
}

/// <summary>
/// Reads the document shape of one source product. Subclasses name their keys; the reading of
/// nodes and edges, the located findings and the mapping itself are shared here and in
/// <see cref="ImportSession"/>.
/// </summary>
public abstract class SourceImporter
{
    /// <summary>The owner name used for findings about document-level keys.</summary>
    protected const string DocumentOwner = "(document)";

    /// <summary>The value of <c>--from</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The product's name for messages.</summary>
    public abstract string Product { get; }

    /// <summary>The node mappings.</summary>
    public abstract NodeMappingTable Mappings { get; }

    /// <summary>The product's rule for which edge a node follows.</summary>
    public abstract EdgeRouting Routing { get; }

    /// <summary>Imports a loaded document; never throws on bad input.</summary>
    public ImportResult Import(LoadedDocument document, ImportOptions? options = null)
    {
        var bag = document.Diagnostics;
        if (document.Root is null)
        {
            bag.ReportImportInvalidDocument(Product, "the file could not be read as JSON");
            return new ImportResult(null, bag);
        }
        if (document.Root is not JsonObject root)
        {
            bag.ReportImportInvalidDocument(document.Root, Product, $"the document is {document.Root.KindDescription}, not an object");
            return new ImportResult(null, bag);
        }
        var reader = new ConfigReader(root, DocumentOwner, bag);
        var session = new ImportSession(Product, Mappings, Routing, options ?? ImportOptions.Default, bag);
        var flow = Read(reader, root, session, document.Source.Path);
        // When the shape is wrong, listing every other key as unmapped would only bury the one finding that matters.
        if (flow is not null) reader.Finish();
        return new ImportResult(flow, bag);
    }

    /// <summary>Reads the document: adds nodes and edges to <paramref name="session"/> and builds the flow (null when the shape is wrong).</summary>
    protected abstract ImportedFlow? Read(ConfigReader document, JsonObject root, ImportSession session, string path);

    /// <summary>A list the document must have; its absence is CFL6004.</summary>
    protected JsonArray? RequiredList(ConfigReader document, JsonObject root, string key)
    {
        if (document.Take(key) is JsonArray list) return list;
        document.Diagnostics.ReportImportInvalidDocument(root[key] ?? root, Product, $"'{key}' must be a list");
        return null;
    }

    /// <summary>
    /// Reads every node of <paramref name="items"/> with the product's key names into the session;
    /// <paramref name="read"/> takes the product's extra keys of the node object and gives its position.
    /// </summary>
    protected void AddNodes(ImportSession session, IEnumerable<JsonNode> items, string idKey, Func<ConfigReader, JsonObject, LayoutPoint?> read)
    {
        foreach (var item in items)
        {
            if (item is not JsonObject obj || Text(obj, idKey) is not { } id)
            {
                session.Diagnostics.ReportImportInvalidDocument(item, Product, $"a node must be an object with a text '{idKey}'");
                continue;
            }
            var reader = new ConfigReader(obj, id.Value, session.Diagnostics);
            reader.Take(idKey);
            if (Text(obj, "type") is not { } type)
            {
                session.Diagnostics.ReportImportInvalidDocument(obj["type"] ?? obj, Product, $"node '{id.Value}' has no text 'type'");
                continue;
            }
            reader.Take("type");
            var label = reader.String("label") ?? "";
            var at = read(reader, obj);
            var config = reader.Object("config");
            session.AddNode(new SourceNode(reader, id, id.Value, type, type.Value, label, config, at), obj);
        }
    }

    /// <summary>
    /// Reads every edge of <paramref name="list"/>: <paramref name="keys"/> reads the product's
    /// routing keys (and takes every other key it knows).
    /// </summary>
    protected void AddEdges(ImportSession session, JsonArray list, string fromKey, string toKey, Func<ConfigReader, (string? Condition, string? BranchKey)> keys)
    {
        foreach (var item in list.Items)
        {
            if (item is not JsonObject obj || Text(obj, fromKey) is not { } from || Text(obj, toKey) is not { } to)
            {
                session.Diagnostics.ReportImportInvalidDocument(item, Product, $"an edge must be an object with text '{fromKey}' and '{toKey}'");
                continue;
            }
            var reader = new ConfigReader(obj, $"{from.Value} → {to.Value}", session.Diagnostics);
            reader.Take(fromKey);
            reader.Take(toKey);
            var (condition, branchKey) = keys(reader);
            reader.Finish();
            session.AddEdge(new SourceEdge(obj, from.Value, to.Value, condition, branchKey));
        }
    }

    /// <summary>A text property, or null.</summary>
    protected static JsonString? Text(JsonObject obj, string key) => obj[key] as JsonString;
}
