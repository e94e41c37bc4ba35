using Callytics.Compiler.Catalogs;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Diagnostics;
using Callytics.TestSupport;

namespace Callytics.Compiler.Tests.Vectors;

/// <summary>
/// The shared test vectors in tests/vectors (their format is described in tests/vectors/README.md):
/// finding them, checking them the way every tool must, and printing findings in the .expected form.
/// </summary>
internal static class VectorSet
{
    public const string FlowPattern = "*.flow.json";
    public const string ExpectedExtension = ".expected";
    public const string CatalogFile = "catalog.json";

    /// <summary>Vector names relative to tests/vectors, e.g. <c>valid/minimal.flow.json</c> or <c>invalid/cfl4001-flow-not-found</c>.</summary>
    public static IEnumerable<string> Names(string kind)
    {
        var root = Path.Combine(RepoPaths.Vectors, kind);
        var files = Directory.EnumerateFiles(root, FlowPattern, SearchOption.TopDirectoryOnly);
        var folders = Directory.EnumerateDirectories(root);
        return files.Concat(folders)
            .Select(p => kind + "/" + Path.GetFileName(p))
            .OrderBy(n => n, StringComparer.Ordinal);
    }

    /// <summary>The full path of a vector.</summary>
    public static string PathOf(string name) => Path.Combine(RepoPaths.Vectors, name);

    /// <summary>True when the vector is a folder of flows checked together.</summary>
    public static bool IsSet(string name) => Directory.Exists(PathOf(name));

    /// <summary>The .expected file beside a vector: <c>x.flow.json</c> → <c>x.expected</c>, folder <c>x</c> → <c>x.expected</c>.</summary>
    public static string ExpectedPathOf(string name)
    {
        var path = PathOf(name);
        var stem = IsSet(name) ? path : path[..^".flow.json".Length];
        return stem + ExpectedExtension;
    }

    /// <summary>The expected lines, blank lines ignored.</summary>
    public static IReadOnlyList<string> ReadExpected(string name) =>
        File.ReadAllLines(ExpectedPathOf(name)).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();

    /// <summary>
    /// Checks a vector: a file on its own, or a folder's flows together, against the folder's own
    /// catalog.json when it has one, else tests/vectors/catalog.json. Returns every finding, in
    /// .expected form, sorted by file, line, column and id.
    /// </summary>
    public static IReadOnlyList<string> Check(string name)
    {
        var set = IsSet(name);
        return Run(name)
            .Select(d => (File: set ? Path.GetFileName(d.Path) : "", d.Line, d.Column, d.Id))
            .OrderBy(d => d.File, StringComparer.Ordinal).ThenBy(d => d.Line).ThenBy(d => d.Column).ThenBy(d => d.Id, StringComparer.Ordinal)
            .Select(d => (set ? d.File + " " : "") + $"{d.Id} {d.Line}:{d.Column}")
            .ToArray();
    }

    /// <summary>Every finding of a vector with its message, for failure output.</summary>
    public static string Describe(string name) => string.Join(Environment.NewLine, DiagnosticBag.Sort(Run(name)));

    private static IReadOnlyList<Diagnostic> Run(string name)
    {
        var path = PathOf(name);
        var set = IsSet(name);
        var ownCatalog = set ? Path.Combine(path, CatalogFile) : null;
        var catalogPath = ownCatalog is not null && File.Exists(ownCatalog) ? ownCatalog : Path.Combine(RepoPaths.Vectors, CatalogFile);
        var (catalog, catalogBag) = CatalogLoader.Load(catalogPath);
        var files = set
            ? Directory.EnumerateFiles(path, FlowPattern).OrderBy(f => f, StringComparer.Ordinal).ToArray()
            : [path];
        var results = FlowChecker.CheckFiles(files, catalog);
        return [.. results.SelectMany(r => r.Diagnostics.Diagnostics), .. catalogBag.Diagnostics];
    }
}
