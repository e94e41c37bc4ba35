using System.Text;
using Callytics.Runtime.Contract;

namespace Callytics.Runtime.Helpers;

/// <summary>How a variable's value is escaped where a template inserts it (flow-language.md §1).</summary>
public enum TemplateEscaping
{
    /// <summary>As is (set_variable values, plain bodies).</summary>
    None,
    /// <summary>JSON string escaping (payloads and JSON bodies).</summary>
    Json,
    /// <summary>
    /// Percent-encoding (<c>/</c>, <c>?</c>, <c>#</c>, <c>&amp;</c>, <c>=</c>, <c>+</c> encoded), so a value in the path
    /// stays inside its segment and a value in the query stays one value. A value that would make a whole path
    /// segment <c>.</c> or <c>..</c> is refused (<see cref="TemplateRenderException"/>): clients remove such a
    /// segment with the one before it, and <c>%2E</c> does not help, System.Uri decodes it first.
    /// </summary>
    Url,
    /// <summary>As is, but a value with CR or LF is refused (headers).</summary>
    Header,
    /// <summary>Percent-encoding of a form value (<c>application/x-www-form-urlencoded</c> bodies): <c>&amp;</c>, <c>=</c> and <c>+</c> cannot add a field.</summary>
    Form,
}

/// <summary>A value could not be inserted safely (a header value with a line break).</summary>
public sealed class TemplateRenderException(string message) : Exception(message);

/// <summary>
/// A string with <c>{{variable}}</c> placeholders. Parsed once (the compiler validates it and
/// generated code keeps the parsed form in a static field), rendered per call.
/// </summary>
public sealed class Template
{
    private readonly string[] _literals;   // literal before each variable, plus the tail
    private readonly string[] _variables;

    private Template(string text, string[] literals, string[] variables)
    {
        Text = text;
        _literals = literals;
        _variables = variables;
    }

    /// <summary>The template as written.</summary>
    public string Text { get; }

    /// <summary>The variables it reads, in order (with repeats).</summary>
    public IReadOnlyList<string> Variables => _variables;

    /// <summary>The literal text before each placeholder, then the text after the last one (one more than <see cref="Variables"/>).</summary>
    public IReadOnlyList<string> Literals => _literals;

    /// <summary>The literal text before the first placeholder (all of it when there is none).</summary>
    public string LiteralPrefix => _literals[0];

    /// <summary>True when the template has no placeholder.</summary>
    public bool IsLiteral => _variables.Length == 0;

    /// <summary>Parses a template; throws <see cref="FormatException"/> with a reason when it is invalid.</summary>
    public static Template Parse(string text) =>
        TryParse(text, out var template, out var error) ? template : throw new FormatException(error);

    /// <summary>Parses a template, returning the reason when it is invalid.</summary>
    public static bool TryParse(string text, out Template template, out string error)
    {
        var literals = new List<string>();
        var variables = new List<string>();
        var literal = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var open = text.IndexOf("{{", i, StringComparison.Ordinal);
            if (open < 0)
            {
                literal.Append(text, i, text.Length - i);
                break;
            }
            literal.Append(text, i, open - i);
            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                template = null!;
                error = $"'{{{{' at character {open + 1} is never closed with '}}}}'";
                return false;
            }
            var name = text.Substring(open + 2, close - open - 2).Trim();
            if (!VariableNames.IsValid(name))
            {
                template = null!;
                error = $"'{{{{{Shorten(name)}}}}}' at character {open + 1} does not name a variable (lower-case letters, digits and '_')";
                return false;
            }
            literals.Add(literal.ToString());
            literal.Clear();
            variables.Add(name);
            i = close + 2;
        }
        literals.Add(literal.ToString());
        template = new Template(text, literals.ToArray(), variables.ToArray());
        error = "";
        return true;
    }

    /// <summary>Fills the placeholders from the call's variables.</summary>
    /// <param name="state">The call (its variables and built-ins).</param>
    /// <param name="utcNow">The value of the built-in <c>now</c>.</param>
    /// <param name="escaping">How to escape inserted values.</param>
    public string Render(CallState state, DateTimeOffset utcNow, TemplateEscaping escaping)
    {
        if (_variables.Length == 0) return Text;
        var sb = new StringBuilder(Text.Length + 16);
        var inPath = escaping == TemplateEscaping.Url;
        List<(int Start, int End, string Name)>? pathValues = null;
        for (var k = 0; k < _variables.Length; k++)
        {
            sb.Append(_literals[k]);
            // The URL's own literal text decides where a value stands; values are encoded and cannot move it.
            if (inPath && _literals[k].AsSpan().IndexOfAny('?', '#') >= 0) inPath = false;
            var value = _variables[k] == "now" ? utcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture) : state.Get(_variables[k]);
            var start = sb.Length;
            AppendEscaped(sb, value, escaping, _variables[k]);
            if (inPath) (pathValues ??= []).Add((start, sb.Length, _variables[k]));
        }
        sb.Append(_literals[^1]);
        var text = sb.ToString();
        if (pathValues is not null) RefuseDotSegments(text, pathValues);
        return text;
    }

    private static void AppendEscaped(StringBuilder sb, string value, TemplateEscaping escaping, string name)
    {
        switch (escaping)
        {
            case TemplateEscaping.Json:
                JsonText.AppendEscaped(sb, value);
                break;
            case TemplateEscaping.Url or TemplateEscaping.Form:
                sb.Append(Uri.EscapeDataString(value));
                break;
            case TemplateEscaping.Header:
                if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
                    throw new TemplateRenderException($"variable '{name}' contains a line break and cannot go into a header");
                sb.Append(value);
                break;
            default:
                sb.Append(value);
                break;
        }
    }

    /// <summary>
    /// Throws when a path segment holding (part of) a value is <c>.</c> or <c>..</c>: <c>/customers/{{id}}/orders</c>
    /// with <c>..</c> would be sent as <c>/orders</c>. The rendered path has the template's segments, since values
    /// cannot hold a raw <c>/</c>, <c>?</c> or <c>#</c>.
    /// </summary>
    private static void RefuseDotSegments(string url, List<(int Start, int End, string Name)> values)
    {
        var authority = url.IndexOf("://", StringComparison.Ordinal);
        var path = authority < 0 ? -1 : url.IndexOf('/', authority + 3);
        if (path < 0) return;
        var end = url.IndexOfAny(['?', '#'], path);
        if (end < 0) end = url.Length;
        for (var start = path + 1; start <= end;)
        {
            var slash = url.IndexOf('/', start, end - start);
            var segmentEnd = slash < 0 ? end : slash;
            foreach (var (valueStart, valueEnd, name) in values)
            {
                if (valueStart >= segmentEnd || valueEnd <= start || valueStart == valueEnd) continue;
                if (Uri.UnescapeDataString(url[start..segmentEnd]) is "." or "..")
                    throw new TemplateRenderException($"variable '{name}' makes a '.' or '..' path segment, which would change the URL's path");
            }
            start = segmentEnd + 1;
        }
    }

    private static string Shorten(string s) => s.Length <= 30 ? s : s[..30] + "…";

    /// <inheritdoc />
    public override string ToString() => Text;
}

/// <summary>The variable-name rule and the built-in variables (flow-language.md §1).</summary>
public static class VariableNames
{
    /// <summary>Variables every call has from its start.</summary>
    public static readonly IReadOnlySet<string> BuiltIns = new HashSet<string>(StringComparer.Ordinal)
    {
        "caller_id", "dialed_number", "call_id", "channel_id", "flow_id", "flow_version", "now",
    };

    /// <summary>True for <c>^[a-z_][a-z0-9_]{0,63}$</c>.</summary>
    public static bool IsValid(string name)
    {
        if (name.Length is 0 or > 64) return false;
        if (!(name[0] is (>= 'a' and <= 'z') or '_')) return false;
        foreach (var c in name)
            if (!(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_')) return false;
        return true;
    }
}

/// <summary>JSON string escaping shared by templates, webhooks and the emitter.</summary>
public static class JsonText
{
    /// <summary>Appends <paramref name="value"/> escaped for the inside of a JSON string (no quotes added).</summary>
    public static void AppendEscaped(StringBuilder sb, string value)
    {
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    // Surrogates are escaped too: a lone one cannot be written as UTF-8, and pairs stay valid as two escapes.
                    if (c < 0x20 || c is '\u2028' or '\u2029' || char.IsSurrogate(c))
                        sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else
                        sb.Append(c);
                    break;
            }
        }
    }

    /// <summary>Returns <paramref name="value"/> as a quoted JSON string.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        AppendEscaped(sb, value);
        return sb.Append('"').ToString();
    }
}
