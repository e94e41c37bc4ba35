using Callytics.Compiler.Tests.Cli;

namespace Callytics.Compiler.Tests.Importing;

/// <summary>
/// The whole path a team takes: import every sample export with <c>callyc import</c>, check them
/// together (bank-line's goto_flow names card-services), build them with <c>callyc build</c>, and
/// run the scenario files kept beside the samples with <c>callyc test</c> (the simulator).
/// </summary>
public sealed class ImportBuildAndSimulateTests
{
    private static readonly (string Export, string From, string FlowId)[] Exports =
    [
        ("support-line.callytics.json", "callytics", "support-line"),
        ("operators.callytics.json", "callytics", "operator-line"),
        ("bank-line.whatomate.json", "whatomate", "bank-line"),
        ("card-services.whatomate.json", "whatomate", "card-services"),
        ("clinic.whatomate.json", "whatomate", "clinic-appointments"),
    ];

    [Fact]
    public void Imported_samples_check_together_build_and_pass_their_scenarios_in_the_simulator()
    {
        using var temp = new TempFolder();
        var flows = Path.Combine(temp.Path, "flows");
        Directory.CreateDirectory(flows);
        foreach (var (export, from, flowId) in Exports)
        {
            var import = Callyc.Run("import", "--from", from, ImportSampleTests.Sample(export), "-o", Path.Combine(flows, flowId + ".flow.json"));
            Assert.True(import.ExitCode == 0, import.ToString());
        }
        foreach (var scenarios in Directory.EnumerateFiles(Path.GetDirectoryName(ImportSampleTests.Sample("x"))!, "*.scenarios.json"))
            File.Copy(scenarios, Path.Combine(flows, Path.GetFileName(scenarios)));

        var check = Callyc.Run("check", flows);
        var build = Callyc.Run("build", flows, "-o", Path.Combine(temp.Path, "out"));
        var test = Callyc.Run("test", flows);

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("5 flows checked: 0 errors, 0 warnings", check.StandardOutput);
        Assert.True(build.ExitCode == 0, build.ToString());
        Assert.All(Exports, e => Assert.True(File.Exists(Path.Combine(temp.Path, "out", e.FlowId, e.FlowId + ".v1.dll")), $"{e.FlowId} was not built\n{build}"));
        Assert.True(test.ExitCode == 0, test.ToString());
        Assert.Contains("14 passed, 0 failed", test.StandardOutput);
    }
}
