using Callytics.Integration.Tests.Support;
using Callytics.Runtime.Storage;
using Callytics.Runtime.Storage.Callbacks;
using Callytics.Runtime.Storage.Operators;
using Callytics.TestSupport.Servers;
using Npgsql;

namespace Callytics.Integration.Tests.Cli;

/// <summary><c>callyc operators add|set-pin|list</c> and <c>callyc callbacks list</c> as processes.</summary>
public abstract class OperatorCommandsContract : IDisposable
{
    protected readonly TempFolder Temp = new();

    protected abstract string Store { get; }

    /// <summary>Every stored byte that could hold a PIN, to prove it is not there in clear.</summary>
    protected abstract Task<string> DumpStoredDataAsync();

    private Task<CallycRun> Run(string? stdin, params string[] arguments) => Callyc.RunWithInputAsync(stdin, [.. arguments, "--store", Store]);

    [Fact]
    public async Task Operators_are_added_with_a_pin_from_stdin_listed_and_get_a_new_pin_stored_only_as_a_hash()
    {
        var add = await Run("740213\n", "operators", "add", "op-ann", "--name", "Ann Smith", "--queue", "support");
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.DoesNotContain("740213", add.Out + add.Error, StringComparison.Ordinal); // never echoed

        var list = await Run(null, "operators", "list");
        var row = Assert.Single(list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Split('\t');
        Assert.Equal(["op-ann", "Ann Smith", "support"], row[..3]);

        await using (var storage = await StorageFactory.OpenStoreAsync(Store))
            Assert.Equal(PinCheckResult.Accepted, await storage.Accounts.VerifyPinAsync("op-ann", "740213"));

        var setPin = await Run("519377\n", "operators", "set-pin", "op-ann");
        Assert.True(setPin.ExitCode == 0, setPin.ToString());
        await using (var storage = await StorageFactory.OpenStoreAsync(Store))
        {
            Assert.Equal(PinCheckResult.Rejected, await storage.Accounts.VerifyPinAsync("op-ann", "740213"));
            Assert.Equal(PinCheckResult.Accepted, await storage.Accounts.VerifyPinAsync("op-ann", "519377"));
        }
        var stored = await DumpStoredDataAsync();
        Assert.Contains("op-ann", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("519377", stored, StringComparison.Ordinal);
        Assert.DoesNotContain("740213", stored, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_operator_input_is_a_usage_error()
    {
        Assert.Equal(2, (await Run("12\n", "operators", "add", "op-bob", "--name", "Bob")).ExitCode); // too short for the PIN policy
        var unknown = await Run("445566\n", "operators", "set-pin", "nobody");
        Assert.Equal(2, unknown.ExitCode);
        Assert.Contains("no operator 'nobody'", unknown.Error);
        Assert.Equal(2, (await Run(null, "operators", "add", "op-bob", "--name", "Bob")).ExitCode); // no PIN on stdin
    }

    [Fact]
    public async Task Callbacks_list_shows_stored_requests_filtered_by_status()
    {
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var storage = await StorageFactory.OpenStoreAsync(Store))
        {
            await storage.Callbacks.SaveAsync(new CallbackRequest(first, "+15551230001", "support", "5551230001", "callback-offer", DateTimeOffset.UtcNow.AddMinutes(-2)));
            await storage.Callbacks.SaveAsync(new CallbackRequest(second, "15551230002", null, null, null, DateTimeOffset.UtcNow.AddMinutes(-1)));
            Assert.True(await storage.Callbacks.TryStartCallingAsync(second, "op-ann", DateTimeOffset.UtcNow));
        }
        var all = (await Run(null, "callbacks", "list")).Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('\t')).ToList();
        Assert.Equal([first.ToString("D"), second.ToString("D")], all.Select(r => r[0]));
        Assert.Equal(["pending", "calling"], all.Select(r => r[1]));
        Assert.Equal("op-ann", all[1][5]);

        var pending = await Run(null, "callbacks", "list", "--status", "pending");
        Assert.Equal("+15551230001", Assert.Single(pending.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Split('\t')[2]);
    }

    public void Dispose()
    {
        Temp.Dispose();
        GC.SuppressFinalize(this);
    }
}

public sealed class DirectoryOperatorCommandsTests : OperatorCommandsContract
{
    protected override string Store => Temp.Combine("store");

    protected override Task<string> DumpStoredDataAsync() =>
        Task.FromResult(string.Concat(Directory.EnumerateFiles(Store, "*", SearchOption.AllDirectories).Select(File.ReadAllText)));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresOperatorCommandsTests(PostgresServer server) : OperatorCommandsContract, IAsyncLifetime
{
    private string _connection = "";

    protected override string Store => _connection;

    public async Task InitializeAsync() => _connection = await server.CreateDatabaseAsync("cliops");

    public Task DisposeAsync() => Task.CompletedTask;

    protected override async Task<string> DumpStoredDataAsync()
    {
        await using var connection = new NpgsqlConnection(_connection);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT row_to_json(o)::text FROM operators o", connection);
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0));
        return string.Join('\n', rows);
    }
}
