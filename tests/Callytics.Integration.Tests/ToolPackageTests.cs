using Callytics.TestSupport;

namespace Callytics.Integration.Tests;

/// <summary>
/// <c>callyc</c> as a .NET tool: <c>dotnet pack</c> makes a package that <c>dotnet tool install</c>
/// accepts from a local folder (no other package source), and the installed command checks flows.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(120);
    private readonly string _temp = Path.Combine(Path.GetTempPath(), "callyc-tool-" + Guid.NewGuid().ToString("N"));

    public ToolPackageTests() => Directory.CreateDirectory(_temp);

    public void Dispose()
    {
        try { Directory.Delete(_temp, recursive: true); }
        catch (IOException) { /* the OS cleans temp */ }
    }

    private static string Dotnet => DotnetHost.Path;

    [Fact]
    public void Packed_tool_installs_into_a_tool_path_and_checks_the_examples()
    {
        var packages = Path.Combine(_temp, "packages");
        var tools = Path.Combine(_temp, "tools");
        var project = RepoPaths.Combine("compiler", "callyc", "callyc.csproj");
        // Only the folder with the new package: the install must not need any other feed.
        var config = Path.Combine(_temp, "nuget.config");
        File.WriteAllText(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration><packageSources><clear /><add key="local" value="{packages}" /></packageSources></configuration>
            """);

        var pack = Run(Dotnet, "pack", project, "--no-build", "-c", Configuration, "-o", packages, "--nologo");
        var package = Assert.Single(Directory.EnumerateFiles(packages, "Callytics.Callyc.*.nupkg"));
        var version = Path.GetFileNameWithoutExtension(package)["Callytics.Callyc.".Length..];
        Assert.True(pack.ExitCode == 0, pack.ToString());
        Run(Dotnet, "tool", "install", "Callytics.Callyc", "--version", version, "--tool-path", tools, "--configfile", config);
        var callyc = Path.Combine(tools, OperatingSystem.IsWindows() ? "callyc.exe" : "callyc");
        Assert.True(File.Exists(callyc), $"the tool path has no callyc command: {string.Join(", ", Directory.EnumerateFileSystemEntries(tools))}");

        Assert.True(Directory.EnumerateFiles(RepoPaths.Examples, "*.flow.json").Any(), "examples/ has no flows to check");
        var examples = Run(callyc, "check", RepoPaths.Examples, "--catalog", Path.Combine(RepoPaths.Examples, "catalog.json"));
        var imported = Path.Combine(_temp, "imported.flow.json");
        Run(callyc, "import", "--from", "whatomate", RepoPaths.Combine("tests", "Callytics.Compiler.Tests", "Importing", "Corpus", "support-ivr.whatomate.json"), "-o", imported);
        var importedCheck = Run(callyc, "check", imported);
        var reportedVersion = Run(callyc, "--version");

        Assert.Matches(@"^\d+ flows checked: 0 errors", LastLine(examples));
        Assert.StartsWith("1 flow checked: 0 errors", LastLine(importedCheck));
        Assert.StartsWith(version, reportedVersion.StandardOutput.Trim());
    }

    private static string LastLine(ProcessResult result) => result.StandardOutput.Trim().Split('\n')[^1];

    private ProcessResult Run(string program, params string[] arguments)
    {
        // The shim installed by 'dotnet tool install' finds the runtime through DOTNET_ROOT.
        var root = Path.GetDirectoryName(Path.GetFullPath(Dotnet == "dotnet" ? "/usr/share/dotnet/dotnet" : Dotnet))!;
        var result = ProcessRunner.Run(program, arguments, Limit, _temp, environment: new Dictionary<string, string>
        {
            ["DOTNET_ROOT"] = root,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        });
        Assert.True(result.ExitCode == 0, $"{program} {string.Join(' ', arguments)}\n{result}");
        return result;
    }
}
