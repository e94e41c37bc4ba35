using System.Text;
using Callytics.Runtime.Ari.Http;
using Callytics.Runtime.Contract;
using Callytics.TestSupport.Http;
using Microsoft.AspNetCore.Http;

namespace Callytics.Ari.Tests.Http;

/// <summary>http_request: real requests to a loopback server; failures become outcomes.</summary>
public sealed class HttpGatewayTests
{
    private static HttpRequestEffect Get(string url, int timeoutMs = 2000) => new("GET", url, [], null, timeoutMs);

    [Fact]
    public async Task Sends_method_headers_and_JSON_body_and_returns_status_and_body()
    {
        await using var server = await LoopbackHttpServer.StartAsync(c => { c.Response.StatusCode = 201; return c.Response.WriteAsync("{\"id\":7}"); });
        using var http = new HttpClient();
        var gateway = new HttpGateway(http);

        var outcome = await gateway.SendAsync(new HttpRequestEffect("POST", server.BaseUrl + "/orders?x=1", [new("X-Token", "abc"), new("Accept", "application/json")], "{\"a\":1}", 10_000), CancellationToken.None); // a fresh Kestrel under a loaded start-up can take over 2 s

        Assert.Equal(new HttpOutcome(201, "{\"id\":7}"), outcome);
        Assert.True(outcome.IsSuccess);
        var received = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/orders?x=1", "{\"a\":1}"), (received.Method, received.PathAndQuery, received.Body));
        Assert.Equal("abc", received.Headers["X-Token"]);
        Assert.StartsWith("application/json", received.Headers["Content-Type"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_non_2xx_answer_is_an_outcome_with_its_status()
    {
        await using var server = await LoopbackHttpServer.StartAsync(c => { c.Response.StatusCode = 503; return c.Response.WriteAsync("down"); });
        using var http = new HttpClient();
        var outcome = await new HttpGateway(http).SendAsync(Get(server.BaseUrl), CancellationToken.None);
        Assert.Equal(503, outcome.Status);
        Assert.False(outcome.IsSuccess);
    }

    [Fact]
    public async Task A_slow_server_times_out_at_the_effect_timeout()
    {
        await using var server = await LoopbackHttpServer.StartAsync(async c => await Task.Delay(5000, c.RequestAborted));
        using var http = new HttpClient();
        var started = DateTime.UtcNow;
        var outcome = await new HttpGateway(http).SendAsync(Get(server.BaseUrl, timeoutMs: 100), CancellationToken.None);
        Assert.Equal(new HttpOutcome(0, "", "timeout"), outcome);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task A_refused_connection_a_bad_URL_and_a_header_with_a_line_break_are_failures_not_exceptions()
    {
        using var http = new HttpClient();
        var gateway = new HttpGateway(http);
        var port = FreePort();
        Assert.StartsWith("network error", (await gateway.SendAsync(Get($"http://127.0.0.1:{port}/"), CancellationToken.None)).Error, StringComparison.Ordinal);
        Assert.Equal("invalid URL", (await gateway.SendAsync(Get("ftp://127.0.0.1/x"), CancellationToken.None)).Error);
        var injected = await gateway.SendAsync(new HttpRequestEffect("GET", $"http://127.0.0.1:{port}/", [new("X-A", "v\r\nX-Evil: 1")], null, 1000), CancellationToken.None);
        Assert.Contains("line break", injected.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_body_is_capped_at_64_KiB_without_splitting_a_character()
    {
        var big = new string('a', HttpGateway.MaxBodyBytes - 1) + "é" + new string('b', 1000);
        await using var server = await LoopbackHttpServer.StartAsync(c => c.Response.WriteAsync(big));
        using var http = new HttpClient();
        var outcome = await new HttpGateway(http).SendAsync(Get(server.BaseUrl), CancellationToken.None);
        Assert.Equal(new string('a', HttpGateway.MaxBodyBytes - 1), outcome.Body);
        Assert.True(Encoding.UTF8.GetByteCount(outcome.Body) <= HttpGateway.MaxBodyBytes);
    }

    internal static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
