using System.Net.Http.Headers;
using Callytics.Runtime.Host;
using Callytics.TestSupport.Servers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Callytics.Integration.Tests.Support;

/// <summary>The real runtime host on 127.0.0.1 (free port) with a temporary flow store and the admin API configured.</summary>
public sealed class AdminHost : IAsyncDisposable
{
    public const string Token = "test-token-9f1c2e";
    public const string AllowedOrigin = "http://editor.test:5173";
    public const int MaxBodyBytes = 64 * 1024;

    private readonly WebApplication _app;

    private AdminHost(WebApplication app, string url, TempFolder temp)
    {
        _app = app;
        BaseUrl = url;
        Temp = temp;
        Http = new HttpClient { BaseAddress = new Uri(url) };
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
    }

    public string BaseUrl { get; }
    public TempFolder Temp { get; }
    public string Store => Temp.Combine("store");
    public string EditorDist => Temp.Combine("dist");

    /// <summary>A client that sends the right token.</summary>
    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<AdminHost> StartAsync(Action<WebApplicationBuilder>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var temp = new TempFolder();
        Directory.CreateDirectory(Path.Combine(temp.Path, "dist"));
        await File.WriteAllTextAsync(Path.Combine(temp.Path, "dist", "index.html"), "<!doctype html><title>Callytics editor</title>");
        var app = await HostApp.BuildAsync(["--urls", "http://127.0.0.1:0"], b =>
        {
            var values = new Dictionary<string, string?>
            {
                // ARI is not part of these tests: a closed loopback port, retried quietly in the background.
                ["Callytics:Ari:BaseUrl"] = $"http://127.0.0.1:{ServerPaths.FreeLoopbackPort()}/ari",
                ["Callytics:Ari:Password"] = "unused",
                ["Callytics:FlowStore"] = Path.Combine(temp.Path, "store"),
                ["Callytics:Admin:Token"] = Token,
                ["Callytics:Admin:AllowedOrigins:0"] = AllowedOrigin,
                ["Callytics:Admin:MaxBodyBytes"] = MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Callytics:Admin:EditorDist"] = Path.Combine(temp.Path, "dist"),
            };
            // A null value removes the test default, leaving the host's own.
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                if (value is null) values.Remove(key);
                else values[key] = value;
            }
            b.Configuration.AddInMemoryCollection(values);
            configure?.Invoke(b);
        });
        await app.StartAsync();
        var url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AdminHost(app, url, temp);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Temp.Dispose();
    }
}
