using System.Text.Json.Nodes;
using Callytics.Compiler.Importing;
using Callytics.Compiler.Tests.Cli;

namespace Callytics.Compiler.Tests.Importing;

/// <summary>Realistic exports of both products: each imports, and the result passes <c>callyc check</c> with no error and no warning.</summary>
public sealed class ImportSampleTests
{
    internal static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "Importing", "Samples", name);

    public static TheoryData<string, string, string[]> Samples => new()
    {
        // file, --from, the import findings expected (id and position in the export)
        { "support-line.callytics.json", "callytics", ["CFL6002 (4,3)", "CFL6001 (72,43)"] },
        { "operators.callytics.json", "callytics", [] },
        { "bank-line.whatomate.json", "whatomate", ["CFL6005 (39,30)"] },
        { "card-services.whatomate.json", "whatomate", ["CFL6005 (17,30)"] },
        { "clinic.whatomate.json", "whatomate", ["CFL6005 (6,13)", "CFL6005 (8,13)", "CFL6005 (15,13)", "CFL6005 (23,13)", "CFL6005 (24,30)",
            "CFL6005 (25,13)", "CFL6005 (27,13)", "CFL6005 (35,13)", "CFL6005 (37,13)", "CFL6005 (39,13)"] },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_imports_with_exactly_the_expected_findings(string file, string from, string[] expected)
    {
        var result = FlowImporter.ImportFile(FlowImporter.Find(from)!, Sample(file));

        Assert.False(result.HasErrors, string.Join("\n", result.Diagnostics.Diagnostics));
        Assert.Equal(expected, result.Diagnostics.Sorted().Select(d => $"{d.Id} ({d.Line},{d.Column})"));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void Sample_import_through_the_cli_checks_clean(string file, string from, string[] expected)
    {
        _ = expected;
        using var temp = new TempFolder();
        var output = temp.File(Path.GetFileNameWithoutExtension(file) + ".flow.json");

        var import = Callyc.Run("import", "--from", from, Sample(file), "-o", output);
        var check = Callyc.Run("check", output);

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("0 errors, 0 warnings", check.StandardOutput);
    }

    [Fact]
    public void Import_writes_the_flow_to_standard_output_without_o()
    {
        var run = Callyc.Run("import", "--from", "whatomate", Sample("bank-line.whatomate.json"));

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("bank-line", JsonNode.Parse(run.StandardOutput)!["id"]!.GetValue<string>());
        Assert.Contains("CFL6005", run.StandardError);
    }

    [Fact]
    public void Import_of_a_missing_file_is_a_usage_error()
    {
        var run = Callyc.Run("import", "--from", "callytics", "/no/such/export.json");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("no such file", run.StandardError);
    }

    [Fact]
    public void Import_with_an_unknown_product_is_a_usage_error()
    {
        var run = Callyc.Run("import", "--from", "genesys", Sample("bank-line.whatomate.json"));

        Assert.Equal(2, run.ExitCode);
    }
}
