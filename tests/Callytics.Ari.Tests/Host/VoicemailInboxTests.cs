using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Callytics.Ari.Tests.Backends;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Packaging;
using Callytics.Runtime.Host;
using Callytics.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Callytics.Ari.Tests.Host;

/// <summary>
/// The voicemail inbox of the admin API on a real Asterisk and a real PostgreSQL: a message left by a call
/// is listed with its caller and duration, its recording downloads from Asterisk's stored recordings
/// (µ-law given a WAV header), it can be marked heard and deleted (on Asterisk's disk too); every route
/// needs the token and bad input changes nothing.
/// </summary>
[Collection(AsteriskCollection.Name)]
public sealed class VoicemailInboxTests(AsteriskServer asterisk, PostgresServer postgres) : IClassFixture<PostgresServer>
{
    private const string Token = "inbox-token-7f2a";

    private const string Flow = """
    {
      "schemaVersion": 1, "id": "leave-message", "name": "Leave a message",
      "nodes": [
        { "id": "start", "type": "start" },
        { "id": "vm", "type": "voicemail", "config": { "prompt": { "sound": "beep" }, "mailbox": "support", "beep": false, "max_duration_s": 30 } }
      ],
      "edges": [ { "source": "start", "target": "vm" } ]
    }
    """;

    [Fact]
    public async Task A_voicemail_left_by_a_call_is_listed_with_its_duration_downloaded_marked_heard_and_deleted()
    {
        var root = ServerPaths.CreateTempDirectory("vm-inbox");
        var port = ServerPaths.FreeLoopbackPort();
        var database = await postgres.CreateDatabaseAsync("inbox");
        var checkedFlow = FlowChecker.CheckText("leave-message.flow.json", Flow);
        FlowBuilder.Build(checkedFlow, 1)!.WriteTo(Path.Combine(root, "flows"));
        var host = await HostApp.BuildAsync(["--urls", $"http://127.0.0.1:{port}"], b => b.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Callytics:Ari:BaseUrl"] = asterisk.BaseUrl,
            ["Callytics:Ari:User"] = asterisk.User,
            ["Callytics:Ari:Password"] = asterisk.Password,
            ["Callytics:Ari:Application"] = asterisk.Application,
            ["Callytics:Routes:800"] = "leave-message",
            ["Callytics:FlowStore"] = Path.Combine(root, "flows"),
            ["Callytics:Admin:Token"] = Token,
            ["Storage:Directory"] = Path.Combine(root, "storage"),
            ["Storage:Postgres"] = database,
        }));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var anonymous = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        try
        {
            await host.StartAsync();
            await using (var callers = new AsteriskCallers(asterisk))
            {
                await VoicemailCalls.LeaveAsync(host.Services, asterisk, callers, "5557001", "800", "support");
            }

            var inbox = JsonNode.Parse(await http.GetStringAsync("/api/voicemail/support"))!.AsArray();
            var message = Assert.Single(inbox)!;
            Assert.Equal("5557001", (string)message["caller"]!);
            Assert.InRange((int)message["durationSeconds"]!, 1, 10);
            Assert.False((bool)message["heard"]!);
            var id = (string)message["id"]!;

            var file = Assert.Single(Directory.GetFiles(asterisk.RecordingDirectory, "vm-support-*"));
            var recording = await http.GetAsync($"/api/voicemail/support/{id}/recording");
            Assert.Equal(HttpStatusCode.OK, recording.StatusCode);
            Assert.Equal("audio/wav", recording.Content.Headers.ContentType!.MediaType);
            var bytes = await recording.Content.ReadAsByteArrayAsync();
            Assert.Equal("RIFF", Encoding.ASCII.GetString(bytes, 0, 4));
            Assert.Equal(await File.ReadAllBytesAsync(file), bytes[44..]);

            // Without the token, and with bad input: refused in JSON, nothing changed.
            foreach (var (method, path) in new[] { ("GET", "/api/voicemail/support"), ("GET", $"/api/voicemail/support/{id}/recording"), ("POST", $"/api/voicemail/support/{id}/heard"), ("DELETE", $"/api/voicemail/support/{id}") })
                Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path))).StatusCode);
            foreach (var (response, status) in new[]
            {
                (await http.PostAsync($"/api/voicemail/support/{id}/heard", new StringContent("""{ "heard": "yes" }""")), HttpStatusCode.BadRequest),
                (await http.GetAsync("/api/voicemail/support?heard=maybe"), HttpStatusCode.BadRequest),
                (await http.GetAsync("/api/voicemail/bad%20box"), HttpStatusCode.BadRequest),
                (await http.DeleteAsync($"/api/voicemail/sales/{id}"), HttpStatusCode.NotFound), // another mailbox's id
                (await http.DeleteAsync("/api/voicemail/support/not-a-guid"), HttpStatusCode.NotFound),
            })
            {
                Assert.Equal(status, response.StatusCode);
                Assert.False(string.IsNullOrEmpty((string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]));
            }
            Assert.False((bool)JsonNode.Parse(await http.GetStringAsync("/api/voicemail/support"))![0]!["heard"]!);
            Assert.True(File.Exists(file));

            Assert.Equal(HttpStatusCode.OK, (await http.PostAsync($"/api/voicemail/support/{id}/heard", null)).StatusCode);
            Assert.Single(JsonNode.Parse(await http.GetStringAsync("/api/voicemail/support?heard=true"))!.AsArray());

            Assert.Equal(HttpStatusCode.NoContent, (await http.DeleteAsync($"/api/voicemail/support/{id}")).StatusCode);
            Assert.Empty(JsonNode.Parse(await http.GetStringAsync("/api/voicemail/support"))!.AsArray());
            Assert.False(File.Exists(file), "the recording is deleted on Asterisk too");
        }
        finally
        {
            await host.StopAsync();
            await host.DisposeAsync();
            await asterisk.ClearAsync();
            ServerPaths.DeleteDirectory(root);
        }
    }
}
