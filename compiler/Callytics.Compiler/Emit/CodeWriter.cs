using System.Text;

namespace Callytics.Compiler.Emit;

/// <summary>Writes C# with consistent indentation and LF line endings (so generated files compare byte for byte).</summary>
public sealed class CodeWriter
{
    private readonly StringBuilder _sb = new();
    private int _indent;

    /// <summary>Writes one line at the current indentation.</summary>
    public CodeWriter Line(string text = "")
    {
        if (text.Length > 0) _sb.Append(' ', _indent * 4).Append(text);
        _sb.Append('\n');
        return this;
    }

    /// <summary>Writes <c>{</c> and indents.</summary>
    public CodeWriter Open(string? header = null)
    {
        if (header is not null) Line(header);
        Line("{");
        _indent++;
        return this;
    }

    /// <summary>Outdents and writes <c>}</c> (with an optional suffix such as <c>;</c>).</summary>
    public CodeWriter Close(string suffix = "")
    {
        _indent--;
        return Line("}" + suffix);
    }

    /// <summary>Writes <c>[</c> and indents (a collection expression).</summary>
    public CodeWriter OpenArray()
    {
        Line("[");
        _indent++;
        return this;
    }

    /// <summary>Outdents and writes <c>]</c> with a suffix such as <c>;</c>.</summary>
    public CodeWriter CloseArray(string suffix)
    {
        _indent--;
        return Line("]" + suffix);
    }

    /// <summary>Runs <paramref name="body"/> one level deeper.</summary>
    public CodeWriter Indented(Action body)
    {
        _indent++;
        body();
        _indent--;
        return this;
    }

    /// <inheritdoc />
    public override string ToString() => _sb.ToString();
}
