using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Binding.Fields;

/// <summary>Checks the keys of a JSON object against the properties it may and must have.</summary>
internal static class ObjectShape
{
    /// <summary>
    /// Reports unknown keys (other than <c>x-</c> ones) and missing required keys.
    /// Returns false when something was reported.
    /// </summary>
    public static bool Check(JsonObject obj, string what, IReadOnlyCollection<string> required, IReadOnlyCollection<string> optional, BindContext context)
    {
        var ok = true;
        foreach (var property in obj.Properties)
        {
            var key = property.Key!;
            if (key.StartsWith("x-", StringComparison.Ordinal) || required.Contains(key) || optional.Contains(key)) continue;
            context.Diagnostics.ReportUnknownProperty(property, context.NodeId, required.Concat(optional));
            ok = false;
        }
        foreach (var key in required)
        {
            if (obj[key] is not null) continue;
            context.Diagnostics.ReportMissingProperty(obj, context.NodeId, what, key);
            ok = false;
        }
        if (!ok) context.HasErrors = true;
        return ok;
    }

    /// <summary>Reads a required string property that <see cref="Check"/> has confirmed is present.</summary>
    public static string? String(JsonObject obj, string key, string name, BindContext context)
    {
        var value = obj[key];
        if (value is null) return null;
        if (value is JsonString s) return s.Value;
        context.Diagnostics.ReportWrongType(value, context.NodeId, name, "a string");
        context.HasErrors = true;
        return null;
    }
}
