using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Callytics.Integration.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Callytics.Integration.Tests.Admin;

/// <summary>
/// The flow store on a small tmpfs that the test makes read-only or fills up: a publish and a draft
/// save fail at once with a JSON error that says why, and nothing stored changes. Needs root (mount),
/// as the test machines and CI run.
/// </summary>
public sealed class StoreFaultTests : IAsyncLifetime
{
    private static readonly TimeSpan AtOnce = TimeSpan.FromSeconds(30); // the old code waited 120 s on a "held" lock
    private readonly TempFolder _mount = new();
    private AdminHost _host = null!;

    public async Task InitializeAsync()
    {
        await RunAsync("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", _mount.Path);
        _host = await AdminHost.StartAsync(settings: new Dictionary<string, string?> { ["Callytics:FlowStore"] = _mount.Combine("store") });
        await PutAsync(Flows.Example(Flows.CallbackOffer));
        var first = await _host.Http.PostAsync($"/api/flows/{Flows.CallbackOffer}/publish", null);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        await PutAsync(Flows.WithRetries(5));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await RunAsync("umount", "-l", _mount.Path);
        _mount.Dispose();
    }

    [Fact]
    public async Task On_a_read_only_store_publish_and_save_fail_at_once_with_a_json_error_and_nothing_changes()
    {
        await RunAsync("mount", "-o", "remount,ro", _mount.Path);

        var publish = await _host.Http.PostAsync($"/api/flows/{Flows.CallbackOffer}/publish", null).WaitAsync(AtOnce);
        var save = await PutRawAsync(Flows.WithRetries(7)).WaitAsync(AtOnce);

        await AssertJsonErrorAsync(publish, "Read-only");
        await AssertJsonErrorAsync(save, "Read-only");
        await AssertUnchangedAsync();
    }

    [Fact]
    public async Task On_a_full_store_publish_fails_at_once_with_a_json_error_nothing_changes_and_it_works_once_there_is_room()
    {
        var filler = _mount.Combine("filler");
        try { await File.WriteAllBytesAsync(filler, new byte[8 * 1024 * 1024]); }
        catch (IOException) { } // the disk is full now: that was the point

        var publish = await _host.Http.PostAsync($"/api/flows/{Flows.CallbackOffer}/publish", null).WaitAsync(AtOnce);

        await AssertJsonErrorAsync(publish, "space");
        await AssertUnchangedAsync();
        File.Delete(filler);
        Assert.Equal(HttpStatusCode.Created, (await _host.Http.PostAsync($"/api/flows/{Flows.CallbackOffer}/publish", null)).StatusCode);
    }

    private static async Task AssertJsonErrorAsync(HttpResponseMessage response, string reason)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode is 503 or 507, $"{(int)response.StatusCode}: {text}");
        var message = (string?)JsonNode.Parse(text)!["message"];
        Assert.NotNull(message);
        Assert.Contains(reason, message, StringComparison.OrdinalIgnoreCase);
    }

    private async Task AssertUnchangedAsync()
    {
        var store = await _host.Services.GetRequiredService<Runtime.Host.Flows.FlowStoreAccess>().GetAsync();
        Assert.Equal([1], (await store.ListVersionsAsync(Flows.CallbackOffer)).Select(v => v.Version));
        Assert.Equal(5, (int)Flows.Node(JsonNode.Parse((await store.GetDraftAsync(Flows.CallbackOffer))!.SemanticJson)!.AsObject(), "offer")["config"]!["max_retries"]!);
    }

    private async Task PutAsync(string document) => Assert.Equal(HttpStatusCode.OK, (await PutRawAsync(document)).StatusCode);

    private Task<HttpResponseMessage> PutRawAsync(string document)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/flows/{Flows.CallbackOffer}/draft") { Content = new StringContent(document, Encoding.UTF8, "application/json") };
        request.Headers.IfMatch.Add(EntityTagHeaderValue.Any);
        return _host.Http.SendAsync(request);
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error}. These tests mount a small tmpfs and need root.");
    }
}
