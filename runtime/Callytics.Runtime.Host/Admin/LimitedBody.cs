using System.Text;

namespace Callytics.Runtime.Host.Admin;

/// <summary>Reads a request body up to a limit, so an oversized body is refused (413) without being buffered whole.</summary>
internal static class LimitedBody
{
    /// <summary>The body as UTF-8 text, or null when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<string?> ReadAsync(HttpRequest request, long maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > maxBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>The one answer to a body over the limit (413, with the limit in the message).</summary>
    public static IResult TooLarge(long maxBytes) =>
        AdminJson.Error(StatusCodes.Status413PayloadTooLarge, $"the request body is larger than {maxBytes} bytes");
}
