using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Callytics.Compiler.Catalogs;
using Callytics.Compiler.Checking;
using Callytics.Compiler.Packaging;
using Callytics.Integration.Tests.Support;
using Callytics.Runtime.Loading;
using Callytics.TestSupport;
using Callytics.TestSupport.Flows;
using Microsoft.Extensions.DependencyInjection;

namespace Callytics.Integration.Tests.Admin;

/// <summary>
/// A publish reads, checks and emits the draft in the compile worker, not in the host that serves calls
/// (issue 13's publishing benchmark): the API's answers are the ones the host's own check gives
/// (<c>/validate</c> still checks in the host), for a flow with errors and for a valid one, and what is
/// stored is what an in-process build gives.
/// </summary>
public sealed class WorkerCheckTests
{
    private static readonly string Catalog = Path.Combine(RepoPaths.Examples, "catalog.json");

    [Fact]
    public async Task A_flow_with_errors_is_checked_in_the_worker_and_answers_what_the_hosts_own_check_does()
    {
        await using var host = await StartAsync();
        // A big flow (so the check takes long enough to see the worker) with three faults the worker must
        // find and locate: an unknown node type, a queue the catalog does not have, a retry count that is text.
        var flow = JsonNode.Parse(LargeFlowGenerator.Generate(2000, speech: false))!.AsObject();
        var id = (string)flow["id"]!;
        flow["nodes"]!.AsArray().Add(new JsonObject { ["id"] = "bad_type", ["type"] = "no_such_type" });
        flow["nodes"]!.AsArray().Add(new JsonObject { ["id"] = "bad_queue", ["type"] = "callback", ["config"] = new JsonObject { ["number_source"] = "caller_id", ["queue"] = "no-such-queue" } });
        await PutAsync(host, id, flow.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));

        var publish = host.Http.PostAsync($"/api/flows/{id}/publish", null);
        var worker = await WaitForWorkerAsync(publish, id);
        var answer = await publish;
        var published = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
        var validated = JsonNode.Parse(await (await host.Http.PostAsync($"/api/flows/{id}/validate", null)).Content.ReadAsStringAsync())!;

        Assert.NotEqual(Environment.ProcessId, worker);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Equal($"flow '{id}' has errors; nothing was published", (string)published["message"]!);
        Assert.True(JsonNode.DeepEquals(validated["diagnostics"], published["diagnostics"]), $"publish: {published["diagnostics"]}\nvalidate: {validated["diagnostics"]}");
        Assert.True(JsonNode.DeepEquals(validated["summary"], published["summary"]));
        var errors = published["diagnostics"]!.AsArray().Where(d => (string)d!["severity"]! == "error")
            .Select(d => $"{d!["id"]} ({d["line"]},{d["column"]}) {d["nodeId"]}").ToList();
        // (The generated flow's audio ids are not in the example catalog either: CFL4003 on each of its menus and voicemails.)
        Assert.Equal(["CFL1007 (24964,15) bad_type", "CFL4004 (24971,18) bad_queue"], errors.Where(e => e.EndsWith(" bad_type", StringComparison.Ordinal) || e.EndsWith(" bad_queue", StringComparison.Ordinal)));
        Assert.True(errors.Count > 2);
        var store = await host.Services.GetRequiredService<Runtime.Host.Flows.FlowStoreAccess>().GetAsync();
        Assert.Empty(await store.ListVersionsAsync(id));
    }

    [Fact]
    public async Task A_valid_flow_built_in_the_worker_stores_and_answers_what_an_in_process_publish_does()
    {
        await using var host = await StartAsync();
        const string id = Flows.CallbackOffer;
        // A layout entry for a node that does not exist: a warning (CFL2013) the answers must carry.
        var document = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(RepoPaths.Examples, $"{id}.flow.json")))!.AsObject();
        document["layout"]!["ghost"] = new JsonObject { ["x"] = 1, ["y"] = 2 };
        var json = document.ToJsonString();
        await PutAsync(host, id, json);

        var first = await host.Http.PostAsync($"/api/flows/{id}/publish", null);
        Assert.True(first.StatusCode == HttpStatusCode.Created, $"{(int)first.StatusCode} {await first.Content.ReadAsStringAsync()}");
        // The same meaning again: 409 with the check's findings, as the host's own check gives them.
        var again = await host.Http.PostAsync($"/api/flows/{id}/publish", null);
        var published = JsonNode.Parse(await again.Content.ReadAsStringAsync())!;
        var validated = JsonNode.Parse(await (await host.Http.PostAsync($"/api/flows/{id}/validate", null)).Content.ReadAsStringAsync())!;
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("CFL2013", published["diagnostics"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(validated["diagnostics"], published["diagnostics"]), $"publish: {published["diagnostics"]}\nvalidate: {validated["diagnostics"]}");
        Assert.True(JsonNode.DeepEquals(validated["summary"], published["summary"]));

        // Stored: what an in-process build of the same document gives (source, meaning, layout, manifest but its time).
        var (catalog, _) = CatalogLoader.Load(Catalog);
        var local = FlowBuilder.Build(FlowChecker.CheckText($"{id}.flow.json", json, catalog), 1);
        Assert.NotNull(local);
        var store = await host.Services.GetRequiredService<Runtime.Host.Flows.FlowStoreAccess>().GetAsync();
        var stored = (await store.GetVersionAsync(id, 1))!.Artifacts;
        Assert.Equal(local.Source, stored.GeneratedCSharp);
        Assert.Equal(local.SemanticJson, stored.SemanticJson);
        Assert.Equal(FlowLayout.Extract(json), stored.LayoutJson);
        Assert.Equal(local.Assembly, stored.Assembly);
        Assert.Equal(local.Manifest with { BuiltAt = default }, BuildManifest.Parse(stored.ManifestJson) with { BuiltAt = default });
    }

    private static Task<AdminHost> StartAsync() =>
        AdminHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Callytics:Admin:MaxBodyBytes"] = null, // the host's default: large flows fit
            ["Callytics:Catalog"] = Catalog,
        });

    private static async Task PutAsync(AdminHost host, string id, string json)
    {
        using var put = await host.Http.PutAsync($"/api/flows/{id}/draft", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(put.IsSuccessStatusCode, $"{(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");
    }

    /// <summary>The pid of the compile worker checking <paramref name="id"/>'s document, seen among this process's children.</summary>
    private static async Task<int> WaitForWorkerAsync(Task<HttpResponseMessage> publish, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
                string[] argv;
                try
                {
                    argv = File.ReadAllText(Path.Combine(dir, "cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue;
                }
                if (argv.Length > 1 && argv[1].EndsWith("Callytics.CompileWorker.dll", StringComparison.Ordinal) && argv.Contains($"{id}.flow.json"))
                    return pid;
            }
            if (publish.IsCompleted)
                Assert.Fail($"the publish answered ({(int)(await publish).StatusCode}) and no compile worker checking '{id}' was seen");
            await Task.Delay(5);
        }
        throw new TimeoutException("no compile worker started within 60 s");
    }
}
