using System.Net.Http.Headers;
using System.Text;
using Callytics.Runtime.Contract;
using Callytics.Runtime.Machines;

namespace Callytics.Runtime.Ari.Http;

/// <summary>
/// Performs http_request effects with HttpClient: one timeout per request (at most 30 s), the
/// response body kept up to 64 KiB, and every failure turned into an outcome, never an exception.
/// </summary>
public sealed class HttpGateway(HttpClient http) : IHttpGateway
{
    /// <summary>The most of a response body that is kept.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The longest timeout a flow may ask for.</summary>
    public const int MaxTimeoutMs = 30_000;

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
            using var response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
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
}
