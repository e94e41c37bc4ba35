using System.Text;

namespace Callytics.Compiler.Graphing;

/// <summary>Writes a <see cref="FlowDiagram"/> in Graphviz DOT (<c>dot -Tsvg</c> renders it).</summary>
public static class DotWriter
{
    /// <summary>Returns the DOT text.</summary>
    public static string Write(FlowDiagram diagram)
    {
        var sb = new StringBuilder();
        sb.Append("digraph ").Append(Quote(diagram.FlowId)).Append(" {\n");
        sb.Append("    label=").Append(Quote(diagram.Name)).Append(";\n");
        sb.Append("    labelloc=t;\n    rankdir=TB;\n");
        sb.Append("    node [shape=box, style=\"rounded,filled\", fillcolor=\"#ffffff\", color=\"#455a64\", fontname=\"Helvetica\"];\n");
        sb.Append("    edge [fontname=\"Helvetica\", fontsize=10];\n");
        foreach (var node in diagram.Nodes)
        {
            sb.Append("    ").Append(Quote(node.Id)).Append(" [label=").Append(Quote(node.Title + "\n" + node.Subtitle))
                .Append(", ").Append(Style(node.Kind)).Append("];\n");
        }
        foreach (var edge in diagram.Edges)
        {
            sb.Append("    ").Append(Quote(edge.Source)).Append(" -> ").Append(Quote(edge.Target))
                .Append(" [label=").Append(Quote(edge.Text)).Append(edge.Async ? ", style=dashed, color=\"#5c6bc0\"" : "").Append("];\n");
        }
        sb.Append("}\n");
        return sb.ToString();
    }

    /// <summary>The attributes of a node kind (the same colours as the Mermaid classes).</summary>
    public static string Style(DiagramNodeKind kind) => kind switch
    {
        DiagramNodeKind.Start => "shape=oval, fillcolor=\"#e3f2e1\", color=\"#2e7d32\"",
        DiagramNodeKind.Terminal => "peripheries=2, fillcolor=\"#fde2e2\", color=\"#c0392b\"",
        DiagramNodeKind.Webhook => "shape=note, style=\"filled,dashed\", fillcolor=\"#eef1fb\", color=\"#5c6bc0\"",
        _ => "shape=box",
    };

    /// <summary>A DOT quoted string: quotes and backslashes escaped, line breaks as <c>\n</c>.</summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': break;
                default: sb.Append(c); break;
            }
        }
        return sb.Append('"').ToString();
    }
}
