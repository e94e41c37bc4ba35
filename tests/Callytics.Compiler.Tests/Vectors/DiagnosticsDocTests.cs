using System.Text.RegularExpressions;
using Callytics.Compiler.Diagnostics;
using Callytics.TestSupport;

namespace Callytics.Compiler.Tests.Vectors;

/// <summary>docs/diagnostics.md documents every diagnostic id, where it points, and nothing that does not exist.</summary>
public sealed class DiagnosticsDocTests
{
    private static readonly Lazy<Dictionary<string, string>> Sections = new(() =>
    {
        var text = File.ReadAllText(RepoPaths.Combine("docs", "diagnostics.md"));
        var headings = Regex.Matches(text, @"^### (CFL\d{4})\s*$", RegexOptions.Multiline);
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < headings.Count; i++)
        {
            var end = i + 1 < headings.Count ? headings[i + 1].Index : text.Length;
            Assert.True(sections.TryAdd(headings[i].Groups[1].Value, text[headings[i].Index..end]), $"{headings[i].Groups[1].Value} has two sections");
        }
        return sections;
    });

    public static TheoryData<string> Ids() => [.. DiagnosticDescriptors.All.Select(d => d.Id)];

    [Theory]
    [MemberData(nameof(Ids))]
    public void Every_id_has_a_section_with_severity_position_example_and_fix(string id)
    {
        Assert.True(Sections.Value.TryGetValue(id, out var section), $"docs/diagnostics.md has no '### {id}' section");
        var descriptor = DiagnosticDescriptors.All.Single(d => d.Id == id);
        Assert.Contains("severity: " + Diagnostic.SeverityText(descriptor.Severity), section);
        Assert.Contains("Points at: ", section);
        Assert.Contains("Example:", section);
        Assert.Contains("Fix: ", section);
    }

    [Fact]
    public void Every_section_names_an_existing_id()
    {
        var known = DiagnosticDescriptors.All.Select(d => d.Id).ToHashSet(StringComparer.Ordinal);
        var unknown = Sections.Value.Keys.Where(id => !known.Contains(id)).ToArray();
        Assert.True(unknown.Length == 0, "sections for unknown ids: " + string.Join(", ", unknown));
    }
}
