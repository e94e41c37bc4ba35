using Callytics.Compiler.Importing.Mapping;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Importing.CallyticsExport;

/// <summary>How Callytics' runtime reads the values its nodes share.</summary>
internal static class CallyticsValues
{
    /// <summary>stasis/src/timeoutResolver.ts:4-5: a node or flow timeout outside 1 to 120 s is not used.</summary>
    private const long MinTimeoutMs = 1000, MaxTimeoutMs = 120000;

    /// <summary>The wait of menus and get_digits when neither the node nor the start node sets one (menu.executor.ts:116, nodes/index.ts:224).</summary>
    public const long InputFallbackMs = 5000;

    /// <summary>
    /// A timeout in ms as timeoutResolver.ts reads it: a whole number from 1000 to 120000, else
    /// not used (the note says so, and the fallback applies).
    /// </summary>
    public static long? Timeout(ConfigReader source, string key)
    {
        var syntax = source.Take(key);
        if (syntax is null or JsonString { Value.Length: 0 }) return null;
        if (syntax is JsonNumber n && n.TryGetInt64(out var ms) && ms is >= MinTimeoutMs and <= MaxTimeoutMs) return ms;
        source.Adapted(syntax, key, $"Callytics uses a timeout only from {MinTimeoutMs} to {MaxTimeoutMs} ms (timeoutResolver.ts:7-13) and falls back to its default for this value; so does the import");
        return null;
    }

    /// <summary>
    /// An attempt count as the menu reads it: <c>Math.max(1, Number(value) || 3)</c>
    /// (menu.executor.ts:232-233).
    /// </summary>
    public static long Attempts(ConfigReader source, string key)
    {
        var value = source.Take(key) switch
        {
            JsonNumber n when n.TryGetInt64(out var v) => v,
            JsonString s when long.TryParse(s.Value, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var v) => v,
            _ => 0,
        };
        return value == 0 ? 3 : Math.Max(1, value);
    }

    /// <summary>A database id written as a number or as text ("1"), as Callytics writes queue and trunk ids.</summary>
    public static string? RowId(ConfigReader source, string key) => source.Take(key) switch
    {
        null or JsonString { Value.Length: 0 } => null,
        JsonNumber n when n.TryGetInt64(out var v) && v > 0 => n.Text,
        JsonString s when long.TryParse(s.Value, out var v) && v > 0 => s.Value,
        var other => source.Unmapped(other),
    };

    /// <summary>Reports a key whose value does something in Callytics that the flow language has no place for, when it is set (not null, "", false or an empty list).</summary>
    public static void NoEquivalent(ConfigReader source, params string[] keys)
    {
        foreach (var key in keys)
            if (source.Take(key) is { } value && value is not (JsonBoolean { Value: false } or JsonString { Value.Length: 0 } or JsonArray { Items.Count: 0 } or JsonObject { Properties.Count: 0 }))
                source.Unmapped(value);
    }
}
