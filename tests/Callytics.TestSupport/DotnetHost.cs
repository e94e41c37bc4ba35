using System.Diagnostics;

namespace Callytics.TestSupport;

/// <summary>Starts built .NET programs (a <c>.dll</c> beside its deps.json and runtimeconfig) as separate processes.</summary>
public static class DotnetHost
{
    /// <summary>The dotnet host running the tests (the SDK sets DOTNET_HOST_PATH for test runs), else <c>dotnet</c> on PATH.</summary>
    public static string Path => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    /// <summary>Runs <paramref name="dll"/> with <paramref name="arguments"/>, all three standard streams redirected.</summary>
    public static ProcessStartInfo StartInfo(string dll, IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo(Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        return info;
    }
}
