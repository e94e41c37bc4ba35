using System.Net;
using System.Text;
using System.Text.Json;
using Callytics.Integration.Tests.Support;
using Callytics.TestSupport.Flows;

namespace Callytics.Integration.Tests.Admin;

/// <summary>The admin API, with its default body limit, takes every flow the compiler and the editor take.</summary>
public sealed class LargeFlowAdminTests
{
    [Fact]
    public async Task By_default_a_5000_node_flow_is_saved_as_a_draft_and_read_back_whole()
    {
        // Null leaves the setting at its default (the test host otherwise sets a small limit).
        await using var host = await AdminHost.StartAsync(settings: new Dictionary<string, string?> { ["Callytics:Admin:MaxBodyBytes"] = null });
        var json = LargeFlowGenerator.Generate(5000);
        Assert.True(Encoding.UTF8.GetByteCount(json) > 1024 * 1024, "larger than the old 1 MiB limit, which answered 413");

        using var put = await host.Http.PutAsync("/api/flows/generated-5000/draft", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.True(put.IsSuccessStatusCode, $"{(int)put.StatusCode} {await put.Content.ReadAsStringAsync()}");

        using var get = await host.Http.GetAsync("/api/flows/generated-5000/draft");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        using var draft = JsonDocument.Parse(await get.Content.ReadAsStreamAsync());
        var nodes = draft.RootElement.TryGetProperty("nodes", out var n) ? n : draft.RootElement.GetProperty("document").GetProperty("nodes");
        Assert.Equal(5000, nodes.GetArrayLength());
    }
}
