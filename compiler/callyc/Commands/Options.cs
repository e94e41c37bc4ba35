using System.CommandLine;
using System.Reflection;

namespace Callytics.Cli.Commands;

/// <summary>Options shared by several commands, defined once so they read the same everywhere.</summary>
internal static class Options
{
    public static string ToolVersion { get; } =
        typeof(Options).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    public static Argument<string[]> Paths() => new("paths")
    {
        Description = "Flow files, or folders searched for *.flow.json.",
        Arity = ArgumentArity.OneOrMore,
    };

    public static Option<string> Format()
    {
        var option = new Option<string>("--format")
        {
            Description = "Output: text (MSBuild canonical lines), json, or sarif (SARIF 2.1.0).",
            DefaultValueFactory = _ => "text",
        };
        option.AcceptOnlyFromAmong("text", "json", "sarif");
        return option;
    }

    public static Option<bool> WarnAsError() => new("--warnaserror")
    {
        Description = "Treat warnings as errors (exit code 1).",
    };

    public static Option<string?> Catalog() => new("--catalog")
    {
        Description = "A catalog of audio ids, queues and trunks; references to anything missing become errors.",
    };
}
