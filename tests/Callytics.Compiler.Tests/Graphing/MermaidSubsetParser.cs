using System.Net;
using System.Text.RegularExpressions;

namespace Callytics.Compiler.Tests.Graphing;

/// <summary>A node as Mermaid reads it.</summary>
internal sealed record MermaidNode(string Key, string Shape, string Label);

/// <summary>An edge as Mermaid reads it.</summary>
internal sealed record MermaidEdge(string From, string To, bool Dashed, string Label);

/// <summary>A parsed chart.</summary>
internal sealed record MermaidChart(IReadOnlyDictionary<string, MermaidNode> Nodes, IReadOnlyList<MermaidEdge> Edges, IReadOnlyDictionary<string, string> ClassOf);

/// <summary>
/// A strict parser of the Mermaid flowchart subset callyc emits, following Mermaid's grammar for
/// it: a <c>flowchart TD</c> header, node statements with quoted labels in one of four shapes,
/// <c>--&gt;</c> and <c>-.-&gt;</c> edges with quoted labels, <c>classDef</c> and <c>class</c>.
/// Anything else, an undefined node, an unbalanced shape, a raw quote in a label or an unknown
/// entity code is a <see cref="FormatException"/> naming the line: Mermaid would reject or misdraw it.
/// </summary>
internal static partial class MermaidSubsetParser
{
    private const string Id = "[A-Za-z][A-Za-z0-9_]*";
    private static readonly string[] Reserved = ["end", "graph", "flowchart", "subgraph", "class", "classDef", "click", "style", "linkStyle"];
    private static readonly Dictionary<string, string> Shapes = new() { ["(["] = "])", ["[["] = "]]", ["["] = "]", [">"] = "]" };

    [GeneratedRegex($"""^(?<id>{Id})(?<open>\(\[|\[\[|\[|>)"(?<label>[^"]*)"(?<close>\]\)|\]\]|\])$""")]
    private static partial Regex NodeStatement();

    [GeneratedRegex($"""^(?<from>{Id}) (?<arrow>-->|-\.->)\|"(?<label>[^"]*)"\| (?<to>{Id})$""")]
    private static partial Regex EdgeStatement();

    [GeneratedRegex($"""^classDef (?<name>{Id}) (?<styles>[a-z-]+:[^,;\s][^,;]*(,[a-z-]+:[^,;\s][^,;]*)*)$""")]
    private static partial Regex ClassDefStatement();

    [GeneratedRegex($"""^class (?<ids>{Id}(,{Id})*) (?<name>{Id})$""")]
    private static partial Regex ClassStatement();

    [GeneratedRegex("#(?<code>[a-z]+|[0-9]+);")]
    private static partial Regex Entity();

    public static MermaidChart Parse(string text)
    {
        var nodes = new Dictionary<string, MermaidNode>(StringComparer.Ordinal);
        var edges = new List<MermaidEdge>();
        var classDefs = new HashSet<string>(StringComparer.Ordinal);
        var classOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var pendingClasses = new List<(int Line, string[] Ids, string Name)>();
        var headerSeen = false;
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var at = i + 1;
            if (line.Length == 0 || line.StartsWith("%%", StringComparison.Ordinal)) continue;
            if (!headerSeen)
            {
                if (line != "flowchart TD") throw new FormatException($"line {at}: expected 'flowchart TD', got '{line}'");
                headerSeen = true;
                continue;
            }
            if (NodeStatement().Match(line) is { Success: true } node)
            {
                var key = node.Groups["id"].Value;
                if (Reserved.Contains(key, StringComparer.OrdinalIgnoreCase)) throw new FormatException($"line {at}: '{key}' is a Mermaid keyword");
                if (Shapes[node.Groups["open"].Value] != node.Groups["close"].Value) throw new FormatException($"line {at}: shape '{node.Groups["open"].Value}' closed by '{node.Groups["close"].Value}'");
                if (!nodes.TryAdd(key, new MermaidNode(key, node.Groups["open"].Value, Decode(node.Groups["label"].Value, at))))
                    throw new FormatException($"line {at}: node '{key}' defined twice");
            }
            else if (EdgeStatement().Match(line) is { Success: true } edge)
            {
                foreach (var end in new[] { edge.Groups["from"].Value, edge.Groups["to"].Value })
                    if (!nodes.ContainsKey(end)) throw new FormatException($"line {at}: edge names undefined node '{end}'");
                edges.Add(new MermaidEdge(edge.Groups["from"].Value, edge.Groups["to"].Value, edge.Groups["arrow"].Value == "-.->", Decode(edge.Groups["label"].Value, at)));
            }
            else if (ClassDefStatement().Match(line) is { Success: true } classDef)
            {
                classDefs.Add(classDef.Groups["name"].Value);
            }
            else if (ClassStatement().Match(line) is { Success: true } cls)
            {
                pendingClasses.Add((at, cls.Groups["ids"].Value.Split(','), cls.Groups["name"].Value));
            }
            else
            {
                throw new FormatException($"line {at}: not a statement of the flowchart subset: '{line}'");
            }
        }
        if (!headerSeen) throw new FormatException("no 'flowchart TD' header");
        foreach (var (at, ids, name) in pendingClasses)
        {
            if (!classDefs.Contains(name)) throw new FormatException($"line {at}: class '{name}' has no classDef");
            foreach (var id in ids)
            {
                if (!nodes.ContainsKey(id)) throw new FormatException($"line {at}: class names undefined node '{id}'");
                if (!classOf.TryAdd(id, name)) throw new FormatException($"line {at}: node '{id}' is given two classes");
            }
        }
        return new MermaidChart(nodes, edges, classOf);
    }

    /// <summary>Decodes Mermaid entity codes (#quot; #35; ...) and the &lt;br/&gt; and &lt;small&gt; markup callyc uses.</summary>
    private static string Decode(string label, int line)
    {
        var markupFree = label.Replace("<br/>", "\n").Replace("<small>", "").Replace("</small>", "");
        if (markupFree.IndexOfAny(['<', '>']) >= 0) throw new FormatException($"line {line}: raw '<' or '>' in a label");
        var withoutEntities = Entity().Replace(label, "");
        if (withoutEntities.Contains('#')) throw new FormatException($"line {line}: '#' that starts no entity code");
        var decoded = Entity().Replace(label, m =>
        {
            var code = m.Groups["code"].Value;
            return char.IsAsciiDigit(code[0]) ? ((char)int.Parse(code, System.Globalization.CultureInfo.InvariantCulture)).ToString()
                : WebUtility.HtmlDecode($"&{code};") is { } named && named != $"&{code};" ? named
                : throw new FormatException($"line {line}: unknown entity '#{code};'");
        });
        return decoded.Replace("<br/>", "\n").Replace("<small>", "").Replace("</small>", "");
    }
}
