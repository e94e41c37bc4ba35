using System.Net;
using Callytics.Runtime.Ari.Http;
using Callytics.Runtime.Contract;
using Callytics.TestSupport.Http;
using Microsoft.AspNetCore.Http;

namespace Callytics.Ari.Tests.Http;

/// <summary>
/// Issue #14: what http_request and webhook nodes may reach. Real requests to a loopback server through
/// the handler the host uses; a refused request is a failure outcome, logged and counted, never sent.
/// </summary>
public sealed class OutboundPolicyTests
{
    // Generous: these tests are about what may be reached, not how fast. With 2 s a clean-clone CI run timed
    // out the first request of the run to a fresh Kestrel while the other test classes started up.
    private const int TimeoutMs = 10_000;

    private static HttpRequestEffect Get(string url) => new("GET", url, [], null, TimeoutMs);

    private static (HttpGateway Gateway, Func<int> Refusals) Gateway(OutboundPolicy policy)
    {
        var refusals = 0;
        policy.OnRefused = () => Interlocked.Increment(ref refusals);
        return (new HttpGateway(new HttpClient(policy.CreateHandler()), policy), () => Volatile.Read(ref refusals));
    }

    [Fact]
    public async Task By_default_loopback_is_refused_before_anything_is_sent()
    {
        await using var server = await LoopbackHttpServer.StartAsync(c => c.Response.WriteAsync("{}"));
        var (gateway, refusals) = Gateway(new OutboundPolicy());

        var byAddress = await gateway.SendAsync(Get(server.BaseUrl + "/x"), CancellationToken.None);
        var byName = await gateway.SendAsync(Get(server.BaseUrl.Replace("127.0.0.1", "localhost") + "/x"), CancellationToken.None);

        Assert.Equal((0, "refused by the outbound policy: 127.0.0.1 is 127.0.0.1, a loopback address"), (byAddress.Status, byAddress.Error));
        Assert.False(byAddress.IsSuccess);
        Assert.StartsWith("refused by the outbound policy: localhost is ", byName.Error, StringComparison.Ordinal);
        Assert.Empty(server.Requests);
        Assert.Equal(2, refusals());
    }

    [Fact]
    public async Task Loopback_allowed_in_the_configuration_is_reached()
    {
        await using var server = await LoopbackHttpServer.StartAsync(c => c.Response.WriteAsync("{}"));
        var (gateway, refusals) = Gateway(new OutboundPolicy { AllowLoopback = true });

        Assert.Equal(new HttpOutcome(200, "{}"), await gateway.SendAsync(Get(server.BaseUrl + "/x"), CancellationToken.None));
        Assert.Equal(0, refusals());
    }

    [Fact]
    public async Task Hosts_outside_the_allowed_patterns_are_refused()
    {
        await using var server = await LoopbackHttpServer.StartAsync(c => c.Response.WriteAsync("{}"));
        var (gateway, _) = Gateway(new OutboundPolicy { AllowLoopback = true, AllowedHosts = ["*.example.com", "localhost"] });

        var refused = await gateway.SendAsync(Get(server.BaseUrl + "/x"), CancellationToken.None);
        var allowed = await gateway.SendAsync(Get(server.BaseUrl.Replace("127.0.0.1", "localhost") + "/x"), CancellationToken.None);

        Assert.Equal("refused by the outbound policy: 127.0.0.1 is not in Outbound:AllowedHosts", refused.Error);
        Assert.Equal(200, allowed.Status);
        Assert.Single(server.Requests);
    }

    [Theory]
    [InlineData("127.0.0.1", "a loopback address")]
    [InlineData("::1", "a loopback address")]
    [InlineData("::ffff:127.0.0.1", "a loopback address")]
    [InlineData("169.254.169.254", "a private or link-local address")]
    [InlineData("10.1.2.3", "a private or link-local address")]
    [InlineData("172.31.255.1", "a private or link-local address")]
    [InlineData("192.168.0.10", "a private or link-local address")]
    [InlineData("100.64.0.1", "a private or link-local address")]
    [InlineData("fd00::1", "a private or link-local address")]
    [InlineData("fe80::1", "a private or link-local address")]
    [InlineData("0.0.0.0", "an unspecified address")]
    [InlineData("93.184.216.34", null)]
    [InlineData("172.32.0.1", null)]
    [InlineData("2606:2800:220:1::1", null)]
    public void Addresses_are_judged_by_their_range(string address, string? why) =>
        Assert.Equal(why, new OutboundPolicy().WhyRefused(IPAddress.Parse(address)));

    [Fact]
    public void Private_networks_and_loopback_can_each_be_allowed()
    {
        var policy = new OutboundPolicy { AllowPrivateNetworks = true };
        Assert.Null(policy.WhyRefused(IPAddress.Parse("169.254.169.254")));
        Assert.Equal("a loopback address", policy.WhyRefused(IPAddress.Loopback));
        Assert.Null(new OutboundPolicy { AllowLoopback = true }.WhyRefused(IPAddress.IPv6Loopback));
    }

    [Fact]
    public async Task Redirects_are_not_followed_unless_the_configuration_says_so()
    {
        await using var server = await LoopbackHttpServer.StartAsync(c =>
        {
            if (c.Request.Path == "/start") c.Response.Redirect("/elsewhere");
            return c.Response.WriteAsync("here");
        });

        var (strict, _) = Gateway(new OutboundPolicy { AllowLoopback = true });
        var notFollowed = await strict.SendAsync(Get(server.BaseUrl + "/start"), CancellationToken.None);
        Assert.Equal(302, notFollowed.Status);
        Assert.False(notFollowed.IsSuccess);
        Assert.Single(server.Requests);

        var (following, _) = Gateway(new OutboundPolicy { AllowLoopback = true, FollowRedirects = true });
        Assert.Equal(new HttpOutcome(200, "here"), await following.SendAsync(Get(server.BaseUrl + "/start"), CancellationToken.None));
    }

    [Fact]
    public async Task A_node_without_follow_redirects_gets_the_3xx_as_its_answer()
    {
        await using var server = await LoopbackHttpServer.StartAsync(c =>
        {
            if (c.Request.Path == "/start") c.Response.Redirect("/elsewhere");
            return c.Response.WriteAsync("here");
        });
        var (gateway, _) = Gateway(new OutboundPolicy { AllowLoopback = true });

        var outcome = await gateway.SendAsync(Get(server.BaseUrl + "/start"), CancellationToken.None);

        Assert.Equal(302, outcome.Status);
        Assert.False(outcome.IsSuccess);
        Assert.Equal(["/start"], server.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task A_node_with_follow_redirects_follows_them_to_the_final_answer()
    {
        await using var server = await LoopbackHttpServer.StartAsync(c => c.Request.Path.Value switch
        {
            "/start" => Redirect(c, "/middle", 302),
            "/middle" => Redirect(c, "/final", 307),
            _ => c.Response.WriteAsync("here"),
        });
        var (gateway, _) = Gateway(new OutboundPolicy { AllowLoopback = true });

        var outcome = await gateway.SendAsync(Get(server.BaseUrl + "/start") with { FollowRedirects = true }, CancellationToken.None);

        Assert.Equal(new HttpOutcome(200, "here"), outcome);
        Assert.Equal(["/start", "/middle", "/final"], server.Requests.Select(r => r.PathAndQuery));
    }

    [Fact]
    public async Task A_redirect_to_a_scheme_that_is_not_http_is_refused_logged_and_counted()
    {
        await using var server = await LoopbackHttpServer.StartAsync(c => Redirect(c, "file:///etc/passwd", 302));
        var (gateway, refusals) = Gateway(new OutboundPolicy { AllowLoopback = true });

        var outcome = await gateway.SendAsync(Get(server.BaseUrl + "/start") with { FollowRedirects = true }, CancellationToken.None);

        Assert.Equal((0, "refused by the outbound policy: a redirect to a URL that is not http(s) (file://)"), (outcome.Status, outcome.Error));
        Assert.Equal(1, refusals());
    }

    [Fact]
    public async Task Follow_redirects_stops_after_five_hops_and_the_3xx_is_the_answer()
    {
        await using var server = await LoopbackHttpServer.StartAsync(c => Redirect(c, "/loop", 302));
        var (gateway, _) = Gateway(new OutboundPolicy { AllowLoopback = true });

        var outcome = await gateway.SendAsync(Get(server.BaseUrl + "/loop") with { FollowRedirects = true }, CancellationToken.None);

        Assert.Equal(302, outcome.Status);
        Assert.False(outcome.IsSuccess);
        Assert.Equal(1 + HttpGateway.MaxRedirects, server.Requests.Count);
    }

    [Fact]
    public async Task A_redirect_to_a_refused_address_is_refused_even_with_follow_redirects()
    {
        await using var server = await LoopbackHttpServer.StartAsync(c => Redirect(c, "http://169.254.169.254/latest/meta-data/", 302));
        var (gateway, refusals) = Gateway(new OutboundPolicy { AllowLoopback = true });

        var outcome = await gateway.SendAsync(Get(server.BaseUrl + "/start") with { FollowRedirects = true }, CancellationToken.None);

        Assert.Equal((0, "refused by the outbound policy: 169.254.169.254 is 169.254.169.254, a private or link-local address"), (outcome.Status, outcome.Error));
        Assert.Single(server.Requests);
        Assert.Equal(1, refusals());
    }

    [Fact]
    public async Task A_redirect_to_a_host_outside_the_allowed_hosts_is_refused_even_with_follow_redirects()
    {
        await using var server = await LoopbackHttpServer.StartAsync(c => Redirect(c, c.Request.Scheme + "://localhost:" + c.Request.Host.Port + "/other", 302));
        var (gateway, refusals) = Gateway(new OutboundPolicy { AllowLoopback = true, AllowedHosts = ["127.0.0.1"] });

        var outcome = await gateway.SendAsync(Get(server.BaseUrl + "/start") with { FollowRedirects = true }, CancellationToken.None);

        Assert.Equal("refused by the outbound policy: localhost is not in Outbound:AllowedHosts", outcome.Error);
        Assert.Single(server.Requests);
        Assert.Equal(1, refusals());
    }

    [Fact]
    public async Task The_flows_headers_follow_a_redirect_only_to_the_same_origin()
    {
        await using var server = await LoopbackHttpServer.StartAsync(c => c.Request.Path.Value switch
        {
            "/start" => Redirect(c, "/same", 302),
            "/same" => Redirect(c, "http://localhost:" + c.Request.Host.Port + "/other", 302),
            _ => c.Response.WriteAsync("here"),
        });
        var (gateway, _) = Gateway(new OutboundPolicy { AllowLoopback = true });
        var request = new HttpRequestEffect("GET", server.BaseUrl + "/start", [new("X-Api-Key", "secret")], null, TimeoutMs, FollowRedirects: true);

        Assert.Equal(new HttpOutcome(200, "here"), await gateway.SendAsync(request, CancellationToken.None));

        var received = server.Requests.ToArray();
        Assert.Equal(["/start", "/same", "/other"], received.Select(r => r.PathAndQuery));
        Assert.Equal("secret", received[0].Headers["X-Api-Key"]);
        Assert.Equal("secret", received[1].Headers["X-Api-Key"]);
        Assert.False(received[2].Headers.ContainsKey("X-Api-Key"));
    }

    [Fact]
    public void A_redirect_from_https_to_http_is_refused()
    {
        Assert.Equal("a redirect from https to http", HttpGateway.WhyRedirectRefused(new Uri("https://api.example.com/a"), new Uri("http://api.example.com/b")));
        Assert.Null(HttpGateway.WhyRedirectRefused(new Uri("http://api.example.com/a"), new Uri("https://api.example.com/b")));
        Assert.Equal("a redirect to a URL that is not http(s)", HttpGateway.WhyRedirectRefused(new Uri("https://api.example.com/a"), new Uri("file:///etc/passwd")));
    }

    [Fact]
    public async Task A_webhook_with_follow_redirects_is_delivered_through_the_redirect()
    {
        await using var server = await LoopbackHttpServer.StartAsync(c => c.Request.Path == "/hook" ? Redirect(c, "/moved", 308) : c.Response.WriteAsync("{}"));
        var policy = new OutboundPolicy { AllowLoopback = true };
        await using var dispatcher = new WebhookDispatcher(new HttpClient(policy.CreateHandler()), new WebhookOptions { RetryDelay = TimeSpan.FromMilliseconds(5) });

        dispatcher.Enqueue(new WebhookRequest("notify", "menu", "POST", server.BaseUrl + "/hook", [], "{\"a\":1}", 1000, 0, FollowRedirects: true));
        var until = DateTime.UtcNow.AddSeconds(5);
        while (dispatcher.Delivered + dispatcher.Failed == 0 && DateTime.UtcNow < until) await Task.Delay(5);

        Assert.Equal(1, dispatcher.Delivered);
        Assert.Equal(["/hook", "/moved"], server.Requests.Select(r => r.PathAndQuery));
    }

    private static Task Redirect(HttpContext c, string location, int status)
    {
        c.Response.StatusCode = status;
        c.Response.Headers.Location = location;
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_refused_webhook_is_given_up_and_never_sent()
    {
        await using var server = await LoopbackHttpServer.StartAsync(c => c.Response.WriteAsync("{}"));
        var refusals = 0;
        var policy = new OutboundPolicy { OnRefused = () => Interlocked.Increment(ref refusals) };
        await using (var dispatcher = new WebhookDispatcher(new HttpClient(policy.CreateHandler()), new WebhookOptions { RetryDelay = TimeSpan.FromMilliseconds(5) }))
        {
            dispatcher.Enqueue(new WebhookRequest("notify", "menu", "POST", server.BaseUrl + "/hook", [], "{}", 1000, 1));
            var until = DateTime.UtcNow.AddSeconds(5);
            while (dispatcher.Failed == 0 && DateTime.UtcNow < until) await Task.Delay(5);
            Assert.Equal(1, dispatcher.Failed);
        }
        Assert.Empty(server.Requests);
        Assert.Equal(2, refusals);
    }

    [Fact]
    public async Task An_encoded_slash_in_a_path_segment_reaches_the_wire_as_one_segment()
    {
        // Issue #14: the runtime percent-encodes '/' in a path value; this checks HttpClient sends it so
        // (System.Uri keeps %2F, while it would fold a '.' or '..' segment, which the runtime refuses).
        await using var server = await LoopbackHttpServer.StartAsync(c => c.Response.WriteAsync("{}"));
        var (gateway, _) = Gateway(new OutboundPolicy { AllowLoopback = true });

        await gateway.SendAsync(Get(server.BaseUrl + "/customers/..%2F..%2Fadmin/orders"), CancellationToken.None);

        Assert.Equal("/customers/..%2F..%2Fadmin/orders", Assert.Single(server.Requests).RawTarget);
    }
}
