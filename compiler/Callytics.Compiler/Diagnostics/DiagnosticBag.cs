using System.Globalization;
using Callytics.Compiler.Syntax;

namespace Callytics.Compiler.Diagnostics;

/// <summary>
/// Collects the findings of every stage for one file. Each kind of finding has its own named
/// <c>ReportX</c> method, so call sites read as sentences and message arguments stay consistent.
/// The Report methods are spread over partial files, one per stage.
/// </summary>
public sealed partial class DiagnosticBag
{
    private readonly List<Diagnostic> _diagnostics = [];

    /// <summary>Creates a bag for findings in <paramref name="source"/>.</summary>
    public DiagnosticBag(SourceText source) => Source = source;

    /// <summary>The file the findings are in.</summary>
    public SourceText Source { get; }

    /// <summary>The findings so far, in the order reported.</summary>
    public IReadOnlyList<Diagnostic> Diagnostics => _diagnostics;

    /// <summary>True when an error was reported.</summary>
    public bool HasErrors => _diagnostics.Any(d => d.IsError);

    /// <summary>Reports a finding at a character offset.</summary>
    public void Report(DiagnosticDescriptor descriptor, int offset, string pointer, string? nodeId, params object?[] args)
    {
        var (line, column) = Source.GetLineColumn(offset);
        var message = string.Format(CultureInfo.InvariantCulture, descriptor.MessageFormat, args);
        _diagnostics.Add(new Diagnostic(descriptor, descriptor.Severity, message, Source.Path, line, column, pointer, nodeId));
    }

    /// <summary>Reports a finding about a JSON value: at the value itself.</summary>
    public void Report(DiagnosticDescriptor descriptor, JsonNode at, string? nodeId, params object?[] args) =>
        Report(descriptor, at.Start, at.Pointer, nodeId, args);

    /// <summary>Reports a finding about a property: at its key (where a reader looks for the property).</summary>
    public void ReportAtKey(DiagnosticDescriptor descriptor, JsonNode property, string? nodeId, params object?[] args) =>
        Report(descriptor, property.KeyStart >= 0 ? property.KeyStart : property.Start, property.Pointer, nodeId, args);

    /// <summary>Adds findings made elsewhere (for example by a cross-flow check).</summary>
    public void AddRange(IEnumerable<Diagnostic> diagnostics) => _diagnostics.AddRange(diagnostics);

    /// <summary>The findings sorted by position, then id: the order every output uses.</summary>
    public IReadOnlyList<Diagnostic> Sorted() => Sort(_diagnostics);

    /// <summary>Sorts findings by path, line, column, then id.</summary>
    public static IReadOnlyList<Diagnostic> Sort(IEnumerable<Diagnostic> diagnostics) => diagnostics
        .OrderBy(d => d.Path, StringComparer.Ordinal)
        .ThenBy(d => d.Line).ThenBy(d => d.Column)
        .ThenBy(d => d.Id, StringComparer.Ordinal)
        .ThenBy(d => d.Message, StringComparer.Ordinal)
        .ToArray();
}
