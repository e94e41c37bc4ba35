using Callytics.Compiler.Binding;
using Callytics.Compiler.Diagnostics;
using Callytics.Compiler.Validation;

namespace Callytics.Compiler.Checking;

/// <summary>One file after checking: what was understood of it and what was found.</summary>
/// <param name="Path">The file.</param>
/// <param name="Flow">The bound flow, or null when the file could not be read as a flow.</param>
/// <param name="Graph">The validated graph, or null with <paramref name="Flow"/>.</param>
/// <param name="Diagnostics">Every finding for this file.</param>
public sealed record CheckedFlow(string Path, BoundFlow? Flow, FlowGraph? Graph, DiagnosticBag Diagnostics)
{
    /// <summary>True when there is no error (warnings allowed).</summary>
    public bool Succeeded => Flow is not null && !Diagnostics.HasErrors;
}
