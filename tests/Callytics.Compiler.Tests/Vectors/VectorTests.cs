using System.Text.RegularExpressions;
using Callytics.Compiler.Diagnostics;

namespace Callytics.Compiler.Tests.Vectors;

/// <summary>
/// Holds the checker to the shared vectors in tests/vectors: valid flows check clean, invalid ones
/// produce exactly the findings their .expected file lists (id and position, warnings and infos included).
/// </summary>
public sealed class VectorTests
{
    /// <summary>Ids that no vector file can show, with the reason (also in tests/vectors/README.md).</summary>
    private static readonly Dictionary<string, string> NotInVectors = new()
    {
        ["CFL0005"] = "file too large: needs a 16 MB file; the hostile-input tests cover it",
        ["CFL0008"] = "file unreadable: a vector is a readable file by definition; the hostile-input tests cover it",
    };

    public static TheoryData<string> Valid() => [.. VectorSet.Names("valid")];

    public static TheoryData<string> Invalid() => [.. VectorSet.Names("invalid")];

    [Theory]
    [MemberData(nameof(Valid))]
    public void Valid_vector_checks_without_any_finding(string name)
    {
        var found = VectorSet.Check(name);
        Assert.True(found.Count == 0, $"{name} should check clean but got:{Environment.NewLine}{VectorSet.Describe(name)}");
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Invalid_vector_produces_exactly_the_expected_findings(string name)
    {
        Assert.True(File.Exists(VectorSet.ExpectedPathOf(name)), $"{name} has no {Path.GetFileName(VectorSet.ExpectedPathOf(name))}");
        var expected = VectorSet.ReadExpected(name);
        var actual = VectorSet.Check(name);
        Assert.True(expected.SequenceEqual(actual),
            $"{name}{Environment.NewLine}expected:{Environment.NewLine}{string.Join(Environment.NewLine, expected)}{Environment.NewLine}" +
            $"actual:{Environment.NewLine}{string.Join(Environment.NewLine, actual)}{Environment.NewLine}messages:{Environment.NewLine}{VectorSet.Describe(name)}");
    }

    [Fact]
    public void Every_expected_file_belongs_to_a_vector()
    {
        var root = Path.Combine(Callytics.TestSupport.RepoPaths.Vectors, "invalid");
        var vectors = VectorSet.Names("invalid").Select(VectorSet.ExpectedPathOf).ToHashSet(StringComparer.Ordinal);
        var orphans = Directory.EnumerateFiles(root, "*" + VectorSet.ExpectedExtension).Where(f => !vectors.Contains(f)).ToArray();
        Assert.Empty(orphans);
    }

    [Fact]
    public void Expected_files_are_sorted_and_well_formed()
    {
        var single = new Regex(@"^CFL\d{4} \d+:\d+$");
        var inSet = new Regex(@"^[^ ]+ CFL\d{4} \d+:\d+$");
        foreach (var name in VectorSet.Names("invalid"))
        {
            var lines = VectorSet.ReadExpected(name);
            Assert.NotEmpty(lines);
            var format = VectorSet.IsSet(name) ? inSet : single;
            Assert.All(lines, l => Assert.Matches(format, l));
            var sorted = lines.OrderBy(SortKey, Comparer<(string, int, int, string)>.Default).ToArray();
            Assert.True(lines.SequenceEqual(sorted), $"{VectorSet.ExpectedPathOf(name)} is not sorted by file, line, column, id");
        }
    }

    [Fact]
    public void Every_checker_diagnostic_has_an_invalid_vector()
    {
        var shown = VectorSet.Names("invalid")
            .SelectMany(VectorSet.ReadExpected)
            .Select(l => Regex.Match(l, @"CFL\d{4}").Value)
            .ToHashSet(StringComparer.Ordinal);
        var checkerIds = DiagnosticDescriptors.All.Select(d => d.Id).Where(id => string.CompareOrdinal(id, "CFL5000") < 0);
        var missing = checkerIds.Where(id => !shown.Contains(id) && !NotInVectors.ContainsKey(id)).ToArray();
        Assert.True(missing.Length == 0, "no invalid vector shows " + string.Join(", ", missing));
    }

    private static (string File, int Line, int Column, string Id) SortKey(string line)
    {
        var m = Regex.Match(line, @"^(?:(?<file>[^ ]+) )?(?<id>CFL\d{4}) (?<line>\d+):(?<col>\d+)$");
        return (m.Groups["file"].Value, int.Parse(m.Groups["line"].Value), int.Parse(m.Groups["col"].Value), m.Groups["id"].Value);
    }
}
