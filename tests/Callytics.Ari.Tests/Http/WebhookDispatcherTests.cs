using System.Diagnostics;
using Callytics.Runtime.Ari.Http;
using Callytics.Runtime.Contract;
using Callytics.TestSupport.Http;
using Microsoft.AspNetCore.Http;

namespace Callytics.Ari.Tests.Http;

/// <summary>Webhooks: fire-and-forget through a bounded queue, with timeout and retries.</summary>
public sealed class WebhookDispatcherTests
{
    private static WebhookRequest Hook(string url, int timeoutMs = 200, int retries = 2) =>
        new("notify", "menu", "POST", url, [new("X-Sig", "s")], "{\"call\":\"c1\"}", timeoutMs, retries);

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(5);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, "not reached in time");
            await Task.Delay(5);
        }
    }

    [Fact]
    public async Task A_webhook_is_delivered_in_the_background_with_its_body_and_headers()
    {
        await using var server = await LoopbackHttpServer.StartAsync(c => { c.Response.StatusCode = 204; return Task.CompletedTask; });
        using var http = new HttpClient();
        await using var dispatcher = new WebhookDispatcher(http);

        Assert.True(dispatcher.Enqueue(Hook(server.BaseUrl + "/hook")));
        await WaitForAsync(() => dispatcher.Delivered == 1);

        var received = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/hook", "{\"call\":\"c1\"}", "s"), (received.Method, received.PathAndQuery, received.Body, received.Headers["X-Sig"]));
    }

    [Fact]
    public async Task A_failing_target_is_retried_then_given_up()
    {
        var attempts = 0;
        await using var server = await LoopbackHttpServer.StartAsync(c => { Interlocked.Increment(ref attempts); c.Response.StatusCode = 500; return Task.CompletedTask; });
        using var http = new HttpClient();
        await using var dispatcher = new WebhookDispatcher(http, new WebhookOptions { RetryDelay = TimeSpan.FromMilliseconds(10) });

        // A timeout long enough for a loaded machine: with 200 ms an attempt could time out before the
        // server counted it (2 counted at "failed"), and this test is about the retries, not timeouts.
        dispatcher.Enqueue(Hook(server.BaseUrl, timeoutMs: 5000, retries: 2));
        await WaitForAsync(() => dispatcher.Failed == 1);
        Assert.Equal(3, attempts);
        Assert.Equal(0, dispatcher.Delivered);
    }

    [Fact]
    public async Task A_target_that_hangs_times_out_and_succeeds_on_retry()
    {
        var attempts = 0;
        await using var server = await LoopbackHttpServer.StartAsync(async c =>
        {
            if (Interlocked.Increment(ref attempts) == 2)
                await Task.Delay(5000, c.RequestAborted);
        });
        using var http = new HttpClient();
        await using var dispatcher = new WebhookDispatcher(http, new WebhookOptions { RetryDelay = TimeSpan.FromMilliseconds(10) });

        await http.GetAsync(server.BaseUrl + "/warm-up"); // the first request to a cold server is slow: take it out of the timing
        attempts = 1;

        dispatcher.Enqueue(Hook(server.BaseUrl, timeoutMs: 300, retries: 1));
        await WaitForAsync(() => dispatcher.Delivered + dispatcher.Failed == 1);
        Assert.Equal(1, dispatcher.Delivered);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task Enqueue_never_waits_even_when_every_target_hangs_and_the_queue_is_full()
    {
        var release = new TaskCompletionSource();
        await using var server = await LoopbackHttpServer.StartAsync(async c => await release.Task.WaitAsync(c.RequestAborted));
        using var http = new HttpClient();
        await using var dispatcher = new WebhookDispatcher(http, new WebhookOptions { Capacity = 10, Workers = 1 });

        var watch = Stopwatch.StartNew();
        var accepted = Enumerable.Range(0, 100).Count(_ => dispatcher.Enqueue(Hook(server.BaseUrl, timeoutMs: 5000, retries: 0)));
        watch.Stop();

        Assert.InRange(accepted, 10, 11); // the queue, plus the one a worker may already hold
        Assert.Equal(100 - accepted, dispatcher.Dropped);
        Assert.True(watch.ElapsedMilliseconds < 500, $"100 enqueues took {watch.ElapsedMilliseconds} ms");
        release.SetResult();
    }

    [Fact]
    public async Task A_refused_connection_counts_as_a_failure_after_retries()
    {
        using var http = new HttpClient();
        await using var dispatcher = new WebhookDispatcher(http, new WebhookOptions { RetryDelay = TimeSpan.FromMilliseconds(5) });
        dispatcher.Enqueue(Hook($"http://127.0.0.1:{HttpGatewayTests.FreePort()}/", retries: 1));
        await WaitForAsync(() => dispatcher.Failed == 1);
    }
}
