using System.CommandLine;
using Callytics.Compiler.Diffing;
using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Common;

namespace Callytics.Cli.Commands;

/// <summary>
/// Opens the store named by <c>--store</c> for one command and turns store problems into clear
/// usage errors (exit code 2) instead of stack traces.
/// </summary>
internal static class StoreAccess
{
    public static Option<string> StoreOption() => new("--store")
    {
        Description = "The flow store: a directory, or a PostgreSQL connection string (Host=...;Database=... or postgres://...).",
        DefaultValueFactory = _ => StorageOptions.DefaultDirectory,
    };

    /// <summary>Runs <paramref name="work"/> with the opened store and returns its exit code.</summary>
    public static async Task<int> RunAsync(ParseResult parse, Option<string> store, Func<StorageServices, Task<int>> work)
    {
        try
        {
            return await OpenAndRunAsync(parse.GetValue(store), work).ConfigureAwait(false);
        }
        catch (StorageUnavailableException e)
        {
            throw new UsageException($"the store is unavailable: {e.Message}");
        }
        catch (Exception e) when (e is ArgumentException or FlowDiffException or StorageConflictException or IOException or UnauthorizedAccessException or TimeoutException)
        {
            throw new UsageException(e.Message);
        }
    }

    private static async Task<int> OpenAndRunAsync(string? store, Func<StorageServices, Task<int>> work)
    {
        await using var storage = await StorageFactory.OpenStoreAsync(store).ConfigureAwait(false);
        return await work(storage).ConfigureAwait(false);
    }

    /// <summary>Who runs the command, for "published by".</summary>
    public static Option<string> ByOption() => new("--by")
    {
        Description = "Who publishes (recorded in the version history); the user name when omitted.",
        DefaultValueFactory = _ => Environment.UserName is { Length: > 0 } user ? user : "callyc",
    };
}
