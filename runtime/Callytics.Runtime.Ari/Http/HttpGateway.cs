using System.Net.Http.Headers;
using System.Text;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Machines;

namespace Callytics.Runtime.Ari.Http;

/// <summary>
/// Performs http_request effects with HttpClient: one timeout per request (at most 30 s), the
/// response body kept up to 64 KiB, and every failure turned into an outcome, never an exception.
/// </summary>
public sealed class HttpGateway(HttpClient http, OutboundPolicy? policy = null) : IHttpGateway
{
    /// <summary>The most of a response body that is kept.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The longest timeout a flow may ask for.</summary>
    public const int MaxTimeoutMs = 30_000;

    /// <summary>The most redirects one request follows; the answer after that is the last 3xx.</summary>
    public const int MaxRedirects = 5;

    /// <summary>Why a redirect from <paramref name="from"/> to <paramref name="to"/> is not followed, or null when it may be.</summary>
    public static string? WhyRedirectRefused(Uri from, Uri to)
    {
        if (to.Scheme != Uri.UriSchemeHttp && to.Scheme != Uri.UriSchemeHttps) return "a redirect to a URL that is not http(s)";
        if (from.Scheme == Uri.UriSchemeHttps && to.Scheme == Uri.UriSchemeHttp) return "a redirect from https to http";
        return null;
    }

    /// <inheritdoc />
    public async ValueTask<HttpOutcome> SendAsync(HttpRequestEffect request, CancellationToken cancellationToken)
    {
        using var message = HttpMessages.Build(request.Method, request.Url, request.Headers, request.Body, out var problem);
        if (message is null)
            return new HttpOutcome(0, "", problem);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Math.Clamp(request.TimeoutMs, 1, MaxTimeoutMs));
        try
        {
            using var response = await HttpMessages.SendAsync(http, message, request.Body, request.FollowRedirects, policy, timeout.Token).ConfigureAwait(false);
            var body = await ReadCappedAsync(response.Content, timeout.Token).ConfigureAwait(false);
            return new HttpOutcome((int)response.StatusCode, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HttpOutcome(0, "", "timeout");
        }
        catch (HttpRequestException e) when (e.InnerException is OutboundRefusedException refused)
        {
            return new HttpOutcome(0, "", "refused by the outbound policy: " + refused.Message);
        }
        catch (HttpRequestException e)
        {
            return new HttpOutcome(0, "", "network error: " + e.HttpRequestError);
        }
    }

    /// <summary>Reads at most <see cref="MaxBodyBytes"/> bytes of the body as UTF-8; the rest is not read at all.</summary>
    private static async Task<string> ReadCappedAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        var buffer = new byte[MaxBodyBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), ct).ConfigureAwait(false)) > 0)
            total += read;
        // A cut body may end inside a character: a decoder that is not flushed leaves that part out.
        var decoder = Encoding.UTF8.GetDecoder();
        var chars = new char[total];
        var count = decoder.GetChars(buffer, 0, total, chars, 0, flush: false);
        return new string(chars, 0, count);
    }
}

/// <summary>Builds outgoing requests for http_request and webhook nodes the same way.</summary>
internal static class HttpMessages
{
    private static readonly HashSet<string> Methods = ["GET", "POST", "PUT", "PATCH", "DELETE"];

    /// <summary>The request, or null with the reason when the method, URL or a header is not acceptable.</summary>
    public static HttpRequestMessage? Build(string method, string url, IReadOnlyList<KeyValuePair<string, string>> headers, string? body, out string? problem)
    {
        problem = null;
        var verb = method.ToUpperInvariant();
        if (!Methods.Contains(verb))
        {
            problem = "unsupported method";
            return null;
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            problem = "invalid URL";
            return null;
        }
        var message = new HttpRequestMessage(new HttpMethod(verb), uri);
        if (body is not null && verb != "GET")
            message.Content = new StringContent(body, Encoding.UTF8, HttpBodies.DefaultContentType(body));
        foreach (var (name, value) in headers)
        {
            if (value.AsSpan().IndexOfAny('\r', '\n') >= 0)
            {
                message.Dispose();
                problem = $"header {name} contains a line break";
                return null;
            }
            if (message.Headers.TryAddWithoutValidation(name, value))
                continue;
            if (message.Content is not null)
            {
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase) && MediaTypeHeaderValue.TryParse(value, out var type))
                    message.Content.Headers.ContentType = type;
                else
                    message.Content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return message;
    }

    /// <summary>
    /// Sends a request built by <see cref="Build"/>. With <paramref name="followRedirects"/> (the node's
    /// <c>follow_redirects</c>) a 3xx with a Location is followed, at most <see cref="HttpGateway.MaxRedirects"/> times; each
    /// hop is a new request through the same handler, so the outbound policy checks the new host and address
    /// again. A redirect from https to http, or to a scheme that is not http(s), is refused. 301, 302 and 303
    /// turn a request with a body into a GET without one; 307 and 308 keep method and body. The flow's headers
    /// go only to the origin the flow named (same scheme, host and port): they may carry credentials.
    /// Without <paramref name="followRedirects"/> a 3xx is the answer.
    /// </summary>
    /// <remarks>A refused redirect is refused through <paramref name="policy"/> (logged and counted) when there is one.</remarks>
    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage first, string? body, bool followRedirects, OutboundPolicy? policy, CancellationToken ct)
    {
        var response = await http.SendAsync(first, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (!followRedirects) return response;
        var origin = first.RequestUri!;
        var current = first;
        try
        {
            for (var hop = 0; hop < HttpGateway.MaxRedirects && IsRedirect((int)response.StatusCode) && response.Headers.Location is { } location; hop++)
            {
                var target = location.IsAbsoluteUri ? location : new Uri(current.RequestUri!, location);
                if (HttpGateway.WhyRedirectRefused(current.RequestUri!, target) is { } why)
                {
                    response.Dispose();
                    throw new HttpRequestException("redirect refused", policy?.RefuseRedirect(target, why) ?? OutboundPolicy.RedirectRefusal(target, why));
                }
                var status = (int)response.StatusCode;
                var keepsBody = status is 307 or 308;
                var method = keepsBody || current.Method == HttpMethod.Get || current.Method == HttpMethod.Head ? current.Method : HttpMethod.Get;
                var next = new HttpRequestMessage(method, target);
                if (keepsBody && body is not null && current.Content is not null)
                {
                    next.Content = new StringContent(body, Encoding.UTF8);
                    next.Content.Headers.ContentType = current.Content.Headers.ContentType;
                }
                if (SameOrigin(origin, target))
                    foreach (var (name, values) in current.Headers)
                        next.Headers.TryAddWithoutValidation(name, values);
                response.Dispose();
                if (!ReferenceEquals(current, first)) current.Dispose();
                current = next;
                response = await http.SendAsync(current, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            }
            return response;
        }
        finally
        {
            if (!ReferenceEquals(current, first)) current.Dispose();
        }
    }

    private static bool IsRedirect(int status) => status is 301 or 302 or 303 or 307 or 308;

    private static bool SameOrigin(Uri a, Uri b) =>
        a.Scheme == b.Scheme && a.Port == b.Port && string.Equals(a.Host, b.Host, StringComparison.OrdinalIgnoreCase);
}
