using System.Globalization;
using System.Text.Json.Nodes;

namespace Callytics.Runtime.Host.Admin;

/// <summary>
/// Draft revisions over HTTP: the draft's revision is its ETag (<c>"7"</c>), and a save or a publish
/// names the revision it was based on in <c>If-Match</c>.
/// </summary>
internal static class DraftRevisions
{
    /// <summary>"If-Match: *": whatever revision is there (a deliberate overwrite).</summary>
    public const long Any = -1;

    /// <summary>The ETag of a revision.</summary>
    public static string ETag(long revision) => $"\"{revision.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>
    /// Reads If-Match: null when absent, <see cref="Any"/> for <c>*</c>, else the revision. False when
    /// it is neither (several tags, a weak tag, not a number).
    /// </summary>
    public static bool TryParseIfMatch(HttpRequest request, out long? revision)
    {
        revision = null;
        var header = request.Headers.IfMatch.ToString().Trim();
        if (header.Length == 0) return true;
        if (header == "*") { revision = Any; return true; }
        if (header.Length < 3 || header[0] != '"' || header[^1] != '"') return false;
        if (!long.TryParse(header.AsSpan(1, header.Length - 2), NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return false;
        revision = value;
        return true;
    }

    /// <summary>The answer to a stale or missing If-Match: the error, with the current revision in the body and as the ETag, so the client can reload or overwrite.</summary>
    public static IResult Conflict(HttpResponse response, int status, string message, long currentRevision)
    {
        response.Headers.ETag = ETag(currentRevision);
        var body = new JsonObject { ["message"] = message, ["currentRevision"] = currentRevision, ["diagnostics"] = new JsonArray() };
        return Results.Content(body.ToJsonString(), "application/json", statusCode: status);
    }
}
