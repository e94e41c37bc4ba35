using System.Text.Json;

namespace Callytics.Runtime.Helpers;

/// <summary>
/// The simple JSONPath that http_request's <c>extract</c> accepts: <c>$</c>, then <c>.name</c>,
/// <c>['name']</c> and <c>[index]</c> steps. Enough to pick a value out of an API response,
/// small enough to reason about (no filters, no wildcards, nothing that can run long).
/// </summary>
public sealed class JsonPathExpression
{
    private readonly object[] _steps; // string (property) or int (index)

    private JsonPathExpression(string text, object[] steps)
    {
        Text = text;
        _steps = steps;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>Parses a path; returns false when it is not of the supported form.</summary>
    public static bool TryParse(string text, out JsonPathExpression path)
    {
        path = null!;
        if (text.Length == 0 || text[0] != '$') return false;
        var steps = new List<object>();
        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == '.')
            {
                var start = ++i;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] is '_' or '-' or '$')) i++;
                if (i == start) return false;
                steps.Add(text[start..i]);
            }
            else if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0) return false;
                var inner = text[(i + 1)..close];
                if (inner.Length >= 2 && inner[0] == '\'' && inner[^1] == '\'')
                    steps.Add(inner[1..^1]);
                else if (int.TryParse(inner, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                    steps.Add(index);
                else
                    return false;
                i = close + 1;
            }
            else
            {
                return false;
            }
        }
        path = new JsonPathExpression(text, steps.ToArray());
        return true;
    }

    /// <summary>Parses a path that the compiler already validated.</summary>
    public static JsonPathExpression Parse(string text) =>
        TryParse(text, out var path) ? path : throw new FormatException($"'{text}' is not a supported JSONPath");

    /// <summary>
    /// Finds the value in a JSON document. Strings come back unquoted, other values as JSON text.
    /// Returns false when the body is not JSON or the path leads nowhere.
    /// </summary>
    public bool TryEvaluate(string json, out string value)
    {
        value = "";
        try
        {
            using var doc = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = 64 });
            var element = doc.RootElement;
            foreach (var step in _steps)
            {
                if (step is string name)
                {
                    if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out element)) return false;
                }
                else
                {
                    var index = (int)step;
                    if (element.ValueKind != JsonValueKind.Array || index >= element.GetArrayLength()) return false;
                    element = element[index];
                }
            }
            value = element.ValueKind switch
            {
                JsonValueKind.String => element.GetString() ?? "",
                JsonValueKind.Null => "",
                _ => element.GetRawText(),
            };
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public override string ToString() => Text;
}
