using System.CommandLine;
using Callytics.Cli.Commands;

namespace Callytics.Cli;

/// <summary>The <c>callyc</c> command line: check, build, simulate and manage IVR flows.</summary>
public static class Program
{
    /// <summary>Runs a command; exit codes: 0 success (warnings allowed), 1 errors in flows, 2 usage or I/O error.</summary>
    public static async Task<int> Main(string[] args)
    {
        var root = new RootCommand("callyc: checks, compiles and simulates Callytics IVR flows (*.flow.json).");
        foreach (var command in CommandCatalog.All()) root.Subcommands.Add(command);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) Console.Error.WriteLine($"callyc: {error.Message}");
            Console.Error.WriteLine("Run 'callyc --help' for usage.");
            return ExitCodes.Usage;
        }
        try
        {
            // Our own handler below turns usage problems into exit code 2 without a stack trace.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"callyc: {e.Message}");
            return ExitCodes.Usage;
        }
        catch (Callytics.Runtime.Loading.FlowLoadException e)
        {
            // A compiled flow the runtime refused to load (simulate, test): say so instead of a stack trace.
            Console.Error.WriteLine($"callyc: the compiled flow could not be loaded: {e.Message}");
            return ExitCodes.Usage;
        }
    }
}

/// <summary>The exit codes every command uses.</summary>
public static class ExitCodes
{
    /// <summary>Done; warnings allowed.</summary>
    public const int Success = 0;
    /// <summary>A flow has errors (or a test failed).</summary>
    public const int Errors = 1;
    /// <summary>Bad arguments, missing files, I/O failure.</summary>
    public const int Usage = 2;
}

/// <summary>A problem with the command line or the files it names: exit code 2, message without stack trace.</summary>
public sealed class UsageException(string message) : Exception(message);
