using System.Globalization;
using System.Text;
using Callytics.Runtime.Contract;

namespace Callytics.Compiler.Emit;

/// <summary>
/// The only way text from a flow reaches generated code: as escaped string literals, or as
/// sanitized comment text. Nothing from the JSON is ever spliced into code otherwise.
/// </summary>
public static class CSharp
{
    private static readonly HashSet<string> Keywords =
    [
        "abstract", "as", "base", "bool", "break", "byte", "case", "catch", "char", "checked", "class", "const", "continue",
        "decimal", "default", "delegate", "do", "double", "else", "enum", "event", "explicit", "extern", "false", "finally",
        "fixed", "float", "for", "foreach", "goto", "if", "implicit", "in", "int", "interface", "internal", "is", "lock",
        "long", "namespace", "new", "null", "object", "operator", "out", "override", "params", "private", "protected",
        "public", "readonly", "ref", "return", "sbyte", "sealed", "short", "sizeof", "stackalloc", "static", "string",
        "struct", "switch", "this", "throw", "true", "try", "typeof", "uint", "ulong", "unchecked", "unsafe", "ushort",
        "using", "virtual", "void", "volatile", "while",
    ];

    /// <summary>A C# string literal whose value is exactly <paramref name="value"/>.</summary>
    public static string Literal(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\0': sb.Append("\\0"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (MustEscape(c)) sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary>A literal or <c>null</c>.</summary>
    public static string LiteralOrNull(string? value) => value is null ? "null" : Literal(value);

    /// <summary>
    /// Text safe inside a <c>//</c> comment: line breaks, control and bidirectional-formatting
    /// characters become visible <c>\uXXXX</c>, so a label can neither end the comment nor disguise code.
    /// </summary>
    public static string Comment(string text, int maxLength = 100)
    {
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            if (MustEscape(c) || c is '\n' or '\r' or '\t') sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            else sb.Append(c);
            if (sb.Length >= maxLength) { sb.Append('…'); break; }
        }
        return sb.ToString();
    }

    /// <summary>A C# identifier made from a node id (ids allow '-', which C# does not).</summary>
    public static string Identifier(string name)
    {
        var sb = new StringBuilder(name.Length);
        foreach (var c in name) sb.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '_');
        if (sb.Length == 0 || char.IsAsciiDigit(sb[0])) sb.Insert(0, '_');
        var id = sb.ToString();
        return Keywords.Contains(id) ? "@" + id : id;
    }

    /// <summary>PascalCase from a flow id (<c>support-line</c> → <c>SupportLine</c>), for type names.</summary>
    public static string Pascal(string name)
    {
        var sb = new StringBuilder();
        var upper = true;
        foreach (var c in name)
        {
            if (!char.IsAsciiLetterOrDigit(c)) { upper = true; continue; }
            sb.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }
        if (sb.Length == 0 || char.IsAsciiDigit(sb[0])) sb.Insert(0, 'F');
        return sb.ToString();
    }

    /// <summary>An integer literal.</summary>
    public static string Int(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A boolean literal.</summary>
    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>The expression that builds a prompt.</summary>
    public static string Prompt(Prompt? prompt) => prompt switch
    {
        null => "null",
        { Kind: PromptKind.Audio } => $"Prompt.Audio({Literal(prompt.Value)})",
        { Kind: PromptKind.Sound } => $"Prompt.Sound({Literal(prompt.Value)})",
        _ => $"Prompt.Tts({Literal(prompt.Value)}, {LiteralOrNull(prompt.Voice)})",
    };

    /// <summary>A collection expression of string literals.</summary>
    public static string StringList(IEnumerable<string> values) => "[" + string.Join(", ", values.Select(Literal)) + "]";

    private static bool MustEscape(char c)
    {
        if (c < 0x20 || c is '\u0085') return true;
        return CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate
            or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }
}
