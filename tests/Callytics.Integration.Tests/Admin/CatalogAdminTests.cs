using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Callytics.Integration.Tests.CallCenter;
using Callytics.Integration.Tests.Support;
using Callytics.Publishing.Media;
using Callytics.TestSupport.Servers;

namespace Callytics.Integration.Tests.Admin;

/// <summary>
/// <c>GET /api/catalog</c>, what the editor's pickers suggest, over real HTTP on a host with the
/// call-center storage on a real PostgreSQL and Redis and a catalog file: 401 without the token,
/// the catalog's audio (with the audio library's), queues and trunks, and <c>checked: false</c>
/// on a host without a catalog (publishing checks no reference there, so the editor warns about none).
/// </summary>
[Collection(ServersCollection.Name)]
public sealed class CatalogAdminTests(RedisServer redis, PostgresServer postgres) : IAsyncLifetime
{
    private AdminHost _host = null!;
    private TempFolder _temp = null!;

    public async Task InitializeAsync()
    {
        _temp = new TempFolder();
        var catalog = _temp.Combine("catalog.json");
        await File.WriteAllTextAsync(catalog, """
            { "audio": { "welcome-support": { "path": "callytics/en/welcome-support" }, "goodbye": { "path": "callytics/en/goodbye" } },
              "queues": { "support": { "name": "Customer support" }, "billing": { "name": "Billing" } },
              "trunks": { "main": { "dial_format": "{number}" }, "intl": { "dial_format": "00{e164}" } } }
            """);
        _host = await AdminHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Callytics:Catalog"] = catalog,
            ["Storage:Postgres"] = await postgres.CreateDatabaseAsync("catalog"),
            ["Storage:Redis"] = redis.ConnectionString,
            ["Storage:Directory"] = _temp.Combine("storage"),
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _temp.Dispose();
    }

    [Fact]
    public async Task The_catalog_answers_401_without_the_token()
    {
        using var anonymous = new HttpClient { BaseAddress = new Uri(_host.BaseUrl) };
        var response = await anonymous.GetAsync("/api/catalog");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.DoesNotContain("welcome-support", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_catalog_lists_its_audio_with_the_library_its_queues_and_trunks()
    {
        var wav = _temp.Combine("tone.wav");
        Assert.True((await ToolRunner.RunAsync(["sox", "-n", "-r", "8000", "-c", "1", "-b", "16", wav, "synth", "0.5", "sine", "440"], TimeSpan.FromSeconds(30), default)).Succeeded);
        Assert.Equal(HttpStatusCode.Created, (await _host.Http.PutAsync("/api/audio/hold-music", new ByteArrayContent(await File.ReadAllBytesAsync(wav)))).StatusCode);

        var body = JsonNode.Parse(await _host.Http.GetStringAsync("/api/catalog"))!;

        Assert.True((bool)body["checked"]!);
        Assert.Equal(["goodbye", "hold-music", "welcome-support"], body["audio"]!.AsArray().Select(a => (string)a!));
        Assert.Equal(["billing:Billing", "support:Customer support"], body["queues"]!.AsArray().Select(q => $"{q!["id"]}:{q["name"]}"));
        Assert.Equal(["intl", "main"], body["trunks"]!.AsArray().Select(t => (string)t!));
    }

    [Fact]
    public async Task A_host_without_a_catalog_says_it_checks_no_reference()
    {
        await using var bare = await AdminHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Storage:Postgres"] = await postgres.CreateDatabaseAsync("catalog_bare"),
            ["Storage:Redis"] = redis.ConnectionString,
            ["Storage:Directory"] = _temp.Combine("storage-bare"),
        });
        var body = JsonNode.Parse(await bare.Http.GetStringAsync("/api/catalog"))!;
        Assert.False((bool)body["checked"]!);
        Assert.Empty(body["queues"]!.AsArray());
        Assert.Empty(body["trunks"]!.AsArray());
    }
}
