using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Syntax;
using Callytics.Runtime.Catalog;

namespace Callytics.Compiler.Catalogs;

/// <summary>Reads a catalog file (flow-language.md §5) with located diagnostics (CFL4007).</summary>
public static class CatalogLoader
{
    private static readonly string[] Sections = ["audio", "queues", "trunks", "endpoints"];

    /// <summary>Loads a catalog; the catalog is null when it has errors.</summary>
    public static (FlowCatalog? Catalog, DiagnosticBag Diagnostics) Load(string path)
    {
        var document = JsonLoader.LoadFile(path);
        var bag = document.Diagnostics;
        if (document.Root is null) return (null, bag);
        if (document.Root is not JsonObject root)
        {
            bag.ReportInvalidCatalog(document.Root, "the catalog must be an object with audio, queues, trunks and endpoints");
            return (null, bag);
        }
        foreach (var section in root.Properties)
            if (!Sections.Contains(section.Key) && !section.Key!.StartsWith("x-", StringComparison.Ordinal))
                bag.ReportInvalidCatalogKey(section, $"unknown section '{section.Key}'{Suggestions.DidYouMean(section.Key!, Sections)}");

        var audio = Entries(root, "audio", bag, (id, value) => Text(value, "path", bag, $"audio '{id}'") ?? id);
        var queues = Entries(root, "queues", bag, (id, value) => value is JsonObject o && o["name"] is JsonString s ? s.Value : id);
        var trunks = Entries(root, "trunks", bag, (id, value) =>
        {
            var format = Text(value, "dial_format", bag, $"trunk '{id}'") ?? "{number}";
            if (!format.Contains("{number}") && !format.Contains("{e164}"))
                bag.ReportInvalidCatalog(value is JsonObject t && t["dial_format"] is { } at ? at : value, $"dial_format of trunk '{id}' must contain {{number}} or {{e164}}");
            return new Trunk(format);
        });
        var endpoints = new Dictionary<string, string>(FlowCatalog.DefaultEndpoints);
        if (root["endpoints"] is JsonObject e)
        {
            foreach (var entry in e.Properties)
            {
                if (!FlowCatalog.DefaultEndpoints.ContainsKey(entry.Key!)) bag.ReportInvalidCatalogKey(entry, $"endpoints has no destination type '{entry.Key}' (extension, pstn, sip_uri)");
                else if (entry is JsonString s) endpoints[entry.Key!] = s.Value;
                else bag.ReportInvalidCatalog(entry, $"endpoint '{entry.Key}' must be a string template");
            }
        }
        else if (root["endpoints"] is { } notAnObject)
        {
            bag.ReportInvalidCatalog(notAnObject, "'endpoints' must be an object keyed by destination type");
        }
        return bag.HasErrors ? (null, bag) : (new FlowCatalog(audio, queues, trunks, endpoints), bag);
    }

    private static Dictionary<string, T> Entries<T>(JsonObject root, string section, DiagnosticBag bag, Func<string, JsonNode, T> read)
    {
        var result = new Dictionary<string, T>(StringComparer.Ordinal);
        if (root[section] is null) return result;
        if (root[section] is not JsonObject obj)
        {
            bag.ReportInvalidCatalog(root[section]!, $"'{section}' must be an object keyed by id");
            return result;
        }
        foreach (var entry in obj.Properties) result[entry.Key!] = read(entry.Key!, entry);
        return result;
    }

    private static string? Text(JsonNode value, string key, DiagnosticBag bag, string what)
    {
        if (value is JsonObject o && o[key] is JsonString s) return s.Value;
        if (value is JsonString direct) return direct.Value;
        bag.ReportInvalidCatalog(value, $"{what} needs a string '{key}'");
        return null;
    }
}
