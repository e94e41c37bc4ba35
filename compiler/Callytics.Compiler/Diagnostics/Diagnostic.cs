namespace Callytics.Compiler.Diagnostics;

/// <summary>One finding, located in a file.</summary>
/// <param name="Descriptor">What kind of finding this is.</param>
/// <param name="Severity">The effective severity (the descriptor's, unless raised by --warnaserror).</param>
/// <param name="Message">The formatted message.</param>
/// <param name="Path">The file.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column in UTF-16 code units.</param>
/// <param name="Pointer">The JSON pointer of the value the finding is about ("" for the whole document).</param>
/// <param name="NodeId">The flow node concerned, if any.</param>
public sealed record Diagnostic(
    DiagnosticDescriptor Descriptor,
    DiagnosticSeverity Severity,
    string Message,
    string Path,
    int Line,
    int Column,
    string Pointer,
    string? NodeId)
{
    /// <summary>The stable id.</summary>
    public string Id => Descriptor.Id;

    /// <summary>True for errors.</summary>
    public bool IsError => Severity == DiagnosticSeverity.Error;

    /// <summary>The MSBuild canonical form: <c>path(line,col): error CFL2008: message</c>.</summary>
    public override string ToString() =>
        $"{Path}({Line},{Column}): {SeverityText(Severity)} {Id}: {Message}";

    /// <summary>The word MSBuild uses for a severity.</summary>
    public static string SeverityText(DiagnosticSeverity severity) => severity switch
    {
        DiagnosticSeverity.Error => "error",
        DiagnosticSeverity.Warning => "warning",
        _ => "info",
    };
}
