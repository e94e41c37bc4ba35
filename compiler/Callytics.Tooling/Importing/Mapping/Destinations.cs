using Out = System.Text.Json.Nodes;

namespace Callytics.Compiler.Importing.Mapping;

/// <summary>Builds transfer destinations (<c>{ type, value, trunk }</c>).</summary>
public static class Destinations
{
    /// <summary>A destination object; the trunk is written only when set.</summary>
    public static Out.JsonObject Build(string type, string value, string? trunk) =>
        new Out.JsonObject { ["type"] = type, ["value"] = value }.Put("trunk", trunk);
}
