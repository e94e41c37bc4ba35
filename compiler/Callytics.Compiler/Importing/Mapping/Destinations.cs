using Callytics.Compiler.Syntax;
using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Mapping;

/// <summary>Builds transfer destinations (<c>{ type, value, trunk }</c>) from an export's target type and value.</summary>
public static class Destinations
{
    private static readonly Dictionary<string, string> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["extension"] = "extension", ["ext"] = "extension", ["internal"] = "extension", ["user"] = "extension", ["agent"] = "extension",
        ["pstn"] = "pstn", ["external"] = "pstn", ["number"] = "pstn", ["phone"] = "pstn",
        ["sip"] = "sip_uri", ["sip_uri"] = "sip_uri",
    };

    /// <summary>
    /// Reads a destination from three keys of <paramref name="source"/>. An unknown target type is
    /// reported as unmapped and gives null; a missing one defaults to extension. Without a trunk
    /// key the trunk is left to the caller (transfer names it beside the destination).
    /// </summary>
    public static Out.JsonObject? Read(ConfigReader source, string typeKey, string valueKey, string? trunkKey)
    {
        var typeSyntax = source.Take(typeKey);
        var value = source.String(valueKey);
        var trunk = trunkKey is null ? null : source.Id(trunkKey, IdShape.Reference);
        if (value is null) return null;
        string type;
        if (typeSyntax is null) type = "extension";
        else if (typeSyntax is JsonString s && Types.TryGetValue(s.Value, out var mapped)) type = mapped;
        else
        {
            source.Unmapped(typeSyntax);
            return null;
        }
        return Build(type, value, trunk);
    }

    /// <summary>A destination object; the trunk is written only when set.</summary>
    public static Out.JsonObject Build(string type, string value, string? trunk) =>
        new Out.JsonObject { ["type"] = type, ["value"] = value }.Put("trunk", trunk);
}
