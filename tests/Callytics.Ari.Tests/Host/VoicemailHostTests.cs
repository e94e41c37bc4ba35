using Callytics.Ari.Tests.Backends;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Packaging;
using Callytics.Runtime.Host;
using Callytics.Runtime.Storage;
using Callytics.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Callytics.Ari.Tests.Host;

/// <summary>
/// Voicemail through a running host on a real Asterisk: the record (mailbox, caller, duration, file) lands in
/// the store the host is configured with, not in memory, and names a file that is on Asterisk's disk.
/// </summary>
[Collection(AsteriskCollection.Name)]
public sealed class VoicemailHostTests(AsteriskServer asterisk, PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const string Flow = """
    {
      "schemaVersion": 1, "id": "leave-message", "name": "Leave a message",
      "nodes": [
        { "id": "start", "type": "start" },
        { "id": "vm", "type": "voicemail", "config": { "prompt": { "sound": "beep" }, "mailbox": "sales", "format": "wav", "beep": false, "max_duration_s": 30 } }
      ],
      "edges": [ { "source": "start", "target": "vm" } ]
    }
    """;

    [Theory]
    [InlineData("directory")]
    [InlineData("postgres")] // spooled PostgreSQL store, as StorageFactory opens it
    public async Task A_message_left_through_the_host_is_stored_in_the_configured_store_and_survives_the_host(string store)
    {
        var root = ServerPaths.CreateTempDirectory("vm-host");
        try
        {
            var flows = Path.Combine(root, "flows");
            var storage = Path.Combine(root, "storage");
            var checkedFlow = FlowChecker.CheckText("leave-message.flow.json", Flow);
            Assert.True(checkedFlow.Succeeded, string.Join("\n", checkedFlow.Diagnostics.Diagnostics));
            FlowBuilder.Build(checkedFlow, 1)!.WriteTo(flows);

            var database = store == "postgres" ? await postgres.CreateDatabaseAsync("voicemail") : null;
            var host = await HostApp.BuildAsync(["--urls", "http://127.0.0.1:0"], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Callytics:Ari:BaseUrl"] = asterisk.BaseUrl,
                ["Callytics:Ari:User"] = asterisk.User,
                ["Callytics:Ari:Password"] = asterisk.Password,
                ["Callytics:Ari:Application"] = asterisk.Application,
                ["Callytics:Routes:800"] = "leave-message",
                ["Callytics:FlowStore"] = flows,
                ["Storage:Directory"] = storage,
                ["Storage:Postgres"] = database,
            }));
            await using (var callers = new AsteriskCallers(asterisk))
            {
                await host.StartAsync();
                try
                {
                    await VoicemailCalls.LeaveAsync(host.Services, asterisk, callers, "5557000", "800", "sales");
                }
                finally
                {
                    await host.StopAsync();
                    await host.DisposeAsync();
                }
            }

            // A new store on the same folder: what the host stored outlived it.
            await using var stores = await StorageFactory.OpenAsync(new StorageOptions { Directory = storage, Postgres = database });
            var message = Assert.Single(await stores.Voicemail.ListAsync("sales"));
            Assert.Equal(("sales", "5557000"), (message.Mailbox, message.CallerId));
            Assert.True(message.DurationSeconds > 0, $"audio was sent, the duration is {message.DurationSeconds}");
            Assert.EndsWith(".wav", message.File, StringComparison.Ordinal);
            Assert.True(File.Exists(Path.Combine(asterisk.RecordingDirectory, message.File)), $"{message.File} is on Asterisk's disk");
            var (channels, bridges) = await asterisk.LeftoversAsync();
            Assert.Empty(channels);
            Assert.Empty(bridges);
        }
        finally
        {
            await asterisk.ClearAsync();
            ServerPaths.DeleteDirectory(root);
        }
    }
}
