using System.Text;

namespace Callytics.Compiler.Graphing;

/// <summary>
/// Writes a <see cref="FlowDiagram"/> as a Mermaid flowchart (renders in GitHub and GitLab
/// Markdown). Node ids become n0, n1, ... because Mermaid reserves some words (a node called
/// <c>end</c> breaks a chart); the real id is shown in the node.
/// </summary>
public static class MermaidWriter
{
    /// <summary>The class names used for styling.</summary>
    public static readonly IReadOnlyDictionary<DiagramNodeKind, string> Classes = new Dictionary<DiagramNodeKind, string>
    {
        [DiagramNodeKind.Start] = "start",
        [DiagramNodeKind.Step] = "step",
        [DiagramNodeKind.Terminal] = "terminal",
        [DiagramNodeKind.Webhook] = "webhook",
    };

    /// <summary>Returns the chart text.</summary>
    public static string Write(FlowDiagram diagram)
    {
        var ids = diagram.Nodes.Select((n, i) => (n.Id, Key: "n" + i)).ToDictionary(p => p.Id, p => p.Key, StringComparer.Ordinal);
        var sb = new StringBuilder();
        sb.Append("%% ").Append(Escape(diagram.Name)).Append(" (").Append(diagram.FlowId).Append(")\n");
        sb.Append("flowchart TD\n");
        foreach (var node in diagram.Nodes)
        {
            var (open, close) = Shape(node.Kind);
            sb.Append("    ").Append(ids[node.Id]).Append(open).Append('"')
                .Append(Escape(node.Title)).Append("<br/><small>").Append(Escape(node.Subtitle)).Append("</small>\"")
                .Append(close).Append('\n');
        }
        foreach (var edge in diagram.Edges)
        {
            sb.Append("    ").Append(ids[edge.Source]).Append(edge.Async ? " -.->|\"" : " -->|\"")
                .Append(Escape(edge.Text)).Append("\"| ").Append(ids[edge.Target]).Append('\n');
        }
        sb.Append("    classDef start fill:#e3f2e1,stroke:#2e7d32\n");
        sb.Append("    classDef step fill:#ffffff,stroke:#455a64\n");
        sb.Append("    classDef terminal fill:#fde2e2,stroke:#c0392b,stroke-width:2px\n");
        sb.Append("    classDef webhook fill:#eef1fb,stroke:#5c6bc0,stroke-dasharray:4 3\n");
        foreach (var group in diagram.Nodes.GroupBy(n => n.Kind).OrderBy(g => g.Key))
            sb.Append("    class ").Append(string.Join(",", group.Select(n => ids[n.Id]))).Append(' ').Append(Classes[group.Key]).Append('\n');
        return sb.ToString();
    }

    /// <summary>The bracket pair of a node shape: stadium for start, double-bordered for terminal, flag-like for webhooks.</summary>
    public static (string Open, string Close) Shape(DiagramNodeKind kind) => kind switch
    {
        DiagramNodeKind.Start => ("([", "])"),
        DiagramNodeKind.Terminal => ("[[", "]]"),
        DiagramNodeKind.Webhook => (">", "]"),
        _ => ("[", "]"),
    };

    /// <summary>Mermaid entity codes for the characters that would end or break a quoted label.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '"' => "#quot;",
                '<' => "#lt;",
                '>' => "#gt;",
                '#' => "#35;",
                '|' => "#124;",
                '\r' or '\n' or '\t' => " ",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }
}
