namespace Callytics.Compiler.Graphing;

/// <summary>The diagram formats of <c>callyc graph</c>.</summary>
public enum DiagramFormat
{
    /// <summary>A Mermaid flowchart, for Markdown.</summary>
    Mermaid,
    /// <summary>Graphviz DOT.</summary>
    Dot,
}

/// <summary>Writes a diagram in a chosen format.</summary>
public static class DiagramWriter
{
    /// <summary>The diagram text.</summary>
    public static string Write(FlowDiagram diagram, DiagramFormat format) => format switch
    {
        DiagramFormat.Dot => DotWriter.Write(diagram),
        _ => MermaidWriter.Write(diagram),
    };
}
