using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Callytics.Runtime.Ari.Http;

/// <summary>
/// Which hosts and addresses http_request and webhook nodes may reach (section <c>Callytics:Outbound</c> of
/// the host). A flow author chooses URLs and a caller fills in parts of them, so by default loopback,
/// link-local (cloud metadata at 169.254.169.254), private and other non-public addresses are refused unless
/// allowed. Addresses are checked after name resolution, on the address actually connected to, so a name
/// that resolves to a refused address is refused too.
/// </summary>
public sealed class OutboundPolicy
{
    /// <summary>The configuration section under <c>Callytics</c>.</summary>
    public const string Section = "Outbound";

    /// <summary>
    /// Host patterns requests may go to: <c>api.example.com</c>, or <c>*.example.com</c> for its subdomains.
    /// Empty: any host (addresses are still checked).
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Allows 127.0.0.0/8 and ::1 (tests, a sidecar on the same machine).</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Allows private, link-local, shared and unique-local addresses (10/8, 172.16/12, 192.168/16, 169.254/16, 100.64/10, fc00::/7, fe80::/10).</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>
    /// Host-wide override: follow redirects for every http_request and webhook node, as if each had
    /// <c>follow_redirects: true</c> (at most <see cref="HttpGateway.MaxRedirects"/>, each hop re-checked by this
    /// policy, never https to http). Off (the default): only nodes with <c>follow_redirects: true</c> follow them;
    /// for the others a 3xx is the node's answer, so a server cannot send a request somewhere the flow did not name.
    /// </summary>
    public bool FollowRedirects { get; set; }

    /// <summary>Called on each refusal (the host counts them in <c>/metrics</c>).</summary>
    public Action? OnRefused { get; set; }

    /// <summary>Where refusals are logged (host, address and why; never the URL's path or query, which may carry caller data).</summary>
    public ILogger Logger { get; set; } = NullLogger.Instance;

    /// <summary>True when <paramref name="host"/> matches <see cref="AllowedHosts"/> (or the list is empty).</summary>
    public bool IsHostAllowed(string host)
    {
        if (AllowedHosts.Count == 0) return true;
        host = host.TrimEnd('.');
        foreach (var pattern in AllowedHosts)
        {
            if (pattern.StartsWith("*.", StringComparison.Ordinal))
            {
                if (host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase) && host.Length > pattern.Length - 1) return true;
            }
            else if (host.Equals(pattern, StringComparison.OrdinalIgnoreCase)) return true;
        }
        return false;
    }

    /// <summary>Why <paramref name="address"/> may not be reached, or null when it may.</summary>
    public string? WhyRefused(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return AllowLoopback ? null : "a loopback address";
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any)) return "an unspecified address";
        if (IsPrivate(address)) return AllowPrivateNetworks ? null : "a private or link-local address";
        return null;
    }

    private static bool IsPrivate(IPAddress address)
    {
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 10 || b[0] == 0
                || (b[0] == 172 && (b[1] & 0xF0) == 16)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 169 && b[1] == 254)
                || (b[0] == 100 && (b[1] & 0xC0) == 64)
                || b[0] >= 224; // multicast and reserved
        }
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6UniqueLocal || address.IsIPv6Multicast;
    }

    /// <summary>
    /// A handler that applies the policy on every connection (host name, then each resolved address) and
    /// follows redirects itself only when <see cref="FollowRedirects"/> is set (the host-wide override; a
    /// node's own <c>follow_redirects</c> is followed hop by hop by <see cref="HttpGateway"/> and
    /// <see cref="WebhookDispatcher"/> through this same handler). Either way every hop opens its connection
    /// through the policy, and .NET does not follow https to http.
    /// </summary>
    public SocketsHttpHandler CreateHandler(int maxConnectionsPerServer = int.MaxValue) => new()
    {
        AllowAutoRedirect = FollowRedirects,
        MaxAutomaticRedirections = HttpGateway.MaxRedirects,
        MaxConnectionsPerServer = maxConnectionsPerServer,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        UseProxy = false, // a proxy would connect for us, out of the policy's sight
        ConnectCallback = ConnectAsync,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        if (!IsHostAllowed(host)) throw Refuse(host, null, "not in Outbound:AllowedHosts");
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal) ? [literal] : await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        foreach (var address in addresses)
            if (WhyRefused(address) is { } why) throw Refuse(host, address, why);
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, context.DnsEndPoint.Port, ct).ConfigureAwait(false);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Refuses a redirect the request may not follow (https to http, or to a scheme that is not http(s)): logged
    /// and counted like any other refusal, so /metrics shows every request the policy stopped.
    /// </summary>
    public OutboundRefusedException RefuseRedirect(Uri target, string why)
    {
        OnRefused?.Invoke();
        Logger.LogWarning("Outbound redirect to {Target} refused: {Reason}", target.GetLeftPart(UriPartial.Authority), why);
        return RedirectRefusal(target, why);
    }

    /// <summary>The refusal of a redirect, naming where it led (scheme and host, never the path, which may carry caller data).</summary>
    public static OutboundRefusedException RedirectRefusal(Uri target, string why) => new($"{why} ({target.GetLeftPart(UriPartial.Authority)})");

    private OutboundRefusedException Refuse(string host, IPAddress? address, string why)
    {
        OnRefused?.Invoke();
        Logger.LogWarning("Outbound request to {Host} ({Address}) refused: {Reason}", host, address?.ToString() ?? "not resolved", why);
        return new OutboundRefusedException($"{host} is {(address is null ? "" : address + ", ")}{why}");
    }
}

/// <summary>A request the <see cref="OutboundPolicy"/> refused; the node takes its failure output.</summary>
public sealed class OutboundRefusedException(string message) : Exception(message);
