namespace Callytics.Compiler.Diagnostics;

/// <summary>How bad a finding is. Errors stop a build; warnings stop it only with --warnaserror.</summary>
public enum DiagnosticSeverity
{
    /// <summary>Worth knowing; never fails anything.</summary>
    Info,
    /// <summary>Probably a mistake; the flow still builds.</summary>
    Warning,
    /// <summary>The flow cannot be built.</summary>
    Error,
}

/// <summary>Which stage of the pipeline reports a diagnostic; also the id's thousands digit.</summary>
public enum DiagnosticStage
{
    /// <summary>CFL0xxx: reading the bytes and the JSON.</summary>
    Input = 0,
    /// <summary>CFL1xxx: the document against the schema (types, ranges, formats).</summary>
    Schema = 1,
    /// <summary>CFL2xxx: the graph (start, edges, handles).</summary>
    Graph = 2,
    /// <summary>CFL3xxx: analysis (reachability, loops, variables).</summary>
    Analysis = 3,
    /// <summary>CFL4xxx: references to other flows and to the catalog.</summary>
    References = 4,
    /// <summary>CFL5xxx: code generation and compilation.</summary>
    Emit = 5,
    /// <summary>CFL6xxx: importing from other products.</summary>
    Import = 6,
}

/// <summary>
/// The fixed description of one kind of finding, as in Roslyn: a stable id that is never reused,
/// a severity, a message format, and help text. docs/diagnostics.md documents each id.
/// </summary>
/// <param name="Id">The stable id, <c>CFL</c> and four digits.</param>
/// <param name="Title">A short name for the finding.</param>
/// <param name="MessageFormat">A <see cref="string.Format(string, object?[])"/> format for the message.</param>
/// <param name="Severity">The default severity.</param>
/// <param name="Help">How to fix it.</param>
public sealed record DiagnosticDescriptor(string Id, string Title, string MessageFormat, DiagnosticSeverity Severity, string Help)
{
    /// <summary>The pipeline stage, from the id's first digit.</summary>
    public DiagnosticStage Stage => (DiagnosticStage)(Id[3] - '0');

    /// <summary>Where the id is documented.</summary>
    public string HelpUri => $"docs/diagnostics.md#{Id.ToLowerInvariant()}";
}
