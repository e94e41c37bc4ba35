using Callytics.Compiler.Checking;
using Callytics.Compiler.Diagnostics;
using Callytics.Runtime.Catalog;

namespace Callytics.Compiler.Tests.Support;

/// <summary>
/// Checks flows written inline and compares every diagnostic (id, line, column) with what the
/// markup and the explicit list expect. Nothing unexpected may appear: an extra warning fails.
/// </summary>
public static class Verify
{
    /// <summary>An expected diagnostic at an explicit position.</summary>
    public static Expected Expect(string id, int line, int column) => new(id, line, column);

    /// <summary>Checks one flow given as markup; returns the result for further assertions.</summary>
    public static CheckedFlow Flow(string markup, params Expected[] more) => Flow(markup, catalog: null, more);

    /// <summary>Checks one flow against a catalog.</summary>
    public static CheckedFlow Flow(string markup, FlowCatalog? catalog, params Expected[] more)
    {
        var (text, expected) = Markup.Parse(markup);
        var result = FlowChecker.CheckText("test.flow.json", text, catalog);
        AssertDiagnostics(expected.Concat(more), result.Diagnostics.Diagnostics, text);
        return result;
    }

    /// <summary>Checks that a flow has no diagnostic at all (not even info).</summary>
    public static CheckedFlow Clean(string json) => Flow(json);

    /// <summary>Checks several flows together (written to a temp folder); each is compared on its own.</summary>
    public static IReadOnlyList<CheckedFlow> Flows(FlowCatalog? catalog, params (string Name, string Markup)[] files)
    {
        using var dir = new TempDir();
        var parsed = files.Select(f => (Path: dir.Write(f.Name, Markup.Parse(f.Markup).Text), Expected: Markup.Parse(f.Markup).Expected)).ToList();
        var results = FlowChecker.CheckFiles(parsed.Select(p => p.Path).ToList(), catalog);
        for (var i = 0; i < parsed.Count; i++)
            AssertDiagnostics(parsed[i].Expected, results[i].Diagnostics.Diagnostics, files[i].Name);
        return results;
    }

    /// <summary>Asserts that the diagnostics are exactly the expected ones (order does not matter).</summary>
    public static void AssertDiagnostics(IEnumerable<Expected> expected, IEnumerable<Diagnostic> actual, string context)
    {
        var want = expected.OrderBy(e => e.Line).ThenBy(e => e.Column).ThenBy(e => e.Id, StringComparer.Ordinal).ToList();
        var sorted = DiagnosticBag.Sort(actual);
        var got = sorted.Select(d => new Expected(d.Id, d.Line, d.Column)).ToList();
        if (want.SequenceEqual(got)) return;
        Assert.Fail(
            "Diagnostics differ.\n  expected: " + string.Join(", ", want) +
            "\n  actual:   " + (sorted.Count == 0 ? "(none)" : string.Join("\n            ", sorted.Select(d => $"{d.Id}({d.Line},{d.Column}) {d.Message} [{d.Pointer}]"))) +
            "\n  in: " + context);
    }
}

/// <summary>A temporary folder deleted on dispose.</summary>
public sealed class TempDir : IDisposable
{
    /// <summary>The folder.</summary>
    public string Path { get; } = Directory.CreateTempSubdirectory("callytics-tests-").FullName;

    /// <summary>Writes a text file (UTF-8 without BOM) and returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllText(path, text, new System.Text.UTF8Encoding(false));
        return path;
    }

    /// <summary>Writes bytes and returns the path.</summary>
    public string WriteBytes(string name, byte[] bytes)
    {
        var path = System.IO.Path.Combine(Path, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); } catch (IOException) { /* best effort */ }
    }
}
