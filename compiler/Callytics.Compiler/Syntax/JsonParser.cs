using System.Globalization;
using System.Text;
using Callytics.Compiler.Diagnostics;

namespace Callytics.Compiler.Syntax;

/// <summary>A strict recursive-descent JSON parser that records positions. Depth is bounded, so recursion is safe.</summary>
internal sealed class JsonParser(string text, DiagnosticBag diagnostics, LoadLimits limits)
{
    private int _pos;

    /// <summary>Thrown to abandon parsing after the (single) syntax error has been reported.</summary>
    private sealed class StopParsing : Exception;

    public JsonNode? ParseDocument()
    {
        try
        {
            SkipWhitespace();
            if (_pos >= text.Length)
            {
                Fail(_pos, null, "the file is empty; expected a JSON object");
            }
            var root = ParseValue(depth: 1, parent: null);
            SkipWhitespace();
            if (_pos < text.Length) Fail(_pos, root, $"unexpected {Describe(_pos)} after the end of the document");
            return root;
        }
        catch (StopParsing)
        {
            return null;
        }
    }

    private JsonNode ParseValue(int depth, JsonNode? parent)
    {
        if (_pos >= text.Length) Fail(_pos, parent, "unexpected end of file; expected a value");
        var c = text[_pos];
        switch (c)
        {
            case '{':
                CheckDepth(depth, parent);
                return ParseObject(depth, parent);
            case '[':
                CheckDepth(depth, parent);
                return ParseArray(depth, parent);
            case '"':
                return ParseString(parent);
            case 't':
                return ParseLiteral("true", () => new JsonBoolean(_pos, true), parent);
            case 'f':
                return ParseLiteral("false", () => new JsonBoolean(_pos, false), parent);
            case 'n':
                return ParseLiteral("null", () => new JsonNull(_pos), parent);
            default:
                if (c == '-' || (c >= '0' && c <= '9')) return ParseNumber(parent);
                Fail(_pos, parent, $"unexpected {Describe(_pos)}; expected a value");
                return null!;
        }
    }

    private void CheckDepth(int depth, JsonNode? parent)
    {
        if (depth > limits.MaxDepth)
        {
            diagnostics.ReportNestingTooDeep(_pos, parent?.Pointer ?? "", limits.MaxDepth);
            throw new StopParsing();
        }
    }

    private JsonObject ParseObject(int depth, JsonNode? parent)
    {
        var obj = new JsonObject(_pos) { Parent = parent };
        _pos++; // {
        SkipWhitespace();
        if (Peek() == '}')
        {
            _pos++;
            return obj;
        }
        while (true)
        {
            SkipWhitespace();
            if (Peek() != '"') Fail(_pos, obj, $"unexpected {Describe(_pos)}; expected a property name in double quotes");
            var keyStart = _pos;
            var key = ParseString(obj).Value;
            SkipWhitespace();
            if (Peek() != ':') Fail(_pos, obj, $"unexpected {Describe(_pos)}; expected ':' after property name \"{Shorten(key)}\"");
            _pos++;
            SkipWhitespace();
            var value = ParseValue(depth + 1, obj);
            if (!obj.TryAdd(key, keyStart, value))
                diagnostics.ReportDuplicateKey(keyStart, obj.Pointer + "/" + key.Replace("~", "~0").Replace("/", "~1"), key);
            SkipWhitespace();
            var next = Peek();
            if (next == ',')
            {
                _pos++;
                continue;
            }
            if (next == '}')
            {
                _pos++;
                return obj;
            }
            Fail(_pos, obj, $"unexpected {Describe(_pos)}; expected ',' or '}}'");
        }
    }

    private JsonArray ParseArray(int depth, JsonNode? parent)
    {
        var array = new JsonArray(_pos) { Parent = parent };
        _pos++; // [
        SkipWhitespace();
        if (Peek() == ']')
        {
            _pos++;
            return array;
        }
        while (true)
        {
            SkipWhitespace();
            array.Add(ParseValue(depth + 1, array));
            SkipWhitespace();
            var next = Peek();
            if (next == ',')
            {
                _pos++;
                continue;
            }
            if (next == ']')
            {
                _pos++;
                return array;
            }
            Fail(_pos, array, $"unexpected {Describe(_pos)}; expected ',' or ']'");
        }
    }

    private JsonString ParseString(JsonNode? parent)
    {
        var start = _pos;
        _pos++; // opening quote
        StringBuilder? sb = null;
        var runStart = _pos;
        while (true)
        {
            if (_pos >= text.Length) Fail(start, parent, "unterminated string");
            var c = text[_pos];
            if (c == '"') break;
            if (c < 0x20) Fail(_pos, parent, $"control character U+{(int)c:X4} in a string; write it as an escape (\\n, \\t, \\u{(int)c:X4})");
            if (c == '\\')
            {
                sb ??= new StringBuilder();
                sb.Append(text, runStart, _pos - runStart);
                _pos++;
                if (_pos >= text.Length) Fail(start, parent, "unterminated string");
                var e = text[_pos];
                switch (e)
                {
                    case '"': sb.Append('"'); break;
                    case '\\': sb.Append('\\'); break;
                    case '/': sb.Append('/'); break;
                    case 'b': sb.Append('\b'); break;
                    case 'f': sb.Append('\f'); break;
                    case 'n': sb.Append('\n'); break;
                    case 'r': sb.Append('\r'); break;
                    case 't': sb.Append('\t'); break;
                    case 'u':
                        if (_pos + 4 >= text.Length
                            || !ushort.TryParse(text.AsSpan(_pos + 1, 4), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
                        {
                            Fail(_pos - 1, parent, "invalid \\u escape; expected four hex digits");
                            return null!;
                        }
                        sb.Append((char)code);
                        _pos += 4;
                        break;
                    default:
                        Fail(_pos - 1, parent, $"invalid escape '\\{e}'");
                        break;
                }
                _pos++;
                runStart = _pos;
                continue;
            }
            _pos++;
        }
        string value;
        if (sb is null)
        {
            value = text.Substring(runStart, _pos - runStart);
        }
        else
        {
            sb.Append(text, runStart, _pos - runStart);
            value = sb.ToString();
        }
        _pos++; // closing quote
        var node = new JsonString(start, value) { Parent = parent };
        if (value.Length > limits.MaxStringLength)
            diagnostics.ReportStringTooLong(start, parent?.Pointer ?? "", value.Length, limits.MaxStringLength);
        return node;
    }

    private JsonNumber ParseNumber(JsonNode? parent)
    {
        var start = _pos;
        if (Peek() == '-') _pos++;
        if (Peek() == '0')
        {
            _pos++;
        }
        else if (IsDigit(Peek()))
        {
            while (IsDigit(Peek())) _pos++;
        }
        else
        {
            Fail(start, parent, "invalid number; expected a digit after '-'");
        }
        if (Peek() == '.')
        {
            _pos++;
            if (!IsDigit(Peek())) Fail(_pos, parent, "invalid number; expected a digit after '.'");
            while (IsDigit(Peek())) _pos++;
        }
        if (Peek() is 'e' or 'E')
        {
            _pos++;
            if (Peek() is '+' or '-') _pos++;
            if (!IsDigit(Peek())) Fail(_pos, parent, "invalid number; expected a digit in the exponent");
            while (IsDigit(Peek())) _pos++;
        }
        if (IsDigit(Peek()) && text[start] is '0' or '-')
            Fail(start, parent, "invalid number; leading zeros are not allowed");
        return new JsonNumber(start, text[start.._pos]) { Parent = parent };
    }

    private JsonNode ParseLiteral(string literal, Func<JsonNode> make, JsonNode? parent)
    {
        if (string.CompareOrdinal(text, _pos, literal, 0, literal.Length) != 0)
            Fail(_pos, parent, $"unexpected {Describe(_pos)}; expected a value");
        var node = make();
        node.Parent = parent;
        _pos += literal.Length;
        return node;
    }

    private void SkipWhitespace()
    {
        while (_pos < text.Length && text[_pos] is ' ' or '\t' or '\n' or '\r') _pos++;
    }

    private char Peek() => _pos < text.Length ? text[_pos] : '\0';

    private static bool IsDigit(char c) => c is >= '0' and <= '9';

    private string Describe(int pos)
    {
        if (pos >= text.Length) return "end of file";
        var c = text[pos];
        if (char.IsLetter(c))
        {
            var end = pos;
            while (end < text.Length && end - pos < 20 && char.IsLetterOrDigit(text[end])) end++;
            return $"'{text[pos..end]}'";
        }
        return c < 0x20 || c == 0x7f ? $"character U+{(int)c:X4}" : $"'{c}'";
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";

    private void Fail(int offset, JsonNode? near, string message)
    {
        diagnostics.ReportInvalidJson(offset, near?.Pointer ?? "", message);
        throw new StopParsing();
    }
}
