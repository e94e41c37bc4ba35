using System.Text;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Tests.Support;

/// <summary>
/// Roslyn-style test markup: <c>{|CFL2008:text|}</c> marks where a diagnostic is expected to start
/// (the markers are removed before checking). <c>{|CFL2008:|}</c> marks a bare position.
/// </summary>
public static class Markup
{
    /// <summary>Strips the markers; returns the plain text and the diagnostics they expect.</summary>
    public static (string Text, IReadOnlyList<Expected> Expected) Parse(string markup)
    {
        var text = new StringBuilder(markup.Length);
        var marks = new List<(string Id, int Offset)>();
        var open = 0;
        for (var i = 0; i < markup.Length; i++)
        {
            if (markup[i] == '{' && i + 1 < markup.Length && markup[i + 1] == '|')
            {
                var colon = markup.IndexOf(':', i + 2);
                if (colon < 0) throw new FormatException($"Marker at {i} has no ':'");
                marks.Add((markup[(i + 2)..colon], text.Length));
                open++;
                i = colon;
            }
            else if (markup[i] == '|' && i + 1 < markup.Length && markup[i + 1] == '}' && open > 0)
            {
                open--;
                i++;
            }
            else
            {
                text.Append(markup[i]);
            }
        }
        if (open != 0) throw new FormatException("Unclosed {| marker");
        var plain = text.ToString();
        var source = new SourceText("markup", plain);
        var expected = marks.Select(m =>
        {
            var (line, column) = source.GetLineColumn(m.Offset);
            return new Expected(m.Id, line, column);
        }).ToList();
        return (plain, expected);
    }
}

/// <summary>An expected diagnostic: id and 1-based position.</summary>
public readonly record struct Expected(string Id, int Line, int Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{Id}({Line},{Column})";
}
