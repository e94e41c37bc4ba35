using System.Text.Json;
using System.Text.RegularExpressions;
using Callytics.TestSupport;

namespace Callytics.Compiler.Tests.Cli;

/// <summary><c>callyc init</c>: the new folder checks, tests and runs its own CI pipeline clean.</summary>
public sealed partial class InitTests
{
    private static readonly string Workflow = Path.Combine(".github", "workflows", "callytics-flows.yml");

    [Fact]
    public void Init_creates_a_project_that_checks_clean_with_warnings_as_errors()
    {
        using var temp = new TempFolder();
        var project = Path.Combine(temp.Path, "ivr");

        var init = Callyc.Run("init", project);
        var check = Callyc.Run("check", Path.Combine(project, "flows"), "--catalog", Path.Combine(project, "catalog.json"), "--warnaserror");

        Assert.True(init.ExitCode == 0, init.ToString());
        foreach (var file in new[] { "flows/main-line.flow.json", "flows/main-line.scenarios.json", "catalog.json", "flow.schema.json", "README.md", Workflow })
            Assert.True(File.Exists(Path.Combine(project, file)), $"{file} missing\n{init}");
        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Contains("1 flow checked: 0 errors, 0 warnings", check.StandardOutput);
    }

    [Fact]
    public void The_pipeline_in_a_new_project_is_the_one_in_examples_ci()
    {
        using var temp = new TempFolder();
        Callyc.Run("init", temp.File("p"));

        Assert.Equal(File.ReadAllText(RepoPaths.Combine("examples", "ci", "callytics-flows.yml")), File.ReadAllText(Path.Combine(temp.File("p"), Workflow)));
    }

    [Fact]
    public void Every_callyc_step_of_the_pipeline_runs_green_in_a_new_project_passes_its_scenarios_and_writes_the_sarif_it_uploads()
    {
        using var temp = new TempFolder();
        var project = temp.File("ivr");
        Callyc.Run("init", project);
        var yaml = File.ReadAllText(Path.Combine(project, Workflow));
        var environment = PipelineEnvironment(yaml);
        environment["PATH"] = WrapperFolder(temp) + Path.PathSeparator + Environment.GetEnvironmentVariable("PATH");
        var steps = RunLine().Matches(yaml).Select(m => m.Groups["command"].Value).Where(c => c.StartsWith("callyc ", StringComparison.Ordinal)).ToList();

        Assert.Equal(4, steps.Count);
        var outputs = new List<string>();
        foreach (var step in steps)
        {
            var run = ProcessRunner.Run("bash", ["-eo", "pipefail", "-c", step], TimeSpan.FromSeconds(180), project, environment: environment);
            Assert.True(run.ExitCode == 0, $"{step}\n{run}");
            outputs.Add(run.StandardOutput);
        }
        Assert.Contains(outputs, o => o.Contains("3 passed, 0 failed", StringComparison.Ordinal));
        var uploaded = SarifFile().Match(yaml).Groups["file"].Value;
        using var sarif = JsonDocument.Parse(File.ReadAllText(Path.Combine(project, uploaded)));
        Assert.Equal("2.1.0", sarif.RootElement.GetProperty("version").GetString());
        Assert.True(File.Exists(Path.Combine(project, "out", "main-line", "main-line.v1.dll")));
    }

    [Fact]
    public void Init_refuses_a_folder_that_is_not_empty()
    {
        using var temp = new TempFolder();
        File.WriteAllText(temp.File("keep.txt"), "mine");

        var init = Callyc.Run("init", temp.Path);

        Assert.Equal(2, init.ExitCode);
        Assert.Contains("not empty", init.StandardError);
        Assert.Equal(["keep.txt"], Directory.EnumerateFileSystemEntries(temp.Path).Select(Path.GetFileName));
    }

    /// <summary>The top-level <c>env:</c> block of the workflow (simple <c>KEY: value</c> lines).</summary>
    private static Dictionary<string, string> PipelineEnvironment(string yaml)
    {
        var block = EnvBlock().Match(yaml);
        Assert.True(block.Success, "the workflow has no top-level env block");
        return block.Groups["body"].Value.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Trim().Split(':', 2))
            .ToDictionary(p => p[0], p => p[1].Split('#')[0].Trim().Trim('"'));
    }

    /// <summary>A folder with a <c>callyc</c> command that runs the callyc under test, as the installed tool would.</summary>
    private static string WrapperFolder(TempFolder temp)
    {
        var bin = Directory.CreateDirectory(temp.File("bin")).FullName;
        var wrapper = Path.Combine(bin, "callyc");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec \"{Callyc.DotnetHost}\" \"{Path.Combine(AppContext.BaseDirectory, "callyc.dll")}\" \"$@\"\n");
        // The pipeline runs on ubuntu-latest; so does this test (it runs the steps with bash).
        Assert.False(OperatingSystem.IsWindows(), "the pipeline steps run under bash on Linux");
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return bin;
    }

    [GeneratedRegex(@"^\s+run: (?<command>.+)$", RegexOptions.Multiline)]
    private static partial Regex RunLine();

    [GeneratedRegex(@"^env:\n(?<body>(  .+\n)+)", RegexOptions.Multiline)]
    private static partial Regex EnvBlock();

    [GeneratedRegex(@"sarif_file: (?<file>\S+)")]
    private static partial Regex SarifFile();
}
