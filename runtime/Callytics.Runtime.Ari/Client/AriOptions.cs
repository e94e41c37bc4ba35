namespace Callytics.Runtime.Ari.Client;

/// <summary>Where the ARI server is and who we are to it.</summary>
public sealed class AriOptions
{
    /// <summary>The ARI base URL, for example <c>http://127.0.0.1:8088/ari</c>.</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1:8088/ari";

    /// <summary>The ARI user (ari.conf).</summary>
    public string User { get; set; } = "";

    /// <summary>The ARI password (ari.conf). Never logged.</summary>
    public string Password { get; set; } = "";

    /// <summary>The Stasis application name (<c>Stasis(&lt;app&gt;)</c> in the dialplan).</summary>
    public string Application { get; set; } = "callytics";

    /// <summary>Timeout for one REST request.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>First wait before reconnecting the events WebSocket; doubled after each failure.</summary>
    public TimeSpan ReconnectInitialDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest wait between reconnect attempts.</summary>
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The base URL with exactly one trailing slash, for relative requests.</summary>
    internal Uri BaseUri => new(BaseUrl.TrimEnd('/') + "/");

    /// <summary>The HTTP Basic credentials, as the Authorization header value.</summary>
    internal string BasicAuthorization =>
        "Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{User}:{Password}"));
}

/// <summary>An ARI request failed: a non-2xx status, a timeout or a network error.</summary>
public sealed class AriRequestException(AriRoute route, int status, string message, Exception? inner = null)
    : Exception($"ARI {route} failed ({(status == 0 ? "no response" : status.ToString(System.Globalization.CultureInfo.InvariantCulture))}): {message}", inner)
{
    /// <summary>The route that failed.</summary>
    public AriRoute Route { get; } = route;

    /// <summary>The HTTP status, or 0 when no response arrived.</summary>
    public int Status { get; } = status;

    /// <summary>True when ARI said the channel, bridge, playback or recording does not exist.</summary>
    public bool IsNotFound => Status == 404;
}
